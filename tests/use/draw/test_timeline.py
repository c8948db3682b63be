"""kg.draw's timeline, checked as a reader would look at it: every event stated as fact is on it, each where
the text or its report dates it, and nothing stretches the axis."""

from __future__ import annotations

import re

import matplotlib.dates as mdates
from draw_support import assert_no_overlap, labels, png_size, rows, texts

from kg.use.draw import draw, draw_figure


def names(fig) -> set[str]:
    """The pairs of the rows, without their counts."""
    return {re.sub(r"  \(\d+\)$", "", r) for r in rows(fig)}


def shown(fig) -> int:
    """How many events the heading says the timeline holds."""
    return int(re.search(r"· ([\d,]+) events?\b", texts(fig, "subtitle")[0].get_text())[1].replace(",", ""))


def hollow_marks(fig) -> int:
    """Dots drawn as rings (white inside): events placed at their report date."""
    from matplotlib.collections import PathCollection

    n = 0
    for ax in fig.axes:
        for c in ax.collections:
            if isinstance(c, PathCollection) and len(c.get_offsets()):
                faces = c.get_facecolors()
                n += sum(1 for f in faces if tuple(f[:3]) == (1.0, 1.0, 1.0))
    return n


def test_timeline_has_the_dated_events(seed_store, mini):
    fig = draw_figure(mini, timeline=True)
    marks = labels(fig, "event-label")
    assert {"REJECT", "CONSULT ×2", "CONSULT", "SUPPORT", "ASSAULT"} <= marks
    assert names(fig) == {"Donald Trump → Vladimir Putin", "Israel → Iran", "Russia → Ukraine", "Iran → Russia",
                          "Vladimir Putin → Masoud Pezeshkian"}
    (undated,) = texts(fig, "undated")  # the mini store's article has no date: its undated events stay undated
    assert "(5)" in undated.get_text() and "ACCUSE Russia → Israel" in undated.get_text()
    before = " ".join(t.get_text() for t in texts(fig, "edge-events"))
    assert "2022 ASSAULT ×2" in before and "2022 AID" in before  # background, at the edge, not stretching the axis
    focus = draw_figure(mini, timeline=True, focus="Trump")
    assert names(focus) == {"Donald Trump → Vladimir Putin"}


def test_every_event_of_the_seed_is_placed_by_the_text_or_its_report(seed_store):
    fig = draw_figure(seed_store, timeline=True)
    sub = texts(fig, "subtitle")[0].get_text()
    # one mark per real event (an instance's mentions once), dated by the text when any of its reports is
    q = """PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX gaf: <http://groundedannotationframework.org/gaf#>
    SELECT (COUNT(?one) AS ?n) (SUM(?has) AS ?dated) WHERE {
      SELECT ?one (MAX(IF(BOUND(?d), 1, 0)) AS ?has) WHERE {
        ?e a kg:EventMention ; kg:modality ?m FILTER(?m IN ("asserted", "reported"))
        OPTIONAL { ?e kg:date ?d } OPTIONAL { ?i gaf:denotedBy ?e } BIND(COALESCE(?i, ?e) AS ?one)
      } GROUP BY ?one }"""
    row = next(iter(seed_store.ox.query(q, use_default_graph_as_union=True)))
    n, dated = int(row["n"].value), int(row["dated"].value)
    assert shown(fig) == n and f"{dated} dated by the text, {n - dated} by their report" in sub
    assert hollow_marks(fig) > 0 and not texts(fig, "undated")
    assert "Donald Trump → Vladimir Putin" in names(fig)
    assert_no_overlap(fig)


def test_window_is_where_the_events_are_and_background_is_summarised(news):
    fig = draw_figure(news, timeline=True)
    (ax,) = [a for a in fig.axes if a.get_yticklabels()]
    lo, hi = (mdates.num2date(v).date().isoformat() for v in ax.get_xlim())
    assert "2018-12" <= lo and hi <= "2019-03"  # the articles' month, not 1905–2019
    edge = " ".join(t.get_text() for t in texts(fig, "edge-events") + texts(fig, "edge-before"))
    assert "1905" in edge and "1978" in edge
    sub = texts(fig, "subtitle")[0].get_text()
    assert "2 not stated as fact (hypothetical, negated) not shown" in sub
    assert "Iran → Israel" not in names(fig)  # the negated SUPPORT is not drawn as a fact
    assert hollow_marks(fig) > 0


def test_limit_never_shows_fewer_events_than_a_narrower_filter(news, big_store):
    everything = shown(draw_figure(news, timeline=True))
    assert everything == 27  # 29 events, 2 of them not stated as fact
    for limit in (2, 3, 40):
        assert shown(draw_figure(news, timeline=True, limit=limit)) == everything
    assert shown(draw_figure(news, timeline=True, since="2019-01-10")) < everything
    narrow = draw_figure(big_store, timeline=True, limit=5)
    assert len(rows(narrow)) == 5 and any("other pairs" in r for r in rows(narrow))
    assert shown(narrow) == 2000 and shown(draw_figure(big_store, timeline=True, since="2025-07")) < 2000


def test_large_focus_and_timeline(big_store, tmp_path):
    path = draw(big_store, tmp_path / "big.png", focus="Per 0000", hops=2, limit=60, size=(8, 6), dpi=50)
    assert png_size(path) == (400, 300)
    fig = draw_figure(big_store, focus="Per 0000", hops=2, limit=60)
    assert len(labels(fig)) == 60 and "Per 0000" in labels(fig)
    assert_no_overlap(fig)
    tl = draw_figure(big_store, timeline=True, limit=40)
    assert 0 < len(rows(tl)) <= 40
    assert "binned by" in texts(tl, "subtitle")[0].get_text()
