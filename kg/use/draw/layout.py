"""Where nodes go: seeded force layouts of each connected component, shelf-packed, fitted, then separated.

Everything is in pixels of the axes. Each node comes with the rectangle of its dot and its
label (offsets ``x0, y0, x1, y1`` from its centre), so layout works with what a reader sees:
components are laid out on their own (Kamada-Kawai, spring when large), sized for their
boxes and packed in shelves into the axes' shape (:func:`component_layout`); :func:`fit`
scales the result to fill the axes; :func:`separate` then moves nodes until no two boxes
overlap. Nodes are sorted before layout and layouts are seeded, so the same graph gives the
same positions. Edges are matplotlib ``arc3`` curves; :func:`bezier` and :func:`sub_arc`
give points and parts of them, for placing edge labels and stopping arrows at the boxes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np
    from matplotlib.path import Path as MplPath


def boxes_overlap(a, b, pad: float = 0.0) -> bool:
    """Whether boxes ``(x0, y0, x1, y1)`` overlap, or come closer than ``pad``.

    Examples
    --------
    >>> boxes_overlap((0, 0, 10, 10), (10, 0, 20, 10)), boxes_overlap((0, 0, 10, 10), (10, 0, 20, 10), 1.0)
    (False, True)
    """
    return a[0] < b[2] + pad and b[0] < a[2] + pad and a[1] < b[3] + pad and b[1] < a[3] + pad


def separate(pos: np.ndarray, rects: np.ndarray, box: tuple[float, float, float, float],
             iterations: int = 2000) -> np.ndarray:
    """Move centres until the rectangles (offsets ``x0, y0, x1, y1`` from each centre) are disjoint.

    All in pixels; centres are kept inside ``box`` so that every rectangle stays on the axes.

    Examples
    --------
    >>> import numpy as np
    >>> rects = np.array([[-5.0, -5.0, 5.0, 5.0]] * 2)
    >>> pos = separate(np.array([[50.0, 50.0], [52.0, 50.0]]), rects, (0, 0, 100, 100))
    >>> bool(abs(pos[1, 0] - pos[0, 0]) >= 10 or abs(pos[1, 1] - pos[0, 1]) >= 10)
    True
    """
    import numpy as np
    pos = pos.copy()
    lo = np.array([box[0], box[1]]) - rects[:, :2]
    hi = np.array([box[2], box[3]]) - rects[:, 2:]
    hi = np.maximum(hi, lo)
    gap = 2.0
    for it in range(iterations):
        x0 = pos[:, 0] + rects[:, 0]
        y0 = pos[:, 1] + rects[:, 1]
        x1 = pos[:, 0] + rects[:, 2]
        y1 = pos[:, 1] + rects[:, 3]
        ox_ = np.minimum(x1[:, None], x1[None, :]) - np.maximum(x0[:, None], x0[None, :]) + gap
        oy_ = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :]) + gap
        over = (ox_ > 0) & (oy_ > 0)
        np.fill_diagonal(over, False)
        if not over.any():
            break
        move = np.zeros_like(pos)
        ii, jj = np.nonzero(np.triu(over))
        oxp, oyp = ox_[ii, jj], oy_[ii, jj]
        cx = (x0[ii] + x1[ii]) - (x0[jj] + x1[jj])
        cy = (y0[ii] + y1[ii]) - (y0[jj] + y1[jj])
        sx = np.where((cx > 0) | ((cx == 0) & (ii < jj)), 1.0, -1.0)
        sy = np.where((cy > 0) | ((cy == 0) & (ii < jj)), 1.0, -1.0)
        # push sideways (cheaper for wide labels) or up and down; later, whichever overlap is smaller
        sideways = oxp < oyp * (1.5 if it < 200 else 1.0)
        extra = 0.0 if it < 200 else 0.5
        dx = np.where(sideways, (oxp / 2 + extra) * sx, 0.0)
        dy = np.where(sideways, 0.0, (oyp / 2 + extra) * sy)
        np.add.at(move[:, 0], ii, dx)
        np.add.at(move[:, 0], jj, -dx)
        np.add.at(move[:, 1], ii, dy)
        np.add.at(move[:, 1], jj, -dy)
        step = 0.6 if it < 200 else 1.0
        pos += move * step
        pos = np.clip(pos, lo, hi)
    return pos


def fit(raw: np.ndarray, rects: np.ndarray, aw: float, ah: float) -> np.ndarray:
    """Scale positions uniformly (and centre them) so that the boxes around them fill the axes.

    Examples
    --------
    >>> import numpy as np
    >>> fit(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([[-5.0, -5.0, 5.0, 5.0]] * 2), 104.0, 54.0).round(3)
    array([[ 7., 27.],
           [97., 27.]])
    """
    import numpy as np
    def extent(scale: float) -> np.ndarray:
        p = raw * scale
        return np.array([np.max(p[:, 0] + rects[:, 2]) - np.min(p[:, 0] + rects[:, 0]),
                         np.max(p[:, 1] + rects[:, 3]) - np.min(p[:, 1] + rects[:, 1])])

    room = np.array([aw - 4.0, ah - 4.0])
    lo, hi = 0.0, 1.0
    while np.all(extent(hi) <= room) and hi < 1e6 and np.ptp(raw, axis=0).max() > 0:
        hi *= 2
    for _ in range(40):  # the largest scale whose boxes fit
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.all(extent(mid) <= room) else (lo, mid)
    p = raw * lo
    x0, y0 = np.min(p[:, 0] + rects[:, 0]), np.min(p[:, 1] + rects[:, 1])
    w, h = extent(lo)
    return p - np.array([x0, y0]) + 2.0 + (room - np.array([w, h])) / 2


def component_layout(g: nx.Graph, order: list[str], rects: np.ndarray, *, aspect: float, seed: int,
                     centre: str | None = None) -> np.ndarray:
    """Positions in pixels (before scaling) for ``order``: components by Kamada-Kawai (spring when large),
    each sized for the boxes of its nodes and labels, shelf-packed.

    Components go largest first (the one of ``centre`` first of all); the shelf width is the
    one that lets the picture be drawn largest in axes of width/height ``aspect``.

    Examples
    --------
    >>> import networkx as nx, numpy as np
    >>> g = nx.Graph([("a", "b")]); g.add_node("c")
    >>> raw = component_layout(g, ["a", "b", "c"], np.array([[-5.0, -5.0, 5.0, 5.0]] * 3), aspect=1.0, seed=7)
    >>> raw.shape, bool(raw.min() == 0)
    ((3, 2), True)
    """
    import numpy as np
    box_w = dict(zip(order, rects[:, 2] - rects[:, 0] + 6))
    box_h = dict(zip(order, rects[:, 3] - rects[:, 1] + 6))
    boxes = [_component_box(g, comp, box_w, box_h, seed) for comp in _components(g, order, centre)]
    # the shelf width that lets the picture be drawn largest in the axes
    widths = sorted({float(sum(b[2][0] for b in boxes[:k])) for k in range(1, len(boxes) + 1)})
    widths = [w for w in widths if w >= max(b[2][0] for b in boxes) - 1e-9]
    best = max((_shelf_pack(boxes, w) for w in widths), key=lambda r: (round(min(aspect / r[1], 1 / r[2]), 9), -r[1]))
    pos = best[0]
    raw = np.array([pos[v] for v in order], dtype=float)
    return raw - raw.min(axis=0)


def _components(g: nx.Graph, order: list[str], centre: str | None) -> list[list[str]]:
    """The connected components, each in ``order``: largest first, the one of ``centre`` first of all."""
    import networkx as nx
    comps = sorted((sorted(c, key=order.index) for c in nx.connected_components(g)), key=lambda c: (-len(c), order.index(c[0])))
    if centre is not None:
        comps.sort(key=lambda c: centre not in c)
    return comps


def _component_box(g: nx.Graph, comp: list[str], box_w: dict, box_h: dict, seed: int) -> tuple:
    """One component laid out: ``(nodes, positions, size of its box, half the largest node box)``."""
    import networkx as nx
    import numpy as np
    if len(comp) == 1:
        pts = np.zeros((1, 2))
        return comp, pts, np.array([box_w[comp[0]], box_h[comp[0]]]), np.array([box_w[comp[0]], box_h[comp[0]]]) / 2
    sub = g.subgraph(comp)
    start = {v: xy for v, xy in zip(comp, nx.circular_layout(comp).values())}
    if len(comp) <= 30:  # Kamada-Kawai reads best but costs O(n²) per step
        lay = nx.kamada_kawai_layout(sub, pos=start)
    else:
        lay = nx.spring_layout(sub, pos=start, seed=seed, iterations=300, k=1.5 / math.sqrt(len(comp)))
    pts = np.array([lay[v] for v in comp], dtype=float)
    pts -= pts.min(axis=0)
    # scale so that an edge is about as long as the boxes at its ends are wide
    lengths = [np.linalg.norm(pts[comp.index(u)] - pts[comp.index(v)]) for u, v in sub.edges]
    want = 1.2 * float(np.mean([max(box_w[v], 1.6 * box_h[v]) for v in comp]))
    pts *= want / max(float(np.mean(lengths)), 1e-9)
    half = np.array([max(box_w[v] for v in comp), max(box_h[v] for v in comp)]) / 2
    return comp, pts, pts.max(axis=0) + 2 * half, half


def _shelf_pack(boxes: list[tuple], shelf_w: float) -> tuple[dict[str, np.ndarray], float, float]:
    """Components packed left to right in shelves of width ``shelf_w`` (going downwards): positions, width, height."""
    import numpy as np
    x = y = row_h = width = 0.0
    pos: dict[str, np.ndarray] = {}
    for comp, pts, (w, h), half in boxes:
        if x > 0 and x + w > shelf_w + 1e-9:
            x, y, row_h = 0.0, y + row_h, 0.0
        for v, xy in zip(comp, pts):
            pos[v] = np.array([x + half[0] + xy[0], -(y + h - half[1] - xy[1])])  # shelves go downwards
        x += w
        width, row_h = max(width, x), max(row_h, h)
    return pos, width, y + row_h


def bezier(p0, p1, rad: float, t: float):
    """A point on matplotlib's ``arc3`` curve from p0 to p1 (pixels).

    Examples
    --------
    >>> bezier((0, 0), (10, 0), 0.0, 0.5)
    (5.0, 0.0)
    """
    (x1, y1), (x2, y2) = p0, p1
    cx, cy = (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)
    u = 1 - t
    return u * u * x1 + 2 * u * t * cx + t * t * x2, u * u * y1 + 2 * u * t * cy + t * t * y2


def sub_arc(p0, p1, rad: float, t0: float, t1: float) -> MplPath:
    """The part ``t0..t1`` of the ``arc3`` curve from p0 to p1, as a quadratic Bézier path."""
    import numpy as np
    from matplotlib.path import Path as MplPath

    (x1, y1), (x2, y2) = p0, p1
    c = np.array([(x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)])
    a, b = np.asarray(p0, float), np.asarray(p1, float)
    q = (1 - t0) * (1 - t1) * a + ((1 - t0) * t1 + t0 * (1 - t1)) * c + t0 * t1 * b
    return MplPath([bezier(p0, p1, rad, t0), tuple(q), bezier(p0, p1, rad, t1)],
                   [MplPath.MOVETO, MplPath.CURVE3, MplPath.CURVE3])
