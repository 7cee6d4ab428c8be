"""Maps of England's authorities coloured by grade, at any date, drawn with matplotlib.

:func:`map_figure` colours each authority that existed on a date by the grade of its latest
inspection for one judgement area, exactly as :func:`~ofsted_ratings.grade_counts.counts`
counts it (the same date, area, group and convention), and its legend gives the count of
each grade. Two styles: ``"geographic"``, the authorities' boundaries, and ``"hex"``, one
hexagon per authority, where London's boroughs are as large as the shires. The grade
colours are the charts' (:data:`~ofsted_ratings.exports.charts.GRADE_COLOURS`, from the
Okabe-Ito palette, distinct under the common forms of colour blindness); an authority not
yet inspected is light grey, one whose latest inspection gave no grade for the area is
white with grey hatching.

>>> import tempfile, pathlib
>>> from ofsted_ratings import load
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> plot_map(load(), out / "england.png", as_of="2025-03-31").stat().st_size > 20_000
True
>>> figure = map_figure(load(), as_of="2025-03-31", style="hex")
>>> [text.get_text() for text in figure.axes[0].get_legend().get_texts()][:2]
['Outstanding (33)', 'Good (67)']
>>> try:
...     plot_map(load(), "england.gif")
... except UnsupportedFormatError as error:
...     print(error)
cannot write a map to 'england.gif': '.gif' is not one of .png, .svg, .pdf

Maps of the past
----------------
A map shows the authorities of its date (:meth:`~ofsted_ratings.dataset.Dataset.authorities_on`).
The shapes shipped are today's authorities', plus those of abolished authorities whose area is
exactly their successors' (Cumbria, Northamptonshire); where an authority of the date has no
shape of its own, its area is drawn from its successors', found through the data's
``predecessors`` and ``successors``:

* a successor's area that one authority of the date alone preceded is that authority's (in
  the hex style, Cumbria before April 2023 is the two hexagons of Cumberland and Westmorland
  and Furness, one colour, outlined as one);
* a successor's area that several authorities of the date preceded cannot be split between
  them. Before April 2019 Bournemouth, Poole and part of Dorset County Council (Christchurch)
  made up what is now Bournemouth, Christchurch and Poole: the geographic map draws that
  area once, in their colour if they share one and cross-hatched if not, and says so under
  the map with each one's grade; the rest of Dorset County Council is drawn as today's
  Dorset. The hex style has a hexagon for each of the three, placed by hand (see
  ``tools/build_shapes.py``).

Every authority is counted once in the legend, whatever its shape.

:func:`map_series` draws a grid of small maps, one per date, into one image. Needs
matplotlib: ``pip install 'ofsted-ratings[charts]'``. The shapes are derived from ONS
boundaries and Open Innovations' hexagon layout; their licences are in the package's
``_geo/NOTICE``, and each map carries the attribution.
"""

from __future__ import annotations

import functools
import json
import math
import os
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from .._util.dates import optional_date
from ..errors import OfstedRatingsError, UnsupportedFormatError
from ..grade_counts import Convention, Counts, CountStatus, LatestGrade, counts
from ..grades import Grade
from .charts import (
    _ATTRIBUTION,
    _GREY,
    CHART_SUFFIXES,
    GRADE_COLOURS,
    _no_grade_label,
    _require_matplotlib,
    _save,
    area_name,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..dataset import Dataset
    from ..groups import Group
    from ..models import LocalAuthority

__all__ = [
    "MAP_STYLES",
    "MapOptions",
    "MapStyle",
    "map_figure",
    "map_series",
    "plot_map",
    "series_figure",
]

#: The styles of map: ``"geographic"`` (boundaries) and ``"hex"`` (a hexagon each).
MapStyle = Literal["geographic", "hex"]
MAP_STYLES: tuple[MapStyle, ...] = ("geographic", "hex")

_MIXED = "Shared area, grades differ"
#: The fill of an authority not yet inspected at the date.
NOT_INSPECTED_COLOUR = "#D9D9D9"
#: Outside the group mapped, or before the authority of the area existed.
_CONTEXT = "#F4F4F4"
_EDGE = "white"
_HEX_RADIUS = 1 / math.sqrt(3)  # a hexagon one unit across its flats


def _as_of(value: date | str | None) -> date | None:
    return optional_date(value, "as_of")


@attrs.frozen(kw_only=True)
class MapOptions:
    """What a map shows; :func:`map_figure`, :func:`plot_map` and :func:`map_series` take the
    same names as keywords.

    ``as_of``
        the date (a :class:`~datetime.date` or ``YYYY-MM-DD``); default: the dataset's
        release date.
    ``area``
        the judgement area coloured (a key of :data:`~ofsted_ratings.frameworks.AREA_KEYS`),
        default ``"overall_effectiveness"``.
    ``group``
        a group to map (a region, ``"core-cities"``, ...); the map zooms to it and draws the
        authorities outside it in light grey. Default: England.
    ``style``
        ``"geographic"`` or ``"hex"``.
    ``convention``
        ``"published"`` or ``"ofsted"``, as for :func:`~ofsted_ratings.grade_counts.counts`.
    ``published_by``
        the publication cut-off of Ofsted's convention, as for ``counts``.
    ``labels``
        whether to write each authority's (shortened) name on the map.
    """

    as_of: date | None = attrs.field(default=None, converter=_as_of)
    area: str = "overall_effectiveness"
    group: Group | str | None = None
    style: MapStyle = "geographic"
    convention: Convention | str = Convention.PUBLISHED
    published_by: date | str | None = None
    labels: bool = False

    def __attrs_post_init__(self) -> None:
        if self.style not in MAP_STYLES:
            raise OfstedRatingsError(
                f"unknown map style {self.style!r}; known: {', '.join(MAP_STYLES)}"
            )


# -- the shipped shapes -----------------------------------------------------------------------

Ring = tuple[tuple[float, float], ...]


@attrs.frozen
class _Shape:
    """One authority's polygons (each its outer ring, then its holes) and a label point."""

    polygons: tuple[tuple[Ring, ...], ...]
    label: tuple[float, float]


def _read(name: str) -> dict[str, object]:
    text = (resources.files("ofsted_ratings") / "_geo" / name).read_text(encoding="utf-8")
    found: dict[str, object] = json.loads(text)
    return found


def _ring(flat: Sequence[int]) -> Ring:
    """A ring stored as its first point then steps, in 1/1000 degree, as degrees."""
    x, y = flat[0], flat[1]
    points = [(x / 1000, y / 1000)]
    for n in range(2, len(flat), 2):
        x += flat[n]
        y += flat[n + 1]
        points.append((x / 1000, y / 1000))
    return tuple(points)


@functools.cache
def shapes() -> Mapping[str, _Shape]:
    """The shipped shapes, by ONS code (current authorities, Cumbria and Northamptonshire).

    >>> len(shapes()) >= 153, shapes()["E08000035"].label
    (True, (-1.5..., 53.8...))
    """
    raw = _read("shapes.json")["shapes"]
    assert isinstance(raw, dict)
    return {
        code: _Shape(
            polygons=tuple(tuple(_ring(r) for r in polygon) for polygon in item["polygons"]),
            label=(item["label"][0] / 1000, item["label"][1] / 1000),
        )
        for code, item in raw.items()
    }


@functools.cache
def hexes() -> Mapping[str, tuple[int, int]]:
    """The hexagons' ``(q, r)`` cells in an ``odd-r`` grid: current authorities' by ONS
    code, those placed by hand for authorities abolished in 2019 by ``la:<DfE LA code>``.

    >>> hexes()["E08000035"], hexes()["la:836"]
    ((11, 12), (4, 1))
    """
    raw = _read("hexes.json")
    found: dict[str, tuple[int, int]] = {}
    for prefix, key in (("", "hexes"), ("la:", "former")):
        items = raw[key]
        assert isinstance(items, dict)
        for code, item in items.items():
            found[prefix + code] = (item["q"], item["r"])
    return found


def _attribution(style: MapStyle) -> str:
    item = _read("hexes.json" if style == "hex" else "shapes.json")["attribution"]
    return str(item)


# -- which area is whose ------------------------------------------------------------------------


@attrs.frozen
class _Place:
    """Cells (shape or hexagon keys) drawn for ``authorities``: one authority, or several
    whose boundaries there cannot be separated."""

    authorities: tuple[LocalAuthority, ...]
    cells: tuple[str, ...]


def _own_cell(authority: LocalAuthority, style: MapStyle) -> str | None:
    """The authority's own shape or hexagon, if it has one."""
    known: Mapping[str, object] = shapes() if style == "geographic" else hexes()
    for code in (authority.ons_code, *authority.former_ons_codes):
        if code is not None and code in known:
            return code
    if style == "hex" and f"la:{authority.la_code}" in known:
        return f"la:{authority.la_code}"
    return None


def _ancestors_on(dataset: Dataset, authority: LocalAuthority, day: date) -> set[str]:
    """The keys of the authorities of ``day`` that ``authority`` descends from."""
    found: set[str] = set()
    todo = list(dataset.predecessors(authority))
    while todo:
        before = todo.pop()
        if before.existed_on(day):
            found.add(before.key)
        else:
            todo.extend(dataset.predecessors(before))
    return found


@attrs.frozen
class _Plan:
    """Where each authority of a date is drawn in one style.

    ``places`` holds each authority with a shape or hexagon of its own and each area of
    today's map that authorities of the date without one of their own make up; ``empty``
    the cells of no authority of the date (one created later from none in the data);
    ``partial`` the keys of authorities drawn in more than one place.
    """

    style: MapStyle
    places: tuple[_Place, ...]
    empty: tuple[str, ...]
    partial: frozenset[str]


def _plan(dataset: Dataset, day: date, style: MapStyle) -> _Plan:
    existing = dataset.authorities_on(day)
    by_key = {a.key: a for a in existing}
    places = []
    for authority in existing:
        cell = _own_cell(authority, style)
        if cell is not None:
            places.append(_Place((authority,), (cell,)))
    shared: dict[tuple[str, ...], list[str]] = {}
    empty = []
    for authority in dataset.current_authorities:
        cell = _own_cell(authority, style)
        if cell is None or authority.existed_on(day):
            continue
        ancestors = _ancestors_on(dataset, authority, day)
        owners = tuple(sorted(k for k in ancestors if _own_cell(by_key[k], style) is None))
        if owners:
            shared.setdefault(owners, []).append(cell)
        elif not ancestors:
            empty.append(cell)
    for owners, cells in shared.items():
        named = sorted((by_key[k] for k in owners), key=lambda a: a.name)
        places.append(_Place(tuple(named), tuple(cells)))
    seen: dict[str, int] = {}
    for place in places:
        for authority in place.authorities:
            seen[authority.key] = seen.get(authority.key, 0) + 1
    return _Plan(
        style=style,
        places=tuple(places),
        empty=tuple(empty),
        partial=frozenset(k for k, n in seen.items() if n > 1),
    )


# -- drawing -----------------------------------------------------------------------------------


@attrs.frozen
class _Fill:
    colour: str
    hatch: str | None
    label: str


def _fill(entries: Sequence[LatestGrade], area: str) -> _Fill:
    """The fill of an area: its authorities' outcome, cross-hatched if they differ."""
    outcomes = {(e.status, e.grade) for e in entries}
    if len(outcomes) > 1:
        return _Fill("white", "xxxx", _MIXED)
    status, grade = outcomes.pop()
    if grade is not None:
        return _Fill(GRADE_COLOURS[grade], None, grade.value.capitalize())
    if status is CountStatus.NOT_INSPECTED:
        return _Fill(NOT_INSPECTED_COLOUR, None, "Not yet inspected")
    return _Fill("white", "////", _no_grade_label(area))


def _outcome(entry: LatestGrade) -> str:
    return entry.status.value if entry.grade is None else entry.grade.value


def _hex_corners(cell: tuple[int, int]) -> list[tuple[float, float]]:
    q, r = cell
    x, y = q + (0.5 if r % 2 else 0.0), r * math.sqrt(3) / 2
    return [
        (
            round(x + _HEX_RADIUS * math.cos(math.radians(30 + 60 * k)), 6),
            round(y + _HEX_RADIUS * math.sin(math.radians(30 + 60 * k)), 6),
        )
        for k in range(6)
    ]


def _hex_outline(cells: Iterable[tuple[int, int]]) -> list[list[tuple[float, float]]]:
    """The edges around a set of hexagons: those not shared by two of them."""
    edges: dict[frozenset[tuple[float, float]], list[tuple[float, float]]] = {}
    seen: dict[frozenset[tuple[float, float]], int] = {}
    for cell in cells:
        corners = _hex_corners(cell)
        for k in range(6):
            edge = [corners[k], corners[(k + 1) % 6]]
            key = frozenset(edge)
            edges[key] = edge
            seen[key] = seen.get(key, 0) + 1
    return [edge for key, edge in edges.items() if seen[key] == 1]


def _cell_paths(cell: str, style: MapStyle) -> list[list[Ring]]:
    if style == "hex":
        corners = _hex_corners(hexes()[cell])
        return [[(*corners, corners[0])]]
    return [list(polygon) for polygon in shapes()[cell].polygons]


def _label_point(cells: Sequence[str], style: MapStyle) -> tuple[float, float]:
    if style == "hex":
        points = [_hex_corners(hexes()[c]) for c in cells]
        xs = [x for corners in points for x, _ in corners]
        ys = [y for corners in points for _, y in corners]
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return shapes()[cells[0]].label


_WORDS = {"and": "&", "upon": "u.", "North": "N.", "South": "S.", "East": "E.", "West": "W."}


def short_label(name: str) -> str:
    """An authority's name, shortened to fit a small map, on up to two lines.

    >>> short_label("Bournemouth, Christchurch & Poole")
    'Bournemouth,\\nChristchurch…'
    >>> short_label("Kingston upon Thames"), short_label("Leeds")
    ('Kingston u.\\nThames', 'Leeds')
    """
    words = [_WORDS.get(word, word) for word in name.split()]
    if len(words) > 1 and words[0].endswith("."):
        words[0:2] = [words[0] + words[1]]
    lines = textwrap.wrap(" ".join(words), 12, break_long_words=False)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def _draw_places(
    axes: Axes,
    plan: _Plan,
    result: Counts,
    *,
    labels: bool,
    linewidth: float,
) -> tuple[set[str], list[str]]:
    """Draw every place; return the fills' legend labels used and the notes on shared areas."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    style = plan.style
    entries = {e.authority.key: e for e in result.entries}
    used: set[str] = set()
    notes = []
    drawn: list[tuple[_Place, _Fill | None]] = [(_Place((), (c,)), None) for c in plan.empty]
    for place in plan.places:
        inside = [entries[a.key] for a in place.authorities if a.key in entries]
        drawn.append((place, _fill(inside, result.area) if inside else None))
        if fill := drawn[-1][1]:
            used.add(fill.label)
        if len(place.authorities) > 1 and inside:
            notes.append(_shared_note(place, plan, inside))
    for place, fill in drawn:
        keys = "+".join(a.key for a in place.authorities)
        kind = "authority" if len(place.authorities) == 1 else "shared"
        path = MplPath.make_compound_path(
            *(
                MplPath(ring, closed=True)
                for cell in place.cells
                for polygon in _cell_paths(cell, style)
                for ring in polygon
            )
        )
        hatched = fill is not None and fill.hatch is not None
        # The hatching takes the patch's edge colour; the borders are drawn apart.
        axes.add_patch(
            PathPatch(
                path,
                facecolor=_CONTEXT if fill is None else fill.colour,
                hatch=None if fill is None else fill.hatch,
                edgecolor=_GREY if hatched else "none",
                linewidth=0,
                gid=f"{kind}:{keys}" if place.authorities else "empty",
            )
        )
        multiple = len(place.cells) > 1 and style == "hex"
        if style == "hex":
            axes.add_collection(
                LineCollection(
                    _hex_outline(hexes()[c] for c in place.cells),
                    colors="#333333" if multiple else _EDGE,
                    linewidths=linewidth * (2.0 if multiple else 1.5),
                    zorder=3 if multiple else 2,
                )
            )
        else:
            axes.add_patch(
                PathPatch(path, fill=False, edgecolor=_EDGE, linewidth=linewidth, zorder=2)
            )
        if labels and fill is not None:
            x, y = _label_point(place.cells, style)
            axes.text(
                x,
                y,
                "\n".join(short_label(a.name) for a in place.authorities),
                ha="center",
                va="center",
                fontsize=3.0 if style == "hex" else 3.6,
                color="#222222",
                zorder=4,
                gid=f"label:{keys}",
            )
    return used, notes


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _part(authority: LocalAuthority, plan: _Plan) -> str:
    """The authority's name, as "part of" it if it is drawn in more than one place."""
    return ("part of " if authority.key in plan.partial else "") + authority.name


def _shared_note(place: _Place, plan: _Plan, inside: Sequence[LatestGrade]) -> str:
    """The words under a map for an area several authorities of the date shared."""
    names = _names([_part(a, plan) for a in place.authorities])
    grades = "; ".join(f"{e.authority.name}: {_outcome(e)}" for e in inside)
    return (
        f"{names} share one area on this map, which the shapes cannot split between them "
        f"({grades}); it is cross-hatched where their grades differ."
    )


# -- figures -----------------------------------------------------------------------------------

_LAT = math.radians(53.0)  # England's middle: the map's scale is true along it


def _day(dataset: Dataset, as_of: date | None) -> date:
    day = as_of or dataset.release
    if day is None:
        raise OfstedRatingsError("a map needs as_of: this dataset has no release date")
    return day


def _counts(dataset: Dataset, day: date, options: MapOptions) -> Counts:
    return counts(
        dataset,
        as_of=day,
        area=options.area,
        group=options.group,
        convention=options.convention,
        published_by=options.published_by,
    )


def _frame(axes: Axes, plan: _Plan, result: Counts) -> None:
    """Fit the axes to the authorities counted (all England, or the group), in proportion."""
    inside = {e.authority.key for e in result.entries}
    points = [
        point
        for place in plan.places
        if any(a.key in inside for a in place.authorities)
        for cell in place.cells
        for polygon in _cell_paths(cell, plan.style)
        for point in polygon[0]
    ]
    if not points:
        axes.set_axis_off()
        return
    xs, ys = [x for x, _ in points], [y for _, y in points]
    pad = 0.03 * max(max(xs) - min(xs), max(ys) - min(ys)) + 0.3
    axes.set_xlim(min(xs) - pad, max(xs) + pad)
    axes.set_ylim(min(ys) - pad, max(ys) + pad)
    axes.set_aspect(1 / math.cos(_LAT) if plan.style == "geographic" else 1.0)
    axes.set_axis_off()


def _handles(result: Counts, used: set[str], *, with_counts: bool) -> list[Artist]:
    """Legend entries: each grade (best first), then the other outcomes drawn or counted."""
    from matplotlib.patches import Patch

    whole = result.whole
    entries: list[tuple[_Fill, int | None]] = [
        (_Fill(GRADE_COLOURS[g], None, g.value.capitalize()), whole.count(g))
        for g in sorted(Grade, reverse=True)
    ]
    others = [
        (_Fill(NOT_INSPECTED_COLOUR, None, "Not yet inspected"), whole.not_inspected),
        (_Fill("white", "////", _no_grade_label(result.area)), whole.not_graded),
    ]
    entries += [(fill, n) for fill, n in others if n or fill.label in used]
    for label in sorted(used - {fill.label for fill, _ in entries}):
        entries.append((_Fill("white", "xxxx", label), None))
    return [
        Patch(
            facecolor=fill.colour,
            hatch=fill.hatch,
            edgecolor=_GREY,
            linewidth=0.6,
            label=fill.label if n is None or not with_counts else f"{fill.label} ({n})",
        )
        for fill, n in entries
    ]


def _subtitle(result: Counts, style: MapStyle) -> str:
    if result.convention is Convention.OFSTED:
        rule = f"inspected by {result.as_of}, published by {result.published_by}"
    else:
        rule = f"published by {result.as_of}"
    shape = "one hexagon per authority" if style == "hex" else "boundaries"
    return (
        f"{result.whole.total} authorities as they were on {result.as_of} · latest "
        f"inspection {rule} · {shape}"
    )


def _footer(style: MapStyle) -> str:
    return f"{_ATTRIBUTION}\n{_attribution(style)}"


def map_figure(
    dataset: Dataset,
    *,
    as_of: date | str | None = None,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    style: MapStyle = "geographic",
    convention: Convention | str = Convention.PUBLISHED,
    published_by: date | str | None = None,
    labels: bool = False,
) -> Figure:
    """A map of the authorities of ``as_of`` coloured by grade, as a figure (see
    :class:`MapOptions` for the keywords and :func:`plot_map`).

    >>> from ofsted_ratings import load

    Each authority's patch has the ``gid`` ``authority:<key>``; an area several authorities
    of the date share, ``shared:<key>+<key>...``:

    >>> figure = map_figure(load(), as_of="2022-12-31", style="hex")
    >>> cumbria = load().authority("Cumbria").key
    >>> any(p.get_gid() == f"authority:{cumbria}" for p in figure.axes[0].patches)
    True
    """
    options = MapOptions(
        as_of=as_of,
        area=area,
        group=group,
        style=style,
        convention=convention,
        published_by=published_by,
        labels=labels,
    )
    return _figure(dataset, options)


def _figure(dataset: Dataset, options: MapOptions) -> Figure:
    _require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    day = _day(dataset, options.as_of)
    result = _counts(dataset, day, options)
    plan = _plan(dataset, day, options.style)
    width, height = 7.5, 8.8
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    # England's map leaves room for the legend over the sea; a group's gets a column of its own.
    whole = options.group is None
    axes = figure.add_axes((0.02, 0.11, 0.96 if whole else 0.62, 0.78))
    used, notes = _draw_places(axes, plan, result, labels=options.labels, linewidth=0.4)
    _frame(axes, plan, result)
    name = result.whole.name
    figure.text(
        0.02,
        1 - 0.12 / height,
        f"{name}: {area_name(result.area).lower()} on {result.as_of}",
        ha="left",
        va="top",
        fontsize=13,
        fontweight="bold",
    )
    figure.text(
        0.02,
        1 - 0.45 / height,
        _subtitle(result, options.style),
        ha="left",
        va="top",
        fontsize=8.5,
        color="#444444",
    )
    axes.legend(
        handles=_handles(result, used, with_counts=True),
        # Over the sea and Wales (geographic) or the empty north-west (hex).
        loc="upper left" if options.style == "hex" or not whole else "center left",
        bbox_to_anchor=(1.02, 1) if not whole else (0, 1) if options.style == "hex" else (0, 0.45),
        fontsize=8.5,
        frameon=False,
        title="Latest grade (authorities)",
        title_fontsize=8.5,
        alignment="left",
    )
    footer = "\n".join([*(textwrap.fill(note, 120) for note in notes), _footer(options.style)])
    figure.text(0.02, 0.1 / height, footer, ha="left", va="bottom", fontsize=6, color=_GREY)
    return figure


def _map_path(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    if target.suffix.lower() not in CHART_SUFFIXES:
        raise UnsupportedFormatError(str(path), "a map", CHART_SUFFIXES)
    return target


def plot_map(
    dataset: Dataset,
    path: str | os.PathLike[str],
    *,
    as_of: date | str | None = None,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    style: MapStyle = "geographic",
    convention: Convention | str = Convention.PUBLISHED,
    published_by: date | str | None = None,
    labels: bool = False,
    dpi: int = 150,
) -> Path:
    """Draw the map of :func:`map_figure` into ``path`` (``.png``, ``.svg`` or ``.pdf``)
    at ``dpi`` dots per inch; return the path. Any other suffix raises
    :class:`~ofsted_ratings.errors.UnsupportedFormatError` before anything is drawn.
    """
    target = _map_path(path)
    figure = map_figure(
        dataset,
        as_of=as_of,
        area=area,
        group=group,
        style=style,
        convention=convention,
        published_by=published_by,
        labels=labels,
    )
    return _save(figure, target, dpi)


def _tally_line(result: Counts) -> str:
    whole = result.whole
    short = {"outstanding": "O", "good": "G", "requires improvement to be good": "RI"}
    parts = [f"{whole.count(g)} {short.get(g.value, 'I')}" for g in sorted(Grade, reverse=True)]
    if whole.not_inspected:
        parts.append(f"{whole.not_inspected} not yet")
    if whole.not_graded:
        parts.append(f"{whole.not_graded} no grade")
    return " · ".join(parts)


def series_figure(
    dataset: Dataset,
    days: Iterable[date | str],
    *,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    style: MapStyle = "geographic",
    convention: Convention | str = Convention.PUBLISHED,
    published_by: date | str | None = None,
    columns: int | None = None,
) -> Figure:
    """A grid of small maps, one per day of ``days``, as a figure (see :func:`map_series`).

    >>> from ofsted_ratings import load
    >>> figure = series_figure(load(), ["2019-03-31", "2025-03-31"], style="hex")
    >>> [axes.get_title() for axes in figure.axes]
    ['31 March 2019', '31 March 2025']
    """
    _require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    chosen = [optional_date(day, "days") for day in days]
    if not chosen:
        raise OfstedRatingsError("a series of maps needs at least one date")
    columns = columns or min(len(chosen), 4)
    rows = math.ceil(len(chosen) / columns)
    panel_w, panel_h = 2.3, 2.75
    width, height = panel_w * columns, panel_h * rows + 1.5
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    used: set[str] = set()
    notes: dict[str, None] = {}
    result = None
    for n, day in enumerate(chosen):
        assert day is not None
        options = MapOptions(
            as_of=day,
            area=area,
            group=group,
            style=style,
            convention=convention,
            published_by=published_by,
        )
        result = _counts(dataset, day, options)
        plan = _plan(dataset, day, style)
        row, column = divmod(n, columns)
        axes = figure.add_axes(
            (
                column * panel_w / width,
                1 - (0.7 + (row + 1) * panel_h) / height,
                panel_w / width,
                (panel_h - 0.45) / height,
            )
        )
        drawn, _ = _draw_places(axes, plan, result, labels=False, linewidth=0.2)
        used |= drawn
        for place in plan.places:
            if len(place.authorities) > 1:
                part = [
                    ("part of " if a.key in plan.partial else "") + a.name
                    for a in place.authorities
                ]
                notes[_names(part)] = None
        _frame(axes, plan, result)
        axes.set_title(f"{day.day} {day:%B %Y}", fontsize=9, pad=2)
        axes.text(
            0.5,
            -0.02,
            _tally_line(result),
            transform=axes.transAxes,
            ha="center",
            va="top",
            fontsize=6,
            color="#333333",
        )
    assert result is not None
    figure.text(
        0.01,
        1 - 0.1 / height,
        f"{result.whole.name if group else 'England'}: {area_name(area).lower()}, latest "
        "inspection at each date",
        ha="left",
        va="top",
        fontsize=11,
        fontweight="bold",
    )
    figure.legend(
        handles=_handles(result, used, with_counts=False),
        loc="upper left",
        bbox_to_anchor=(0.01, 1 - 0.35 / height),
        ncol=3,
        fontsize=7,
        frameon=False,
    )
    shared_text = [
        f"{names} share one area where they appear: the shapes cannot split it between them "
        "(cross-hatched where their grades differ)."
        for names in notes
    ]
    footer = "\n".join([*shared_text, _footer(style)])
    figure.text(0.01, 0.05 / height, footer, ha="left", va="bottom", fontsize=5.5, color=_GREY)
    return figure


def map_series(
    dataset: Dataset,
    days: Iterable[date | str],
    path: str | os.PathLike[str],
    *,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    style: MapStyle = "geographic",
    convention: Convention | str = Convention.PUBLISHED,
    published_by: date | str | None = None,
    columns: int | None = None,
    dpi: int = 150,
) -> Path:
    """Draw a grid of small maps, one per day of ``days`` (at most four to a row, or
    ``columns``), into one ``.png``, ``.svg`` or ``.pdf`` file; return the path.

    Each map is titled with its date and the count of each grade under it; the legend and
    attribution are shared. ``published_by`` applies to every day, so with Ofsted's
    convention leave it out only for the dates whose cut-off is known.
    """
    target = _map_path(path)
    figure = series_figure(
        dataset,
        days,
        area=area,
        group=group,
        style=style,
        convention=convention,
        published_by=published_by,
        columns=columns,
    )
    return _save(figure, target, dpi)
