"""One test per query rule, each pinned at its boundary.

Each example test here fails if its rule is broken in the obvious way (a ``<=`` that becomes
``<``, a ``continue`` that becomes ``break``, a count that stops at one), and the property
tests state the general rules over generated datasets. The datasets are built by hand so the
exact boundary days are known.
"""

from __future__ import annotations

import operator
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings import (
    FRAMEWORKS,
    Dataset,
    DateError,
    FrameworkId,
    Grade,
    Inspection,
    InspectionKind,
    LocalAuthority,
    OfstedRatingsError,
    RecordError,
    Source,
    SourceKind,
    UnknownAreaError,
    UnknownFrameworkError,
    framework_for,
    queries,
)
from ofsted_ratings.groups import Group
from ofsted_ratings.queries import Streak
from ofsted_ratings.testing import datasets, grades

O, G = Grade.OUTSTANDING, Grade.GOOD
RI, BAD = Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE
OVERALL = "overall_effectiveness"
LEADERS = "impact_of_leaders"

SOURCE = Source(
    kind=SourceKind.REPORT,
    url="https://files.ofsted.gov.uk/v1/file/2",
    title="Children's services inspection",
    sha256="2" * 64,
)

A = LocalAuthority(urn=1, name="Alpha", la_code="201", ons_code="E06000001")
B = LocalAuthority(urn=2, name="Beta", la_code="202", ons_code="E06000002")
C = LocalAuthority(urn=3, name="Gamma", la_code="203", ons_code="E06000003")


def _framework(start: date) -> FrameworkId:
    if start >= date(2026, 4, 1):
        return FrameworkId.ILACS_2026
    if start >= date(2023, 1, 1):
        return FrameworkId.ILACS_2023
    if start >= date(2018, 1, 1):
        return FrameworkId.ILACS_2018
    return FrameworkId.SIF


def inspection(
    urn: int,
    published: date,
    grades_: dict[str, Grade] | None = None,
    *,
    kind: InspectionKind | None = None,
) -> Inspection:
    """An inspection published on ``published`` that started 40 days before.

    The framework follows the start date; ``kind`` defaults to the framework's usual graded
    kind, and ``grades_`` defaults to none (an ungraded visit needs an ungraded kind).
    """
    start = published - timedelta(days=40)
    framework = _framework(start)
    if kind is None:
        kind = InspectionKind.INSPECTION if framework is FrameworkId.SIF else InspectionKind.SHORT
    return Inspection(
        authority_key=urn,
        framework=framework,
        kind=kind,
        start=start,
        end=start + timedelta(days=5),
        published=published,
        judgements=grades_ or {},
        source=SOURCE,
    )


def overall(urn: int, published: date, grade: Grade) -> Inspection:
    return inspection(urn, published, {OVERALL: grade})


def visit(urn: int, published: date) -> Inspection:
    return inspection(urn, published, kind=InspectionKind.MONITORING_VISIT)


def lscb_review(urn: int, published: date, grade: Grade) -> Inspection:
    return inspection(urn, published, {"lscb": grade}, kind=InspectionKind.LSCB_REVIEW)


# -- as_of: a report published on the day itself counts ----------------------------------------

DAY = date(2021, 6, 15)


def _day_dataset() -> Dataset:
    return Dataset(
        authorities=[A],
        inspections=[overall(1, date(2019, 3, 1), O), overall(1, DAY, O)],
        release=date(2022, 1, 1),
    )


def test_as_of_counts_a_report_published_that_day() -> None:
    ds = _day_dataset()
    assert [i.known_from for i in ds.as_of(DAY).inspections] == [date(2019, 3, 1), DAY]
    assert [i.known_from for i in ds.as_of(DAY - timedelta(days=1)).inspections] == [
        date(2019, 3, 1)
    ]


def test_as_of_release_is_the_earlier_of_the_day_and_the_release() -> None:
    ds = _day_dataset()
    assert ds.as_of(DAY).release == DAY
    assert ds.as_of(date(2023, 1, 1)).release == date(2022, 1, 1)
    assert ds.as_of(date(2022, 1, 1)).release == date(2022, 1, 1)
    undated = Dataset(authorities=[A], inspections=[])
    assert undated.as_of(DAY).release == DAY


def test_as_of_needs_a_plain_date() -> None:
    ds = _day_dataset()
    # ISO text is a date too; any other text, or a datetime, is refused by name.
    assert queries.as_of(ds, "2021-06-15").release == queries.as_of(ds, DAY).release
    with pytest.raises(DateError, match=r"day must be a date: .* not '15/06/2021'"):
        queries.as_of(ds, "15/06/2021")
    with pytest.raises(DateError, match=r"^day must be a date"):
        queries.as_of(ds, datetime(2021, 6, 15))  # noqa: DTZ001 - refused
    with pytest.raises(OfstedRatingsError) as info:
        queries.as_of(ds, None)  # type: ignore[arg-type]
    assert str(info.value) == "as_of needs a date"


def test_errors_name_what_was_wrong() -> None:
    ds = _day_dataset()
    with pytest.raises(UnknownAreaError) as area:
        ds.trajectory(A, "overall")
    assert str(area.value).startswith(
        "unknown judgement area 'overall'; known: overall_effectiveness, impact_of_leaders, "
    )
    with pytest.raises(OfstedRatingsError) as empty:
        ds.compare()
    assert str(empty.value) == "compare needs at least one authority"


def test_history_as_of_counts_a_report_published_that_day() -> None:
    ds = _day_dataset()
    assert len(ds.history(A, as_of=DAY)) == 2
    assert len(ds.history(A, as_of=DAY - timedelta(days=1))) == 1
    assert ds.latest(A, DAY) == ds.inspections[1]


def test_streaks_as_of_counts_a_report_published_that_day() -> None:
    ds = _day_dataset()
    assert [s.length for s in ds.streaks(O, 2, as_of=DAY)] == [2]
    assert ds.streaks(O, 2, as_of=DAY - timedelta(days=1)) == ()


def test_a_datetime_is_not_a_day() -> None:
    ds = _day_dataset()
    moment = datetime(2021, 6, 15, 12, 0)  # noqa: DTZ001 - the point is that it is refused
    with pytest.raises(DateError, match=r"as_of must be a date: a datetime\.date or"):
        ds.history(A, as_of=moment)
    with pytest.raises(OfstedRatingsError, match="as_of must be"):
        ds.streaks(O, 1, as_of=moment)
    with pytest.raises(OfstedRatingsError, match="as_of must be"):
        ds.compare(A, as_of=moment)
    with pytest.raises(OfstedRatingsError, match="as_of must be"):
        ds.rated(O, as_of=moment)
    with pytest.raises(OfstedRatingsError, match="as_of must be"):
        ds.trajectory(A, as_of=moment)
    # Checked before anything else: with no authority to look at, or one that is unknown.
    with pytest.raises(OfstedRatingsError, match="as_of must be"):
        Dataset(authorities=[], inspections=[]).rated(O, as_of=moment)
    with pytest.raises(OfstedRatingsError, match="as_of must be"):
        ds.compare("Nowhere", as_of=moment)


@given(datasets(), st.data(), st.integers(0, 4000))
def test_as_of_includes_its_own_day_and_only_grows(
    ds: Dataset, data: st.DataObject, later: int
) -> None:
    day = data.draw(st.sampled_from([i.known_from for i in ds.inspections] or [DAY]))
    then, now = ds.as_of(day), ds.as_of(day + timedelta(days=later))
    assert all(i in then.inspections for i in ds.inspections if i.known_from == day)
    assert set(then.inspections) <= set(now.inspections)
    for authority in ds.authorities:
        history = ds.history(authority, as_of=day)
        assert history == then.history(authority)
        assert all(i in history for i in ds.history(authority) if i.known_from == day)
        assert ds.history(authority, as_of=day - timedelta(days=1)) == tuple(
            i for i in history if i.known_from < day
        )
        assert len(history) <= len(now.history(authority))


# -- latest --------------------------------------------------------------------------------------


def test_latest_skips_visits_and_lscb_reviews() -> None:
    first = overall(1, date(2016, 1, 10), G)
    ds = Dataset(
        authorities=[A],
        inspections=[first, lscb_review(1, date(2016, 9, 1), O), visit(1, date(2019, 5, 1))],
    )
    assert ds.latest(A) == first
    assert ds.latest(A, date(2016, 1, 9)) is None


def test_latest_with_an_area_needs_a_grade_for_it() -> None:
    with_leaders = inspection(1, date(2019, 3, 1), {OVERALL: G, LEADERS: O})
    without = overall(1, date(2022, 3, 1), RI)
    ds = Dataset(authorities=[A], inspections=[with_leaders, without])
    assert ds.latest(A) == without
    assert queries.latest(ds, A, area=LEADERS) == with_leaders
    assert queries.latest(ds, A, area=OVERALL) == without
    assert queries.latest(ds, A, area="care_leavers") is None
    with pytest.raises(UnknownAreaError):
        queries.latest(ds, A, area="leaders")


# -- streaks -------------------------------------------------------------------------------------


def test_trajectory_honours_as_of_and_keeps_each_inspection() -> None:
    ds = _day_dataset()
    points = ds.trajectory(A, as_of=DAY)
    assert [(p.published, p.grade, p.inspection) for p in points] == [
        (date(2019, 3, 1), O, ds.inspections[0]),
        (DAY, O, ds.inspections[1]),
    ]
    assert len(ds.trajectory(A, as_of=DAY - timedelta(days=1))) == 1


def test_or_better_includes_the_grade_asked_for() -> None:
    ds = Dataset(
        authorities=[A],
        inspections=[
            overall(1, date(2018, 9, 1), G),
            overall(1, date(2020, 9, 1), O),
            overall(1, date(2022, 9, 1), G),
            overall(1, date(2024, 9, 1), RI),
        ],
    )
    (run,) = ds.streaks(G, 3, or_better=True)
    assert [i.grade() for i in run.inspections] == [G, O, G]
    assert run.grade is G and not run.ongoing
    assert ds.streaks(G, 2) == ()
    assert [s.length for s in ds.streaks(RI, 1, or_better=True)] == [4]
    assert [s.length for s in ds.streaks(O, 1, or_better=True)] == [1]


def test_a_standalone_lscb_review_neither_counts_nor_breaks_a_run() -> None:
    sif = {OVERALL: O, "lscb": O}
    ds = Dataset(
        authorities=[A],
        inspections=[
            inspection(1, date(2014, 6, 1), sif),
            lscb_review(1, date(2015, 6, 1), O),
            inspection(1, date(2017, 6, 1), sif),
        ],
    )
    assert [s.length for s in ds.streaks(O, 2)] == [2]
    # The review grades the board only; it is no link in a run of board grades either.
    assert [s.length for s in ds.streaks(O, 1, area="lscb")] == [2]
    assert [p.published for p in ds.trajectory(A)] == [date(2014, 6, 1), date(2017, 6, 1)]


def test_the_kinds_that_judge_services() -> None:
    judging = {kind for kind in InspectionKind if kind.judges_services}
    assert judging == {
        InspectionKind.INSPECTION,
        InspectionKind.RE_INSPECTION,
        InspectionKind.SHORT,
        InspectionKind.STANDARD,
    }
    graded = {kind for kind in InspectionKind if kind.graded}
    assert graded == judging | {InspectionKind.LSCB_REVIEW}


def test_streak_fields() -> None:
    ds = Dataset(
        authorities=[A, B],
        inspections=[
            overall(1, date(2018, 9, 1), O),
            overall(1, date(2020, 9, 1), O),
            overall(1, date(2022, 9, 1), O),
            overall(2, date(2019, 2, 1), O),
            overall(2, date(2020, 9, 1), O),
        ],
    )
    first, second = ds.streaks(O, 2)
    assert (first.authority, second.authority) == (A, B)  # same day reached: by name
    assert first.reached == second.reached == date(2020, 9, 1)
    assert (first.first, first.last, first.length) == (date(2018, 9, 1), date(2022, 9, 1), 3)
    assert first.area == OVERALL and first.ongoing
    (only,) = ds.streaks(O, 3)
    assert only.reached == date(2022, 9, 1)
    beta_only = Group("beta", "Beta only", (B,))
    assert [s.authority for s in ds.streaks(O, 1, group=beta_only)] == [B]


def test_the_query_defaults_match_the_dataset_methods() -> None:
    ds = Dataset(
        authorities=[A, B, C],
        inspections=[
            overall(1, date(2018, 9, 1), O),
            overall(1, date(2020, 9, 1), G),
            overall(1, date(2022, 9, 1), O),
            overall(2, date(2019, 2, 1), O),
            overall(2, date(2021, 2, 1), O),
            overall(3, date(2019, 2, 1), O),
            overall(3, date(2021, 2, 1), O),
            overall(3, date(2023, 2, 1), O),
        ],
    )
    # Twice running, exact grade and headline area unless asked otherwise.
    assert [(s.authority, s.length) for s in queries.streaks(ds, O)] == [(B, 2), (C, 3)]
    assert queries.streaks(ds, O) == ds.streaks(O)
    assert [s.length for s in queries.streaks(ds, G)] == []
    assert queries.trajectory(ds, A) == ds.trajectory(A)
    assert [p.grade for p in queries.trajectory(ds, A)] == [O, G, O]
    assert [a for a, _ in queries.rated(ds, O)] == [A, B, C]


def test_streaks_are_built_by_keyword_only() -> None:
    with pytest.raises(TypeError):
        Streak(A, O, OVERALL, (), DAY, True)  # type: ignore[call-arg]


def test_streaks_refuse_bad_lengths() -> None:
    ds = _day_dataset()
    for bad in (0, -1, 1.0, True, "2"):
        with pytest.raises(OfstedRatingsError, match="min_length"):
            ds.streaks(O, bad)  # type: ignore[arg-type]
    assert [s.length for s in ds.streaks("outstanding", 1)] == [2]


@given(datasets(), st.sampled_from([OVERALL, LEADERS, "help_and_protection", "lscb"]))
def test_streak_lengths_sum_to_the_graded_inspections(ds: Dataset, area: str) -> None:
    judged = [i for i in ds.inspections if i.judges_services and i.grade(area) is not None]
    total = 0
    for grade in Grade:
        runs = ds.streaks(grade, 1, area=area)
        assert sum(s.length for s in runs) == sum(1 for i in judged if i.grade(area) is grade)
        total += sum(s.length for s in runs)
    assert total == len(judged)


@given(datasets(), grades(), st.integers(1, 3))
def test_or_better_runs_cover_the_exact_runs(ds: Dataset, grade: Grade, length: int) -> None:
    exact = {i for s in ds.streaks(grade, length) for i in s.inspections}
    better = {i for s in ds.streaks(grade, length, or_better=True) for i in s.inspections}
    assert exact <= better
    assert all(i.grade() >= grade for i in better)


# -- compare -------------------------------------------------------------------------------------


def _compare_dataset() -> Dataset:
    return Dataset(
        authorities=[A, B, C],
        inspections=[
            overall(1, date(2019, 1, 1), G),
            overall(1, date(2022, 1, 1), O),
            overall(1, date(2024, 1, 1), O),
            visit(1, date(2025, 1, 1)),
            overall(2, date(2020, 1, 1), RI),
            overall(2, date(2023, 6, 1), G),
        ],
    )


def test_compare_keeps_going_after_a_repeated_authority() -> None:
    ds = _compare_dataset()
    comparison = ds.compare("Alpha", A, 1, "Beta", "Gamma")
    assert [row.authority for row in comparison.rows] == [A, B, C]


def test_compare_latest_is_the_last_graded_inspection() -> None:
    ds = _compare_dataset()
    alpha, beta, gamma = ds.compare(A, B, C).rows
    assert alpha.latest is not None and alpha.latest.known_from == date(2024, 1, 1)
    assert [i.known_from.year for i in alpha.history] == [2019, 2022, 2024]
    assert beta.latest is not None and beta.latest.grade() is G
    assert gamma.latest is None and gamma.history == ()


def test_compare_honours_as_of() -> None:
    ds = _compare_dataset()
    comparison = ds.compare(A, B, as_of=date(2022, 1, 1))
    assert comparison.as_of == date(2022, 1, 1)
    alpha, beta = comparison.rows
    assert [i.known_from.year for i in alpha.history] == [2019, 2022]
    assert alpha.latest is not None and alpha.latest.known_from == date(2022, 1, 1)
    assert beta.latest is not None and beta.latest.grade() is RI


def test_counts_count_every_inspection() -> None:
    alpha = _compare_dataset().compare(A).rows[0]
    assert alpha.counts() == {O: 2, G: 1, RI: 0, BAD: 0}
    assert alpha.counts(LEADERS) == dict.fromkeys(Grade, 0)


def test_comparison_areas_in_shared_key_order() -> None:
    ds = Dataset(
        authorities=[A, B],
        inspections=[
            inspection(1, date(2019, 3, 1), {"help_and_protection": G, OVERALL: G}),
            inspection(2, date(2020, 3, 1), {LEADERS: O}),
        ],
    )
    assert ds.compare(A, B).areas() == (OVERALL, LEADERS, "help_and_protection")
    assert ds.compare(A, B, as_of=date(2019, 1, 1)).areas() == ()


def test_subset_keeps_the_authorities_asked_for_and_their_inspections() -> None:
    ds = _compare_dataset()
    part = queries.subset(ds, ["Gamma", B, 2, "alpha"])
    assert part.authorities == (C, B, A)
    assert [i.urn for i in part.inspections] == [2, 2, 1, 1, 1, 1]
    assert queries.subset(ds, []).inspections == ()
    assert part.release == ds.release and part.origin == ds.origin


# -- rated ---------------------------------------------------------------------------------------


def test_rated_on_the_day_of_a_reorganisation() -> None:
    old = LocalAuthority(urn=10, name="Old", la_code="301", abolished=date(2021, 4, 1))
    new = LocalAuthority(urn=11, name="New", la_code="302", created=date(2021, 4, 1))
    settled = LocalAuthority(urn=12, name="Settled", la_code="303", created=date(2009, 4, 1))
    ds = Dataset(
        authorities=[old, new, settled],
        inspections=[
            overall(10, date(2019, 6, 1), O),
            overall(11, date(2021, 4, 1), O),
            overall(12, date(2019, 6, 1), O),
        ],
    )
    assert [a.name for a, _ in ds.rated(O, as_of=date(2021, 3, 31))] == ["Old", "Settled"]
    assert [a.name for a, _ in ds.rated(O, as_of=date(2021, 4, 1))] == ["New", "Settled"]
    assert [a.name for a, _ in ds.rated("outstanding")] == ["New", "Settled"]
    assert ds.rated(O, area=LEADERS) == ()


def test_rated_sorts_by_name_and_reads_the_latest_only() -> None:
    ds = Dataset(
        authorities=[C, B, A],
        inspections=[
            overall(3, date(2019, 1, 1), G),
            overall(2, date(2019, 1, 1), O),
            overall(2, date(2021, 1, 1), G),
            overall(1, date(2020, 1, 1), G),
        ],
    )
    assert [a.name for a, _ in ds.rated(G)] == ["Alpha", "Beta", "Gamma"]
    assert [a.name for a, _ in ds.rated(O, as_of=date(2020, 12, 31))] == ["Beta"]


# -- frameworks: the date boundaries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2013, 11, 1), FrameworkId.SIF),
        (date(2017, 12, 31), FrameworkId.SIF),
        (date(2018, 1, 1), FrameworkId.ILACS_2018),
        (date(2018, 7, 1), FrameworkId.ILACS_2018),
        (date(2022, 12, 31), FrameworkId.ILACS_2018),
        (date(2023, 1, 1), FrameworkId.ILACS_2023),
        (date(2023, 1, 2), FrameworkId.ILACS_2023),
        (date(2026, 3, 31), FrameworkId.ILACS_2023),
        (date(2026, 4, 1), FrameworkId.ILACS_2026),
        (date(2026, 4, 2), FrameworkId.ILACS_2026),
        (date(2040, 1, 1), FrameworkId.ILACS_2026),
    ],
)
def test_framework_for_either_side_of_each_boundary(day: date, expected: FrameworkId) -> None:
    assert framework_for(day).id is expected
    assert FRAMEWORKS[expected].covers(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2013, 11, 1), FrameworkId.SIF),
        (date(2018, 1, 1), FrameworkId.SIF),
        (date(2018, 6, 30), FrameworkId.SIF),
        (date(2018, 7, 1), FrameworkId.ILACS_2018),
    ],
)
def test_framework_for_a_graded_sif_reinspection(day: date, expected: FrameworkId) -> None:
    assert framework_for(day, graded_sif_reinspection=True).id is expected


@pytest.mark.parametrize(
    "day", [date(2008, 12, 31), date(2009, 4, 1), date(2013, 1, 1), date(2013, 10, 31)]
)
def test_framework_for_refuses_days_before_the_sif(day: date) -> None:
    # Before November 2013 two frameworks could cover one day; framework_for will not guess.
    with pytest.raises(UnknownFrameworkError, match=f"starting {day}"):
        framework_for(day)
    with pytest.raises(UnknownFrameworkError):
        framework_for(day, graded_sif_reinspection=True)


@pytest.mark.parametrize(
    ("framework", "first", "last"),
    [
        (FrameworkId.SLAC_2009, date(2009, 4, 1), date(2013, 10, 31)),
        (FrameworkId.LAC_2013, date(2013, 1, 1), date(2013, 12, 31)),
        (FrameworkId.SIF, date(2013, 11, 1), date(2018, 6, 30)),
        (FrameworkId.ILACS_2018, date(2018, 1, 1), date(2022, 12, 31)),
        (FrameworkId.ILACS_2023, date(2023, 1, 1), date(2026, 3, 31)),
        (FrameworkId.ILACS_2026, date(2026, 4, 1), None),
    ],
)
def test_framework_ranges(framework: FrameworkId, first: date, last: date | None) -> None:
    found = FRAMEWORKS[framework]
    assert (found.start, found.end) == (first, last)
    assert found.covers(first)
    assert not found.covers(first - timedelta(days=1))
    if last is not None:
        assert found.covers(last)
        assert not found.covers(last + timedelta(days=1))


@given(st.dates(date(2018, 1, 1), date(2040, 12, 31)))
def test_the_ilacs_frameworks_never_overlap(day: date) -> None:
    ilacs = (FrameworkId.ILACS_2018, FrameworkId.ILACS_2023, FrameworkId.ILACS_2026)
    covering = [key for key in ilacs if FRAMEWORKS[key].covers(day)]
    assert covering == [framework_for(day).id]


def test_an_inspection_outside_its_framework_is_refused() -> None:
    with pytest.raises(RecordError, match="outside"):
        Inspection(
            authority_key=1,
            framework=FrameworkId.ILACS_2018,
            kind=InspectionKind.SHORT,
            start=date(2023, 1, 1),
            end=date(2023, 1, 5),
            published=date(2023, 2, 1),
            judgements={OVERALL: G},
            source=SOURCE,
        )


# -- grades: order only among grades -------------------------------------------------------------


@pytest.mark.parametrize("name", ["lt", "le", "gt", "ge"])
@pytest.mark.parametrize("other", [2, "good", None, 2.0])
def test_grades_do_not_order_against_other_types(name: str, other: object) -> None:
    compare = getattr(operator, name)
    with pytest.raises(TypeError):
        compare(Grade.GOOD, other)
    with pytest.raises(TypeError):
        compare(other, Grade.GOOD)


@pytest.mark.parametrize("other", ["good", 2, None])
def test_a_grade_equals_only_itself(other: object) -> None:
    assert operator.eq(Grade.GOOD, other) is False
    assert operator.eq(other, Grade.GOOD) is False
    assert operator.ne(Grade.GOOD, other) is True
    assert operator.ne(other, Grade.GOOD) is True


@pytest.mark.parametrize(("better", "worse"), [(O, G), (G, RI), (RI, BAD), (O, BAD)])
def test_better_grades_are_greater(better: Grade, worse: Grade) -> None:
    assert better > worse and better >= worse and not better < worse and not better <= worse
    assert worse < better and worse <= better and not worse > better and not worse >= better
    assert better >= better and better <= better and not better < better
    assert not better > better
