"""Score a graph against a reference reading: what ``kg eval`` runs.

Two kinds of reference:

gold files (``tests/gold/seed_gold.json`` is one)
    one article's entities (name, aliases, type, ISO alpha-3 country, role) and typed events
    (PLOVER categories, acceptable agents and targets, dates at the precision the text gives);
    ``required: false`` marks readings a system may give or omit. :func:`score_graph` gives
    entity precision/recall/F1, type, country-code and role accuracy, duplicates; event
    precision/recall/F1 and date accuracy; and the misses. Several gold files (several
    articles in one graph) pool their entities by name, and an event counts only against the
    article it came from; gold events sharing an ``instance`` id across files are one real event,
    and the report says how the graph groups mentions into instances (:mod:`kg.use.evaluate_instances`).
case suites (``tests/gold/plover_gsr_cases.json``)
    one sentence per case, each with the events a human coder read, by source actor, target
    actor and PLOVER category; :func:`score_cases` builds nothing itself but reads a graph
    built one document per case (``<case id>.txt``) and scores micro precision/recall/F1 by
    (source country, target country, PLOVER category) with :func:`score_suite`.

The graph is read through the *local names* of its terms (the part after the last ``#``,
``/`` or ``:``), so any namespaces work: this module scores kg's graphs and other tools'.

This is a port of the project's reference scorer, ``../shared/eval/score_graph.py`` and
``../shared/eval/plover/score.py`` (kg evaluation material), with the same semantics and the
same numbers; the only change is that sets are visited in sorted order, so a tie between two
equally good matches is broken the same way in every run.
"""

# Ported from /work/shared/eval/score_graph.py and /work/shared/eval/plover/score.py (the
# project's evaluation material); keep the two in step: tests/test_evaluate.py compares the
# numbers with score_graph.py whenever that file is present.

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.errors import KGError
from kg.records import PLOVER_CATEGORIES
from kg.use.evaluate_instances import INSTANCE_FIELDS, instance_map, instance_pairs

__all__ = [
    "ENTITY_FIELDS", "EVENT_FIELDS", "FIELDS", "INSTANCE_FIELDS", "SUITE_FIELDS",
    "View", "local", "norm", "f1",
    "load_gold", "load_cases", "merge_golds", "gold_index",
    "score_entities", "score_events", "score_graph", "score_cases", "score_suite",
    "graph_of", "find_document", "evaluate", "evaluate_suite", "format_report",
]

ENTITY_TYPES = {"person", "organization", "country", "city", "place", "event", "product",
                "location", "gpe", "facility", "norp", "group"}
PLOVER = frozenset(PLOVER_CATEGORIES)
#: international actor prefixes, compared as one class
INTL = {"IGO", "IMG", "NGO", "MNC", "NGM"}

#: the fields of a gold-file report, in the order they are printed
ENTITY_FIELDS = ("entity_recall", "entity_precision", "entity_f1", "entity_type_accuracy",
                 "entity_duplicates", "country_code_accuracy", "role_accuracy",
                 "missing_entities", "unmatched_entities")
EVENT_FIELDS = ("event_recall", "event_precision", "event_f1", "date_accuracy", "system_events",
                "missing_events", "unmatched_system_events")
FIELDS = ENTITY_FIELDS + EVENT_FIELDS
#: the fields of a case-suite report
SUITE_FIELDS = ("level", "tp", "fp", "fn", "precision", "recall", "f1", "cases_missed", "cases_with_false_events")


# --------------------------------------------------------------------------- reading a graph

def local(term: object) -> str:
    """The local name of a term: the part after the last ``#``, ``/`` or ``:``.

    Examples
    --------
    >>> local("https://w3id.org/kg-news/ontology#eventType")
    'eventType'
    >>> local("https://schema.org/Person")
    'Person'
    >>> local("ASSAULT")
    'ASSAULT'
    """
    s = str(term)
    for sep in ("#", "/", ":"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
    return s


def norm(name: object) -> str:
    """A name as compared with gold names: spaces folded, lower case, no leading "the ",
    no lone trailing full stop.

    Examples
    --------
    >>> norm("The  White House")
    'white house'
    >>> norm("Saudi Arabia’s")
    "saudi arabia's"
    >>> norm("Inc."), norm("U.S.")
    ('inc', 'u.s.')
    """
    n = " ".join(str(name).replace("\u2019", "'").split()).lower()
    if n.startswith("the "):
        n = n[len("the "):]
    return n.rstrip(".") if n.endswith(".") and n.count(".") == 1 else n


def f1(p: float, r: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0).

    Examples
    --------
    >>> f1(1.0, 0.5)
    0.6666666666666666
    >>> f1(0.0, 0.0)
    0.0
    """
    return 2 * p * r / (p + r) if p + r else 0.0


def _key(terms: tuple) -> tuple[str, ...]:
    return tuple(str(t) for t in terms)


class View:
    """A graph seen through local names.

    Parameters
    ----------
    g : rdflib.Graph
        Any graph (a ``Dataset`` is read as the union of its graphs).

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... ex:ru a ex:Country ; rdfs:label "Russia" ; ex:countryCode "RUS" .
    ... ex:putin a ex:Person ; rdfs:label "Vladimir Putin" ; ex:country ex:ru .
    ... ex:e1 ex:eventType ex:CONSULT ; ex:agent ex:putin .
    ... ''')
    >>> v = View(g)
    >>> sorted(str(n) for n in v.entities())
    ['http://example.org/putin', 'http://example.org/ru']
    >>> v.country_code(URIRef("http://example.org/putin"))
    'RUS'
    >>> v.event_type(URIRef("http://example.org/e1"))
    'CONSULT'
    """

    def __init__(self, g: Graph) -> None:
        self.g = g = graph_of(g)  # a Dataset / ConjunctiveGraph: its union, as triples
        self.out: dict = defaultdict(lambda: defaultdict(list))
        for s, p, o in sorted(g, key=_key):
            self.out[s][local(p).lower()].append(o)
        self._events: set | None = None

    def labels(self, node) -> tuple[list[str], list[str]]:
        """(main labels, alternative labels) of a node."""
        out = sorted(str(o) for o in self.g.objects(node, RDFS.label))
        out += sorted(str(o) for o in self.g.objects(node, SKOS.prefLabel))
        alt = sorted(str(o) for o in self.g.objects(node, SKOS.altLabel))
        if not out and isinstance(node, Literal):
            out = [str(node)]
        return out, alt

    def types(self, node) -> set[str]:
        return {local(t).lower() for t in self.g.objects(node, RDF.type)}

    def entities(self) -> dict:
        """Entity node -> its entity types (lower-case local names); event nodes are left out."""
        ents = {}
        for s, t in sorted(self.g.subject_objects(RDF.type), key=_key):
            if local(t).lower() in ENTITY_TYPES and s not in self.event_nodes():
                ents[s] = self.types(s) & ENTITY_TYPES
        return ents

    def event_nodes(self) -> set:
        if self._events is None:
            self._events = {s for s, preds in self.out.items() if preds.get("eventtype")}
        return self._events

    def event_type(self, ev) -> str | None:
        """The PLOVER category of an event node (from ``eventType``, else from its types)."""
        for o in self.out[ev]["eventtype"]:
            v = local(o).upper() if isinstance(o, URIRef) else str(o).upper()
            if v in PLOVER:
                return v
        for t in sorted(self.types(ev)):
            if t.upper() in PLOVER:
                return t.upper()
        return None

    def country_code(self, node) -> str | None:
        """ISO alpha-3 of a country node, or of the country a person/organisation acts for."""
        for o in self.out[node]["countrycode"]:
            return str(o).upper()
        for pred in ("country", "nationality", "affiliation", "memberof", "worksfor", "leaderof"):
            for o in self.out[node][pred]:
                for c in self.out[o]["countrycode"]:
                    return str(c).upper()
        return None

    def doc_names(self, ev) -> set[str]:
        """Every literal or IRI that names the document an event was read from."""
        names = set()
        for d in self.out[ev]["wasderivedfrom"]:
            names.add(str(d))
            for objs in self.out[d].values():
                names.update(str(o) for o in objs if isinstance(o, (Literal, URIRef)))
        return names


# --------------------------------------------------------------------------- gold files

def _read_json(path: Path, code: str):
    """The JSON in ``path``; E101 if it does not exist, ``code`` if it is not JSON."""
    if not path.is_file():
        raise KGError("E101", path=path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KGError(code, path=path, detail=f"invalid JSON: {exc}") from None


def load_gold(path: str | Path) -> dict:
    """Read and check a gold file.

    Raises
    ------
    KGError
        E101 if it does not exist, E601 if it is not a gold file.
    """
    path = Path(path)
    gold = _read_json(path, "E601")
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), list) \
            or not isinstance(gold.get("events"), list) or not gold.get("document"):
        raise KGError("E601", path=path, detail="needs 'document', 'entities' and 'events'")
    for e in gold["entities"]:
        if not isinstance(e, dict) or not {"name", "type", "required"} <= set(e):
            raise KGError("E601", path=path, detail=f"entity without name/type/required: {e!r:.80}")
    for e in gold["events"]:
        if not isinstance(e, dict) or not {"id", "agent", "target", "types", "required"} <= set(e):
            raise KGError("E601", path=path, detail=f"event without id/agent/target/types/required: {e!r:.80}")
    return gold


def load_cases(path: str | Path) -> list[dict]:
    """Read and check a case suite (a JSON list of ``{"id", "text", "expected"}``)."""
    path = Path(path)
    cases = _read_json(path, "E603")
    if not isinstance(cases, list) or not all(
            isinstance(c, dict) and {"id", "text", "expected"} <= set(c) for c in cases):
        raise KGError("E603", path=path, detail="needs a list of {id, text, expected}")
    return cases


def merge_golds(golds: Sequence[dict]) -> dict:
    """One gold for a graph built from several articles.

    Entities are pooled by name (aliases united, required if any says so); events get ids
    ``<document>:<id>`` and the ``document_keys`` (file stems) of their article.

    Examples
    --------
    >>> a = {"document": "a.txt", "entities": [{"name": "Iran", "required": True}], "events": [{"id": "E1"}]}
    >>> b = {"document": "b.txt", "entities": [{"name": "Iran", "aliases": ["IRI"], "required": False}], "events": []}
    >>> m = merge_golds([a, b])
    >>> m["entities"]
    [{'name': 'Iran', 'required': True, 'aliases': ['IRI']}]
    >>> m["events"]
    [{'id': 'a.txt:E1', 'document_keys': ['a']}]
    """
    if len(golds) == 1:
        return golds[0]
    ents: dict[str, dict] = {}
    events = []
    for g in golds:
        for e in g["entities"]:
            m = ents.setdefault(e["name"], {**e, "aliases": []})
            m["aliases"] = sorted(set(m["aliases"]) | set(e.get("aliases", [])))
            m["required"] = m["required"] or e["required"]
        keys = g.get("document_keys") or [os.path.splitext(g["document"])[0]]
        for ev in g["events"]:
            events.append({**ev, "id": f'{g["document"]}:{ev["id"]}', "document_keys": keys})
    return {"entities": list(ents.values()), "events": events}


def gold_index(gold: dict) -> dict[str, str]:
    """Normalised name or alias -> canonical gold entity name.

    Examples
    --------
    >>> gold_index({"entities": [{"name": "United States", "aliases": ["US", "the U.S."]}]})
    {'united states': 'United States', 'us': 'United States', 'u.s.': 'United States'}
    """
    idx = {}
    for e in gold["entities"]:
        for n in [e["name"]] + e.get("aliases", []):
            idx[norm(n)] = e["name"]
    return idx


def _resolve(view: View, node, idx: dict[str, str]) -> str | None:
    main, alt = view.labels(node)
    for n in main + alt:
        if norm(n) in idx:
            return idx[norm(n)]
    return None


def score_entities(view: View, gold: dict, idx: dict[str, str]) -> dict:
    """Entity precision/recall/F1, type, country-code and role accuracy, duplicates, misses.

    A system entity is correct when one of its labels is a gold name or alias (required or
    not); recall counts required gold entities found.
    """
    ents = view.entities()
    required = {e["name"] for e in gold["entities"] if e["required"]}
    gtype = {e["name"]: e["type"].lower() for e in gold["entities"]}
    hits: dict[str, list] = defaultdict(list)
    unmatched = []
    for node, types in ents.items():
        g = _resolve(view, node, idx)
        if g is None:
            unmatched.append(view.labels(node)[0][:1] or [str(node)])
        else:
            hits[g].append((node, types))
    found = required & set(hits)
    typed_ok = sum(1 for g in found if any(gtype[g] in t for _, t in hits[g]))
    dups = {g: len(v) for g, v in sorted(hits.items()) if len(v) > 1}
    codes_ok = codes_n = 0
    roles_ok = roles_n = 0
    for e in gold["entities"]:
        if not e["required"] or e["name"] not in hits:
            continue
        nodes = [n for n, _ in hits[e["name"]]]
        if e.get("country"):
            codes_n += 1
            codes_ok += any(view.country_code(n) == e["country"] for n in nodes)
        if e.get("role"):
            roles_n += 1
            titles = [str(o).lower() for n in nodes for o in view.out[n]["jobtitle"]]
            roles_ok += any(e["role"].lower() in t for t in titles)
    n_sys = len(ents)
    precision = (n_sys - len(unmatched)) / n_sys if n_sys else 0.0
    recall = len(found) / len(required) if required else 0.0
    return {
        "entity_recall": round(recall, 3),
        "entity_precision": round(precision, 3),
        "entity_f1": round(f1(precision, recall), 3),
        "entity_type_accuracy": round(typed_ok / len(found), 3) if found else 0.0,
        "entity_duplicates": dups,
        "country_code_accuracy": round(codes_ok / codes_n, 3) if codes_n else None,
        "role_accuracy": round(roles_ok / roles_n, 3) if roles_n else None,
        "missing_entities": sorted(required - found),
        "unmatched_entities": sorted(" / ".join(u) for u in unmatched),
    }


def _system_events(view: View, idx: dict[str, str]) -> list[dict]:
    out = []
    instances = instance_map(view)
    for ev in sorted(view.event_nodes(), key=str):
        t = view.event_type(ev)
        if t is None:
            continue
        agents = {_resolve(view, a, idx) for a in view.out[ev]["agent"]} - {None}
        targets = {_resolve(view, a, idx) for a in view.out[ev]["target"]} - {None}
        dates = {str(d)[:10] for d in view.out[ev]["date"]}
        out.append({"node": ev, "type": t, "agents": agents, "targets": targets, "dates": dates,
                    "docs": view.doc_names(ev), "instance": instances.get(ev, ev)})
    return out


def _same_document(s: dict, g: dict) -> bool:
    """An event of a multi-article gold counts only against its own article (by file stem, URL or title)."""
    if "document_keys" not in g or not s["docs"]:
        return True
    return any(k in d for k in g["document_keys"] for d in s["docs"])


def _event_match(s: dict, g: dict) -> bool:
    if s["type"] not in g["types"] or not _same_document(s, g):
        return False
    ga, gt = set(g["agent"]), set(g["target"])
    if s["agents"] & ga and s["targets"] & gt:
        return True
    return bool(g.get("symmetric")) and bool(s["agents"] & gt and s["targets"] & ga)


def score_events(view: View, gold: dict, idx: dict[str, str]) -> dict:
    """Event precision/recall/F1, date accuracy and the misses.

    A system event matches a gold event of one of its ``types`` whose acceptable agents and
    targets it meets (either way round for a ``symmetric`` one). Gold and system events are
    paired one to one, dated matches first; further mentions of a matched event count as
    correct, not as new events. Recall counts required gold events; date accuracy is over the
    dated required events found. When a gold event has an instance id, the report adds
    :data:`~kg.use.evaluate_instances.INSTANCE_FIELDS` (:func:`~kg.use.evaluate_instances.instance_pairs`).
    """
    sys_events = _system_events(view, idx)
    golds = gold["events"]
    pairs = []
    for i, s in enumerate(sys_events):
        for j, g in enumerate(golds):
            if _event_match(s, g):
                date_ok = bool(g.get("date")) and bool(s["dates"] & set(g["date"]))
                pairs.append((-(date_ok), -g["required"], i, j, date_ok))
    pairs.sort()
    used_s: set[int] = set()
    used_g: dict[int, bool] = {}
    matched: set[int] = set()
    owner: dict[int, int] = {}  # each matched mention's gold event: its one-to-one pair, else its best
    for _, _, i, j, date_ok in pairs:
        if i in used_s or j in used_g:
            continue
        used_s.add(i)
        used_g[j] = date_ok
        owner[i] = j
    for _, _, i, j, _ in pairs:  # further mentions of a matched event are true, not new
        matched.add(i)
        owner.setdefault(i, j)
    inst_pairs = instance_pairs(sys_events, golds, owner) if any("instance" in g for g in golds) else {}
    req = [j for j, g in enumerate(golds) if g["required"]]
    found = [j for j in req if j in used_g]
    dated = [j for j in found if golds[j].get("date")]
    precision = len(matched) / len(sys_events) if sys_events else 0.0
    recall = len(found) / len(req) if req else 0.0
    wrong = [f'{s["type"]} {sorted(s["agents"]) or "?"} -> {sorted(s["targets"]) or "?"}'
             for i, s in enumerate(sys_events) if i not in matched]
    return {
        "event_recall": round(recall, 3),
        "event_precision": round(precision, 3),
        "event_f1": round(f1(precision, recall), 3),
        "date_accuracy": round(sum(used_g[j] for j in dated) / len(dated), 3) if dated else None,
        "system_events": len(sys_events),
        "missing_events": [golds[j]["id"] for j in req if j not in used_g],
        "unmatched_system_events": sorted(wrong),
        **inst_pairs,
    }


def score_graph(graph: Graph | View, golds: Sequence[dict]) -> dict:
    """Score a graph against one or more gold files (already loaded); the report's fields are
    :data:`FIELDS`.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... ex:ru a ex:Country ; rdfs:label "Russia" ; ex:countryCode "RUS" .
    ... ex:ua a ex:Country ; rdfs:label "Ukraine" ; ex:countryCode "UKR" .
    ... ex:e1 ex:eventType ex:ASSAULT ; ex:agent ex:ru ; ex:target ex:ua ; ex:date "2022-02-24" .
    ... ''')
    >>> gold = {"document": "a.txt", "entities": [
    ...     {"name": "Russia", "type": "Country", "required": True, "country": "RUS"},
    ...     {"name": "Ukraine", "type": "Country", "required": True, "country": "UKR"},
    ...     {"name": "Kyiv", "type": "City", "required": True}],
    ...   "events": [{"id": "E1", "agent": ["Russia"], "target": ["Ukraine"], "types": ["ASSAULT"],
    ...               "date": ["2022-02-24"], "required": True}]}
    >>> r = score_graph(g, [gold])
    >>> r["entity_recall"], r["entity_precision"], r["entity_f1"], r["missing_entities"]
    (0.667, 1.0, 0.8, ['Kyiv'])
    >>> r["event_recall"], r["event_precision"], r["date_accuracy"]
    (1.0, 1.0, 1.0)
    """
    view = graph if isinstance(graph, View) else View(graph)
    gold = merge_golds(list(golds))
    idx = gold_index(gold)
    return {**score_entities(view, gold, idx), **score_events(view, gold, idx)}


# --------------------------------------------------------------------------- case suites

def _akey(code: str | None) -> str | None:
    if not code:
        return None
    c = code.strip('"').upper()[:3]
    if c == "---" or len(c) < 3:
        return None
    return "INT" if c in INTL else c  # international actors compare as one class


def _actor_match(gold: str | None, pred: str | None) -> bool:
    g = _akey(gold)
    return g is None or g == _akey(pred)


def _tkey(ev: dict, level: str, cameo_roots_to_plover: dict | None = None) -> str | None:
    if level == "dyad":
        return "*"
    if level == "root":
        return ev.get("root") or (ev.get("cameo") or "")[:2] or None
    p = ev.get("plover")
    if p is None and (ev.get("root") or ev.get("cameo")) and cameo_roots_to_plover:
        r = ev.get("root") or ev["cameo"][:2]
        cands = cameo_roots_to_plover.get(r) or []
        if r == "08" and ev.get("cameo"):
            p = "RETREAT" if ev["cameo"][:3] >= "084" else "CONCEDE"
        elif cands and cands[0] != "dropped":
            p = cands[0]
    return p


def _gold_items(case: dict, level: str) -> list[dict]:
    items, used = [], set()
    evs = case["expected"]
    for i, e in enumerate(evs):
        if i in used:
            continue
        t = _tkey(e, level)
        if level != "dyad" and t is None:
            continue
        pair = None
        for j in range(i + 1, len(evs)):
            f = evs[j]
            if j not in used and f["source"] == e["target"] and f["target"] == e["source"] \
                    and _tkey(f, level) == t:
                pair = j
                break
        if pair is not None:
            used.add(pair)
        items.append({"s": e["source"], "t": e["target"], "type": t, "reciprocal": pair is not None})
    return items


def _matches(g: dict, p: dict) -> bool:
    if g["type"] != "*" and g["type"] != p["type"]:
        return False
    if _actor_match(g["s"], p["s"]) and _actor_match(g["t"], p["t"]):
        return True
    return g["reciprocal"] and _actor_match(g["s"], p["t"]) and _actor_match(g["t"], p["s"])


def score_suite(cases: Sequence[dict], preds: dict[str, list[dict]], level: str = "plover",
                c2p: dict | None = None, subset: Callable[[dict], bool] | None = None) -> tuple[dict, dict]:
    """Micro precision/recall/F1 of predicted events against a case suite.

    The rule of ``plover/score.py`` (PLOVER material, Open Event Data Alliance, CC BY-SA 4.0):

    - actors compare by their first three characters; a gold ``---`` (unknown) or missing actor
      matches anything; international prefixes (IGO, IMG, NGO, MNC, NGM) compare as one class;
    - the type compares by PLOVER category (``level="plover"``; gold events without one are
      left out, as are such predictions), 2-digit CAMEO root (``"root"``) or not at all
      (``"dyad"``);
    - a gold pair A→B / B→A of the same type is one *reciprocal* event that a prediction in
      either direction satisfies (and the second direction is then neutral);
    - gold and predictions are matched one to one within a case; a case with no gold event
      contributes false positives only.

    Parameters
    ----------
    cases : list of dict
        ``{"id", "expected": [{"source", "target", "plover" | "cameo" | "root"}, ...]}``.
    preds : dict
        Case id -> ``[{"source": CODE, "target": CODE, "plover": CATEGORY}, ...]``.

    Returns
    -------
    (dict, dict)
        The totals (:data:`SUITE_FIELDS`) and per case ``{"tp", "fp", "fn"}``.

    Examples
    --------
    >>> cases = [{"id": "c1", "expected": [{"source": "USA", "target": "JOR", "plover": "AGREE"},
    ...                                    {"source": "JOR", "target": "USA", "plover": "AGREE"}]},
    ...          {"id": "c2", "expected": [{"source": "IGOUNO", "target": "---", "plover": "AID"}]},
    ...          {"id": "c3", "expected": []}]
    >>> preds = {"c1": [{"source": "JOR", "target": "USA", "plover": "AGREE"},
    ...                 {"source": "USA", "target": "JOR", "plover": "AGREE"}],
    ...          "c2": [{"source": "IGO", "target": "SDN", "plover": "AID"}],
    ...          "c3": [{"source": "RUS", "target": "UKR", "plover": "ASSAULT"}]}
    >>> totals, per_case = score_suite(cases, preds)
    >>> totals
    {'level': 'plover', 'tp': 2, 'fp': 1, 'fn': 0, 'precision': 0.6667, 'recall': 1.0, 'f1': 0.8}
    >>> per_case["c3"]
    {'tp': 0, 'fp': 1, 'fn': 0}
    """
    tp = fp = fn = 0
    per_case = {}
    for case in cases:
        if subset and not subset(case):
            continue
        gold = _gold_items(case, level)
        pr = []
        for e in preds.get(case["id"], []):
            t = _tkey(e, level, c2p)
            if level != "dyad" and t is None:
                continue
            pr.append({"s": e.get("source"), "t": e.get("target"), "type": t})
        free = list(range(len(gold)))
        absorb: list[int] = []  # matched reciprocal items that may absorb the reverse direction
        ctp = cfp = 0
        for p in pr:
            hit = next((gi for gi in free if _matches(gold[gi], p)), None)
            if hit is not None:
                free.remove(hit)
                ctp += 1
                if gold[hit]["reciprocal"]:
                    absorb.append(hit)
                continue
            back = next((gi for gi in absorb if _matches(gold[gi], p)), None)
            if back is not None:  # second direction of a reciprocal event: neutral
                absorb.remove(back)
                continue
            cfp += 1
        tp += ctp
        fp += cfp
        fn += len(free)
        per_case[case["id"]] = {"tp": ctp, "fp": cfp, "fn": len(free)}
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    F = f1(P, R)
    return {"level": level, "tp": tp, "fp": fp, "fn": fn,
            "precision": round(P, 4), "recall": round(R, 4), "f1": round(F, 4)}, per_case


def _actor_code(view: View, node) -> str | None:
    """Country code of an actor; an organisation with no country is an international actor."""
    if node is None:
        return None
    code = view.country_code(node)
    if code is None and "organization" in view.types(node):
        return "IGO"
    return code


def case_predictions(graph: Graph | View, cases: Sequence[dict]) -> dict[str, list[dict]]:
    """The events of a graph built one document per case (``<case id>.txt``), as
    ``{case id: [{"source", "target", "plover"}, ...]}`` (one per agent × target pair)."""
    view = graph if isinstance(graph, View) else View(graph)
    by_case: dict[str, list[dict]] = defaultdict(list)
    ids = {c["id"] for c in cases}
    for ev in sorted(view.event_nodes(), key=str):
        t = view.event_type(ev)
        if t is None:
            continue
        case = next((i for n in sorted(view.doc_names(ev)) for i in [os.path.basename(n)[:-4]]
                     if n.endswith(".txt") and i in ids), None)
        if case is None:
            continue
        for a in view.out[ev]["agent"] or [None]:
            for b in view.out[ev]["target"] or [None]:
                by_case[case].append({"source": _actor_code(view, a), "target": _actor_code(view, b),
                                      "plover": t})
    return dict(by_case)


def score_cases(graph: Graph | View, cases: Sequence[dict], level: str = "plover") -> dict:
    """Score a graph built one document per case (``<case id>.txt``) against a case suite,
    by (source country, target country, PLOVER category); fields :data:`SUITE_FIELDS`: the totals
    of :func:`score_suite`, then the ids of the cases with a missed gold event and of those with
    a false one (the misses to read).

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> .
    ... ex:ru a ex:Country ; ex:countryCode "RUS" .   ex:ua a ex:Country ; ex:countryCode "UKR" .
    ... ex:d1 ex:name "c1.txt" .
    ... ex:e1 ex:eventType ex:ASSAULT ; ex:agent ex:ru ; ex:target ex:ua ; ex:wasDerivedFrom ex:d1 .
    ... ''')
    >>> cases = [{"id": "c1", "expected": [{"source": "RUSMIL", "target": "UKR", "plover": "ASSAULT"}]},
    ...          {"id": "c2", "expected": [{"source": "USA", "target": "CHN", "plover": "CONSULT"}]}]
    >>> score_cases(g, cases)
    {'level': 'plover', 'tp': 1, 'fp': 0, 'fn': 1, 'precision': 1.0, 'recall': 0.5, 'f1': 0.6667, 'cases_missed': ['c2'], 'cases_with_false_events': []}
    """
    res, per_case = score_suite(cases, case_predictions(graph, cases), level)
    return {**res, "cases_missed": sorted(c for c, n in per_case.items() if n["fn"]),
            "cases_with_false_events": sorted(c for c, n in per_case.items() if n["fp"])}


# --------------------------------------------------------------------------- building and scoring

def graph_of(target) -> Graph:
    """An rdflib ``Graph`` holding every triple of a :class:`~kg.graph.store.KGStore`, a kg output or
    store folder, or an RDF file (all named graphs merged)."""
    import pyoxigraph as ox

    from kg.graph.target import open_target

    if isinstance(target, Graph):
        if type(target) is Graph:
            return target
        flat = Graph()  # a Dataset or ConjunctiveGraph: the union of its graphs
        for triple in target.triples((None, None, None)):
            flat.add(triple)
        return flat
    with open_target(target) as store:
        triples = store.ox.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return Graph().parse(data=data.decode("utf-8"), format="nt")


def find_document(gold_path: str | Path, gold: dict) -> Path:
    """The article a gold file describes: its ``document`` next to the gold file, else in
    ``seeds/`` (of the working folder, then of the kg source tree).

    Raises
    ------
    KGError
        E602 if it is in none of those places.
    """
    gold_path = Path(gold_path)
    name = gold["document"]
    for folder in (gold_path.parent, Path.cwd() / "seeds", Path(__file__).resolve().parents[2] / "seeds"):
        if (folder / name).is_file():
            return folder / name
    raise KGError("E602", path=gold_path, document=name)


def evaluate(gold_paths: Sequence[str | Path], texts: Iterable[str | Path] | None = None, *,
             graph=None, problems: list | None = None, **build_options) -> dict:
    """Build a graph in memory from ``texts`` and score it against the gold files.

    Parameters
    ----------
    gold_paths : list of path
        Gold files (one per article).
    texts : list of path, optional
        The articles (files or folders); by default each gold's ``document`` (see
        :func:`find_document`).
    graph : optional
        Score this graph (store, output folder, RDF file or rdflib Graph) instead of building one.
    problems : list, optional
        Receives the input problems of the build.
    **build_options
        Passed to :func:`kg.pipeline.run_build` (``model``, ``lexicon``, ``base`` ...).

    Returns
    -------
    dict
        The report, fields :data:`FIELDS`.
    """
    golds = [load_gold(p) for p in gold_paths]
    if graph is None:
        paths = list(texts or []) or [find_document(p, g) for p, g in zip(gold_paths, golds)]
        graph = _built_graph(paths, problems, build_options)
    return score_graph(graph_of(graph), golds)


def _built_graph(paths: list, problems: list | None, build_options: dict):
    """Build the articles at ``paths`` in memory; the graph, with input problems passed on."""
    from kg.pipeline import run_build

    report = run_build(paths, **build_options)
    try:
        if problems is not None:
            problems.extend(report.problems)
        return graph_of(report.store)
    finally:
        report.store.close()


def evaluate_suite(cases_path: str | Path, *, graph=None, problems: list | None = None,
                   level: str = "plover", **build_options) -> dict:
    """Build one document per case (``<case id>.txt``) and score the suite; fields :data:`SUITE_FIELDS`."""
    cases = load_cases(cases_path)
    if graph is None:
        with tempfile.TemporaryDirectory(prefix="kg-eval-") as tmp:
            for case in cases:
                Path(tmp, f'{case["id"]}.txt').write_text(case["text"], encoding="utf-8")
            graph = _built_graph([tmp], problems, build_options)
    return score_cases(graph_of(graph), cases, level)


def format_report(result: dict) -> str:
    """The report as ``score_graph.py`` prints it: one ``name  value`` line per field.

    Examples
    --------
    >>> print(format_report({"entity_f1": 1.0, "missing_entities": []}))
    entity_f1                    1.0
    missing_entities             []
    """
    return "\n".join(f"{k:28} {v}" for k, v in result.items())
