"""The look shared by every view: colours of entity types and PLOVER quads, ink, type sizes, headings.

Entity types are coloured by name (:data:`TYPE_COLOURS`); types kg adds later get spare
colours by name too, so a type keeps its colour from picture to picture. Events are coloured
by their PLOVER quad category (:data:`QUAD_CATEGORY`, :data:`QUAD_COLOURS`). Type and marks
are sized for a 12 x 9 inch picture (12 x 5 for a timeline) and shrink with a smaller one
(:func:`scale`).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from kg.graph.vocab import ENTITY_CLASSES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TYPE_COLOURS = {
    "Person": "#4C72B0", "Country": "#DD8452", "Organization": "#55A868", "City": "#C44E52",
    "Place": "#8172B3", "Event": "#937860", "Product": "#DA8BC3", "Group": "#8C8C8C", "Other": "#BBBBBB",
}

#: PLOVER category -> quad category (as in the PLOVER 0.8 manual's category sections).
QUAD_CATEGORY = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), "verbal conflict"),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), "material conflict"),
}
QUAD_COLOURS = {
    "verbal cooperation": "#4393C3", "material cooperation": "#053061",
    "verbal conflict": "#F4A582", "material conflict": "#B2182B",
}

#: class IRI -> the entity type a node of that class is drawn as.
CLASS_TYPE = {str(cls): name for name, (cls, _) in ENTITY_CLASSES.items()}
EXTRA_COLOURS = ("#64B5CD", "#CCB974", "#8EBA42", "#E17C05", "#5D69B1", "#99C945")

INK = "#222222"
GREY = "#666666"


def type_colour(type_: str) -> str:
    """The colour of an entity type (types kg adds later get spare colours, by name).

    Examples
    --------
    >>> type_colour("Person"), type_colour("Collective"), type_colour("Alien")
    ('#4C72B0', '#64B5CD', '#BBBBBB')
    """
    if type_ in TYPE_COLOURS:
        return TYPE_COLOURS[type_]
    extra = sorted(set(CLASS_TYPE.values()) - set(TYPE_COLOURS))
    return EXTRA_COLOURS[extra.index(type_) % len(EXTRA_COLOURS)] if type_ in extra else TYPE_COLOURS["Other"]


def type_order(type_: str) -> tuple:
    """Sort key of entity types in a legend: the coloured types in their order, then the others by name."""
    known = list(TYPE_COLOURS)
    return (known.index(type_), "") if type_ in known else (len(known), type_)


def quad(category: str) -> str:
    """The PLOVER quad category of an event category (unknown ones count as verbal cooperation).

    Examples
    --------
    >>> quad("ASSAULT"), QUAD_COLOURS[quad("CONSULT")]
    ('material conflict', '#4393C3')
    """
    return QUAD_CATEGORY.get(category, "verbal cooperation")


def fmt_int(n: int) -> str:
    """A count with thousands separators."""
    return f"{n:,}"


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, with an s unless ``n`` is 1.

    Examples
    --------
    >>> plural(1, "hop"), plural(12345, "event")
    ('1 hop', '12,345 events')
    """
    return f"{fmt_int(n)} {word}{'' if n == 1 else 's'}"


def short_date(values: list[str]) -> str:
    """The dates of an edge's events, for its label: the first three, with counts, and how many more.

    Examples
    --------
    >>> short_date(["2025-06-17", "2025-06-14", "2025-06-14"])
    '2025-06-14 ×2, 2025-06-17'
    """
    c = Counter(values)
    parts = [f"{d} ×{c[d]}" if c[d] > 1 else d for d in sorted(c)]
    return ", ".join(parts[:3]) + (f" +{len(parts) - 3}" if len(parts) > 3 else "")


def node_radius_pt(events: int, max_events: int) -> float:
    """The radius (points, before :func:`scale`) of an entity's dot: by the square root of its share of events.

    Examples
    --------
    >>> node_radius_pt(0, 10), node_radius_pt(10, 10)
    (5.0, 18.0)
    """
    share = math.sqrt(events / max(1, max_events))
    return 5.0 + 13.0 * share


def scale(fig: Figure) -> float:
    """How much to shrink type and marks on a picture smaller than 12 x 9 inches (12 x 5 for a timeline)."""
    w, h = fig.get_size_inches()
    return max(0.55, min(1.0, w / 12, h / getattr(fig, "_kg_base_height", 9)))


def heading(fig: Figure, title: str, subtitle: str) -> None:
    """The title and subtitle at the top left (text artists with gid ``title`` and ``subtitle``)."""
    h = fig.get_size_inches()[1] * 72  # points
    k = scale(fig)
    fig.text(0.012, 1 - 10 * k / h, title, ha="left", va="top", fontsize=15 * k, fontweight="bold", color=INK,
             gid="title")
    fig.text(0.012, 1 - 34 * k / h, subtitle, ha="left", va="top", fontsize=10 * k, color=GREY, gid="subtitle",
             wrap=True)


def source_text(source: str, documents: int) -> str:
    """Where a picture comes from: the store and how many documents it holds.

    Examples
    --------
    >>> source_text("out/store", 1)
    'out/store · 1 document'
    """
    return f"{source} · {plural(documents, 'document')}"
