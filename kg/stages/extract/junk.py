"""What NER tags as a name but is no entity: rules that trim or drop a name span, with a reason.

spaCy's small English model tags whatever looks like a name. On real news that includes times
and time zones ("0040 UTC"), bylines and credits on a line of their own ("((WN))"), photo
captions glued to a name by scraping ("Jo JorgensenImage"), fragments with an unbalanced bracket
or quote ("World Health Organization (WHO"), words of another script in a Latin name
("COVID-19 से"), sentences in another language altogether, common words capitalised at the
start of a sentence ("Escape rooms see ...", "Amongst reported incidents ..."), an interview's
speaker labels ("((WN)) How did you ..."), a job title alone ("Councillor") and a count after a
dash in a table ("Sinn Féin - 7"). Measured on the
284 Wikinews articles before these rules: 32 of 160 randomly sampled entity nodes were such junk
(``tests/gold/wikinews_entities.gold.json``).

Each rule is a small function of the span (and the document's capitalisation facts) that returns
a reason or None; :func:`screen` runs them in :data:`RULES` order and returns what is left of the
span with the reason it was cut or dropped. A name written wholly in another script inside an
English sentence ("Владимир Путин") is kept: only sentences that are not English, and names that
mix scripts, are not read. What was dropped is kept with its reason
(:class:`~kg.records.Extraction` ``dropped``) so a user can check the filter (``kg stats --dropped``).

Word data: time-zone abbreviations come from dateparser's table; common English words are those of
the spaCy model's own lemmatizer index (WordNet's) and spaCy's stop words, less the names kg's
gazetteers know ("Iran" is in WordNet; a name the document capitalises mid-sentence, "Trump",
"May", is never a common word there); the few caption and law words are in
``kg/world/data/mention_words.toml``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.world.words import titles, word_set

__all__ = ["screen", "capitalised_words", "is_common_word", "is_dictionary_word", "english_words", "is_english_word", "RULES", "Screened"]

_CAPTION_WORDS = word_set("mention_words", "caption_words")
_LAW_WORDS = word_set("mention_words", "law_words")
_VESSEL_PREFIXES = word_set("mention_words", "vessel_prefixes")
_ARTICLES = word_set("mention_words", "articles")
_ADJECTIVE_PREFIXES = word_set("mention_words", "adjective_prefixes")
_PREFIXED_WORD = re.compile(r"(" + "|".join(sorted(_ADJECTIVE_PREFIXES)) + r")-[^\W\d_][\w'’]*", re.IGNORECASE)
_DEGREES = word_set("mention_words", "academic_degrees")
_DEGREE_HEADS = word_set("mention_words", "degree_heads")
#: determiners and possessives that make the noun they govern a common noun ("an Oscar", "its API")
_COMMON_DETERMINERS = word_set("mention_words", "common_noun_determiners")
_INDEFINITE = word_set("mention_words", "indefinite_determiners")
#: a state's bodies named by a common word ("Parliament voted ...") are names
_BODIES = word_set("mention_words", "body_words")
_CAPTION_GLUE = re.compile(r"[a-z](" + "|".join(sorted(w.capitalize() for w in _CAPTION_WORDS)) + r")s?$")
#: a caption line's head: a name, a capitalised caption word and a colon ("Ross Perot Image:")
_CAPTION_LINE = re.compile(r"[^\n:]{2,80}?\b(?:" + "|".join(sorted(w.capitalize() for w in _CAPTION_WORDS)) + r")s?:[ \t]")
_OPENERS = {"(": ")", "[": "]", "{": "}", "“": "”", "«": "»"}
_CLOCK = re.compile(r"^\d{1,2}([:.]\d{2})?$|^\d{4}$|^[ap]\.?m\.?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Screened:
    """A span after screening: what is left of it (None: dropped) and why it changed."""

    span: Span | None
    reason: str | None = None


@functools.cache
def _time_zones() -> frozenset[str]:
    """Time-zone abbreviations ("UTC", "BST", "EST"), from dateparser's table."""
    from dateparser import timezones

    out = set()
    for info in timezones.timezone_info_list:
        for name, _ in info["timezones"]:
            if re.fullmatch(r"[A-Z]{2,5}", name):
                out.add(name)
    return frozenset(out)


@functools.lru_cache(maxsize=4)
def _dictionary(lookups) -> frozenset[str]:
    """The English words of the model's lemmatizer index (WordNet's nouns, verbs, adjectives and
    adverbs: common words, few names) and spaCy's stop words."""
    words = set(_stop_words())
    for table in lookups.get_table("lemma_index").values():
        words.update(table)
    return frozenset(words)


def _common_word(word: str, doc: Doc) -> bool:
    """Whether a lower-case word is a dictionary word (in a plural or -ly form too)."""
    lookups = _lemma_lookups(doc)
    if lookups is None:
        return False
    words = _dictionary(lookups)
    forms = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word,
             word[:-3] + "y" if word.endswith("ies") else word, word[:-2] if word.endswith("ly") else word}
    return bool(forms & words)


@functools.cache
def english_words() -> frozenset[str]:
    """The dictionary of :func:`is_dictionary_word` without a Doc at hand: the words of the
    lemmatizer index of kg's default English pipeline (loaded once per process), for the rules
    that read names after parsing (:mod:`kg.stages.resolve.names`)."""
    from kg.stages.nlp import lemma_lookups, load_model

    lookups = lemma_lookups(load_model().vocab)
    return _dictionary(lookups) if lookups is not None else frozenset(_stop_words())


def is_english_word(word: str) -> bool:
    """Whether a word is, in lower case, a common English word of :func:`english_words` (a
    plural too).

    >>> is_english_word("Talon"), is_english_word("Hornets"), is_english_word("Tsapkala")
    (True, True, False)
    """
    low = word.lower()
    words = english_words()
    return low in words or (low.endswith("s") and low[:-1] in words) or (low.endswith("es") and low[:-2] in words)


def is_dictionary_word(word: str, doc: Doc) -> bool:
    """Whether a lower-case ``word`` is a common English word of the model's dictionary, in any
    case the document writes it ("federal", "mobile"; a plural or -ly form too)."""
    return _common_word(word, doc)


def is_common_word(tok) -> bool:
    """Whether a capitalised token is a common English word the document never capitalises
    mid-sentence ("Historian" at a sentence's start) and no name kg's gazetteers know."""
    low = tok.lower_
    return tok.text.istitle() and low not in capitalised_words(tok.doc) and not _known_name(tok.text) \
        and _common_word(low, tok.doc)


def _lemma_lookups(doc: Doc):
    """The lookups of the pipeline that parsed ``doc`` (its lemmatizer's), if kg loaded it."""
    from kg.stages.nlp import lemma_lookups

    return lemma_lookups(doc.vocab)


def _script(ch: str) -> str:
    """"latin", "other" or "" (not a letter, or a modifier letter that any script writes: the
    ʻokina of "Nukuʻalofa", the ʼ of "Moʼmin") for one character.

    >>> [_script(c) for c in "aʻ中1"]
    ['latin', '', 'other', '']
    """
    if not ch.isalpha() or unicodedata.category(ch) == "Lm":
        return ""
    return "latin" if unicodedata.name(ch, "").startswith("LATIN") else "other"


def _scripts(text: str) -> set[str]:
    return {s for s in map(_script, text) if s}


def _text(doc: Doc) -> str:
    """The document's text (``Doc.text`` rebuilds it from the tokens on every call: once per Doc;
    uncached, the credit-line rule was quadratic in a document's length: 90 of 113 s on a
    104,000-character interview, measured under cProfile)."""
    cached = doc.user_data.get("kg_text")
    if cached is None:
        cached = doc.user_data["kg_text"] = doc.text
    return cached


def capitalised_words(doc: Doc) -> frozenset[str]:
    """Lower-cased words the document writes capitalised other than at the start of a sentence
    (computed once per Doc)."""
    cached = doc.user_data.get("kg_capitalised")
    if cached is None:
        cached = doc.user_data["kg_capitalised"] = frozenset(
            t.lower_ for t in doc if t.text[:1].isupper() and not t.is_sent_start
            and not (t.i > 0 and (doc[t.i - 1].is_punct and doc[t.i - 1].text in "\"“‘'(:" or doc[t.i - 1].is_space)))
    return cached


# ----------------------------------------------------------------------------- rules
# Each rule: (span) -> (span left, reason); the span unchanged and reason None when it does not apply.


def not_english_sentence(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a name in a sentence that is mostly in another script is not read ("हमारे जैसे")."""
    return (None, "sentence not in English") if _foreign_tokens(span.doc)[span.start] else (span, None)


def _foreign_tokens(doc: Doc) -> list[bool]:
    """Per token: is its sentence mostly in another script? (computed once per Doc)"""
    cached = doc.user_data.get("kg_foreign_tokens")
    if cached is None:
        cached = [False] * len(doc)
        sents = doc.sents if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else [doc[:]]
        for sent in sents:
            text = sent.text
            if text.isascii():
                continue
            letters = [s for s in map(_script, text) if s]
            if letters and letters.count("other") > len(letters) / 2:
                cached[sent.start:sent.end] = [True] * len(sent)
        doc.user_data["kg_foreign_tokens"] = cached
    return cached


def mixed_script(span: Span) -> tuple[Span | None, str | None]:
    """Rule: words of another script at the edge of a Latin name are cut ("COVID-19 से");
    a name that still mixes scripts is a fragment."""
    if len(_scripts(span.text)) < 2:
        return span, None
    toks = list(span)
    a, b = 0, len(toks)
    while a < b and _scripts(toks[a].text) - {"latin"}:
        a += 1
    while b > a and _scripts(toks[b - 1].text) - {"latin"}:
        b -= 1
    rest = span.doc[span.start + a:span.start + b]
    if b <= a or len(_scripts(rest.text)) > 1:
        return None, "mixed-script fragment"
    return rest, "mixed-script fragment"


def unbalanced(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a name is cut before a bracket or quote it does not close ("World Health
    Organization (WHO" -> "World Health Organization"; 'Twitter "Youtube-dl' -> "Twitter")."""
    depth: list[tuple[str, int]] = []
    cut = None
    for k, tok in enumerate(span):
        if tok.text in _OPENERS or (tok.text == '"' and not any(o == '"' for o, _ in depth)):
            depth.append((tok.text, k))
        elif depth and (tok.text == _OPENERS.get(depth[-1][0]) or tok.text == '"' == depth[-1][0]):
            depth.pop()
    if depth:
        cut = depth[0][1]
    if cut is None:
        return span, None
    rest = span.doc[span.start:span.start + cut]
    while len(rest) and (rest[-1].is_punct or rest[-1].is_space):
        rest = rest.doc[rest.start:rest.end - 1]
    return (rest if len(rest) else None), "unbalanced bracket or quote"


def time_zone(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a time zone after a clock time is no entity ("0040 UTC", "7:49 a.m. UTC")."""
    if len(span) != 1 or span.text not in _time_zones():
        return span, None
    before = span.doc[max(0, span.start - 2):span.start]
    if span.text in ("UTC", "GMT") or any(_CLOCK.match(t.text) or t.like_num for t in before):
        return None, "time or time zone"
    return span, None


def caption(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a name glued to a caption word by scraping is a photo caption ("Jo JorgensenImage")."""
    if any(_CAPTION_GLUE.search(t.text) for t in span):
        return None, "photo caption or credit"
    return span, None


def caption_line(span: Span) -> tuple[Span | None, str | None]:
    """Rule: on a caption line ("Ross Perot Image: Allan Warren."), the caption word is no part of
    the pictured person's name ("Ross Perot"), and the name after the colon is a credit."""
    text = _text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    head = _CAPTION_LINE.match(text, start)
    end = text.find("\n", start)
    if head is None or len(text[head.end():len(text) if end < 0 else end].strip()) > 60:
        return span, None  # a credit is short: "Image: Allan Warren."
    if span.start_char >= head.end():
        return None, "photo caption or credit"
    if span[-1].lower_.rstrip("s") in _CAPTION_WORDS and len(span) > 1 and span.end_char <= head.end():
        return span.doc[span.start:span.end - 1], "photo caption or credit"
    return span, None


def credit_line(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a name alone on its line (a byline, a site's credit, "((WN))") is no mention."""
    text = _text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    line = text[start:len(text) if end < 0 else end]
    rest = line[:span.start_char - start] + line[span.end_char - start:]
    if line.strip() and not any(c.isalnum() for c in rest):
        return None, "byline, credit or caption line"
    return span, None


def speaker_label(span: Span) -> tuple[Span | None, str | None]:
    """Rule: the speaker's label of an interview's line ("((WN)) How did you ...", "((Sara Seager))
    Super Earths.") is no mention: the interviewer is the site, and the interviewee is named in
    the text around."""
    text = _text(span.doc)
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    speech = text[span.end_char + 2:len(text) if end < 0 else end].strip()
    if text[start:span.start_char].strip() == "((" and text[span.end_char:span.end_char + 2] == "))" and speech:
        return None, "interview speaker's label"
    return span, None


def dangling_word(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a name does not end in a function word NER took from the words after it ("Grand
    Masters and", "Patrice Talon of", "Candace Windfall as"), nor an organisation's or a place's
    in a common noun ("Associated Press news agency"): the words are cut. (A long form the
    document defines an acronym by is read to its end afterwards: "Organisation for Economic
    Co-operation and Development (OECD)", :mod:`kg.stages.extract.acronyms`.)"""
    end = len(span)
    while end > 1 and span[end - 1].is_alpha and span[end - 1].text.islower() and span[end - 1].lower_ in _stop_words():
        end -= 1
    if end < len(span):
        return span.doc[span.start:span.start + end], "name cut at a function word"
    # Rule: an organisation's or a place's name does not end in a common noun in lower case
    # ("Associated Press news agency", "RMT union"): the noun describes it
    while end > 1 and span.label_ != "PERSON" and span[end - 1].is_alpha and span[end - 1].text.islower() \
            and _common_word(span[end - 1].lower_, span.doc):
        end -= 1
    if end < len(span):
        return span.doc[span.start:span.start + end], "name with a common noun after it"
    return span, None


def common_noun_use(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a name used as a common noun is no entity: an academic degree ("a PhD"), a name at
    the head of a noun phrase with an indefinite article ("an Oscar", "a Beechcraft Sierra"), or
    an acronym with a possessive pronoun or a common noun before it ("its API", "her BA", "the
    modding API"). A name that only modifies a noun ("a NATO member") stays, and so do persons
    and the names kg's gazetteers know ("his France", "a New York City" are names).

    Measured on the 284 Wikinews articles: read for every name (possessives, and persons and
    known places too), the rule dropped 65 distinct names, 15 of them real actors (Trump, France,
    the Labour Party); as it is, 33, of which 4 are actors (the European Union, a "Prakash" and
    the press agency PAP in "State press agency PAP", the Middle East)."""
    if span.text.lower().rstrip("s") in _DEGREES or span.text.lower() in _DEGREES:
        return None, "academic degree"
    acronym = len(span) == 1 and span.text.isupper() and len(span.text) >= 2
    if span.label_ in ("NORP", "PERSON") and not acronym or _known_name(span.text):
        return span, None
    root = span.root
    if root.dep_ in ("compound", "amod", "nmod", "poss"):
        return span, None
    for child in root.children:
        if child.i >= span.start or child.lower_ not in _COMMON_DETERMINERS:
            continue
        if child.dep_ == "det" and child.lower_ in _INDEFINITE or acronym and child.dep_ in ("det", "poss"):
            return None, "common noun"
    for child in root.children:
        if acronym and child.i < span.start and child.dep_ == "compound" and child.pos_ == "NOUN" \
                and child.text.islower():
            return None, "common noun"  # a common noun modifies an acronym: "the modding API"
    return span, None


def degree_name(span: Span) -> tuple[Span | None, str | None]:
    """Rule (degree-name): a degree written out, a head of ``mention_words.toml`` ``degree_heads``,
    "of" and a subject ("Bachelor of Education", "Master of Science"), is no entity."""
    words = [t for t in span if t.lower_ not in _ARTICLES]
    if len(words) >= 3 and words[0].lower_ in _DEGREE_HEADS and words[1].lower_ == "of":
        return None, "academic degree"
    return span, None


def hashtag(span: Span) -> tuple[Span | None, str | None]:
    """Rule (hashtag): a name written right after "#" is a hashtag ("#DemDebate"), no entity."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].text.endswith("#") and not doc[span.start - 1].whitespace_:
        return None, "hashtag"
    return span, None


def bare_title(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a job title alone that NER read as an organisation's or a place's name is no name
    ("Councillor" tagged ORG); read as a person's it stays, a reference to one ("the Queen")."""
    if span.label_ == "PERSON":
        return span, None
    words = tuple(t.lower_ for t in span if t.lower_ not in _ARTICLES)
    return (None, "title without a name") if words and words in set(titles()) else (span, None)


def trailing_count(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a count after a dash is no part of a name ("Sinn Féin - 7" in a table of seats): cut."""
    k = len(span)
    while k > 1 and span[k - 1].like_num:
        k -= 1
    if 1 < k < len(span) and span[k - 1].text in ("-", "–", "—", ":"):
        return span.doc[span.start:span.start + k - 1], "count after a name"
    return span, None


def _vessel_prefix(tok) -> bool:
    return tok.lower_ in _VESSEL_PREFIXES or tok.lower_.replace(".", "") in _VESSEL_PREFIXES


def measure_after(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a number and the lower-case words after it are no part of a name NER read them into
    ("placed Humberto 785 miles west of Bermuda"): cut before the number. (A number that ends a
    name stays: "Apollo 11", "Lion Air Flight 610".)"""
    for k in range(1, len(span) - 1):
        if span[k].like_num and all(t.text.islower() for t in span[k + 1:]):
            return span.doc[span.start:span.start + k], "name cut at a measure"
    return span, None


def _ship_names(doc: Doc) -> frozenset[str]:
    """The names a document writes after a ship's prefix ("Grayback" of "the U.S.S. Grayback"; once per Doc)."""
    cached = doc.user_data.get("kg_ship_names")
    if cached is None:
        out = set()
        for tok in doc[:-1]:
            if _vessel_prefix(tok):
                end = tok.i + 1
                while end < len(doc) and doc[end].text[:1].isupper():
                    end += 1
                out.add(doc[tok.i + 1:end].text)  # the whole name: "USS Abraham Lincoln" leaves "Lincoln" alone
        cached = doc.user_data["kg_ship_names"] = frozenset(out)
    return cached


def vessel(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a ship is no actor: a name that a ship's prefix begins ("the U.S.S. Grayback"), or that
    follows one and the capitalised words after it ("MV Professor Albrecht Penck"), or one word
    that the document writes so elsewhere ("the Grayback"; a ship named after a person, "MV Alan
    Kurdi", leaves the person "Alan Kurdi" alone); the prefixes are ``mention_words.toml``
    ``vessel_prefixes``."""
    first = next((t for t in span if t.lower_ not in _ARTICLES), None)
    if first is not None and (_vessel_prefix(first) or first.i == span.end - 1 and first.text in _ship_names(span.doc)):
        return None, "ship's name"
    i = span.start - 1
    while i >= 0 and span.start - i <= 3 and span.doc[i].text[:1].isupper():
        if _vessel_prefix(span.doc[i]):
            return None, "ship's name"
        i -= 1
    return span, None


def prefixed_adjective(span: Span) -> tuple[Span | None, str | None]:
    """Rule: one hyphenated word with a prefix of ``mention_words.toml`` ``adjective_prefixes`` is
    an adjective or a common noun ("a pan-Africanist", "the two Post-Soviet states"), no name."""
    if _PREFIXED_WORD.fullmatch(span.text.strip()):
        return None, "prefixed adjective"
    return span, None


def law(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a bill or act named by NER is a law, not an actor ("Reproductive Health Care Reform Bill")."""
    if len(span) > 1 and span[-1].text.istitle() and span[-1].lower_ in _LAW_WORDS:
        return None, "law or bill"
    return span, None


def common_word(span: Span) -> tuple[Span | None, str | None]:
    """Rule: a common English word capitalised only because it starts a sentence is no name
    ("Escape rooms see ...", "Amongst reported incidents ...", "Bloody hell ..."): one word, at a
    sentence start, never capitalised elsewhere in the document, and read as a common word: the
    tagger calls it no proper noun, or it is a function word or an -ly adverb, or a plural of a
    dictionary noun, or the document writes it in lower case elsewhere. ("Greenpeace" at the start
    of a sentence is a proper noun of WordNet's too, and stays.)"""
    if len(span) != 1 or span.label_ == "NORP":
        return span, None
    tok = span[0]
    at_start = tok.is_sent_start or (tok.i > 0 and (span.doc[tok.i - 1].is_space or span.doc[tok.i - 1].text in "\"“‘'(:"))
    low = tok.lower_
    if not (at_start and tok.text.istitle()) or low in capitalised_words(span.doc) or low in _BODIES \
            or _known_name(tok.text):
        return span, None
    proper = tok.tag_ in ("NNP", "NNPS") or (not tok.tag_ and tok.pos_ == "PROPN")
    common = (not proper and _common_word(low, span.doc)) or low in _stop_words() \
        or (low.endswith("ly") and _common_word(low[:-2], span.doc)) \
        or (tok.tag_ == "NNPS" and low.endswith("s") and _common_word(low, span.doc)) \
        or low in _lower_words(span.doc)
    return (None, "common word at the start of a sentence") if common else (span, None)


@functools.cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _lower_words(doc: Doc) -> frozenset[str]:
    """Words the document writes in lower case (computed once per Doc)."""
    cached = doc.user_data.get("kg_lower_words")
    if cached is None:
        cached = doc.user_data["kg_lower_words"] = frozenset(t.text for t in doc if t.text.islower())
    return cached


def _known_name(text: str) -> bool:
    """A name kg's gazetteers know (a country, demonym, city, region or known actor)."""
    from kg.world import actors, geo

    return bool(geo.place_code(text) or geo.demonym_code(text) or actors.actor_country(text, person=True, titled=True))


#: the rules in the order they run: a trimmed span goes on to the next rule
RULES: tuple[Callable[[Span], tuple[Span | None, str | None]], ...] = (
    not_english_sentence, mixed_script, speaker_label, unbalanced, dangling_word, time_zone, caption, caption_line, credit_line, law, measure_after, vessel,
    prefixed_adjective, common_noun_use, trailing_count, bare_title, degree_name, hashtag,
    common_word,
)


def screen(span: Span, *, rules=RULES) -> Screened:
    """Run ``rules`` on a name span: what is left (None if dropped) and the first reason it changed.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("Mike Ryan of the World Health Organization (WHO) spoke at 0040 UTC.")
    >>> [(e.text, screen(e).span and screen(e).span.text, screen(e).reason) for e in doc.ents if e.label_ == "ORG"]
    [('the World Health Organization (WHO', 'the World Health Organization', 'unbalanced bracket or quote'), ('UTC', None, 'time or time zone')]
    """
    reason = None
    for rule in rules:
        left, why = rule(span)
        reason = reason or why
        if left is None:
            return Screened(None, reason)
        if left.label != span.label:  # a cut span keeps its NER label
            left = Span(left.doc, left.start, left.end, label=span.label)
        span = left
    return Screened(span, reason)
