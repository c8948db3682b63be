"""Stage 8, draw: pictures of the graph with networkx and matplotlib (Agg backend).

Three views, each a plain function of a store (or a path :func:`kg.graph.target.open_target` opens):

overview (default)
    entities as nodes coloured by type (legend) and sized by how many events they take part
    in; events as directed edges aggregated per (agent, target, category), coloured by the
    PLOVER quad category and labelled with the category and a count when more than one.
    Above ``limit`` entities only the most active ones are drawn, picked in the store with a
    SPARQL ``GROUP BY`` (the picture says "150 of 12,345 entities").
focus (``focus="Putin", hops=1``)
    the neighbourhood of one entity found by any of its names; edge labels show dates.
timeline (``timeline=True``)
    events on a date axis, one row per agent → target pair, coloured by quad category;
    day dates are dots, week, month and year dates are spans; undated events are listed below.

Layouts are seeded and nodes and edges sorted before layout, so the same store gives the same
bytes. Labels never overlap: after the force layout, a repulsion pass in pixel space moves
nodes until the boxes of node + label are disjoint, and edge labels are put at the first
free place along their edge (or left out, and counted in the subtitle, when none is free).

The package, one concern a module: :mod:`~kg.use.draw.selection` reads what to draw with the
SPARQL queries in ``queries/``; :mod:`~kg.use.draw.layout` places nodes; :mod:`~kg.use.draw.style`
holds colours, sizes and headings; :mod:`~kg.use.draw.overview` draws the overview and focus
views, :mod:`~kg.use.draw.timeline` the timeline. This module is the way in: :func:`draw` and
:func:`draw_figure`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.use.draw.aggregate import aggregate, budget
from kg.use.draw.fonts import FONT_FAMILY, drawable
from kg.use.draw.geo import draw_map
from kg.use.draw.overview import draw_overview
from kg.use.draw.selection import (
    event_graph,
    find_entity,
    parse_date_bound,
    select,
    select_events,
)
from kg.use.draw.style import QUAD_CATEGORY, QUAD_COLOURS, TYPE_COLOURS
from kg.use.draw.timeline import draw_timeline

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib, networkx and numpy are imported by the functions that use them, not with the
# package: `import kg` (every kg command) stays fast, and importing kg does not change a
# notebook's matplotlib backend; kg renders through its own Agg canvas.

__all__ = ["draw", "draw_figure", "select", "find_entity", "event_graph", "parse_size", "parse_date_bound",
           "TYPE_COLOURS", "QUAD_CATEGORY", "QUAD_COLOURS", "FORMATS"]

FORMATS = ("png", "svg", "html")


def parse_size(text: str) -> tuple[float, float]:
    """A ``--size`` value ``WxH`` (inches).

    Examples
    --------
    >>> parse_size("12x9")
    (12.0, 9.0)
    """
    try:
        w, h = (float(v) for v in text.lower().replace("×", "x").split("x"))
        if not (0.5 <= w <= 200 and 0.5 <= h <= 200):
            raise ValueError
    except ValueError:
        raise KGError("E404", exit_code=2, option="--size", value=text,
                      detail="use WxH in inches, e.g. 12x9") from None
    return w, h


def _selection(store, *, focus, hops, timeline, geo, types, since, until, size, limit, seed):
    """What a view shows: every event for the timeline (or focus neighbourhood) and the map; for the overview,
    the entities when they fit, else groups (:mod:`kg.use.draw.aggregate`)."""
    if (geo or timeline) and focus is None:
        return select_events(store, types=types, since=since, until=until)
    if focus is not None:
        return select(store, focus=focus, hops=hops, types=types, since=since, until=until,
                      limit=150 if limit is None else limit)
    if limit is not None:
        return select(store, types=types, since=since, until=until, limit=limit)
    fits = budget(size)
    sel = select(store, types=types, since=since, until=until, limit=fits)
    if not sel.partial:
        return sel
    return aggregate(select_events(store, types=types, since=since, until=until), fits, seed=seed)


def draw_figure(target, *, focus: str | None = None, hops: int = 1, timeline: bool = False, geo: bool = False,
                types=(), since: str | None = None, until: str | None = None, size: tuple[float, float] = (12, 9),
                dpi: int = 100, limit: int | None = None, seed: int = 7) -> Figure:
    """The matplotlib Figure that :func:`draw` saves (for notebooks).

    ``target`` is an open :class:`~kg.graph.store.KGStore`, a store or output folder, or an RDF file.
    Node and edge labels are the figure's text artists (gid ``node-label``, ``edge-label``).

    Examples
    --------
    >>> from kg.graph.store import KGStore
    >>> draw_figure(KGStore(None))
    Traceback (most recent call last):
    kg.errors.DrawError: [E401] nothing to draw: no events between entities (or none match the filters)
    """
    from kg.graph.target import open_target

    with open_target(target) as store:
        sel = _selection(store, focus=focus, hops=hops, timeline=timeline, geo=geo, types=types, since=since,
                         until=until, size=size, limit=limit, seed=seed)
    if not sel.nodes or ((timeline or geo) and not sel.events):
        raise KGError("E401", detail="no events between entities (or none match the filters)")
    for node in sel.nodes.values():  # names in scripts the font lacks: transliterated, never boxes
        node.label = drawable(node.label)
    sel.source = drawable(sel.source)
    w, h = size
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    with rc_context({"font.family": FONT_FAMILY, "svg.hashsalt": "kg", "hatch.linewidth": 0.6}):
        if geo:
            draw_map(fig, sel)
        elif timeline:
            fig._kg_base_height = 5
            draw_timeline(fig, sel, max_rows=40 if limit is None else limit,
                          since=parse_date_bound(since, end=False), until=parse_date_bound(until, end=True))
        else:
            draw_overview(fig, sel, seed=seed)
    return fig


def draw(target, out: str | Path, *, focus: str | None = None, hops: int = 1, timeline: bool = False,
         geo: bool = False, types=(), since: str | None = None, until: str | None = None, fmt: str | None = None,
         size: tuple[float, float] = (12, 9), dpi: int = 100, limit: int | None = None, seed: int = 7) -> Path:
    """Draw the graph at ``target`` to ``out`` (PNG, SVG, or an interactive HTML page); returns the path written.

    Parameters
    ----------
    target : KGStore or str or Path
        An open store, a store or output folder, or an RDF file.
    out : str or Path
        File to write; its suffix picks the format unless ``fmt`` is given.
    focus, hops : str, int
        Draw the neighbourhood of the entity with this name (label or alt label), ``hops`` events deep.
    timeline : bool
        Draw every event on a date axis instead of a network.
    geo : bool
        Draw a map: countries shaded by activity, arrows between them (``kg draw --map``).
    types, since, until : PLOVER categories, ``YYYY[-MM[-DD]]``
        Keep only these events (dated by the text, else by their report).
    fmt : ``"png"``, ``"svg"`` or ``"html"``
        ``html`` writes the interactive view (:mod:`kg.use.draw.interactive`), one self-contained file.
    size, dpi : inches (width, height) and dots per inch; a PNG is ``width*dpi × height*dpi`` pixels.
    limit : int, optional
        Overview: most entities to draw one by one (default: as many as fit, else groups); focus:
        most entities (default 150); timeline: most rows (default 40, the last holds the other pairs).
    seed : int
        Seed of the layout.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from kg.pipeline import run_build
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Russia invaded Ukraine in 2022. Putin met Trump in Alaska.")
    >>> store = run_build([folder]).store
    >>> path = draw(store, folder / "graph.png", size=(4, 3), dpi=50)
    >>> path.read_bytes()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    out = Path(out)
    kind = (fmt or out.suffix.lstrip(".") or "png").lower()
    if kind not in FORMATS:
        raise KGError("E404", exit_code=2, option="--format", value=kind, detail="use png, svg or html")
    named = out.suffix.lstrip(".").lower()
    if fmt and named in FORMATS and named != kind:  # (an SVG written under a .png name misleads every viewer)
        raise KGError("E404", exit_code=2, option="--format", value=fmt, detail=f"the output {out.name} says {out.suffix}")
    if timeline and geo:
        raise KGError("E406", exit_code=2, options="--timeline and --map", detail="draw one, then the other")
    first, last = parse_date_bound(since, end=False), parse_date_bound(until, end=True)
    if first and last and first > last:
        raise KGError("E404", exit_code=2, option="--until", value=until, detail=f"it is before --since {since}")
    if kind == "html":
        if timeline or geo:
            raise KGError("E406", exit_code=2, options=f"--format html and {'--timeline' if timeline else '--map'}",
                          detail="the interactive view is of the network")
        from kg.use.draw.interactive import write_html

        return write_html(target, out, focus=focus, hops=hops, types=types, since=since, until=until, seed=seed)
    fig = draw_figure(target, focus=focus, hops=hops, timeline=timeline, geo=geo, types=types, since=since,
                      until=until, size=size, dpi=dpi, limit=limit, seed=seed)
    metadata = {"Software": None} if kind == "png" else {"Date": None, "Creator": None}
    from matplotlib import rc_context

    from kg.graph.target import replacing

    with replacing(out) as tmp, rc_context({"svg.hashsalt": "kg", "hatch.linewidth": 0.6}):
        fig.savefig(tmp, format=kind, metadata=metadata, facecolor="white")
    return out
