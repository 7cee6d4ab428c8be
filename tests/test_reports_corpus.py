"""The report reader on the real corpus in ``../shared/reports`` (skipped when it is absent).

* Golden values for every report of the eight English Core Cities, written by hand from
  what each report prints (page 1, the LSCB section and the "Information about this
  inspection" page), not from the reader's output; and for three second SIF inspections
  after an inadequate one, of which only Lambeth's calls itself a re-inspection.
* The judgement labels: the literal list of ``label_variants`` is every label the reader
  finds in the corpus; rewordings of each map to the same area, and real reports whose
  labels are reworded read to the same records.
* A walk of the whole corpus: every file reads (or raises the error listed for it), its
  hash and page count match the manifest, and every ILACS report agrees on start date and
  grades with Ofsted's official files (the 2025 file's ``ILACS_inspection_history`` and the
  2024 file's tables), except for the disagreements listed and checked by eye.

Each report is read once, by a module-scoped fixture; the walk takes a few seconds.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from label_variants import (
    REAL_LABELS,
    TABLES,
    TableRead,
    concepts_of,
    recording_tables,
    variants,
    without_concept,
)
from ofsted_ratings.dataset import short_name
from ofsted_ratings.frameworks import FrameworkId, InspectionKind
from ofsted_ratings.grades import Grade
from ofsted_ratings.sources.reports import (
    InconsistentReportError,
    ReportError,
    ReportRecord,
    _text,
    read_report,
)
from ofsted_ratings.sources.reports._parse import ParsedReport, clean_text, parse_pages
from ofsted_ratings.sources.reports._text import PdfPages

if TYPE_CHECKING:
    from ofsted_ratings.sources.official import LatestOutcome, OfficialInspection

pytestmark = pytest.mark.corpus

#: ``../shared/reports`` beside the project root.
REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"
OFFICIAL = REPORTS.parent / "sources" / "ofsted-official"

O, G, RI, I = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE
SIF, INSPECTION, RE_INSPECTION = (
    FrameworkId.SIF,
    InspectionKind.INSPECTION,
    InspectionKind.RE_INSPECTION,
)
ILACS_2018, ILACS_2023, ILACS_2026 = (
    FrameworkId.ILACS_2018,
    FrameworkId.ILACS_2023,
    FrameworkId.ILACS_2026,
)
ILACS = (ILACS_2018, ILACS_2023, ILACS_2026)

#: Files that are not graded inspection reports, and the error each must raise.
EXPECTED_ERRORS: dict[str, type[ReportError]] = {}

#: Reports whose printed publication date differs from the manifest's (Ofsted's listing).
PRINTED_PUBLISHED_DIFFERS: dict[str, date] = {
    "pdf/80418/2015-10-20.pdf": date(2015, 10, 19),
    "pdf/80477/2015-02-10.pdf": date(2015, 2, 3),
    "pdf/80496/2016-09-21.pdf": date(2016, 9, 20),
    "pdf/80521/2014-09-03.pdf": date(2014, 9, 1),
    "pdf/80564/2015-08-12.pdf": date(2015, 8, 10),
    "pdf/80577/2015-05-18.pdf": date(2015, 5, 13),
}

#: Where an official file and an ILACS report disagree: (report, field or area). The reports
#: were checked by eye; the 2025 file agrees with them on all three.
KNOWN_OFFICIAL_DISAGREEMENTS: dict[str, set[tuple[str, str]]] = {
    "LA_Inspection_Outcomes_as_at_March_2024.ods": {
        # Isles of Scilly: the report prints "Inspection dates: 11 to 13 July 2023";
        # the 2024 file says 10 July 2023.
        ("pdf/80455/2023-08-25.pdf", "start"),
        # Staffordshire: the report grades care leavers "Requires improvement to be good";
        # the 2024 file says Good.
        ("pdf/80561/2024-01-12.pdf", "care_leavers"),
        # Nottingham: published 5 September 2022 (manifest, 2025 file); the 2024 file's history
        # says 5 November 2022.
        ("pdf/80533/2022-09-05.pdf", "published"),
    },
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods": set(),
}

#: Names (after ``short_name``) that the manifest and the official files write differently.
SAME_AUTHORITY = {"london corporation": "city of london", "bedford borough": "bedford"}


def _authority_key(name: str) -> str:
    key = short_name(name)
    return SAME_AUTHORITY.get(key, key)


class Golden(NamedTuple):
    authority: str
    framework: FrameworkId
    kind: InspectionKind | None
    start: date
    end: date
    published: date | None
    lead_inspector: str | None
    grades: dict[str, Grade]


def sif(
    overall: Grade,
    help_: Grade,
    looked_after: Grade,
    adoption: Grade,
    care_leavers: Grade,
    leadership: Grade,
    lscb: Grade | None = None,
) -> dict[str, Grade]:
    grades = {
        "overall_effectiveness": overall,
        "help_and_protection": help_,
        "looked_after_and_permanence": looked_after,
        "adoption_performance": adoption,
        "care_leavers": care_leavers,
        "leadership_management_governance": leadership,
    }
    if lscb is not None:
        grades["lscb"] = lscb
    return grades


def ilacs_2018(overall: Grade, leaders: Grade, help_: Grade, in_care: Grade) -> dict[str, Grade]:
    return {
        "overall_effectiveness": overall,
        "impact_of_leaders": leaders,
        "help_and_protection": help_,
        "children_in_care_and_care_leavers": in_care,
    }


def ilacs_2023(
    overall: Grade | None, leaders: Grade, help_: Grade, in_care: Grade, care_leavers: Grade
) -> dict[str, Grade]:
    grades = {} if overall is None else {"overall_effectiveness": overall}
    grades.update(
        impact_of_leaders=leaders,
        help_and_protection=help_,
        children_in_care=in_care,
        care_leavers=care_leavers,
    )
    return grades


D = date
# fmt: off
GOLDEN: dict[str, Golden] = {
    # Leeds (80481)
    "pdf/80481/2015-03-27.pdf": Golden(
        "Leeds City Council", SIF, INSPECTION, D(2015, 1, 20), D(2015, 2, 11), D(2015, 3, 27),
        "Tracey Metcalfe", sif(G, G, G, G, G, O, lscb=G)),
    "pdf/80481/2018-12-18.pdf": Golden(
        "Leeds", ILACS_2018, None, D(2018, 10, 29), D(2018, 11, 2), None,
        "Matt Reed", ilacs_2018(O, O, O, G)),
    "pdf/80481/2022-05-09.pdf": Golden(
        "Leeds", ILACS_2018, None, D(2022, 2, 21), D(2022, 3, 4), None,
        "Louise Hollick", ilacs_2018(O, O, G, O)),
    "pdf/80481/2025-08-12.pdf": Golden(
        "Leeds City", ILACS_2023, None, D(2025, 6, 30), D(2025, 7, 4), None,
        "Catherine Heron", ilacs_2023(O, O, G, O, O)),
    # Birmingham (80429)
    "pdf/80429/2014-05-23.pdf": Golden(
        "Birmingham City Council", SIF, INSPECTION, D(2014, 3, 18), D(2014, 4, 9), D(2014, 5, 23),
        "Marie McGuinness", sif(I, I, I, I, I, I, lscb=I)),
    "pdf/80429/2016-11-25.pdf": Golden(
        "Birmingham", SIF, RE_INSPECTION, D(2016, 9, 12), D(2016, 10, 6), D(2016, 11, 25),
        "Peter McEntee", sif(I, I, RI, RI, RI, I)),
    "pdf/80429/2019-01-17.pdf": Golden(
        "Birmingham City Council", ILACS_2018, None, D(2018, 12, 3), D(2018, 12, 14), None,
        "Pauline Higham", ilacs_2018(RI, RI, RI, RI)),
    "pdf/80429/2023-04-18.pdf": Golden(
        "Birmingham City Council", ILACS_2023, None, D(2023, 2, 20), D(2023, 3, 3), None,
        "John Roughton", ilacs_2023(G, G, G, G, G)),
    # Bristol (80441)
    "pdf/80441/2014-12-05.pdf": Golden(
        "Bristol City Council", SIF, INSPECTION, D(2014, 9, 30), D(2014, 10, 22), D(2014, 12, 5),
        "Robert Hackeson", sif(RI, RI, RI, G, I, RI, lscb=RI)),
    "pdf/80441/2018-10-22.pdf": Golden(
        "Bristol City of", ILACS_2018, None, D(2018, 9, 10), D(2018, 9, 21), None,
        "Joy Howick", ilacs_2018(RI, G, RI, RI)),
    "pdf/80441/2023-03-10.pdf": Golden(
        "Bristol", ILACS_2023, None, D(2023, 1, 16), D(2023, 1, 27), None,
        "Tracey Ledder", ilacs_2023(RI, RI, RI, G, G)),
    # Liverpool (80485)
    "pdf/80485/2014-07-18.pdf": Golden(
        "Liverpool City Council", SIF, INSPECTION, D(2014, 5, 20), D(2014, 6, 11), D(2014, 7, 18),
        "Sheena Doyle", sif(RI, RI, RI, RI, RI, RI, lscb=RI)),
    "pdf/80485/2018-07-02.pdf": Golden(
        "Liverpool City Council", ILACS_2018, None, D(2018, 5, 14), D(2018, 5, 25), None,
        "Shabana Abasi", ilacs_2018(RI, RI, RI, RI)),
    "pdf/80485/2023-05-25.pdf": Golden(
        "Liverpool", ILACS_2023, None, D(2023, 3, 13), D(2023, 3, 24), None,
        "Lisa Summers", ilacs_2023(I, I, I, RI, I)),
    "pdf/80485/2026-07-07.pdf": Golden(
        "Liverpool", ILACS_2026, None, D(2026, 5, 11), D(2026, 5, 22), None,
        "Teresa Godfrey", ilacs_2023(None, G, G, G, RI)),
    # Manchester (80521)
    "pdf/80521/2014-09-03.pdf": Golden(
        "Manchester City Council", SIF, INSPECTION, D(2014, 6, 25), D(2014, 7, 16), D(2014, 9, 1),
        "Peter McEntee", sif(I, I, RI, I, RI, I, lscb=I)),
    "pdf/80521/2017-12-21.pdf": Golden(
        "Manchester City Council", SIF, RE_INSPECTION, D(2017, 10, 9), D(2017, 11, 2),
        D(2017, 12, 21), "Brenda McLaughlin", sif(RI, RI, RI, G, RI, G)),
    "pdf/80521/2022-05-19.pdf": Golden(
        "Manchester", ILACS_2018, None, D(2022, 3, 21), D(2022, 4, 1), None,
        "Mandy Nightingale", ilacs_2018(G, G, RI, G)),
    "pdf/80521/2025-11-11.pdf": Golden(
        "Manchester", ILACS_2023, None, D(2025, 9, 22), D(2025, 10, 3), None,
        "Sophie Wales", ilacs_2023(O, O, G, O, O)),
    # Newcastle upon Tyne (80525)
    "pdf/80525/2017-07-07.pdf": Golden(
        "Newcastle Upon Tyne", SIF, INSPECTION, D(2017, 4, 24), D(2017, 5, 11), D(2017, 7, 7),
        "Rachel Holden", sif(RI, RI, RI, G, G, G, lscb=G)),
    "pdf/80525/2022-02-01.pdf": Golden(
        "Newcastle", ILACS_2018, None, D(2021, 11, 29), D(2021, 12, 10), None,
        "Louise Hollick", ilacs_2018(G, G, G, G)),
    "pdf/80525/2025-06-25.pdf": Golden(
        "Newcastle upon Tyne", ILACS_2023, None, D(2025, 5, 12), D(2025, 5, 16), None,
        "Rachel Fairhurst", ilacs_2023(G, G, O, G, RI)),
    # Nottingham (80533)
    "pdf/80533/2014-05-14.pdf": Golden(
        "Nottingham City Council", SIF, INSPECTION, D(2014, 3, 11), D(2014, 4, 2), D(2014, 5, 14),
        "Sheena Doyle", sif(RI, RI, RI, RI, RI, RI, lscb=RI)),
    "pdf/80533/2019-01-07.pdf": Golden(
        "Nottingham City Council", ILACS_2018, None, D(2018, 11, 5), D(2018, 11, 16), None,
        "Caroline Walsh", ilacs_2018(RI, RI, RI, RI)),
    "pdf/80533/2022-09-05.pdf": Golden(
        "Nottingham City", ILACS_2018, None, D(2022, 7, 11), D(2022, 7, 22), None,
        "Andy Waugh", ilacs_2018(I, RI, I, RI)),
    # Sheffield (80551)
    "pdf/80551/2014-02-21.pdf": Golden(
        "Sheffield City Council", SIF, INSPECTION, D(2013, 11, 19), D(2014, 1, 30), None,
        "Sarah Urding", sif(RI, G, RI, RI, G, G, lscb=G)),
    "pdf/80551/2019-08-27.pdf": Golden(
        "Sheffield City Council", ILACS_2018, None, D(2019, 7, 15), D(2019, 7, 26), None,
        "Alison Smale", ilacs_2018(G, G, RI, G)),
    "pdf/80551/2023-11-03.pdf": Golden(
        "Sheffield", ILACS_2023, None, D(2023, 9, 11), D(2023, 9, 22), None,
        "Rachel Griffiths", ilacs_2023(G, G, G, O, G)),
}
#: Second SIF inspections of an authority judged inadequate at its first SIF. Lambeth's
#: title reads "Inspection of services ..." but its executive summary says "This is a
#: re-inspection of children's services in Lambeth, after they were judged to be inadequate
#: in 2015" (page 2). Darlington's and Leicester's never call themselves re-inspections:
#: they say "the services that were judged to be inadequate at the previous inspection in
#: 2015" and "since the last inspection in 2015, which judged them overall to be inadequate".
GOLDEN_SECOND_SIF: dict[str, Golden] = {
    "pdf/80506/2018-05-09.pdf": Golden(
        "London Borough of Lambeth", SIF, RE_INSPECTION, D(2018, 1, 29), D(2018, 2, 22),
        D(2018, 5, 9), "Marcie Taylor", sif(RI, RI, RI, I, RI, RI)),
    "pdf/80458/2018-05-21.pdf": Golden(
        "Darlington", SIF, INSPECTION, D(2018, 2, 27), D(2018, 3, 22), D(2018, 5, 21),
        "Graham Reiter", sif(RI, RI, RI, G, G, RI)),
    # The page 1 footnote mentions an LSCB review, but the title does not and the report
    # has none.
    "pdf/80482/2017-09-04.pdf": Golden(
        "Leicester City Council", SIF, INSPECTION, D(2017, 6, 19), D(2017, 7, 13),
        D(2017, 9, 4), "Julie Knight", sif(RI, RI, RI, G, RI, G)),
}
# fmt: on
CORE_CITIES = {80481, 80429, 80441, 80485, 80521, 80525, 80533, 80551}

#: Every SIF re-inspection: the sixteen whose title says "Re-inspection" ("Reinspection" for
#: Somerset) and Lambeth 2018, whose summary says so.
RE_INSPECTIONS = {
    f"pdf/{name}.pdf"
    for name in (
        "80418/2018-01-19",
        "80429/2016-11-25",
        "80442/2018-01-29",
        "80456/2017-06-13",
        "80462/2018-01-19",
        "80479/2017-06-13",
        "80480/2018-08-17",
        "80506/2018-05-09",
        "80518/2018-07-20",
        "80521/2017-12-21",
        "80543/2018-01-29",
        "80549/2018-01-29",
        "80555/2018-01-29",
        "80566/2018-07-25",
        "80567/2018-05-16",
        "80572/2018-08-24",
        "80577/2017-07-07",
    )
}


class Read(NamedTuple):
    row: dict[str, str]
    record: ReportRecord | None
    error: ReportError | None
    #: The judgement tables read: the text, the table's name and its rows (label, area).
    tables: tuple[TableRead, ...] = ()


@pytest.fixture(scope="module")
def manifest(reports_dir: Path) -> list[dict[str, str]]:
    with (reports_dir / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def corpus(reports_dir: Path, manifest: list[dict[str, str]]) -> dict[str, Read]:
    """Every report in the manifest, read once."""
    read: dict[str, Read] = {}
    for row in manifest:
        with recording_tables() as tables:
            try:
                record, error = read_report(reports_dir / row["file"]), None
            except ReportError as raised:
                record, error = None, raised
        read[row["file"]] = Read(row, record, error, tuple(tables))
    return read


def test_corpus_is_complete(manifest: list[dict[str, str]], reports_dir: Path) -> None:
    assert len(manifest) == 476
    assert all((reports_dir / row["file"]).is_file() for row in manifest)


def test_every_report_reads(corpus: dict[str, Read]) -> None:
    failures = []
    for file, (_, record, error, _) in corpus.items():
        expected = EXPECTED_ERRORS.get(file)
        if expected is None and error is not None:
            failures.append(f"{file}: {type(error).__name__}: {error}")
        elif expected is not None and not isinstance(error, expected):
            failures.append(f"{file}: expected {expected.__name__}, got {record or error!r}")
    assert failures == []


def test_hash_and_pages_match_the_manifest(corpus: dict[str, Read]) -> None:
    for file, (row, record, _, _) in corpus.items():
        if record is not None:
            assert record.sha256 == row["sha256"], file
            assert record.pages == int(row["pages"]), file


def test_framework_counts(corpus: dict[str, Read]) -> None:
    counts: dict[str, int] = {}
    for _, record, _, _ in corpus.values():
        if record is not None:
            counts[record.framework.value] = counts.get(record.framework.value, 0) + 1
    # 167 SIF titles on page 1 and Surrey's LSCB review of 2015, published on its own;
    # ILACS split by start date (2023-01-01, 2026-04-01).
    assert counts == {
        "lac_2013": 4,
        "sif": 168,
        "ilacs_2018": 155,
        "ilacs_2023": 139,
        "ilacs_2026": 10,
    }


def test_golden_covers_every_core_city_report(manifest: list[dict[str, str]]) -> None:
    core = {row["file"] for row in manifest if int(row["urn"]) in CORE_CITIES}
    assert core == set(GOLDEN)


@pytest.mark.parametrize("file", sorted(GOLDEN | GOLDEN_SECOND_SIF))
def test_golden(corpus: dict[str, Read], file: str) -> None:
    record = corpus[file].record
    assert record is not None, corpus[file].error
    golden = (GOLDEN | GOLDEN_SECOND_SIF)[file]
    assert record.authority == golden.authority
    assert record.framework is golden.framework
    assert record.kind is golden.kind
    assert (record.start, record.end) == (golden.start, golden.end)
    assert record.published == golden.published
    assert record.lead_inspector == golden.lead_inspector
    assert record.grades == golden.grades
    assert list(record.grades) == list(golden.grades)  # framework order


def test_every_record_becomes_an_inspection(corpus: dict[str, Read]) -> None:
    for file, (row, record, _, _) in corpus.items():
        if record is None:
            continue
        listed = date.fromisoformat(row["published"])
        arguments = {"url": row["ofsted_url"], "title": row["title"], "published": listed}
        if file in PRINTED_PUBLISHED_DIFFERS:
            assert record.published == PRINTED_PUBLISHED_DIFFERS[file]
            with pytest.raises(InconsistentReportError):
                record.to_inspection(int(row["urn"]), **arguments)  # type: ignore[arg-type]
            inspection = record.to_inspection(
                int(row["urn"]), url=row["ofsted_url"], title=row["title"]
            )
        else:
            assert record.published in (None, listed), file
            inspection = record.to_inspection(int(row["urn"]), **arguments)  # type: ignore[arg-type]
        assert inspection.judgements == record.judgements
        assert inspection.source.sha256 == row["sha256"]


def _best_report(
    official: OfficialInspection | LatestOutcome, reports: list[tuple[str, Read]]
) -> str | None:
    """The report an official row describes: same start date, else same publication date,
    else a start within two weeks or a publication within three months (to see disagreements)."""

    def rank(item: tuple[str, Read]) -> int:
        record, listed = item[1].record, date.fromisoformat(item[1].row["published"])
        assert record is not None
        if official.start is not None and record.start == official.start:
            return 0
        if official.published is not None and listed == official.published:
            return 1
        if official.start is not None and abs((record.start - official.start).days) <= 14:
            return 2
        if official.published is not None and abs((listed - official.published).days) <= 90:
            return 3
        return 9

    ranked = sorted(reports, key=rank)
    return ranked[0][0] if ranked and rank(ranked[0]) < 9 else None


@pytest.mark.parametrize("name", sorted(KNOWN_OFFICIAL_DISAGREEMENTS))
def test_ilacs_reports_agree_with_the_official_files(corpus: dict[str, Read], name: str) -> None:
    path = OFFICIAL / name
    if not path.is_file():
        pytest.skip(f"the official file {name} is not present")
    pytest.importorskip("python_calamine")
    from ofsted_ratings.sources.official import read_outcomes

    outcomes = read_outcomes(path)
    by_authority: dict[str, list[tuple[str, Read]]] = {}
    for file, read in sorted(corpus.items()):
        if read.record is not None and read.record.framework in ILACS:
            by_authority.setdefault(_authority_key(read.row["la_name"]), []).append((file, read))
    rows: list[OfficialInspection | LatestOutcome] = [
        *(row for row in outcomes.latest if not row.not_yet_inspected),
        *(row for row in outcomes.in_year if row.judgements),
        *outcomes.history,
    ]
    disagreements: set[tuple[str, str]] = set()
    in_history: set[str] = set()
    for official in rows:
        found = _best_report(official, by_authority.get(_authority_key(official.la_name), []))
        if found is None:
            continue  # the corpus lacks this report
        if official in outcomes.history:
            in_history.add(found)
        record, row = corpus[found].record, corpus[found].row
        assert record is not None
        if official.start is not None and official.start != record.start:
            disagreements.add((found, "start"))
        listed = date.fromisoformat(row["published"])
        if official.published is not None and official.published != listed:
            disagreements.add((found, "published"))
        grades = official.grades
        for area in sorted(set(grades) | set(record.grades)):
            if grades.get(area) is not record.grades.get(area):
                disagreements.add((found, area))
    assert disagreements == KNOWN_OFFICIAL_DISAGREEMENTS[name]
    # The history holds every ILACS inspection that started by the file's 31 March and was
    # published by the time the data was drawn (its latest publication date): each report of
    # one is in it, and no other.
    drawn = max(row.published for row in outcomes.history if row.published is not None)
    expected = set()
    for reports in by_authority.values():
        for file, read in reports:
            assert read.record is not None
            listed = date.fromisoformat(read.row["published"])
            if read.record.start <= outcomes.as_at and listed <= drawn:
                expected.add(file)
    assert in_history == expected


def test_sif_reinspections(corpus: dict[str, Read]) -> None:
    found = {
        file
        for file, read in corpus.items()
        if read.record is not None and read.record.kind is RE_INSPECTION
    }
    assert found == RE_INSPECTIONS


# --- judgement labels -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_labels(corpus: dict[str, Read]) -> list[tuple[str, str, str]]:
    """Every distinct label read in the corpus: (table, label, area)."""
    found = {
        (table, label, key)
        for read in corpus.values()
        for _, table, rows in read.tables
        for label, key in rows
    }
    return sorted(found)


def test_the_literal_labels_are_the_corpus_labels(
    corpus_labels: list[tuple[str, str, str]],
) -> None:
    assert {(table, label): key for table, label, key in corpus_labels} == REAL_LABELS


@given(data=st.data())
def test_rewordings_of_corpus_labels(
    corpus_labels: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    table, label, key = data.draw(st.sampled_from(corpus_labels))
    assert TABLES[table].fits(data.draw(variants(label))) == [key]
    concept = data.draw(st.sampled_from(concepts_of(key)))
    assert key not in TABLES[table].fits(without_concept(label, concept))


class _Reworded:
    """A report's pages with some pages' text replaced."""

    def __init__(self, pages: PdfPages) -> None:
        self.pages = pages
        self.replaced: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.pages)

    def __getitem__(self, index: int) -> str:
        return self.replaced.get(index, self.pages[index])

    def text(self, index: int) -> str:
        return clean_text(self[index])


def _table_page(pages: _Reworded, table_text: str) -> int:
    """The page a judgement table was read from: the one whose text ends with it."""
    count = len(pages)
    order: list[int] = [0, 1, *range(count - 1, 1, -1)]
    for index in order:
        if index < count and pages.text(index).endswith(table_text):
            return index
    raise AssertionError(f"no page ends with {table_text[:60]!r}")


def _reword(page: str, offset: int, rewordings: list[tuple[str, str]]) -> str:
    """``page`` with each label, in order from ``offset``, replaced by its rewording."""
    parts = [page[:offset]]
    position = offset
    for label, reworded in rewordings:
        found = re.compile(r"\s+".join(re.escape(word) for word in label.split()))
        match = found.search(page, position)
        assert match is not None, label
        parts += [page[position : match.start()], reworded]
        position = match.end()
    return "".join([*parts, page[position:]])


def _fields(record: ParsedReport) -> tuple[object, ...]:
    return (
        record.authority,
        record.framework,
        record.kind,
        record.start,
        record.end,
        record.published,
        record.lead_inspector,
        record.judgements,
    )


@given(data=st.data())
def test_reworded_reports_read_the_same(
    reports_dir: Path, corpus: dict[str, Read], data: st.DataObject
) -> None:
    files = sorted(file for file, read in corpus.items() if read.record and read.tables)
    file = data.draw(st.sampled_from(files))
    read = corpus[file]
    assert read.record is not None
    with _text.open_pdf((reports_dir / file).read_bytes(), file) as pdf:
        pages = _Reworded(pdf)
        for table_text, _, rows in read.tables:
            index = _table_page(pages, table_text)
            page = pages.text(index)
            rewordings = [(label, data.draw(variants(label, in_report=True))) for label, _ in rows]
            pages.replaced[index] = _reword(page, len(page) - len(table_text), rewordings)
        assert _fields(parse_pages(pages, source=file)) == _fields(read.record)
