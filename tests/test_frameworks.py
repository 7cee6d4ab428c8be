"""Frameworks as data: areas, keys, dates and headlines."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from ofsted_ratings import (
    AREA_KEYS,
    FRAMEWORKS,
    Area,
    FrameworkId,
    Grade,
    InspectionKind,
    UnknownAreaError,
    UnknownFrameworkError,
    framework_for,
    get_framework,
)
from ofsted_ratings.frameworks import iter_frameworks

SHARED_KEYS = {
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care_and_care_leavers",
    "children_in_care",
    "care_leavers",
}


def test_every_framework_is_there_in_order() -> None:
    assert list(FRAMEWORKS) == list(FrameworkId)
    starts = [f.start for f in FRAMEWORKS.values()]
    assert starts == sorted(starts)


def test_shared_keys_are_shared() -> None:
    assert set(AREA_KEYS) >= SHARED_KEYS
    ilacs = [
        FRAMEWORKS[k]
        for k in (FrameworkId.ILACS_2018, FrameworkId.ILACS_2023, FrameworkId.ILACS_2026)
    ]
    for framework in ilacs:
        assert {"impact_of_leaders", "help_and_protection"} <= set(framework.area_keys)
    sif = FRAMEWORKS[FrameworkId.SIF]
    assert set(sif.area_keys) == {
        "overall_effectiveness",
        "help_and_protection",
        "looked_after_and_permanence",
        "adoption_performance",
        "care_leavers",
        "leadership_management_governance",
        "lscb",
    }


def test_care_leavers_judgement_from_2023() -> None:
    assert "children_in_care_and_care_leavers" in FRAMEWORKS[FrameworkId.ILACS_2018].area_keys
    assert "care_leavers" not in FRAMEWORKS[FrameworkId.ILACS_2018].area_keys
    for key in (FrameworkId.ILACS_2023, FrameworkId.ILACS_2026):
        assert {"children_in_care", "care_leavers"} <= set(FRAMEWORKS[key].area_keys)
    assert FRAMEWORKS[FrameworkId.ILACS_2023].start == date(2023, 1, 1)


def test_no_overall_effectiveness_from_april_2026() -> None:
    framework = FRAMEWORKS[FrameworkId.ILACS_2026]
    assert framework.start == date(2026, 4, 1)
    assert framework.headline is None
    assert not framework.has_area("overall_effectiveness")
    for other in FRAMEWORKS.values():
        if other.id is not FrameworkId.ILACS_2026:
            assert other.headline == "overall_effectiveness"


def test_exact_report_wording() -> None:
    ilacs = FRAMEWORKS[FrameworkId.ILACS_2018]
    assert ilacs.area("impact_of_leaders").label == (
        "The impact of leaders on social work practice with children and families"
    )
    sif = FRAMEWORKS[FrameworkId.SIF]
    assert sif.area("looked_after_and_permanence").label == (
        "Children looked after and achieving permanence"
    )
    with pytest.raises(UnknownAreaError, match="no judgement area 'lscb'"):
        ilacs.area("lscb")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2014, 1, 6), FrameworkId.SIF),
        (date(2018, 1, 1), FrameworkId.ILACS_2018),
        (date(2022, 12, 31), FrameworkId.ILACS_2018),
        (date(2023, 1, 1), FrameworkId.ILACS_2023),
        (date(2026, 3, 31), FrameworkId.ILACS_2023),
        (date(2026, 4, 1), FrameworkId.ILACS_2026),
    ],
)
def test_framework_for(day: date, expected: FrameworkId) -> None:
    assert framework_for(day).id is expected


def test_framework_for_rejects_overlapping_years() -> None:
    with pytest.raises(UnknownFrameworkError):
        framework_for(date(2010, 5, 1))


def test_get_framework() -> None:
    assert get_framework("ilacs_2023") is FRAMEWORKS[FrameworkId.ILACS_2023]
    assert get_framework(FrameworkId.SIF).id is FrameworkId.SIF
    with pytest.raises(UnknownFrameworkError) as info:
        get_framework("ilacs")
    assert str(info.value) == (
        "unknown framework 'ilacs'; known: slac_2009, lac_2013, sif, ilacs_2018, ilacs_2023, "
        "ilacs_2026"
    )


def test_visits_are_ungraded() -> None:
    assert not InspectionKind.FOCUSED_VISIT.graded
    assert not InspectionKind.MONITORING_VISIT.graded
    assert all(
        k.graded
        for k in (
            InspectionKind.SHORT,
            InspectionKind.STANDARD,
            InspectionKind.INSPECTION,
            InspectionKind.RE_INSPECTION,
        )
    )


def test_frameworks_print_hash_and_iterate() -> None:
    sif = FRAMEWORKS[FrameworkId.SIF]
    assert str(sif) == sif.name == "Single inspection framework (SIF)"
    assert str(FrameworkId.ILACS_2023) == "ilacs_2023"
    assert str(InspectionKind.LSCB_REVIEW) == "LSCB review"
    assert "grade_labels" not in repr(sif)
    assert len({*FRAMEWORKS.values()}) == len(FRAMEWORKS)  # hashable: labels are not compared
    assert list(iter_frameworks()) == list(FRAMEWORKS.values())
    assert sif.has_area("lscb") and not sif.has_area("impact_of_leaders")


def test_a_framework_checks_itself() -> None:
    base = FRAMEWORKS[FrameworkId.ILACS_2023]
    with pytest.raises(ValueError, match="duplicate area keys"):
        attrs.evolve(base, areas=(*base.areas, base.areas[0]))
    with pytest.raises(ValueError, match="headline 'lscb' is not an area"):
        attrs.evolve(base, headline="lscb")
    with pytest.raises(ValueError, match="a label for every grade"):
        attrs.evolve(base, grade_labels={Grade.GOOD: "Good"})
    with pytest.raises(ValueError, match="snake_case"):
        Area("Overall effectiveness", "Overall effectiveness")
    assert attrs.evolve(base, headline=None).headline is None


def test_area_keys_shared_first_then_each_frameworks_own() -> None:
    assert AREA_KEYS[:10] == (
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care_and_care_leavers",
        "children_in_care",
        "care_leavers",
        "looked_after_and_permanence",
        "adoption_performance",
        "leadership_management_governance",
        "lscb",
    )
    every = [key for framework in FRAMEWORKS.values() for key in framework.area_keys]
    assert len(set(AREA_KEYS)) == len(AREA_KEYS)
    assert set(AREA_KEYS) == set(every)
    assert AREA_KEYS[10:] == tuple(dict.fromkeys(k for k in every if k not in AREA_KEYS[:10]))
