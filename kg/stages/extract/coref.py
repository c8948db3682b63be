"""Rule-based, conservative coreference: pronouns, role nominals and "the two".

Each rule links a mention to the mention it refers to; a link is made only when one
candidate is clearly best, otherwise the mention stays unresolved (and an event that needs
it is not emitted). Links are ``(mention id, antecedent mention id)`` pairs.

Design decisions (issue 14, measured on the 21 development Wikinews golds, the 322 PLOVER
sentences and the 284-article corpus):

- "we", "us", "our" in a quote are its speaker, as "I" is: the speaker acts for their side,
  and PLOVER codes the statement to it ("“we warn the Saudis”, Yahya Saree said"); only a
  named speaker, since a role speaker's coreference is often wrong (it gave "the Senate leader"'s
  "we" to the Vice President). One more development event; in the corpus 3 events, 2 right.
- "they", "them", "their" outside a quote are the group a *plural* noun named last, in that
  sentence or the one before; only groups, peoples and NORP names, never a singular noun
  ("the government") nor an argument of the pronoun's own verb ("protesters said police beat
  them"). Inside a quote "they" is too often someone the quote names (left alone). One more
  development event, one more PLOVER sentence; in the corpus 1 event, right.
- A speech verb after a quote introduces it only within its sentence: before this rule the
  quotes of "A said "…." B said "…."" were each given to the next speaker (in the corpus it
  removed one wrong event).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from kg.records import Mention
from kg.stages.extract.mentions import candidates, quote_regions
from kg.world.words import word_set

__all__ = ["resolve_coreference", "quote_speakers", "quote_verbs", "SPEECH_VERBS"]

#: lemmas of the verbs that report speech (``kg/world/data/coreference_words.toml``)
SPEECH_VERBS = word_set("coreference_words", "speech_verbs")
_LEADERS = word_set("coreference_words", "leaders")
_MALE = word_set("pronouns", "pronouns.male")
_FEMALE = word_set("pronouns", "pronouns.female")
_FIRST = word_set("pronouns", "pronouns.first")
_FIRST_PLURAL = word_set("pronouns", "pronouns.first_plural")
_NEUTER = word_set("pronouns", "pronouns.neuter")
_PLURAL = word_set("pronouns", "pronouns.plural")
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})
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

    Rule: a verb after the quote introduces it only if no sentence ends between them
    (:func:`_sentence_ends`): in 'Pence said the US is "in a crisis." Pelosi said "We are
    committed."' Pelosi's "said" introduces her own quote, not Pence's.
    """
    cached = doc.user_data.get("kg_quote_verbs")
    if cached is not None:
        return {region: doc[i] for region, i in cached.items()}
    regions = quote_regions(doc)
    inside = {i for a, b in regions for i in range(a, b)}
    speech = [doc[i] for i in candidates(doc, SPEECH_VERBS, "LEMMA") if doc[i].pos_ == "VERB" and i not in inside]
    out: dict[tuple[int, int], Token] = {}
    for a, b in regions:
        after = [v for v in speech if b <= v.i <= b + 12 and not _sentence_ends(doc, b - 1, v.i)]
        before = [v for v in speech if a - 12 <= v.i < a]
        for verb in after[:1] + before[-1:]:
            if _subject_of(verb) is not None:
                out[(a, b)] = verb
                break
    doc.user_data["kg_quote_verbs"] = {region: verb.i for region, verb in out.items()}
    return out


def _sentence_ends(doc: Doc, last: int, end: int) -> bool:
    """Whether a sentence ends between a quote's last word ``last`` and token ``end``: the quote
    closes on a full stop ("…border.” Pelosi said"; a closing "?" or "!" is how a question or
    an exclamation is attributed: "“Why now?” he asked"), or a sentence ends after it."""
    return doc[last].text == "." or any(t.text in ".!?" for t in doc[last + 1:end])


def quote_speakers(doc: Doc, tok_mention: dict[int, int]) -> dict[tuple[int, int], int]:
    """Map each quote region to the mention id of its speaker (the subject of its speech verb)."""
    out: dict[tuple[int, int], int] = {}
    for region, verb in quote_verbs(doc).items():
        subj = _subject_of(verb)
        if subj is not None and subj.i in tok_mention:
            out[region] = tok_mention[subj.i]
    return out


def _leader_title(title: str | None) -> bool:
    return bool(title) and title.lower().split()[-1] in _LEADERS


def _fits(title: str | None, known: set[str]) -> bool:
    """Can a person with titles ``known`` be called by ``title``? "leader" fits any leader."""
    head = (title or "").lower().split()[-1:] or [""]
    return not known or head[0] in known or (head[0] == "leader" and bool(known & _LEADERS))


@dataclass
class _Context:
    """What the rules read and write while they walk the mentions of one Doc in order."""

    by_id: dict[int, Mention]
    tok_mention: dict[int, int]
    mention_tok: dict[int, Token]  # mention id -> its head token
    speakers: dict[tuple[int, int], int]  # quote region -> speaker mention id
    region_of: dict[int, tuple[int, int]]  # token index -> quote region with a speaker
    subject: dict[int, bool]  # mention id -> is it (part of) a subject?
    links: list[tuple[int, int]] = field(default_factory=list)
    resolved: dict[int, int] = field(default_factory=dict)  # mention id -> named person mention id
    person_country: dict[str, str] = field(default_factory=dict)  # surname -> country seen so far
    person_titles: dict[str, set[str]] = field(default_factory=dict)  # surname -> title head words seen so far
    persons: list[Mention] = field(default_factory=list)  # named persons (and resolved nominals), in order
    groups: list[Mention] = field(default_factory=list)  # actors named by a plural noun, in order
    quoted: frozenset[int] = frozenset()  # token indices inside any quotation

    def named(self, mid: int) -> int:
        return self.resolved.get(mid, mid)

    def link(self, mid: int, ante: int) -> None:
        self.links.append((mid, ante))
        self.resolved[mid] = ante


def _key(m: Mention) -> str:
    return m.text.split()[-1].lower()


def _context(doc: Doc, mentions: list[Mention], tok_mention: dict[int, int]) -> _Context:
    by_id = {m.id: m for m in mentions}
    mention_tok: dict[int, Token] = {}
    for i, mid in tok_mention.items():
        m = by_id[mid]
        tok = doc[i]
        # the head token of the mention (the one whose head lies outside it)
        if mid not in mention_tok or not (m.start <= tok.head.idx < m.end):
            mention_tok[mid] = tok
    speakers = quote_speakers(doc, tok_mention)
    return _Context(
        by_id=by_id, tok_mention=tok_mention, mention_tok=mention_tok, speakers=speakers,
        region_of={i: r for r in speakers for i in range(r[0], r[1])},
        subject={mid: tok.dep_ in ("nsubj", "nsubjpass") or tok.head.dep_ in ("nsubj", "nsubjpass")
                 for mid, tok in mention_tok.items()},
        quoted=frozenset(i for a, b in quote_regions(doc) for i in range(a, b)),
    )


def _remember_person(ctx: _Context, m: Mention) -> None:
    """A named person: a candidate antecedent, with the country and titles it was named with."""
    ctx.persons.append(m)
    if m.country:
        ctx.person_country.setdefault(_key(m), m.country)
    if m.title:
        ctx.person_titles.setdefault(_key(m), set()).add(m.title.lower().split()[-1])


def _link_role_nominal(ctx: _Context, m: Mention, recent: list[Mention]) -> None:
    """Rule: "the Russian leader" -> the nearest person of that country, else the nearest
    person whose country is still unknown.

    Rule: only leaders are resolved this way ("the Russian leader", "the president"), and
    only to a person whose known titles fit ("the press secretary" is not the President).
    """
    if not _leader_title(m.title):
        return
    recent = [p for p in recent if _fits(m.title, ctx.person_titles.get(_key(p), set()))]
    same = [p for p in recent if m.country and ctx.person_country.get(_key(p)) == m.country]
    unknown = [p for p in recent if _key(p) not in ctx.person_country]
    pick = (same or (unknown if m.country else recent))
    if pick:
        # salience: a subject before an object, then the nearest
        ante = max(pick, key=lambda p: (ctx.subject.get(p.id, False), p.start))
        ctx.link(m.id, ante.id)
        if m.country:
            ctx.person_country.setdefault(_key(ante), m.country)
        ctx.persons.append(replace(ante, start=m.start, sent=m.sent))


def _link_nationality_nominal(ctx: _Context, m: Mention, recent: list[Mention]) -> None:
    """Rule: "the sixteen-year-old Swede", "the Palestinian" -> the nearest person of that country
    or of no country yet (a subject before an object); it gives them that country."""
    fits = [p for p in recent if ctx.person_country.get(_key(p), m.country) == m.country]
    if fits:
        ante = max(fits, key=lambda p: (p.sent, ctx.subject.get(p.id, False), p.start))
        ctx.link(m.id, ante.id)
        ctx.person_country.setdefault(_key(ante), m.country)
        ctx.persons.append(replace(ante, start=m.start, sent=m.sent))


def _link_pair(ctx: _Context, m: Mention, recent: list[Mention]) -> None:
    """Rule: "the two" -> the two distinct people named last."""
    seen: list[Mention] = []
    for p in reversed(recent):
        if all(_key(p) != _key(q) for q in seen):
            seen.append(p)
        if len(seen) == 2:
            break
    if len(seen) == 2:
        ctx.links.extend((m.id, p.id) for p in reversed(seen))


def _link_first_person(ctx: _Context, m: Mention, speaker: int | None) -> None:
    """Rule: "I" inside a quote is its speaker.

    Rule (speaker as agent): "we", "us", "our" inside a quote are its speaker too, who speaks
    for their side ("“We warn the Saudis that our operations will widen,” Yahya Saree said"):
    PLOVER codes the statement to the speaker's side, and the speaker stands for it; only a
    speaker the text names ("the Senate leader said “we …”" may stand for a side the
    coreference of the role got wrong).
    """
    word = m.text.lower()
    if speaker is None or word not in _FIRST | _FIRST_PLURAL:
        return
    if word in _FIRST_PLURAL and ctx.by_id[speaker].kind != "name":
        return  # a side is named by a name; a role or pronoun speaker may be anyone's
    ctx.link(m.id, ctx.named(speaker))


def _is_plural_actor(ctx: _Context, m: Mention) -> bool:
    """A group, a people or a named people that a plural noun names ("Hong Kong student groups",
    "protesters", "Kurds"): what "they" may stand for."""
    tok = ctx.mention_tok.get(m.id)
    return tok is not None and tok.tag_ in _PLURAL_TAGS and (
        m.kind in ("group", "demonym") or (m.kind == "name" and m.label == "NORP"))


def _link_plural(ctx: _Context, m: Mention, tok: Token) -> None:
    """Rule: "they", "them", "their" outside a quote -> the group a plural noun named last, in this
    sentence or the one before (for an active subject, a subject first), never an argument of the
    pronoun's own verb. "Hong Kong student groups had given the government until Thursday.
    They had asked Carrie Lam to resign" -> the student groups; "the government" is no "they".
    """
    if tok.i in ctx.quoted or m.id in ctx.resolved:
        return
    same_verb = tok.head.i if tok.dep_ != "poss" else None
    before = [g for g in ctx.groups if g.start < m.start and m.sent - g.sent <= 1
              and ctx.mention_tok[g.id].head.i != same_verb]
    if not before:
        return
    subjects = [g for g in before if ctx.subject.get(g.id)] if tok.dep_ == "nsubj" else []
    ctx.link(m.id, (subjects or before)[-1].id)


def _actor_subject(ctx: _Context, subj: Token | None, tok: Token) -> int | None:
    """The named antecedent of a subject, if it is a mention of an actor that is no person."""
    if subj is None or subj.i not in ctx.tok_mention or subj.i == tok.i:
        return None
    ante = ctx.named(ctx.tok_mention[subj.i])
    if ctx.by_id[ante].kind in ("name", "group", "demonym") and ctx.by_id[ante].label != "PERSON":
        return ante
    return None


def _link_neuter(ctx: _Context, m: Mention, tok: Token) -> None:
    """Rule: "Switzerland said it had expelled ..." -> the reporting subject, any kind of actor.

    Rule: "the ILO reiterated its demand", "Russia closed its borders" -> the subject of the
    verb whose object "its" qualifies, if that is not a person.
    """
    head = tok.head
    while head.dep_ in ("conj", "xcomp", "aux", "auxpass") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "ccomp" and head.head.lemma_ in SPEECH_VERBS:
        ante = _actor_subject(ctx, _subject_of(head.head), tok)
    elif tok.dep_ == "poss" and tok.head.dep_ == "dobj":
        ante = _actor_subject(ctx, _subject_of(tok.head.head), tok)
    else:
        ante = None
    if ante is not None:
        ctx.link(m.id, ante)


def _reporter(ctx: _Context, tok: Token) -> int | None:
    """The named subject of the speech verb whose reported clause holds ``tok``."""
    head = tok.head
    while head is not None and head.dep_ in ("ccomp", "conj", "xcomp") and head.head.i != head.i:
        head = head.head
        if head.lemma_ in SPEECH_VERBS:
            subj = _subject_of(head)
            if subj is not None and subj.i in ctx.tok_mention and subj.i != tok.i:
                return ctx.named(ctx.tok_mention[subj.i])
            return None
    return None


def _link_he_or_she(ctx: _Context, m: Mention, tok: Token, speaker: int | None, recent: list[Mention]) -> None:
    """Rule: "X said that he ..." -> X.

    Rule: a subject "he"/"she" is the last person who was a subject in this sentence or the one
    before ("Erdogan pledged to convert Hagia Sophia. He announced ...": Erdogan, not the
    museum the parser took for a person); grammatical-role parallelism, as in centering theory.

    Rule: otherwise the nearest person mentioned before, not the quote's speaker.
    """
    speaker_key = _key(ctx.by_id[ctx.named(speaker)]) if speaker is not None else None
    reporter = _reporter(ctx, tok)
    if reporter is not None and ctx.by_id[reporter].label == "PERSON" and speaker is None:
        ctx.link(m.id, reporter)
        return
    before = [p for p in recent if p.start < m.start and _key(p) != speaker_key]
    if before:
        subjects = [p for p in before if ctx.subject.get(p.id) and m.sent - p.sent <= 1] if ctx.subject.get(m.id) else []
        ante = (subjects or before)[-1]
        ctx.link(m.id, ante.id)
        ctx.persons.append(replace(ante, start=m.start, sent=m.sent))


def _link_pronoun(ctx: _Context, m: Mention, tok: Token, recent: list[Mention]) -> None:
    """A pronoun, by its class: first person, neuter, or "he"/"she"."""
    word = m.text.lower()
    speaker = ctx.speakers.get(ctx.region_of.get(tok.i, (-1, -1)))
    if word in _FIRST | _FIRST_PLURAL:
        _link_first_person(ctx, m, speaker)
    elif word in _NEUTER:
        _link_neuter(ctx, m, tok)
        if word in _PLURAL:
            _link_plural(ctx, m, tok)
    elif word in _MALE | _FEMALE:
        _link_he_or_she(ctx, m, tok, speaker, recent)


def resolve_coreference(doc: Doc, mentions: list[Mention], tok_mention: dict[int, int]) -> list[tuple[int, int]]:
    """Links from pronoun, nominal and pair mentions to named antecedents.

    Mentions are read in text order; each named person becomes a candidate antecedent, and
    each other mention is linked by the rule for its kind, among the persons named in the
    last :data:`_WINDOW` sentences.

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
    ctx = _context(doc, mentions, tok_mention)
    for m in mentions:
        if m.label == "PERSON" and m.kind == "name":
            _remember_person(ctx, m)
            continue
        if _is_plural_actor(ctx, m):
            ctx.groups.append(m)
            continue
        recent = [p for p in ctx.persons if m.sent - p.sent <= _WINDOW]
        tok = ctx.mention_tok.get(m.id)
        if m.kind == "nominal" and m.title is None:
            _link_nationality_nominal(ctx, m, recent)
        elif m.kind == "nominal":
            _link_role_nominal(ctx, m, recent)
        elif m.kind == "pair":
            _link_pair(ctx, m, recent)
        elif m.kind == "pronoun" and tok is not None:
            _link_pronoun(ctx, m, tok, recent)
    # nominals resolved to nominals point on to the name
    return [(a, ctx.named(b)) for a, b in ctx.links]
