"""The timeline view (``kg draw --timeline``): events on a date axis, one row per agent → target pair.

Marks are coloured by quad category; a day date is a dot, a month or year date a span (a
year hatched); several categories on one date are stacked. The 40 rows with most dated
events are drawn, in the order of their first date. When a long empty stretch separates the
events, the date axis is broken (up to three panels). Category labels go above or below
their mark, never on top of one another or of a dot; with more than 150 marks none is
named and colour alone shows the category. Undated events are listed below the axis.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kg.records import PLOVER_CATEGORIES
from kg.use.draw.layout import boxes_overlap
from kg.use.draw.selection import local_name
from kg.use.draw.style import (
    GREY,
    INK,
    QUAD_COLOURS,
    fmt_int,
    heading,
    plural,
    quad,
    scale,
    source_text,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kg.use.draw.selection import EventRow, Selection

#: a label to place: its axes, row, date (x), text and colour
_Label = tuple["Axes", int, float, str, str]


@dataclass
class _Rows:
    """The events by row (``"agent → target"``), the rows drawn, and what is left out."""

    rows: dict[str, list[EventRow]]
    chosen: list[str]  # the rows drawn, top to bottom
    undated: list[tuple[str, EventRow]]
    n_rows_all: int

    @property
    def dated_n(self) -> int:
        return sum(len(self.rows[k]) for k in self.chosen)


def draw_timeline(fig: Figure, sel: Selection, *, max_rows: int = 40) -> None:
    """Draw the events of ``sel`` on a date axis on ``fig``: rows, marks, their labels, legend and heading."""
    rows = _rows(sel, max_rows)
    renderer = fig.canvas.get_renderer()
    axes = _axes(fig, rows, _date_ranges(rows), renderer)
    dots, bars, labels, quads_used = _marks(rows, axes, scale(fig))
    _draw_marks(axes, dots, bars)
    dense = len(labels) > 150  # then colours speak; names of thousands of marks would be noise
    hidden = _place_labels(fig, axes, labels, dots, renderer, dense=dense)
    _legend(fig, quads_used)
    if rows.undated:
        _undated_note(fig, rows.undated)
    _timeline_heading(fig, sel, rows, hidden, dense)


def _period(value: str, precision: str) -> tuple[date, date]:
    """The days a date stands for: ``(first, last)`` of a day, ``(first, first of the next)`` of a month or year.

    Examples
    --------
    >>> _period("2025-02", "month")
    (datetime.date(2025, 2, 1), datetime.date(2025, 3, 1))
    >>> _period("2025-06-14", "day")
    (datetime.date(2025, 6, 14), datetime.date(2025, 6, 14))
    """
    y = int(value[:4])
    if precision == "year" or len(value) == 4:
        return date(y, 1, 1), date(y + 1, 1, 1)
    m = int(value[5:7])
    if precision == "month" or len(value) == 7:
        return date(y, m, 1), date(y + (m == 12), m % 12 + 1, 1)
    d = date(y, m, int(value[8:10]))
    return d, d


# ---------------------------------------------------------------------------- data


def _rows(sel: Selection, max_rows: int) -> _Rows:
    """The events by agent → target pair; the ``max_rows`` rows with most events, in the order of their first date."""
    nodes = sel.nodes
    name = lambda iris: " & ".join(nodes[i].label if i in nodes else local_name(i) for i in iris)  # noqa: E731
    rows: dict[str, list[EventRow]] = defaultdict(list)
    undated: list[tuple[str, EventRow]] = []
    for ev in sel.events:
        actors = ev.agents or ev.participants
        key = name(actors) + (f" → {name(ev.targets)}" if ev.targets else "")
        if not ev.date:
            undated.append((key, ev))
        else:
            rows[key].append(ev)
    chosen = sorted(rows, key=lambda k: (-len(rows[k]), k))[:max_rows]
    first = {k: min(_period(ev.date, ev.precision)[0] for ev in rows[k]) for k in chosen}
    chosen.sort(key=lambda k: (first[k], k))
    return _Rows(rows, chosen, undated, len(rows))


def _date_ranges(rows: _Rows) -> list[tuple[float, float]]:
    """The x ranges (matplotlib date numbers, padded): one axis, or up to three when long empty stretches separate the events."""
    import matplotlib.dates as mdates

    spans = sorted((mdates.date2num(a), mdates.date2num(b)) for a, b in
                   (_period(ev.date, ev.precision) for k in rows.chosen for ev in rows.rows[k]))
    if not spans:
        spans = [(mdates.date2num(date(2000, 1, 1)), mdates.date2num(date(2001, 1, 1)))]
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    ranges = [(merged[i][0], max(b for _, b in merged[i:j + 1])) for i, j in _split_at_gaps(merged)]
    return [(a - max(2.0, (b - a) * 0.06), b + max(2.0, (b - a) * 0.06)) for a, b in ranges]


def _split_at_gaps(merged: list[list[float]], most: int = 3) -> list[tuple[int, int]]:
    """Runs ``(first, last)`` of the disjoint intervals ``merged``, split at the empty stretches longer than half a run.

    The widest gap (relative to its run) is split first, until there are ``most`` runs.

    Examples
    --------
    >>> _split_at_gaps([[0, 1], [2, 3], [50, 51]])
    [(0, 1), (2, 2)]
    """
    ranges = [(0, len(merged) - 1)]
    while len(ranges) < most:
        best = None
        for r_i, (i, j) in enumerate(ranges):
            span_ = max(b for _, b in merged[i:j + 1]) - merged[i][0]
            for g in range(i, j):
                gap_ = merged[g + 1][0] - merged[g][1]
                if gap_ > 0.5 * span_ and (best is None or gap_ / span_ > best[0]):
                    best = (gap_ / span_, r_i, g)
        if best is None:
            break
        _, r_i, g = best
        i, j = ranges[r_i]
        ranges[r_i:r_i + 1] = [(i, g), (g + 1, j)]
    return ranges


# ---------------------------------------------------------------------------- placement


def _axes(fig: Figure, rows: _Rows, padded: list[tuple[float, float]], renderer) -> list[Axes]:
    """One axes per date range, side by side right of the row names, with break marks between them."""
    import matplotlib.dates as mdates

    chosen = rows.chosen
    H = fig.get_size_inches()[1] * fig.dpi
    sk = scale(fig)
    left = _left_margin(fig, chosen, renderer)
    bottom = 0.16 if rows.undated else 0.09
    top = 1 - 1.0 * sk * fig.dpi / H
    total_w = 0.985 - left
    split_gap = 0.025 if len(padded) > 1 else 0.0
    weights = [max(0.2, min(0.6, (b - a) / sum(b2 - a2 for a2, b2 in padded))) for a, b in padded]
    weights = [w / sum(weights) for w in weights]
    axes = []
    x0 = left
    for k, ((a, b), w) in enumerate(zip(padded, weights)):
        width = (total_w - split_gap * (len(padded) - 1)) * w
        ax = fig.add_axes((x0, bottom, width, top - bottom))
        x0 += width + split_gap
        ax.set_xlim(a, b)
        ax.set_ylim(len(chosen) - 0.4, -0.6)
        ax.set_yticks(range(len(chosen)), chosen if k == 0 else [], fontsize=9 * sk, color=INK)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#E5E5E5", lw=0.8)
        ax.set_axisbelow(True)
        for r in range(len(chosen)):
            ax.axhline(r, color="#F0F0F0", lw=0.8, zorder=0)
        locator = mdates.AutoDateLocator(minticks=2, maxticks=max(4, int(10 * w)))
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.tick_params(axis="x", labelsize=9 * sk, colors=GREY)
        ax.xaxis.get_offset_text().set(fontsize=9 * sk, color=GREY)
        if len(padded) > 1:  # the break marks on the date axis
            d = 0.012
            kw = dict(transform=ax.transAxes, color=GREY, clip_on=False, lw=1.0)
            if k < len(padded) - 1:
                ax.plot((1 - d * 2 / w, 1 + d * 2 / w), (-0.015, 0.015), **kw)
            if k > 0:
                ax.plot((-d * 2 / w, d * 2 / w), (-0.015, 0.015), **kw)
        axes.append(ax)
    return axes


def _left_margin(fig: Figure, names: list[str], renderer) -> float:
    """Room for the row names (figure fraction, at most 0.45): the widest name and a margin."""
    W = fig.get_size_inches()[0] * fig.dpi
    px = fig.dpi / 72.0
    sk = scale(fig)
    label_w = 0.0
    for k in names:
        t = fig.text(0, 0, k, fontsize=9 * sk)
        label_w = max(label_w, t.get_window_extent(renderer).width)
        t.remove()
    return min(0.45, (label_w + 16 * px) / W)


def _marks(rows: _Rows, axes: list[Axes], sk: float) -> tuple[list[tuple], dict, list[_Label], set[str]]:
    """Spans for month/year dates, dots for days; the same row + date + category share one mark.

    Returns the dots ``(x, y, size, colour)``, the bars by (precision, colour), a label per
    row and date, and the quad categories used.
    """
    import matplotlib.dates as mdates

    quads_used = set()
    labels: list[_Label] = []
    dots: list[tuple] = []
    bars: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for r, key in enumerate(rows.chosen):
        by_date: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for ev in rows.rows[key]:
            by_date[(ev.date, ev.precision)][ev.category] += 1
        for (value, precision), cats in sorted(by_date.items(), key=lambda kv: (_period(*kv[0])[0], kv[0])):
            start, end = _period(value, precision)
            x0, x1 = mdates.date2num(start), mdates.date2num(end)
            x = (x0 + x1) / 2
            order_ = sorted(cats, key=lambda c: (PLOVER_CATEGORIES.index(c) if c in PLOVER_CATEGORIES else 99, c))
            m = len(order_)
            for j, cat in enumerate(order_):  # several categories on one date: stacked marks
                count = cats[cat]
                quads_used.add(quad(cat))
                colour = QUAD_COLOURS[quad(cat)]
                y = r + (j - (m - 1) / 2) * (0.3 / m if precision != "day" else 0.13)
                if precision == "day":
                    dots.append((x, y, (60 + 25 * min(count - 1, 8)) * sk ** 2, colour))
                else:
                    bars[(precision, colour)].append((y, x1 - x0, x0, 0.28 / m))
            text = " · ".join(c + (f" ×{cats[c]}" if cats[c] > 1 else "") for c in order_)
            colours = {QUAD_COLOURS[quad(c)] for c in order_}
            ax = next(a for a in axes if a.get_xlim()[0] <= x <= a.get_xlim()[1])
            labels.append((ax, r, x, text, colours.pop() if len(colours) == 1 else INK))
    return dots, bars, labels, quads_used


# ---------------------------------------------------------------------------- drawing


def _draw_marks(axes: list[Axes], dots: list[tuple], bars: dict) -> None:
    """One call per kind of mark and axes: fast with thousands of events."""
    for ax in axes:
        for (precision, colour), items in sorted(bars.items()):
            ys, widths, lefts, heights = zip(*items)
            ax.barh(ys, widths, left=lefts, height=heights, color=colour, alpha=0.35 if precision == "year" else 0.6,
                    edgecolor=colour, linewidth=1.0, hatch="///" if precision == "year" else None, zorder=3)
        if dots:
            xs, ys, sizes_, colours_ = zip(*dots)
            ax.scatter(xs, ys, s=sizes_, c=colours_, edgecolors="white", linewidths=0.8, zorder=4)


def _place_labels(fig: Figure, axes: list[Axes], labels: list[_Label], dots: list[tuple], renderer, *,
                  dense: bool) -> int:
    """Category labels above or below their mark, never on top of one another or of a dot; returns those left out."""
    W = fig.get_size_inches()[0] * fig.dpi
    px = fig.dpi / 72.0
    sk = scale(fig)
    placed: list[tuple] = []
    if not dense:  # labels keep off the dots too
        for x, y, size, _ in dots:
            for ax in axes:
                cx, cy = ax.transData.transform((x, y))
                rad = math.sqrt(size) / 2 * px
                if ax.bbox.x0 <= cx <= ax.bbox.x1:
                    placed.append((cx - rad, cy - rad, cx + rad, cy + rad))
    hidden = 0
    for ax, r, x, text, colour in labels:
        for dy in (-0.24, 0.26, -0.42, 0.42, None) if not dense else (None,):  # above (the y axis is inverted), below, higher, lower
            if dy is None:
                hidden += 1
                break
            t = ax.text(x, r + dy, text, fontsize=7.5 * sk, ha="center", va="center", color=colour, gid="event-label",
                        zorder=5, clip_on=False, bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85))
            ext = t.get_window_extent(renderer)
            shift = min(0.0, W - 3 - ext.x1) or max(0.0, 3 - ext.x0)  # keep it on the picture
            if shift:
                t.set_x(ax.transData.inverted().transform((ext.x0 + ext.width / 2 + shift, 0))[0])
                ext = t.get_window_extent(renderer)
            box = (ext.x0, ext.y0, ext.x1, ext.y1)
            if not any(boxes_overlap(box, b, 1.0) for b in placed):
                placed.append(box)
                break
            t.remove()
    return hidden


# ---------------------------------------------------------------------------- legend and heading


def _legend(fig: Figure, quads_used: set[str]) -> None:
    """Quad colours and what dots and spans mean, in a row at the top right."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    sk = scale(fig)
    H = fig.get_size_inches()[1] * fig.dpi
    handles = [Patch(color=QUAD_COLOURS[q], label=q) for q in QUAD_COLOURS if q in quads_used]
    handles += [Line2D([], [], marker="o", linestyle="", color=GREY, label="day"),
                Patch(facecolor=GREY, alpha=0.6, label="month"),
                Patch(facecolor=GREY, alpha=0.35, hatch="///", label="year")]
    leg = fig.legend(handles=handles, loc="upper right", bbox_to_anchor=(0.99, 1 - 0.58 * sk * fig.dpi / H), ncols=len(handles),
                     frameon=False, fontsize=8.5 * sk, handlelength=1.4, columnspacing=1.2)
    leg.set_gid("legend-events")


def _undated_note(fig: Figure, undated: list[tuple[str, EventRow]]) -> None:
    """The events with no date, listed below the axis (the first six)."""
    items = sorted(f"{ev.category} {k}" for k, ev in undated)
    shown = items[:6]
    more = f"; +{len(items) - 6} more" if len(items) > 6 else ""
    fig.text(0.012, 0.02, f"No date, not on the axis ({len(items)}): " + "; ".join(shown) + more,
             ha="left", va="bottom", fontsize=8 * scale(fig), color=GREY, wrap=True, gid="undated")


def _timeline_heading(fig: Figure, sel: Selection, rows: _Rows, hidden: int, dense: bool) -> None:
    """Title and subtitle: whose events, how many on how many rows, and what was left out."""
    nodes = sel.nodes
    scope = f"around {nodes[sel.focus].label} ({plural(sel.hops, 'hop')})" if sel.focus else (
        f"{fmt_int(len(nodes))} of {fmt_int(sel.total_entities)} entities (the most active)" if sel.partial else "")
    title = f"Timeline{': ' + nodes[sel.focus].label if sel.focus else ''}"
    sub = [source_text(sel.source, sel.documents)] + ([scope] if scope else [])
    n_chosen = len(rows.chosen)
    sub.append(f"{plural(rows.dated_n, 'dated event')} in {plural(n_chosen, 'row')}"
               + (f" (of {fmt_int(rows.n_rows_all)})" if rows.n_rows_all > n_chosen else ""))
    if rows.undated:
        sub.append(f"{fmt_int(len(rows.undated))} undated")
    if dense:
        sub.append("too many events to name each: colour shows the category")
    elif hidden:
        sub.append(f"{hidden} labels left out (no room)")
    sub += sel.filters
    heading(fig, title, " · ".join(sub))
