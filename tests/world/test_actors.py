"""Known actors: the countries of leaders and groups a sentence does not place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.world.actors import actor_country

DATA = Path(__file__).resolve().parents[2] / "kg" / "world" / "data"


@pytest.mark.parametrize("name,expected", [
    ("Hamas", "PSE"), ("Hezbollah", "LBN"), ("Taliban", "AFG"), ("PKK", "TUR"),
    ("Kurdistan Workers' Party", "TUR"), ("Kurdistan Workers Party", "TUR"), ("FBI", "USA"), ("Knesset", "ISR"),
])
def test_organisations_and_groups_by_name(name, expected):
    assert actor_country(name) == expected


def test_companies_by_home_country_for_organisations_only():
    assert actor_country("Siemens") == "DEU"  # "Siemens AG" without its legal form
    assert actor_country("Boeing") == "USA"
    assert actor_country("Boeing", person=True) is None  # a person is never a company
    assert actor_country("CDC") is None  # short acronyms are shared: not placed


def test_leaders_by_full_name_and_by_titled_surname():
    assert actor_country("Robert Mugabe", person=True) == "ZWE"
    assert actor_country("Yoweri Museveni", person=True) == "UGA"
    assert actor_country("Kagame", person=True, titled=True) == "RWA"
    assert actor_country("Putin", person=True) == "RUS"  # listed by one name


def test_namesakes_and_given_names_are_not_placed():
    # surnames the table shares across countries: a "James Brown" could be anyone
    assert actor_country("James Brown", person=True) is None
    assert actor_country("Andrew Smith", person=True) is None
    # a lone surname of one minor official needs a title; a given name never counts
    assert actor_country("Bryant", person=True) is None
    assert actor_country("Abdullah", person=True, titled=True) is None
    assert actor_country("Nobody", person=True, titled=True) is None
    # a lone word is a surname only for a person
    assert actor_country("Mugabe") is None


def test_table_keeps_its_licence_and_source():
    raw = json.loads((DATA / "petrarch2_actors.json").read_text("utf-8"))
    assert "MIT" in raw["_source"] and "LICENSE.petrarch2" in raw["_source"]
    assert (DATA / "LICENSE.petrarch2").exists()
    codes = {c for v in raw["actors"].values() for c in ([v] if isinstance(v, str) else v)}
    codes |= set(raw["companies"].values())
    assert all(len(c) == 3 and c.isupper() for c in codes)
