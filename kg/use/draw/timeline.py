"""The timeline view (``kg draw --timeline``): every event stated as fact on a date axis, one row per agent → target pair.

Where an event is placed: at its ``kg:date`` (when the text says it happened) where it has
one, else at its ``kg:reportDate`` (the day of the article that reports it); the marks show
which. A day the text gives is a filled dot, a report date a hollow ring (the event happened
then or shortly before), a month or year the text gives a span (a year hatched). Marks are
coloured by quad category; several categories on one date are stacked.

What is drawn, so that nothing is lost and nothing stretches the axis:

* **every event stated as fact** (asserted or reported), once: of the mentions of one event
  instance (one real event in several reports) the one with the most precise text date is drawn,
  as the queries and ``kg stats`` count instances: negated, hypothetical, future and
  question events are never drawn as facts; the heading counts them;
* **a window where the events are**: the span of the report dates (the articles' days) when
  there are any, else the run of dates that holds most events; ``--since``/``--until`` set it.
  Events before or after it (background: "since 1905", "in 1978") are summarised per row in
  a column at that edge instead of stretching the axis. On the 284-article Wikinews graph
  the window is 2019-01 – 2020-12 and 22 of its 290 events are background;
* **the rows with most events** (at most ``max_rows``, ``--limit``): the other pairs share
  one last row, so a wider filter never shows fewer events than a narrower one; each row
  name ends with its count;
* **dense rows aggregated**: above 150 dots, when a day is under 8 pixels wide, dots are
  binned by week, month, quarter or year (one mark per bin, category and kind, larger with more events).

Category labels go above or below their mark, never on top of one another or of a dot; with
more than 150 marks none is named and colour alone shows the category. Events with no date
at all (an undated article) are listed below the axis.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kg.records import PLOVER_CATEGORIES
from kg.use.draw.layout import boxes_overlap
from kg.use.draw.selection import local_name, one_per_instance
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

#: a label to place: its row, date (x), text and colour
_Label = tuple[int, float, str, str]
#: bin widths (days) tried in turn when a day is too narrow to tell dots apart
BINS = ((1, "day"), (7, "week"), (30.4375, "month"), (91.3125, "quarter"), (365.25, "year"))
MIN_BIN_PX = 8.0


@dataclass(frozen=True)
class _Placed:
    """An event with its place in time: the days it stands for and whether the text dates it."""

    row: str
    event: EventRow
    start: date
    end: date
    precision: str
    by_text: bool


@dataclass
class _Rows:
    """The placed events by row, the rows drawn (the last may be "others"), and what is not on the axis."""

    rows: dict[str, list[_Placed]]
    chosen: list[str]  # the rows drawn, top to bottom
    others: str | None  # the name of the row of the other pairs, when there is one
    undated: list[tuple[str, EventRow]]
    not_stated: Counter
    n_rows_all: int
    window: tuple[date, date] = (date(2000, 1, 1), date(2001, 1, 1))
    before: dict[str, list[_Placed]] = field(default_factory=dict)
    after: dict[str, list[_Placed]] = field(default_factory=dict)

    def placed(self) -> list[_Placed]:
        return [p for k in self.chosen for p in self.rows[k]]


def draw_timeline(fig: Figure, sel: Selection, *, max_rows: int = 40, since: str | None = None,
                  until: str | None = None) -> None:
    """Draw the events of ``sel`` on a date axis on ``fig``: rows, marks, edge summaries, labels, legend, heading.

    ``since``/``until`` (days, as :func:`~kg.use.draw.selection.parse_date_bound` gives) fix the window.
    """
    rows = _rows(sel, max(2, min(int(max_rows), _rows_that_fit(fig))))
    rows.window = _window(rows, since, until)
    _split_by_window(rows)
    renderer = fig.canvas.get_renderer()
    ax = _axes(fig, rows, renderer)
    dots, bars, labels, quads_used, bin_name = _marks(rows, ax, scale(fig))
    _draw_marks(ax, dots, bars)
    dense = len(labels) > 150  # then colours speak; names of thousands of marks would be noise
    hidden = _place_labels(fig, ax, labels, dots, renderer, dense=dense)
    _edge_columns(fig, ax, rows, renderer)
    _legend(fig, quads_used, rows)
    if rows.undated:
        _undated_note(fig, rows.undated)
    _timeline_heading(fig, sel, rows, hidden, dense, bin_name)


def _period(value: str, precision: str) -> tuple[date, date]:
    """The days a date stands for: ``(first, last)`` of a day, ``(first, first of the next)`` of a
    week (written as its Monday), weekend (its Saturday), month or year.

    Examples
    --------
    >>> _period("2025-02", "month")
    (datetime.date(2025, 2, 1), datetime.date(2025, 3, 1))
    >>> _period("2025-06-14", "day")
    (datetime.date(2025, 6, 14), datetime.date(2025, 6, 14))
    >>> _period("2025-06-09", "week")
    (datetime.date(2025, 6, 9), datetime.date(2025, 6, 16))
    """
    y = int(value[:4])
    if precision == "year" or len(value) == 4:
        return date(y, 1, 1), date(y + 1, 1, 1)
    m = int(value[5:7])
    if precision == "month" or len(value) == 7:
        return date(y, m, 1), date(y + (m == 12), m % 12 + 1, 1)
    d = date(y, m, int(value[8:10]))
    if precision in ("week", "weekend"):
        return d, d + timedelta(days=7 if precision == "week" else 2)
    return d, d


# ---------------------------------------------------------------------------- data


def _rows(sel: Selection, max_rows: int) -> _Rows:
    """The stated events by agent → target pair: the ``max_rows`` rows with most events, in the order of their
    first date; when there are more pairs, the last row holds all the others."""
    nodes = sel.nodes
    name = lambda iris: " & ".join(nodes[i].label if i in nodes else local_name(i) for i in iris)  # noqa: E731
    rows: dict[str, list[_Placed]] = defaultdict(list)
    undated: list[tuple[str, EventRow]] = []
    not_stated: Counter = Counter()
    for ev in one_per_instance(sel.events):  # a real event once, however many articles report it
        actors = ev.agents or ev.participants
        key = name(actors) + (f" → {name(ev.targets)}" if ev.targets else "")
        when = ev.when
        if not ev.stated:
            not_stated[ev.modality] += 1
        elif when is None:
            undated.append((key, ev))
        else:
            start, end = _period(when[0], when[1])
            rows[key].append(_Placed(key, ev, start, end, when[1], when[2]))
    ranked = sorted(rows, key=lambda k: (-len(rows[k]), k))
    others = None
    if len(ranked) > max_rows:
        rest = ranked[max_rows - 1:]
        others = f"{fmt_int(len(rest))} other pairs"
        rows[others] = [p for k in sorted(rest) for p in rows.pop(k)]
        ranked = ranked[:max_rows - 1]
    first = {k: min(p.start for p in rows[k]) for k in ranked}
    chosen = sorted(ranked, key=lambda k: (first[k], k)) + ([others] if others else [])
    return _Rows(dict(rows), chosen, others, undated, not_stated, len(ranked) + (len(rest) if others else 0))


def _window(rows: _Rows, since: str | None, until: str | None) -> tuple[date, date]:
    """The dates the axis spans: ``since``..``until`` when given, else the span of the report dates, else the run of
    dates with most events; padded."""
    placed = rows.placed()
    if not placed:
        return date(2000, 1, 1), date(2001, 1, 1)
    reports = sorted(p.start for p in placed if not p.by_text)
    if reports:  # the articles' days, and what the text dates within a month of them
        near = timedelta(days=31)
        lo, hi = reports[0], reports[-1]
        close = [p for p in placed if p.by_text and lo - near <= p.start and p.end <= hi + near]
        lo, hi = min([lo] + [p.start for p in close]), max([hi] + [p.end for p in close])
    else:
        spans = sorted((p.start, p.end) for p in placed)
        merged = [list(spans[0])]
        for a, b in spans[1:]:
            if a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        gap = max(60, (merged[-1][1] - merged[0][0]).days // 5)  # an empty fifth of the span parts runs of dates
        runs, first = [], 0
        for k in range(1, len(merged) + 1):
            if k == len(merged) or (merged[k][0] - merged[k - 1][1]).days > gap:
                runs.append((first, k - 1))
                first = k
        weight = [sum(1 for p in placed if merged[i][0] <= p.start and p.end <= merged[j][1]) for i, j in runs]
        i, j = runs[max(range(len(runs)), key=lambda k: (weight[k], k))]  # the most events; the latest of equals
        lo, hi = merged[i][0], max(b for _, b in merged[i:j + 1])
    pad = timedelta(days=max(2, round((hi - lo).days * 0.04)))
    lo, hi = lo - pad, hi + pad
    if since:
        lo = _day(since)
    if until:
        hi = _day(until)
    return lo, max(hi, lo + timedelta(days=1))


def _day(bound: str) -> date:
    """A ``--since``/``--until`` day as a date (``parse_date_bound`` ends every month on day 31).

    Examples
    --------
    >>> _day("2025-02-31"), _day("2025-06-14")
    (datetime.date(2025, 2, 28), datetime.date(2025, 6, 14))
    """
    import calendar

    y, m, d = (int(v) for v in bound.split("-"))
    return date(y, m, min(d, calendar.monthrange(y, m)[1]))


def _split_by_window(rows: _Rows) -> None:
    """Move the events that end before the window, or start after it, to the edge summaries."""
    lo, hi = rows.window
    for key in rows.chosen:
        inside = []
        for p in rows.rows[key]:
            if p.end < lo or (p.end == lo and p.start < p.end):
                rows.before.setdefault(key, []).append(p)
            elif p.start > hi:
                rows.after.setdefault(key, []).append(p)
            else:
                inside.append(p)
        rows.rows[key] = inside


def _edge_text(items: list[_Placed]) -> str:
    """A row's events beyond an edge of the window, in a few words.

    Examples
    --------
    >>> from kg.use.draw.selection import EventRow
    >>> ev = EventRow("e", "ASSAULT", (), ())
    >>> p = _Placed("r", ev, date(2022, 1, 1), date(2023, 1, 1), "year", True)
    >>> _edge_text([p, p]), _edge_text([p, _Placed("r", ev, date(1905, 1, 1), date(1906, 1, 1), "year", True)])
    ('2022 ASSAULT ×2', '2 events, 1905–2022')
    """
    kinds = Counter((p.start.year, p.event.category) for p in items)
    if len(kinds) == 1:
        (year, cat), n = kinds.most_common(1)[0]
        return f"{year} {cat}" + (f" ×{n}" if n > 1 else "")
    years = sorted({p.start.year for p in items})
    return f"{len(items)} events, " + (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]))


# ---------------------------------------------------------------------------- placement


def _row_name(rows: _Rows, key: str) -> str:
    n = len(rows.rows[key]) + len(rows.before.get(key, ())) + len(rows.after.get(key, ()))
    return f"{key}  ({fmt_int(n)})"


def _axes(fig: Figure, rows: _Rows, renderer) -> Axes:
    """The axes of the window, right of the row names and the column of earlier events, left of that of later ones."""
    import matplotlib.dates as mdates

    chosen = rows.chosen
    sk = scale(fig)
    names = [_row_name(rows, k) for k in chosen]
    left = _text_width(fig, names, renderer, 9 * sk, cap=0.4)
    before_w = _text_width(fig, [_edge_text(v) for v in rows.before.values()], renderer, 7.5 * sk, cap=0.16)
    after_w = _text_width(fig, [_edge_text(v) for v in rows.after.values()], renderer, 7.5 * sk, cap=0.16)
    bottom, top = _bottom_top(fig, bool(rows.undated))
    x0 = left + (before_w if rows.before else 0.0)
    x1 = 0.985 - (after_w if rows.after else 0.0)
    ax = fig.add_axes((x0, bottom, x1 - x0, top - bottom))
    lo, hi = rows.window
    ax.set_xlim(mdates.date2num(lo), mdates.date2num(hi))
    ax.set_ylim(len(chosen) - 0.4, -0.6)
    ax.set_yticks(range(len(chosen)), names, fontsize=9 * sk, color=INK)
    if rows.others:
        ax.get_yticklabels()[-1].set(color=GREY, style="italic")
    if rows.before:  # the row names stand left of the column of earlier events
        ax.tick_params(axis="y", pad=before_w * fig.get_size_inches()[0] * 72)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#E5E5E5", lw=0.8)
    ax.set_axisbelow(True)
    for r in range(len(chosen)):
        ax.axhline(r, color="#F0F0F0", lw=0.8, zorder=0)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.tick_params(axis="x", labelsize=9 * sk, colors=GREY)
    ax.xaxis.get_offset_text().set(fontsize=9 * sk, color=GREY)
    return ax


def _bottom_top(fig: Figure, undated: bool) -> tuple[float, float]:
    """The bottom and top of the axes (figure fraction): under them the dates (and the undated note), over them
    the title, two lines of subtitle and the legend."""
    sk, H = scale(fig), fig.get_size_inches()[1] * fig.dpi
    return (30 + (22 if undated else 0)) * sk * fig.dpi / 72 / H, 1 - 1.55 * sk * fig.dpi / H


def _rows_that_fit(fig: Figure) -> int:
    """How many rows fit, 13.5 points each."""
    bottom, top = _bottom_top(fig, True)
    return int((top - bottom) * fig.get_size_inches()[1] * 72 / (13.5 * scale(fig)))


def _text_width(fig: Figure, texts: list[str], renderer, size: float, *, cap: float) -> float:
    """The width (figure fraction, at most ``cap``) of the widest of ``texts`` and a margin."""
    W = fig.get_size_inches()[0] * fig.dpi
    px = fig.dpi / 72.0
    widest = 0.0
    for k in texts:
        t = fig.text(0, 0, k, fontsize=size)
        widest = max(widest, t.get_window_extent(renderer).width)
        t.remove()
    return min(cap, (widest + 16 * px) / W) if texts else 0.0


def _bin(ax: Axes, rows: _Rows) -> tuple[float, str]:
    """The bin width (days) of dots: a day while there are at most 150 of them (then each is named), else the
    narrowest of :data:`BINS` that is at least ``MIN_BIN_PX`` wide."""
    if len({(p.row, p.start, p.by_text) for k in rows.chosen for p in rows.rows[k] if p.precision == "day"}) <= 150:
        return BINS[0]
    lo, hi = ax.get_xlim()
    px_per_day = ax.bbox.width / max(1e-9, hi - lo)
    for days, name in BINS:
        if days * px_per_day >= MIN_BIN_PX:
            return days, name
    return BINS[-1]


def _marks(rows: _Rows, ax: Axes, sk: float) -> tuple[list[tuple], dict, list[_Label], set[str], str]:
    """Spans for month/year dates, dots for days (filled: the text's day; hollow: the report's), binned when dense;
    the same row + place + kind + category share one mark.

    Returns the dots ``(x, y, size, colour, hollow)``, the bars by (precision, colour), a label
    per row and place, the quad categories used and the name of the bin ("day", "week", …).
    """
    import matplotlib.dates as mdates

    days, bin_name = _bin(ax, rows)
    origin = mdates.date2num(rows.window[0])
    quads_used: set[str] = set()
    labels: list[_Label] = []
    dots: list[tuple] = []
    bars: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for r, key in enumerate(rows.chosen):
        by_place: dict[tuple, Counter] = defaultdict(Counter)
        for p in rows.rows[key]:
            if p.precision == "day":
                x = mdates.date2num(p.start)
                if days > 1:
                    x = origin + (math.floor((x - origin) / days) + 0.5) * days
                by_place[(x, x, "day", p.by_text)][p.event.category] += 1
            else:  # a span, as far as it is in the window
                lo, hi = (mdates.date2num(d) for d in rows.window)
                span = (max(lo, mdates.date2num(p.start)), min(hi, mdates.date2num(p.end)))
                by_place[(*span, p.precision, True)][p.event.category] += 1
        for (x0, x1, precision, by_text), cats in sorted(by_place.items()):
            x = (x0 + x1) / 2
            order_ = sorted(cats, key=lambda c: (PLOVER_CATEGORIES.index(c) if c in PLOVER_CATEGORIES else 99, c))
            m = len(order_)
            for j, cat in enumerate(order_):  # several categories at one place: stacked marks
                count = cats[cat]
                quads_used.add(quad(cat))
                colour = QUAD_COLOURS[quad(cat)]
                if precision == "day":
                    y = r + (j - (m - 1) / 2) * min(0.13, 0.5 / m)
                    dots.append((x, y, (60 + 25 * min(count - 1, 8)) * sk ** 2 / max(1, m / 4), colour, not by_text))
                else:
                    bars[(precision, colour)].append((r + (j - (m - 1) / 2) * (0.3 / m), x1 - x0, x0, 0.28 / m))
            if key == rows.others:  # the pairs of that row are many: colour and size speak for them
                continue
            text = " · ".join(c + (f" ×{cats[c]}" if cats[c] > 1 else "") for c in order_)
            colours = {QUAD_COLOURS[quad(c)] for c in order_}
            labels.append((r, x, text, colours.pop() if len(colours) == 1 else INK))
    return dots, bars, labels, quads_used, bin_name


# ---------------------------------------------------------------------------- drawing


def _draw_marks(ax: Axes, dots: list[tuple], bars: dict) -> None:
    """One call per kind of mark: fast with thousands of events."""
    for (precision, colour), items in sorted(bars.items()):
        ys, widths, lefts, heights = zip(*items)
        ax.barh(ys, widths, left=lefts, height=heights, color=colour, alpha=0.35 if precision == "year" else 0.6,
                edgecolor=colour, linewidth=1.0, hatch="///" if precision == "year" else None, zorder=3)
    filled = [d for d in dots if not d[4]]
    hollow = [d for d in dots if d[4]]
    if filled:
        xs, ys, sizes_, colours_, _ = zip(*filled)
        ax.scatter(xs, ys, s=sizes_, c=colours_, edgecolors="white", linewidths=0.8, zorder=4)
    if hollow:
        xs, ys, sizes_, colours_, _ = zip(*hollow)
        ax.scatter(xs, ys, s=sizes_, facecolors="white", edgecolors=colours_, linewidths=1.6, zorder=4)


def _place_labels(fig: Figure, ax: Axes, labels: list[_Label], dots: list[tuple], renderer, *, dense: bool) -> int:
    """Category labels above or below their mark, never on top of one another or of a dot; returns those left out."""
    W = fig.get_size_inches()[0] * fig.dpi
    px = fig.dpi / 72.0
    sk = scale(fig)
    placed: list[tuple] = []
    if not dense:  # labels keep off the dots too
        for x, y, size, _, _ in dots:
            cx, cy = ax.transData.transform((x, y))
            rad = math.sqrt(size) / 2 * px
            placed.append((cx - rad, cy - rad, cx + rad, cy + rad))
    if dense:
        return len(labels)
    hidden = 0
    for r, x, text, colour in labels:
        for dy in (-0.24, 0.26, -0.42, 0.42, None):  # above (the y axis is inverted), below, higher, lower
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


def _edge_columns(fig: Figure, ax: Axes, rows: _Rows, renderer) -> None:
    """Per row, the events before (after) the window, in a few words at the left (right) edge of the axes."""
    sk = scale(fig)
    lo, hi = rows.window
    for side, items, x, ha, arrow in (("before", rows.before, -0.01, "right", "◂ "), ("after", rows.after, 1.01, "left",
                                                                                     " ▸")):
        if not items:
            continue
        every = [p for v in items.values() for p in v]
        head = (f"before {lo:%b %Y}" if side == "before" else f"after {hi:%b %Y}") + f": {fmt_int(len(every))}"
        ax.text(x, 1.0, head, transform=ax.transAxes, ha=ha, va="bottom", fontsize=7.5 * sk, color=GREY,
                gid=f"edge-{side}", clip_on=False)
        for r, key in enumerate(rows.chosen):
            if key in items:
                text = _edge_text(items[key])
                text = arrow + text if side == "before" else text + arrow
                ax.text(x, r, text, transform=ax.get_yaxis_transform(), ha=ha, va="center", fontsize=7.5 * sk,
                        color=GREY, gid="edge-events", clip_on=False)


# ---------------------------------------------------------------------------- legend and heading


def _legend(fig: Figure, quads_used: set[str], rows: _Rows) -> None:
    """Quad colours and what the marks mean, in a row at the top right."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    sk = scale(fig)
    placed = [p for v in rows.rows.values() for p in v]
    handles = [Patch(color=QUAD_COLOURS[q], label=q) for q in QUAD_COLOURS if q in quads_used]
    handles.append(Line2D([], [], marker="o", linestyle="", color=GREY, label="day (text)"))
    if any(not p.by_text for p in placed):
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor=GREY,
                              markeredgewidth=1.4, label="reported (no date in text)"))
    if any(p.precision in ("week", "weekend", "month") for p in placed):
        handles.append(Patch(facecolor=GREY, alpha=0.6, label="week or month"
                             if any(p.precision in ("week", "weekend") for p in placed) else "month"))
    if any(p.precision == "year" for p in placed):
        handles.append(Patch(facecolor=GREY, alpha=0.35, hatch="///", label="year"))
    H = fig.get_size_inches()[1] * fig.dpi
    leg = fig.legend(handles=handles, loc="upper right", bbox_to_anchor=(0.99, 1 - 1.08 * sk * fig.dpi / H),
                     ncols=len(handles), frameon=False, fontsize=8 * sk, handlelength=1.4, columnspacing=1.2)
    leg.set_gid("legend-events")


def _undated_note(fig: Figure, undated: list[tuple[str, EventRow]]) -> None:
    """The events with no date at all (neither in the text nor of the report), listed below the axis (the first six)."""
    items = sorted(f"{ev.category} {k}" for k, ev in undated)
    shown = items[:6]
    more = f"; +{len(items) - 6} more" if len(items) > 6 else ""
    H = fig.get_size_inches()[1] * 72
    fig.text(0.012, 4 * scale(fig) / H, f"No date, not on the axis ({len(items)}): " + "; ".join(shown) + more,
             ha="left", va="bottom", fontsize=8 * scale(fig), color=GREY, wrap=True, gid="undated")


def _timeline_heading(fig: Figure, sel: Selection, rows: _Rows, hidden: int, dense: bool, bin_name: str) -> None:
    """Title and subtitle: whose events, how many and how dated, on how many rows, and what is not on the axis."""
    nodes = sel.nodes
    title = f"Timeline{': ' + nodes[sel.focus].label if sel.focus else ''}"
    sub = [source_text(sel.source, sel.documents)]
    if sel.focus:
        sub.append(f"around {nodes[sel.focus].label} ({plural(sel.hops, 'hop')})")
    every = [p for k in rows.chosen for v in (rows.rows[k], rows.before.get(k, ()), rows.after.get(k, ())) for p in v]
    by_report = sum(1 for p in every if not p.by_text)
    how = [f"{fmt_int(n)} {what}" for n, what in ((len(every) - by_report, "dated by the text"),
                                                   (by_report, "by their report")) if n]
    sub.append(f"{plural(len(every), 'event')}" + (f" ({', '.join(how)})" if how else ""))
    named = len(rows.chosen) - (1 if rows.others else 0)
    sub.append(f"{plural(rows.n_rows_all, 'pair')}" + (f", the {fmt_int(named)} most active named" if rows.others
                                                       else ""))
    edges = sum(len(v) for v in rows.before.values()) + sum(len(v) for v in rows.after.values())
    if edges:
        sub.append(f"{fmt_int(edges)} outside the window, at its edges")
    if bin_name != "day":
        sub.append(f"dots binned by {bin_name}")
    if rows.undated:
        sub.append(f"{fmt_int(len(rows.undated))} undated")
    if rows.not_stated:
        kinds = ", ".join(sorted(rows.not_stated))
        sub.append(f"{fmt_int(sum(rows.not_stated.values()))} not stated as fact ({kinds}) not shown")
    if dense:
        sub.append("too many events to name each: colour shows the category")
    elif hidden:
        sub.append(f"{hidden} labels left out (no room)")
    sub += sel.filters
    heading(fig, title, " · ".join(sub))
