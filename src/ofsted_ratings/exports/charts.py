"""Charts of inspection histories, drawn with matplotlib.

:func:`plot_authority` draws every judgement of one authority over time; :func:`plot_group`
draws a group of authorities, one row each, a point per graded inspection coloured by its
overall effectiveness grade. Grades run from inadequate at the bottom to outstanding at the
top; colours come from the Okabe-Ito palette, which stays distinct under the common forms
of colour blindness, and every colour is paired with a marker shape.

Every mark of an inspection sits at the date its result was published
(:attr:`~ofsted_ratings.models.Inspection.known_from`); where no source gives that date (an
inspection known only to the month, placed after its last month on site) the marks are
hollow. Dashed vertical lines mark the start of each framework the chart's inspections
fall under. An authority's chart marks its ungraded visits in a row of their own under the
grades, each at the date its letter was published: focused visits as open grey triangles,
monitoring visits as open blue diamonds, and those whose letter gives areas for priority
action filled in vermillion.

:func:`authority_figure` and :func:`group_figure` return the chart as a
:class:`matplotlib.figure.Figure` drawn with the Agg renderer, so no pyplot state is
touched or shared between calls. The ``plot_*`` functions write it to a file whose type
follows the path's suffix: ``.png``, ``.svg`` or ``.pdf`` (:data:`CHART_SUFFIXES`); any
other suffix raises :class:`~ofsted_ratings.errors.UnsupportedFormatError` before anything
is drawn. Needs matplotlib: ``pip install 'ofsted-ratings[charts]'``.

>>> import tempfile, pathlib
>>> from ofsted_ratings import load
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> plot_authority(load(), "Leeds", out / "leeds.png").stat().st_size > 10_000
True
>>> plot_group(load(), "core-cities", out / "core-cities.png").suffix
'.png'
>>> try:
...     plot_authority(load(), "Leeds", "leeds.txt")
... except UnsupportedFormatError as error:
...     print(error)
cannot write a chart to 'leeds.txt': '.txt' is not one of .png, .svg, .pdf
"""

from __future__ import annotations

import itertools
import math
import os
import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict

from .._util.atomic import atomic_path
from .._util.dates import optional_date
from .._util.optional import require
from ..errors import UnknownAreaError, UnsupportedFormatError
from ..frameworks import AREA_KEYS, FRAMEWORKS, Framework
from ..grades import Grade

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..dataset import Dataset
    from ..groups import Group
    from ..models import Inspection, LocalAuthority, Visit

__all__ = [
    "CHART_SUFFIXES",
    "GRADE_COLOURS",
    "GRADE_MARKERS",
    "OKABE_ITO",
    "authority_figure",
    "group_figure",
    "plot_authority",
    "plot_group",
]

#: The suffixes of the files charts are written to: PNG, SVG and PDF.
CHART_SUFFIXES: tuple[str, ...] = (".png", ".svg", ".pdf")

#: The Okabe-Ito palette (Okabe and Ito, "Color Universal Design", 2008), without black.
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
)

#: The colour of each grade in group charts: blues for the better grades, orange and
#: vermillion for the worse (all from the Okabe-Ito palette).
GRADE_COLOURS: dict[Grade, str] = {
    Grade.OUTSTANDING: "#0072B2",
    Grade.GOOD: "#56B4E9",
    Grade.REQUIRES_IMPROVEMENT: "#E69F00",
    Grade.INADEQUATE: "#D55E00",
}

#: The marker of each grade in group charts, so that shape tells grades apart too.
GRADE_MARKERS: dict[Grade, str] = {
    Grade.OUTSTANDING: "*",
    Grade.GOOD: "o",
    Grade.REQUIRES_IMPROVEMENT: "s",
    Grade.INADEQUATE: "X",
}

_AREA_MARKERS = ("s", "^", "D", "v", "P", "X", "<", ">", "h", "p")
_GREY = "#6E6E6E"
_LIGHT = "#BBBBBB"
_ATTRIBUTION = "Source: Ofsted inspection reports and official statistics (OGL v3.0)."
_LABEL_PREFIX = re.compile(
    r"^(?:the )?(?:experiences and progress of |effectiveness of the )?", re.I
)


def _require_matplotlib() -> None:
    """Raise :class:`~ofsted_ratings.errors.MissingDependencyError` without matplotlib."""
    require("matplotlib", "charts", "plotting")


def _num(day: date) -> float:
    """``day`` as a matplotlib date number (matplotlib.dates has no type information)."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]


class _Style(TypedDict, total=False):
    """Keyword arguments styling a line or its markers."""

    color: str
    linestyle: Literal["none"]
    linewidth: float
    marker: str
    markersize: float
    markerfacecolor: str
    markeredgecolor: str
    markeredgewidth: float
    zorder: float


_TOP = 1.1  # inches above the plot: title, subtitle and framework names
_WIDTH = 10.0


def _new_figure(
    plot_height: float,
    *,
    left: float,
    bottom: float,
    rows: int,
    title: str,
    subtitle: str,
) -> tuple[Figure, Axes]:
    """A figure with a plot of ``plot_height`` inches, margins in inches, and its titles.

    ``rows`` is the number of rows of framework names above the plot.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    top = _TOP + _LABEL_ROW / 72 * max(rows - 1, 0)
    height = top + plot_height + bottom
    figure = Figure(figsize=(_WIDTH, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_axes(
        (left / _WIDTH, bottom / height, 1 - (left + 0.3) / _WIDTH, plot_height / height)
    )
    figure.text(0.01, 1 - 0.1 / height, title, ha="left", va="top", fontsize=13, fontweight="bold")
    figure.text(0.01, 1 - 0.45 / height, subtitle, ha="left", va="top", fontsize=9, color="#444444")
    figure.text(0.01, 0.08 / height, _ATTRIBUTION, ha="left", va="bottom", fontsize=7, color=_GREY)
    return figure, axes


def _chart_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as a :class:`~pathlib.Path`, if its suffix is one of :data:`CHART_SUFFIXES`."""
    target = Path(path)
    if target.suffix.lower() not in CHART_SUFFIXES:
        raise UnsupportedFormatError(str(path), "a chart", CHART_SUFFIXES)
    return target


def _save(figure: Figure, target: Path, dpi: int) -> Path:
    kind = target.suffix.lstrip(".").lower()
    metadata = {"Software": None} if kind == "png" else None
    with atomic_path(target) as temporary:
        figure.savefig(
            temporary,
            format=kind,
            dpi=dpi,
            bbox_inches="tight",
            pad_inches=0.15,
            metadata=metadata,
            facecolor="white",
        )
    return target


def area_name(key: str) -> str:
    """A short name for the judgement area ``key``, from the frameworks' wordings.

    >>> area_name("help_and_protection"), area_name("impact_of_leaders")
    ('Children who need help and protection', 'Impact of leaders')
    >>> area_name("lscb")
    'Local Safeguarding Children Board'
    """
    names = []
    for framework in FRAMEWORKS.values():
        if framework.has_area(key):
            area = framework.area(key)
            for label in (area.label, *area.aliases):
                short = _LABEL_PREFIX.sub("", label).strip()
                names.append(short[:1].upper() + short[1:])
    return min(names, key=len) if names else key.replace("_", " ").capitalize()


def _frameworks_used(inspections: Iterable[Inspection]) -> list[Framework]:
    used = {inspection.framework for inspection in inspections}
    return [framework for framework in FRAMEWORKS.values() if framework.id in used]


_LABEL_SIZE = 7.5  # points, framework names
_LABEL_ROW = 20  # points between rows of framework names


def _framework_labels(
    frameworks: Sequence[Framework], low: date, high: date, width: float
) -> list[tuple[date, str, int]]:
    """Where to name each framework: its start (or ``low``), its name, and a row.

    Names go in the lowest row where they do not overlap the name before them; ``width``
    is the plot's width in inches.
    """
    span = max((high - low).days, 1)
    ends: list[float] = []
    labels = []
    for framework in sorted(frameworks, key=lambda f: f.start):
        if framework.start > high:
            continue
        at = max(framework.start, low)
        text = "\n".join(textwrap.wrap(framework.name, 26))
        left = (at - low).days / span * width
        right = left + (max(map(len, text.splitlines())) * 0.56 * _LABEL_SIZE + 8) / 72
        row = next((n for n, end in enumerate(ends) if left >= end), len(ends))
        if row == len(ends):
            ends.append(right)
        else:
            ends[row] = right
        labels.append((at, text, row))
    return labels


def _mark_frameworks(axes: Axes, labels: Sequence[tuple[date, str, int]], low: date) -> None:
    """Dashed lines at framework starts and their names above the plot."""
    for at, text, row in labels:
        if at > low:
            axes.axvline(_num(at), color=_GREY, linewidth=0.9, linestyle="--", zorder=0)
        axes.annotate(
            text,
            xy=(_num(at), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, 4 + _LABEL_ROW * row),
            textcoords="offset points",
            fontsize=_LABEL_SIZE,
            color="#333333",
            va="bottom",
            ha="left",
            linespacing=1.0,
            annotation_clip=False,
        )


def _date_axis(axes: Axes, low: date, high: date) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    # matplotlib.dates has no type information.
    locator = AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    axes.set_xlim(_num(low), _num(high))
    axes.set_xlabel("Publication date", fontsize=9)


def _span(days: Sequence[date], *, release: date | None) -> tuple[date, date]:
    """The dates the chart shows: every point and the release, with a margin for markers."""
    if not days:
        return date(2009, 1, 1), release or date(2026, 1, 1)
    first = min(days)
    last = max([*days, *([release] if release else [])])
    pad = max(timedelta(days=180), (last - first) / 20)
    return first - pad, last + pad


def _release_text(dataset: Dataset, as_of: date | None) -> str:
    day = as_of or dataset.release
    return f"as of {day.isoformat()}" if day is not None else "all data"


def _codes(authority: LocalAuthority) -> str:
    parts = [] if authority.urn is None else [f"URN {authority.urn}"]
    if authority.la_code:
        parts.append(f"LA {authority.la_code}")
    if authority.ons_code:
        parts.append(authority.ons_code)
    return ", ".join(parts)


_LEGEND_SIZE = 8.5  # points


def _legend_columns(labels: Sequence[str], most: int) -> int:
    """How many columns of ``labels`` (at most ``most``) fit across the figure.

    The legend fills its columns top to bottom; a column is as wide as its longest label,
    its marker and the space before the next column.
    """
    for ncol in range(min(most, len(labels)), 1, -1):
        rows = math.ceil(len(labels) / ncol)
        columns = [labels[start : start + rows] for start in range(0, len(labels), rows)]
        inches = sum(max(map(len, c)) * 0.55 * _LEGEND_SIZE / 72 + 0.6 for c in columns)
        if inches <= _WIDTH - 0.6:
            return ncol
    return 1


def _legend(figure: Figure, axes: Axes, handles: Sequence[Artist], *, ncol: int) -> None:
    """The legend under the plot's date axis, aligned with the plot's left edge."""
    height = figure.get_size_inches()[1]
    left = axes.get_position().x0
    top = axes.get_position().y0 - 0.62 / height
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(left - 0.01, top),
        ncol=ncol,
        fontsize=_LEGEND_SIZE,
        frameon=False,
        handlelength=2.4,
        columnspacing=1.6,
    )


def _framework_rows(labels: Sequence[tuple[date, str, int]]) -> int:
    return 1 + max((row for _, _, row in labels), default=0)


def _approximate(inspection: Inspection) -> bool:
    """Whether no source dates the inspection's result: it is placed after its month on site."""
    return inspection.published is None and inspection.source.published is None


_APPROXIMATE_LABEL = "Hollow: publication date not known (shown after the month on site)"


def _approximate_handle() -> Artist:
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=8,
        markerfacecolor="white",
        markeredgecolor="#333333",
        markeredgewidth=1.4,
        label=_APPROXIMATE_LABEL,
    )


def authority_figure(
    dataset: Dataset, authority: LocalAuthority | str | int, *, as_of: date | str | None = None
) -> Figure:
    """Every judgement of ``authority`` over time, as a figure (see :func:`plot_authority`).

    >>> from ofsted_ratings import load
    >>> figure = authority_figure(load(), "Leeds")
    >>> [line.get_label() for line in figure.axes[0].lines][:2]
    ['Overall effectiveness', 'Impact of leaders']
    """
    as_of = optional_date(as_of, "as_of")
    _require_matplotlib()
    found = dataset.authority(authority)
    history = dataset.history(found, as_of=as_of)
    graded = [i for i in history if i.graded]
    visits = [i for i in history if not i.graded]
    letters = [v for v in dataset.visits_of(found) if as_of is None or v.known_from <= as_of]
    headline_keys = {i.framework_info.headline for i in graded} - {None}
    areas = sorted(
        (key for key in AREA_KEYS if any(i.grade(key) for i in graded)),
        key=lambda key: key not in headline_keys,
    )
    approximate = any(_approximate(i) for i in graded)
    entries = len(areas) + (1 if visits else 0) + (1 if approximate else 0)
    entries += len(_visit_kinds(letters))
    legend_rows = math.ceil(entries / 2)
    status = "" if found.current else f" · abolished {found.abolished}"
    days = [i.known_from for i in history] + [v.known_from for v in letters]
    low, high = _span(days, release=as_of or dataset.release)
    left = 2.0
    labels = _framework_labels(_frameworks_used(history), low, high, _WIDTH - left - 0.3)
    figure, axes = _new_figure(
        4.8 + (0.35 if visits or letters else 0),
        left=left,
        bottom=0.95 + 0.2 * legend_rows,
        rows=_framework_rows(labels),
        title=f"{found.name}: Ofsted judgements of children's services",
        subtitle=(
            f"{_codes(found)}{status} · every graded judgement, at its inspection's "
            f"publication date · {_release_text(dataset, as_of)}"
        ),
    )
    if not days:
        axes.text(0.5, 0.5, "No inspections recorded", ha="center", va="center", fontsize=12)
        axes.set_axis_off()
        return figure
    _plot_areas(axes, graded, areas, headline_keys)
    _grade_axis(axes, graded, visits, letters=bool(letters))
    _plot_visits(axes, letters)
    _date_axis(axes, low, high)
    _mark_frameworks(axes, labels, low)
    handles, _ = axes.get_legend_handles_labels()
    if approximate:
        handles.append(_approximate_handle())
    if handles:
        _legend(figure, axes, handles, ncol=2)
    return figure


def plot_authority(
    dataset: Dataset,
    authority: LocalAuthority | str | int,
    path: str | os.PathLike[str],
    *,
    as_of: date | str | None = None,
    dpi: int = 150,
) -> Path:
    """Draw every judgement of ``authority`` over time into ``path``; return the path.

    One line per judgement area (the headline, overall effectiveness, in black), the four
    grades on the vertical axis with outstanding at the top, ungraded visits in a row
    under them (focused visits as open grey triangles, monitoring visits as open blue
    diamonds, filled vermillion where the letter gives areas for priority action), and
    the start of each framework marked. All the judgements of one
    inspection sit at its publication date, one above the other: each area keeps its own
    height within a grade's band, its own colour and its own marker.
    """
    target = _chart_path(path)
    return _save(authority_figure(dataset, authority, as_of=as_of), target, dpi)


def _area_offsets(graded: Sequence[Inspection], areas: Sequence[str]) -> dict[str, float]:
    """Each area's height above or below the middle of a grade's band, in grades.

    Areas judged by the same inspection get different heights, so that its marks, all at
    one date, stay apart; the first area (the headline) is in the middle. Areas never
    judged together (those of different frameworks) may share a height.
    """
    slots: dict[str, int] = {}
    for key in areas:
        taken = {
            slots[j.area] for i in graded if i.grade(key) for j in i.judgements if j.area in slots
        }
        slots[key] = next(n for n in itertools.count() if n not in taken)
    count = max(slots.values(), default=0) + 1
    step = min(0.12, 0.7 / count)
    # Slots 1, 3, 5... go up the chart (smaller numbers: better grades are at the top).
    return {key: step * ((slot + 1) // 2) * (-1 if slot % 2 else 1) for key, slot in slots.items()}


def _plot_areas(
    axes: Axes, graded: Sequence[Inspection], areas: Sequence[str], headline_keys: set[str | None]
) -> None:
    """A line per area: the headline area in black, the others in palette colours."""
    colours = iter(OKABE_ITO * 2)
    markers = iter(_AREA_MARKERS * 2)
    offsets = _area_offsets(graded, areas)
    for key in sorted(areas, key=AREA_KEYS.index):
        xs, ys, hollow = _area_points(graded, key, offsets[key])
        if key in headline_keys:
            style: _Style = {
                "color": "black",
                "marker": "o",
                "markersize": 8.5,
                "markeredgecolor": "white",
                "linewidth": 2.2,
                "zorder": 4,
            }
        else:
            style = {
                "color": next(colours),
                "marker": next(markers),
                "markersize": 6.5,
                "linewidth": 1.1,
                "markeredgecolor": "#333333",
                "markeredgewidth": 0.5,
                "zorder": 3,
            }
        axes.plot(xs, ys, label=area_name(key), gid=f"area:{key}", **style)
        if hollow:
            axes.plot(
                [x for x, _ in hollow],
                [y for _, y in hollow],
                linestyle="none",
                marker=style["marker"],
                markersize=style["markersize"],
                markerfacecolor="white",
                markeredgecolor=style["color"],
                markeredgewidth=1.4,
                zorder=style["zorder"] + 0.5,
                label=f"_approximate {key}",
                gid=f"approximate:{key}",
            )


def _area_points(
    graded: Sequence[Inspection], key: str, offset: float
) -> tuple[list[float], list[float], list[tuple[float, float]]]:
    """The points of area ``key``, one per inspection grading it, at the inspection's date
    and ``offset`` from its grade; a gap where an inspection did not judge it. The third
    list holds the points whose date is approximate.
    """
    xs: list[float] = []
    ys: list[float] = []
    hollow: list[tuple[float, float]] = []
    for inspection in graded:
        grade = inspection.grade(key)
        if grade is None:
            if xs and not math.isnan(ys[-1]):
                # A graded inspection that did not judge the area breaks its line.
                xs.append(math.nan)
                ys.append(math.nan)
            continue
        xs.append(_num(inspection.known_from))
        ys.append(grade.number + offset)
        if _approximate(inspection):
            hollow.append((xs[-1], ys[-1]))
    return xs, ys, hollow


#: The height of the row of visits, under the grades.
_VISIT_ROW = 4.75

#: How each kind of visit is marked: a label, a marker and its edge colour.
_VISIT_MARKS: dict[str, tuple[str, str, str]] = {
    "focused": ("Focused visit (not graded)", "^", _GREY),
    "monitoring": ("Monitoring visit (not graded)", "D", "#0072B2"),
}
_PRIORITY_LABEL = "Visit with areas for priority action"
_PRIORITY_COLOUR = "#D55E00"  # vermillion (Okabe-Ito)


def _visit_kinds(letters: Sequence[Visit]) -> list[str]:
    """The legend entries the visits need: their kinds, and priority actions if any."""
    kinds = [k for k in _VISIT_MARKS if any(_visit_key(v) == k for v in letters)]
    return kinds + (["priority"] if any(v.priority_actions for v in letters) else [])


def _visit_key(visit: Visit) -> str:
    return "focused" if visit.kind.focused else "monitoring"


def _plot_visits(axes: Axes, letters: Sequence[Visit]) -> None:
    """A mark per visit in the row under the grades, at the date its findings were public:
    open markers by kind, filled vermillion where the letter gives areas for priority
    action."""
    for key, (label, marker, colour) in _VISIT_MARKS.items():
        chosen = [v for v in letters if _visit_key(v) == key]
        if not chosen:
            continue
        axes.plot(
            [_num(v.known_from) for v in chosen],
            [_VISIT_ROW] * len(chosen),
            linestyle="none",
            marker=marker,
            markersize=8,
            markerfacecolor="white",
            markeredgecolor=colour,
            markeredgewidth=1.5,
            color=colour,
            zorder=3,
            label=label,
            gid=f"visits:{key}",
        )
    flagged = [v for v in letters if v.priority_actions]
    if flagged:
        axes.plot(
            [_num(v.known_from) for v in flagged],
            [_VISIT_ROW] * len(flagged),
            linestyle="none",
            marker="^",
            markersize=8,
            markerfacecolor=_PRIORITY_COLOUR,
            markeredgecolor="#333333",
            markeredgewidth=0.8,
            color=_PRIORITY_COLOUR,
            zorder=4,
            label=_PRIORITY_LABEL,
            gid="visits:priority",
        )


def _grade_axis(
    axes: Axes, graded: Sequence[Inspection], visits: Sequence[Inspection], *, letters: bool
) -> None:
    """The grades on the vertical axis, outstanding at the top, and a row for visits.

    Each grade is a band one grade high; light lines separate the bands. ``visits`` are
    ungraded inspection records (ticks); ``letters`` says whether visit records are drawn
    in the row too.
    """
    adequate = any(i.framework_info.uses_adequate for i in graded)
    ticks: dict[float, str] = {grade.number: grade.value.capitalize() for grade in Grade}
    if adequate:
        ticks[Grade.REQUIRES_IMPROVEMENT.number] += "\n(adequate before 2013)"
    bottom = 4.5
    if visits or letters:
        bottom = 5.0
        ticks[_VISIT_ROW] = "Ungraded visits"
        axes.axhline(4.5, color=_LIGHT, linewidth=0.8)
    if visits:
        axes.plot(
            [_num(i.known_from) for i in visits],
            [_VISIT_ROW] * len(visits),
            linestyle="none",
            marker="|",
            markersize=12,
            markeredgewidth=1.5,
            color=_GREY,
            label="Ungraded visit (focused or monitoring)",
            gid="visits",
        )
    axes.set_yticks(list(ticks), list(ticks.values()), fontsize=9)
    axes.set_ylim(bottom, 0.5)
    for edge in (1.5, 2.5, 3.5):
        axes.axhline(edge, color="#E5E5E5", linewidth=0.8, zorder=0)
    axes.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def group_figure(
    dataset: Dataset,
    group: Group | str,
    *,
    as_of: date | str | None = None,
    area: str = "overall_effectiveness",
) -> Figure:
    """A group's graded inspections, one row per authority, as a figure (see :func:`plot_group`).

    >>> from ofsted_ratings import load
    >>> figure = group_figure(load(), "core-cities")
    >>> [label.get_text() for label in figure.axes[0].get_yticklabels()][:2]
    ['Birmingham', 'Bristol']
    """
    if area not in AREA_KEYS:
        raise UnknownAreaError(f"unknown judgement area {area!r}; known: {', '.join(AREA_KEYS)}")
    as_of = optional_date(as_of, "as_of")
    _require_matplotlib()
    resolved = dataset.group(group, as_of=as_of)
    members = resolved.members
    rows = len(members)
    histories = [[i for i in dataset.history(a, as_of=as_of) if i.judges_services] for a in members]
    longest = max((len(a.name) for a in members), default=10)
    inspections = [i for items in histories for i in items]
    days = [i.known_from for i in inspections]
    low, high = _span(days, release=as_of or dataset.release)
    left = 0.4 + 0.075 * longest
    labels = _framework_labels(_frameworks_used(inspections), low, high, _WIDTH - left - 0.3)
    handles = _grade_handles(
        {i.grade(area) for i in inspections}, area, any(_approximate(i) for i in inspections)
    )
    ncol = _legend_columns([str(h.get_label()) for h in handles], len(handles))
    figure, axes = _new_figure(
        0.36 * max(rows, 3),
        left=left,
        bottom=1.1 + 0.2 * math.ceil(len(handles) / ncol),
        rows=_framework_rows(labels),
        title=f"{resolved.name}: grade for {area_name(area).lower()} at each graded inspection",
        subtitle=(
            f"{rows} authorities · one row each, a point per graded inspection at its "
            f"publication date · {_release_text(dataset, as_of)}"
        ),
    )
    if not days:
        axes.text(0.5, 0.5, "No graded inspections recorded", ha="center", va="center")
        axes.set_axis_off()
        return figure
    _plot_rows(axes, histories, area)
    _row_axis(axes, [a.name for a in members])
    _date_axis(axes, low, high)
    _mark_frameworks(axes, labels, low)
    _legend(figure, axes, handles, ncol=ncol)
    return figure


def plot_group(
    dataset: Dataset,
    group: Group | str,
    path: str | os.PathLike[str],
    *,
    as_of: date | str | None = None,
    area: str = "overall_effectiveness",
    dpi: int = 150,
) -> Path:
    """Draw a group's graded inspections, one row per authority, into ``path``.

    Each point is a graded inspection at its publication date, coloured and shaped by its
    grade for ``area``; an inspection with no grade for ``area`` (from April 2026 there is
    no overall effectiveness) is a grey circle. Returns the path. An ``area`` that no
    framework judges raises :class:`~ofsted_ratings.errors.UnknownAreaError`.
    """
    target = _chart_path(path)
    return _save(group_figure(dataset, group, as_of=as_of, area=area), target, dpi)


def _plot_rows(axes: Axes, histories: Sequence[Sequence[Inspection]], area: str) -> None:
    """A row per authority: a light line through its inspections and a point for each."""
    for row, items in enumerate(histories):
        if items:
            axes.plot(
                [_num(items[0].known_from), _num(items[-1].known_from)],
                [row, row],
                color=_LIGHT,
                linewidth=1.0,
                zorder=1,
            )
        for inspection in items:
            style = _grade_style(inspection.grade(area), hollow=_approximate(inspection))
            axes.plot(
                _num(inspection.known_from),
                row,
                zorder=3,
                gid=f"inspection:{inspection.id}",
                **style,
            )


def _row_axis(axes: Axes, names: Sequence[str]) -> None:
    """The authorities' names down the vertical axis, the first at the top."""
    rows = len(names)
    axes.set_yticks(range(rows), names, fontsize=9)
    axes.set_ylim(rows - 0.5, -0.5)
    axes.grid(axis="y", color="#F0F0F0", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)


#: Areas that some frameworks judge only together with another (ILACS 2018-22: children in
#: care and care leavers), so that an inspection without their grade may still have judged them.
_JUDGED_JOINTLY = frozenset({"care_leavers", "children_in_care"})


def _no_grade_label(area: str) -> str:
    """The legend's words for an inspection that gave no grade for ``area``.

    >>> _no_grade_label("overall_effectiveness")
    'No grade for overall effectiveness'
    >>> _no_grade_label("care_leavers")
    'No separate grade for care leavers'
    """
    separate = " separate" if area in _JUDGED_JOINTLY else ""
    return f"No{separate} grade for {area_name(area).lower()}"


def _grade_handles(seen: set[Grade | None], area: str, approximate: bool) -> list[Artist]:
    """Legend entries: the four grades, best first; "No grade for <area>" if one was drawn;
    the hollow marker if a date is approximate."""
    from matplotlib.lines import Line2D

    keys: list[Grade | None] = [*sorted(Grade, reverse=True)]
    if None in seen:
        keys.append(None)
    handles: list[Artist] = [
        Line2D(
            [],
            [],
            label=_no_grade_label(area) if g is None else g.value.capitalize(),
            **_grade_style(g),
        )
        for g in keys
    ]
    if approximate:
        handles.append(_approximate_handle())
    return handles


def _grade_style(grade: Grade | None, *, hollow: bool = False) -> _Style:
    """A point's style: its grade's colour and marker, or a grey circle for no grade.

    A ``hollow`` point (approximate date) keeps the colour on the marker's edge only.
    """
    if grade is None:
        style: _Style = {
            "linestyle": "none",
            "marker": "o",
            "markersize": 8,
            "color": _LIGHT,
            "markeredgecolor": _GREY,
            "markeredgewidth": 1.0,
        }
    else:
        style = {
            "linestyle": "none",
            "marker": GRADE_MARKERS[grade],
            "markersize": 15 if grade is Grade.OUTSTANDING else 10,
            "color": GRADE_COLOURS[grade],
            "markeredgecolor": "white",
            "markeredgewidth": 0.6,
        }
    if hollow:
        style["markerfacecolor"] = "white"
        style["markeredgecolor"] = style["color"] if grade is not None else _GREY
        style["markeredgewidth"] = 1.6
    return style
