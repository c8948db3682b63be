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
    day dates are dots, month and year dates are spans; undated events are listed below.

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
from kg.use.draw.overview import draw_overview
from kg.use.draw.selection import event_graph, find_entity, parse_date_bound, select
from kg.use.draw.style import QUAD_CATEGORY, QUAD_COLOURS, TYPE_COLOURS
from kg.use.draw.timeline import draw_timeline

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# matplotlib, networkx and numpy are imported by the functions that use them, not with the
# package: `import kg` (every kg command) stays fast, and importing kg does not change a
# notebook's matplotlib backend; kg renders through its own Agg canvas.

__all__ = ["draw", "draw_figure", "select", "find_entity", "event_graph", "parse_size", "parse_date_bound",
           "TYPE_COLOURS", "QUAD_CATEGORY", "QUAD_COLOURS", "FORMATS"]

FORMATS = ("png", "svg")


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


def draw_figure(target, *, focus: str | None = None, hops: int = 1, timeline: bool = False, types=(),
                since: str | None = None, until: str | None = None, size: tuple[float, float] = (12, 9),
                dpi: int = 100, limit: int = 150, seed: int = 7) -> Figure:
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
        sel = select(store, focus=focus, hops=hops, types=types, since=since, until=until, limit=limit)
    if not sel.nodes or (timeline and not sel.events):
        raise KGError("E401", detail="no events between entities (or none match the filters)")
    w, h = size
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(w, h), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    with rc_context({"font.family": "DejaVu Sans", "svg.hashsalt": "kg", "hatch.linewidth": 0.6}):
        if timeline:
            fig._kg_base_height = 5
            draw_timeline(fig, sel)
        else:
            draw_overview(fig, sel, seed=seed)
    return fig


def draw(target, out: str | Path, *, focus: str | None = None, hops: int = 1, timeline: bool = False, types=(),
         since: str | None = None, until: str | None = None, fmt: str | None = None,
         size: tuple[float, float] = (12, 9), dpi: int = 100, limit: int = 150, seed: int = 7) -> Path:
    """Draw the graph at ``target`` to ``out`` (PNG or SVG); returns the path written.

    Parameters
    ----------
    target : KGStore or str or Path
        An open store, a store or output folder, or an RDF file.
    out : str or Path
        File to write; its suffix picks the format unless ``fmt`` is given.
    focus, hops : str, int
        Draw the neighbourhood of the entity with this name (label or alt label), ``hops`` events deep.
    timeline : bool
        Draw events on a date axis instead of a network.
    types, since, until : PLOVER categories, ``YYYY[-MM[-DD]]``
        Keep only these events.
    fmt : ``"png"`` or ``"svg"``
    size, dpi : inches (width, height) and dots per inch; a PNG is ``width*dpi × height*dpi`` pixels.
    limit : int
        Most entities to draw; above it the most active are drawn and the picture says so.
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
        raise KGError("E404", exit_code=2, option="--format", value=kind, detail="use png or svg")
    fig = draw_figure(target, focus=focus, hops=hops, timeline=timeline, types=types, since=since, until=until,
                      size=size, dpi=dpi, limit=limit, seed=seed)
    metadata = {"Software": None} if kind == "png" else {"Date": None, "Creator": None}
    from matplotlib import rc_context

    from kg.graph.target import replacing

    with replacing(out) as tmp, rc_context({"svg.hashsalt": "kg", "hatch.linewidth": 0.6}):
        fig.savefig(tmp, format=kind, metadata=metadata, facecolor="white")
    return out
