"""Rule-based, conservative coreference: pronouns, role nominals and "the two".

Each rule links a mention to the mention it refers to; a link is made only when one
candidate is clearly best, otherwise the mention stays unresolved (and an event that needs
it is not emitted). Links are ``(mention id, antecedent mention id)`` pairs.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.records import Mention
from kg.stages.extract.mentions import candidates, quote_regions

__all__ = ["resolve_coreference", "quote_speakers", "quote_verbs", "SPEECH_VERBS"]

SPEECH_VERBS = frozenset({
    "say", "tell", "add", "ask", "write", "insist", "state", "declare", "explain", "note",
    "stress", "claim", "argue", "announce", "warn", "tweet", "reply", "respond", "continue",
})
_MALE = {"he", "him", "his"}
_FEMALE = {"she", "her"}
_FIRST = {"i", "me", "my"}
_FIRST_PLURAL = {"we", "us", "our"}
_NEUTER = {"it", "its", "they", "them", "their"}
_WINDOW = 3  # sentences to look back


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def quote_verbs(doc: Doc) -> dict[tuple[int, int], Token]:
    """Map each quote region to the speech verb that introduces it.

    Rule: the nearest speech verb outside the quote, in the words after the quote closes
    ("…”, Trump told reporters") or else before it opens (Putin said: “…”). Computed once per Doc.
    """
    cached = doc.user_data.get("kg_quote_verbs")
    if cached is not None:
        return {region: doc[i] for region, i in cached.items()}
    regions = quote_regions(doc)
    inside = {i for a, b in regions for i in range(a, b)}
    speech = [doc[i] for i in candidates(doc, SPEECH_VERBS, "LEMMA") if doc[i].pos_ == "VERB" and i not in inside]
    out: dict[tuple[int, int], Token] = {}
    for a, b in regions:
        after = [v for v in speech if b <= v.i <= b + 12]
        before = [v for v in speech if a - 12 <= v.i < a]
        for verb in after[:1] + before[-1:]:
            if _subject_of(verb) is not None:
                out[(a, b)] = verb
                break
    doc.user_data["kg_quote_verbs"] = {region: verb.i for region, verb in out.items()}
    return out


def quote_speakers(doc: Doc, tok_mention: dict[int, int]) -> dict[tuple[int, int], int]:
    """Map each quote region to the mention id of its speaker (the subject of its speech verb)."""
    out: dict[tuple[int, int], int] = {}
    for region, verb in quote_verbs(doc).items():
        subj = _subject_of(verb)
        if subj is not None and subj.i in tok_mention:
            out[region] = tok_mention[subj.i]
    return out


_LEADERS = frozenset({"president", "minister", "leader", "chancellor", "king", "queen", "premier",
                      "emir", "sultan", "monarch", "pope", "ayatollah", "president-elect"})


def _leader_title(title: str | None) -> bool:
    return bool(title) and title.lower().split()[-1] in _LEADERS


def _fits(title: str | None, known: set[str]) -> bool:
    """Can a person with titles ``known`` be called by ``title``? "leader" fits any leader."""
    head = (title or "").lower().split()[-1:] or [""]
    return not known or head[0] in known or (head[0] == "leader" and bool(known & _LEADERS))


def resolve_coreference(doc: Doc, mentions: list[Mention], tok_mention: dict[int, int]) -> list[tuple[int, int]]:
    """Links from pronoun, nominal and pair mentions to named antecedents.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> from kg.stages.extract.mentions import find_mentions, token_mentions
    >>> doc = load_model()("Vladimir Putin met Xi Jinping. The Russian leader said he was pleased.")
    >>> ms = find_mentions(doc)
    >>> links = resolve_coreference(doc, ms, token_mentions(doc, ms))
    >>> sorted({(ms[a].text, ms[b].text) for a, b in links})
    [('Russian leader', 'Vladimir Putin'), ('he', 'Vladimir Putin')]
    """
    by_id = {m.id: m for m in mentions}
    mention_tok: dict[int, Token] = {}
    for i, mid in tok_mention.items():
        m = by_id[mid]
        tok = doc[i]
        # the head token of the mention (the one whose head lies outside it)
        if mid not in mention_tok or not (m.start <= tok.head.idx < m.end):
            mention_tok[mid] = tok
    speakers = quote_speakers(doc, tok_mention)
    region_of = {i: r for r in speakers for i in range(r[0], r[1])}

    subject = {mid: tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in ("nsubj", "nsubjpass")
               for mid, tok in mention_tok.items()}
    links: list[tuple[int, int]] = []
    resolved: dict[int, int] = {}  # mention id -> named person mention id
    person_country: dict[str, str] = {}  # surname -> country seen so far
    person_titles: dict[str, set[str]] = {}  # surname -> title head words seen so far
    persons: list[Mention] = []  # named persons (and resolved nominals), in order

    def key(m: Mention) -> str:
        return m.text.split()[-1].lower()

    def named(mid: int) -> int:
        return resolved.get(mid, mid)

    for m in mentions:
        tok = mention_tok.get(m.id)
        if m.label == "PERSON" and m.kind == "name":
            persons.append(m)
            if m.country:
                person_country.setdefault(key(m), m.country)
            if m.title:
                person_titles.setdefault(key(m), set()).add(m.title.lower().split()[-1])
            continue
        recent = [p for p in persons if m.sent - p.sent <= _WINDOW]
        if m.kind == "nominal":
            # Rule: "the Russian leader" -> the nearest person of that country, else the nearest
            # person whose country is still unknown.
            # Rule: only leaders are resolved this way ("the Russian leader", "the president"), and
            # only to a person whose known titles fit ("the press secretary" is not the President).
            if not _leader_title(m.title):
                continue
            recent = [p for p in recent if _fits(m.title, person_titles.get(key(p), set()))]
            same = [p for p in recent if m.country and person_country.get(key(p)) == m.country]
            unknown = [p for p in recent if key(p) not in person_country]
            pick = (same or (unknown if m.country else recent))
            if pick:
                # salience: a subject before an object, then the nearest
                ante = max(pick, key=lambda p: (subject.get(p.id, False), p.start))
                links.append((m.id, ante.id))
                resolved[m.id] = ante.id
                if m.country:
                    person_country.setdefault(key(ante), m.country)
                persons.append(replace(ante, start=m.start, sent=m.sent))
            continue
        if m.kind == "pair":
            # Rule: "the two" -> the two distinct people named last.
            seen: list[Mention] = []
            for p in reversed(recent):
                if all(key(p) != key(q) for q in seen):
                    seen.append(p)
                if len(seen) == 2:
                    break
            if len(seen) == 2:
                links.extend((m.id, p.id) for p in reversed(seen))
            continue
        if m.kind != "pronoun" or tok is None:
            continue
        word = m.text.lower()
        speaker = speakers.get(region_of.get(tok.i, (-1, -1)))
        if word in _FIRST | _FIRST_PLURAL:
            # Rule: "I" inside a quote is its speaker.
            if speaker is not None and word in _FIRST:
                links.append((m.id, named(speaker)))
                resolved[m.id] = named(speaker)
            continue
        if word in _NEUTER:
            # Rule: "Switzerland said it had expelled ..." -> the reporting subject, any kind of actor.
            head = tok.head
            while head.dep_ in ("conj", "xcomp", "aux", "auxpass") and head.head.i != head.i:
                head = head.head
            if head.dep_ == "ccomp" and head.head.lemma_ in SPEECH_VERBS:
                subj = _subject_of(head.head)
                if subj is not None and subj.i in tok_mention and subj.i != tok.i:
                    ante = named(tok_mention[subj.i])
                    if by_id[ante].kind in ("name", "group", "demonym") and by_id[ante].label != "PERSON":
                        links.append((m.id, ante))
                        resolved[m.id] = ante
            elif tok.dep_ == "poss" and tok.head.dep_ == "dobj":
                # Rule: "the ILO reiterated its demand", "Russia closed its borders" -> the
                # subject of the verb whose object "its" qualifies, if that is not a person.
                subj = _subject_of(tok.head.head)
                if subj is not None and subj.i in tok_mention:
                    ante = named(tok_mention[subj.i])
                    if by_id[ante].kind in ("name", "group", "demonym") and by_id[ante].label != "PERSON":
                        links.append((m.id, ante))
                        resolved[m.id] = ante
            continue
        if word not in _MALE | _FEMALE:
            continue
        speaker_key = key(by_id[named(speaker)]) if speaker is not None else None
        # Rule: "X said that he ..." -> X.
        head = tok.head
        reporter = None
        while head is not None and head.dep_ in ("ccomp", "conj", "xcomp") and head.head.i != head.i:
            head = head.head
            if head.lemma_ in SPEECH_VERBS:
                subj = _subject_of(head)
                if subj is not None and subj.i in tok_mention and subj.i != tok.i:
                    reporter = named(tok_mention[subj.i])
                break
        if reporter is not None and by_id[reporter].label == "PERSON" and speaker is None:
            links.append((m.id, reporter))
            resolved[m.id] = reporter
            continue
        # Rule: otherwise the nearest person mentioned before, not the quote's speaker.
        candidates = [p for p in recent if p.start < m.start and key(p) != speaker_key]
        if candidates:
            ante = candidates[-1]
            links.append((m.id, ante.id))
            resolved[m.id] = ante.id
            persons.append(replace(ante, start=m.start, sent=m.sent))
    # nominals resolved to nominals point on to the name
    return [(a, named(b)) for a, b in links]
