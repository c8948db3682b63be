"""Entity mentions: names from spaCy's NER, cleaned, with titles, countries and demonyms.

Pure functions from a spaCy ``Doc`` to :class:`~kg.records.Mention` records:

- names (PERSON, ORG, GPE, LOC, FAC, EVENT, PRODUCT, NORP) with junk spans dropped;
- demonyms ("Russian", "Israeli") as mentions of their country;
- nominal mentions of people by role ("the Russian leader", "the US president") for coreference;
- group nominals tied to a country ("Hungarian officials", "Iran's government").
"""

from __future__ import annotations

import functools

import numpy as np
from spacy.tokens import Doc, Span, Token

from kg.records import DroppedName, Mention
from kg.stages.extract.acronyms import definitions
from kg.stages.extract.junk import is_common_word, is_dictionary_word, screen
from kg.stages.extract.name_context import doc_countries
from kg.stages.extract.person_titles import person_title
from kg.stages.extract.place_names import (
    country_of_longer_place,
    place_before_head,
    possessive_place,
)
from kg.world import geo
from kg.world.words import titles, word_set

__all__ = ["find_mentions", "titles", "NAME_LABELS", "GROUP_NOUNS"]

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT"})
#: personal pronouns (``kg/world/data/pronouns.toml``)
PRONOUNS = word_set("pronouns", "pronouns")
#: nouns that stand for a state's institutions when a demonym or country modifies them
#: (``kg/world/data/mention_words.toml``)
GROUP_NOUNS = word_set("mention_words", "group_nouns")
# Titles spaCy often tags as part of a PERSON name ("King Abdullah II", "President Mugabe").
_LEADING_TITLES = word_set("mention_words", "leading_titles")
#: group nouns that "of <place>" locates ("inhabitants of the Golan Heights")
_RESIDENTS = word_set("mention_words", "residents")
_HOME_GROUPS = word_set("mention_words", "home_groups")
#: prepositions that locate a group in a place ("demonstrators in Baghdad")
_LOCATING = tuple(sorted(word_set("mention_words", "locating_prepositions")))
_PAIR_WORDS = word_set("mention_words", "pair_words")
_ARTICLES = word_set("mention_words", "articles")
_DEFINITE = word_set("mention_words", "definite_determiners")
_TITLE_JOINERS = word_set("mention_words", "title_joiners")
_QUOTES = "\"“”‘’«»"
#: a country before these words backs or leads, it does not own ("Iranian-backed militias")
_NOT_OWN = word_set("mention_words", "not_own_country")
_STATE_BODIES = word_set("name_words", "state_bodies")
_PLATFORMS = word_set("name_words", "platforms")
_LONGEST_BODY = max(len(body.split()) for body in _STATE_BODIES)


def _clean(span: Span) -> Span | None:
    """Trim determiners, possessive endings and quotes; None for junk ("’s", "—")."""
    toks = list(span)  # each doc[i] builds a Token: index a list instead
    a, b = 0, len(toks)
    while a < b and (toks[a].lower_ in _ARTICLES or toks[a].is_punct or toks[a].text in _QUOTES):
        a += 1
    while a < b and any(c in toks[a].text for c in "[]()"):
        a += 1
    while b > a and (toks[b - 1].tag_ == "POS" or toks[b - 1].lower_ in ("'s", "’s")
                     or toks[b - 1].is_punct and toks[b - 1].text != "." or toks[b - 1].text in _QUOTES):
        b -= 1
    if b <= a:
        return None
    out = span.doc[span.start + a:span.start + b]
    text = out.text
    if len(text) < 2 or not any(c.isalpha() for c in text) or any(c in text for c in "[]{}<>|"):
        return None
    if not any(c.isupper() for c in text) and span.label_ in ("PERSON", "ORG", "GPE", "FAC", "EVENT"):
        return None  # a name has a capital letter ("restraint" tagged ORG is not one)
    return out


def _title_before(span: Span) -> tuple[str | None, str | None, int]:
    """Rule: title and country in the words just before a name ("US President", "Israel's Prime Minister").

    Returns the title, the country code and the index of the first token of the title phrase.
    """
    doc = span.doc
    i = span.start
    window: list[Token] = []
    while i > 0 and len(window) < 7:
        tok = doc[i - 1]
        if tok.is_punct and tok.text not in (".",) or tok.is_space:
            break
        if tok.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ", "PRON", "DET") or (tok.pos_ == "ADP" and tok.lower_ != "of"):
            # a possessive, or a participle modifying the title ("Jordan's visiting King"), goes on
            if tok.tag_ != "POS" and not (tok.pos_ == "VERB" and tok.dep_ == "amod"):
                break
        window.insert(0, tok)
        i -= 1
    while window and window[0].lower_ == "of":
        window = window[1:]
    if not window:
        return None, None, span.start
    if i > 1 and doc[i - 1].lower_ == "to" and (doc[i - 2].lower_,) in titles() and _own_country(window[0]) \
            and not any((t.lower_,) in titles() or t.text == "." for t in window):
        # Rule (envoy-to): the country after a title and "to" hosts the person ("US Ambassador to
        # Germany Richard Grenell" is American): it is not theirs ("paid tribute to US actor
        # Chadwick Boseman" has no title before "to")
        return None, None, span.start
    words = [t.lower_ for t in window]
    title = None
    start = span.start
    for candidate in titles():
        n = len(candidate)
        if n <= len(words) and tuple(words[-n:]) == candidate:
            title = " ".join(t.text for t in window[-n:])
            start = window[-n].i
            window = window[:-n]
            break
    if title is None:
        # Rule: a country before a description of the person is theirs, title or not
        # ("United States basketball player Kobe Bryant", "Swedish climate activist Greta Thunberg")
        if window and window[-1].pos_ in ("NOUN", "PROPN") and all(
                t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "PUNCT") for t in window):
            found = _country_in(window)
            if found:
                return None, found, span.start
        return None, None, span.start
    country = None
    for tok in reversed(window):
        code = _own_country(tok)
        if code:
            country = code
            start = tok.i
            break
    return title, country, start


def _country_in(tokens: list[Token]) -> str | None:
    """The country the nearest run of one to three tokens names ("United States", "Swedish")."""
    for end in range(len(tokens), 0, -1):
        for start in range(end - 1, max(-1, end - 4), -1):
            run = tokens[start:end]
            code = _own_country(run[0]) if len(run) == 1 else (
                geo.country_code(" ".join(t.text for t in run)) if all(t.text[:1].isupper() for t in run) else None)
            if code:
                return code
    return None


def _own_country(tok: Token) -> str | None:
    """The country a token before a name says the person is of: a country or its adjective,
    not a country that backs or leads them ("Iranian-backed", "Saudi-led")."""
    if "-" in tok.text and tok.text.split("-", 1)[1].lower() in _NOT_OWN:
        return None
    return _country_of_token(tok)


def _appos_country(span: Span) -> str | None:
    """Rule: an apposition that names the person's country ("Greta Thunberg, the sixteen-year-old
    Swede", "Li Wenliang, a Chinese doctor"): the head noun or one of its own modifiers."""
    for child in span.root.children:
        if child.dep_ != "appos":
            continue
        for tok in [child, *(c for c in child.children if c.dep_ in ("amod", "compound", "poss", "nmod"))]:
            if code := _own_country(tok):
                return code
    return None


def _hyphenated_pair(span: Span) -> tuple[Token, Token] | None:
    """Two names joined by a hyphen, each of which the document names on its own elsewhere
    ("Biden-Harris" beside "Biden" and "Harris"); a hyphenated surname ("Ocasio-Cortez") is one name."""
    toks = [t for t in span]
    if len(toks) != 3 or toks[1].text not in ("-", "–") or not (toks[0].text.istitle() and toks[2].text.istitle()):
        return None
    alone = _names_alone(span.doc)
    if toks[0].text in alone and toks[2].text in alone:
        return toks[0], toks[2]
    return None


def _names_alone(doc: Doc) -> frozenset[str]:
    """Words of the document's PERSON names that are not joined by a hyphen (once per Doc)."""
    cached = doc.user_data.get("kg_names_alone")
    if cached is None:
        cached = doc.user_data["kg_names_alone"] = frozenset(
            t.text for ent in doc.ents if ent.label_ == "PERSON" for t in ent
            if not any(x.text in ("-", "–") for x in ent))
    return cached


def _of_place_after(span: Span) -> str | None:
    """Rule: a person "of" a place just after the name is of that place's country ("Senator Mike
    Lee of Utah", "Representative John Lewis of Georgia" beside other US states)."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
        return None
    nxt = doc[span.end + 1]
    if nxt.ent_type_ not in ("GPE", "LOC") or nxt.ent_iob_ != "B":
        return None
    end = nxt.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    found = geo.place_in_context(doc[nxt.i:end].text, doc_countries(doc))
    return found[1] if found else None


def _place_in_name(span: Span) -> str | None:
    """Rule: an organisation named after a place is that place's ("United States Navy", "Hong Kong
    Police", "Jakarta Post", "Rogaland Fire and Rescue", "Bank of Japan"): the first run of its
    words that names a country, a city or a region. The name's last word is its head, what the
    body is, unless a preposition puts it there ("Metropolitan Police" is no body of the Polish
    town of Police; "Bank of Japan" is Japan's). One word that is a common English word names no
    town there unless the town is a capital or a city of a million (:func:`_big_city`), or lies
    in a country the document's places lie in: the "Federal Emergency Management Agency" is no
    body of Federal, Argentina, but the "Jakarta Post" (WordNet has "Jakarta") is Indonesian and
    the "University of Cambridge" in a story from London British. A state's name is the state,
    not a foreign town of it (:func:`kg.world.geo.place_in_context`: "University of Florida")."""
    toks = [t for t in span if not t.is_punct]
    for i in range(len(toks)):
        for j in range(min(len(toks), i + 3), i, -1):
            words = toks[i:j]
            if j == len(toks) and (i == 0 or toks[i - 1].pos_ != "ADP"):
                continue  # the whole name, or its head, is no place of itself
            if not all(t.text[:1].isupper() for t in words):
                continue
            found = geo.place_in_context(" ".join(t.text for t in words), doc_countries(span.doc))
            if found and len(words) == 1 and is_dictionary_word(words[0].lower_, span.doc) \
                    and not _country_of_word(words[0].text) and not _big_city(words[0].text) \
                    and found[1] not in _countries_of_places(span.doc):
                continue  # a common word is no town's name here ("Federal" Emergency Management Agency)
            if found:
                return found[1]
    return None


def _countries_of_places(doc: Doc) -> frozenset[str]:
    """The countries of the places a document names (once per Doc)."""
    cached = doc.user_data.get("kg_countries_of_places")
    if cached is None:
        out = set()
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "NORP"):
                code = geo.country_code(ent.text) or geo.demonym_code(ent.text) or \
                    (found[1] if (found := geo.place_code(ent.text)) else None)
                if code:
                    out.add(code)
        cached = doc.user_data["kg_countries_of_places"] = frozenset(out)
    return cached


def _big_city(name: str) -> bool:
    """Whether ``name`` is a national capital's or a city's of :data:`kg.world.geo.BIG_CITY` people or more."""
    return bool(hit := geo.city_hit(name)) and (hit[2] or hit[0] >= geo.BIG_CITY)


def _title_appos(span: Span) -> tuple[str | None, str | None]:
    """Rule: an apposition with a title ("Netanyahu, Israel's prime minister,")."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in {t[-1] for t in titles()}:
            words = [t for t in child.subtree if not t.is_punct]
            low = [t.lower_ for t in words]
            for candidate in titles():
                n = len(candidate)
                for k in range(len(low) - n + 1):
                    if tuple(low[k:k + n]) == candidate:
                        country = next((c for t in words if (c := _country_of_token(t))), None)
                        return " ".join(t.text for t in words[k:k + n]), country
    return None, None


def _modifier_start(tok: Token) -> int:
    """Where a modifier begins: a multiword place ("Hong Kong" before "protesters") at its first word."""
    start = tok.i
    while tok.ent_iob_ == "I" and start > 0 and tok.doc[start].ent_iob_ == "I":
        start -= 1
    return start


def _country_of_modifier(tok: Token) -> str | None:
    """The country a modifier names: one word (:func:`_country_of_token`), or a multiword place it
    ends ("Hong Kong protesters", "New York police")."""
    code = _country_of_token(tok)
    start = _modifier_start(tok)
    if code is None and start < tok.i and tok.ent_type_ in ("GPE", "LOC"):
        name = tok.doc[start:tok.i + 1].text
        code = geo.country_code(name) or (found[1] if (found := geo.place_code(name)) else None)
    return code


def _country_of_token(tok: Token) -> str | None:
    """The country a single token names: a country name, a demonym, or a capital; a token inside
    a longer place's name names that place's country (:func:`_country_of_longer_place`)."""
    if tok.ent_type_ in ("GPE", "NORP", "") or tok.pos_ in ("PROPN", "ADJ"):
        code = _country_of_word(tok.text)
        return country_of_longer_place(tok, code) if code else None
    return None


@functools.lru_cache(maxsize=1 << 14)
def _country_of_word(text: str) -> str | None:
    """The country a word names ("Russian", "US-led"); None for a word in lower case.

    Rule (lower-case-no-country): English writes countries and demonyms with a capital, so a
    word in lower case names none, whatever a table's misspellings hold ("island-wide" is no
    Iceland, though "Island" is Iceland's name in petrarch2's tables).

    >>> _country_of_word("US-led"), _country_of_word("island-wide"), _country_of_word("Russian")
    ('USA', None, 'RUS')
    """
    if not text[:1].isupper():
        return None
    for hyphen_part in (text, text.split("-")[0]):
        code = geo.country_code(hyphen_part) or geo.demonym_code(hyphen_part)
        if code:
            return code
    return None


def candidates(doc: Doc, words: frozenset[str] | set[str], attr: str = "LOWER") -> list[int]:
    """Indices of the tokens whose ``attr`` (LOWER, LEMMA, ORTH) is one of ``words``.

    One vectorised look-up instead of a Python loop over every token: extraction must stay
    cheap beside the parse.
    """
    if not len(doc):
        return []
    strings = doc.vocab.strings
    ids = np.fromiter((strings.add(w) for w in words), dtype=np.uint64, count=len(words))
    column = doc.to_array([attr]).astype(np.uint64).ravel()
    return np.flatnonzero(np.isin(column, ids)).tolist()


_OPEN_QUOTES = frozenset({"“", "«"})
_CLOSE_QUOTES = frozenset({"”", "»"})


def quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """Token index ranges [start, end) inside double quotation marks (computed once per Doc)."""
    cached = doc.user_data.get("kg_quote_regions")
    if cached is None:
        cached = doc.user_data["kg_quote_regions"] = _scan_quotes(doc)
    return cached


def _scan_quotes(doc: Doc) -> list[tuple[int, int]]:
    regions, start = [], None
    for i in candidates(doc, _OPEN_QUOTES | _CLOSE_QUOTES | {'"'}, "ORTH"):
        text = doc[i].text
        if text in _OPEN_QUOTES or (text == '"' and start is None):
            start = i + 1
        elif start is not None:
            regions.append((start, i))
            start = None
    return regions


def _in_quote(doc: Doc) -> np.ndarray:
    """Per token: is it inside quotation marks?"""
    flags = np.zeros(len(doc), dtype=bool)
    for a, b in quote_regions(doc):
        flags[a:b] = True
    return flags


def find_mentions(doc: Doc, *, dropped: list[DroppedName] | None = None) -> list[Mention]:
    """All entity mentions in ``doc``, in text order, with ids ``0..n-1``.

    NER spans that are no entity (:mod:`kg.stages.extract.junk`) are left out, or cut; each is
    appended to ``dropped`` with its reason when a list is given.

    Examples
    --------
    >>> from kg.stages.nlp import load_model
    >>> doc = load_model()("US President Donald Trump spoke to the Russian leader.")
    >>> [(m.text, m.kind, m.title, m.country) for m in find_mentions(doc)]
    [('US', 'name', None, None), ('Donald Trump', 'name', 'President', 'USA'), ('Russian leader', 'nominal', 'leader', 'RUS')]
    """
    raw: list[tuple[int, int, str, str, str | None, str | None, int]] = []  # start, end, label, kind, title, country, root
    covered: set[int] = set()
    in_titles: set[int] = set()  # tokens of a title phrase before a name ("Secretary of State")
    seen: list[DroppedName] = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS:
            raw.extend(_name_mentions(ent, seen, covered, in_titles))
    raw = _common_nouns_throughout(doc, raw, seen)
    if dropped is not None:
        dropped.extend(sorted(seen, key=lambda d: (d.start, d.end)))
    raw.extend(_role_mentions(doc, covered))
    raw.extend(_pronoun_mentions(doc, covered))
    # Rule: a name inside a title phrase is part of the title ("State" in "Secretary of State").
    raw = [r for r in raw if not (r[3] == "name" and r[2] in ("ORG", "GPE", "NORP") and r[0] in in_titles
                                  and r[5] is None and not geo.country_code(doc[r[0]:r[1]].text))]
    return _records(doc, raw)


def _common_nouns_throughout(doc: Doc, raw: list[tuple], seen: list[DroppedName]) -> list[tuple]:
    """Rule: an acronym the document uses as a common noun ("its API") is one wherever it stands
    in that document ("the API is changing"). (Measured on the 284 Wikinews articles: for every
    one-word name, "a Trump ..." misparsed once took 27 mentions of Trump with it.)"""
    common = {d.text for d in seen if d.reason == "common noun" and " " not in d.text and d.text.isupper()}
    if not common:
        return raw
    kept = []
    for r in raw:
        if r[3] == "name" and r[1] - r[0] == 1 and doc[r[0]].text in common:
            tok = doc[r[0]]
            seen.append(DroppedName(tok.text, "common noun elsewhere in the document", tok.idx, tok.idx + len(tok)))
        else:
            kept.append(r)
    return kept


def _records(doc: Doc, raw: list[tuple]) -> list[Mention]:
    """The mention records of the raw spans, in text order; of overlapping spans the first, longest."""
    quote = _in_quote(doc)
    sent_of = sentence_numbers(doc)
    raw.sort(key=lambda r: (r[0], -r[1]))
    mentions: list[Mention] = []
    last_end = -1
    for start, end, label, kind, title, country, root in raw:
        if start < last_end:  # overlapping: keep the first, longest
            continue
        last_end = end
        span = doc[start:end]
        mentions.append(Mention(
            id=len(mentions), start=span.start_char, end=span.end_char, text=span.text, label=label,
            kind=kind, sent=int(sent_of[root]), title=title, country=country, in_quote=bool(quote[root]),
        ))
    return mentions


def _name_mentions(ent: Span, dropped: list[DroppedName] | None, covered: set[int], in_titles: set[int]) -> list[tuple]:
    """The raw mentions of one NER span: screened for junk, with title and country."""
    doc = ent.doc
    screened = screen(ent)
    if screened.reason and dropped is not None:
        dropped.append(DroppedName(ent.text, screened.reason, ent.start_char, ent.end_char))
    span = _clean(screened.span) if screened.span is not None else None
    if span is None:
        return []
    span = _defined_long_form(span)
    if ent.label_ == "PERSON":
        span = _without_leading_title(span)
    if (place := _place_then_country(span, ent.label_)) is not None:
        # Rule: a place and its country in one name is the place, in that country ("Melbourne Australia",
        # which NER reads as an organisation too)
        covered.update(range(span.start, span.end))
        return [(place[0].start, place[0].end, "GPE" if ent.label_ == "ORG" else ent.label_, "name", None, place[1],
                 place[0].root.i)]
    if (body := _state_body_after(span)) is not None:
        # Rule: a country's name NER ended before its body is the body ("the United States | House of Representatives")
        covered.update(range(span.start, body[0]))
        return [(span.start, body[0], "ORG", "name", None, body[1], span.start)]
    if (person := _place_prefix(span)) is not None:
        # Rule: a place glued before a person's name is where the person is from ("Hong Kong Carrie Lam")
        rest, code = person
        covered.update(range(span.start, span.end))
        title, _ = _title_and_country(rest, "PERSON", "name", None, in_titles)
        return [(rest.start, rest.end, "PERSON", "name", title, code, rest.root.i)]
    out: list[tuple] = []
    if (pair := _hyphenated_pair(span)) is not None:
        # Rule: "the Trump-Biden debate", "the Biden-Harris ticket": two actors, never a person
        covered.update(part.i for part in pair)
        return [(part.i, part.i + 1, "PERSON", "name", None, None, part.i) for part in pair]
    tail = doc[span.end:ent.end]
    if len(tail) == 2 and tail[0].text == "(" and tail[1].text.isupper() and len(tail[1].text) >= 2:
        # Rule: the short form NER glued on after a bracket is a name of its own ("the World
        # Health Organization (WHO"): the document spells the acronym out
        out.append((tail[1].i, tail[1].i + 1, ent.label_, "name", None, None, tail[1].i))
        covered.add(tail[1].i)
    label, kind, country = ent.label_, "name", None
    if span.text.lower() in _PLATFORMS:
        # Rule: an online platform NER took for a person or a place is an organisation ("accusing
        # her ... on Twitter": no "her" for Twitter)
        label = "ORG"
    if (station := place_before_head(span, label)) is not None:
        span, label = station, "FAC"
    elif (place := possessive_place(span)) is not None:
        span, label = place, "GPE"
    if (nominal := _nationality_nominal(span)) is not None:
        covered.update(range(nominal[0], nominal[1]))
        return out + [nominal]
    if label == "NORP" or (label == "GPE" and geo.demonym_code(span.text) and not geo.country_code(span.text)):
        people = _people(span, covered)
        if people is not None:
            return out + people
        code = geo.demonym_code(span.text) or geo.demonym_code(span.text.split("-")[0])
        if code:
            kind, label, country = "demonym", "NORP", code
    title, country = _title_and_country(span, label, kind, country, in_titles)
    out.append((span.start, span.end, label, kind, title, country, span.root.i))
    covered.update(range(span.start, span.end))
    return out


def _defined_long_form(span: Span) -> Span:
    """Rule: a name NER cut inside a long form the document defines an acronym by is read to the
    long form's end ("Islamic State of Iraq" in "ISIS (Islamic State of Iraq and Syria)")."""
    doc = span.doc
    found = doc.user_data.get("kg_definitions")
    if found is None:
        found = doc.user_data["kg_definitions"] = definitions(doc.text)
    for d in found:
        if d.start == span.start_char and span.end_char < d.end:
            longer = doc.char_span(span.start_char, d.end)
            if longer is not None:
                return Span(doc, longer.start, longer.end, label=span.label)
    return span


def _without_leading_title(span: Span) -> Span:
    """Rule: a title of two words or more that NER took into a person's name is no part of it
    ("Crown Prince Mohammad bin Salman" is "Mohammad bin Salman", titled by the words before
    it); two name words at least are left. (One-word titles inside a name, "King Abdullah II",
    are read by :func:`_title_and_country`.)"""
    words = [t.lower_ for t in span]
    for title in titles():
        n = len(title)
        if n >= 2 and len(words) - n >= 2 and tuple(words[:n]) == title and span[n].text[:1].isupper():
            return Span(span.doc, span.start + n, span.end, label=span.label)
    return span


def _place_then_country(span: Span, label: str) -> tuple[Span, str] | None:
    """A place name NER read together with its country's name after it, with no comma
    ("Melbourne Australia", tagged a place or an organisation): the place, when the gazetteers
    place it in that country."""
    if label not in ("GPE", "LOC", "ORG") or len(span) < 2:
        return None
    for k in range(1, min(3, len(span) - 1) + 1):
        rest = span[:len(span) - k]
        code = geo.country_code(span[len(span) - k:].text)
        found = geo.place_code(rest.text) if code else None
        if found is not None and found[0] != "country" and found[1] == code:
            return span.doc[rest.start:rest.end], code
    return None


def _state_body_after(span: Span) -> tuple[int, str] | None:
    """The end of a state body's name written right after a country's name NER took alone, and
    that country's code: "the United States House of Representatives", where NER ends the name
    at "States". The body is one of ``state_bodies`` (``name_words.toml``), written as a name
    (its words capitalised but for "of", "the", "and").

    Examples
    --------
    >>> from spacy.tokens import Doc
    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words="the United States House of Representatives voted".split())
    >>> _state_body_after(doc[1:3])
    (6, 'USA')
    >>> _state_body_after(Doc(Vocab(), words="the United States house of cards".split())[1:3]) is None
    True
    """
    doc, end = span.doc, span.end
    if end >= len(doc) or not doc[end].text[:1].isupper():
        return None  # nothing name-like follows (most names): no gazetteer look-up
    code = geo.country_code(span.text)
    if code is None:
        return None
    for size in range(min(_LONGEST_BODY, len(doc) - end), 0, -1):
        words = doc[end:end + size]
        lower = [t.text.lower() for t in words]
        if (" ".join(lower) in _STATE_BODIES
                and all(t.text[:1].isupper() or w in ("of", "the", "and") for t, w in zip(words, lower))):
            return end + size, code
    return None


def _place_prefix(span: Span) -> tuple[Span, str | None] | None:
    """A name NER glued to the place before it ("Hong Kong Carrie Lam", "Vermont Bernie Sanders"):
    the person's name after the place, with the place's country, when the document names that
    person elsewhere on its own (tagged PERSON)."""
    if len(span) < 3:
        return None
    alone = _person_names(span.doc)
    for k in range(1, min(3, len(span) - 2) + 1):
        rest = span[k:]
        if rest.text not in alone:
            continue
        if (found := geo.place_code(span[:k].text)) is not None:
            return span.doc[rest.start:rest.end], found[1]
        if k == 1 and is_common_word(span[0]):
            # Rule: so is a common noun NER took at a sentence's start ("Historian Darcy Richardson")
            return span.doc[rest.start:rest.end], None
    return None


def _person_names(doc: Doc) -> frozenset[str]:
    """The texts NER tags PERSON in the document (computed once per Doc)."""
    cached = doc.user_data.get("kg_person_names")
    if cached is None:
        cached = doc.user_data["kg_person_names"] = frozenset(e.text for e in doc.ents if e.label_ == "PERSON")
    return cached


def _nationality_nominal(span: Span) -> tuple | None:
    """Rule: "the sixteen-year-old Swede", "the Palestinian": one person named by nationality,
    a nominal mention for coreference (with the country it gives)."""
    if len(span) != 1 or span.root.tag_ not in ("NN", "NNP") or span.root.dep_ in ("amod", "compound"):
        return None
    code = geo.demonym_code(span.text)
    if code is None or geo.country_code(span.text):
        return None
    if not any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in span.root.children):
        return None
    return (span.start, span.end, "PERSON", "nominal", None, code, span.root.i)


def _people(span: Span, covered: set[int]) -> list[tuple] | None:
    """A nationality word that is a people (a group mention), or no entity (``[]``); None when it
    is a demonym of its country."""
    doc = span.doc
    code = geo.demonym_code(span.text) or geo.demonym_code(span.text.split("-")[0])
    ethnic = span.start > 0 and doc[span.start - 1].lower_ == "ethnic"
    if code and span.root.tag_ in ("NNS", "NNPS") and (ethnic or _located_in(span.root, preps=("of",))):
        # Rule: an ethnic people is of the country it lives in, not of its kin state:
        # "ethnic Albanians in Serbia", "the Albanians of southern Serbia"; with no place, of none.
        covered.update(range(span.start - ethnic, span.end))
        return [(span.start - ethnic, span.end, "NORP", "group", None,
                 _located_in(span.root, preps=(*_LOCATING, "of")), span.root.i)]
    if code:
        return None
    if span.root.pos_ == "ADJ" or span.root.dep_ == "amod":
        return []  # Rule: a nationality-like adjective of no country ("European", "Kurdish") is no entity
    if (people_of := next(((c.i, code) for c in span.root.children if c.dep_ == "amod"
                           and c.i == span.start - 1 and (code := _country_of_token(c))), None)):
        # Rule: a people of a country is a group of that country ("Iraqi Kurds", "Bosnian Serbs").
        covered.update(range(people_of[0], span.end))
        return [(people_of[0], span.end, "NORP", "group", None, people_of[1], span.root.i)]
    return None


def _title_and_country(span: Span, label: str, kind: str, country: str | None,
                       in_titles: set[int]) -> tuple[str | None, str | None]:
    """A name's title and the country the text around it gives."""
    doc = span.doc
    title = None
    if label == "PERSON" or (label in ("ORG", "NORP") and kind == "name"):
        title, country, title_start = _title_before(span)
        if title is None and label == "PERSON" and len(span) > 1 and span[0].lower_ in _LEADING_TITLES:
            # Rule: a title inside the name's span ("Jordan's visiting [King Abdullah II]")
            title, country, title_start = _title_before(doc[span.start + 1:span.end])
            title_start = min(title_start, span.start)
        if title is None:
            title, appos = _title_appos(span)
            title, appos = (title, appos) if title else person_title(span)
            country = country or appos
        else:
            in_titles.update(range(title_start, span.start))
        if country is None and label == "PERSON":
            country = _appos_country(span) or _of_place_after(span)
    if label == "ORG" and kind == "name" and country is None:
        # Rule: an organisation's country from its own words or a country just before it ("US Congress").
        country = next((c for t in [*span, *doc[max(0, span.start - 2):span.start]]
                        if t.pos_ in ("PROPN", "ADJ") and (c := _own_country(t))), None) or _place_in_name(span)
    return title, country


def _role_mentions(doc: Doc, covered: set[int]) -> list[tuple]:
    """Rule: "the Russian leader", "the US president", "Iran's president" -> nominal person mention.
    Rule: "Hungarian officials", "Iran's government" -> group nominal of that country."""
    out: list[tuple] = []
    title_heads = {t[-1] for t in titles()}
    for i in candidates(doc, title_heads | GROUP_NOUNS):
        tok = doc[i]
        if tok.i in covered or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        low = tok.lower_
        is_title = low in title_heads or tok.lemma_.lower() in title_heads
        is_group = low in GROUP_NOUNS
        if _names_follow(tok):
            continue
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < tok.i]
        mods += _places_of_noun_modifiers(mods)
        if any(c.dep_ == "conj" for m in mods for c in m.children):
            continue  # "the Turkish and Greek sides": two countries, each its own mention
        country = next((c for m in mods if (c := _country_of_modifier(m))), None)
        start = min([_modifier_start(m) for m in mods if _country_of_modifier(m)] + [tok.i])
        if country is None and is_group and tok.tag_ in ("NNS", "NNPS"):
            # Rule: a group located by a place: "demonstrators in Baghdad", "students throughout Indonesia"
            # (the group is named with its own modifiers: "opposition groups").
            country = _located_in(tok)
            start = min([m.i for m in mods if m.dep_ in ("amod", "compound")] + [tok.i])
        has_det = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children)
        if country is None and low in _HOME_GROUPS and (has_det or tok.tag_ in ("NNS", "NNPS")) \
                and not any(m.pos_ == "PROPN" or m.dep_ == "poss" for m in mods):
            # Rule: a state's group no word places ("the police", "pro-democracy protesters"): placed
            # by the document's country when the entities are resolved (kg.stages.resolve)
            out.append((start, tok.i + 1, "NORP", "group", None, None, tok.i))
            continue
        if is_title and tok.tag_ in ("NN", "NNP") and (has_det or country):
            # singular role noun: a person to resolve by coreference
            title_words = [t for t in doc[start:tok.i + 1] if not _country_of_token(t) and t.tag_ != "POS"]
            out.append((start, tok.i + 1, "PERSON", "nominal", " ".join(t.text for t in title_words) or tok.text,
                        country, tok.i))
        elif country and (is_group or is_title):
            out.append((start, tok.i + 1, "NORP", "group", None, country, tok.i))
    return out


def _places_of_noun_modifiers(mods: list[Token]) -> list[Token]:
    """Rule: a place that modifies the noun modifying a group noun places the group ("Hong Kong
    student groups", "Syria opposition activists"): the parse hangs it on "student", not "groups"."""
    return [g for m in mods if m.dep_ == "compound" and m.pos_ == "NOUN"
            for g in m.children if g.dep_ in ("amod", "compound") and g.i < m.i and _country_of_modifier(g)]


def _pronoun_mentions(doc: Doc, covered: set[int]) -> list[tuple]:
    """Rule: personal pronouns, for coreference; "the two" / "both" as a subject: the pair just named."""
    out = [(tok.i, tok.i + 1, "PRON", "pronoun", None, None, tok.i)
           for tok in (doc[i] for i in candidates(doc, PRONOUNS)) if tok.pos_ == "PRON" and tok.i not in covered]
    out += [(tok.i, tok.i + 1, "PRON", "pair", None, None, tok.i)
            for tok in (doc[i] for i in candidates(doc, _PAIR_WORDS))
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.i not in covered]
    return out


def _located_in(tok: Token, *, preps: tuple[str, ...] | None = None) -> str | None:
    """The country of the named place a noun is located by ("rebels in the Ivory Coast",
    "inhabitants of the Golan Heights"); by default "of" counts for residents only."""
    if preps is None:
        preps = (*_LOCATING, "of") if tok.lower_ in _RESIDENTS else _LOCATING
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            if obj.ent_type_ in ("GPE", "LOC"):
                name = obj.doc[obj.left_edge.i:obj.i + 1].text
                found = geo.place_code(name) or geo.place_code(name.split(" ", 1)[-1])
                if found:
                    return found[1]
            # a place of a country's: "inhabitants of the Syrian Golan Heights"
            code = next((c for m in obj.children if m.dep_ in ("amod", "compound") and (c := _country_of_token(m))), None)
            if code:
                return code
    return None


def sentence_numbers(doc: Doc) -> np.ndarray:
    """Per token: the number of its sentence (0 for every token of a Doc with no sentences)."""
    if not len(doc) or not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return np.zeros(len(doc), dtype=np.int64)
    if not doc.has_annotation("SENT_START"):
        starts = np.zeros(len(doc), dtype=bool)
        starts[[s.start for s in doc.sents]] = True
    else:
        starts = doc.to_array("SENT_START").ravel() == 1
    starts[0] = True
    return np.cumsum(starts) - 1


def _names_follow(tok: Token) -> bool:
    """True when the title noun belongs to a name ("President Donald Trump", "Secretary of State John Kerry")."""
    for nxt in range(tok.i + 1, min(tok.i + 5, len(tok.doc))):
        after = tok.doc[nxt]
        if after.ent_type_ == "PERSON":
            return True
        if not (after.lower_ in _TITLE_JOINERS or after.pos_ == "PROPN" and after.is_title):
            break
    if tok.dep_ == "compound" and tok.head.ent_type_ == "PERSON":
        return True
    return any(c.dep_ == "appos" and c.ent_type_ == "PERSON" and c.i == tok.i + 1 for c in tok.children)


def token_mentions(doc: Doc, mentions: list[Mention]) -> dict[int, int]:
    """Map each token index covered by a mention to the mention id."""
    out: dict[int, int] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            out[tok.i] = m.id
    return out
