"""Helpers of the kg.draw tests: the mini store of the seed's story, a synthetic large store, and
ways to look at a figure as a reader would (its labels, rows, legends).

``docs/make_images.py --baseline`` draws the baselines from :func:`mini_store` too.
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

from kg.graph.store import KGStore
from kg.records import (
    DateValue,
    Document,
    Entity,
    Event,
    EventMention,
    ResolvedDocument,
)
from kg.use.draw import QUAD_CATEGORY

BASELINE = Path(__file__).parent / "baseline"
PLOVER = Path(__file__).resolve().parents[4] / "shared" / "eval" / "plover" / "plover.json"
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


def event_entity_labels(store) -> set[str]:
    q = """PREFIX kg: <https://w3id.org/kg-news/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT DISTINCT ?l WHERE { ?e kg:eventType ?c . { ?e kg:agent ?x } UNION { ?e kg:target ?x }
    UNION { ?e kg:participant ?x } ?x rdfs:label ?l }"""
    return {r["l"].value for r in store.ox.query(q, use_default_graph_as_union=True)}


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
