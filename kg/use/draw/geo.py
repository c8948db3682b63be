"""The map (``kg draw --map``): countries shaded by how active they are, arrows between them coloured by PLOVER quad.

Every event stated as fact (asserted, reported) counts once (the mentions of one event instance,
one real event in several reports, count as one, as in the queries) for the countries of its entities: a
country for itself, a person, organisation or city for its ``kg:country`` (Trump for the
United States), so the map answers "which countries dealt with which". An event whose agent
and target are in one country shades it but draws no arrow; entities with no known country
are counted in the heading. Negated, hypothetical, future and question events are left out.

Country shapes are the GeoJSON outlines that the `countryinfo` package ships (173 countries,
Natural-Earth-like, about 1:110 million); the 83 small countries and territories it has no
outline for (Bahrain, Malta) are dots at its ``latlng``. Nothing is downloaded. Arrows run
between those ``latlng`` points (a country's centre, not its capital). The projection is
plate carrée (longitude and latitude as x and y) with the aspect of the mid latitude, cropped
to the active countries: a regional corpus gets a regional map.

Shades follow the number of events on a log scale (one Oranges colour bar); arrows are
aggregated per (agent country, target country, quad), wider with more events; the 60
strongest are drawn (the heading says of how many). Country names are written for the most
active countries while they do not overlap each other.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kg.use.draw.layout import boxes_overlap
from kg.use.draw.selection import one_per_instance
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

    from kg.use.draw.selection import Selection

MAX_ARROWS = 60
LAND = "#EEEEEE"


@dataclass(frozen=True)
class Country:
    """A country as the map knows it: ISO alpha-3 code, name, centre (lon, lat) and outline rings (lon, lat)."""

    code: str
    name: str
    centre: tuple[float, float]
    rings: tuple[tuple[tuple[float, float], ...], ...]


@cache
def countries() -> dict[str, Country]:
    """Every country countryinfo knows, by ISO 3166-1 alpha-3 code, with its outline where it ships one.

    Examples
    --------
    >>> c = countries()["IRN"]
    >>> c.name, c.centre, len(c.rings) > 0
    ('Iran', (53.0, 32.0), True)
    """
    import countryinfo

    out: dict[str, Country] = {}
    for info in countryinfo.all_countries():
        code = (info.iso() or {}).get("alpha3")
        latlng = info.latlng() or []
        if not code or len(latlng) != 2:
            continue
        try:
            geo = info.geo_json() or {}
        except Exception:  # noqa: BLE001 - countryinfo raises its own error for a country with no outline
            geo = {}
        rings = []
        for feature in geo.get("features", ()):
            geom = feature.get("geometry") or {}
            polys = [geom["coordinates"]] if geom.get("type") == "Polygon" else geom.get("coordinates", [])
            for poly in polys:
                rings.extend(tuple((float(x), float(y)) for x, y, *_ in ring) for ring in poly[:1])  # outer rings
        out[code] = Country(code, info.name() or code, (float(latlng[1]), float(latlng[0])), tuple(rings))
    return out


@dataclass
class _Flows:
    """Events by country: how active each is, the arrows, and what is not on the map."""

    activity: Counter
    arrows: Counter  # (agent code, target code, quad) -> events
    inside: int = 0  # events within one country
    no_country: int = 0  # events none of whose entities has a country on the map
    not_stated: int = 0
    stated: int = 0  # events stated as fact (each real event once)


def flows(sel: Selection) -> _Flows:
    """Count the stated events of ``sel`` by the countries of their entities.

    Examples
    --------
    >>> from kg.use.draw.selection import EventRow, Node, Selection
    >>> nodes = {"t": Node("t", "Trump", code="USA"), "i": Node("i", "Iran", code="IRN"), "x": Node("x", "X")}
    >>> evs = [EventRow("e1", "ASSAULT", ("t",), ("i",)), EventRow("e2", "AID", ("x",), ("i",), modality="negated")]
    >>> f = flows(Selection(nodes, evs, 3, 1, "s"))
    >>> dict(f.activity), dict(f.arrows), f.not_stated
    ({'IRN': 1, 'USA': 1}, {('USA', 'IRN', 'material conflict'): 1}, 1)
    """
    known = countries()
    code = {iri: n.code for iri, n in sel.nodes.items() if n.code in known}
    f = _Flows(Counter(), Counter())
    for ev in one_per_instance(sel.events):  # a real event once, however many articles report it
        if not ev.stated:
            f.not_stated += 1
            continue
        f.stated += 1
        every = {code[x] for x in ev.agents + ev.targets + ev.participants if x in code}
        if not every:
            f.no_country += 1
            continue
        for c in sorted(every):
            f.activity[c] += 1
        pairs = {(a, t) for a in {code[x] for x in ev.agents + ev.participants if x in code}
                 for t in {code[x] for x in ev.targets if x in code}}
        if pairs and all(a == t for a, t in pairs):
            f.inside += 1
        for a, t in sorted(pairs):
            if a != t:
                f.arrows[(a, t, quad(ev.category))] += 1
    return f


def draw_map(fig: Figure, sel: Selection) -> None:
    """Draw ``sel`` on a world map on ``fig``: shaded countries, arrows, names, legend, colour bar, heading."""
    f = flows(sel)
    known = countries()
    sk = scale(fig)
    H = fig.get_size_inches()[1] * fig.dpi
    top = 1 - 1.2 * sk * fig.dpi / H
    ax = fig.add_axes((0.01, 0.1, 0.98, top - 0.1))
    ax.set_axis_off()
    _extent(ax, [_bounds(known[c]) for c in f.activity])
    norm, cmap = _shade(ax, f.activity)
    arrows = sorted(f.arrows, key=lambda k: (-f.arrows[k], k))[:MAX_ARROWS]
    _draw_arrows(ax, f, arrows)
    _names(fig, ax, f.activity)
    _map_legend(fig, ax, f, arrows, norm, cmap)
    _map_heading(fig, sel, f, arrows)


def _bounds(c: Country) -> tuple[float, float, float, float]:
    """The box of a country's outline (lon0, lat0, lon1, lat1), no more than 35° of longitude and 20° of latitude
    from its centre (Russia, or France with its overseas parts, would pull the map around)."""
    x, y = c.centre
    xs = [p[0] for ring in c.rings for p in ring] or [x]
    ys = [p[1] for ring in c.rings for p in ring] or [y]
    return max(min(xs), x - 35), max(min(ys), y - 20), min(max(xs), x + 35), min(max(ys), y + 20)


def _extent(ax: Axes, boxes: list[tuple[float, float, float, float]]) -> None:
    """Crop to the active countries (padded, at least 60° wide), at the mid latitude's aspect, filling the axes."""
    boxes = boxes or [(-180.0, -60.0, 180.0, 85.0)]
    x0, x1 = max(-180.0, min(b[0] for b in boxes) - 6), min(180.0, max(b[2] for b in boxes) + 6)
    y0, y1 = max(-60.0, min(b[1] for b in boxes) - 5), min(85.0, max(b[3] for b in boxes) + 5)
    if x1 - x0 < 60:
        mid = (x0 + x1) / 2
        x0, x1 = mid - 30, mid + 30
    aspect = 1 / max(0.3, math.cos(math.radians((y0 + y1) / 2)))
    bbox = ax.get_window_extent()
    box_ratio = bbox.height / bbox.width  # height / width of the axes, in pixels
    w, h = x1 - x0, (y1 - y0) * aspect
    if h / w < box_ratio:  # too flat: show more latitude
        extra = (w * box_ratio / aspect - (y1 - y0)) / 2
        y0, y1 = y0 - extra, y1 + extra
    else:  # too tall: show more longitude
        extra = (h / box_ratio - w) / 2
        x0, x1 = x0 - extra, x1 + extra
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect, adjustable="datalim")


def _shade(ax: Axes, activity: Counter):
    """Every outline on the map, active countries shaded by their events (log scale); small countries as dots."""
    import matplotlib as mpl
    from matplotlib.collections import PolyCollection

    cmap = mpl.colormaps["Oranges"]
    most = max(activity.values(), default=1)
    norm = mpl.colors.LogNorm(vmin=1, vmax=max(2, most))
    polys, colours, dots = [], [], []
    for code in sorted(countries()):
        c = countries()[code]
        fill = cmap(0.15 + 0.85 * norm(activity[code])) if activity[code] else LAND
        if c.rings:
            polys.extend(c.rings)
            colours.extend([fill] * len(c.rings))
        elif activity[code]:
            dots.append((c.centre, fill))
    ax.add_collection(PolyCollection(polys, facecolors=colours, edgecolors="white", linewidths=0.4, zorder=1))
    for (x, y), fill in dots:
        ax.scatter([x], [y], s=30, color=fill, edgecolors=GREY, linewidths=0.5, zorder=2)
    return norm, cmap


def _draw_arrows(ax: Axes, f: _Flows, arrows: list[tuple[str, str, str]]) -> None:
    """One curved arrow per (agent country, target country, quad), wider with more events."""
    from matplotlib.patches import FancyArrowPatch

    known = countries()
    most = max((f.arrows[k] for k in arrows), default=1)
    per_pair = Counter()
    for a, t, q in arrows:
        per_pair[frozenset((a, t))] += 1
        k = per_pair[frozenset((a, t))]
        rad = 0.18 + 0.12 * (k - 1)
        n = f.arrows[(a, t, q)]
        arrow = FancyArrowPatch(known[a].centre, known[t].centre, connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>",
                                mutation_scale=8 + 3 * math.log1p(n), color=QUAD_COLOURS[q], alpha=0.8,
                                lw=0.8 + 3.2 * math.sqrt(n / most), shrinkA=3, shrinkB=3, zorder=3, gid="map-arrow")
        ax.add_artist(arrow)


def _names(fig: Figure, ax: Axes, activity: Counter) -> int:
    """Names (with counts) of the most active countries at their centres, while they do not overlap; returns those left out."""
    import matplotlib.patheffects as pe

    renderer = fig.canvas.get_renderer()
    sk = scale(fig)
    placed: list[tuple] = []
    left_out = 0
    for code in sorted(activity, key=lambda c: (-activity[c], c)):
        c = countries()[code]
        x, y = c.centre
        if not (ax.get_xlim()[0] <= x <= ax.get_xlim()[1] and ax.get_ylim()[0] <= y <= ax.get_ylim()[1]):
            continue
        t = ax.text(x, y, f"{c.name} {fmt_int(activity[code])}", fontsize=8 * sk, ha="center", va="center", color=INK,
                    zorder=5, gid="country-label", path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])
        e = t.get_window_extent(renderer)
        box = (e.x0, e.y0, e.x1, e.y1)
        if any(boxes_overlap(box, b, 2.0) for b in placed):
            t.remove()
            left_out += 1
        else:
            placed.append(box)
    return left_out


def _map_legend(fig: Figure, ax: Axes, f: _Flows, arrows, norm, cmap) -> None:
    """Quad colours of the arrows (bottom left) and the colour bar of events per country (bottom right)."""
    import matplotlib as mpl
    from matplotlib.lines import Line2D

    sk = scale(fig)
    quads = [q for q in QUAD_COLOURS if any(k[2] == q for k in arrows)]
    if quads:
        handles = [Line2D([], [], color=QUAD_COLOURS[q], lw=2.2 * sk, label=q) for q in quads]
        leg = fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, 0.01), ncols=len(handles),
                         frameon=False, fontsize=8.5 * sk, title="Arrows: agent's country → target's country",
                         title_fontsize=8.5 * sk, alignment="left")
        leg.set_gid("legend-events")
    cax = fig.add_axes((0.68, 0.045, 0.28, 0.018))
    bar = fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=_bar_cmap(cmap)), cax=cax, orientation="horizontal")
    bar.set_label("events per country (people and bodies with their country)", fontsize=8 * sk, color=GREY)
    bar.ax.tick_params(labelsize=8 * sk, colors=GREY)
    bar.outline.set_visible(False)
    bar.ax.xaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: fmt_int(int(round(v)))))


def _bar_cmap(cmap):
    """The part of ``cmap`` the countries are shaded with (0.15..1)."""
    from matplotlib.colors import ListedColormap

    return ListedColormap([cmap(0.15 + 0.85 * i / 255) for i in range(256)])


def _map_heading(fig: Figure, sel: Selection, f: _Flows, arrows) -> None:
    """Title and subtitle: how many events between how many countries, and what is not on the map."""
    sub = [source_text(sel.source, sel.documents),
           f"{plural(f.stated - f.no_country, 'event')} among {fmt_int(len(f.activity))} countries"]
    if len(f.arrows) > len(arrows):
        sub.append(f"the {fmt_int(len(arrows))} strongest of {fmt_int(len(f.arrows))} arrows")
    if f.inside:
        sub.append(f"{fmt_int(f.inside)} within one country")
    if f.no_country:
        sub.append(f"{fmt_int(f.no_country)} with no country known")
    if f.not_stated:
        sub.append(f"{fmt_int(f.not_stated)} not stated as fact, left out")
    sub += sel.filters
    heading(fig, "Where the events are: countries and who acted towards whom", " · ".join(sub))
