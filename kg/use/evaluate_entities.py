"""Score a corpus graph's entities against a sampled entity gold (``wikinews_entities*.gold.json``).

An entity gold judges a random sample of a graph's entity nodes by reading the texts (how it is
made: ``tests/gold/README.md``). Each item is one real-world entity (or a piece of junk): the
names the texts use for it (``surface``), the documents that name it, whether it is an entity at
all, its right type and country, the names a node carried that belong to another entity
(``foreign``), and the labels of other nodes of the same entity (``split_nodes``).

Scoring reads any graph in kg's contract, so a gold drawn from one build scores the next:

- an item's **nodes** are the entity nodes that a document of the item mentions
  (``schema:mentions``) under one of its surface names, and the nodes labelled with one of its
  ``split_nodes`` names; a name that the item lists as another entity's in a document is that
  entity's there, not the item's;
- a node is **right** when the item is a real entity and the node has its type and country (an
  item may accept a second type or country: ``type_also_acceptable``, ``country_also_acceptable``)
  and it is not **falsely merged**: it carries no name of another entity where that entity is
  meant (``foreign``);
- ``entity_precision`` is right nodes / matched nodes; ``split_rate`` the share of real items
  matched by more than one node; ``false_merge_rate`` the share of matched nodes of real items
  that are falsely merged; ``junk_nodes`` the nodes matched by junk items.

Names are compared as :func:`kg.use.evaluate.norm` compares them (case, spacing, a leading
"the"), and documents by name without a file suffix.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.errors import KGError
from kg.use.evaluate import View, local, norm

__all__ = ["is_entity_gold", "load_entity_gold", "score_entity_gold", "evaluate_entities", "ENTITY_GOLD_FIELDS"]

#: the fields of an entity-gold report, in the order they are printed
ENTITY_GOLD_FIELDS = ("items", "real_items", "matched_items", "matched_nodes", "entity_precision",
                      "type_accuracy", "country_accuracy", "split_rate", "false_merge_rate", "junk_nodes",
                      "wrong_nodes", "split_items", "merged_nodes")
_TYPE_ALIASES = {"gpe": "place", "location": "place", "norp": "group", "facility": "place"}


def is_entity_gold(data: object) -> bool:
    """Whether parsed JSON is an entity gold (``items`` judged from a ``sampled`` graph)."""
    return isinstance(data, dict) and "items" in data and "sampled" in data


def load_entity_gold(path: str | Path) -> dict:
    """An entity gold file, checked for the fields scoring reads (E601 if it is not one)."""
    import json

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KGError("E101", path=path) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KGError("E601", path=path, detail=str(exc)) from None
    if not is_entity_gold(data):
        raise KGError("E601", path=path, detail="an entity gold has 'sampled' and 'items'")
    for n, item in enumerate(data["items"], 1):
        missing = {"surface", "documents", "entity"} - set(item)
        if missing:
            raise KGError("E601", path=path, detail=f"item {n} lacks {', '.join(sorted(missing))}")
    return data


def _stem(name: str) -> str:
    for suffix in (".txt", ".md", ".html", ".htm"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


class _Index:
    """The entity nodes of a graph by document and by name."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.names: dict = {}  # node -> its normalised names
        self.by_name: dict[str, set] = defaultdict(set)
        for node in view.entities():
            main, alt = view.labels(node)
            names = {norm(n) for n in (*main, *alt)}
            self.names[node] = names
            for n in names:
                self.by_name[n].add(node)
        self.in_doc: dict[str, set] = defaultdict(set)  # document name -> entity nodes it mentions
        for doc, preds in view.out.items():
            mentioned = [o for o in preds.get("mentions", ()) if o in self.names]
            if not mentioned:
                continue
            for name in preds.get("name", ()):
                self.in_doc[_stem(str(name))].update(mentioned)

    def type_of(self, node) -> set[str]:
        return {_TYPE_ALIASES.get(t, t) for t in self.view.types(node)}


def _foreign_docs(item: dict) -> dict[str, set[str] | None]:
    """Normalised foreign name -> the documents where it is the other entity's (None: everywhere)."""
    out: dict[str, set[str] | None] = {}
    for f in item.get("foreign") or ():
        docs = f.get("documents")
        out[norm(f["name"])] = None if docs is None else {_stem(d) for d in docs}
    return out


def _item_nodes(item: dict, idx: _Index) -> set:
    surface = {norm(n) for n in item["surface"]}
    foreign = _foreign_docs(item)
    nodes = set()
    for doc in (_stem(d) for d in item["documents"]):
        for node in idx.in_doc.get(doc, ()):
            names = idx.names[node] & surface
            # a name the item lists as another entity's in this document is not the item's here
            names = {n for n in names if not (n in foreign and (foreign[n] is None or doc in foreign[n]))}
            if names:
                nodes.add(node)
    for label in item.get("split_nodes") or ():
        nodes |= idx.by_name.get(norm(label), set())
    return nodes


def _merged(node, item: dict, idx: _Index) -> bool:
    """Whether ``node`` carries a name of another entity where that entity is meant."""
    for name, docs in _foreign_docs(item).items():
        if name not in idx.names[node]:
            continue
        if docs is None or any(node in idx.in_doc.get(d, ()) for d in docs):
            return True
    return False


def _right(node, item: dict, idx: _Index) -> tuple[bool, bool]:
    """(type right, country right) of a node judged against a real item."""
    types = {t.lower() for t in [item.get("type"), *(item.get("type_also_acceptable") or [])] if t}
    types = {_TYPE_ALIASES.get(t, t) for t in types}
    countries = {item.get("country"), *(item.get("country_also_acceptable") or [])}
    type_ok = bool(idx.type_of(node) & types)
    country_ok = idx.view.country_code(node) in countries
    return type_ok, country_ok


def score_entity_gold(graph, gold: dict) -> dict:
    """Entity precision, split rate and false-merge rate of ``graph`` on an entity gold.

    Parameters
    ----------
    graph : rdflib.Graph or View
        The corpus graph (a ``Dataset`` is read as the union of its graphs).
    gold : dict
        A parsed entity gold (:func:`load_entity_gold`).

    Returns
    -------
    dict
        The fields of :data:`ENTITY_GOLD_FIELDS`.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ... @prefix ex: <http://example.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... ex:gb a ex:Country ; rdfs:label "United Kingdom" ; ex:countryCode "GBR" .
    ... ex:aj a ex:Person ; rdfs:label "Andrew Johnson" ; skos:altLabel "Boris Johnson", "Johnson" .
    ... ex:d1 ex:name "brexit-vote" ; ex:mentions ex:aj .
    ... ex:d2 ex:name "impeachment-1868" ; ex:mentions ex:aj .
    ... ex:utc a ex:Organization ; rdfs:label "UTC" . ex:d1 ex:mentions ex:utc .
    ... ''')
    >>> gold = {"sampled": {}, "items": [
    ...   {"surface": ["Andrew Johnson"], "documents": ["impeachment-1868"], "entity": True,
    ...    "type": "Person", "country": "USA",
    ...    "foreign": [{"name": "Boris Johnson", "entity": "Boris Johnson", "documents": ["brexit-vote"]}]},
    ...   {"surface": ["UTC"], "documents": ["brexit-vote"], "entity": False}]}
    >>> r = score_entity_gold(g, gold)
    >>> r["entity_precision"], r["false_merge_rate"], r["junk_nodes"]
    (0.0, 1.0, 1)
    """
    view = graph if isinstance(graph, View) else View(graph)
    idx = _Index(view)
    matched_nodes = 0
    right = type_ok_n = country_ok_n = 0
    real_nodes = merged_n = junk = 0
    real_items = matched_real = split = 0
    wrong, splits, merged_list = [], [], []
    for item in gold["items"]:
        nodes = sorted(_item_nodes(item, idx), key=str)
        name = item.get("name") or item["surface"][0]
        if item["entity"]:
            real_items += 1
            if nodes:
                matched_real += 1
            if len(nodes) > 1:
                split += 1
                splits.append(f"{name}: " + " | ".join(idx.view.labels(n)[0][0] if idx.view.labels(n)[0] else local(n)
                                                        for n in nodes))
        for node in nodes:
            matched_nodes += 1
            label = (idx.view.labels(node)[0] or [local(node)])[0]
            if not item["entity"]:
                junk += 1
                wrong.append(f"{label}: junk")
                continue
            real_nodes += 1
            t_ok, c_ok = _right(node, item, idx)
            m = _merged(node, item, idx)
            type_ok_n += t_ok
            country_ok_n += c_ok
            merged_n += m
            if t_ok and c_ok and not m:
                right += 1
            else:
                why = [w for w, bad in (("type", not t_ok), ("country", not c_ok), ("merged", m)) if bad]
                wrong.append(f"{label}: {', '.join(why)}")
                if m:
                    merged_list.append(label)

    def share(n: int, d: int) -> float | None:
        return round(n / d, 3) if d else None

    return {
        "items": len(gold["items"]),
        "real_items": real_items,
        "matched_items": matched_real,
        "matched_nodes": matched_nodes,
        "entity_precision": share(right, matched_nodes),
        "type_accuracy": share(type_ok_n, real_nodes),
        "country_accuracy": share(country_ok_n, real_nodes),
        "split_rate": share(split, matched_real),
        "false_merge_rate": share(merged_n, real_nodes),
        "junk_nodes": junk,
        "wrong_nodes": sorted(wrong),
        "split_items": sorted(splits),
        "merged_nodes": sorted(merged_list),
    }


def evaluate_entities(gold_path: str | Path, graph) -> dict:
    """Score ``graph`` (a kg output folder, store, RDF file or rdflib graph) on an entity gold.

    An entity gold samples a corpus graph, so there is no article to build it from: the graph
    is required (``kg eval GOLD --graph OUT``; E604 without it).
    """
    from kg.use.evaluate import graph_of

    gold = load_entity_gold(gold_path)
    if graph is None:
        raise KGError("E604", exit_code=2, detail=f": {gold_path} is an entity gold of a corpus graph; give the graph "
                                                  "with --graph OUT")
    return score_entity_gold(graph_of(graph), gold)
