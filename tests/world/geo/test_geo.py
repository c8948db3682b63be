"""Tests for kg.world.geo: country names, demonyms, cities, capitals and metonyms to alpha-3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.world.geo import (
    capital_code,
    city_code,
    country_code,
    country_name,
    demonym_code,
    metonym_code,
    place_code,
)

DATA = Path(__file__).resolve().parents[3] / "kg" / "world" / "data"

# Words that are no place and no nationality: every lookup must give None.
NOT_PLACES = ["Mr", "He", "Trump", "said", "us", "the", "", "   ", "Putin", "Monday"]

# (name, expected alpha-3 or None)
COUNTRY_CASES = [
    ("Russia", "RUS"),
    ("Russian Federation", "RUS"),
    ("the Russian Federation", "RUS"),
    ("RUSSIA", "RUS"),
    ("Russia's", "RUS"),
    ("the US", "USA"),
    ("US", "USA"),
    ("U.S.", "USA"),
    ("U.S.A.", "USA"),
    ("USA", "USA"),
    ("the U.S.", "USA"),
    ("United States", "USA"),
    ("the United States", "USA"),
    ("United States of America", "USA"),
    ("America", "USA"),
    ("Iran", "IRN"),
    ("Iran\u2019s", "IRN"),  # curly apostrophe
    ("Islamic Republic of Iran", "IRN"),
    ("Britain", "GBR"),
    ("Great Britain", "GBR"),
    ("United Kingdom", "GBR"),
    ("UK", "GBR"),
    ("U.K.", "GBR"),
    ("South Korea", "KOR"),
    ("Republic of Korea", "KOR"),
    ("ROK", "KOR"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("China", "CHN"),
    ("Israel", "ISR"),
    ("Ukraine", "UKR"),
    ("Germany", "DEU"),
    ("France", "FRA"),
    ("Syria", "SYR"),
    ("Palestine", "PSE"),
    # edge cases named in the brief
    ("Georgia", "GEO"),  # the country, not the US state
    ("Jordan", "JOR"),  # not the person's name, not the Hong Kong district
    ("Chad", "TCD"),
    ("Niger", "NER"),
    ("Nigeria", "NGA"),
    ("Congo", "COG"),  # ISO's "Congo" is the Republic of the Congo
    ("Republic of the Congo", "COG"),
    ("Democratic Republic of the Congo", "COD"),
    ("DR Congo", "COD"),
    ("DRC", "COD"),
    ("Turkey", "TUR"),
    ("Türkiye", "TUR"),
    ("Turkiye", "TUR"),
    ("Ivory Coast", "CIV"),
    ("Côte d'Ivoire", "CIV"),
    ("Cote d\u2019Ivoire", "CIV"),
    ("Kosovo", "XKX"),  # GeoNames' user-assigned code, not ISO
    ("Netherlands", "NLD"),
    ("the Netherlands", "NLD"),
    ("Holland", "NLD"),
    ("Czech Republic", "CZE"),
    ("Czechia", "CZE"),
    ("Burma", "MMR"),
    ("Myanmar", "MMR"),
    ("UAE", "ARE"),
    ("United Arab Emirates", "ARE"),
    ("Saudi Arabia", "SAU"),
    ("Vatican", "VAT"),
    ("Holy See", "VAT"),
    ("Bosnia", "BIH"),
    ("Bosnia & Herzegovina", "BIH"),
    ("Guinea-Bissau", "GNB"),
    ("St. Kitts and Nevis", "KNA"),
    ("Saint Lucia", "LCA"),
    ("East Timor", "TLS"),
    ("Timor-Leste", "TLS"),
    ("Swaziland", "SWZ"),
    ("Eswatini", "SWZ"),
    ("North Macedonia", "MKD"),
    ("Viet Nam", "VNM"),
    ("New Zealand", "NZL"),
    # not countries, ambiguous, or other kinds of words
    ("Korea", None),  # South or North
    ("Moscow", None),  # a city
    ("Washington", None),  # a city (and a US state)
    ("Russian", None),  # a demonym
    ("European", None),
    ("Zealand", None),  # not New Zealand
    ("England", None),  # no library gives it a code of its own
    ("Soviet Union", None),  # petrarch2's SUN is not ISO
    ("uk", None),  # codes only in capitals
    ("Us", None),
    ("RUS", None),  # bare ISO codes are not names
    ("IT", None),
    ("IN", None),
    ("CAN", None),
]

DEMONYM_CASES = [
    ("Russian", "RUS"),
    ("Russians", "RUS"),
    ("Israeli", "ISR"),
    ("Israelis", "ISR"),
    ("Iranian", "IRN"),
    ("Iranians", "IRN"),
    ("American", "USA"),
    ("Americans", "USA"),
    ("British", "GBR"),
    ("Briton", "GBR"),  # petrarch2
    ("Britons", "GBR"),
    ("Ukrainian", "UKR"),
    ("Ukrainians", "UKR"),
    ("Chinese", "CHN"),  # not Hong Kong or Macau, which countryinfo also calls Chinese
    ("French", "FRA"),
    ("Germans", "DEU"),
    ("Palestinian", "PSE"),
    ("Palestinians", "PSE"),
    ("Saudi", "SAU"),  # petrarch2
    ("Saudis", "SAU"),
    ("Saudi Arabian", "SAU"),
    ("South Korean", "KOR"),
    ("S. Korean", "KOR"),
    ("North Korean", "PRK"),
    ("Georgian", "GEO"),
    ("Jordanian", "JOR"),
    ("Chadian", "TCD"),
    ("Nigerien", "NER"),
    ("Nigerian", "NGA"),
    ("Congolese", "COD"),  # shared with COG: the more populous
    ("Turkish", "TUR"),
    ("Ivorian", "CIV"),
    ("Swiss", "CHE"),
    ("Dutch", "NLD"),
    ("Filipino", "PHL"),
    ("Filipinos", "PHL"),
    ("Dane", "DNK"),  # petrarch2
    ("Spaniard", "ESP"),  # petrarch2
    ("Uzbek", "UZB"),  # petrarch2
    ("Tajik", "TJK"),  # petrarch2
    ("Emirati", "ARE"),
    ("Afghan", "AFG"),
    ("Afghans", "AFG"),
    ("Lebanese", "LBN"),
    ("Yemeni", "YEM"),
    # not a country's demonym, or ambiguous
    ("Korean", None),
    ("Koreans", None),
    ("European", None),
    ("Europeans", None),
    ("Arab", None),
    ("Kurdish", None),
    ("Kosovar", None),  # no library demonym for Kosovo
    ("Russia", None),  # a country name, not a demonym
    ("German Democratic Republic", None),
]

CITY_CASES = [
    ("Washington", "USA"),  # not Washington, Tyne and Wear
    ("Washington, D.C.", "USA"),
    ("Paris", "FRA"),  # not Paris, Texas
    ("Moscow", "RUS"),  # not Moscow, Idaho
    ("Tehran", "IRN"),
    ("Teheran", "IRN"),
    ("St. Petersburg", "RUS"),  # not St. Petersburg, Florida
    ("St Petersburg", "RUS"),
    ("Saint Petersburg", "RUS"),
    ("Kyiv", "UKR"),
    ("Kiev", "UKR"),
    ("Odessa", "UKR"),  # an alternate name, but of a much larger city than in Texas
    ("London", "GBR"),  # not London, Ontario
    ("Beijing", "CHN"),
    ("Jerusalem", "ISR"),
    ("Gaza", "PSE"),
    ("Islamabad", "PAK"),
    ("Venice", "ITA"),
    ("Bombay", "IND"),
    ("The Hague", "NLD"),
    ("New York", "USA"),
    ("Pristina", "XKX"),
    ("Bogotá", "COL"),
    ("Georgia", None),
    ("Russia", None),
    ("Kremlin", None),
]

CAPITAL_CASES = [
    ("Moscow", "RUS"),
    ("Tehran", "IRN"),
    ("Washington", "USA"),
    ("Washington DC", "USA"),
    ("Beijing", "CHN"),
    ("Peking", "CHN"),
    ("Kyiv", "UKR"),
    ("Kiev", "UKR"),
    ("London", "GBR"),
    ("Paris", "FRA"),
    ("Damascus", "SYR"),
    ("Ankara", "TUR"),
    ("Tbilisi", "GEO"),
    ("Amman", "JOR"),
    ("Pyongyang", "PRK"),
    ("Seoul", "KOR"),
    ("Jerusalem", "ISR"),
    ("New Delhi", "IND"),
    ("Pristina", "XKX"),
    ("St. Petersburg", None),  # a city, not a capital
    ("Istanbul", None),
    ("Chicago", None),
    ("Russia", None),
]

METONYM_CASES = [
    ("Kremlin", "RUS"),
    ("the Kremlin", "RUS"),
    ("The Kremlin", "RUS"),
    ("White House", "USA"),
    ("the White House", "USA"),
    ("Pentagon", "USA"),
    ("the Pentagon", "USA"),
    ("State Department", "USA"),
    ("Foggy Bottom", "USA"),
    ("Downing Street", "GBR"),
    ("Downing St.", "GBR"),
    ("No. 10", "GBR"),
    ("Elysee", "FRA"),
    ("Élysée", "FRA"),
    ("the Élysée Palace", "FRA"),
    ("Quai d'Orsay", "FRA"),
    ("Quai d\u2019Orsay", "FRA"),
    ("Zhongnanhai", "CHN"),
    ("Blue House", "KOR"),
    ("Knesset", "ISR"),
    ("Moscow", "RUS"),  # capitals too
    ("Tehran", "IRN"),
    ("Kiev", "UKR"),
    ("Russia", None),
    ("Chicago", None),
    ("house", None),
]

PLACE_CASES = [
    ("Georgia", ("country", "GEO")),  # country wins over anything else
    ("Jordan", ("country", "JOR")),  # not the Hong Kong district
    ("Russia", ("country", "RUS")),
    ("the US", ("country", "USA")),
    ("Singapore", ("country", "SGP")),  # city state: a country first
    ("Moscow", ("city", "RUS")),
    ("Washington", ("city", "USA")),
    ("St. Petersburg", ("city", "RUS")),
    ("Tehran", ("city", "IRN")),
    ("Russian", None),
    ("Kremlin", None),
]

NAME_CASES = [
    ("RUS", "Russia"),
    ("IRN", "Iran"),
    ("USA", "United States"),
    ("GBR", "United Kingdom"),
    ("KOR", "South Korea"),
    ("PRK", "North Korea"),
    ("SYR", "Syria"),
    ("CIV", "Ivory Coast"),
    ("TUR", "Turkey"),
    ("XKX", "Kosovo"),
    ("rus", "Russia"),
]


@pytest.mark.parametrize(("name", "expected"), COUNTRY_CASES)
def test_country_code(name, expected):
    assert country_code(name) == expected


@pytest.mark.parametrize(("word", "expected"), DEMONYM_CASES)
def test_demonym_code(word, expected):
    assert demonym_code(word) == expected


@pytest.mark.parametrize(("name", "expected"), CITY_CASES)
def test_city_code(name, expected):
    assert city_code(name) == expected


@pytest.mark.parametrize(("name", "expected"), CAPITAL_CASES)
def test_capital_code(name, expected):
    assert capital_code(name) == expected


@pytest.mark.parametrize(("name", "expected"), METONYM_CASES)
def test_metonym_code(name, expected):
    assert metonym_code(name) == expected


@pytest.mark.parametrize(("name", "expected"), PLACE_CASES)
def test_place_code(name, expected):
    assert place_code(name) == expected


@pytest.mark.parametrize(("code", "expected"), NAME_CASES)
def test_country_name(code, expected):
    assert country_name(code) == expected


@pytest.mark.parametrize("word", NOT_PLACES)
def test_non_places_give_none(word):
    assert country_code(word) is None
    assert demonym_code(word) is None
    assert city_code(word) is None
    assert capital_code(word) is None
    assert metonym_code(word) is None
    assert place_code(word) is None


def test_country_name_unknown_code():
    with pytest.raises(KeyError):
        country_name("XYZ")


def test_codes_round_trip():
    # Every label is itself a country name that leads back to its code.
    for code in ["RUS", "IRN", "USA", "GBR", "KOR", "PRK", "CIV", "COD", "COG", "XKX", "PSE"]:
        assert country_code(country_name(code)) == code


def test_results_are_alpha3_codes():
    for name, _ in COUNTRY_CASES + CITY_CASES + METONYM_CASES:
        for fn in (country_code, city_code, metonym_code):
            code = fn(name)
            assert code is None or (len(code) == 3 and code.isupper())


def test_data_files():
    petrarch = json.loads((DATA / "petrarch2_countries.json").read_text("utf-8"))
    assert petrarch["_source"] and "MIT" in petrarch["_licence"]
    assert "AMERICA" in petrarch["country_codes"]["USA"]
    assert "MIT License" in (DATA / "LICENSE.petrarch2").read_text("utf-8")
    metonyms = json.loads((DATA / "metonyms.json").read_text("utf-8"))
    assert "hand-made" in metonyms["_note"].lower()
    # every metonym resolves to a code the module knows the name of
    for code in metonyms["metonyms"].values():
        assert country_name(code)


def test_regions_and_territories_belong_to_countries():
    from kg.world.geo import place_code, region_code

    assert region_code("Chechnya") == "RUS" and region_code("Golan Heights") == "SYR"
    assert place_code("Darfur") == ("region", "SDN")
    assert place_code("Moscow") == ("city", "RUS")  # a city is a city first
    assert region_code("Trump") is None and region_code("Paris") is None


def test_subdivisions_parts_and_kinds_of_places_belong_to_countries():
    from kg.world.geo import place_code, region_code

    # ISO 3166-2 subdivisions, through pycountry
    assert region_code("Northern Ireland") == "GBR" and region_code("Lower Saxony") == "DEU"
    # a part of a country or region, and a place named with its kind
    assert place_code("South Lebanon") == ("region", "LBN") and region_code("northern Iraq") == "IRQ"
    assert region_code("Montenegro province") == "MNE"
    # a country is still a country, whatever its first word
    assert place_code("South Korea") == ("country", "KOR") and place_code("North Korea") == ("country", "PRK")
    # a subdivision name of two countries is no one's ("Punjab": India and Pakistan)
    assert region_code("Punjab") is None
    assert region_code("southern Trump") is None


def test_direction_words_alone_name_no_place():
    from kg.world.geo import city_code, place_code

    # "the North" in "the North admitted it" is North Korea to a reader, no US town
    assert city_code("the North") is None and place_code("North") is None
    # nor a Cameroonian region named "South" or "Far North"
    assert place_code("South") is None and place_code("Far North") is None
    assert place_code("North Carolina") == ("region", "USA")


@pytest.mark.parametrize("name,context,expected", [
    ("Florida", set(), ("region", "USA")),  # the US state, not the Cuban town of 50,000
    ("Colorado", set(), ("region", "USA")),
    ("Virginia", set(), ("region", "USA")),
    ("Montana", set(), ("region", "USA")),
    ("Georgia", {"USA", "sub:USA"}, ("region", "USA")),  # beside Michigan and Wisconsin: the state
    ("Georgia", {"RUS"}, ("country", "GEO")),
    ("Washington", set(), ("city", "USA")),  # the capital beats its state
    ("Punjab", {"PAK"}, ("region", "PAK")),
    ("Paris", set(), ("city", "FRA")),
])
def test_places_by_kind_and_by_the_document(name, context, expected):
    from kg.world.geo import place_in_context

    assert place_in_context(name, context) == expected
