"""The domain records refuse what contradicts them; groups, coverage and test strategies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample

from ofsted_ratings import (
    FRAMEWORKS,
    AuthorityType,
    Dataset,
    FrameworkId,
    Grade,
    Inspection,
    InspectionKind,
    Judgement,
    LocalAuthority,
    RecordError,
    Region,
    Source,
    SourceKind,
    load,
)
from ofsted_ratings.completeness import coverage
from ofsted_ratings.testing import inspections

SHA = "0" * 64


def _sif(kind: InspectionKind, judgements: Any) -> Inspection:
    return Inspection(
        authority_key=80481,
        framework=FrameworkId.SIF,
        kind=kind,
        start=date(2015, 1, 12),
        end=date(2015, 2, 4),
        published=date(2015, 3, 18),
        judgements=judgements,
        source=Source(
            kind=SourceKind.REPORT, url="https://example.org/r.pdf", title="r", sha256=SHA
        ),
    )


# -- enums print as Ofsted writes them ---------------------------------------------------------


@pytest.mark.parametrize("member", [*Region, *AuthorityType, *SourceKind])
def test_enum_members_print_as_their_value(member: Region | AuthorityType | SourceKind) -> None:
    assert str(member) == member.value
    assert f"{member}" == member.value


def test_an_authority_prints_as_its_name() -> None:
    leeds = load(bundled=True).authority("Leeds")
    assert str(leeds) == "Leeds"
    assert f"{leeds} ({leeds.region})" == "Leeds (North East, Yorkshire and the Humber)"


# -- inspections ---------------------------------------------------------------------------------


def test_an_lscb_review_grades_only_the_board() -> None:
    review = _sif(InspectionKind.LSCB_REVIEW, {"lscb": Grade.GOOD})
    assert review.grades == {"lscb": Grade.GOOD}
    assert not review.judges_services
    with pytest.raises(RecordError, match="an LSCB review grades only the board"):
        _sif(InspectionKind.LSCB_REVIEW, {"lscb": Grade.GOOD, "overall_effectiveness": Grade.GOOD})


def test_a_grade_must_be_a_grade() -> None:
    with pytest.raises(RecordError, match="'good' is not a Grade"):
        _sif(InspectionKind.INSPECTION, [Judgement("overall_effectiveness", "good")])  # type: ignore[arg-type]


def test_an_area_is_judged_once() -> None:
    twice = [
        Judgement("overall_effectiveness", Grade.GOOD),
        Judgement("overall_effectiveness", Grade.INADEQUATE),
    ]
    with pytest.raises(RecordError, match="two judgements of 'overall_effectiveness'"):
        _sif(InspectionKind.INSPECTION, twice)


def test_judgements_are_put_in_the_framework_order() -> None:
    inspection = _sif(
        InspectionKind.INSPECTION,
        {
            "lscb": Grade.GOOD,
            "help_and_protection": Grade.GOOD,
            "overall_effectiveness": Grade.GOOD,
        },
    )
    assert [j.area for j in inspection.judgements] == [
        "overall_effectiveness",
        "help_and_protection",
        "lscb",
    ]
    assert inspection.headline is Grade.GOOD


# -- authorities ---------------------------------------------------------------------------------


def test_one_code_may_be_given_as_a_string() -> None:
    authority = LocalAuthority(
        urn=1,
        name="Somewhere",
        former_ons_codes="E08000019",
        aliases="",
        statistical_neighbours="383",
    )
    assert authority.former_ons_codes == ("E08000019",)
    assert authority.aliases == ()
    assert authority.statistical_neighbours == ("383",)
    assert authority.names == ("Somewhere",)


# -- groups and coverage -------------------------------------------------------------------------


def test_group_membership() -> None:
    ds = load(bundled=True)
    core = ds.group("core-cities")
    leeds, kent = ds.authority("Leeds"), ds.authority("Kent")
    assert leeds in core
    assert kent not in core
    assert "Leeds" not in core  # only records are members, not their names
    assert leeds.urn not in core


def test_gap_count_counts_the_gaps_of_every_authority() -> None:
    never = LocalAuthority(urn=1, name="Never Inspected", created=date(2000, 4, 1))
    gone = LocalAuthority(urn=2, name="Gone Early", abolished=date(2009, 4, 1))
    report = coverage(Dataset(authorities=[never, gone], inspections=[]))
    by_name = {row.authority.name: row.gaps for row in report.rows}
    assert by_name == {
        "Gone Early": (),
        "Never Inspected": ("no SIF inspection recorded (2013-18)", "no ILACS inspection recorded"),
    }
    assert report.gap_count == 2
    assert "none." in report.gaps[0]  # no 2009-12 inspection is cited


# -- the strategies for other packages' tests ----------------------------------------------------


@settings(max_examples=20)
@given(inspections(urn=st.sampled_from([7, 8]), framework=FRAMEWORKS[FrameworkId.ILACS_2018]))
def test_inspections_take_a_urn_strategy_and_a_framework_record(inspection: Inspection) -> None:
    assert inspection.urn in (7, 8)
    assert inspection.framework is FrameworkId.ILACS_2018


@settings(max_examples=20)
@given(inspections(framework=FrameworkId.ILACS_2023, graded=False))
def test_graded_false_gives_ungraded_visits(inspection: Inspection) -> None:
    assert not inspection.graded
    assert inspection.kind is not None and not inspection.kind.graded


_QUICK = settings(max_examples=50, database=None, phases=[Phase.generate])


def test_graded_false_never_gives_a_graded_inspection() -> None:
    ungraded = inspections(graded=False)
    with pytest.raises(NoSuchExample):
        find(ungraded, lambda i: i.graded, settings=_QUICK)
    no_visits = [f.id for f in FRAMEWORKS.values() if all(k.graded for k in f.kinds)]
    assert FrameworkId.SLAC_2009 in no_visits
    with pytest.raises(NoSuchExample):
        find(ungraded, lambda i: i.framework in no_visits, settings=_QUICK)


@pytest.mark.parametrize(
    "framework", [FrameworkId.SLAC_2009, FrameworkId.LAC_2013, FrameworkId.SIF]
)
def test_graded_false_for_a_framework_without_visits_is_refused(framework: FrameworkId) -> None:
    with pytest.raises(InvalidArgument, match="has no ungraded kind of inspection"):
        inspections(framework=framework, graded=False)
    graded = find(inspections(framework=framework, graded=True), lambda i: True, settings=_QUICK)
    assert graded.graded and graded.framework is framework
