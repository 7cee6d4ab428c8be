"""Streaks, histories, as_of and comparisons, as properties over generated datasets."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ofsted_ratings import (
    Dataset,
    DateError,
    FrameworkId,
    Grade,
    Inspection,
    InspectionKind,
    LocalAuthority,
    OfstedRatingsError,
    Source,
    SourceKind,
    UnknownAreaError,
)
from ofsted_ratings.testing import datasets, grades

SOURCE = Source(
    kind=SourceKind.REPORT,
    url="https://files.ofsted.gov.uk/v1/file/1",
    title="Children's services inspection",
    sha256="1" * 64,
)


def ilacs(
    urn: int | str,
    published: date,
    grade: Grade | None,
    *,
    kind: InspectionKind = InspectionKind.SHORT,
    area: str = "overall_effectiveness",
) -> Inspection:
    start = published - timedelta(days=40)
    framework = (
        FrameworkId.ILACS_2026
        if start >= date(2026, 4, 1)
        else FrameworkId.ILACS_2023
        if start >= date(2023, 1, 1)
        else FrameworkId.ILACS_2018
    )
    judgements = {} if grade is None or not kind.graded else {area: grade}
    if framework is FrameworkId.ILACS_2026 and kind.graded:
        judgements = {"impact_of_leaders": Grade.GOOD}
    return Inspection(
        authority_key=urn,
        framework=framework,
        kind=kind,
        start=start,
        end=start + timedelta(days=5),
        published=published,
        judgements=judgements,
        source=SOURCE,
    )


A = LocalAuthority(urn=1, name="Alpha", la_code="201", ons_code="E06000001")
B = LocalAuthority(urn=2, name="Beta", la_code="202", ons_code="E06000002")
O, G = Grade.OUTSTANDING, Grade.GOOD


def test_streak_rules_on_a_hand_made_history() -> None:
    visit = ilacs(1, date(2020, 3, 1), None, kind=InspectionKind.FOCUSED_VISIT)
    history = [
        ilacs(1, date(2018, 6, 1), O),
        visit,
        ilacs(1, date(2021, 6, 1), O),
        ilacs(1, date(2024, 6, 1), O),
        ilacs(1, date(2026, 7, 1), G),  # ILACS 2026: no overall grade
        ilacs(2, date(2019, 1, 1), O),
        ilacs(2, date(2022, 1, 1), O),
        ilacs(2, date(2023, 6, 1), O),
    ]
    ds = Dataset(authorities=[A, B], inspections=history)
    found = ds.streaks(O, 3)
    assert [(s.authority.name, s.reached) for s in found] == [
        ("Beta", date(2023, 6, 1)),
        ("Alpha", date(2024, 6, 1)),
    ]
    alpha = found[1]
    assert visit not in alpha.inspections
    assert alpha.length == 3 and not alpha.ongoing  # ended by the inspection with no overall
    assert found[0].ongoing
    assert ds.streaks(O, 3, as_of=date(2024, 1, 1))[0].authority.name == "Beta"
    assert ds.streaks(O, 4) == ()
    assert ds.streaks(G, 1, or_better=True)[0].length == 3


@given(datasets(), grades(), st.integers(min_value=1, max_value=4), st.randoms())
def test_streaks_do_not_depend_on_input_order(
    ds: Dataset, grade: Grade, length: int, rnd: random.Random
) -> None:
    shuffled_a = list(ds.authorities)
    shuffled_i = list(ds.inspections)
    rnd.shuffle(shuffled_a)
    rnd.shuffle(shuffled_i)
    other = Dataset(authorities=shuffled_a, inspections=shuffled_i)
    assert ds.streaks(grade, length) == other.streaks(grade, length)


@given(datasets(), grades(), st.integers(min_value=1, max_value=3))
def test_streaks_are_runs_of_graded_matching_inspections(
    ds: Dataset, grade: Grade, length: int
) -> None:
    found = ds.streaks(grade, length)
    reached = [s.reached for s in found]
    assert reached == sorted(reached)
    for streak in found:
        assert streak.length >= length
        assert all(i.grade() is grade for i in streak.inspections)
        graded = [i for i in ds.history(streak.authority) if i.judges_services]
        first = graded.index(streak.inspections[0])
        # successive graded inspections, maximal at both ends
        assert graded[first : first + streak.length] == list(streak.inspections)
        if first > 0:
            assert graded[first - 1].grade() is not grade
        after = first + streak.length
        if after < len(graded):
            assert graded[after].grade() is not grade
        assert streak.ongoing == (after == len(graded))
        assert streak.reached == streak.inspections[length - 1].known_from


@given(datasets(), grades(), st.integers(min_value=1, max_value=3), st.data())
def test_an_ungraded_visit_changes_nothing(
    ds: Dataset, grade: Grade, length: int, data: st.DataObject
) -> None:
    authority = data.draw(st.sampled_from(ds.authorities))
    day = data.draw(st.dates(min_value=date(2018, 3, 1), max_value=date(2030, 1, 1)))
    assume(all(i.known_from != day for i in ds.history(authority)))
    visit = ilacs(authority.key, day, None, kind=InspectionKind.MONITORING_VISIT)
    more = Dataset(authorities=ds.authorities, inspections=[*ds.inspections, visit])
    assert more.streaks(grade, length) == ds.streaks(grade, length)


@given(grades(), st.integers(min_value=2, max_value=6), st.data())
def test_a_non_matching_graded_inspection_splits_a_run(
    grade: Grade, n: int, data: st.DataObject
) -> None:
    days = sorted(
        data.draw(
            st.lists(
                st.dates(min_value=date(2018, 3, 1), max_value=date(2026, 3, 1)),
                min_size=n + 1,
                max_size=n + 1,
                unique=True,
            )
        )
    )
    split = data.draw(st.integers(min_value=1, max_value=n - 1))
    other = data.draw(st.sampled_from([g for g in Grade if g is not grade] + [None]))
    items = [ilacs(1, day, grade) for day in days if day != days[split]]
    if other is None:  # graded, but not for the area asked about
        splitter = ilacs(1, days[split], Grade.GOOD, area="impact_of_leaders")
    else:
        splitter = ilacs(1, days[split], other)
    whole = Dataset(authorities=[A], inspections=items)
    assert [s.length for s in whole.streaks(grade, 1)] == [n]
    split_ds = Dataset(authorities=[A], inspections=[*items, splitter])
    assert [s.length for s in split_ds.streaks(grade, 1)] == [split, n - split]


@given(datasets(), st.dates(min_value=date(2009, 1, 1), max_value=date(2031, 1, 1)), grades())
def test_as_of_never_shows_the_future(ds: Dataset, day: date, grade: Grade) -> None:
    past = ds.as_of(day)
    assert all(i.known_from <= day for i in past.inspections)
    assert {i for i in ds.inspections if i.known_from <= day} == set(past.inspections)
    for streak in ds.streaks(grade, 1, as_of=day):
        assert all(i.known_from <= day for i in streak.inspections)
    for authority in ds.authorities:
        latest = ds.latest(authority, day)
        assert latest is None or latest.known_from <= day
        assert ds.history(authority, as_of=day) == past.history(authority)


@given(datasets())
def test_latest_is_the_last_graded(ds: Dataset) -> None:
    for authority in ds.authorities:
        graded = [i for i in ds.history(authority) if i.judges_services]
        assert ds.latest(authority) == (graded[-1] if graded else None)


def test_bad_arguments_are_refused() -> None:
    ds = Dataset(authorities=[A], inspections=[])
    with pytest.raises(UnknownAreaError):
        ds.streaks(O, 2, area="overall")
    with pytest.raises(OfstedRatingsError, match="min_length"):
        ds.streaks(O, 0)
    assert ds.streaks(O, 2, as_of="2020-01-01") == ()
    with pytest.raises(DateError, match=r"^as_of must be a date"):
        ds.streaks(O, 2, as_of="1 January 2020")
    with pytest.raises(OfstedRatingsError):
        ds.compare()


def test_compare_and_trajectory() -> None:
    history = [
        ilacs(1, date(2019, 1, 1), G),
        ilacs(1, date(2022, 1, 1), O),
        ilacs(2, date(2020, 1, 1), G),
    ]
    ds = Dataset(authorities=[A, B], inspections=history)
    comparison = ds.compare("Beta", "alpha", 1)
    assert [row.authority.name for row in comparison.rows] == ["Beta", "Alpha"]
    assert comparison.rows[1].counts()[O] == 1
    assert [p.grade for p in ds.trajectory("Alpha")] == [G, O]
    assert [a.name for a, _ in ds.rated(O)] == ["Alpha"]
    assert [a.name for a, _ in ds.rated(G, as_of=date(2021, 1, 1))] == ["Alpha", "Beta"]


def test_an_authority_created_by_reorganisation_starts_fresh() -> None:
    old = LocalAuthority(
        urn=10, name="Old County", la_code="301", abolished=date(2021, 4, 1), successors=(11,)
    )
    new = LocalAuthority(
        urn=11, name="New Unitary", la_code="302", created=date(2021, 4, 1), predecessors=(10,)
    )
    history = [
        ilacs(10, date(2018, 6, 1), O),
        ilacs(10, date(2020, 6, 1), O),
        ilacs(11, date(2022, 6, 1), O),
    ]
    ds = Dataset(authorities=[old, new], inspections=history)
    assert [(s.authority.name, s.length) for s in ds.streaks(O, 2)] == [("Old County", 2)]
    assert ds.streaks(O, 3) == ()
    assert [a.name for a, _ in ds.rated(O)] == ["New Unitary"]
    assert [a.name for a, _ in ds.rated(O, as_of=date(2021, 1, 1))] == ["Old County"]
