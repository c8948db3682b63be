"""kg.draw's network views (overview and focus), checked as a reader would look at them."""

from __future__ import annotations

from draw_support import (
    assert_no_overlap,
    event_entity_labels,
    labels,
    legend_entries,
    texts,
)

from kg.use.draw import QUAD_CATEGORY, draw_figure, select


def test_every_event_entity_is_a_label(seed_store, mini):
    fig = draw_figure(seed_store)
    wanted = event_entity_labels(seed_store)
    assert {"Donald Trump", "Vladimir Putin", "Israel", "Iran", "Ukraine"} <= wanted
    assert labels(fig) == wanted
    fig = draw_figure(mini)
    assert labels(fig) == event_entity_labels(mini)
    assert labels(fig, "edge-label") == {"CONSULT ×3", "REJECT", "AGREE", "ACCUSE", "ASSAULT ×3", "CONSULT", "SUPPORT",
                                         "AID", "ASSAULT ×2"}


def test_legend_lists_the_types_present(seed_store):
    fig = draw_figure(seed_store)
    assert legend_entries(fig) == ["Person", "Country"]
    assert set(legend_entries(fig, "legend-events")) <= set(QUAD_CATEGORY.values())
    (title,) = texts(fig, "title")
    (sub,) = texts(fig, "subtitle")
    n = len(event_entity_labels(seed_store))
    assert "1 document" in sub.get_text() and f"{n} entities" in sub.get_text() and str(seed_store.path) in sub.get_text()


def test_labels_do_not_overlap_on_the_seed(seed_store, mini):
    for kwargs in ({}, {"focus": "Putin"}, {"timeline": True}, {"size": (5, 4)}):
        assert_no_overlap(draw_figure(seed_store, **kwargs))
        assert_no_overlap(draw_figure(mini, **kwargs))


def test_focus_on_putin_shows_his_counterparts_only(seed_store, mini):
    fig = draw_figure(seed_store, focus="putin", hops=1)
    names = labels(fig)
    assert {"Vladimir Putin", "Donald Trump", "Benjamin Netanyahu", "Masoud Pezeshkian"} <= names
    assert "Ukraine" not in names
    q = """PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?l WHERE { ?e kg:agent|kg:target|kg:participant ?p ; kg:agent|kg:target|kg:participant ?x .
    ?p rdfs:label "Vladimir Putin" . ?x rdfs:label ?l }"""
    assert names == {r["l"].value for r in seed_store.ox.query(q, use_default_graph_as_union=True)}
    assert labels(draw_figure(mini, focus="putin")) == {"Vladimir Putin", "Donald Trump", "Benjamin Netanyahu",
                                                       "Masoud Pezeshkian"}
    assert labels(draw_figure(mini, focus="putin", hops=0)) == {"Vladimir Putin"}
    assert labels(draw_figure(mini, focus="Iran", hops=1)) == {"Iran", "Israel", "Russia"}
    assert labels(draw_figure(mini, focus="Iran", hops=2)) == {"Iran", "Israel", "Russia", "Ukraine"}
    assert "Vladimir Putin" in texts(fig, "title")[0].get_text()
    edge = labels(draw_figure(mini, focus="Putin"), "edge-label")
    assert "CONSULT ×3\n2025-06-14 ×2, 2025-06-17" in edge and "SUPPORT\n2025-01" in edge  # dates on edges


def test_large_graph_draws_only_the_limit_and_says_so(big_store, tmp_path):
    fig = draw_figure(big_store, limit=150)
    assert len(labels(fig)) == 150
    assert "150 of 1,000 entities" in texts(fig, "subtitle")[0].get_text()
    assert_no_overlap(fig)
    sel = select(big_store, limit=150)
    counts = sorted((n.events for n in sel.nodes.values()), reverse=True)
    everyone = select(big_store, limit=10_000)
    assert counts == sorted((n.events for n in everyone.nodes.values()), reverse=True)[:150]
