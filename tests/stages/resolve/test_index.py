"""The cross-document entity index."""

from __future__ import annotations

from kg.records import Entity
from kg.stages.resolve import EntityIndex


def test_index_keeps_one_label_the_fullest():
    index = EntityIndex()
    index.add(Entity(key="person/X", type="Person", label="Trump"))
    held = index.add(Entity(key="person/X", type="Person", label="Donald John Trump", alt_labels={"Donald Trump"}))
    assert held.label == "Donald John Trump"
    assert held.alt_labels == {"Trump", "Donald Trump"}


def test_a_lone_surname_finds_the_one_person_with_it_and_a_full_name_does_not():
    index = EntityIndex()
    index.add(Entity(key="person/Donald_Trump", type="Person", label="Donald Trump"))
    assert index.find("Person", ["Trump"]) == "person/Donald_Trump"
    assert index.find("Person", ["Melania Trump", "Trump"]) is None
    assert index.find("Organization", ["Trump"]) is None
    index.add(Entity(key="person/Ivanka_Trump", type="Person", label="Ivanka Trump"))
    assert index.find("Person", ["Trump"]) is None  # two people share it


def test_a_country_the_text_gives_replaces_the_tables():
    index = EntityIndex()
    index.add(Entity(key="person/X", type="Person", label="X", country="country/A"), from_table=True)
    index.add(Entity(key="person/X", type="Person", label="X", country="country/B"))
    index.add(Entity(key="person/X", type="Person", label="X", country="country/C"))
    assert index.entities["person/X"].country == "country/B"
