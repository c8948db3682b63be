"""The network views: the overview (``kg draw``) and one entity's neighbourhood (``kg draw --focus``).

Entities are dots coloured by type (legend) and sized by how many events they take part in;
events are directed arcs aggregated per (agent, target, category), coloured by the PLOVER
quad category and labelled with the category and a count when more than one. Above
``max(150, 2 × entities)`` links only the strongest are drawn; edge labels are tried for the
150 strongest. A focus view is the same picture around one entity: its dot has a dark rim
and its name is bold, edge labels show the events' dates, the heading names it.

Labels never overlap: after the layout (:mod:`kg.use.draw.layout`), a repulsion pass in
pixel space moves nodes until the boxes of node + label are disjoint (where it cannot, the
less active entity of a clash loses its name), and edge labels are put at the first free
place along their edge (or left out, and counted in the subtitle, when none is free).
Arrows stop where they leave the boxes of their ends.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.use.draw.layout import (
    bezier,
    boxes_overlap,
    component_layout,
    fit,
    separate,
    sub_arc,
)
from kg.use.draw.style import (
    GREY,
    INK,
    QUAD_COLOURS,
    fmt_int,
    heading,
    node_radius_pt,
    plural,
    quad,
    scale,
    short_date,
    source_text,
    type_colour,
    type_order,
)

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kg.use.draw.selection import EventRow, Selection

#: an aggregated link: (agent, target, category) -> its events
Links = dict[tuple[str, str, str], list["EventRow"]]


@dataclass
class _Frame:
    """The figure's areas: the graph's axes (``aw`` x ``ah`` pixels, data units = pixels) and a legend column."""

    fig: Figure
    ax: Axes
    renderer: object
    H: float  # figure height, pixels
    sk: float  # type and mark scale
    px: float  # pixels per point
    legend_w: float  # the legend column's width, figure fraction
    top: float  # the top of the axes (below the heading), figure fraction
    aw: float
    ah: float


@dataclass
class _Nodes:
    """The entities as drawn; arrays follow ``order`` and are in pixels."""

    order: list[str]
    index: dict[str, int]
    texts: list  # their label artists
    radius: np.ndarray  # dot radii
    sizes: np.ndarray  # label widths and heights
    rects: np.ndarray  # dot + label boxes, as offsets x0, y0, x1, y1 from the centres
    gap: float  # between a dot and its label
    pos: np.ndarray | None = None  # centres, once placed


def draw_overview(fig: Figure, sel: Selection, *, seed: int) -> None:
    """Draw ``sel`` as a network on ``fig``: nodes, arcs, their labels, legends and heading."""
    nodes = sel.nodes
    order = sorted(nodes, key=lambda i: (nodes[i].label.lower(), i))
    index = {iri: k for k, iri in enumerate(order)}
    links, all_links, labelled = _links(sel, order)
    g = _link_graph(order, index, links)
    frame = _frame(fig)
    drawn, edge_font = _node_labels(frame, sel, order, index)
    unlabelled = _place(frame, sel, drawn, g, seed=seed)
    _draw_nodes(frame, sel, drawn)
    hidden = _draw_links(frame, sel, drawn, links, labelled, edge_font)
    _legends(frame, sel, links)
    _overview_heading(fig, sel, links, all_links, unlabelled, hidden)


# ---------------------------------------------------------------------------- data


def _links(sel: Selection, order: list[str]) -> tuple[Links, int, set]:
    """The links to draw (events aggregated per agent, target, category), how many there were, those to label.

    Beyond ``max(150, 2 × entities)`` links a picture is a hairball: the strongest are kept.
    """
    agg: Links = defaultdict(list)
    for ev in sel.events:
        for a in ev.agents:
            for t in ev.targets:
                if a != t:
                    agg[(a, t, ev.category)].append(ev)
    all_links = len(agg)
    max_links = max(150, 2 * len(order))  # beyond that a picture is a hairball; keep the strongest links
    if all_links > max_links:
        agg = {k: agg[k] for k in sorted(agg, key=lambda k: (-len(agg[k]), k))[:max_links]}
    labelled = set(sorted(agg, key=lambda k: (-len(agg[k]), k))[:150])  # edge labels are tried for these
    return agg, all_links, labelled


def _link_graph(order: list[str], index: dict[str, int], links: Links) -> nx.Graph:
    """The undirected graph of linked entities, for the layout."""
    import networkx as nx
    g = nx.Graph()
    g.add_nodes_from(order)
    g.add_edges_from(sorted({tuple(sorted((a, t), key=index.get)) for a, t, _ in links}))
    return g


# ---------------------------------------------------------------------------- placement


def _frame(fig: Figure) -> _Frame:
    """Figure areas: heading on top, legends in a right-hand column, the graph in the rest."""
    W, H = fig.get_size_inches() * fig.dpi
    sk = scale(fig)
    legend_w = min(0.3, 2.5 * sk * fig.dpi / W)
    top = 1 - 1.15 * sk * fig.dpi / H
    ax = fig.add_axes((0.01, 0.02, 0.98 - legend_w, top - 0.02))
    ax.set_axis_off()
    bbox = ax.get_window_extent()
    aw, ah = bbox.width, bbox.height
    ax.set_xlim(0, aw)
    ax.set_ylim(0, ah)
    return _Frame(fig, ax, fig.canvas.get_renderer(), H, sk, fig.dpi / 72.0, legend_w, top, aw, ah)


def _node_labels(frame: _Frame, sel: Selection, order: list[str], index: dict[str, int]) -> tuple[_Nodes, float]:
    """The name of each entity as a text artist, measured with its dot (smaller type when they would not fit).

    Returns the nodes and the type size of edge labels.
    """
    import numpy as np
    nodes, n, sk, px = sel.nodes, len(order), frame.sk, frame.px
    font = (9.5 if n <= 40 else 8.5 if n <= 90 else 7.5) * sk
    edge_font = font - 1.5
    max_ev = max((nd.events for nd in nodes.values()), default=1)
    radius = np.array([node_radius_pt(nodes[i].events, max_ev) for i in order]) * px * sk
    texts = [frame.ax.text(0, 0, nodes[iri].label, fontsize=font, ha="center", va="top", color=INK, zorder=5,
                           gid="node-label", bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
             for iri in order]
    gap = 2 * px

    def measure() -> tuple[np.ndarray, np.ndarray]:
        sizes = np.array([(e.width + 4 * px, e.height + 2 * px)
                          for e in (t.get_window_extent(frame.renderer) for t in texts)])
        rects = np.column_stack([-np.maximum(radius, sizes[:, 0] / 2), -(radius + gap + sizes[:, 1]),
                                 np.maximum(radius, sizes[:, 0] / 2), radius])
        return sizes, rects

    sizes, rects = measure()
    need = float(np.sum((rects[:, 2] - rects[:, 0] + 4) * (rects[:, 3] - rects[:, 1] + 4))) * 2.2
    if need > frame.aw * frame.ah:
        shrink = max(0.6, math.sqrt(frame.aw * frame.ah / need))
        font *= shrink
        radius *= shrink
        for t in texts:
            t.set_fontsize(font)
        sizes, rects = measure()
    return _Nodes(order, index, texts, radius, sizes, rects, gap), edge_font


def _place(frame: _Frame, sel: Selection, drawn: _Nodes, g: nx.Graph, *, seed: int) -> int:
    """Lay the nodes out in the axes (sets ``drawn.pos``); returns how many lost their label for want of room.

    Each connected component is laid out on its own (in pixels), then they are packed into
    the axes' shape, fitted and separated; if the repulsion could not make room everywhere,
    the smaller entity of a clash loses its label.
    """
    import numpy as np
    aw, ah, rects, sizes, radius, gap = frame.aw, frame.ah, drawn.rects, drawn.sizes, drawn.radius, drawn.gap
    raw = component_layout(g, drawn.order, rects, aspect=aw / max(1.0, ah), seed=seed, centre=sel.focus)
    pos = fit(raw, rects, aw, ah)
    pos = separate(pos, rects, (0, 0, aw, ah))
    lab = np.column_stack([pos[:, 0] - sizes[:, 0] / 2, pos[:, 1] - radius - gap - sizes[:, 1],
                           pos[:, 0] + sizes[:, 0] / 2, pos[:, 1] - radius - gap])
    rank = [(-sel.nodes[iri].events, k) for k, iri in enumerate(drawn.order)]
    unlabelled = 0
    for k in sorted(range(len(drawn.order)), key=lambda k: rank[k]):
        clash = [j for j in range(len(drawn.order)) if j != k and drawn.texts[j].get_visible() and rank[j] < rank[k]
                 and boxes_overlap(tuple(lab[k]), tuple(lab[j]))]
        if clash:
            drawn.texts[k].set_visible(False)
            unlabelled += 1
    drawn.pos = pos
    return unlabelled


# ---------------------------------------------------------------------------- drawing


def _draw_nodes(frame: _Frame, sel: Selection, drawn: _Nodes) -> None:
    """A dot per entity, coloured by type (the focus with a dark rim), its label under it."""
    pos, radius, px = drawn.pos, drawn.radius, frame.px
    for k, iri in enumerate(drawn.order):
        nd = sel.nodes[iri]
        focus = iri == sel.focus
        frame.ax.scatter([pos[k, 0]], [pos[k, 1]], s=(2 * radius[k] / px) ** 2, color=type_colour(nd.type),
                         edgecolors=INK if focus else "white", linewidths=2.5 if focus else 1.0, zorder=4)
        drawn.texts[k].set_position((pos[k, 0], pos[k, 1] - radius[k] - drawn.gap))
        if focus:
            drawn.texts[k].set_fontweight("bold")


class _Taken:
    """The boxes already on the axes: nodes with their labels, then the edge labels placed so far."""

    def __init__(self, drawn: _Nodes, room: int):
        import numpy as np
        pos, rects, n = drawn.pos, drawn.rects, len(drawn.order)
        self.boxes = np.zeros((n + room, 4))
        self.boxes[:n] = np.column_stack([pos[:, 0] + rects[:, 0], pos[:, 1] + rects[:, 1], pos[:, 0] + rects[:, 2],
                                          pos[:, 1] + rects[:, 3]])
        self.n = n

    def free(self, box: tuple[float, float, float, float]) -> bool:
        """Whether ``box`` keeps at least a pixel off every box taken."""
        import numpy as np
        others = self.boxes[:self.n]
        return not np.any((others[:, 0] < box[2] + 1) & (box[0] < others[:, 2] + 1)
                          & (others[:, 1] < box[3] + 1) & (box[1] < others[:, 3] + 1))

    def take(self, box: tuple[float, float, float, float]) -> None:
        self.boxes[self.n] = box
        self.n += 1


def _draw_links(frame: _Frame, sel: Selection, drawn: _Nodes, links: Links, labelled: set, edge_font: float) -> int:
    """One arc per (agent, target, category), spread when a pair has several; returns the edge labels left out."""
    index = drawn.index
    taken = _Taken(drawn, sum(1 for _ in links))
    by_pair: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in sorted(links, key=lambda e: (index[e[0]], index[e[1]], e[2])):
        a, t, _ = key
        by_pair[tuple(sorted((a, t), key=index.get))].append(key)
    max_count = max((len(v) for v in links.values()), default=1)
    hidden = 0
    for pair, keys in by_pair.items():
        m = len(keys)
        for j, key in enumerate(keys):
            a, t, cat = key
            evs = links[key]
            base = 0.12 if m == 1 else 0.22 * (j - (m - 1) / 2)
            rad = base if (a, t) == pair else -base
            colour = QUAD_COLOURS[quad(cat)]
            _draw_arrow(frame, drawn, a, t, rad, evs, colour, max_count)
            if key not in labelled or not _label_link(frame, sel, drawn, key, evs, rad, colour, edge_font, taken):
                hidden += 1
    return hidden


def _arc_end(drawn: _Nodes, p0, p1, rad: float, k: int, end: float) -> float:
    """Where (curve parameter) the arc leaves node ``k`` and its label: it stops there, not under them."""
    cx, cy = drawn.pos[k]
    radius, sizes = drawn.radius, drawn.sizes
    half_w, top, bottom = sizes[k, 0] / 2, cy - radius[k], cy - radius[k] - drawn.gap - sizes[k, 1]
    for step in range(0, 51):
        tt = abs(end - step / 100)
        x, y = bezier(p0, p1, rad, tt)
        inside = (x - cx) ** 2 + (y - cy) ** 2 <= (radius[k] + 1) ** 2 or (
            abs(x - cx) <= half_w and bottom <= y <= top)
        if not inside:
            return min(1.0, tt + 0.01) if end == 0.0 else max(0.0, tt - 0.01)
    return 0.5


def _draw_arrow(frame: _Frame, drawn: _Nodes, a: str, t: str, rad: float, evs: list[EventRow], colour: str,
                max_count: int) -> None:
    """The arc of a link: wider with more events, dashed when none is stated as fact."""
    from matplotlib.patches import FancyArrowPatch

    ka, kt = drawn.index[a], drawn.index[t]
    p0, p1 = drawn.pos[ka], drawn.pos[kt]
    stated = any(ev.modality in ("asserted", "reported") for ev in evs)
    t0, t1 = _arc_end(drawn, p0, p1, rad, ka, 0.0), _arc_end(drawn, p0, p1, rad, kt, 1.0)
    if t1 <= t0:  # the nodes' boxes touch: nothing to draw between them
        t0, t1 = 0.45, 0.55
    arrow = FancyArrowPatch(path=sub_arc(p0, p1, rad, t0, t1), arrowstyle="-|>",
                            mutation_scale=11 + 2 * math.log1p(len(evs)), color=colour,
                            lw=1.0 + 2.0 * math.sqrt((len(evs) - 1) / max(1, max_count - 1)) if max_count > 1 else 1.2,
                            linestyle="-" if stated else (0, (4, 2)), alpha=0.85,
                            shrinkA=0, shrinkB=0, zorder=2)
    frame.ax.add_artist(arrow)  # not add_patch: the limits are fixed, and updating them is slow


def _label_link(frame: _Frame, sel: Selection, drawn: _Nodes, key: tuple[str, str, str], evs: list[EventRow],
                rad: float, colour: str, edge_font: float, taken: _Taken) -> bool:
    """Label a link at the first free place along its arc (its dates too in a focus view); False when none is free."""
    a, t, cat = key
    p0, p1 = drawn.pos[drawn.index[a]], drawn.pos[drawn.index[t]]
    label = cat + (f" ×{len(evs)}" if len(evs) > 1 else "")
    if sel.focus is not None:
        dated = [ev.date for ev in evs if ev.date]
        if dated:
            label += "\n" + short_date(dated)
    txt = frame.ax.text(0, 0, label, fontsize=edge_font, ha="center", va="center", color=colour, zorder=6,
                        gid="edge-label", linespacing=1.0,
                        bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.9))
    ext = txt.get_window_extent(frame.renderer)
    w2, h2 = ext.width / 2 + 1, ext.height / 2 + 1
    for tt in (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8):
        x, y = bezier(p0, p1, rad, tt)
        box = (x - w2, y - h2, x + w2, y + h2)
        if box[0] < 0 or box[1] < 0 or box[2] > frame.aw or box[3] > frame.ah:
            continue
        if taken.free(box):
            txt.set_position((x, y))
            taken.take(box)
            return True
    txt.remove()
    return False


# ---------------------------------------------------------------------------- legend and heading


def _legends(frame: _Frame, sel: Selection, links: Links) -> None:
    """In the right-hand column: entity types, event quads, and notes on how to read the picture."""
    from matplotlib.lines import Line2D

    fig, sk, H, top = frame.fig, frame.sk, frame.H, frame.top
    types_present = sorted({nd.type for nd in sel.nodes.values()}, key=type_order)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9 * sk, markerfacecolor=type_colour(t),
                      markeredgecolor="white", label=t) for t in types_present]
    x_leg = 1 - frame.legend_w + 0.005
    leg = fig.legend(handles=handles, title="Entity type", loc="upper left", bbox_to_anchor=(x_leg, top),
                     frameon=False, fontsize=9 * sk, title_fontsize=10 * sk, alignment="left")
    leg.set_gid("legend-types")
    quads = sorted({quad(c) for _, _, c in links}, key=list(QUAD_COLOURS).index)
    if quads:
        eh = [Line2D([], [], color=QUAD_COLOURS[q], lw=2.2 * sk, label=q) for q in quads]
        y = top - (len(handles) + 2.2) * 0.29 * sk * fig.dpi / H
        leg2 = fig.legend(handles=eh, title="Event (PLOVER quad)", loc="upper left", bbox_to_anchor=(x_leg, y),
                          frameon=False, fontsize=9 * sk, title_fontsize=10 * sk, alignment="left")
        leg2.set_gid("legend-events")
        note_y = y - (len(eh) + 2.4) * 0.29 * sk * fig.dpi / H
    else:
        note_y = top - (len(handles) + 2.4) * 0.29 * sk * fig.dpi / H
    notes = ["Node size: events taken part in.", "Arrows: agent → target, one per", "category; ×n = events."]
    if any(ev.modality not in ("asserted", "reported") for ev in sel.events):
        notes.append("Dashed: not stated as fact.")
    if sel.focus is not None:
        notes.append("Edge labels show event dates.")
    fig.text(x_leg + 0.004, note_y, "\n".join(notes), ha="left", va="top", fontsize=8 * sk, color=GREY, linespacing=1.4)


def _overview_heading(fig: Figure, sel: Selection, links: Links, all_links: int, unlabelled: int, hidden: int) -> None:
    """Title and subtitle: what is drawn, of how much, and what was left out."""
    nodes = sel.nodes
    n_events = len({ev.iri for ev in sel.events})
    shown = (f"{fmt_int(len(nodes))} of {plural(sel.total_entities, 'entity').replace('entitys', 'entities')}"
             if sel.partial else plural(len(nodes), "entity").replace("entitys", "entities"))
    if sel.focus is not None:
        title = f"{nodes[sel.focus].label}: who did what with whom"
        what = f"{shown} within {plural(sel.hops, 'hop')}"
    else:
        title = "Who did what to whom"
        what = shown + (" (the most active)" if sel.partial else "")
    sub = [source_text(sel.source, sel.documents), what, plural(n_events, "event")]
    sub += sel.filters
    if all_links > len(links):
        sub.append(f"the {fmt_int(len(links))} strongest of {fmt_int(all_links)} links")
    left_out = ([f"{fmt_int(unlabelled)} names"] if unlabelled else []) + (
        [f"{fmt_int(hidden)} edge labels"] if hidden else [])
    if left_out:
        sub.append(" and ".join(left_out) + " left out (no room)")
    heading(fig, title, " · ".join(sub))
