"""kg.draw's selection: filters by category and date, entities found by any name."""

from __future__ import annotations

import pytest
from draw_support import labels, texts

from kg.errors import KGError
from kg.use.draw import draw_figure, find_entity, parse_date_bound, select
from kg.use.draw.selection import QUERY_DIR, EventFilter


def test_filters(mini):
    fig = draw_figure(mini, types=["assault"])
    assert labels(fig) == {"Israel", "Iran", "Russia", "Ukraine"}
    assert "ASSAULT" in texts(fig, "subtitle")[0].get_text()
    recent = select(mini, since="2025-06", until="2025-06-30")
    assert sorted(ev.date for ev in recent.events) == ["2025-06-13", "2025-06-14", "2025-06-14", "2025-06-17", "2025-06-18",
                                                       "2025-06-18"]
    assert {ev.date for ev in select(mini, until="2024").events} == {"2022"}
    assert {ev.date for ev in select(mini, since="2025-01-31", until="2025-02").events} == {"2025-01"}  # month overlaps
    with pytest.raises(KGError) as err:
        draw_figure(mini, types=["FIGHT"])
    assert err.value.code == "E403" and err.value.exit_code == 2
    with pytest.raises(KGError) as err:
        draw_figure(mini, since="2030")
    assert err.value.code == "E401"
    assert parse_date_bound("2024-02", end=True) == "2024-02-31"


def test_focus_by_any_name_and_unknown_names(seed_store):
    assert labels(draw_figure(seed_store, focus="Vladimir Putin")) == labels(draw_figure(seed_store, focus="PUTIN"))
    with pytest.raises(KGError) as err:
        draw_figure(seed_store, focus="Putn")
    assert err.value.code == "E402" and "'Putin'" in str(err.value)


def test_values_go_to_the_store_as_bindings(mini):
    # a name full of SPARQL is just a name nobody has: no syntax error, no match
    with pytest.raises(KGError) as err:
        find_entity(mini, 'Putin" } UNION { ?x ?p ?o } #')
    assert err.value.code == "E402"
    assert find_entity(mini, "  PUTIN ") == find_entity(mini, "Vladimir")


def test_the_event_filter_is_made_of_the_filter_files():
    def text(name: str) -> str:
        return (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")

    assert EventFilter().patterns() == ""
    assert EventFilter(("AID",)).patterns() == text("filter_types")
    assert EventFilter(until="2024-12-31").patterns() == text("filter_dates") + text("filter_until")
    both = EventFilter(("AID", "ASSAULT"), "2024-01-01", "2024-12-31")
    assert both.patterns() == text("filter_types") + text("filter_dates") + text("filter_since") + text("filter_until")
    assert set(both.bindings()) == {"since", "until"}
    for name in ("most_active", "event_counts", "neighbours", "events_between", "events_unpaired"):
        assert "\n  # event filter\n" in text(name)  # where the filter goes
