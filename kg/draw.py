"""Stage 8, draw: PNG pictures of the graph with networkx and matplotlib (Agg backend).

The overview draws entities as nodes coloured by type (with a legend) and sized by how
many events they take part in, and events as labelled, directed edges aggregated per
(agent, target, category). Layouts are seeded: the same graph gives the same picture.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from .errors import KGError  # noqa: E402

__all__ = ["draw", "event_graph", "TYPE_COLOURS"]

TYPE_COLOURS = {
    "Person": "#4C72B0", "Country": "#DD8452", "Organization": "#55A868", "City": "#C44E52",
    "Place": "#8172B3", "Event": "#937860", "Product": "#DA8BC3", "Group": "#8C8C8C",
}

_EVENT_EDGES = """
PREFIX kg: <https://w3id.org/kg-news/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?a ?al ?at ?t ?tl ?tt ?cat WHERE {
  ?e kg:eventType ?cat ; kg:agent ?a ; kg:target ?t .
  ?a rdfs:label ?al ; a ?at . ?t rdfs:label ?tl ; a ?tt .
}
"""


def event_graph(store) -> nx.MultiDiGraph:
    """A networkx graph of entities (nodes) and events (edges) read from a kg store."""
    g = nx.MultiDiGraph()
    for row in store.ox.query(_EVENT_EDGES, use_default_graph_as_union=True):
        for node, label, cls in ((row["a"], row["al"], row["at"]), (row["t"], row["tl"], row["tt"])):
            g.add_node(node.value, label=label.value, type=cls.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        g.add_edge(row["a"].value, row["t"].value, category=row["cat"].value.rsplit("#", 1)[-1])
    return g


def draw(target, out: str | Path, *, size: tuple[float, float] = (12, 9), dpi: int = 100, seed: int = 7) -> Path:
    """Draw the overview of the graph at ``target`` to the PNG file ``out``."""
    from .export import open_target

    store = open_target(target)
    g = event_graph(store)
    if g.number_of_nodes() == 0:
        raise KGError("E401", detail="the graph has no events between entities")
    counts = Counter()
    edges: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for a, t, data in g.edges(data=True):
        counts[a] += 1
        counts[t] += 1
        edges[(a, t)][data["category"]] += 1
    simple = nx.DiGraph()
    simple.add_nodes_from(sorted(g.nodes))
    simple.add_edges_from(sorted(edges))
    pos = nx.spring_layout(simple, seed=seed, k=1.5 / max(1, len(simple)) ** 0.5)
    fig, ax = plt.subplots(figsize=size, dpi=dpi)
    types = {n: g.nodes[n]["type"] for n in simple}
    nx.draw_networkx_nodes(simple, pos, ax=ax, node_color=[TYPE_COLOURS.get(types[n], "#8C8C8C") for n in simple],
                           node_size=[300 + 150 * counts[n] for n in simple], alpha=0.9)
    nx.draw_networkx_edges(simple, pos, ax=ax, arrows=True, arrowsize=15, edge_color="#555555",
                           connectionstyle="arc3,rad=0.1", node_size=[300 + 150 * counts[n] for n in simple])
    nx.draw_networkx_labels(simple, pos, ax=ax, labels={n: g.nodes[n]["label"] for n in simple}, font_size=9)
    labels = {e: ", ".join(f"{c}×{n}" if n > 1 else c for c, n in sorted(edges[e].items())) for e in simple.edges}
    nx.draw_networkx_edge_labels(simple, pos, ax=ax, edge_labels=labels, font_size=7, connectionstyle="arc3,rad=0.1")
    for type_ in sorted(set(types.values())):
        ax.scatter([], [], color=TYPE_COLOURS.get(type_, "#8C8C8C"), label=type_, s=80)
    ax.legend(loc="lower left", frameon=False, title="Entity type")
    ax.set_title(f"kg: {simple.number_of_nodes()} entities, {g.number_of_edges()} events")
    ax.axis("off")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png", metadata={"Software": None})
    plt.close(fig)
    return out
