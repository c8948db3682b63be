"""Which event mentions report one real event: a pure function of a block of mentions.

A mention (:class:`Report`) can only share an instance with mentions of its *block*
(:func:`block_of`): the same modality class (stated, or future), the same PLOVER category or
a compatible one, and the same agents and targets after entity resolution (either way round
for a reciprocal category). Inside a block, :func:`decide_block` groups mentions whose dates
agree (a day inside a month or year; the report date bounds a stated event from above; an
undated mention lies within :data:`TABLES.window` days before its report, or is the event its
own article dates) into instances, each with the weakest rule that joined it and that rule's
confidence. The tables are ``data/instances.toml``.

The decision depends only on the set of mentions of the block (they are visited in an order
made from their content: the most precisely dated first, then by date, report date, document
and number), so an incremental build that re-decides a block decides it as a full build does.
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

__all__ = ["Report", "Instance", "Block", "Tables", "TABLES", "block_of", "decide_block", "participants"]

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

    @classmethod
    def load(cls, path: Path | None = None) -> Tables:
        data = tomllib.loads((path or Path(__file__).with_name("data") / "instances.toml").read_text(encoding="utf-8"))
        group = {c: c for c in PLOVER_CATEGORIES}
        for members in data["categories"]["compatible"]:
            name = "|".join(sorted(members))
            group.update({c: name for c in members})
        classes = {m: name for name, mods in data["modalities"].items() for m in mods}
        return cls(group, frozenset(data["categories"]["reciprocal"]), classes,
                   int(data["dates"]["report_window_days"]), int(data["triggers"]["stem_letters"]),
                   dict(data["confidence"]))

    def stems(self, trigger: str) -> set[str]:
        """The words of a trigger, compared on their first letters.

        Examples
        --------
        >>> sorted(TABLES.stems("carried out an invasion")), sorted(TABLES.stems("invaded"))
        (['carr', 'inva', 'out'], ['inva'])
        """
        return {w[:self.stem] for w in _WORD.findall(trigger.lower()) if len(w) > 2}


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

    def fits(self, r: Report, span: _Span, stems: set[str]) -> bool:
        if span.how != "dated" and not stems & self.words:  # no date to go by: the words must agree
            return False
        if span.lo is None or self.lo is None:  # undated on either side: only within one article
            return any(m.doc == r.doc for m in self.members)
        return max(self.lo, span.lo) <= min(self.hi, span.hi)


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
    return span.width, span.lo if span.lo is not None else _NEVER, r.reported or "~", r.doc, r.n


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
    groups: list[_Group] = []
    primary = sorted((r for r in reports if r.doc not in duplicates), key=lambda r: _order(r, spans[r.id]))
    for r in primary:
        span, words = spans[r.id], tables.stems(r.trigger)
        group = _best(groups, r, span, words)
        if group is None or group is False:
            groups.append(_Group([r], span.lo, span.hi, words=words))
        else:
            _join(group, r, span, words, _join_rule(group, r, span, tables))
    for r in sorted((r for r in reports if r.doc in duplicates), key=lambda r: _order(r, spans[r.id])):
        span, words = spans[r.id], tables.stems(r.trigger)
        group = _original(groups, r, duplicates[r.doc], words)
        if group is not None:
            _join(group, r, span, words, ("copy", tables.confidence["copy"]))
        elif (group := _best(groups, r, span, words)) not in (None, False):
            _join(group, r, span, words, _join_rule(group, r, span, tables))
    out = [_instance(g, cls, duplicates) for g in groups]
    return sorted(out, key=lambda i: (i.first_reported or "~", i.anchor))


def _original(groups: list[_Group], r: Report, original: str, words: set[str]) -> _Group | None:
    """The group of the original's mention a copy's mention repeats (a trigger word in common)."""
    scored = sorted(((len(words & g.words), i) for i, g in enumerate(groups)
                     if any(m.doc == original for m in g.members) and words & g.words), reverse=True)
    return groups[scored[0][1]] if scored else None


def _join(group: _Group, r: Report, span: _Span, words: set[str], rule: tuple[str, float]) -> None:
    if rule[1] < group.confidence:
        group.rule, group.confidence = rule
    group.members.append(r)
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
