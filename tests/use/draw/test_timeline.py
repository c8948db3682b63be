"""kg.draw's timeline, checked as a reader would look at it."""

from __future__ import annotations

from draw_support import assert_no_overlap, labels, png_size, rows, texts

from kg.use.draw import draw, draw_figure


def test_timeline_has_the_dated_events(seed_store, mini):
    fig = draw_figure(mini, timeline=True)
    marks = labels(fig, "event-label")
    assert {"REJECT", "CONSULT ×2", "CONSULT", "SUPPORT", "AID", "ASSAULT ×2"} <= marks
    assert rows(fig) == {"Donald Trump → Vladimir Putin", "Israel → Iran", "Russia → Ukraine", "Iran → Russia",
                    "Vladimir Putin → Masoud Pezeshkian"}
    (undated,) = texts(fig, "undated")
    assert "(5)" in undated.get_text() and "ACCUSE Russia → Israel" in undated.get_text()
    focus = draw_figure(mini, timeline=True, focus="Trump")
    assert rows(focus) == {"Donald Trump → Vladimir Putin"}
    seed = draw_figure(seed_store, timeline=True)  # the real seed: its dated pairs are rows
    assert "Donald Trump → Vladimir Putin" in rows(seed)


def test_large_focus_and_timeline(big_store, tmp_path):
    path = draw(big_store, tmp_path / "big.png", focus="Per 0000", hops=2, limit=60, size=(8, 6), dpi=50)
    assert png_size(path) == (400, 300)
    fig = draw_figure(big_store, focus="Per 0000", hops=2, limit=60)
    assert len(labels(fig)) == 60 and "Per 0000" in labels(fig)
    assert_no_overlap(fig)
    tl = draw_figure(big_store, timeline=True, limit=40)
    assert 0 < len(rows(tl)) <= 40
