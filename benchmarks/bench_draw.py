"""How long ``kg draw`` takes on a large store (about 1M triples by default).

Builds an on-disk kg store of synthetic entities and events in kg's RDF contract (entity
descriptions in the entities graph; per-document graphs with ``kg:EventMention`` nodes,
their agent, target, category, date, modality, evidence and provenance, and the direct
agent → target edges), bulk-loaded with pyoxigraph, then times the overview, a focus view
and a timeline, each drawn to a PNG by :func:`kg.use.draw.draw` (wall-clock seconds, store opened read-only).

Run from the repository root::

    python benchmarks/bench_draw.py                 # ~1M triples
    python benchmarks/bench_draw.py --events 5000   # smaller, quicker

The store is written under a temporary folder (or ``--store PATH``, reused when it exists).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import KGStore
from kg.graph.vocab import DEFAULT_BASE, EDGE_PROPERTY, ENTITY_CLASSES
from kg.records import ENTITY_TYPES, PLOVER_CATEGORIES
from kg.use.draw import draw

KG = "https://w3id.org/kg-news/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
TRIPLES_PER_EVENT = 14  # see quads() below


def quads(n_entities: int, n_events: int, events_per_doc: int = 25, seed: int = 0):
    """N-Quads lines of a synthetic kg graph (a few hub entities, many small ones)."""
    rng = random.Random(seed)
    base = DEFAULT_BASE
    eg = f"<{base}graph/entities>"
    types = [t for t in ENTITY_TYPES if t != "Event"]
    ents = []
    for i in range(n_entities):
        t = types[i % len(types)]
        cls, seg = ENTITY_CLASSES[t]
        iri = f"<{base}{seg}/Synthetic_{i:06d}>"
        ents.append(iri)
        yield f"{iri} <{RDF_TYPE}> <{cls}> {eg} .\n"
        yield f'{iri} <{LABEL}> "{t} {i:06d}" {eg} .\n'
        yield f'{iri} <{ALT}> "S{i:06d}" {eg} .\n'
    weights = [1 / (i + 1) ** 0.9 for i in range(n_entities)]
    for d in range(0, n_events, events_per_doc):
        doc_id = f"{d:016x}"
        doc, g = f"<{base}doc/{doc_id}>", f"<{base}graph/{doc_id}>"
        yield f"{doc} <{RDF_TYPE}> <{SDO}NewsArticle> {g} .\n"
        yield f'{doc} <{SDO}name> "doc{d}.txt" {g} .\n'
        yield f'{doc} <{KG}contentHash> "{doc_id}" {g} .\n'
        for k in range(min(events_per_doc, n_events - d)):
            a, t = rng.choices(ents, weights, k=2)
            if a == t:
                t = ents[(ents.index(a) + 1) % n_entities]
            cat = rng.choice(PLOVER_CATEGORIES)
            e = f"<{base}event/{doc_id}-{k}>"
            day = f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            yield f"{e} <{RDF_TYPE}> <{KG}EventMention> {g} .\n"
            yield f'{e} <{LABEL}> "{cat}" {g} .\n'
            yield f"{e} <{KG}eventType> <{KG}{cat}> {g} .\n"
            yield f"{e} <{KG}agent> {a} {g} .\n"
            yield f"{e} <{KG}target> {t} {g} .\n"
            yield f'{e} <{KG}trigger> "did" {g} .\n'
            yield f'{e} <{KG}date> "{day}"^^<{XSD}date> {g} .\n'
            yield f'{e} <{KG}datePrecision> "day" {g} .\n'
            yield f'{e} <{KG}modality> "asserted" {g} .\n'
            yield f'{e} <{KG}confidence> "0.700"^^<{XSD}decimal> {g} .\n'
            yield f'{e} <{KG}extractor> "synthetic" {g} .\n'
            yield f"{e} <{PROV}wasDerivedFrom> {doc} {g} .\n"
            yield f'{e} <{KG}evidence> "{cat} sentence {k}." {g} .\n'
            yield f"{a} <{EDGE_PROPERTY[cat]}> {t} {g} .\n"


def build(path: Path, n_entities: int, n_events: int) -> float:
    t0 = time.perf_counter()
    store = ox.Store(str(path))
    data = "".join(quads(n_entities, n_events)).encode("utf-8")
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=70_000, help="events (~14 triples each)")
    parser.add_argument("--entities", type=int, default=20_000)
    parser.add_argument("--store", type=Path, help="store folder to (re)use")
    parser.add_argument("--out", type=Path, help="folder for the PNGs (default: temporary)")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    folder = args.store or Path(tmp.name) / "store"
    out = args.out or Path(tmp.name)
    out.mkdir(parents=True, exist_ok=True)
    if not folder.exists():
        secs = build(folder, args.entities, args.events)
        print(f"built {folder} in {secs:.1f} s")
    store = KGStore(folder, read_only=True)
    print(f"store: {len(store):,} triples")
    rows = []
    small = f"S{args.entities - 1:06d}"
    views = (("overview", "overview (limit 150)", {}),
             ("focus_hub", "focus hub, hops 1", {"focus": "S000000", "hops": 1}),
             ("focus_small", f"focus {small}, hops 2", {"focus": small, "hops": 2}),
             ("timeline", "timeline (limit 150)", {"timeline": True}),
             ("filtered", "overview --type ASSAULT --since 2024", {"types": ["ASSAULT"], "since": "2024"}))
    for file, name, kwargs in views:
        t0 = time.perf_counter()
        path = draw(store, out / f"{file}.png", **kwargs)
        rows.append((name, time.perf_counter() - t0, path))
    store.close()
    print(f"pictures in {out}")
    print(f"{'view':40} {'seconds':>8}")
    for name, secs, _ in rows:
        print(f"{name:40} {secs:8.2f}")


if __name__ == "__main__":
    main()
