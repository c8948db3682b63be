"""Which event mentions report one real event: a pure function of a block of mentions.

A mention (:class:`Report`) can only share an instance with mentions of its *block*
(:func:`block_of`): the same modality class (stated, or future), the same PLOVER category or
a compatible one, and the same agents and targets after entity resolution (either way round
for a reciprocal category). Inside a block, :func:`decide_block` groups mentions whose dates
agree (a day inside a month or year; the report date bounds a stated event from above; an
undated mention lies within :data:`TABLES.window` days before its report, or is the event its
own article dates) into instances, each with the weakest rule that joined it and that rule's
confidence. The tables are ``data/instances.toml``.

Rules (their names are what ``kg:coreferenceRule`` records): ``same-date``, ``date-within``
(both mentions dated by their own words), ``same-document`` (undated, in an article that dates
the event elsewhere), ``report-window`` (undated, reported within the week of the others'
dates), ``recounted`` (undated, in a later article retelling an earlier instance:
:func:`_recounted`), ``copy`` (a near-duplicate document's mention); ``+compatible-category``
when the categories differ within a compatible group.

Design decisions, measured on the 284-article Wikinews corpus (its 336 mentions that can form
instances, re-decided from the stored graph) and the story clusters of ``tests/gold``:

- **A date settles a join only when both sides have their own.** Mentions dated by their own
  words seed the groups (:func:`_order`); an undated mention borrowing its article's date, or a
  dated one joining a group of such, must also agree in trigger words. Before, "Trump's call
  with Zelensky" took the article's July from "a meeting between Zelensky and Trump" and the
  meeting then joined the call on that borrowed date; 3 of the corpus's 14 multi-mention
  instances were such joins, 2 of them wrong.
- **Words of one act** (``same_act``): trigger words agree by their first letters or by a class
  of words naming one act ("asked" and "at the behest of", "spoke" and "phone conversation"),
  compared within a block, so they never join two categories. It keeps the prorogation
  cluster's one correct pair once the borrowed-date join is gone, and joins the corpus's two
  reports of the Trump-Erdogan call of 6 October 2019 with a third.
- **Recounted events**: news states when a new event happened; an undated mention in a later
  article is background, a retelling. One that met nothing in its week joins the single earlier
  instance of another article whose triggers share most words with it, within
  ``recount_window_days`` (60) before its report; a tie stays apart; only for stated events
  (a plan announced twice may be two plans); it does not narrow the instance's date.

The decision depends only on the set of mentions of the block (they are visited in an order
made from their content: own-dated first, the most precisely dated first, then by date, report
date, document and number), so an incremental build that re-decides a block decides it as a
full build does.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.records import PLOVER_CATEGORIES

__all__ = ["Report", "Instance", "Block", "Tables", "TABLES", "block_of", "decide_block", "components", "participants"]

_NEVER = 10 ** 7  # a width wider than any date's
_ORDER = {c: i for i, c in enumerate(PLOVER_CATEGORIES)}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Tables:
    """The tables of ``data/instances.toml``."""

    group: dict[str, str]  # category -> its group's name ("AGREE|SUPPORT")
    reciprocal: frozenset[str]
    modality_class: dict[str, str]  # modality -> "stated" | "future"
    window: int  # days
    stem: int  # letters of a trigger word compared
    confidence: dict[str, float]
    recount: int = 0  # days before its report an undated later report may recount an event
    same_act: dict[str, frozenset[str]] = field(default_factory=dict)  # stem -> its word classes ("#0")

    @classmethod
    def load(cls, path: Path | None = None) -> Tables:
        data = tomllib.loads((path or Path(__file__).with_name("data") / "instances.toml").read_text(encoding="utf-8"))
        group = {c: c for c in PLOVER_CATEGORIES}
        for members in data["categories"]["compatible"]:
            name = "|".join(sorted(members))
            group.update({c: name for c in members})
        classes = {m: name for name, mods in data["modalities"].items() for m in mods}
        stem = int(data["triggers"]["stem_letters"])
        same: dict[str, set[str]] = {}
        for i, words in enumerate(data["triggers"]["same_act"]):
            for w in (w.lower() for w in words):  # a short word's regular forms too: "ask", "asked"
                for form in (w, w + "s", w + "ed", w + "ing", w + w[-1] + "ed", w + w[-1] + "ing"):
                    same.setdefault(form[:stem], set()).add(f"#{i}")
        return cls(group, frozenset(data["categories"]["reciprocal"]), classes,
                   int(data["dates"]["report_window_days"]), stem, dict(data["confidence"]),
                   int(data["dates"]["recount_window_days"]), {k: frozenset(v) for k, v in same.items()})

    def stems(self, trigger: str) -> set[str]:
        """The words of a trigger, compared on their first letters, and the classes of words
        naming one act (``same_act``) they belong to, as ``"#<n>"``.

        Examples
        --------
        >>> sorted(TABLES.stems("carried out an invasion")), sorted(TABLES.stems("invaded"))
        (['carr', 'inva', 'out'], ['inva'])
        >>> bool(TABLES.stems("at the behest") & TABLES.stems("asked")), bool(TABLES.stems("call") & TABLES.stems("meeting"))
        (True, False)
        """
        words = {w[:self.stem] for w in _WORD.findall(trigger.lower()) if len(w) > 2}
        return words.union(*(self.same_act.get(w, ()) for w in words))

    def complement(self, trigger: str) -> set[str]:
        """The words of a trigger after its first (the act a framing verb names: "called" +
        "betrayal"), as :meth:`stems` compares them; empty for a one-word trigger.

        Examples
        --------
        >>> sorted(TABLES.complement("called betrayal")), TABLES.complement("attacked")
        (['betr'], set())
        """
        return self.stems(" ".join(_WORD.findall(trigger)[1:]))


TABLES = Tables.load()


@dataclass(frozen=True, slots=True)
class Report:
    """One event mention as instance deciding reads it (from a resolved document or the store)."""

    id: str  # "<doc>-<n>": the mention's id
    category: str
    agents: tuple[str, ...]  # entity keys, sorted
    targets: tuple[str, ...]
    modality: str
    date: str | None = None  # kg:date, cut to its precision
    precision: str | None = None  # "day" | "weekend" | "week" | "month" | "year"
    reported: str | None = None  # kg:reportDate (the article's day)
    trigger: str = ""

    @property
    def doc(self) -> str:
        return self.id.rsplit("-", 1)[0]

    @property
    def n(self) -> int:
        return int(self.id.rsplit("-", 1)[1])


#: (modality class, category group, sides): sides are (agents, targets), or the sorted participants
#: of a reciprocal category
Block = tuple[str, str, tuple[tuple[str, ...], ...]]


def participants(report: Report) -> frozenset[str]:
    """The entities a mention names as agent or target."""
    return frozenset(report.agents) | frozenset(report.targets)


def block_of(report: Report, tables: Tables = TABLES) -> Block | None:
    """The block of mentions a mention may share an instance with; None if it forms no instance
    (negated, hypothetical or questioned, or naming nobody).

    Examples
    --------
    >>> a = Report("d1-0", "CONSULT", ("person/A",), ("person/B",), "asserted")
    >>> b = Report("d2-3", "CONSULT", ("person/B",), ("person/A",), "reported")
    >>> block_of(a) == block_of(b), block_of(a)
    (True, ('stated', 'CONSULT', (('person/A', 'person/B'),)))
    >>> block_of(Report("d1-1", "SUPPORT", ("country/X",), ("country/Y",), "asserted"))
    ('stated', 'AGREE|SUPPORT', (('country/X',), ('country/Y',)))
    >>> block_of(Report("d1-2", "ASSAULT", ("country/X",), ("country/Y",), "hypothetical")) is None
    True
    """
    cls = tables.modality_class.get(report.modality)
    if cls is None or not (report.agents or report.targets):
        return None
    if report.category in tables.reciprocal:
        sides: tuple[tuple[str, ...], ...] = (tuple(sorted(participants(report))),)
    else:
        sides = (report.agents, report.targets)
    return cls, tables.group.get(report.category, report.category), sides


@dataclass(frozen=True)
class Instance:
    """One real event: its mentions and what they agree on."""

    anchor: str  # the id of its first report (its IRI is made from it)
    category: str
    agents: tuple[str, ...]
    targets: tuple[str, ...]
    mentions: tuple[str, ...]  # every mention's id, sorted
    reports: int  # documents reporting it, duplicates left out
    modality: str
    rule: str
    confidence: float
    date: str | None = None
    precision: str | None = None
    first_reported: str | None = None


# ----------------------------------------------------------------------------- dates

def _day(iso: str) -> int:
    return datetime.date.fromisoformat(iso).toordinal()


#: the days of a period a date names by its first day
_DAYS = {"week": 7, "weekend": 2}


def _period(value: str, precision: str) -> tuple[int, int]:
    """The first and last day (ordinals) of a date at its precision."""
    if precision == "day":
        d = _day(value)
        return d, d
    if precision in _DAYS:  # a week from its Monday, a weekend from its Saturday
        d = _day(value)
        return d, d + _DAYS[precision] - 1
    year = int(value[:4])
    if precision == "month":
        month = int(value[5:7])
        start = datetime.date(year, month, 1)
        end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
        return start.toordinal(), end.toordinal()
    return datetime.date(year, 1, 1).toordinal(), datetime.date(year, 12, 31).toordinal()


def _dated(r: Report, cls: str) -> tuple[int, int]:
    lo, hi = _period(r.date, r.precision)
    if cls == "stated" and r.reported:  # it happened on or before it was reported
        rep = _day(r.reported)
        if lo <= rep < hi:
            hi = rep
    return lo, hi


@dataclass
class _Span:
    """When a mention's event can have taken place, and how that was read."""

    lo: int | None  # None: not known (an undated mention of an undated article)
    hi: int | None
    how: str  # "dated", "same-document", "report-window", "document-only"

    @property
    def width(self) -> int:
        return _NEVER if self.lo is None else self.hi - self.lo


def _spans(reports: list[Report], cls: str, window: int) -> dict[str, _Span]:
    """Each mention's span: its date's period; an undated one takes the span its article's dated
    mentions of the block agree on, else the window before (after, if future) its report."""
    spans = {r.id: _Span(*_dated(r, cls), "dated") for r in reports if r.date and r.precision}
    by_doc: dict[str, list[_Span]] = {}
    for r in reports:
        if r.id in spans:
            by_doc.setdefault(r.doc, []).append(spans[r.id])
    for r in reports:
        if r.id in spans:
            continue
        dated = by_doc.get(r.doc, [])
        lo, hi = (max(s.lo for s in dated), min(s.hi for s in dated)) if dated else (1, 0)
        if lo <= hi:
            spans[r.id] = _Span(lo, hi, "same-document")
        elif r.reported:
            rep = _day(r.reported)
            spans[r.id] = _Span(rep - window, rep, "report-window") if cls == "stated" else \
                _Span(rep, rep + window, "report-window")
        else:
            spans[r.id] = _Span(None, None, "document-only")
    return spans


# ----------------------------------------------------------------------------- grouping

@dataclass
class _Group:
    members: list[Report]
    lo: int | None
    hi: int | None
    rule: str = "one-report"
    confidence: float = 1.0
    words: set[str] = field(default_factory=set)
    own: bool = False  # a member is dated by its own text (not by its article or its report)

    def fits(self, r: Report, span: _Span, stems: set[str], tables: Tables = TABLES) -> bool:
        # dates settle it only when both sides have their own; else the words must agree too
        # (an undated mention takes its article's dates, so the two may be dated alike by one phrase)
        if not (span.how == "dated" and self.own) and not stems & self.words:
            return False
        if not _same_complement(r, self.members, tables):
            return False
        if span.lo is None or self.lo is None:  # undated on either side: only within one article
            return any(m.doc == r.doc for m in self.members)
        return max(self.lo, span.lo) <= min(self.hi, span.hi)


def _same_complement(r: Report, members: list[Report], tables: Tables) -> bool:
    """Rule: two triggers that both name their act after a framing verb name the same act ("called
    the action a betrayal" and "called Trump an embarrassment" are two statements)."""
    mine = tables.complement(r.trigger)
    return not mine or all(not (theirs := tables.complement(m.trigger)) or mine & theirs for m in members)


def _join_rule(group: _Group, r: Report, span: _Span, tables: Tables) -> tuple[str, float]:
    if span.how == "dated":
        rule = "same-date" if r.precision == "day" and group.lo == group.hi == span.lo else "date-within"
    elif span.how == "document-only":
        rule = "same-document"
    else:
        rule = span.how
    conf = tables.confidence[rule]
    if any(m.category != r.category for m in group.members):
        rule, conf = rule + "+compatible-category", conf - tables.confidence["compatible-category"]
    return rule, conf


def _best(groups: list[_Group], r: Report, span: _Span, words: set[str]) -> _Group | None | bool:
    """The group a mention joins: the only one it fits, or the one whose triggers share most words
    with its own; False when several fit equally (it stays apart: a safe split, not a guess)."""
    fit = [g for g in groups if g.fits(r, span, words)]
    if len(fit) <= 1:
        return fit[0] if fit else None
    scored = sorted(((len(words & g.words), i) for i, g in enumerate(fit)), reverse=True)
    if scored[0][0] == scored[1][0]:
        return False
    return fit[scored[0][1]]


def _order(r: Report, span: _Span) -> tuple:
    """Mentions dated by their own text first (they seed the groups), then the most precise."""
    return (span.how != "dated", span.width, span.lo if span.lo is not None else _NEVER, r.reported or "~",
            r.doc, r.n)


def decide_block(reports: Iterable[Report], duplicates: Mapping[str, str] | None = None,
                 tables: Tables = TABLES) -> list[Instance]:
    """Group the mentions of one block into instances.

    ``duplicates`` maps documents that copy another (:mod:`kg.stages.duplicates`) to the document
    they copy: their mentions join the instance of their original's mention with a trigger word in
    common, else one their dates fit, or none; they never make one of their own.

    Examples
    --------
    >>> A, B = ("country/Israel",), ("country/Iran",)
    >>> hit = [Report("aa-0", "ASSAULT", A, B, "asserted", "2025-06-13", "day", "2025-06-13", "air strikes"),
    ...        Report("bb-2", "ASSAULT", A, B, "reported", None, None, "2025-06-15", "strikes"),
    ...        Report("cc-1", "ASSAULT", A, B, "asserted", "2025-06", "month", "2025-06-20", "attacked"),
    ...        Report("dd-4", "ASSAULT", A, B, "asserted", "2025-04-02", "day", "2025-04-02", "attack")]
    >>> [(i.anchor, i.mentions, i.rule, i.reports) for i in decide_block(hit)]
    [('dd-4', ('dd-4',), 'one-report', 1), ('aa-0', ('aa-0', 'bb-2', 'cc-1'), 'report-window', 3)]

    An undated mention whose trigger shares no word with the instance's stays apart; a reprint's
    mention joins its original's:

    >>> late = [Report("ee-0", "ASSAULT", A, B, "asserted", None, None, "2025-06-14", "invasion"),
    ...         Report("ff-0", "ASSAULT", A, B, "asserted", None, None, None, "airstrikes and strikes")]
    >>> [(i.mentions, i.reports) for i in decide_block(hit[:1] + late, {"ff": "aa"})]
    [(('aa-0', 'ff-0'), 1), (('ee-0',), 1)]
    """
    duplicates = duplicates or {}
    reports = sorted(set(reports), key=lambda r: r.id)
    if not reports:
        return []
    cls = block_of(reports[0], tables)[0]
    spans = _spans(reports, cls, tables.window)
    out: list[Instance] = []
    for part in _parts(reports, spans, duplicates, _reach(cls, tables)):
        out += _decide_part(part, spans, cls, duplicates, tables)
    return sorted(out, key=lambda i: (i.first_reported or "~", i.anchor))


def _reach(cls: str, tables: Tables) -> int:
    """How many days before its span a mention may join another's (a recounting's reach)."""
    return tables.recount if cls == "stated" else 0


def components(reports: Iterable[Report], duplicates: Mapping[str, str] | None = None,
               tables: Tables = TABLES) -> list[list[Report]]:
    """The parts of one block's mentions that are decided independently: mentions join only
    mentions of their own document or of the documents it copies, or mentions whose spans meet
    theirs (an undated one's reached back by :attr:`Tables.recount` days), so :func:`decide_block` of the block is
    the union of :func:`decide_block` of its parts, and a build re-decides only the parts its
    documents touch.

    Examples
    --------
    >>> A, B = ("country/Israel",), ("country/Iran",)
    >>> hit = [Report("aa-0", "ASSAULT", A, B, "asserted", "2025-06-13", "day", "2025-06-13", "strikes"),
    ...        Report("bb-0", "ASSAULT", A, B, "asserted", None, None, "2025-06-20", "strikes"),
    ...        Report("cc-0", "ASSAULT", A, B, "asserted", "2024-01-02", "day", "2024-01-02", "strikes")]
    >>> [[r.id for r in part] for part in components(hit)]
    [['cc-0'], ['aa-0', 'bb-0']]
    """
    reports = sorted(set(reports), key=lambda r: r.id)
    if not reports:
        return []
    cls = block_of(reports[0], tables)[0]
    return _parts(reports, _spans(reports, cls, tables.window), duplicates or {}, _reach(cls, tables))


def _parts(reports: list[Report], spans: dict[str, _Span], duplicates: Mapping[str, str],
           reach: int) -> list[list[Report]]:
    parent = {r.id: r.id for r in reports}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first_of: dict[str, str] = {}
    for r in reports:  # one document's mentions, and a copy's with its original's, decide together
        for doc in (r.doc, duplicates.get(r.doc)):
            if doc is not None:
                union(r.id, first_of.setdefault(doc, r.id))
    # only an undated mention reported within its window may be a recounting, reaching further back
    timed = sorted((spans[r.id].lo - (reach if spans[r.id].how == "report-window" else 0), spans[r.id].hi, r.id)
                   for r in reports if spans[r.id].lo is not None)
    end, last = None, None
    for start, stop, rid in timed:  # spans that meet, swept in order of their (reached) start
        if end is not None and start <= end:
            union(rid, last)
        end = stop if end is None or start > end else max(end, stop)
        last = rid
    parts: dict[str, list[Report]] = {}
    for r in reports:
        parts.setdefault(find(r.id), []).append(r)
    return sorted(parts.values(), key=lambda part: min(spans[r.id].lo or 0 for r in part) if part else 0)


def _decide_part(reports: list[Report], spans: dict[str, _Span], cls: str, duplicates: Mapping[str, str],
                 tables: Tables) -> list[Instance]:
    groups: list[_Group] = []
    primary = sorted((r for r in reports if r.doc not in duplicates), key=lambda r: _order(r, spans[r.id]))
    for r in primary:
        span, words = spans[r.id], tables.stems(r.trigger)
        group = _best(groups, r, span, words)
        if group is None or group is False:
            groups.append(_Group([r], span.lo, span.hi, words=words, own=span.how == "dated"))
        else:
            _join(group, r, span, words, _join_rule(group, r, span, tables))
    if cls == "stated" and tables.recount:
        groups = _recounted(groups, spans, tables)
    for r in sorted((r for r in reports if r.doc in duplicates), key=lambda r: _order(r, spans[r.id])):
        span, words = spans[r.id], tables.stems(r.trigger)
        group = _original(groups, r, duplicates[r.doc], words)
        if group is not None:
            _join(group, r, span, words, ("copy", tables.confidence["copy"]))
        elif (group := _best(groups, r, span, words)) not in (None, False):
            _join(group, r, span, words, _join_rule(group, r, span, tables))
    return [_instance(g, cls, duplicates) for g in groups]


def _original(groups: list[_Group], r: Report, original: str, words: set[str]) -> _Group | None:
    """The group of the original's mention a copy's mention repeats (a trigger word in common)."""
    scored = sorted(((len(words & g.words), i) for i, g in enumerate(groups)
                     if any(m.doc == original for m in g.members) and words & g.words), reverse=True)
    return groups[scored[0][1]] if scored else None


def _recounted(groups: list[_Group], spans: dict[str, _Span], tables: Tables) -> list[_Group]:
    """Rule ``recounted``: a later article retells an earlier event without a date ("the House's
    impeachment of Trump", three weeks on). A group of undated mentions that nothing in the week
    before its report matched joins the one earlier group of another article that its triggers
    share most words with, dated (or reported) within :attr:`Tables.recount` days before its
    first report; a tie, or none, leaves it apart."""
    out = list(groups)
    lone = [g for g in groups if all(spans[m.id].how == "report-window" for m in g.members)]
    for g in sorted(lone, key=lambda g: (g.hi, g.members[0].id)):
        docs = {m.doc for m in g.members}
        first = min(_day(m.reported) for m in g.members)
        fit = [o for o in out if o is not g and o.lo is not None and first - tables.recount <= o.hi <= first
               and g.words & o.words and not docs & {m.doc for m in o.members}
               and all(_same_complement(m, o.members, tables) for m in g.members)]
        scored = sorted(((len(g.words & o.words), i) for i, o in enumerate(fit)), reverse=True)
        if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
            continue
        into = fit[scored[0][1]]
        for m in g.members:
            _join(into, m, spans[m.id], tables.stems(m.trigger), ("recounted", tables.confidence["recounted"]),
                  narrow=False)
        out.remove(g)
    return out


def _join(group: _Group, r: Report, span: _Span, words: set[str], rule: tuple[str, float],
          narrow: bool = True) -> None:
    if rule[1] < group.confidence:
        group.rule, group.confidence = rule
    group.members.append(r)
    group.own = group.own or span.how == "dated"
    if not narrow:  # a recounting says nothing of when the event was
        group.words |= words
        return
    group.words |= words
    if span.lo is not None and group.lo is not None:
        group.lo, group.hi = max(group.lo, span.lo), min(group.hi, span.hi)
    elif group.lo is None:
        group.lo, group.hi = span.lo, span.hi


_RANK = {"day": 0, "weekend": 1, "week": 2, "month": 3, "year": 4}


def _instance(group: _Group, cls: str, duplicates) -> Instance:
    primary = [m for m in group.members if m.doc not in duplicates]
    anchor = min(primary, key=lambda m: (m.reported or "~", m.doc, m.n))
    votes = Counter(m.category for m in primary)
    category = min(votes, key=lambda c: (-votes[c], _ORDER.get(c, 99)))
    dated = sorted((m for m in group.members if m.date and m.precision),
                   key=lambda m: (_RANK[m.precision], m.date))
    reported = sorted(m.reported for m in primary if m.reported)
    modality = "future" if cls == "future" else \
        ("asserted" if any(m.modality == "asserted" for m in group.members) else "reported")
    return Instance(anchor=anchor.id, category=category, agents=anchor.agents, targets=anchor.targets,
                    mentions=tuple(sorted(m.id for m in group.members)), reports=len({m.doc for m in primary}),
                    modality=modality, rule=group.rule, confidence=round(group.confidence, 2),
                    date=dated[0].date if dated else None, precision=dated[0].precision if dated else None,
                    first_reported=reported[0] if reported else None)
