"""Charts of small made-up datasets: visits, missing codes, members never inspected.

The charts are written as SVG, where matplotlib keeps each text drawn as a comment, so the
tests can read what a chart says.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

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
)

charts = pytest.importorskip("ofsted_ratings.exports.charts", exc_type=ImportError)
pytest.importorskip("matplotlib")

G, RI = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT


def _source(day: date) -> Source:
    return Source(
        kind=SourceKind.REPORT,
        url=f"https://files.ofsted.gov.uk/v1/file/{day:%Y%m%d}",
        title="Children's services inspection",
        sha256="ab" * 32,
        published=day,
    )


def _inspection(
    urn: int, kind: InspectionKind, start: date, published: date, grades: dict[str, Grade]
) -> Inspection:
    return Inspection(
        authority_key=urn,
        framework=FrameworkId.ILACS_2023,
        kind=kind,
        start=start,
        end=start,
        published=published,
        judgements=grades,
        source=_source(published),
    )


@pytest.fixture(scope="module")
def made_up() -> Dataset:
    newtown = LocalAuthority(urn=1, name="Newtown", region=Region.LONDON)
    oldtown = LocalAuthority(urn=2, name="Oldtown", region=Region.LONDON)
    five = {
        "overall_effectiveness": G,
        "impact_of_leaders": G,
        "help_and_protection": RI,
        "children_in_care": G,
        "care_leavers": G,
    }
    return Dataset(
        authorities=[newtown, oldtown],
        inspections=[
            _inspection(1, InspectionKind.STANDARD, date(2024, 5, 8), date(2024, 7, 1), five),
            _inspection(1, InspectionKind.FOCUSED_VISIT, date(2024, 11, 4), date(2024, 12, 9), {}),
            _inspection(
                1, InspectionKind.MONITORING_VISIT, date(2025, 9, 1), date(2025, 10, 6), {}
            ),
        ],
        release=None,
        origin="made up",
    )


def _texts(path: Path) -> list[str]:
    return re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"), flags=re.S)


def test_ungraded_visits_get_their_own_row(made_up: Dataset, tmp_path: Path) -> None:
    path = charts.plot_authority(made_up, "Newtown", tmp_path / "newtown.svg")
    texts = _texts(path)
    assert "Ungraded visits" in texts
    assert "Ungraded visit (focused or monitoring)" in texts
    assert "Overall effectiveness" in texts and "Care leavers" in texts
    # The framework began long before the chart's first date: named, with no start line.
    assert "ILACS with the care" in texts
    assert not any("adequate before 2013" in t for t in texts)  # no framework used "adequate"
    subtitle = next(t for t in texts if t.startswith("URN"))
    assert subtitle.startswith("URN 1 · every graded judgement")  # no LA or ONS code to show
    assert subtitle.endswith("· all data")  # neither a release nor an as-of date


def test_a_group_member_never_inspected_has_an_empty_row(made_up: Dataset, tmp_path: Path) -> None:
    path = charts.plot_group(made_up, "London", tmp_path / "london.svg")
    texts = _texts(path)
    assert "Newtown" in texts and "Oldtown" in texts
    assert any(t.startswith("2 authorities") for t in texts)
    legend = [g.value.capitalize() for g in sorted(Grade, reverse=True)]
    assert all(label in texts for label in legend)
    assert not any(t.startswith("No grade") for t in texts)  # every point has a grade


def test_a_group_chart_of_an_area_some_inspections_lack(made_up: Dataset, tmp_path: Path) -> None:
    path = charts.plot_group(made_up, "London", tmp_path / "lscb.svg", area="lscb")
    texts = _texts(path)
    assert "No grade for local safeguarding children board" in texts
    assert any("grade for local safeguarding children board at each graded" in t for t in texts)


def test_a_group_chart_of_an_unknown_area_is_refused(made_up: Dataset, tmp_path: Path) -> None:
    from ofsted_ratings import UnknownAreaError

    with pytest.raises(UnknownAreaError, match="unknown judgement area 'overal_effectiveness'"):
        charts.plot_group(made_up, "London", tmp_path / "x.svg", area="overal_effectiveness")
    assert not list(tmp_path.iterdir())
