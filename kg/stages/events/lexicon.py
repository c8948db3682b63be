"""The event lexicon: triggers (words that express a PLOVER category) and their matching.

The lexicon (``kg/stages/events/data/events.toml``, or a user's own file) maps verb and noun lemmas to
PLOVER categories. Lemmas are matched with a PhraseMatcher on the LEMMA attribute (a hash
look-up per token, cheap beside the parse); an entry's structural condition (a required
object, particle, compound or modal complement) is checked on the trigger's dependents.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.errors import KGError
from kg.records import PLOVER_CATEGORIES
from kg.stages.events.grammar import object_predicate, pobjs, second_objects
from kg.stages.events.tables import WORDS

__all__ = ["Trigger", "Lexicon", "NO_EVENT"]

#: the category of an entry that says a reading is no event ("took control of the House": no arrest)
NO_EVENT = "NONE"

@dataclass(frozen=True)
class Trigger:
    """One lexicon entry for one part of speech."""

    category: str
    pos: str  # "VERB" or "NOUN"
    lemmas: tuple[str, ...]
    objects: tuple[str, ...] = ()
    particle: tuple[str, ...] = ()
    compound: str | None = None  # for multiword nouns: the modifier ("phone" in "phone call")
    complement_aux: tuple[str, ...] = ()  # fire only with a clause complement using these modals
    preps: tuple[str, ...] = ()
    #: the entry is a pattern that needs one of its ``preps`` on the word ("fly to"); with no
    #: ``objects`` it also needs the verb to have no direct object ("flew fighters to Syria")
    prep_required: bool = False
    #: the verb needs an object predicate after its object ("called the deal *a disaster*")
    predicate: bool = False
    symmetric: bool = False
    indirect: bool = False
    between: bool = False
    confidence: float = 0.7
    #: where the entry comes from: "kg" (written for kg) or "cameo" (derived from PETRARCH-2's
    #: CAMEO dictionary); a written entry is preferred to a derived one for the same word
    origin: str = "kg"

    @property
    def specificity(self) -> int:
        return (1 + bool(self.objects) + bool(self.particle) + bool(self.compound) + bool(self.complement_aux)
                + self.prep_required + self.predicate)

    @property
    def rank(self) -> tuple[bool, int]:
        """Which of two entries matched at one word reads it: a written one before a derived one,
        then the more specific."""
        return (self.origin == "kg", self.specificity)


#: the keys a ``[[trigger]]`` entry may have (the schema in ``data/README.md``)
_TRIGGER_KEYS = frozenset({"category", "verbs", "adjectives", "nouns", "objects", "particle", "complement_aux",
                           "preps", "prep_required", "predicate", "symmetric", "indirect", "between",
                           "confidence"})
_WORD_KEYS = ("verbs", "adjectives", "nouns")


def _check_schema(data: dict, source: str) -> None:
    """Refuse (E106) a lexicon whose keys are not the schema's: a misspelt table or key
    ("[[triggers]]", "verb =") would otherwise read as a lexicon with fewer entries, without a word."""
    unknown = sorted(set(data) - {"trigger", "light_verbs", "lemma_fixes"})
    if unknown:
        raise KGError("E106", path=source, line="?", detail=f"unknown table {unknown[0]!r} (expected [[trigger]], "
                                                             "[light_verbs] and [lemma_fixes])")
    entries = data.get("trigger", [])
    if not isinstance(entries, list) or not entries:
        raise KGError("E106", path=source, line="?", detail="no [[trigger]] entries")
    for n, entry in enumerate(entries, 1):
        wrong = sorted(set(entry) - _TRIGGER_KEYS)
        if wrong:
            raise KGError("E106", path=source, line=f"trigger {n}", detail=f"unknown key {wrong[0]!r}")
        if not any(entry.get(key) for key in _WORD_KEYS):
            raise KGError("E106", path=source, line=f"trigger {n}", detail="no verbs, adjectives or nouns")


@dataclass
class Lexicon:
    """Event triggers and light verbs, loaded from TOML.

    Examples
    --------
    >>> lex = Lexicon.load()
    >>> sorted({t.category for t in lex.triggers} - {NO_EVENT}) == sorted(PLOVER_CATEGORIES)
    True
    >>> sorted({t.origin for t in lex.triggers})  # derived from CAMEO, and kg's written entries
    ['cameo', 'kg']
    """

    triggers: list[Trigger]
    light_verbs: frozenset[str]
    #: word forms the model lemmatizes wrongly -> their lemma ("staged" -> "stage", not "stag")
    lemma_fixes: dict[str, str] = field(default_factory=dict)
    _matchers: dict[int, tuple] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """kg's lexicon, or a user's file (which takes the place of kg's written entries; the
        derived CAMEO entries stay, read after it)."""
        if path is None:
            return _default_lexicon()
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise KGError("E101", path=path) from None
        except UnicodeDecodeError as exc:
            raise KGError("E104", path=path, detail=str(exc)) from None
        except tomllib.TOMLDecodeError as exc:  # "... (at line 3, column 5)": the line goes first
            at = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
            detail = str(exc)[:at.start()].strip() if at else str(exc)
            raise KGError("E106", path=path, line=at.group(1) if at else "?",
                          detail=f"not a TOML lexicon ({detail})") from None
        except OSError as exc:
            raise KGError("E106", path=path, line="?", detail=f"cannot read lexicon ({exc.strerror or exc})") from None
        return cls.from_dict(data, source=str(path)) + cameo_lexicon()

    @classmethod
    def from_dict(cls, data: dict, *, source: str = "lexicon", origin: str = "kg") -> Lexicon:
        _check_schema(data, source)
        triggers: list[Trigger] = []
        for n, entry in enumerate(data.get("trigger", []), 1):
            category = str(entry.get("category", "")).upper()
            if category not in PLOVER_CATEGORIES and category != NO_EVENT:
                raise KGError("E106", path=source, line=f"trigger {n}", detail=f"unknown PLOVER category {category!r}")
            common = dict(
                origin=origin,
                category=category,
                objects=tuple(entry.get("objects", ())),
                particle=tuple(entry.get("particle", ())),
                complement_aux=tuple(entry.get("complement_aux", ())),
                preps=tuple(entry.get("preps", ())),
                prep_required=bool(entry.get("prep_required", False)),
                predicate=bool(entry.get("predicate", False)),
                symmetric=bool(entry.get("symmetric", False)),
                indirect=bool(entry.get("indirect", False)),
                between=bool(entry.get("between", False)),
                confidence=float(entry.get("confidence", 0.7)),
            )
            if entry.get("verbs"):
                triggers.append(Trigger(pos="VERB", lemmas=tuple(entry["verbs"]), **common))
            if entry.get("adjectives"):
                triggers.append(Trigger(pos="ADJ", lemmas=tuple(entry["adjectives"]),
                                        **{**common, "objects": (), "particle": (), "complement_aux": (), "predicate": False}))
            single = tuple(w for w in entry.get("nouns", ()) if " " not in w)
            if single:
                triggers.append(Trigger(pos="NOUN", lemmas=single, **{**common, "objects": (), "particle": (),
                                                                     "complement_aux": ()}))
            for phrase in (w for w in entry.get("nouns", ()) if " " in w):
                *mods, head = phrase.split()
                triggers.append(Trigger(pos="NOUN", lemmas=(head,), compound=mods[-1],
                                        **{**common, "objects": (), "particle": (), "complement_aux": (), "predicate": False}))
        fixes = {str(form).lower(): str(lemma).lower() for form, lemma in data.get("lemma_fixes", {}).items()}
        light = frozenset(data.get("light_verbs", {}).get("lemmas", ()))
        # Rule: a misread form of a light verb is a light verb ("staged" read as "stag").
        light |= {form for form, lemma in fixes.items() if lemma in light}
        return cls(triggers=triggers, light_verbs=light, lemma_fixes=fixes)

    def __add__(self, other: Lexicon) -> Lexicon:
        """Both lexicons' entries (this one's first) and light verbs."""
        return Lexicon(triggers=[*self.triggers, *other.triggers], light_verbs=self.light_verbs | other.light_verbs,
                       lemma_fixes={**other.lemma_fixes, **self.lemma_fixes})

    def _compile(self, vocab: Vocab) -> tuple[PhraseMatcher, dict[tuple[str, str], list[int]]]:
        """A PhraseMatcher on lemmas for ``vocab`` (built once) and the entries of each (pos, lemma)."""
        key = id(vocab)
        if key not in self._matchers:
            words = PhraseMatcher(vocab, attr="LEMMA")
            by_lemma: dict[tuple[str, str], list[int]] = {}
            for n, trig in enumerate(self.triggers):
                for lemma in trig.lemmas:
                    by_lemma.setdefault((trig.pos, lemma), []).append(n)
            for pos_lemma in sorted(by_lemma):
                words.add("|".join(pos_lemma), [Doc(vocab, words=[pos_lemma[1]], lemmas=[pos_lemma[1]])])
            self._matchers[key] = (words, by_lemma)
        return self._matchers[key]

    def matches(self, doc: Doc) -> list[tuple[int, list[int]]]:
        """(trigger index, token indices) for every trigger match in ``doc``, the trigger token first.

        Lemmas are found with spaCy's PhraseMatcher (one hash look-up per token); an entry's
        structural condition (an object, a particle, a compound, a modal complement) is then
        checked on the trigger's dependents.
        """
        words, by_lemma = self._compile(doc.vocab)
        found = [(start, doc.vocab.strings[match_id].split("|", 1)[1]) for match_id, start, _ in words(doc)]
        if self.lemma_fixes:  # Rule: a form the model lemmatizes wrongly is read by its true lemma
            found += [(t.i, self.lemma_fixes[t.lower_]) for t in doc
                      if t.lower_ in self.lemma_fixes and t.lemma_.lower() != self.lemma_fixes[t.lower_]]
            found.sort()
        out: list[tuple[int, list[int]]] = []
        for start, lemma in found:
            tok = doc[start]
            pos = ("VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN")
                   else "ADJ" if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "amod") else None)
            if pos == "VERB" and tok.tag_ == "VBN" and ("ADJ", tok.lower_) in by_lemma \
                    and any(c.dep_ == "auxpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children):
                pos, lemma = "ADJ", tok.lower_  # "Israel is opposed to ...": a predicate, not a passive
            for n in by_lemma.get((pos, lemma), ()):
                extra = _structure(self.triggers[n], tok)
                if extra is not None:
                    out.append((n, [start, *extra]))
        return out


def _structure(trig: Trigger, tok: Token) -> list[int] | None:
    """Token indices that satisfy the entry's structural condition, or None when it fails."""
    extra: list[int] = []
    if trig.objects:  # Rule: verb + object ("signed a pact"), also through a part or a measure
        # ("suspended part of an aid program", "gave 5.1 million dollars of aid")
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        objs += [o for c in objs if c.lemma_ in WORDS.part_words
                 for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for o in pobjs(p)]
        objs += second_objects(tok)
        obj = next((c for c in objs if c.lemma_ in trig.objects), None)
        if obj is None:
            return None
        extra.append(obj.i)
    if trig.particle:  # Rule: phrasal verb ("called for", "pulled out")
        prt = next((c for c in tok.children if c.dep_ in ("prt", "prep") and c.lower_ in trig.particle), None)
        if prt is None:
            return None
        extra.append(prt.i)
    if trig.compound:  # Rule: multiword noun ("phone call")
        mod = next((c for c in tok.children if c.dep_ in ("compound", "amod", "nmod") and c.lower_ == trig.compound), None)
        if mod is None:
            return None
        extra.append(mod.i)
    if trig.prep_required:  # Rule: verb + preposition ("fly to X"), and no object unless one is named
        prep = next((c for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in trig.preps), None)
        # (an object the parser calls a predicate counts, "CNN called Nevada[oprd] for Biden"; a
        # date it calls one does not, "called Thursday[oprd] on Arabs to unite")
        if prep is None or not trig.objects and any(
                c.dep_ == "dobj" or c.dep_ == "oprd" and c.ent_type_ not in ("DATE", "TIME") for c in tok.children):
            return None
        extra.append(prep.i)
    if trig.predicate:  # Rule: verb + object + object predicate ("called the deal a disaster")
        pred = object_predicate(tok)
        if pred is None:
            return None
        extra.append(pred.i)
    if trig.complement_aux:  # Rule: statement that someone must act ("said Sudan must return")
        modal = next((a for c in tok.children if c.dep_ == "ccomp" for a in c.children
                      if a.dep_ == "aux" and a.lower_ in trig.complement_aux), None)
        if modal is None:
            return None
        extra.append(modal.i)
    return extra


def _packaged(name: str, origin: str) -> Lexicon:
    text = resources.files("kg").joinpath(f"stages/events/data/{name}").read_text(encoding="utf-8")
    return Lexicon.from_dict(tomllib.loads(text), source=f"kg/stages/events/data/{name}", origin=origin)


@functools.cache
def cameo_lexicon() -> Lexicon:
    """The entries derived from PETRARCH-2's CAMEO verb dictionary (``data/cameo.toml``, made by
    ``docs/make_lexicon.py``)."""
    return _packaged("cameo.toml", "cameo")


@functools.cache
def _default_lexicon() -> Lexicon:
    """kg's written entries (``data/events.toml``), then the derived CAMEO ones."""
    return _packaged("events.toml", "kg") + cameo_lexicon()
