"""Countries of known political actors a sentence does not place.

News often names an actor without saying whose it is: "President Mugabe", "Kagame",
"Hamas". A reader knows; a rule-based reader needs a table. The table here,
``kg/world/data/petrarch2_actors.json``, is derived by ``docs/make_actor_table.py`` from the
Open Event Data Alliance's petrarch2 actor dictionaries (MIT, see
``kg/world/data/LICENSE.petrarch2``): heads of state and government, ministers, parties and
armed groups, each coded to one country, and about 6,000 companies with their home
country. It ends around 2014; later leaders are not in it, and kg then places them only
as the text does.

Rules, used by :mod:`kg.stages.resolve` only for an entity the text gave no country:

* a name ("Robert Mugabe", "Hamas") is looked up as written, case- and
  accent-insensitively; a person's, only if the table's names with that surname are
  mostly of that country (so a namesake of a minor official is not placed);
* a lone surname ("President Mugabe", "Reagan") is looked up among the table's surnames,
  under the same condition and a stricter one without a title (see :func:`actor_country`).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

__all__ = ["actor_country", "is_international", "person_like"]

_DATA = Path(__file__).with_name("data") / "petrarch2_actors.json"


def _fold(name: str) -> str:
    """Case, accents, apostrophes, dots and hyphens folded: "Kurdistan Workers' Party" and
    "Kurdistan Workers Party" are one name."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
        name = "".join(c for c in name if not unicodedata.combining(c))
    return " ".join(name.casefold().replace("'", "").replace(".", " ").replace("-", " ").split())


_NUMERALS = frozenset("ii iii iv v vi jr sr".split())


def _surname(words: list[str]) -> str:
    """The family name of a folded name: its last word, or the one before "II", "Jr"."""
    return words[-2] if len(words) >= 2 and words[-1] in _NUMERALS else words[-1]


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, Counter], frozenset[str]]:
    """Folded full name -> alpha-3; folded company name -> alpha-3 of its home country;
    surname -> how many of the table's names with that surname each country has; the given
    names (words that begin more of the table's names than they end)."""
    data = json.loads(_DATA.read_text("utf-8"))
    raw = data["actors"]
    companies = {_fold(k): v for k, v in data["companies"].items()}
    names: dict[str, str] = {}
    surnames: dict[str, Counter] = defaultdict(Counter)
    first: Counter = Counter()
    for name, codes in raw.items():  # a code, or the codes of a name several countries share
        key = _fold(name)
        if isinstance(codes, str):
            names[key] = codes
        words = key.split()
        if len(words) >= 2:
            surnames[_surname(words)].update([codes] if isinstance(codes, str) else codes)
            first[words[0]] += 1
    given = frozenset(w for w, n in first.items() if n > sum(surnames.get(w, Counter()).values()))
    return names, companies, dict(surnames), given


def _dominant(counts: Counter | None, least: int) -> str | None:
    """The country that has at least ``least`` and 80% of a surname's names, if any."""
    if not counts:
        return None
    code, n = counts.most_common(1)[0]
    return code if n >= least and n >= 0.8 * sum(counts.values()) else None


@cache
def _international() -> frozenset[str]:
    return frozenset(_fold(n) for n in json.loads(_DATA.read_text("utf-8")).get("international", ()))


def is_international(name: str) -> bool:
    """Whether the table lists ``name`` as an international body or a person acting for one
    (petrarch2's IGO, NGO and IMG codes): the WHO, Amnesty International; no country's.

    Examples
    --------
    >>> is_international("World Health Organization"), is_international("Amnesty International")
    (True, True)
    >>> is_international("Boeing")
    False
    """
    return _fold(name) in _international()


def actor_country(name: str, *, person: bool = False, titled: bool = False) -> str | None:
    """Return the alpha-3 code of the country a known actor belongs to, or ``None``.

    Organisations and groups are looked up by name, and so are companies (by their home
    country: "Siemens" is German). A person's full name counts when the
    text gives the person a title ("Prime Minister Mahendra Chaudhry"), or when the table's
    names with that surname are all of its country, or mostly (80%, and at least three: the
    table lists a leader under many forms, "President Bush", "George W. Bush"): an untitled
    "James Brown" or "Andrew Smith" could be anyone's namesake. A lone surname must be no
    one's given name; with a title ("President Mugabe") it counts under the same condition,
    without one ("Reagan") only when five names or more of one country carry it.

    Parameters
    ----------
    name : str
        The actor's name as written, without title ("Robert Mugabe", "Mugabe", "Hamas").
    person : bool
        Whether the name is a person's.
    titled : bool
        Whether the text gives the person a title ("President", "King").

    Examples
    --------
    >>> actor_country("Robert Mugabe", person=True), actor_country("Mugabe", person=True, titled=True)
    ('ZWE', 'ZWE')
    >>> actor_country("Hamas"), actor_country("Putin", person=True), actor_country("Reagan", person=True)
    ('PSE', 'RUS', 'USA')
    >>> actor_country("James Brown", person=True) is None  # a surname of many countries
    True
    >>> actor_country("Jane Nobody", person=True) is None
    True
    """
    names, companies, surnames, given = _tables()
    key = _fold(name)
    words = key.split()
    if not words:
        return None
    code = names.get(key)
    if not person:
        return code or companies.get(key)  # an organisation, a group or a company
    if code and len(words) == 1:
        return code  # a leader the table lists by one name ("Putin")
    if len(words) >= 2:
        counts = surnames.get(_surname(words))
        return code if code and (titled or set(counts) == {code} or _dominant(counts, 3) == code) else None
    if words[0] in given:
        return None
    counts = surnames.get(words[0])
    if titled and counts and len(counts) == 1:
        return next(iter(counts))
    return _dominant(counts, 3 if titled else 5)


def person_like(name: str) -> bool:
    """Whether a name of two or three words reads as a person's: its first word is a given name
    and its last a surname of the table's people ("Tanya Davies"), and neither a country's name
    (the gazetteers' towns are too many to leave out: "Davies" is one in the United States).

    Examples
    --------
    >>> person_like("Tanya Davies"), person_like("Jordan University"), person_like("United Nations")
    (True, False, False)
    """
    from kg.world import geo

    names, companies, surnames, given = _tables()
    key = _fold(name)
    words = key.split()
    if not 2 <= len(words) <= 3 or words[0] not in given or words[-1] not in surnames or words[-1] in given:
        return False
    if key in names or key in companies or is_international(name):
        return False  # a body the table knows ("United Nations")
    return not (geo.country_code(words[0]) or geo.country_code(words[-1]))


def given_names() -> frozenset[str]:
    """Folded words that begin more of the known-actors table's names than they end ("valery",
    "tomasz"): its given names."""
    return _tables()[3]
