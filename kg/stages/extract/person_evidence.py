"""One-word names NER tagged PERSON that nothing in the document reads as a person's.

spaCy's small English model tags a lone capitalised word as a person's name whenever it looks
like one: a city ("Qom", "Izmir"), a program ("Firefox", "LuaJIT"), a genus ("Caudipteryx"), a
film or a song ("Taken", "Frozen"), an acronym ("VPOTUS", "MAGA"), a disease ("COVID-19"), a
common word ("Majesty", "Attendance"). A person named by one word is, in news, named so because the
text tells who they are: the word is a part of a full name the document gives ("Potts" after
"Alan Potts"), a given name, or it has a title or an honorific ("Mr Potts", "ophthalmologist
Li"), is a speaker ("Potts said", "according to Potts"), stands beside a role noun in
apposition ("Potts, a spokesman"), or acts on a named actor ("Trump criticized Putin"); a first
name of the ``nicknames`` table and a person of the known-actors table count too. Such words are
the **person evidence** of :func:`has_evidence`.

Rule (one-word-person-evidence): a one-word PERSON name with no person evidence anywhere in its
document is read by what else it is: a place the gazetteers know is a place (GPE) when it is a
country, a big city or a town or province in a country the document names; an acronym
is an organisation's (ORG); a word with a digit ("COVID-19", "GPLv3") or a common English word of
the model's dictionary is no entity, dropped with its reason (``kg stats --dropped`` lists it).
Any other word stays a person's: an unknown proper noun with no evidence either way ("Ratnamamma"
in an interview) is as often a person as not, and a dropped actor loses its events.

Measured on the 284 Wikinews articles at 182fa6c: 221 person nodes were one word with no other
name; about 100 of them were no person (read by hand). The words these rules read are those of
``kg/world/data``: ``name_words.toml`` ``honorifics`` and ``occupation_words``,
``coreference_words.toml`` ``speech_verbs``, ``titles.txt``, ``mention_words.toml``
``person_role_nouns``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.records import DroppedName, Mention
from kg.stages.extract.name_context import doc_countries
from kg.world import actors, geo
from kg.world.words import titles, word_set

__all__ = ["has_evidence", "review_one_word_persons"]

_SPEECH = word_set("coreference_words", "speech_verbs")
_HONORIFICS = word_set("name_words", "honorifics")
_OCCUPATIONS = word_set("name_words", "occupation_words")
_ROLE_NOUNS = word_set("mention_words", "person_role_nouns")


@functools.cache
def _role_words() -> frozenset[str]:
    """One-word titles and trades: a word of them before a name or in apposition makes it a person's."""
    words = {t[0] for t in titles() if len(t) == 1} | _OCCUPATIONS | _ROLE_NOUNS | _HONORIFICS
    return frozenset(w.rstrip(".") for w in words)


def _stem(word: str) -> str:
    """A name without a plural's or a possessive's ending ("Trumps", "Biden's" -> "Trump", "Biden")."""
    for end in ("'s", "’s", "s"):
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: -len(end)]
    return word


def _speaker(tok: Token) -> bool:
    """Whether ``tok`` is the subject of a speech verb ("Potts said") or after "according to"."""
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in _SPEECH:
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


_ACTORS = ("PERSON", "ORG", "GPE", "NORP")


def _acts_on_actor(tok: Token) -> bool:
    """Whether ``tok`` is the subject of a verb whose object is a named actor, or the object of a
    verb whose subject is one ("Trump criticized Putin": each is the other's evidence)."""
    head = tok.head
    if tok.dep_ == "nsubj" and head.pos_ == "VERB":
        return any(c.dep_ in ("dobj", "dative") and c.ent_type_ in _ACTORS for c in head.children)
    if tok.dep_ == "dobj" and head.pos_ == "VERB":
        return any(c.dep_ == "nsubj" and c.ent_type_ in _ACTORS for c in head.children)
    return False


def _role_beside(tok: Token) -> bool:
    """Whether a title, trade or honorific stands before ``tok`` ("Mr Potts", "ophthalmologist
    Li") or a role noun is in apposition to it ("Potts, a spokesman" / "the spokesman, Potts")."""
    roles = _role_words()
    if tok.i > 0 and tok.doc[tok.i - 1].lower_.rstrip(".") in roles:
        return True
    if any(c.dep_ == "appos" and c.lemma_.lower() in roles for c in tok.children):
        return True
    return tok.dep_ == "appos" and tok.head.lemma_.lower() in roles


@functools.cache
def _first_name(word: str) -> bool:
    """Whether the maintained ``nicknames`` table knows ``word`` as a first name or a nickname of
    one ("Rachel", "Max")."""
    from nicknames import NickNamer

    low = word.lower()
    names = NickNamer()
    return bool(names.nicknames_of(low) or names.canonicals_of(low))


def has_evidence(doc: Doc, word: str, mentions: list[Mention]) -> bool:
    """Whether the document reads ``word`` as a person's name anywhere: a word of a longer PERSON
    name of ``mentions`` (in a plural or a possessive too: "the Trumps"), a given name or a first name of
    the ``nicknames`` table, a person of the known-actors table, a mention with a title, or a token of it that is a speaker,
    has a role beside it, or acts on a named actor or is acted on by one.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("Mr Potts arrived. The film Taken was shown.")
    >>> has_evidence(doc, "Potts", []), has_evidence(doc, "Taken", [])
    (True, False)
    """
    from kg.stages.resolve.names import is_given_name

    for m in mentions:
        if m.label == "PERSON" and m.kind == "name" and (m.text == word and m.title or m.text != word
                                                        and {word, _stem(word)} & set(m.text.split())):
            return True
    if is_given_name(word) or _first_name(word) or not word.isupper() and actors.actor_country(word, person=True):
        return True  # a first name, or a person of the known-actors table ("Putin")
    return any(t.text == word and (_speaker(t) or _role_beside(t) or _acts_on_actor(t)) for t in doc)


def _placed(word: str, countries: frozenset[str]) -> bool:
    """Whether ``word`` is a place of the document: a country, a big city, or a town or a province
    in a country the document names. (A place abroad is not enough: "Goa" is a Philippine town in
    the city table, and read so it made an Indian story Philippine.)"""
    found = geo.place_in_context(word, countries)
    if found is None:
        return False
    hit = geo.city_hit(word)
    return found[0] == "country" or bool({found[1], f"sub:{found[1]}"} & countries) \
        or bool(hit and (hit[2] or hit[0] >= geo.BIG_CITY))


def _reading(word: str, countries: frozenset[str] = frozenset()) -> tuple[str | None, str | None]:
    """(new label, None) or (None, reason to drop) or (None, None): what a one-word name without
    person evidence is."""
    from kg.stages.extract.junk import is_english_word

    if any(c.isdigit() for c in word):
        return None, "no person: a name with a digit"
    if word.isupper() and len(word) >= 2:  # an acronym: a country's ("UK") or a body's ("NPR")
        return ("GPE" if geo.country_code(word) else "ORG"), None
    if _placed(word, countries):
        return "GPE", None
    if is_english_word(word):
        return None, "no person: a common word"
    return None, None


def review_one_word_persons(doc: Doc, mentions: list[Mention], dropped: list[DroppedName]) -> list[Mention]:
    """Rule (one-word-person-evidence): the mentions of ``doc`` with each one-word PERSON name that
    has no person evidence (:func:`has_evidence`) relabelled or dropped (appended to ``dropped``
    with its reason); ids renumbered ``0..n-1``.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> from kg.stages.extract.mentions import find_mentions
    >>> doc = load_model()("Attendance said the talks went well. Ms Attendance left for Moscow.")
    >>> [m.text for m in review_one_word_persons(doc, find_mentions(doc), [])][:1]
    ['Attendance']
    """
    words: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.kind == "name" and m.label == "PERSON" and " " not in m.text.strip():
            words[m.text].append(m)
    verdict: dict[str, tuple[str | None, str | None]] = {}
    for word in words:
        if not has_evidence(doc, word, mentions):
            verdict[word] = _reading(word, doc_countries(doc))
    if not any(label or reason for label, reason in verdict.values()):
        return mentions
    out: list[Mention] = []
    for m in mentions:
        label, reason = verdict.get(m.text, (None, None)) if m.kind == "name" and m.label == "PERSON" else (None, None)
        if reason:
            dropped.append(DroppedName(m.text, reason, m.start, m.end))
            continue
        out.append(replace(m, id=len(out), label=label or m.label))
    dropped.sort(key=lambda d: (d.start, d.end))
    return out
