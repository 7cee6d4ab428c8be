"""The merge policy for visits: a letter against its listing, letters against each other,
and Ofsted's official files against the letters; windows, disagreements, corrections and
conflicts, each pinned on a small made-up world."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import attrs
import pytest

from ofsted_ratings import Dataset
from ofsted_ratings.frameworks import InspectionKind
from ofsted_ratings.merge import (
    VISIT_PUBLISHED_WINDOW_DAYS,
    VISIT_REVIEW_WINDOW_DAYS,
    VISIT_START_WINDOW_DAYS,
    Corrections,
    Disagreement,
    Lettered,
    MergedVisits,
    ReportListing,
    Resolution,
    from_letter,
    letter_corrections,
    match_visit,
    merge_letters,
    merge_official_visits,
    read_corrections,
)
from ofsted_ratings.models import LocalAuthority, Region, SourceKind, Visit, VisitKind
from ofsted_ratings.sources.letters import LetterRecord
from ofsted_ratings.sources.official import OfficialInspection, OfficialOutcomes

LEEDS = LocalAuthority(urn=80481, name="Leeds", la_code="383", ons_code="E08000035")
YORK = LocalAuthority(
    urn=80500, name="York", la_code="816", ons_code="E06000014", created=date(2019, 4, 1)
)
WORLD = Dataset(authorities=[LEEDS, YORK], inspections=())
START = date(2024, 5, 14)
LETTER = date(2024, 6, 20)
URL = "https://stats.example/collection"
HEADER = "id,field,file,report,official,resolution,reason\n"


def _record(start: date = START, letter: date | None = LETTER, sha: str = "a") -> LetterRecord:
    return LetterRecord(
        authority="Leeds",
        kind=VisitKind.FOCUSED,
        start=start,
        end=start + timedelta(days=1),
        letter_date=letter,
        inspectors=("Ann Smith", "Bob Jones"),
        lead_inspector=None,
        theme="the local authority's arrangements for care leavers",
        priority_actions=(),
        improvements=("Pathway plans; their reviews.",),
        sha256=sha * 64,
        pages=4,
    )


def _listing(published: date = LETTER, urn: int = 80481) -> ReportListing:
    return ReportListing(
        urn=urn,
        url="https://archive.example/leeds.pdf",
        title="children's services focused visit",
        published=published,
        source="manifest.csv",
        note="A copy in an archive.",
    )


def _letter(start: date = START, letter: date = LETTER, sha: str = "a") -> Lettered:
    return from_letter(_record(start, letter, sha), _listing(letter))


def _row(
    start: date = START,
    published: date | None = LETTER,
    kind: InspectionKind = InspectionKind.FOCUSED_VISIT,
    name: str = "Leeds",
    row: int = 5,
) -> OfficialInspection:
    return OfficialInspection(
        la_name=name,
        ons_code=None,
        region=Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER,
        status=None,
        start=start,
        published=published,
        kind=kind,
        theme="Care leavers",
        sheet="In-year_inspections",
        row=row,
    )


def _file(year: int, *rows: OfficialInspection) -> OfficialOutcomes:
    return OfficialOutcomes(
        path=f"/sources/outcomes-{year}.ods",
        sha256="b" * 64,
        layout=str(year),
        as_at=date(year, 3, 31),
        published=date(year, 9, 1),
        latest=(),
        in_year=tuple(rows),
        history=(),
    )


def _letters(
    *letters: Lettered, known: Sequence[Visit] = (), corrections: str = ""
) -> MergedVisits:
    return merge_letters(known, letters, WORLD, corrections=read_corrections(HEADER + corrections))


def _official(
    known: Sequence[Visit], *files: OfficialOutcomes, corrections: str = ""
) -> MergedVisits:
    return merge_official_visits(
        known, files, WORLD, url=URL, corrections=read_corrections(HEADER + corrections)
    )


# --- a letter and its listing -----------------------------------------------------------------


def test_a_letter_makes_a_visit_named_by_its_first_day() -> None:
    lettered = _letter()
    visit = lettered.visit
    assert lettered.disagreements == ()
    assert visit.id == "80481-visit-2024-05-14"
    assert (visit.letter_date, visit.source.published, visit.source.listed) == (LETTER,) * 3
    assert visit.source.kind is SourceKind.REPORT and visit.source.sha256 == "a" * 64
    assert visit.source.publisher == "Ofsted"
    assert visit.source.note == "A copy in an archive."


def test_a_letter_dated_otherwise_than_its_listing_keeps_its_date() -> None:
    lettered = from_letter(_record(letter=date(2024, 6, 24)), _listing(LETTER))
    assert lettered.visit.letter_date == date(2024, 6, 24)
    assert lettered.visit.source.listed == LETTER
    assert lettered.disagreements == (
        Disagreement(
            "80481-visit-2024-05-14", "letter_date", "manifest.csv", "2024-06-24", "2024-06-20"
        ),
    )
    merged = _letters(lettered)
    assert merged.unresolved == lettered.disagreements
    assert merged.visits[0].letter_date == date(2024, 6, 24)  # ours stands
    reviewed = _letters(
        lettered,
        corrections="80481-visit-2024-05-14,letter_date,manifest.csv,2024-06-24,2024-06-20,"
        "official,listed\n",
    )
    assert reviewed.unresolved == ()
    assert reviewed.visits[0].letter_date == reviewed.visits[0].source.published == LETTER


def test_an_undated_letter_is_dated_by_its_listing_and_says_so() -> None:
    lettered = from_letter(_record(letter=None), _listing())
    assert lettered.visit.letter_date == LETTER
    assert lettered.disagreements == ()
    assert lettered.visit.source.note is not None
    assert "prints no date" in lettered.visit.source.note


def test_a_letter_read_with_a_correction_records_it() -> None:
    corrections = read_corrections(
        HEADER + "80481-visit-2024-05-14,start,outcomes-2025.ods,2023-05-14,2024-05-14,"
        "official,misprint\n"
        "80481-visit-2024-05-14,end,outcomes-2025.ods,2023-05-15,2024-05-15,report,kept\n"
        "80500-visit-2024-05-14,start,outcomes-2025.ods,2023-05-14,2024-05-14,official,x\n"
    )
    (mending,) = letter_corrections(corrections, 80481)
    lettered = from_letter(_record(), _listing(), corrected=[mending])
    assert lettered.disagreements == (
        Disagreement(
            "80481-visit-2024-05-14", "start", "outcomes-2025.ods", "2023-05-14", "2024-05-14"
        ),
    )
    assert lettered.visit.source.note is not None
    assert "prints start 2023-05-14" in lettered.visit.source.note
    merged = merge_letters((), [lettered], WORLD, corrections=corrections)
    assert merged.unresolved == ()
    assert merged.disagreements[0].resolution is Resolution.OFFICIAL
    assert corrections.unused(merged.disagreements) == tuple(
        c for c in corrections.items if c.field == "end" or c.id.startswith("80500")
    )


# --- letters into visits ----------------------------------------------------------------------


def test_letters_are_new_visits_and_the_same_letter_is_known() -> None:
    first = _letters(_letter(), _letter(date(2025, 1, 7), date(2025, 2, 10), sha="c"))
    assert [v.id for v in first.new] == ["80481-visit-2024-05-14", "80481-visit-2025-01-07"]
    again = _letters(_letter(), known=first.visits)
    assert again.new == () and again.changed == () and again.conflicts == ()


def test_a_second_letter_of_one_visit_is_a_conflict() -> None:
    merged = _letters(_letter(), _letter(sha="c"))
    assert len(merged.visits) == 1
    (conflict,) = merged.conflicts
    assert "another letter already describes this visit" in conflict.message


def test_a_letter_of_an_unknown_authority_or_outside_its_lifetime_is_a_conflict() -> None:
    unknown = from_letter(_record(), _listing(urn=99))
    before_york = from_letter(
        _record(date(2019, 1, 8), date(2019, 2, 1)), _listing(date(2019, 2, 1), 80500)
    )
    merged = _letters(unknown, before_york)
    assert merged.visits == ()
    assert [c.message.split(":")[0] for c in merged.conflicts] == [
        "no authority with key 99",
        "before-created",
    ]


def test_a_letter_upgrades_a_visit_known_from_the_official_files() -> None:
    official = _official((), _file(2025, _row(published=date(2024, 6, 21))))
    (known,) = official.visits
    assert known.source.kind is SourceKind.OFFICIAL_STATISTICS
    merged = _letters(_letter(), known=official.visits)
    (visit,) = merged.visits
    assert visit.source.kind is SourceKind.REPORT and visit.inspectors
    assert merged.changed == ((known, visit),)
    assert merged.unresolved == (
        Disagreement("80481-visit-2024-05-14", "source_listed", URL, "2024-06-20", "2024-06-21"),
    )


# --- matching ---------------------------------------------------------------------------------


def test_match_visit_windows() -> None:
    visit = _letter().visit
    monitoring = attrs.evolve(
        _letter(date(2024, 9, 3), date(2024, 10, 1)).visit, kind=VisitKind.MONITORING
    )
    ours = [visit, monitoring]
    near = START + timedelta(days=VISIT_START_WINDOW_DAYS)
    far = START + timedelta(days=VISIT_START_WINDOW_DAYS + 1)
    late = LETTER + timedelta(days=VISIT_PUBLISHED_WINDOW_DAYS + 1)
    focused = VisitKind.FOCUSED_COVID  # a focused visit of any kind matches a focused visit
    assert match_visit(ours, start=START, published=None, kind=focused) is visit
    assert match_visit(ours, start=near, published=LETTER, kind=focused) is visit
    assert match_visit(ours, start=near, published=None, kind=focused) is visit
    assert match_visit(ours, start=far, published=LETTER, kind=focused) is None
    assert match_visit(ours, start=near, published=late, kind=focused) is None
    assert match_visit(ours, start=START, published=None, kind=VisitKind.MONITORING) is None
    assert match_visit(ours, start=None, published=LETTER, kind=focused) is visit
    two = [visit, _letter(START + timedelta(days=2), LETTER, sha="c").visit]
    assert match_visit(two, start=START + timedelta(days=1), published=None, kind=focused) is None


# --- the official files -----------------------------------------------------------------------


def test_official_rows_match_letters_or_are_added() -> None:
    letters = _letters(_letter())
    files = (
        _file(
            2025,
            _row(),
            _row(date(2024, 9, 3), date(2024, 10, 1), InspectionKind.MONITORING_VISIT, row=6),
        ),
        _file(2024, _row(date(2023, 11, 7), None, InspectionKind.MONITORING_VISIT, row=7)),
    )
    merged = _official(letters.visits, *files)
    assert merged.conflicts == () and merged.disagreements == ()
    assert [(r.file, r.row, r.how) for r in merged.rows] == [
        ("outcomes-2025.ods", 5, "matched"),
        ("outcomes-2025.ods", 6, "added"),
        ("outcomes-2024.ods", 7, "added"),
    ]
    assert merged.visits[0] == letters.visits[0]  # the letter's values stand
    added = {v.id: v for v in merged.new}
    monitoring = added["80481-visit-2024-09-03"]
    assert monitoring.kind is VisitKind.MONITORING and monitoring.end is None
    assert monitoring.theme == "Care leavers"
    assert (monitoring.source.published, monitoring.source.listed) == (
        date(2025, 9, 1),
        date(2024, 10, 1),
    )
    assert monitoring.known_from == date(2024, 10, 1)
    undated = added["80481-visit-2023-11-07"]
    assert undated.source.listed is None and undated.known_from == date(2024, 9, 1)
    assert undated.source.note is not None and "no publication date" in undated.source.note


def test_a_visit_in_two_files_is_one_visit_from_the_newest() -> None:
    row = _row(date(2024, 3, 5), date(2024, 4, 2), InspectionKind.MONITORING_VISIT)
    merged = _official((), _file(2024, attrs.evolve(row, published=None)), _file(2025, row))
    assert [r.how for r in merged.rows] == ["added", "matched official"]
    (visit,) = merged.visits
    assert visit.source.title.endswith("2025") and visit.source.listed == date(2024, 4, 2)


def test_a_differing_first_day_within_the_window_is_a_disagreement() -> None:
    letters = _letters(_letter())
    row = _row(START + timedelta(days=1))
    merged = _official(letters.visits, _file(2025, row))
    assert merged.unresolved == (
        Disagreement(
            "80481-visit-2024-05-14", "start", "outcomes-2025.ods", "2024-05-14", "2024-05-15"
        ),
    )
    assert merged.visits == letters.visits
    chosen = _official(
        letters.visits,
        _file(2025, row),
        corrections="80481-visit-2024-05-14,start,outcomes-2025.ods,2024-05-14,2024-05-15,"
        "official,checked\n",
    )
    (visit,) = chosen.visits
    assert (visit.id, visit.start, visit.inspectors) == (
        "80481-visit-2024-05-15",
        date(2024, 5, 15),
        letters.visits[0].inspectors,
    )


def test_official_rows_that_need_review_are_conflicts() -> None:
    letters = _letters(_letter())
    close = START + timedelta(days=VISIT_REVIEW_WINDOW_DAYS)
    rows = (
        _row(close, None, InspectionKind.MONITORING_VISIT, row=8),
        _row(name="Nowhere", row=9),
        _row(date(2019, 1, 8), None, name="York", row=10),
        _row(START, None, row=11),
    )
    merged = _official(letters.visits, _file(2025, _row(), *rows))
    assert merged.visits == letters.visits
    assert [(r.row, r.how) for r in merged.rows] == [
        (5, "matched"),
        (8, "conflict"),
        (9, "conflict"),
        (10, "conflict"),
        (11, "conflict"),
    ]
    messages = [c.message for c in merged.conflicts]
    assert "review the match" in messages[0]
    assert "no authority for 'Nowhere'" in messages[1]
    assert messages[2].startswith("before-created")
    assert messages[3] == "more than one row matches it"
    beyond = _row(close + timedelta(days=1), None, InspectionKind.MONITORING_VISIT)
    assert [r.how for r in _official(letters.visits, _file(2025, beyond)).rows] == ["added"]


def test_graded_rows_are_not_visits() -> None:
    merged = _official((), _file(2025, _row(kind=InspectionKind.SHORT, published=LETTER)))
    assert merged.rows == () and merged.visits == ()


def test_merges_chain() -> None:
    letters = _letters(_letter())
    official = _official(letters.visits, _file(2025, _row()))
    both = letters.then(official)
    assert both.before == () and both.visits == official.visits and both.rows == official.rows
    with pytest.raises(ValueError, match="did not start"):
        official.then(letters)
    assert Corrections().unused(both.disagreements) == ()
