"""kg.draw's layout: boxes end up disjoint and inside the axes, the same graph gives the same positions."""

from __future__ import annotations

import networkx as nx
import numpy as np

from kg.use.draw.layout import boxes_overlap, component_layout, fit, separate


def boxes(pos: np.ndarray, rects: np.ndarray) -> list[tuple[float, float, float, float]]:
    return [tuple(b) for b in np.column_stack([pos + rects[:, :2], pos + rects[:, 2:]])]


def test_separate_makes_crowded_boxes_disjoint_and_keeps_them_inside():
    rng = np.random.default_rng(0)
    rects = np.column_stack([-rng.uniform(10, 30, 30), -rng.uniform(5, 12, 30),
                             rng.uniform(10, 30, 30), rng.uniform(5, 12, 30)])
    pos = separate(rng.uniform(200, 300, (30, 2)), rects, (0, 0, 600, 400))
    placed = boxes(pos, rects)
    assert not any(boxes_overlap(a, b) for i, a in enumerate(placed) for b in placed[i + 1:])
    assert all(0 <= x0 and 0 <= y0 and x1 <= 600 and y1 <= 400 for x0, y0, x1, y1 in placed)


def test_fit_fills_the_axes_without_leaving_them():
    rects = np.array([[-5.0, -5.0, 5.0, 5.0]] * 3)
    pos = fit(np.array([[0.0, 0.0], [1.0, 2.0], [3.0, 1.0]]), rects, 300.0, 200.0)
    placed = np.array(boxes(pos, rects))
    assert placed[:, 0].min() >= 2 and placed[:, 2].max() <= 298 and placed[:, 1].min() >= 2 and placed[:, 3].max() <= 198
    assert placed[:, 3].max() - placed[:, 1].min() > 190  # the tall side fills its room


def test_component_layout_is_seeded_and_puts_the_centre_first():
    g = nx.Graph([("a", "b"), ("b", "c"), ("d", "e")])
    g.add_node("f")
    order = sorted(g)
    rects = np.array([[-8.0, -20.0, 8.0, 8.0]] * len(order))
    first = component_layout(g, order, rects, aspect=1.5, seed=7, centre="e")
    assert np.array_equal(first, component_layout(g, order, rects, aspect=1.5, seed=7, centre="e"))
    top_left = min(range(len(order)), key=lambda k: (-first[k, 1], first[k, 0]))
    assert order[top_left] in ("d", "e")  # the centre's component is packed first, top left
