"""kg benchmarks: build throughput, workers, 1M-triple store vs rdflib, memory, incremental reruns.

Run from the project root (every comparison runs side by side in the same invocation; each
measurement is a fresh subprocess so model loading and caches are paid alike)::

    python benchmarks/bench_build.py all            # everything, ~15 min on 2 cores
    python benchmarks/bench_build.py throughput     # 1, 2 and 5
    python benchmarks/bench_build.py store          # 3
    python benchmarks/bench_build.py memory         # 4
    python benchmarks/bench_build.py profile        # where a build's time goes besides parsing
    python benchmarks/bench_build.py addone         # 6: one article added to a store of 10,000

Corpus: ``../shared/corpus/wikinews`` (284 Wikinews articles, CC BY 2.5, see its README) when
present, else generated articles; ``--repeat R`` scales it by repeating documents under
distinct names. Results are printed as Markdown and saved to ``benchmarks/results.json``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: the shared material: ../shared beside the project, or where KG_SHARED says (a git worktree elsewhere)
WIKINEWS = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared")) / "corpus" / "wikinews"
RESULTS = HERE / "results.json"

PEOPLE = ["Vladimir Putin", "Xi Jinping", "Emmanuel Macron", "Olaf Scholz", "Narendra Modi", "Joe Biden",
          "Recep Tayyip Erdogan", "Luiz Inacio Lula da Silva", "Fumio Kishida", "Justin Trudeau"]
COUNTRIES = ["Russia", "China", "France", "Germany", "India", "Brazil", "Turkey", "Japan", "Canada", "Egypt",
             "Kenya", "Mexico", "Chile", "Norway", "Spain", "Italy", "Poland", "Iran", "Israel", "Peru"]
CITIES = ["Beijing", "Paris", "Berlin", "Ankara", "Cairo", "Tokyo", "Nairobi", "Lima", "Oslo", "Madrid"]
IMPEACHMENT = "2019-12-21_us-house-of-representatives-impeaches-president-trump.txt"
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def article(i: int) -> str:
    """A short generated article (about 30 words), different for every i."""
    p, q = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 7 + 3) % len(PEOPLE)]
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 4) % len(COUNTRIES)]
    return (f"{p} met {q} in {CITIES[i % len(CITIES)]} on {DAYS[i % len(DAYS)]}. "
            f"{a} accused {b} of violating agreement {i}. {b} rejected the accusation and {q} criticized {p}.\n")


def corpus_dir(work: Path, repeat: int = 1) -> Path:
    """The benchmark corpus as a folder of .txt files (repeated under distinct names)."""
    src = sorted(WIKINEWS.glob("*.txt")) if WIKINEWS.is_dir() else []
    out = work / f"corpus-x{repeat}"
    if out.exists():
        return out
    out.mkdir(parents=True)
    for r in range(repeat):
        if src:
            for f in src:
                (out / f"r{r}-{f.name}").write_text(f.read_text())
        else:
            for i in range(300):
                (out / f"r{r}-gen{i:05d}.txt").write_text(" ".join(article(i + j) for j in range(25)))
    return out


def child(task: str, *, script: str | Path = __file__, **kw) -> dict:
    """Run one measurement (``script _child task kw``) in a fresh Python process; returns its JSON result."""
    cmd = [sys.executable, str(Path(script).resolve()), "_child", task, json.dumps(kw)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"{task} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------ child tasks

def _cpu(children: bool = True) -> float:
    """CPU seconds of this process and (unless ``children`` is false) its reaped children."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + (kids.ru_utime + kids.ru_stime if children else 0.0)


def task_bare(corpus: str, workers: int, batch_size: int = 32) -> dict:
    """Bare spaCy: the same texts, model, components and processes, no kg."""
    import resource

    from kg.stages.ingest import iter_documents
    from kg.stages.nlp import load_model

    t0 = time.perf_counter()
    nlp = load_model()
    texts = (d.text for d in iter_documents([corpus]))
    words = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        words += len(doc)
    s = time.perf_counter() - t0
    return {"words": words, "seconds": s, "cpu": _cpu(), "load": os.getloadavg()[0],
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def task_kg(corpus: str, workers: int, store: str, batch_size: int = 32) -> dict:
    import resource

    from kg.graph.store import KGStore
    from kg.pipeline import run_build

    opened = KGStore(store)
    before = len(opened)  # counted outside the timing
    opened.close()
    t0 = time.perf_counter()
    report = run_build([corpus], store=store, workers=workers, batch_size=batch_size)
    s = time.perf_counter() - t0
    after = len(report.store)
    out = {"words": report.words, "seconds": s, "documents": report.documents, "skipped": report.skipped,
           "added": after - before, "triples": after, "events": report.events, "cpu": _cpu(),
           "load": os.getloadavg()[0],
           "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    report.store.close()
    return out


def task_cli(corpus: str, out: str) -> dict:
    t0 = time.perf_counter()
    subprocess.run(["kg", "build", corpus, "-o", out, "--no-png"], check=True, capture_output=True)
    return {"seconds": time.perf_counter() - t0}


def task_rss(n: int, work: str) -> dict:
    """Peak RSS of a build of n generated documents (JSONL), one process."""
    import resource

    from kg.pipeline import run_build

    path = Path(work) / f"gen{n}.jsonl"
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"gen-{i}", "text": article(i)}) + "\n")
    t0 = time.perf_counter()
    report = run_build([path], store=Path(work) / f"store{n}", batch_size=32)
    import gc

    gc.collect()
    out = {"documents": report.documents, "triples": report.triples, "entities": report.entities,
           "seconds": time.perf_counter() - t0, "python_objects": len(gc.get_objects()),
           "python_blocks": sys.getallocatedblocks(),
           "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    report.store.close()
    return out


#: wider pools for the add-one store: 40 leaders and 60 countries, so that its 10,000 articles spread
#: over many pairs of actors as a news corpus does (``article`` repeats 40 pairs: see BENCHMARKS.md)
LEADERS = PEOPLE + ["Keir Starmer", "Giorgia Meloni", "Pedro Sanchez", "Yoon Suk Yeol", "Anthony Albanese",
                    "Cyril Ramaphosa", "Bola Tinubu", "William Ruto", "Abdel Fattah el-Sisi", "Benjamin Netanyahu",
                    "Masoud Pezeshkian", "Mohammed bin Salman", "Volodymyr Zelensky", "Andrzej Duda",
                    "Viktor Orban", "Mark Rutte", "Ulf Kristersson", "Jonas Gahr Store", "Claudia Sheinbaum",
                    "Gustavo Petro", "Javier Milei", "Gabriel Boric", "Prabowo Subianto", "Anwar Ibrahim",
                    "Shehbaz Sharif", "Sheikh Hasina", "Ferdinand Marcos", "Pham Minh Chinh", "Kim Jong Un",
                    "Alexander Lukashenko"]
NATIONS = COUNTRIES + ["Argentina", "Australia", "Austria", "Bangladesh", "Belgium", "Colombia", "Cuba",
                       "Denmark", "Ethiopia", "Finland", "Ghana", "Greece", "Hungary", "Indonesia", "Iraq", "Ireland",
                       "Jordan", "Kazakhstan", "Lebanon", "Malaysia", "Morocco", "Nepal", "Netherlands",
                       "New Zealand", "Nigeria", "Pakistan", "Philippines", "Portugal", "Qatar", "Romania",
                       "Saudi Arabia", "Senegal", "Serbia", "Singapore", "South Africa", "Sweden", "Switzerland",
                       "Syria", "Tanzania", "Thailand"]


def dated_article(i: int) -> dict:
    """A generated article (about 30 words) with a report date (one of 2,000 days from 2019 on), its
    actors drawn from :data:`LEADERS` and :data:`NATIONS` (seeded by i), as a JSONL record."""
    import datetime

    rng = random.Random(i)
    p, q = rng.sample(LEADERS, 2)
    a, b = rng.sample(NATIONS, 2)
    day = datetime.date(2019, 1, 1) + datetime.timedelta(days=(i * 37) % 2000)
    text = (f"{p} met {q} in {rng.choice(CITIES)} on {rng.choice(DAYS)}. "
            f"{a} accused {b} of violating agreement {i}. {b} rejected the accusation and {q} criticized {p}.\n")
    return {"id": f"gen-{i}", "date": day.isoformat(), "text": text}


def task_addstore(n: int, work: str) -> dict:
    """A store of n generated, dated articles (the add-one benchmark's starting point)."""
    from kg.pipeline import run_build

    path = Path(work) / f"gen{n}.jsonl"
    with open(path, "w") as fh:
        for i in range(n):
            fh.write(json.dumps(dated_article(i)) + "\n")
    t0 = time.perf_counter()
    report = run_build([path], store=Path(work) / "store", batch_size=32)
    out = {"documents": report.documents, "triples": len(report.store), "events": report.events,
           "seconds": time.perf_counter() - t0}
    report.store.close()
    return out


def task_addone(store: str, article_path: str, rounds: int = 3) -> dict:
    """Add one article to a copy of ``store``: the build's seconds beside the article's bare parse.

    The model is loaded and the one-time tables warmed (a build of the same article into an
    empty in-memory store) before timing, as a long-running process pays them once; the store is
    copied fresh for every round so each adds the article anew."""
    from kg.graph.store import KGStore
    from kg.pipeline import run_build
    from kg.stages.ingest import iter_documents
    from kg.stages.nlp import load_model

    nlp = load_model()
    run_build([article_path]).store.close()
    text = next(iter(iter_documents([article_path]))).text
    parse, build, parse_cpu, build_cpu = [], [], [], []
    for r in range(rounds):
        t0, c0 = time.perf_counter(), _cpu(False)
        doc = nlp(text)
        parse.append(time.perf_counter() - t0)
        parse_cpu.append(_cpu(False) - c0)
        copy = Path(store).with_name(f"copy{r}")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(store, copy)
        opened = KGStore(copy)
        before = len(opened)
        t0, c0 = time.perf_counter(), _cpu(False)
        report = run_build([article_path], store=opened)
        report.store.close()  # the flush to disk is part of adding it
        build.append(time.perf_counter() - t0)
        build_cpu.append(_cpu(False) - c0)
        with KGStore(copy, read_only=True) as after:
            added = len(after) - before
        shutil.rmtree(copy, ignore_errors=True)
    return {"parse": min(parse), "build": min(build), "parse_cpu": min(parse_cpu), "build_cpu": min(build_cpu),
            "tokens": len(doc), "added": added, "events": report.events, "builds": build, "parses": parse,
            "load": os.getloadavg()[0]}


def task_dupindex(n: int = 10_000) -> dict:
    """Load the near-duplicate index of ``n`` stored Wikinews-length documents (the repository's
    gold articles' signatures repeated under new names; the generated store's articles are too
    short to have one) and settle one new article against it, as a build adding to such a store
    does; beside it, the same signatures inserted into datasketch's LSH index (what the load did
    before stored signatures were scanned as a matrix)."""
    from datasketch import MinHashLSH

    from kg.stages.duplicates import (
        LSH_BANDS,
        LSH_ROWS,
        PERMUTATIONS,
        THRESHOLD,
        DuplicateIndex,
        decode,
        encode,
        signature,
    )

    texts = [p.read_text() for p in sorted((ROOT / "tests" / "gold").glob("20*.txt"))]
    sigs = [encode(s) for s in map(signature, texts) if s is not None]
    stored = [(f"{i:016x}", sigs[i % len(sigs)], None, None) for i in range(n)]
    t0 = time.perf_counter()
    index = DuplicateIndex(lambda: stored)
    index.settle([], [])  # the load
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.settle([("new", None, " ".join(reversed(texts[0].split())))], [])
    one = time.perf_counter() - t0
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.8 * THRESHOLD, num_perm=PERMUTATIONS, params=(LSH_BANDS, LSH_ROWS))
    for doc, text, _, _ in stored:
        lsh.insert(doc, decode(text))
    return {"documents": n, "load": load, "settle_one": one, "lsh_load": time.perf_counter() - t0}


def task_profile(corpus: str, limit: int = 60) -> dict:
    """cProfile of a build of the first ``limit`` documents: seconds by kg stage."""
    import cProfile
    import pstats

    from kg.pipeline import run_build
    from kg.stages.ingest import iter_documents
    from kg.stages.nlp import load_model
    from kg.world import geo

    load_model()
    geo.city_code("Paris")  # the city table, a one-time load, not a per-document cost
    work = Path(tempfile.mkdtemp())
    for d in list(iter_documents([corpus]))[:limit]:
        (work / d.name).write_text(d.text)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    report = run_build([work], store=work / "store")
    prof.disable()
    total = time.perf_counter() - t0
    stats = pstats.Stats(prof).stats
    wanted = {"spacy nlp.pipe (parse)": ("spacy/language.py", "pipe"),
              "kg.stages.extract.extract": ("kg/extract/__init__.py", "extract"),
              "kg.stages.resolve.resolve": ("kg/resolve.py", "resolve"),
              "kg.graph.store.write (rdf + SPARQL Update)": ("kg/store.py", "write"),
              "kg.stages.rdf.document_triples": ("kg/rdf.py", "document_triples"),
              "kg.stages.ingest.iter_documents": ("kg/ingest.py", "iter_documents"),
              "spacy Matcher (attribute_ruler's and extract's)": ("spacy/matcher/matcher.pyx", "__call__"),
              "spacy DependencyMatcher (in extract)": ("spacy/matcher/dependencymatcher.pyx", "__call__")}
    out = {"total_seconds": total, "words": report.words}
    for label, (file, func) in wanted.items():
        out[label] = max((v[3] for (f, _, fn), v in stats.items() if f.endswith(file) and fn == func), default=0.0)
    return out


# ------------------------------------------------------------------------------ 1M-triple store

def synthetic_store(path: Path, target_triples: int, seed: int = 7):
    """A kg store of about ``target_triples`` triples in kg's RDF contract (records → kg.stages.rdf →
    KGStore.write): documents of 10 events among 20,000 entities, dated 2019-2024."""
    import datetime as dt

    from kg.graph.store import KGStore
    from kg.graph.vocab import entity_key
    from kg.records import (
        PLOVER_CATEGORIES,
        DateValue,
        Document,
        Entity,
        Event,
        EventMention,
        ResolvedDocument,
    )
    from kg.stages.resolve import EntityIndex

    rnd = random.Random(seed)
    store = KGStore(path)
    index = EntityIndex()
    first = ["Anna", "Boris", "Chen", "Dara", "Elif", "Femi", "Goran", "Hana", "Ivan", "Jia", "Kofi", "Lena"]
    last = [f"Surname{i}" for i in range(1500)]
    ents = []
    for i in range(20000):
        if i < 200:
            e = Entity(key=entity_key("Country", f"Country {i}"), type="Country", label=f"Country {i}",
                       country_code=f"C{i:02d}"[:3])
        elif i < 12000:
            name = f"{first[i % len(first)]} {last[i % len(last)]} {i}"
            e = Entity(key=entity_key("Person", name), type="Person", label=name,
                       alt_labels={name.split()[1] + f" {i}", f"Mr {i}"}, country=f"country/Country_{i % 200}",
                       job_titles={"Minister"})
        else:
            name = f"Organization {i}"
            e = Entity(key=entity_key("Organization", name), type="Organization", label=name,
                       alt_labels={f"Org{i}"})
        ents.append(index.add(e))
    import itertools

    cum = list(itertools.accumulate(1 / (r + 1) for r in range(len(ents))))  # a few actors appear a lot (Zipf)
    day0 = dt.date(2019, 1, 1)
    written = set()
    n_doc = 0
    write_s = 0.0
    batch = []
    size = 0
    while size < target_triples:
        n_doc += 1
        doc_id = f"{rnd.getrandbits(256):064x}"
        ddate = day0 + dt.timedelta(days=rnd.randrange(6 * 365))
        doc = Document(id=doc_id, name=f"synthetic-{n_doc}.txt", text="", source=f"synthetic-{n_doc}.txt",
                       title=f"Synthetic article {n_doc}")
        events, mentioned = [], {}
        for k in range(10):
            a, t = rnd.choices(ents, cum_weights=cum, k=2)
            cat = rnd.choice(PLOVER_CATEGORIES)
            when = ddate - dt.timedelta(days=rnd.randrange(3))
            sentence = f"{a.label} and {t.label} did something of type {cat} on {when.isoformat()}."
            m = EventMention(category=cat, trigger="did", trigger_start=0, trigger_end=3, agents=(0,), targets=(1,),
                             sentence=sentence, sent_start=k * 100, sent_end=k * 100 + len(sentence),
                             date=DateValue(when.isoformat(), "day", "on " + when.strftime("%A")),
                             modality=rnd.choice(("asserted", "asserted", "reported", "negated")),
                             extractor="synthetic", confidence=0.8)
            events.append(Event(id=f"{doc_id[:16]}-{k}", mention=m, agents=(a.key,), targets=(t.key,)))
            mentioned[a.key] = a
            mentioned[t.key] = t
        batch.append(ResolvedDocument(document=doc, date=DateValue(ddate.isoformat(), "day"), entities=mentioned,
                                      events=events))
        if len(batch) == 64:
            new = [index.entities[k] for r in batch for k in r.entities if k not in written]
            written.update(e.key for e in new)
            t0 = time.perf_counter()
            store.write(batch, {e.key: e for e in new}.values())
            write_s += time.perf_counter() - t0
            batch = []
            size = len(store)
    actor = ents[200]
    return store, {"actor": str(store.iris.entity(actor.key)), "label": actor.label,"documents": n_doc, "events": n_doc * 10, "write_seconds": write_s,
                   "triples": len(store), "triples_per_s": len(store) / write_s}


QUERIES = {
    "actor's events with dates": """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        SELECT ?ev ?type ?date WHERE { ?ev kg:agent <%(actor)s> ; kg:eventType ?type . OPTIONAL { ?ev kg:date ?date } }
        ORDER BY ?date""",
    "who consulted whom (counts)": """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        SELECT ?a ?b (COUNT(?ev) AS ?n) WHERE { ?ev kg:eventType kg:CONSULT ; kg:agent ?a ; kg:target ?b }
        GROUP BY ?a ?b ORDER BY DESC(?n) LIMIT 20""",
    "two-hop neighbourhood": """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        SELECT DISTINCT ?n WHERE { ?e1 kg:agent|kg:target <%(actor)s> . ?e1 kg:agent|kg:target ?x .
          ?e2 kg:agent|kg:target ?x . ?e2 kg:agent|kg:target ?n . FILTER(?n != <%(actor)s>) }""",
    # the same answer, written as kg's `neighbours` question is: each partner expanded once
    "two-hop, first hop deduplicated": """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        SELECT DISTINCT ?n WHERE { { SELECT DISTINCT ?x WHERE { ?e1 kg:agent|kg:target <%(actor)s> .
          ?e1 kg:agent|kg:target ?x } } ?e2 kg:agent|kg:target ?x . ?e2 kg:agent|kg:target ?n .
          FILTER(?n != <%(actor)s>) }""",
    "events of a type in a date range": """
        PREFIX kg: <https://w3id.org/kg-news/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?ev ?date WHERE { ?ev kg:eventType kg:ACCUSE ; kg:date ?date .
          FILTER(?date >= "2021-01-01"^^xsd:date && ?date < "2021-07-01"^^xsd:date) } ORDER BY ?date""",
    "aliases of an entity (by name)": """
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?e ?alt WHERE { ?e rdfs:label "%(label)s" ; skos:altLabel ?alt }""",
}


def _count_rows(ox_store, text: str) -> int:
    return len(list(ox_store.query(text, use_default_graph_as_union=True)))


def _best(fn, repeat: int = 3) -> tuple[float, int]:
    best, n = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = fn()
        best = min(best, time.perf_counter() - t0)
    return best, n


def task_store(triples: int, work: str) -> dict:
    """kg's Oxigraph store vs rdflib's default Memory store at ``triples`` triples."""
    import gc

    import rdflib

    from kg.graph.store import KGStore
    from kg.use.export import export

    work = Path(work)
    store, info = synthetic_store(work / "store", triples)
    t0 = time.perf_counter()
    store.optimize()  # what run_build does after a build that grew the store by 10% or more
    info["optimize_seconds"] = time.perf_counter() - t0
    fill = {"actor": info["actor"], "label": info["label"]}
    res = {"synthetic": info, "queries": {}}

    ttl = work / "graph.ttl"
    t0 = time.perf_counter()
    export(store, "turtle", ttl)
    res["kg_turtle_export"] = time.perf_counter() - t0
    res["turtle_mb"] = ttl.stat().st_size / 1e6
    for name, q in QUERIES.items():
        text = q % fill
        s, n = _best(functools.partial(_count_rows, store.ox, text))
        res["queries"][name] = {"kg": s, "kg_rows": n}
    store.close()

    t0 = time.perf_counter()
    fresh = KGStore(None)
    fresh.load_file(ttl)
    res["kg_turtle_import"] = time.perf_counter() - t0
    res["kg_imported_triples"] = len(fresh)
    # kg's in-memory store (KGStore(None), for notebooks): the same queries and export
    for name, q in QUERIES.items():
        text = q % fill
        s, n = _best(functools.partial(_count_rows, fresh.ox, text))
        res["queries"][name].update({"kg_memory": s, "kg_memory_rows": n})
    t0 = time.perf_counter()
    export(fresh, "turtle", work / "memory.ttl")
    res["kg_memory_turtle_export"] = time.perf_counter() - t0
    del fresh
    gc.collect()

    g = rdflib.Graph()  # rdflib's default store: Memory
    t0 = time.perf_counter()
    g.parse(ttl, format="turtle")
    res["rdflib_turtle_import"] = time.perf_counter() - t0
    res["rdflib_triples"] = len(g)
    for name, q in QUERIES.items():
        text = q % fill
        s, n = _best(lambda: len(list(g.query(text))), repeat=1)
        res["queries"][name].update({"rdflib": s, "rdflib_rows": n})
    out = work / "rdflib.ttl"
    t0 = time.perf_counter()
    g.serialize(out, format="turtle")
    res["rdflib_turtle_export"] = time.perf_counter() - t0
    return res


# ------------------------------------------------------------------------------ sections

def section_throughput(args, work: Path, results: dict) -> None:
    corpus = corpus_dir(work, args.repeat)
    r = results["throughput"] = {"runs": {}}
    runs = r["runs"]
    for round_ in range(args.rounds):  # interleaved, best of the rounds (the machine is shared)
        for w in args.workers:
            print(f"  round {round_ + 1}: bare nlp.pipe, {w} process(es) ...", flush=True)
            runs.setdefault(f"bare_w{w}", []).append(child("bare", corpus=str(corpus), workers=w))
            print(f"  round {round_ + 1}: kg build, --workers {w} ...", flush=True)
            shutil.rmtree(work / f"store-w{w}", ignore_errors=True)
            runs.setdefault(f"kg_w{w}", []).append(
                child("kg", corpus=str(corpus), workers=w, store=str(work / f"store-w{w}")))
    for key, values in runs.items():
        r[key] = min(values, key=lambda v: v["seconds"])
    print("  kg build rerun (unchanged input) ...", flush=True)
    w = args.workers[0]
    r["rerun"] = child("kg", corpus=str(corpus), workers=w, store=str(work / f"store-w{w}"))
    print("  kg build CLI, first build and rerun ...", flush=True)
    shutil.rmtree(work / "cli-out", ignore_errors=True)
    r["cli_first"] = child("cli", corpus=str(corpus), out=str(work / "cli-out"))
    r["cli_rerun"] = child("cli", corpus=str(corpus), out=str(work / "cli-out"))


def section_store(args, work: Path, results: dict) -> None:
    d = work / "store-bench"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir()
    print(f"  {args.triples:,} triples: kg (Oxigraph) vs rdflib Memory ...", flush=True)
    results["store"] = child("store", triples=args.triples, work=str(d))


def section_memory(args, work: Path, results: dict) -> None:
    r = results.setdefault("memory", {})
    for n in args.sizes:
        d = work / f"rss-{n}"
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir()
        print(f"  peak RSS at {n:,} documents ...", flush=True)
        r[str(n)] = child("rss", n=n, work=str(d))


def section_profile(args, work: Path, results: dict) -> None:
    print("  profiling a build ...", flush=True)
    results["profile"] = child("profile", corpus=str(corpus_dir(work, 1)))


def section_addone(args, work: Path, results: dict) -> None:
    d = work / "addone"
    info = d / f"store-{args.store_size}.json"  # the store is kept when --work is given
    if not info.is_file():
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        print(f"  a store of {args.store_size:,} generated articles ...", flush=True)
        info.write_text(json.dumps(child("addstore", n=args.store_size, work=str(d))))
    r = results["addone"] = {"store": json.loads(info.read_text()), "articles": {}}
    new = {"generated": d / "new-generated.jsonl", "wikinews": d / "new-wikinews.txt"}
    new["generated"].write_text(json.dumps({**dated_article(args.store_size), "id": "new"}) + "\n")
    # a real article (Wikinews, in the repository's golds): the impeachment vote, ~600 words
    new["wikinews"].write_text((ROOT / "tests" / "gold" / IMPEACHMENT).read_text())
    for name, path in new.items():
        print(f"  adding one {name} article ...", flush=True)
        r["articles"][name] = child("addone", store=str(d / "store"), article_path=str(path))
    print("  the near-duplicate index of 10,000 Wikinews-length documents ...", flush=True)
    r["duplicates"] = child("dupindex", n=args.store_size)


def report(results: dict) -> str:
    lines = []
    t = results.get("throughput")
    if t:
        lines += ["| measurement | value | ratio | target |", "|---|---|---|---|"]
        for w in (1, 2):
            b, k = t.get(f"bare_w{w}"), t.get(f"kg_w{w}")
            if b and k:
                bw, kw = b["words"] / b["seconds"], k["words"] / k["seconds"]
                lines.append(f"| build, {w} process(es): kg {kw:,.0f} words/s vs bare nlp.pipe {bw:,.0f} words/s "
                             f"({k['words']:,} tokens, {k['documents']} docs) | {k['seconds']:.1f} s vs {b['seconds']:.1f} s "
                             f"| {kw / bw:.2f} | ≥ 0.85 |")
                if "cpu" in k and "cpu" in b:
                    lines.append(f"| same, per CPU second (robust to other load): kg {k['words'] / k['cpu']:,.0f} vs bare "
                                 f"{b['words'] / b['cpu']:,.0f} words/CPU-s | {k['cpu']:.1f} vs {b['cpu']:.1f} CPU-s | "
                                 f"{(k['words'] / k['cpu']) / (b['words'] / b['cpu']):.2f} | ≥ 0.85 |")
        if t.get("kg_w1") and t.get("kg_w2"):
            k1, k2 = t["kg_w1"], t["kg_w2"]
            load = f", load average {k2['load']:.1f}" if "load" in k2 else ""
            lines.append(f"| kg --workers 2 vs 1 | {k2['seconds']:.1f} s vs {k1['seconds']:.1f} s{load} | "
                         f"{k1['seconds'] / k2['seconds']:.2f}× | ≥ 1.7× |")
        if t.get("bare_w1") and t.get("bare_w2"):
            b1, b2 = t["bare_w1"], t["bare_w2"]
            lines.append(f"| (reference) bare nlp.pipe n_process 2 vs 1 | {b2['seconds']:.1f} s vs {b1['seconds']:.1f} s | "
                         f"{b1['seconds'] / b2['seconds']:.2f}× | – |")
        if t.get("rerun"):
            first = t.get("kg_w1") or t.get("kg_w2")
            rr = t["rerun"]
            lines.append(f"| rerun on unchanged input (run_build) | {rr['seconds']:.3f} s vs {first['seconds']:.1f} s, "
                         f"{rr['added']} triples added, {rr['skipped']} skipped | {first['seconds'] / rr['seconds']:.0f}× | ≥ 50×, 0 added |")
        if t.get("cli_rerun"):
            c1, c2 = t["cli_first"], t["cli_rerun"]
            lines.append(f"| rerun, whole `kg build --no-png` process (Python start, imports) | {c2['seconds']:.2f} s vs "
                         f"{c1['seconds']:.1f} s | {c1['seconds'] / c2['seconds']:.0f}× | ≥ 50× |")
    s = results.get("store")
    if s:
        info = s["synthetic"]
        lines += ["", f"Store at {s['rdflib_triples']:,} triples ({info['documents']:,} documents, {info['events']:,} events; "
                  f"written by KGStore.write at {info['triples_per_s']:,.0f} triples/s):", "",
                  "| operation | kg on disk (default) | kg in memory | rdflib Memory | speed-up on disk | in memory | target |",
                  "|---|---|---|---|---|---|---|"]

        def ms(v):
            return f"{v * 1000:,.1f} ms" if v is not None else "–"

        def ratio(a, b):
            return f"{a / b:,.0f}×" if a is not None and b else "–"

        for name, q in s["queries"].items():
            mem = q.get("kg_memory")
            lines.append(f"| SPARQL: {name} ({q['kg_rows']} rows) | {ms(q['kg'])} | {ms(mem)} | {ms(q['rdflib'])} | "
                         f"{ratio(q['rdflib'], q['kg'])} | {ratio(q['rdflib'], mem)} | ≥ 20× |")
        mem_export = s.get("kg_memory_turtle_export")
        lines.append(f"| Turtle export ({s['turtle_mb']:.0f} MB) | {s['kg_turtle_export']:.1f} s | "
                     f"{f'{mem_export:.1f} s' if mem_export else '–'} | {s['rdflib_turtle_export']:.1f} s | "
                     f"{ratio(s['rdflib_turtle_export'], s['kg_turtle_export'])} | {ratio(s['rdflib_turtle_export'], mem_export)} | ≥ 20× |")
        lines.append(f"| Turtle import (into memory) | – | {s['kg_turtle_import']:.1f} s | {s['rdflib_turtle_import']:.1f} s | – | "
                     f"{ratio(s['rdflib_turtle_import'], s['kg_turtle_import'])} | ≥ 20× |")
        if "optimize_seconds" in info:
            lines.append(f"\nCompaction after writing (`KGStore.optimize`, run by `run_build`): {info['optimize_seconds']:.1f} s.")
    m = results.get("memory")
    if m and len(m) >= 2:
        sizes = sorted(m, key=int)
        lo, hi = m[sizes[0]], m[sizes[-1]]
        lines += ["", "| documents | peak RSS | triples | Python objects after the build | seconds |",
                  "|---|---|---|---|---|"]
        for n in sizes:
            lines.append(f"| {int(n):,} | {m[n]['rss_mb']:.0f} MB | {m[n]['triples']:,} | "
                         f"{m[n].get('python_objects', 0):,} | {m[n]['seconds']:.0f} |")
        lines.append(f"| growth {sizes[0]} → {sizes[-1]} | {100 * (hi['rss_mb'] / lo['rss_mb'] - 1):+.1f}% (target ≤ 20%) | | |")
    p = results.get("profile")
    if p:
        lines += ["", f"Profile of a build ({p['words']:,} words, {p['total_seconds']:.1f} s under cProfile):", "",
                  "| part | seconds | share |", "|---|---|---|"]
        for k, v in p.items():
            if k not in ("total_seconds", "words"):
                lines.append(f"| {k} | {v:.2f} | {100 * v / p['total_seconds']:.0f}% |")
    a = results.get("addone")
    if a and a.get("articles"):
        st = a.get("store") or {}
        built = f"built in {st['seconds']:.0f} s" if st.get("seconds") else "the build stopped there"
        lines += ["", f"One article added to a store of {st.get('documents', 0):,} generated articles "
                  f"({st.get('triples', 0):,} triples, {st.get('events', 0):,} event mentions; {built}), "
                  "best of 3 rounds, model loaded before timing:", "",
                  "| article | tokens | bare parse | run_build + close | build minus parse | same in CPU seconds | "
                  "triples added | target |", "|---|---|---|---|---|---|---|---|"]
        for name, v in a["articles"].items():
            lines.append(f"| {name} | {v['tokens']:,} | {v['parse']:.2f} s | {v['build']:.2f} s | "
                         f"{v['build'] - v['parse']:.2f} s | {v['build_cpu'] - v['parse_cpu']:.2f} CPU-s "
                         f"(load {v['load']:.1f}) | {v['added']:,} | < 2 s |")
        if dup := a.get("duplicates"):
            lines += ["", f"Its near-duplicate index for {dup['documents']:,} stored Wikinews-length documents "
                      f"(signatures of the gold articles, repeated): loaded in {dup['load']:.2f} s, one new "
                      f"article settled against it in {dup['settle_one']:.3f} s; inserting the same signatures "
                      f"into datasketch's LSH index took {dup['lsh_load']:.2f} s."]
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        fn = globals()["task_" + sys.argv[2]]
        print(json.dumps(fn(**json.loads(sys.argv[3]))))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["all", "throughput", "store", "memory", "profile", "addone", "report"])
    ap.add_argument("--repeat", type=int, default=1, help="repeat the corpus R times under distinct names")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--rounds", type=int, default=1, help="throughput: interleaved rounds, best kept")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--store-size", type=int, default=10_000, help="addone: articles in the store")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    args = ap.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.what != "report":
        sections = ["throughput", "store", "memory", "profile", "addone"] if args.what == "all" else [args.what]
        run_sections(args, results, sections, globals(), RESULTS, prefix="kg-bench-")
    print(report(results))


def run_sections(args, results: dict, sections: list[str], scope: dict, path: Path, *, prefix: str) -> None:
    """Run ``scope["section_" + name](args, work, results)`` for each section in a scratch folder
    (``args.work``, else a temporary one, removed after), saving ``results`` to ``path`` after each."""
    work = (args.work or Path(tempfile.mkdtemp(prefix=prefix))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    for name in sections:
        print(f"[{name}]", flush=True)
        scope["section_" + name](args, work, results)
        results["machine"] = {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                              "date": time.strftime("%Y-%m-%d")}
        path.write_text(json.dumps(results, indent=1))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
