"""Records validate themselves on construction."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given

from ofsted_ratings import (
    FRAMEWORKS,
    FrameworkId,
    Grade,
    Inspection,
    InspectionKind,
    LocalAuthority,
    RecordError,
    Source,
    SourceKind,
    UnknownAreaError,
)
from ofsted_ratings.testing import inspections

REPORT = Source(
    kind=SourceKind.REPORT,
    url="https://files.ofsted.gov.uk/v1/file/1",
    title="Children's services inspection",
    sha256="0" * 64,
)


def make(**changes: object) -> Inspection:
    values: dict[str, object] = {
        "authority_key": "80481",
        "framework": FrameworkId.ILACS_2023,
        "kind": InspectionKind.SHORT,
        "start": date(2025, 6, 30),
        "end": date(2025, 7, 4),
        "published": date(2025, 8, 12),
        "judgements": {"overall_effectiveness": Grade.OUTSTANDING},
        "source": REPORT,
    }
    values.update(changes)
    return Inspection(**values)  # type: ignore[arg-type]


@given(inspections())
def test_generated_inspections_are_consistent(inspection: Inspection) -> None:
    framework = FRAMEWORKS[inspection.framework]
    assert inspection.start is not None and inspection.end is not None
    assert inspection.published is not None
    assert inspection.start <= inspection.end <= inspection.published
    assert framework.covers(inspection.start)
    assert set(inspection.grades) <= set(framework.area_keys)
    assert list(inspection.grades) == [k for k in framework.area_keys if k in inspection.grades]
    if inspection.kind is not None and not inspection.kind.graded:
        assert not inspection.graded


def test_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        make().urn = 1  # type: ignore[misc]


def test_judgements_are_put_in_framework_order() -> None:
    inspection = make(judgements={"care_leavers": Grade.GOOD, "overall_effectiveness": Grade.GOOD})
    assert [j.area for j in inspection.judgements] == ["overall_effectiveness", "care_leavers"]
    assert inspection == make(
        judgements={"overall_effectiveness": Grade.GOOD, "care_leavers": Grade.GOOD}
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": date(2025, 7, 5)}, "after end"),
        ({"published": date(2025, 7, 1)}, "before inspection ended"),
        ({"start": date(2017, 1, 1), "end": date(2017, 1, 5)}, "outside"),
        ({"kind": InspectionKind.RE_INSPECTION}, "no re-inspection"),
        ({"kind": InspectionKind.FOCUSED_VISIT}, "gives no grades"),
        ({"published": None}, "publication date"),
        ({"start": "2025-06-30"}, "must be a date"),
        ({"lead_inspector": " "}, "non-empty"),
    ],
)
def test_inconsistent_inspections_are_refused(changes: dict[str, object], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        make(**changes)


def test_area_outside_the_framework_is_refused() -> None:
    with pytest.raises(UnknownAreaError, match="children_in_care_and_care_leavers"):
        make(judgements={"children_in_care_and_care_leavers": Grade.GOOD})
    with pytest.raises(UnknownAreaError, match="overall_effectiveness"):
        make(
            framework=FrameworkId.ILACS_2026,
            start=date(2026, 5, 1),
            end=date(2026, 5, 8),
            published=date(2026, 6, 20),
        )


def test_unknown_dates_need_a_dated_source() -> None:
    cited = Source(
        kind=SourceKind.DOCUMENT,
        url="https://example.org/a",
        title="An article",
        published=date(2010, 2, 1),
    )
    inspection = make(
        framework=FrameworkId.SLAC_2009,
        kind=InspectionKind.INSPECTION,
        start=None,
        end=None,
        published=None,
        source=cited,
        judgements={"overall_effectiveness": Grade.INADEQUATE},
    )
    assert inspection.known_from == date(2010, 2, 1)
    assert inspection.id == "80481-2010-02-01"
    assert inspection.headline is Grade.INADEQUATE


def test_report_sources_need_a_hash() -> None:
    with pytest.raises(RecordError, match="sha256"):
        Source(kind=SourceKind.REPORT, url="u", title="t")
    with pytest.raises(RecordError, match="hex"):
        Source(kind=SourceKind.REPORT, url="u", title="t", sha256="ABC")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"urn": 0}, "URN"),
        ({"urn": True}, "URN"),
        ({"la_code": "38"}, "three digits"),
        ({"ons_code": "W06000015"}, "ONS code"),
        ({"statistical_neighbours": ("E08000035",)}, "not an LA code"),
        ({"predecessors": (80481,)}, "itself"),
        ({"urn": None, "la_code": None}, "URN or a DfE LA code"),
        ({"urn": None, "successors": ("la-383",)}, "itself"),
        ({"created": date(2020, 1, 1), "abolished": date(2019, 1, 1)}, "abolished"),
    ],
)
def test_inconsistent_authorities_are_refused(changes: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "urn": 80481,
        "name": "Leeds",
        "la_code": "383",
        "ons_code": "E08000035",
    }
    values.update(changes)
    with pytest.raises(RecordError, match=message):
        LocalAuthority(**values)  # type: ignore[arg-type]
