"""Dates of events: every date phrase of a document read once, and which one belongs to which event.

:class:`DocumentTime` finds a document's date phrases (:func:`find_timexes`: spaCy ``DATE`` and
``TIME`` entities, run together when adjacent, "Yesterday" + "afternoon"; and phrases NER leaves
untagged, "the following day", "over the weekend") and reads each once, in text order, with
:func:`kg.world.dates.normalize`: against the story's date, or inside a quotation against the
day it was said; forward when its clause looks ahead ("will meet on Tuesday"); and, for
anaphoric phrases ("the same day", "two days later"), against the date the narrative is at —
the last date phrase before it that dated a clause (TimeML's anchoring on the previous time
expression).

:meth:`DocumentTime.event_date` then gives an event its date by the first of these named rules
that applies (:data:`RULES`):

``own``
    A date phrase attached to the trigger or its clause words (light verb, copula): "met on
    Saturday", "last week's protests", "the 2016 referendum", "Monday's bid"; for a noun, also
    its relative clause: "the proclamation, which was made on Monday".
``frame``
    The date of a noun that frames the clause: "encouraged Zelensky ... in a phone call in late
    July", "protested during Monday's final session", "voted in a 2016 referendum".
``clause``
    The date of a clause the trigger's clause hangs from, climbing through coordination,
    adverbial and infinitive clauses and the complements of announcing verbs: "Yesterday
    afternoon, Pelosi announced that she would be launching an impeachment inquiry", "police
    fired and landed a live round on a protester yesterday". A noun trigger first climbs to the
    verb it is an argument of ("filed a lawsuit on Monday").
``antecedent``
    A relative clause takes its antecedent's date: "on Saturday, when the two discussed".
``ongoing``
    "has bombed Gaza for several days": an event still going on is dated the story's date.
``said``
    A present-tense act in a quotation ("we strongly urge Iraqi leaders", "authorities are
    providing all assistance") is dated the day the quotation was said.
``narrative``
    An event in a past-tense main clause of a sentence that has no date phrase at all takes the
    date of the last past-tense main clause that had one (narrative continuity: "On Friday,
    thousands gathered ... The shooting took place in Tsuen Wan.").

What no rule dates stays undated: a wrong date is worse than none. So dates do not pass
through relative clauses ("a proposed bill that would have allowed China to extradite"), noun
modifiers ("a proposed law", "the law passed in 2019"), clauses of other times ("after talks
failed", "if they meet"), past-tense reported speech ("said on Monday that Iran had attacked":
the attack is not dated Monday) or a pluperfect ("had requested"); and a phrase that bounds an
event ("by October 31", "until Thursday", "after June 12") never dates it.

Measured on the 21 development golds (every required dated gold event that has a trigger reading
of its category in its evidence sentence): the date of 33 of 54 was right before these rules (21
had none, 0 wrong), 40 of 54 after them (12 none, 2 wrong); of the events kg states and the
scorer matches (`python benchmarks/eval_golds.py --split=dev`), date accuracy went from 0.5 to
0.7 at unchanged event recall and precision (0.8 with a file name's date as the story's date when
the text has no dateline; 0.75 on the held-out golds, unchanged). On the 284-article corpus the events with a date of
their own went from 38 of 346 to 84 (112 with the file names' dates).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.records import DateValue
from kg.stages.events.tables import DATING, WORDS
from kg.world import dates

__all__ = ["Timex", "DocumentTime", "find_timexes", "RULES"]

#: The dating rules, in the order they are tried.
RULES = ("own", "ongoing", "frame", "clause", "antecedent", "said", "narrative")

Region = tuple[int, int]

# Dependencies through which a date phrase attaches to what it dates.
_ADVERBIAL = frozenset({"npadvmod", "tmod", "advmod", "obl", "nmod"})
_NOUN_DATE = frozenset({"poss", "compound", "nummod", "amod", "npadvmod", "nmod"})  # "last week's protests"
_NOUN_ARG = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "appos"})
_VERBAL = frozenset({"VERB", "AUX"})
_PAST_AUX = frozenset({"was", "were", "did", "got"})
_PERFECT_AUX = frozenset({"has", "have", "'ve", "'s"})
_MAX_TIMEX_TOKENS = 8
_MAX_CLIMB = 6


@dataclass(frozen=True)
class Timex:
    """One date phrase of a document.

    ``start``/``end`` are the token range of its words, ``head`` the token through which it
    attaches to its clause (its preposition, else its root), ``prep`` the preposition
    (lower case, "" if none) and ``text`` the words with the preposition ("on Saturday").
    """

    start: int
    end: int
    head: int
    prep: str
    text: str


def _entity_spans(doc: Doc) -> list[tuple[int, int]]:
    """DATE and TIME entities, adjacent ones run together ("Yesterday" "afternoon")."""
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if spans and spans[-1][1] == ent.start:
            spans[-1] = (spans[-1][0], ent.end)
        else:
            spans.append((ent.start, ent.end))
    return spans


def _untagged_spans(doc: Doc, tagged: set[int]) -> list[tuple[int, int]]:
    """Date phrases NER did not tag: a time noun as an adverbial or a date preposition's object
    ("the following day", "that week", "over the weekend")."""
    spans = []
    for tok in doc:
        if tok.i in tagged or tok.lower_ not in DATING.time_nouns:
            continue
        if tok.dep_ in _ADVERBIAL or (tok.dep_ == "pobj" and tok.head.lower_ in DATING.date_preps):
            left, right = tok.left_edge.i, tok.i + 1  # the noun and what precedes it ("the following")
            if right - left <= _MAX_TIMEX_TOKENS and not any(i in tagged for i in range(left, right)):
                spans.append((left, right))
    return spans


def find_timexes(doc: Doc) -> list[Timex]:
    """The date phrases of a parsed document, in text order.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("Yesterday afternoon, Pelosi met Trump. They talked again the following day.")
    >>> [(t.text, doc[t.head].text) for t in find_timexes(doc)]
    [('Yesterday afternoon', 'afternoon'), ('the following day', 'day')]
    """
    spans = _entity_spans(doc)
    tagged = {i for a, b in spans for i in range(a, b)}
    out = []
    for span in sorted(spans + _untagged_spans(doc, tagged)):
        for start, end, root in _phrases(doc, *span):
            words = doc[start:end].text.strip()
            if root.dep_ == "pobj" and root.head.dep_ == "prep":
                prep = root.head
                out.append(Timex(start, end, prep.i, prep.lower_, f"{prep.text} {words}"))
            else:
                out.append(Timex(start, end, root.i, "", words))
    return out


def _phrases(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int, Token]]:
    """The phrases of an entity span, one per syntactic root: NER runs "September 13 — two days
    (after the ruling)" and "five weeks yesterday" together, the parse keeps them apart."""
    inside = range(start, end)
    for root in doc[start:end]:
        if (root.head.i in inside and root.head.i != root.i) or root.is_punct or root.is_space:
            continue
        words = [t.i for t in root.subtree if t.i in inside and not t.is_space]
        while words and doc[words[-1]].is_punct:
            words.pop()
        if words and words[-1] - words[0] < _MAX_TIMEX_TOKENS:
            yield words[0], words[-1] + 1, root


def _aux(verb: Token) -> list[str]:
    return [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _looks_ahead(verb: Token) -> bool:
    """Whether a clause is about what is to come: "will meet", "is scheduled to begin", "may strike"."""
    aux = _aux(verb)
    if any(a in WORDS.future_aux for a in aux):
        return True
    if any(a in WORDS.hypothetical_aux for a in aux) and "have" not in aux:
        return True
    return "to" in aux and verb.dep_ == "xcomp" and (
        verb.head.lemma_ in WORDS.future_heads or verb.head.lemma_ in DATING.schedule_heads)


def _past_tense(verb: Token) -> bool:
    """A simple past clause: "attacked", "was attacked", "did not meet" (not "had attacked")."""
    aux = _aux(verb)
    if "had" in aux or any(a in _PERFECT_AUX or a in WORDS.future_aux or a in WORDS.hypothetical_aux for a in aux):
        return False
    return verb.tag_ == "VBD" or any(a in _PAST_AUX for a in aux)


def _perfect_or_ongoing(verb: Token) -> bool:
    """"has bombed", "have been protesting", "are protesting": the clause reaches the story's day."""
    aux = _aux(verb)
    return any(a in _PERFECT_AUX for a in aux) or (verb.tag_ == "VBG" and any(a in ("is", "are", "am") for a in aux))


def _verb_of(tok: Token) -> Token | None:
    """The verb a date phrase's head hangs from (through a noun or two: "the trial, due in January")."""
    node = tok.head
    for _ in range(3):
        if node.pos_ in _VERBAL:
            return node
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def _main_clause(verb: Token, *, anchor: bool = False) -> bool:
    """Whether ``verb`` heads the sentence or is joined to its head by coordination or an
    adverbial or infinitive clause of the same time.

    With ``anchor`` (the clause of a date that sets the narrative's time), what a reporting verb
    reports counts too ("Estimates indicate one million people marched on Saturday") and an
    infinitive does not ("promised ... to cancel all amendments since 1995").
    """
    node = verb
    for _ in range(_MAX_CLIMB):
        if node.dep_ == "ROOT":
            return True
        if anchor and node.dep_ == "ccomp" and node.head.lemma_ in WORDS.report_verbs:
            return True
        if node.dep_ not in ("conj", "xcomp", "advcl") or _bounded(node) or (anchor and "to" in _aux(node)):
            return False
        node = node.head
    return False


def _bounded(clause: Token) -> bool:
    """An adverbial clause of another time: "after talks failed", "if they meet"."""
    return any(c.dep_ == "mark" and c.lower_ in DATING.bound_marks for c in clause.children)


def _no_region(_token: int) -> Region | None:
    return None


class DocumentTime:
    """Every date phrase of one document, read once in text order, and the date of each event.

    Parameters
    ----------
    doc : Doc
        The parsed document.
    reference : datetime.date, optional
        The story's date; without it only dates that write their year are read.
    region_of : callable, optional
        Token index -> the quotation it stands in (``None`` outside quotations).
    quote_verbs : mapping, optional
        Quotation -> the speech verb that introduces it; the verb's date (at day precision) is
        when the quotation was said, against which its own date phrases are read.

    Examples
    --------
    >>> from datetime import date
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("On Friday, protesters gathered in Hong Kong. Police fired tear gas.")
    >>> time = DocumentTime(doc, date(2019, 6, 23))
    >>> fired = next(t for t in doc if t.text == "fired")
    >>> value, rule = time.event_date([fired])
    >>> value.value, value.text, rule
    ('2019-06-21', 'On Friday', 'narrative')
    """

    def __init__(self, doc: Doc, reference: datetime.date | None, *,
                 region_of: Callable[[int], Region | None] = _no_region,
                 quote_verbs: Mapping[Region, Token] | None = None) -> None:
        self.doc, self.reference, self._region_of = doc, reference, region_of
        self.timexes = find_timexes(doc)
        self._at: dict[int, Timex] = {}
        for tx in self.timexes:
            self._at.update((i, tx) for i in range(tx.start, tx.end))
            self._at[tx.head] = tx
        self.values: dict[Timex, DateValue | None] = {}
        self._narrative: list[tuple[int, DateValue]] = []  # (sentence start, date) of dated past main clauses
        self._dated_sentences: set[int] = set()  # sentence starts with a date phrase outside quotes
        self._paragraph, self._shifts = self._sentences(doc)
        self.said_on: dict[Region, DateValue] = {}
        self._read([tx for tx in self.timexes if region_of(tx.head) is None], {})
        for region, verb in (quote_verbs or {}).items():
            dated = self.event_date([verb])
            if dated is not None and dated[0].precision == "day":
                self.said_on[region] = dated[0]
        self._read([tx for tx in self.timexes if region_of(tx.head) is not None], self.said_on)

    def _read(self, timexes: list[Timex], said_on: Mapping[Region, DateValue]) -> None:
        """Read date phrases in text order; each anaphoric one against the last read before it."""
        last: dict[Region | None, DateValue] = {}
        for tx in timexes:
            region = self._region_of(tx.head)
            said = said_on.get(region) if region is not None else None
            ref = datetime.date.fromisoformat(said.value) if said is not None else self.reference
            verb = _verb_of(self.doc[tx.head])
            anchor = last.get(region, said)
            value = dates.normalize(tx.text, ref, future=verb is not None and _looks_ahead(verb), anchor=anchor)
            self.values[tx] = value
            if value is None or verb is None or tx.prep in DATING.bound_preps:
                continue
            last[region] = value
            if region is None and _main_clause(verb, anchor=True):  # not "her husband, who was arrested in May"
                sent = self.doc[tx.head].sent.start
                self._dated_sentences.add(sent)
                if _past_tense(verb):
                    self._narrative.append((sent, value))

    def _sentences(self, doc: Doc) -> tuple[dict[int, int], set[int]]:
        """Sentence start -> its paragraph (paragraphs are separated by line breaks); and the
        sentences whose main clause is not in the past ("The House has only impeached two
        Presidents."), which end a narrative in their paragraph."""
        text = doc.text
        paragraph, shifts = {}, set()
        for sent in doc.sents:
            words = text[sent.start_char:sent.end_char]  # sent.text, without joining its tokens again
            paragraph[sent.start] = text.count("\n", 0, sent.start_char + len(words) - len(words.lstrip()))
            root = sent.root
            if root.pos_ in _VERBAL and self._region_of(root.i) is None and not _past_tense(root):
                shifts.add(sent.start)
        return paragraph, shifts

    # ------------------------------------------------------------------ attachment

    def _own(self, node: Token, *, noun: bool = False) -> list[Timex]:
        """The date phrases attached to ``node`` ("met on Saturday"; for a noun "last week's
        protests", "the 2016 referendum", and its relative clause: "which was made on Monday")."""
        out = []
        for c in node.children:
            tx = self._at.get(c.i)
            if tx is None or tx.head != c.i:
                continue
            if (c.dep_ == "prep" and tx.prep in DATING.date_preps) or c.dep_ in _ADVERBIAL \
                    or (noun and c.dep_ in _NOUN_DATE):
                out.append(tx)
        if noun and not out:
            out = [tx for c in node.children if c.dep_ == "relcl" for tx in self._own(c)]
        return out

    def _dated(self, node: Token, *, noun: bool = False) -> Timex | None:
        """The first date phrase attached to ``node`` that reads as a date (durations left out)."""
        return next((tx for tx in self._own(node, noun=noun) if self.values.get(tx) is not None), None)

    def _frame(self, node: Token) -> Timex | None:
        """The date of a noun framing ``node``'s clause: "in a phone call in late July"; or of its
        subject, when that names its time: "Monday's bid failed", "Sunday's election gave"."""
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ in DATING.frame_preps:
                for o in c.children:
                    if o.dep_ == "pobj" and o.i not in self._at and (tx := self._dated(o, noun=True)) is not None:
                        return tx
            elif c.dep_ in ("nsubj", "nsubjpass") and c.i not in self._at:
                for g in c.children:
                    if g.dep_ in ("poss", "compound", "nummod") and (tx := self._at.get(g.i)) is not None \
                            and tx.head == g.i and self.values.get(tx) is not None:
                        return tx
        return None

    def _climb(self, node: Token, *, noun: bool) -> Iterator[Token]:
        """The clauses whose date ``node``'s event shares, nearest first (see the module's ``clause`` rule)."""
        if not noun and node.dep_ in ("amod", "acl") and node.tag_ in ("VBG", "VBD"):
            if node.tag_ == "VBD":  # a finite verb parsed as a modifier: "The British relinquished control ... in 1997"
                yield node.head
                return
            node, noun = node.head, True  # a participle of its noun's time: "protesting legislators", "a motion claiming"
        if noun:
            if node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent") and (
                    node.head.lower_ in DATING.frame_preps or node.head.dep_ == "agent"):
                node = node.head.head  # "met in a phone call", "interrupted by protesting legislators"
                if node.pos_ not in _VERBAL and node.dep_ in _NOUN_ARG:
                    node = node.head  # "There were several speakers at the rally"
            elif node.dep_ in _NOUN_ARG:
                node = node.head
            else:
                return
            if node.pos_ not in _VERBAL:
                return
            yield node
        for _ in range(_MAX_CLIMB):
            dep = node.dep_
            if dep == "pcomp" and node.head.dep_ in ("prep", "agent") and node.head.lower_ not in DATING.bound_marks:
                node = node.head  # "protested by shouting": through the preposition (not "after failing")
            elif not (
                (dep == "conj" and node.head.pos_ in _VERBAL)
                or (dep == "advcl" and not _bounded(node))
                or dep == "xcomp"
                or (dep == "ccomp" and "had" not in _aux(node))
            ):
                return
            node = node.head
            yield node

    # ------------------------------------------------------------------ rules

    def _ongoing(self, tx: Timex, verb: Token) -> DateValue | None:
        """Rule ``ongoing``: "has bombed Gaza for several days" still holds on the story's date."""
        if self.reference is not None and tx.prep in ("for", "over", "in") and dates.is_duration(tx.text) \
                and _perfect_or_ongoing(verb):
            return DateValue(self.reference.isoformat(), "day", tx.text)
        return None

    def event_date(self, clause: list[Token], *, noun: bool = False) -> tuple[DateValue, str] | None:
        """The date of the event whose clause words are ``clause`` (the trigger first), and the rule.

        ``noun``: the trigger is a noun ("the attack"), dated by itself, its light verb, or the
        clause it is an argument of. ``None`` when no rule dates it.
        """
        trigger = clause[0]
        verb = next((n for n in reversed(clause) if n.pos_ in _VERBAL), None)
        own = [tx for node in clause for tx in self._own(node, noun=noun and node is trigger)]
        for tx in own:
            if (value := self.values.get(tx)) is not None:
                return value, "own"
        for tx in own:
            if (value := self._ongoing(tx, verb or trigger)) is not None:
                return value, "ongoing"
        if any(not dates.is_duration(tx.text) for tx in own):
            return None  # the event's own date phrase cannot be read: no other is taken
        for node in clause:
            if (tx := self._frame(node)) is not None and (value := self.values.get(tx)) is not None:
                return value, "frame"
        start = verb if verb is not None else trigger
        found = self._clause_date(start, noun=verb is None and noun)
        if found is not None:
            return found
        return self._said(trigger, verb) or self._narrative_date(self._clause_verb(start, noun=verb is None and noun))

    def _clause_verb(self, start: Token, *, noun: bool) -> Token | None:
        """The verb of the clause an event is told in: its own, or for a noun or a participle
        ("the rally", "protesting legislators") the verb of the clause they are part of."""
        if not noun and start.dep_ not in ("amod", "acl", "pcomp"):
            return start
        return next((n for n in self._climb(start, noun=noun) if n.pos_ in _VERBAL), None)

    def _clause_date(self, start: Token, *, noun: bool) -> tuple[DateValue, str] | None:
        """Rules ``clause`` and ``antecedent``."""
        if not noun:  # "fired and landed a live round ... yesterday"
            for c in start.children:
                if c.dep_ == "conj" and c.pos_ in _VERBAL and not any(g.dep_ == "nsubj" for g in c.children):
                    if (tx := self._dated(c)) is not None:
                        return self.values[tx], "clause"
        node = start
        for node in self._climb(start, noun=noun):
            if (tx := self._dated(node) or self._frame(node)) is not None:
                return self.values[tx], "clause"
            if any(not dates.is_duration(tx.text) for tx in self._own(node)):
                return None  # that clause has a date phrase of its own that cannot be read
        if node.dep_ == "relcl" and (tx := self._at.get(node.head.i)) is not None and self.values.get(tx):
            return self.values[tx], "antecedent"  # "on Saturday, when the two discussed"
        return None

    def _said(self, trigger: Token, verb: Token | None) -> tuple[DateValue, str] | None:
        """Rule ``said``: a present-tense act in a quotation ("we urge", "we are providing") is
        dated the day the quotation was said."""
        region = self._region_of(trigger.i)
        said = self.said_on.get(region) if region is not None else None
        if said is None or verb is None:
            return None
        while verb.tag_ in ("VBG", "VB", "VBN") and not _aux(verb) and verb.dep_ in ("advcl", "xcomp", "conj"):
            verb = verb.head  # "Authorities are at the spot, providing all assistance": the tense of "are"
        aux = _aux(verb)
        present = (verb.tag_ in ("VBP", "VBZ") and not aux) or (verb.tag_ == "VBG" and any(a in ("is", "are", "am") for a in aux))
        return (said, "said") if present else None

    def _narrative_date(self, verb: Token | None) -> tuple[DateValue, str] | None:
        """Rule ``narrative`` (see the module docstring) for the event told by the clause of ``verb``."""
        if verb is None or self._region_of(verb.i) is not None or not self._narrative:
            return None
        if "had" in _aux(verb) or not _main_clause(verb):
            return None
        chain = [verb, *verb.ancestors]
        if any(c.dep_ == "advmod" and c.lower_ in DATING.unanchored_adverbs for n in chain for c in n.children):
            return None  # "repeatedly called", "previously committed"
        sent = verb.sent.start
        if not _past_tense(chain[-1]) or sent in self._dated_sentences:
            return None
        anchor = self._anchor_before(sent)
        return (anchor, "narrative") if anchor is not None else None

    def _anchor_before(self, sent: int) -> DateValue | None:
        """The date the narrative is at when sentence ``sent`` begins.

        In the sentence's paragraph, the last dated past main clause before it, unless that
        sentence has two different dates ("Clinton was impeached in 1998, and Andrew Johnson in
        1868.") or a sentence since then leaves the past ("The House has only impeached two
        Presidents."). From an earlier paragraph, only the story's day: the one day all dated
        past main clauses so far give (a story told over several days, "on Wednesday ... this
        Thursday ...", does not say which one a later paragraph is at), reached back past a
        week, month or year ("In 2016, ...") only along an unbroken past narrative.
        """
        before = [(s, value) for s, value in self._narrative if s < sent]
        if not before:
            return None
        paragraph = self._paragraph[sent]
        s, value = before[-1]
        if self._paragraph[s] == paragraph:
            if len({(v.value, v.precision) for s2, v in before if s2 == s}) > 1:
                return None
        else:
            days = {v.value for _, v in before if v.precision == "day"}
            if len(days) != 1:
                return None
            s, value = next((s2, v) for s2, v in reversed(before) if v.precision == "day")
            if before[-1][1].precision != "day" and any(s < t < sent for t in self._shifts):
                return None
        if any(s < t < sent and self._paragraph[t] == paragraph for t in self._shifts):
            return None
        return value
