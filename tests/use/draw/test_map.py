"""kg.draw's map: countries shaded by their events, arrows between them, from shapes shipped with countryinfo."""

from __future__ import annotations

from draw_support import png_size, texts

from kg.use.draw import draw, draw_figure
from kg.use.draw.geo import countries, flows
from kg.use.draw.selection import select_events


def test_map_of_the_seed_names_its_countries(seed_store, tmp_path):
    fig = draw_figure(seed_store, geo=True)
    names = {t.get_text().rsplit(" ", 1)[0] for t in texts(fig, "country-label")}
    assert {"Russia", "United States", "Iran", "Israel", "Ukraine"} <= names
    arrows = fig.findobj(lambda a: a.get_gid() == "map-arrow")
    f = flows(select_events(seed_store))
    assert len(arrows) == len(f.arrows) > 0
    assert ("USA", "RUS", "verbal cooperation") in f.arrows  # Trump called Putin: the United States → Russia
    for name in ("a.png", "b.png"):
        draw(seed_store, tmp_path / name, geo=True, size=(8, 5), dpi=50)
    assert png_size(tmp_path / "a.png") == (400, 250)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert (draw(seed_store, tmp_path / "m.svg", geo=True)).read_text().lstrip().startswith("<?xml")


def test_map_counts_what_it_cannot_show(news):
    fig = draw_figure(news, geo=True)
    sub = texts(fig, "subtitle")[0].get_text()
    assert "2 not stated as fact, left out" in sub  # the negated and the hypothetical events
    assert "1 with no country known" in sub  # the two organisations have none
    f = flows(select_events(news))
    assert f.activity["IRN"] == 4 and ("RUS", "IRN", "material conflict") in f.arrows


def test_every_country_code_of_kg_has_a_place():
    import pycountry

    known = countries()
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in known]
    assert len(known) >= 235 and sum(1 for c in known.values() if c.rings) >= 170
    assert len(missing) < 15  # a few territories (Bouvet Island, …): their events are counted as with no country


def test_one_real_event_reported_twice_counts_once():
    from kg.use.draw.selection import EventRow, Node, Selection

    nodes = {"t": Node("t", "Trump", code="USA"), "i": Node("i", "Iran", code="IRN")}
    reports = [EventRow(f"e{n}", "ASSAULT", ("t",), ("i",), report=f"2020-01-0{n}", instance="strike") for n in (3, 4)]
    other = EventRow("e5", "ASSAULT", ("t",), ("i",), report="2020-01-09")
    f = flows(Selection(nodes, [*reports, other], 2, 3, "s"))
    assert f.arrows == {("USA", "IRN", "material conflict"): 2} and f.activity == {"USA": 2, "IRN": 2}
