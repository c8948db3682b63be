"""kg.draw: the pictures checked as a reader would look at them."""

from __future__ import annotations

import json
import random
import struct
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from kg.cli import app
from kg.cli._app import run_command
from kg.errors import KGError
from kg.graph.store import KGStore
from kg.records import (
    DateValue,
    Document,
    Entity,
    Event,
    EventMention,
    ResolvedDocument,
)
from kg.use.draw import QUAD_CATEGORY, draw, draw_figure, parse_date_bound, select

BASELINE = Path(__file__).parent / "baseline"
PLOVER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "plover" / "plover.json"
SMALL = dict(size=(6, 4.5), dpi=60)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def texts(fig, gid: str) -> list:
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_text") and a.get_gid() == gid) if t.get_visible()]


def labels(fig, gid: str = "node-label") -> set[str]:
    return {t.get_text() for t in texts(fig, gid)}


def rows(fig) -> set[str]:
    return {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()} - {""}


def legend_entries(fig, gid: str = "legend-types") -> list[str]:
    (leg,) = [leg for leg in fig.legends if leg.get_gid() == gid]
    return [t.get_text() for t in leg.get_texts()]


def assert_no_overlap(fig) -> None:
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for g in ("node-label", "edge-label", "event-label")
             for t in texts(fig, g)]
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            assert not ba.overlaps(bb), f"labels overlap: {a!r} and {b!r}"


@pytest.fixture(scope="module")
def seed_store(seed_out):
    store = KGStore(seed_out / "store", read_only=True)
    yield store
    store.close()


def mini_store() -> KGStore:
    """The seed's story written as records (independent of the NLP), for exact checks and baselines."""
    people = {"trump": ("Person", "Donald Trump", {"Trump"}), "putin": ("Person", "Vladimir Putin", {"Putin", "Vladimir"}),
              "netanyahu": ("Person", "Benjamin Netanyahu", set()), "pezeshkian": ("Person", "Masoud Pezeshkian", {"Pezeshkian"}),
              "russia": ("Country", "Russia", set()), "israel": ("Country", "Israel", set()), "iran": ("Country", "Iran", set()),
              "ukraine": ("Country", "Ukraine", set())}
    ents = {k: Entity(key=f"{t.lower()}/{label.replace(' ', '_')}", type=t, label=label, alt_labels=alt)
            for k, (t, label, alt) in people.items()}
    story = [("REJECT", "trump", "putin", "2025-06-18", "reported"), ("CONSULT", "trump", "putin", "2025-06-17", "reported"),
             ("AGREE", "putin", "trump", None, "reported"), ("CONSULT", "trump", "putin", "2025-06-14", "asserted"),
             ("CONSULT", "trump", "putin", "2025-06-14", "asserted"), ("ACCUSE", "russia", "israel", None, "asserted"),
             ("ASSAULT", "israel", "iran", None, "asserted"), ("CONSULT", "putin", "netanyahu", None, "asserted"),
             ("CONSULT", "putin", "pezeshkian", None, "asserted"), ("ASSAULT", "israel", "iran", "2025-06-13", "asserted"),
             ("ASSAULT", "russia", "ukraine", "2022", "asserted"), ("SUPPORT", "putin", "pezeshkian", "2025-01", "asserted"),
             ("AID", "iran", "russia", "2022", "asserted"), ("ASSAULT", "russia", "ukraine", "2022", "asserted"),
             ("ASSAULT", "israel", "iran", "2025-06-18", "asserted")]
    doc = Document(id="ab" * 32, name="seed.txt", text="")
    events = []
    for k, (cat, a, t, when, modality) in enumerate(story):
        day = DateValue(when, {4: "year", 7: "month"}.get(len(when), "day")) if when else None
        m = EventMention(cat, "x", 0, 1, (0,), (1,), date=day, modality=modality)
        events.append(Event(f"{doc.id}-{k}", m, (ents[a].key,), (ents[t].key,)))
    store = KGStore(None)
    store.write([ResolvedDocument(doc, None, {e.key: e for e in ents.values()}, events)], list(ents.values()))
    return store


@pytest.fixture(scope="module")
def mini():
    return mini_store()


def event_entity_labels(store) -> set[str]:
    q = """PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?l WHERE { ?e kg:eventType ?c . { ?e kg:agent ?x } UNION { ?e kg:target ?x }
    UNION { ?e kg:participant ?x } ?x rdfs:label ?l }"""
    return {r["l"].value for r in store.ox.query(q, use_default_graph_as_union=True)}


# ------------------------------------------------------------------ the seed


def test_png_of_requested_pixel_size(seed_out, tmp_path):
    path = draw(seed_out, tmp_path / "g.png", size=(6, 4), dpi=50)
    assert path == tmp_path / "g.png"
    assert png_size(path) == (300, 200)


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


def test_focus_by_any_name_and_unknown_names(seed_store):
    assert labels(draw_figure(seed_store, focus="Vladimir Putin")) == labels(draw_figure(seed_store, focus="PUTIN"))
    with pytest.raises(KGError) as err:
        draw_figure(seed_store, focus="Putn")
    assert err.value.code == "E402" and "'Putin'" in str(err.value)


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


def test_same_input_same_bytes(seed_out, tmp_path):
    for name in ("a.png", "b.png"):
        draw(seed_out, tmp_path / name, **SMALL)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    for name in ("a.svg", "b.svg"):
        draw(seed_out, tmp_path / name, timeline=True, **SMALL)
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    assert (tmp_path / "a.svg").read_text().lstrip().startswith("<?xml")


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


@pytest.mark.parametrize("name, kwargs", [
    ("overview", {}),
    ("focus_putin", {"focus": "Putin"}),
    ("timeline", {"timeline": True}),
])
def test_matches_baseline(mini, tmp_path, name, kwargs):
    expected = BASELINE / f"{name}.png"
    actual = draw(mini, tmp_path / f"{name}.png", **kwargs, **SMALL)
    assert expected.exists(), f"missing baseline {expected} (regenerate: python docs/make_images.py --baseline)"
    assert compare_images(str(expected), str(actual), tol=3) is None


def test_cli(seed_out, tmp_path):
    out = tmp_path / "focus.png"
    assert run_command(app, ["draw", str(seed_out), "-o", str(out), "--focus", "Putin", "--size", "5x4", "--dpi", "40"]) == 0
    assert png_size(out) == (200, 160)
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "t.svg"), "--timeline"]) == 0
    assert run_command(app, ["draw", str(seed_out), "-o", str(out), "--size", "big"]) == 2
    assert run_command(app, ["draw", str(seed_out), "-o", str(out), "--focus", "Nobody"]) == 1
    assert run_command(app, ["draw", str(seed_out), "-o", str(tmp_path / "x.gif")]) == 2


@pytest.mark.skipif(not PLOVER.exists(), reason="PLOVER reference not available")
def test_quad_categories_follow_plover():
    plover = json.loads(PLOVER.read_text())
    assert {c: v["quad_category"].lower() for c, v in plover["categories"].items()} == QUAD_CATEGORY


# ------------------------------------------------------------------ large graphs


def synthetic_store(n_entities: int, n_events: int, seed: int = 0) -> KGStore:
    """An in-memory store of entities with a few hubs, written through KGStore.write."""
    rng = random.Random(seed)
    types = ["Person", "Country", "Organization", "Group"]
    ents = [Entity(key=f"{t.lower()}/E{i:04d}", type=t, label=f"{t[:3]} {i:04d}")
            for i, t in ((i, types[i % 4]) for i in range(n_entities))]
    weights = [1 / (i + 1) ** 0.8 for i in range(n_entities)]
    docs = []
    for d in range(n_events // 50 + 1):
        doc = Document(id=f"{d:016x}" * 4, name=f"doc{d}.txt", text="")
        events = []
        for k in range(min(50, n_events - d * 50)):
            i = d * 50 + k  # the first n_entities events give every entity one event, the rest favour a few hubs
            a, t = (ents[i], rng.choices(ents, weights)[0]) if i < n_entities else tuple(rng.choices(ents, weights, k=2))
            if a is t:
                t = ents[(ents.index(a) + 1) % n_entities]
            cat = rng.choice(list(QUAD_CATEGORY))
            day = DateValue(f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "day")
            m = EventMention(cat, "did", 0, 3, (0,), (1,), date=day)
            events.append(Event(f"{doc.id}-{k}", m, (a.key,), (t.key,)))
        used = {k for ev in events for k in ev.agents + ev.targets}
        docs.append(ResolvedDocument(doc, None, {e.key: e for e in ents if e.key in used}, events))
    store = KGStore(None)
    store.write(docs, ents)
    return store


@pytest.fixture(scope="module")
def big_store():
    return synthetic_store(1000, 2000)


def test_large_graph_draws_only_the_limit_and_says_so(big_store, tmp_path):
    fig = draw_figure(big_store, limit=150)
    assert len(labels(fig)) == 150
    assert "150 of 1,000 entities" in texts(fig, "subtitle")[0].get_text()
    assert_no_overlap(fig)
    sel = select(big_store, limit=150)
    counts = sorted((n.events for n in sel.nodes.values()), reverse=True)
    everyone = select(big_store, limit=10_000)
    assert counts == sorted((n.events for n in everyone.nodes.values()), reverse=True)[:150]


def test_large_focus_and_timeline(big_store, tmp_path):
    path = draw(big_store, tmp_path / "big.png", focus="Per 0000", hops=2, limit=60, size=(8, 6), dpi=50)
    assert png_size(path) == (400, 300)
    fig = draw_figure(big_store, focus="Per 0000", hops=2, limit=60)
    assert len(labels(fig)) == 60 and "Per 0000" in labels(fig)
    assert_no_overlap(fig)
    tl = draw_figure(big_store, timeline=True, limit=40)
    assert 0 < len(rows(tl)) <= 40
