"""The one merge policy: identity, precedence, disagreements, corrections and conflicts.

Each example pins one rule on a small made-up world (two authorities); the properties at
the end run the merges over generated records and rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import SimpleNamespace

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings import Dataset, load
from ofsted_ratings.frameworks import AREA_KEYS, FrameworkId, InspectionKind, framework_for
from ofsted_ratings.grades import Grade
from ofsted_ratings.integrity import check
from ofsted_ratings.merge import (
    FILLED,
    INFERRED,
    MOVED,
    PUBLISHED_WINDOW_DAYS,
    REVIEW_WINDOW_DAYS,
    START_WINDOW_DAYS,
    UPGRADED,
    Correction,
    Corrections,
    Disagreement,
    Merged,
    MergeError,
    Reported,
    ReportListing,
    Resolution,
    from_report,
    infer_kinds,
    match_inspection,
    merge_official,
    merge_reports,
    read_corrections,
    repoint,
    resolve_authority,
)
from ofsted_ratings.models import (
    Inspection,
    KindBasis,
    LocalAuthority,
    Region,
    Source,
    SourceKind,
)
from ofsted_ratings.sources.official import LatestOutcome, OfficialInspection, OfficialOutcomes
from ofsted_ratings.sources.reports import ReportRecord

LEEDS = LocalAuthority(urn=80481, name="Leeds", la_code="383", ons_code="E08000035")
#: Created in 2019 (for the tests), so that a record can fall before its lifetime.
YORK = LocalAuthority(
    urn=80500, name="York", la_code="816", ons_code="E06000014", created=date(2019, 4, 1)
)
WORLD = Dataset(authorities=[LEEDS, YORK], inspections=())

START = date(2022, 2, 21)
PUBLISHED = date(2022, 5, 9)
STATS_URL = "https://stats.example/outcomes.ods"
NEWEST = "outcomes-2025.ods"
OLDER = "outcomes-2024.ods"
GOOD, RI, OUT = Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.OUTSTANDING


def _grades(day: date, grade: Grade = GOOD, **changes: Grade) -> dict[str, Grade]:
    return {**dict.fromkeys(framework_for(day).area_keys, grade), **changes}


def _report(
    urn: int | str = 80481,
    start: date = START,
    published: date = PUBLISHED,
    *,
    grades: Mapping[str, Grade] | None = None,
    kind: InspectionKind | None = None,
    lead: str | None = None,
    url: str = "https://files.example/1",
) -> Inspection:
    return Inspection(
        authority_key=urn,
        framework=framework_for(start).id,
        kind=kind,
        start=start,
        end=start + timedelta(days=4),
        published=published,
        judgements=_grades(start) if grades is None else grades,
        lead_inspector=lead,
        source=Source(
            kind=SourceKind.REPORT,
            url=url,
            title="Children's services inspection",
            sha256="a" * 64,
            published=published,
        ),
    )


def _official_only(
    urn: int | str = 80481,
    start: date = START,
    published: date = PUBLISHED,
    *,
    grades: Mapping[str, Grade] | None = None,
    kind: InspectionKind = InspectionKind.SHORT,
) -> Inspection:
    return Inspection(
        authority_key=urn,
        framework=framework_for(start).id,
        kind=kind,
        start=start,
        end=None,
        published=published,
        judgements=_grades(start) if grades is None else grades,
        source=Source(
            kind=SourceKind.OFFICIAL_STATISTICS,
            url=STATS_URL,
            title="Local authority inspection outcomes as at 31 March 2025",
            published=date(2025, 7, 1),
        ),
    )


def _row(
    authority: LocalAuthority = LEEDS,
    start: date | None = START,
    published: date | None = PUBLISHED,
    *,
    kind: InspectionKind = InspectionKind.SHORT,
    grades: Mapping[str, Grade] | None = None,
    number: int = 2,
) -> OfficialInspection:
    day = start or published
    assert day is not None
    return OfficialInspection(
        la_name=authority.name,
        ons_code=authority.ons_code,
        region=Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER,
        status="Current",
        start=start,
        published=published,
        kind=kind,
        judgements=_grades(day) if grades is None else grades,
        sheet="ILACS_inspection_history",
        row=number,
    )


def _latest(authority: LocalAuthority = LEEDS, start: date = START) -> LatestOutcome:
    return LatestOutcome(
        la_name=authority.name,
        ons_code=authority.ons_code,
        region=Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER,
        start=start,
        published=None,
        not_yet_inspected=False,
        judgements=_grades(start),
        sheet="Inspections_as_at_31_March",
        row=3,
    )


def _file(
    name: str = NEWEST,
    history: Iterable[OfficialInspection] = (),
    latest: Iterable[LatestOutcome] = (),
    *,
    year: int = 2025,
) -> OfficialOutcomes:
    return OfficialOutcomes(
        path=f"/sources/{name}",
        sha256="b" * 64,
        layout=str(year),
        as_at=date(year, 3, 31),
        published=date(year, 7, 1),
        latest=tuple(latest),
        in_year=(),
        history=tuple(history),
    )


def _official(
    known: Iterable[Inspection], *files: OfficialOutcomes, corrections: Corrections | None = None
) -> Merged:
    return merge_official(
        tuple(known),
        files,
        WORLD,
        url=STATS_URL,
        corrections=Corrections() if corrections is None else corrections,
    )


def _merge(
    known: Iterable[Inspection],
    reports: Iterable[Reported],
    *,
    corrections: Corrections | None = None,
) -> Merged:
    return merge_reports(
        tuple(known),
        reports,
        WORLD,
        corrections=Corrections() if corrections is None else corrections,
    )


def _correction(disagreement: Disagreement, resolution: Resolution) -> Corrections:
    return Corrections(
        (
            Correction(
                id=disagreement.id,
                field=disagreement.field,
                file=disagreement.file,
                report=disagreement.ours,
                official=disagreement.theirs,
                resolution=resolution,
                reason="reviewed",
            ),
        )
    )


# --- identity: the matcher -----------------------------------------------------------------


def _dates(start: date | None, published: date | None) -> SimpleNamespace:
    return SimpleNamespace(start=start, published=published)


def test_the_windows_the_data_is_built_with() -> None:
    assert (START_WINDOW_DAYS, PUBLISHED_WINDOW_DAYS, REVIEW_WINDOW_DAYS) == (14, 100, 120)


def test_same_publication_date_comes_before_same_start() -> None:
    by_published = _report(start=START + timedelta(days=40))
    by_start = _report(published=PUBLISHED + timedelta(days=300), url="https://files.example/2")
    row = _dates(START, PUBLISHED)
    assert match_inspection([by_start, by_published], row) is by_published


def test_same_start_comes_before_nearness() -> None:
    exact = _report()
    near = _report(start=START + timedelta(days=5), published=date(2022, 6, 1))
    assert match_inspection([near, exact], _dates(START, None)) is exact


def test_start_window() -> None:
    record = _report()
    edge = START + timedelta(days=START_WINDOW_DAYS)
    assert match_inspection([record], _dates(edge, None)) is record
    assert match_inspection([record], _dates(edge + timedelta(days=1), None)) is None


def test_two_records_near_the_row_match_neither() -> None:
    one = _report()
    other = _report(start=START + timedelta(days=8), published=date(2022, 6, 1))
    assert match_inspection([one, other], _dates(START + timedelta(days=4), None)) is None


def test_publication_window_for_a_row_without_start() -> None:
    record = _report()
    edge = PUBLISHED + timedelta(days=PUBLISHED_WINDOW_DAYS)
    assert match_inspection([record], _dates(None, edge)) is record
    assert match_inspection([record], _dates(None, edge + timedelta(days=1))) is None
    assert match_inspection([record], _dates(None, None)) is None


def test_the_authority_by_ons_code_then_name() -> None:
    row = SimpleNamespace(ons_code=YORK.ons_code, la_name="Leeds")
    assert resolve_authority(WORLD, row) == YORK  # type: ignore[arg-type]
    row = SimpleNamespace(ons_code="E06999999", la_name="Leeds City Council")
    assert resolve_authority(WORLD, row) == LEEDS  # type: ignore[arg-type]
    row = SimpleNamespace(ons_code=None, la_name="Atlantis")
    assert resolve_authority(WORLD, row) is None  # type: ignore[arg-type]


# --- reports -------------------------------------------------------------------------------


def _record(published: date | None) -> ReportRecord:
    return ReportRecord(
        authority="Leeds City",
        framework=FrameworkId.ILACS_2018,
        kind=None,
        start=START,
        end=START + timedelta(days=4),
        published=published,
        lead_inspector="A Inspector",
        judgements=tuple(_report().judgements),
        sha256="c" * 64,
        pages=12,
    )


def _listing(published: date = PUBLISHED) -> ReportListing:
    return ReportListing(
        urn=80481,
        url="https://files.example/1",
        title="ILACS",
        published=published,
        source="list",
    )


def test_the_listing_dates_a_report_that_prints_no_date() -> None:
    reported = from_report(_record(None), _listing())
    assert reported.inspection.published == PUBLISHED
    assert reported.disagreements == ()


def test_a_printed_date_wins_over_the_listing_and_the_difference_is_listed() -> None:
    listed = PUBLISHED + timedelta(days=2)
    reported = from_report(_record(PUBLISHED), _listing(listed))
    assert reported.inspection.published == PUBLISHED
    assert reported.disagreements == (
        Disagreement("80481-2022-05-09", "published", "list", "2022-05-09", "2022-05-11"),
    )
    merged = _merge((), [reported])
    assert merged.new == (reported.inspection,)
    assert merged.unresolved == reported.disagreements


def test_both_publication_dates_are_kept_and_either_identifies_the_report() -> None:
    listed = PUBLISHED + timedelta(days=2)
    inspection = from_report(_record(PUBLISHED), _listing(listed)).inspection
    assert (inspection.published, inspection.source.listed) == (PUBLISHED, listed)
    assert from_report(_record(None), _listing()).inspection.source.listed == PUBLISHED
    elsewhere = START + timedelta(days=60)
    assert match_inspection([inspection], _dates(elsewhere, listed)) is inspection
    assert match_inspection([inspection], _dates(elsewhere, PUBLISHED)) is inspection
    unlisted = attrs.evolve(inspection, source=attrs.evolve(inspection.source, listed=None))
    assert match_inspection([unlisted], _dates(elsewhere, listed)) is None


def test_a_correction_can_choose_the_listed_date() -> None:
    reported = from_report(_record(PUBLISHED), _listing(PUBLISHED + timedelta(days=2)))
    (disagreement,) = reported.disagreements
    merged = _merge((), [reported], corrections=_correction(disagreement, Resolution.OFFICIAL))
    (record,) = merged.new
    assert record.published == record.source.published == PUBLISHED + timedelta(days=2)
    assert merged.unresolved == ()


def test_an_unmatched_report_is_new() -> None:
    known = _report()
    later = _report(start=date(2025, 6, 30), published=date(2025, 8, 12), url="https://f.example/2")
    merged = _merge([known], [Reported(later)])
    assert merged.new == (later,)
    assert merged.changed == ()
    assert merged.inspections == (known, later)


def test_the_same_report_again_changes_nothing() -> None:
    known = _report(kind=InspectionKind.SHORT, lead="A Inspector")
    merged = _merge([known], [Reported(known)])
    assert (merged.new, merged.changed, merged.disagreements) == ((), (), ())


def test_another_report_of_a_known_inspection_fills_gaps_and_disagrees() -> None:
    """A new source never erases a known value: ours stands, the other's is listed."""
    known = _report()
    other = _report(
        grades=_grades(START, overall_effectiveness=OUT),
        kind=InspectionKind.STANDARD,
        lead="A Inspector",
        url="https://files.example/2",
    )
    merged = _merge([known], [Reported(other)])
    ((_, after),) = merged.changed
    assert after == attrs.evolve(
        known,
        kind=InspectionKind.STANDARD,
        kind_basis=KindBasis.REPORT,
        lead_inspector="A Inspector",
    )
    assert merged.unresolved == (
        Disagreement(known.id, "overall_effectiveness", other.source.url, "good", "outstanding"),
    )
    chosen = _merge(
        [known],
        [Reported(other)],
        corrections=_correction(merged.unresolved[0], Resolution.OFFICIAL),
    )
    assert chosen.inspections[0].grade() is OUT


def test_a_reread_lacking_kind_or_inspector_keeps_them() -> None:
    known = _report(kind=InspectionKind.STANDARD, lead="A Inspector")
    reread = _report()
    merged = _merge([known], [Reported(reread)])
    assert merged.inspections == (known,)
    assert merged.disagreements == ()


def test_a_stated_kind_replaces_an_inferred_one_without_disagreement() -> None:
    known = _report(kind=InspectionKind.SHORT)
    inferred = attrs.evolve(known, kind_basis=KindBasis.INFERRED)
    stated = _report(kind=InspectionKind.STANDARD, url="https://files.example/2")
    merged = _merge([inferred], [Reported(stated)])
    assert merged.inspections[0].kind_basis is KindBasis.REPORT
    assert merged.inspections[0].kind is InspectionKind.STANDARD
    assert merged.disagreements == ()


def test_a_report_upgrades_an_official_only_record() -> None:
    known = _official_only(kind=InspectionKind.SHORT)
    report = _report(
        start=START + timedelta(days=1), grades=_grades(START, overall_effectiveness=RI)
    )
    merged = _merge([known], [Reported(report)])
    ((before, after),) = merged.changed
    assert before is known
    assert after.source == report.source
    assert (after.kind, after.start, after.end) == (InspectionKind.SHORT, report.start, report.end)
    assert after.grade() is RI
    assert {(d.field, d.ours, d.theirs, d.file) for d in merged.unresolved} == {
        ("start", "2022-02-22", "2022-02-21", STATS_URL),
        ("overall_effectiveness", "requires improvement", "good", STATS_URL),
    }


def test_a_correction_can_keep_the_official_value_over_a_report() -> None:
    known = _official_only()
    report = _report(grades=_grades(START, overall_effectiveness=RI))
    (disagreement,) = _merge([known], [Reported(report)]).disagreements
    merged = _merge(
        [known], [Reported(report)], corrections=_correction(disagreement, Resolution.OFFICIAL)
    )
    ((_, after),) = merged.changed
    assert after.grade() is GOOD
    assert after.source.kind is SourceKind.REPORT
    assert merged.unresolved == ()


def test_a_new_report_that_fails_the_checks_is_left_out() -> None:
    incomplete = _report(grades={"overall_effectiveness": GOOD})
    merged = _merge((), [Reported(incomplete)])
    assert merged.new == ()
    assert "missing-judgement" in merged.conflicts[0].message
    stranger = _report(urn=1)
    assert "no authority" in _merge((), [Reported(stranger)]).conflicts[0].message


def test_two_reports_of_one_inspection_in_one_merge_conflict() -> None:
    first = _report()
    second = _report(grades=_grades(START, overall_effectiveness=OUT), url="https://f.example/2")
    merged = _merge((), [Reported(first), Reported(second)])
    assert merged.new == (first,)
    assert [c.record for c in merged.conflicts] == [first.id]


def test_a_report_that_would_lose_a_known_value_conflicts() -> None:
    known = _official_only(start=date(2023, 1, 9), published=date(2023, 3, 1))
    report = _report(start=date(2022, 12, 12), published=date(2023, 3, 1))  # another framework
    merged = _merge([known], [Reported(report)])
    assert merged.inspections == (known,)
    (conflict,) = merged.conflicts
    assert "children_in_care" in conflict.message


def test_a_report_that_would_take_another_records_id_conflicts() -> None:
    cited = attrs.evolve(
        _report(start=date(2019, 1, 7), published=date(2019, 3, 1)),
        start=None,
        end=None,
        published=None,
        source=Source(
            kind=SourceKind.DOCUMENT,
            url="https://news.example/1",
            title="News",
            published=PUBLISHED + timedelta(days=30),
        ),
    )
    known = _official_only()
    report = _report(published=PUBLISHED + timedelta(days=30), url="https://f.example/2")
    merged = _merge([known, cited], [Reported(report)])
    assert merged.inspections == (known, cited)
    assert [c.record for c in merged.conflicts] == [cited.id]


# --- official files ------------------------------------------------------------------------


def test_the_newest_file_gives_the_kind_and_an_older_one_disagrees() -> None:
    known = _report()
    newest = _file(NEWEST, [_row(kind=InspectionKind.SHORT)])
    older = _file(OLDER, [_row(start=None, kind=InspectionKind.STANDARD)], year=2024)
    merged = _official([known], older, newest)
    ((_, after),) = merged.changed
    assert after.kind is InspectionKind.SHORT
    (disagreement,) = merged.disagreements
    assert disagreement == Disagreement(known.id, "kind", OLDER, "", "standard")
    settled = _official(
        [known],
        older,
        newest,
        corrections=_correction(disagreement, Resolution.OTHER_OFFICIAL_FILE),
    )
    assert settled.unresolved == ()
    assert settled.inspections == merged.inspections


def test_another_official_file_settles_only_where_ours_is_empty() -> None:
    ours = Disagreement("1-2022-05-09", "kind", OLDER, "short", "standard")
    correction = _correction(ours, Resolution.OTHER_OFFICIAL_FILE)
    assert correction.settle(ours).resolution is None
    assert _correction(ours, Resolution.REPORT).settle(ours).resolution is Resolution.REPORT


def test_a_known_kind_is_not_replaced_by_an_official_file() -> None:
    known = _report(kind=InspectionKind.STANDARD)
    merged = _official([known], _file(NEWEST, [_row(kind=InspectionKind.SHORT)]))
    assert merged.inspections == (known,)
    assert merged.unresolved == (Disagreement(known.id, "kind", NEWEST, "standard", "short"),)


def test_the_report_wins_judgements_and_dates_unless_corrected() -> None:
    known = _report()
    row = _row(start=START - timedelta(days=1), grades=_grades(START, overall_effectiveness=RI))
    merged = _official([known], _file(NEWEST, [row]))
    assert merged.inspections[0].grade() is GOOD
    assert merged.inspections[0].start == START
    assert {d.field for d in merged.unresolved} == {"start", "overall_effectiveness"}
    grade = next(d for d in merged.disagreements if d.field == "overall_effectiveness")
    corrected = _official(
        [known], _file(NEWEST, [row]), corrections=_correction(grade, Resolution.OFFICIAL)
    )
    assert corrected.inspections[0].grade() is RI
    assert [d.field for d in corrected.unresolved] == ["start"]


def test_an_empty_official_value_never_replaces_a_known_one() -> None:
    known = _report(kind=InspectionKind.SHORT)
    row = _row(published=None, grades={"overall_effectiveness": GOOD})
    merged = _official([known], _file(NEWEST, [row]))
    assert merged.inspections == (known,)
    assert merged.disagreements == ()


def test_an_unmatched_row_of_the_newest_history_is_a_new_record() -> None:
    row = _row(YORK, kind=InspectionKind.STANDARD, grades=_grades(START, RI))
    merged = _official([_report()], _file(NEWEST, [row]))
    (added,) = merged.new
    assert (added.urn, added.kind, added.start, added.published) == (
        YORK.urn,
        InspectionKind.STANDARD,
        START,
        PUBLISHED,
    )
    assert added.grade() is RI
    assert added.source.kind is SourceKind.OFFICIAL_STATISTICS
    assert added.source.url == STATS_URL
    assert merged.conflicts == ()


def test_an_unmatched_row_close_to_a_known_record_is_reviewed() -> None:
    known = _report()
    start = START + timedelta(days=START_WINDOW_DAYS + 30)
    close = _row(start=start, published=PUBLISHED + timedelta(days=REVIEW_WINDOW_DAYS))
    merged = _official([known], _file(NEWEST, [close]))
    assert merged.new == ()
    (conflict,) = merged.conflicts
    assert "review the match" in conflict.message
    far = _row(start=start, published=PUBLISHED + timedelta(days=REVIEW_WINDOW_DAYS + 1))
    assert len(_official([known], _file(NEWEST, [far])).new) == 1


def test_an_older_row_must_be_in_the_newest_file() -> None:
    row = _row(YORK, start=None, published=date(2021, 3, 1))
    older = _file(OLDER, [row], year=2024)
    missing = _official([_report()], older, _file(NEWEST))
    assert [c.source for c in missing.conflicts] == [OLDER]
    listed = _official(
        [_report()], older, _file(NEWEST, [_row(YORK, date(2021, 1, 11), date(2021, 3, 1))])
    )
    assert listed.conflicts == ()
    assert len(listed.new) == 1


def test_a_latest_outcome_must_be_in_the_history() -> None:
    latest = _latest(YORK, START)
    assert len(_official([_report()], _file(NEWEST, latest=[latest])).conflicts) == 1
    newest = _file(NEWEST, [_row(YORK)], [latest])
    assert _official([_report()], newest).conflicts == ()


def test_a_row_of_no_known_authority_is_left_out() -> None:
    stranger = LocalAuthority(urn=1, name="Atlantis", ons_code="E06999999")
    merged = _official([_report()], _file(NEWEST, [_row(stranger)]))
    assert merged.new == ()
    (conflict,) = merged.conflicts
    assert "Atlantis" in conflict.message


def test_two_rows_of_one_file_for_one_record_conflict() -> None:
    known = _report()
    rows = [_row(), _row(start=START + timedelta(days=2), published=None, number=3)]
    merged = _official([known], _file(NEWEST, rows))
    assert merged.inspections == (known,)
    assert [c.record for c in merged.conflicts] == [known.id]


def test_a_row_grading_an_area_the_framework_lacks_conflicts() -> None:
    known = _report()
    row = _row(grades={**_grades(START), "care_leavers": GOOD})
    merged = _official([known], _file(NEWEST, [row]))
    assert "care_leavers" in merged.conflicts[0].message


def test_a_new_record_needs_an_inspection_date() -> None:
    merged = _official([], _file(NEWEST, [_row(YORK, start=None)]))
    assert merged.new == ()
    assert "no inspection date" in merged.conflicts[0].message


# --- corrections and results ---------------------------------------------------------------

_HEADER = "id,field,file,report,official,resolution,reason\n"


def test_read_corrections_checks_the_file() -> None:
    with pytest.raises(MergeError, match="columns"):
        read_corrections("id,field\n")
    with pytest.raises(MergeError, match="line 2: unknown resolution"):
        read_corrections(_HEADER + "1-2020-01-02,start,x.ods,a,b,mine,why\n")
    row = "1-2020-01-02,start,x.ods,a,b,report,why\n"
    with pytest.raises(MergeError, match="two corrections"):
        read_corrections(_HEADER + row + row)


def test_a_correction_settles_only_the_values_reviewed() -> None:
    corrections = read_corrections(_HEADER + "1-2020-01-02,start,x.ods,a,b,official,why\n")
    reviewed = Disagreement("1-2020-01-02", "start", "x.ods", "a", "b")
    assert corrections.settle(reviewed).resolution is Resolution.OFFICIAL
    assert corrections.settle(attrs.evolve(reviewed, theirs="c")).resolution is None
    assert corrections.unused([reviewed]) == corrections.items
    assert corrections.unused([corrections.settle(reviewed)]) == ()


def test_merges_compose_only_in_order() -> None:
    first = _merge((), [Reported(_report())])
    second = _merge(first.inspections, [Reported(_report(kind=InspectionKind.SHORT))])
    both = first.then(second)
    assert both.new == second.inspections
    with pytest.raises(ValueError, match="did not start"):
        second.then(first)


# --- properties ----------------------------------------------------------------------------

#: Known inspections start in slots 200 days apart from here; the last slot straddles the
#: change of ILACS framework on 1 January 2023.
_FIRST_DAY = date(2018, 1, 20)
_GAP = timedelta(days=200)


@st.composite
def _known(draw: st.DrawFn) -> tuple[Inspection, ...]:
    """Records of both authorities, inspections far apart, that pass the checks."""
    records = []
    for authority in (LEEDS, YORK):
        slots = draw(st.lists(st.integers(0, 9), unique=True, max_size=4))
        for slot in slots:
            start = _FIRST_DAY + slot * _GAP + timedelta(days=draw(st.integers(0, 30)))
            if authority.created is not None and start < authority.created:
                continue
            published = start + timedelta(days=draw(st.integers(20, 90)))
            grades = {a: draw(st.sampled_from(list(Grade))) for a in framework_for(start).area_keys}
            if draw(st.booleans()):
                records.append(
                    _official_only(
                        authority.key,
                        start,
                        published,
                        grades=grades,
                        kind=draw(st.sampled_from([InspectionKind.SHORT, InspectionKind.STANDARD])),
                    )
                )
            else:
                kind = draw(st.sampled_from([None, InspectionKind.SHORT, InspectionKind.STANDARD]))
                lead = draw(st.none() | st.just("A Inspector"))
                records.append(
                    _report(authority.key, start, published, grades=grades, kind=kind, lead=lead)
                )
    return tuple(records)


@st.composite
def _variant_grades(draw: st.DrawFn, start: date, base: Mapping[str, Grade]) -> dict[str, Grade]:
    grades = {}
    for area in framework_for(start).area_keys:
        choice = draw(st.sampled_from(["same", "other", "none"]))
        if choice == "same" and area in base:
            grades[area] = base[area]
        elif choice != "none":
            grades[area] = draw(st.sampled_from(list(Grade)))
    return grades


@st.composite
def _reports(draw: st.DrawFn, known: tuple[Inspection, ...]) -> list[Reported]:
    """Reports of some known inspections (dates moved a little, values missing or other) and
    of new ones, complete."""
    chosen = draw(st.lists(st.sampled_from(known), unique_by=lambda i: i.id)) if known else []
    reports = []
    for number, record in enumerate(chosen):
        assert record.start is not None and record.published is not None
        start = record.start + timedelta(days=draw(st.integers(-10, 10)))
        published = record.published + timedelta(days=draw(st.sampled_from([0, 0, 3])))
        grades = draw(_variant_grades(start, record.grades))
        kind = draw(st.sampled_from([None, record.kind]))
        lead = draw(st.none() | st.just("B Smith"))
        url = f"https://files.example/v{number}"
        reports.append(
            _report(
                record.authority_key, start, published, grades=grades, kind=kind, lead=lead, url=url
            )
        )
    for number in range(draw(st.integers(0, 3))):
        urn = draw(st.sampled_from([LEEDS.key, YORK.key]))
        start = _FIRST_DAY + timedelta(days=draw(st.integers(0, 2000)))
        published = start + timedelta(days=draw(st.integers(20, 90)))
        reports.append(_report(urn, start, published, url=f"https://files.example/n{number}"))
    return [Reported(r) for r in draw(st.permutations(reports))]


@st.composite
def _files(draw: st.DrawFn, known: tuple[Inspection, ...]) -> list[OfficialOutcomes]:
    """A newest file with rows of some known inspections and of new ones, and perhaps an
    older file repeating some of them without the start date."""
    rows = []
    for number, record in enumerate(
        draw(st.lists(st.sampled_from(known), unique_by=lambda i: i.id)) if known else []
    ):
        assert record.start is not None
        start = record.start + timedelta(days=draw(st.sampled_from([0, 0, 2])))
        published = draw(st.sampled_from([record.published, None]))
        kind = draw(st.sampled_from([InspectionKind.SHORT, InspectionKind.STANDARD]))
        grades = draw(_variant_grades(start, record.grades))
        authority = LEEDS if record.urn == LEEDS.urn else YORK
        rows.append(_row(authority, start, published, kind=kind, grades=grades, number=number))
    for number in range(draw(st.integers(0, 3))):
        authority = draw(st.sampled_from([LEEDS, YORK]))
        start = _FIRST_DAY + timedelta(days=draw(st.integers(0, 2000)))
        published = start + timedelta(days=draw(st.integers(20, 90)))
        rows.append(
            _row(
                authority,
                start,
                published,
                grades=_grades(start, draw(st.sampled_from(list(Grade)))),
                number=100 + number,
            )
        )
    newest = _file(NEWEST, rows)
    older = [
        attrs.evolve(row, start=None)
        for row in rows
        if row.published is not None and draw(st.booleans())
    ]
    return [newest, _file(OLDER, older, year=2024)] if older else [newest]


def _values(inspection: Inspection) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": inspection.kind,
        "start": inspection.start,
        "end": inspection.end,
        "published": inspection.published,
        "lead_inspector": inspection.lead_inspector,
    }
    values.update({area: inspection.grade(area) for area in AREA_KEYS})
    return values


def _keeps_every_value(merged: Merged) -> bool:
    for before, after in zip(merged.before, merged.inspections, strict=False):
        now = _values(after)
        if any(
            value is not None and now[field] is None for field, value in _values(before).items()
        ):
            return False
    return True


def _passes(inspections: Iterable[Inspection]) -> bool:
    dataset = Dataset(authorities=WORLD.authorities, inspections=inspections)
    return check(dataset, published_counts={}) == []


@given(st.data())
def test_property_merging_reports_keeps_values_passes_checks_and_is_idempotent(
    data: st.DataObject,
) -> None:
    known = data.draw(_known())
    assert _passes(known)
    reports = data.draw(_reports(known))
    merged = _merge(known, reports)
    assert _keeps_every_value(merged)
    assert _passes(merged.inspections)
    again = _merge(merged.inspections, reports)
    if not merged.conflicts:  # a conflict awaits a person's decision, not a rerun
        assert again.inspections == merged.inspections


@given(st.data())
def test_property_merging_official_files_keeps_values_passes_checks_and_is_idempotent(
    data: st.DataObject,
) -> None:
    known = data.draw(_known())
    files = data.draw(_files(known))
    merged = _official(known, *files)
    assert _keeps_every_value(merged)
    assert _passes(merged.inspections)
    again = _official(merged.inspections, *files)
    assert again.inspections == merged.inspections


@given(st.data())
def test_property_reports_then_official_files_keep_values_and_pass_the_checks(
    data: st.DataObject,
) -> None:
    known = data.draw(_known())
    reported = _merge(known, data.draw(_reports(known)))
    official = _official(reported.inspections, *data.draw(_files(tuple(reported.inspections))))
    merged = reported.then(official)
    assert _keeps_every_value(merged)
    assert _passes(merged.inspections)


# --- files at new addresses, and why values change ------------------------------------------


def test_a_known_file_is_repointed_only_when_its_address_is_no_longer_listed() -> None:
    known = _report(url="https://files.example/old")
    official = _official_only(start=date(2019, 1, 7), published=date(2019, 3, 1))
    sha = known.source.sha256
    assert sha is not None
    moved = repoint([known, official], {sha: "https://files.example/new"})
    ((before, after),) = moved.changed
    assert (before, after.source.url) == (known, "https://files.example/new")
    assert attrs.evolve(after, source=known.source) == known
    (change,) = moved.changes
    assert (change.field, change.reason) == ("source_url", MOVED)
    still_listed = repoint([known], {sha: "https://files.example/new"}, {known.source.url})
    assert still_listed.changed == ()
    assert repoint([known], {"c" * 64: "https://files.example/new"}).changed == ()


def test_explain_gives_each_changed_value_its_reason() -> None:
    known = _official_only(kind=InspectionKind.SHORT)
    report = _report(lead="A Inspector")
    merged = _merge([known], [Reported(report)])
    reasons = {c.field: c.reason for c in merged.changes}
    assert reasons["source_kind"] == reasons["source_url"] == UPGRADED
    assert reasons["end"] == reasons["lead_inspector"] == FILLED.format(source="the report")
    unknown = attrs.evolve(_report(), kind=None, kind_basis=None)
    inferred = infer_kinds([unknown])
    assert {c.reason for c in inferred.changes} == {INFERRED}
    assert str(inferred.changes[0]) == f"{unknown.id} kind: '' -> 'short' ({INFERRED})"


def test_a_report_keeps_the_date_it_prints_and_the_date_the_site_lists() -> None:
    reports = [i for i in load(bundled=True).inspections if i.source.kind is SourceKind.REPORT]
    assert all(i.source.listed is not None for i in reports)
    differ = {i.id: i.source.listed for i in reports if i.source.listed != i.published}
    assert differ == {
        "80418-2015-10-19": date(2015, 10, 20),
        "80477-2015-02-03": date(2015, 2, 10),
        "80496-2016-09-20": date(2016, 9, 21),
        "80521-2014-09-01": date(2014, 9, 3),
        "80564-2015-08-10": date(2015, 8, 12),
        "80577-2015-05-13": date(2015, 5, 18),
    }
