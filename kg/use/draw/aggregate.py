"""The overview at corpus size: the most active actors, and the others counted with their country or community.

A picture of a whole corpus cannot name every entity: the 284-article Wikinews graph has 254
entities in events, and drawn one by one (``--limit 150``) the centre was a knot of labels
and the bottom a grid of isolated pairs. When more entities take part in events than fit
(``budget``, about 36 on a 12 x 9 inch picture), the overview draws groups instead:

1. the ``budget // 2`` most active entities, each on its own;
2. every other person, organisation or city with a country, counted with that country
   (``Iran +5``: Iran and five Iranian people and bodies); a country among the most active
   takes its people in;
3. every other entity, counted with its community: the Louvain communities (networkx,
   seeded) of the graph of events, named after their most active member (``Houthis +3``);
4. groups by activity while they fit; the rest (mostly pairs that nobody else deals with)
   are summarised in the heading, not drawn.

Activity counts events stated as fact only (asserted, reported): a negated, hypothetical,
future or question event is never drawn as a link. Events inside a group (an Iranian
minister's meeting with Iran's president) are not links either; the heading counts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.use.draw.selection import EventRow, Node, Selection, local_name

if TYPE_CHECKING:
    import networkx as nx


def budget(size: tuple[float, float]) -> int:
    """How many nodes an overview of ``size`` inches names legibly: 36 on 12 x 9, in proportion to the area
    (a smaller picture has smaller type, down to 0.55 of it, so more fit than its area says).

    Examples
    --------
    >>> budget((12, 9)), budget((6, 4.5)), budget((24, 18))
    (36, 30, 144)
    """
    w, h = size
    sk = max(0.55, min(1.0, w / 12, h / 9))
    return max(12, min(150, round(36 * w * h / 108 / sk ** 2)))


def _activity(events: list[EventRow]) -> Counter:
    """Stated events per entity."""
    n: Counter = Counter()
    for ev in events:
        if ev.stated:
            for x in set(ev.agents + ev.targets + ev.participants):
                n[x] += 1
    return n


def _event_graph(events: list[EventRow]) -> nx.Graph:
    import networkx as nx

    g = nx.Graph()
    for ev in events:
        if ev.stated:
            actors = sorted(set(ev.agents + ev.participants))
            for a in actors:
                g.add_node(a)
                for t in ev.targets:
                    if t != a:
                        w = g.get_edge_data(a, t, {"weight": 0})["weight"]
                        g.add_edge(a, t, weight=w + 1)
    return g


def _groups(sel: Selection, top: list[str], seed: int) -> dict[str, str]:
    """The group of every entity in events: itself (the top ones), its country, or its community."""
    import networkx as nx

    nodes = sel.nodes
    group = {x: x for x in top}
    rest = []
    homes = {n.country for n in nodes.values() if n.country}
    for x in sorted(nodes):
        if x in group:
            continue
        country = nodes[x].country or (x if x in homes else None)  # a country is in its own group
        if country:
            group[x] = country
        else:
            rest.append(x)
    g = _event_graph(sel.events)
    sub = g.subgraph([x for x in rest if x in g])
    communities = nx.community.louvain_communities(sub, weight="weight", seed=seed) if len(sub) else []
    for members in sorted(communities, key=lambda c: sorted(c)[0]):
        first = sorted(members)[0]
        for x in members:
            group[x] = "community:" + first
    for x in rest:
        group.setdefault(x, "community:" + x)
    return group


def aggregate(sel: Selection, size_budget: int, *, seed: int = 7) -> Selection:
    """``sel`` (all events, :func:`~kg.use.draw.selection.select_events`) with groups for nodes, at most ``size_budget``.

    The selection's ``grouped`` says what was summarised: entities and events left out, events inside groups.

    Examples
    --------
    >>> from kg.use.draw.selection import EventRow, Node, Selection
    >>> nodes = {k: Node(k, k.upper()) for k in "abcd"}
    >>> nodes["d"].country = "c"
    >>> evs = [EventRow(f"e{i}", "AID", (a,), (t,)) for i, (a, t) in enumerate(["ab", "ab", "ac", "dc", "db"])]
    >>> agg = aggregate(Selection(nodes, evs, 4, 1, "x"), 4)
    >>> sorted(n.label for n in agg.nodes.values())
    ['A', 'B', 'C +1']
    """
    activity = _activity(sel.events)
    ranked = sorted(activity, key=lambda x: (-activity[x], x))
    top = ranked[: max(1, size_budget // 2)]
    group = _groups(sel, top, seed)
    members: dict[str, set[str]] = defaultdict(set)
    for x, gid in group.items():
        members[gid].add(x)
    weight: Counter = Counter()
    for ev in sel.events:
        if ev.stated:
            for gid in {group[x] for x in ev.agents + ev.targets + ev.participants if x in group}:
                weight[gid] += 1
    order = sorted(members, key=lambda gid: (gid not in top, -weight[gid], gid))
    drawn = [gid for gid in order if weight[gid]][:size_budget]
    nodes = {gid: _group_node(sel, gid, members[gid], activity, weight[gid]) for gid in drawn}
    events, inside, left_out = _group_events(sel.events, group, set(drawn))
    shown = {x for gid in drawn for x in members[gid]}
    grouped = {"entities": len(sel.nodes), "left_out_entities": len(set(group) - shown),
               "left_out_events": left_out, "inside": inside, "top": len(top)}
    return replace(sel, nodes=nodes, events=events, total_entities=len(sel.nodes), grouped=grouped)


def _group_node(sel: Selection, gid: str, members: set[str], activity: Counter, weight: int) -> Node:
    """A group drawn as one node: named after its country or its most active member, with ``+n`` for the others."""
    nodes = sel.nodes
    if gid in nodes:  # an entity (a top one, or a country) and those counted with it
        head = nodes[gid]
    elif gid.startswith("community:"):
        head = nodes[min(members, key=lambda x: (-activity[x], x))]
    else:  # a country that takes no part in events itself
        head = Node(gid, local_name(gid).replace("_", " "), "Country")
    others = len(members - {head.iri})
    label = head.label + (f" +{others}" if others else "")
    return Node(gid, label, head.type, weight, head.country, head.code)


def _group_events(events: list[EventRow], group: dict[str, str], drawn: set[str]) -> tuple[list[EventRow], int, int]:
    """The events between drawn groups (agents and targets as groups); how many are inside one group, how many
    involve a group not drawn."""
    out, inside, left_out = [], 0, 0
    for ev in events:
        agents = tuple(sorted({group[x] for x in ev.agents if x in group}))
        targets = tuple(sorted({group[x] for x in ev.targets if x in group}))
        parts = tuple(sorted({group[x] for x in ev.participants if x in group}))
        every = set(agents + targets + parts)
        if not every <= drawn:
            left_out += ev.stated
            continue
        if targets and set(targets) <= set(agents):
            inside += ev.stated
            continue
        out.append(replace(ev, agents=agents, targets=tuple(t for t in targets if t not in agents), participants=parts))
    return out, inside, left_out
