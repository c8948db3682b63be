"""GeoNames links of countries and cities: the identifiers and coordinates the rest of the web uses, offline."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, XSD

from kg.graph.vocab import GEO, Iris
from kg.records import Entity
from kg.stages.rdf import entity_triples, geonames
from kg.world.geo import city_code, city_link, country_link, country_name
from kg.world.geo.countries import country_tables


@pytest.mark.parametrize("code, geonames_id", [("RUS", 2017370), ("IRN", 130758), ("USA", 6252001),
                                               ("ISR", 294640), ("UKR", 690791), ("XKX", 831053)])
def test_countries_link_to_their_geonames_feature(code, geonames_id):
    link = country_link(code)
    assert link.geonames_id == geonames_id and link.iri == f"https://sws.geonames.org/{geonames_id}/"


def test_every_country_kg_names_has_a_link_and_most_have_a_point():
    codes = set(country_tables().labels)
    links = {code: country_link(code) for code in codes}
    missing = sorted(code for code, link in links.items() if link is None)
    assert not missing, missing
    assert len({link.geonames_id for link in links.values()}) == len(codes)  # no two countries share a feature
    with_point = [link for link in links.values() if link.latitude is not None]
    assert len(with_point) > 0.9 * len(codes)
    assert all(-90 <= link.latitude <= 90 and -180 <= link.longitude <= 180 for link in with_point)


@pytest.mark.parametrize("name, code, geonames_id", [("Moscow", "RUS", 524901), ("Tehran", "IRN", 112931),
                                                     ("Kiev", "UKR", 703448), ("Paris", "FRA", 2988507)])
def test_a_city_is_the_one_city_code_picks(name, code, geonames_id):
    found_code, link = city_link(name)
    assert found_code == code == city_code(name) and link.geonames_id == geonames_id
    assert isinstance(link.latitude, Decimal) and isinstance(link.longitude, Decimal)


def test_only_countries_and_cities_in_their_country_are_linked():
    assert geonames(Entity("person/Vladimir_Putin", "Person", "Vladimir Putin")) is None
    assert geonames(Entity("city/Moscow", "City", "Moscow", country=f"country/{country_name('USA').replace(' ', '_')}")) is None
    assert geonames(Entity("city/Narnia", "City", "Narnia")) is None
    assert geonames(Entity("city/Moscow", "City", "Moscow", country="country/Russia")).geonames_id == 524901


def test_links_are_triples_of_the_entity():
    g = Graph()
    for triple in entity_triples(Entity("country/Russia", "Country", "Russia", country_code="RUS"), Iris()):
        g.add(triple)
    russia = URIRef("https://w3id.org/kg-news/data/country/Russia")
    assert g.value(russia, OWL.sameAs) == URIRef("https://sws.geonames.org/2017370/")
    lat, long = g.value(russia, GEO.lat), g.value(russia, GEO.long)
    assert (lat.datatype, lat.toPython(), long.toPython()) == (XSD.decimal, Decimal("60"), Decimal("100"))


def test_the_seeds_russia_and_iran_carry_their_geonames_iris(seed_out):
    g = Graph().parse(seed_out / "graph.ttl", format="turtle")
    base = "https://w3id.org/kg-news/data/"
    assert g.value(URIRef(base + "country/Russia"), OWL.sameAs) == URIRef("https://sws.geonames.org/2017370/")
    assert g.value(URIRef(base + "country/Iran"), OWL.sameAs) == URIRef("https://sws.geonames.org/130758/")
    assert g.value(URIRef(base + "city/Tehran"), OWL.sameAs) == URIRef("https://sws.geonames.org/112931/")
    linked = {s for s in g.subjects(OWL.sameAs, None)}
    assert all("/country/" in s or "/city/" in s for s in linked) and len(linked) == 7
