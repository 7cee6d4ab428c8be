"""Where the charts put their marks, read back from the figures' matplotlib artists.

Every mark of an inspection sits at its date (the day its result was published), whatever
the area; marks whose date is approximate are hollow. Dates are converted here with
matplotlib's own ``date2num``, independently of the charts' code.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ofsted_ratings import (
    Dataset,
    FrameworkId,
    Grade,
    Inspection,
    InspectionKind,
    LocalAuthority,
    Region,
    Source,
    SourceKind,
    load,
)
from ofsted_ratings.errors import OfstedRatingsError, UnsupportedFormatError
from ofsted_ratings.models import DatePrecision

charts = pytest.importorskip("ofsted_ratings.exports.charts", exc_type=ImportError)
pytest.importorskip("matplotlib")

from matplotlib.dates import date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

G, RI, O = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.OUTSTANDING


def _x(day: date) -> float:
    return float(date2num(day))  # type: ignore[no-untyped-call]


def _lines(figure: Figure) -> dict[str, Line2D]:
    """The figure's lines that carry a gid, by gid."""
    return {str(line.get_gid()): line for line in figure.axes[0].lines if line.get_gid()}


def _points(line: Line2D) -> list[tuple[float, float]]:
    xs: Any = line.get_xdata()
    ys: Any = line.get_ydata()
    return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True) if not math.isnan(x)]


def _approximate(inspection: Inspection) -> bool:
    return inspection.published is None and inspection.source.published is None


def _check_authority_chart(dataset: Dataset, name: str) -> int:
    """Check every mark of ``name``'s chart; return how many hollow marks it has."""
    figure = charts.authority_figure(dataset, name)
    lines = _lines(figure)
    graded = [i for i in dataset.history(name) if i.graded]
    areas = {j.area for i in graded for j in i.judgements}
    assert {g for g in lines if g.startswith("area:")} == {f"area:{a}" for a in areas}
    hollow_count = 0
    for area in areas:
        points = _points(lines[f"area:{area}"])
        judged = [i for i in graded if i.grade(area) is not None]
        # One mark per inspection that graded the area, and no other.
        assert len(points) == len(judged)
        hollow = _points(lines[f"approximate:{area}"]) if f"approximate:{area}" in lines else []
        for (x, y), inspection in zip(points, judged, strict=True):
            grade = inspection.grade(area)
            assert grade is not None
            assert x == _x(inspection.known_from), (name, area, inspection.id)
            # Within its grade's band, nearer its grade than any other.
            assert abs(y - grade.number) < 0.45, (name, area, inspection.id, y)
            assert ((x, y) in hollow) == _approximate(inspection), (name, area, inspection.id)
        hollow_count += len(hollow)
        if hollow:
            line = lines[f"approximate:{area}"]
            assert line.get_markerfacecolor() == "white"
            assert line.get_linestyle() == "None"
    # The marks of one inspection share its date; marks of the same grade stay apart.
    for inspection in graded:
        ys = [
            y
            for area in (j.area for j in inspection.judgements)
            for x, y in _points(lines[f"area:{area}"])
            if x == _x(inspection.known_from)
        ]
        assert len(ys) == len(inspection.judgements)
        assert len(set(ys)) == len(ys), inspection.id
    return hollow_count


@pytest.mark.parametrize("name", ["Leeds", "Cumbria", "Birmingham", "Dorset County Council"])
def test_an_inspections_judgements_share_its_date(name: str) -> None:
    _check_authority_chart(load(), name)


def test_leeds_2015_overall_sits_at_its_publication_date() -> None:
    # The SIF report on Leeds was published on 27 March 2015; its marks were once spread
    # over months to either side of that day.
    ds = load()
    lines = _lines(charts.authority_figure(ds, "Leeds"))
    day = _x(date(2015, 3, 27))
    for area in ("overall_effectiveness", "lscb", "leadership_management_governance"):
        assert day in [x for x, _ in _points(lines[f"area:{area}"])], area


def _approximate_authorities() -> Iterator[str]:
    ds = load()
    for authority in ds.authorities:
        if any(_approximate(i) for i in ds.history(authority) if i.graded):
            yield authority.key


def test_approximate_dates_in_the_data_are_hollow() -> None:
    keys = list(_approximate_authorities())
    if not keys:
        pytest.skip("no inspection in the data is dated only to the month")
    ds = load()
    assert all(_check_authority_chart(ds, key) > 0 for key in keys)


def _source(day: date | None) -> Source:
    return Source(
        kind=SourceKind.DOCUMENT if day is None else SourceKind.REPORT,
        url="https://example.org/report",
        title="Children's services inspection",
        sha256=None if day is None else "ab" * 32,
        published=day,
    )


@pytest.fixture(scope="module")
def made_up() -> Dataset:
    """Newtown: a SIF inspection known only to the month, then two ILACS inspections."""
    newtown = LocalAuthority(urn=1, name="Newtown", region=Region.LONDON)
    oldtown = LocalAuthority(urn=2, name="Oldtown", region=Region.LONDON)
    sif = Inspection(
        authority_key=1,
        framework=FrameworkId.SIF,
        kind=InspectionKind.INSPECTION,
        start=date(2016, 3, 1),
        end=None,
        published=None,
        date_precision=DatePrecision.MONTH,
        judgements={"overall_effectiveness": RI, "adoption_performance": G, "lscb": RI},
        source=_source(None),
    )
    every = {
        "overall_effectiveness": G,
        "impact_of_leaders": G,
        "help_and_protection": G,
        "children_in_care": G,
        "care_leavers": G,
    }
    ilacs = [
        Inspection(
            authority_key=key,
            framework=FrameworkId.ILACS_2023,
            kind=InspectionKind.STANDARD,
            start=start,
            end=start,
            published=published,
            judgements=every,
            source=_source(published),
        )
        for key, start, published in (
            (1, date(2024, 5, 6), date(2024, 7, 1)),
            (2, date(2023, 3, 6), date(2023, 5, 2)),
        )
    ]
    return Dataset(
        authorities=[newtown, oldtown], inspections=[sif, *ilacs], release=None, origin="made up"
    )


def test_five_judgements_of_one_grade_sit_at_one_date(made_up: Dataset) -> None:
    assert _check_authority_chart(made_up, "Newtown") == 3  # the SIF inspection's three
    lines = _lines(charts.authority_figure(made_up, "Newtown"))
    marks = [(x, y) for g, line in lines.items() if g.startswith("area:") for x, y in _points(line)]
    july = [(x, y) for x, y in marks if x == _x(date(2024, 7, 1))]
    assert len(july) == 5  # all five judgements, good, one above the other
    assert all(1.5 < y < 2.5 for _, y in july)
    assert {x for x, _ in marks} == {_x(date(2024, 7, 1)), _x(date(2016, 4, 1))}


def test_the_legend_explains_hollow_marks(made_up: Dataset) -> None:
    figure = charts.authority_figure(made_up, "Newtown")
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert labels[-1].startswith("Hollow: publication date not known")
    assert "Overall effectiveness" in labels and "Local Safeguarding Children Board" in labels


def test_group_points_sit_at_their_inspections_dates(made_up: Dataset) -> None:
    for dataset, group in ((made_up, "London"), (load(), "core-cities"), (load(), "North West")):
        figure = charts.group_figure(dataset, group)
        lines = _lines(figure)
        members = dataset.group(group).members
        expected = {
            f"inspection:{i.id}": (_x(i.known_from), row, _approximate(i))
            for row, authority in enumerate(members)
            for i in dataset.history(authority)
            if i.judges_services
        }
        assert set(lines) == set(expected)
        for gid, (x, row, hollow) in expected.items():
            assert _points(lines[gid]) == [(x, row)]
            assert (lines[gid].get_markerfacecolor() == "white") == hollow, gid


def test_group_legend_wording() -> None:
    ds = load()
    care_leavers = charts.group_figure(ds, "core-cities", area="care_leavers")
    labels = [t.get_text() for t in care_leavers.legends[0].get_texts()]
    # Before 2023 ILACS judged care leavers together with children in care.
    grades = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert labels == [*grades, "No separate grade for care leavers"]
    overall = charts.group_figure(ds, "core-cities", area="overall_effectiveness")
    labels = [t.get_text() for t in overall.legends[0].get_texts()]
    if any(i.headline is None for a in ds.group("core-cities").members for i in ds.history(a)):
        assert "No grade for overall effectiveness" in labels


@pytest.mark.parametrize("name", ["x.txt", "x.jpg", "chart", "x.png.bak"])
def test_an_unsupported_suffix_is_refused_before_drawing(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refused even without matplotlib: nothing is drawn first.
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    for plot, what in ((charts.plot_authority, "Leeds"), (charts.plot_group, "core-cities")):
        with pytest.raises(UnsupportedFormatError) as caught:
            plot(load(), what, tmp_path / name)
        error = caught.value
        assert isinstance(error, ValueError)
        assert issubclass(UnsupportedFormatError, OfstedRatingsError)
        assert error.suffix == Path(name).suffix
        assert error.allowed == (".png", ".svg", ".pdf")
        message = str(error)
        assert name in message and ".png, .svg, .pdf" in message
        if error.suffix:
            assert repr(error.suffix) in message
    assert not list(tmp_path.iterdir())


def test_the_promised_suffixes_are_written(tmp_path: Path) -> None:
    ds = load()
    heads = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF", ".PDF": b"%PDF"}
    for suffix, head in heads.items():
        path = charts.plot_group(ds, "core-cities", tmp_path / f"core{suffix}", dpi=50)
        assert path.read_bytes().startswith(head), suffix


def test_a_group_chart_at_a_date_shows_the_councils_of_that_day() -> None:
    from ofsted_ratings.exports.charts import group_figure

    figure = group_figure(load(), "south-west", as_of="2018-12-31")
    names = {label.get_text() for label in figure.axes[0].get_yticklabels()}
    assert {"Bournemouth", "Poole", "Dorset County Council"} <= names
    assert not names & {"Dorset", "Bournemouth, Christchurch & Poole"}


@pytest.mark.parametrize("name", ["Leeds", "Nottingham", "Slough", "Liverpool"])
def test_one_visit_mark_per_visit_at_its_date(name: str) -> None:
    """Each visit of the bundled data has one mark in the visits row, at its letter's date
    (the date its findings were public), by kind; those with areas for priority action have
    a filled mark on top."""
    dataset = load(bundled=True)
    authority = dataset.authority(name)
    figure = charts.authority_figure(dataset, authority)
    lines = _lines(figure)
    visits = dataset.visits_of(authority)
    assert visits, name
    marks = [(gid, point) for gid, line in lines.items() for point in _points(line)]
    visit_marks = [(gid, point) for gid, point in marks if gid.startswith("visits:")]
    expected = sorted(
        ("visits:focused" if v.kind.focused else "visits:monitoring", (_x(v.known_from), 4.75))
        for v in visits
    )
    expected += sorted(
        ("visits:priority", (_x(v.known_from), 4.75)) for v in visits if v.priority_actions
    )
    assert sorted(visit_marks) == sorted(expected)
    # The legend names each kind drawn, and priority actions when there are any.
    texts = [t.get_text() for t in figure.legends[0].get_texts()]
    kinds = {
        "Focused visit (not graded)" if v.kind.focused else "Monitoring visit (not graded)"
        for v in visits
    }
    assert kinds <= set(texts)
    assert ("Visit with areas for priority action" in texts) == any(
        v.priority_actions for v in visits
    )


def test_visits_after_as_of_are_not_marked() -> None:
    dataset = load(bundled=True)
    figure = charts.authority_figure(dataset, "Leeds", as_of=date(2020, 1, 1))
    points = _points(_lines(figure)["visits:focused"])
    assert points == [(_x(date(2018, 2, 22)), 4.75)]
