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


def test_a_link_counts_an_event_once_however_many_articles_report_it(two_reports_out):
    """Two articles report Israel's strike on Iran: one event instance, one ASSAULT on the link."""
    from kg.graph.store import KGStore

    with KGStore(two_reports_out / "store", read_only=True) as store:
        assert sum(ev.category == "ASSAULT" for ev in select(store).events) == 2  # both reports are there
        fig = draw_figure(store)
    assert "ASSAULT" in labels(fig, "edge-label") and "ASSAULT ×2" not in labels(fig, "edge-label")
    (sub,) = texts(fig, "subtitle")
    assert "2 events" in sub.get_text()  # the strike and the call, not three reports


def test_at_corpus_size_the_overview_draws_groups_that_fit(big_store):
    fig = draw_figure(big_store)  # 1,000 entities in events: more than fit on 12 x 9 inches
    names = labels(fig)
    assert 12 <= len(names) <= 36
    assert any(" +" in n for n in names)  # groups say how many more they hold
    sub = texts(fig, "subtitle")[0].get_text()
    assert "1,000 entities in" in sub and "most active" in sub
    assert_no_overlap(fig)
    assert labels(draw_figure(big_store, limit=20)) != names  # an explicit --limit draws that many, one by one


def test_events_not_stated_as_fact_are_never_drawn_as_facts(news):
    fig = draw_figure(news)
    edges = labels(fig, "edge-label")
    assert not any(e.startswith(("SUPPORT", "THREATEN")) for e in edges)  # negated and hypothetical
    assert any(e.startswith("ASSAULT") for e in edges)
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "2 events not stated as" in notes


def test_names_the_font_lacks_are_transliterated_without_a_warning(news, recwarn):
    fig = draw_figure(news)
    assert "kaph'i" in labels(fig)
    fig.canvas.draw()
    assert not [w for w in recwarn if "Glyph" in str(w.message)]
