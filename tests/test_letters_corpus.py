"""The letter reader on every letter in ``../shared/visits`` (skipped when it is absent).

* Every letter reads, except those listed in :data:`EXPECTED_ERRORS` with the typed error
  each raises and why (two letters whose printed dates contradict themselves).
* Each record's hash and page count describe the file the manifest lists.
* Invariants: start <= end <= letter date; a visit lasts days, not weeks; inspectors and a
  theme are always read; every theme and item is the letter's own words (each part of it is
  in the letter's text); a COVID-19 visit falls in the pandemic's years.
* The letter's date is the manifest's (the date in the archive's file name) except for the
  letters listed, each checked by eye: two print a later date than the archive's, two print
  none that is a date.
* The readers tell letters from reports: every letter is detected as one, a real report
  is refused by the letter reader, and the report reader refuses every letter.

Each letter is read once, by a module-scoped fixture; the walk takes about two seconds.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest

from letter_corpus import manifest, require_visits
from ofsted_ratings._util.text import squash
from ofsted_ratings.models import VisitKind
from ofsted_ratings.sources.documents import DocumentKind, detect_kind, read_document
from ofsted_ratings.sources.letters import (
    MAX_VISIT_DAYS,
    InconsistentReportError,
    LetterRecord,
    NotAVisitLetterError,
    ReportError,
    read_letter,
)
from ofsted_ratings.sources.letters._parse import join_lines, page_lines
from ofsted_ratings.sources.reports import NotAnInspectionReportError, _text, read_report

pytestmark = pytest.mark.corpus

#: Letters that cannot be read, the error each raises, and a word the message must hold.
EXPECTED_ERRORS: dict[str, tuple[type[ReportError], str]] = {
    # "on 24 October 2022 to 25 October 2023": a visit a year long (the letter is dated
    # 28 November 2023; its other dates put the visit in October 2023).
    "pdf/80458/2023-11-28.pdf": (InconsistentReportError, "span 367 days"),
    # Dated "21 January 2019", a month after the visit "on 18 and 19 December 2019" it
    # reports (the archive dates it 21 January 2020).
    "pdf/80464/2020-01-21.pdf": (InconsistentReportError, "before the visit ended"),
}

#: Letters whose printed date differs from the manifest's, and the date each prints.
PRINTED_DATE_DIFFERS: dict[str, date] = {
    "pdf/80428/2019-01-04.pdf": date(2019, 1, 8),
    "pdf/80505/2022-11-23.pdf": date(2022, 11, 28),
}

#: Letters that print no date: Cambridgeshire's none at all, North Somerset's
#: "6 November 20205".
NO_DATE = frozenset({"pdf/80445/2025-08-29.pdf", "pdf/80528/2025-11-06.pdf"})

#: The COVID-19 arrangements ran from autumn 2020; the last adapted visit was in 2022.
COVID_YEARS = (date(2020, 3, 1), date(2022, 12, 31))

#: A report of each kind from ``../shared/reports``, which the letter reader refuses.
REPORTS = ("80481/2015-03-27", "80481/2025-08-12")


@pytest.fixture(scope="module")
def read() -> dict[str, LetterRecord | ReportError]:
    """Every letter of the manifest, read once: its record, or the error it raised."""
    root = require_visits()
    found: dict[str, LetterRecord | ReportError] = {}
    for row in manifest():
        try:
            found[row["file"]] = read_letter(root / row["file"])
        except ReportError as error:
            found[row["file"]] = error
    return found


def _records(read: dict[str, LetterRecord | ReportError]) -> dict[str, LetterRecord]:
    return {name: r for name, r in read.items() if isinstance(r, LetterRecord)}


def test_the_manifest_lists_every_letter() -> None:
    rows = manifest()
    assert len(rows) == 346
    assert len({row["file"] for row in rows}) == len(rows)
    on_disk = {
        str(path.relative_to(require_visits())) for path in require_visits().glob("pdf/*/*.pdf")
    }
    assert on_disk == {row["file"] for row in rows}


def test_every_letter_reads_or_raises_its_listed_error(
    read: dict[str, LetterRecord | ReportError],
) -> None:
    failed = {name: result for name, result in read.items() if isinstance(result, ReportError)}
    assert failed.keys() == EXPECTED_ERRORS.keys(), {n: str(e) for n, e in failed.items()}
    for name, (kind, words) in EXPECTED_ERRORS.items():
        error = failed[name]
        assert type(error) is kind
        assert words in str(error)
        assert name in str(error)  # the message names the file


def test_records_describe_their_files(read: dict[str, LetterRecord | ReportError]) -> None:
    root = require_visits()
    records = _records(read)
    for row in manifest():
        record = records.get(row["file"])
        if record is None:
            continue
        data = (root / row["file"]).read_bytes()
        assert len(data) == int(row["bytes"])
        assert record.sha256 == row["sha256"] == hashlib.sha256(data).hexdigest()
        with _text.open_pdf(data) as pages:
            assert record.pages == len(pages)


def test_invariants(read: dict[str, LetterRecord | ReportError]) -> None:
    for name, record in _records(read).items():
        assert record.start <= record.end, name
        assert (record.end - record.start).days < MAX_VISIT_DAYS, name
        if record.letter_date is not None:
            assert record.end <= record.letter_date, name
            assert (record.letter_date - record.end).days < 120, name
        assert record.inspectors, name
        assert record.lead_inspector in (None, record.inspectors[0]), name
        assert len(set(record.inspectors)) == len(record.inspectors), name
        assert record.theme and record.theme == record.theme.strip(), name
        assert record.kind in (VisitKind.FOCUSED, VisitKind.FOCUSED_COVID), name
        if record.kind is VisitKind.FOCUSED_COVID:
            assert COVID_YEARS[0] <= record.start <= COVID_YEARS[1], name
        for item in (*record.priority_actions, *record.improvements):
            assert item and item == item.strip() and "\u25fc" not in item, (name, item)
            assert not item.lower().startswith("there are no"), (name, item)


def _words(text: str) -> str:
    """Text reduced for comparing: quotes, full stops at the end and spacing left out."""
    return squash(re.sub(r"['\"]", "", text)).rstrip(" .;:")


def test_themes_and_items_are_the_letters_own_words(
    read: dict[str, LetterRecord | ReportError],
) -> None:
    """Every part of every theme and item (lists are joined by "; ") is in the letter."""
    root = require_visits()
    for name, record in _records(read).items():
        with _text.open_pdf((root / name).read_bytes()) as pages:
            lines = [line for index in range(len(pages)) for line in page_lines(pages[index])]
        letter = _words(join_lines(lines))
        for text in (record.theme, *record.priority_actions, *record.improvements):
            for part in re.split(r"; |(?<=:) ", text):
                assert _words(part) in letter, (name, part)


def test_letter_dates_match_the_manifest(read: dict[str, LetterRecord | ReportError]) -> None:
    records = _records(read)
    for row in manifest():
        name, published = row["file"], date.fromisoformat(row["published"])
        record = records.get(name)
        if record is None:
            continue
        if name in NO_DATE:
            assert record.letter_date is None
        elif name in PRINTED_DATE_DIFFERS:
            assert record.letter_date == PRINTED_DATE_DIFFERS[name] != published
            with pytest.raises(InconsistentReportError, match="the letter is dated"):
                record.to_visit(
                    row["urn"], url=row["origin"], title=row["title"], published=published
                )
        else:
            assert record.letter_date == published, name


def test_every_letter_makes_a_visit(read: dict[str, LetterRecord | ReportError]) -> None:
    records = _records(read)
    ids = set()
    for row in manifest():
        record = records.get(row["file"])
        if record is None:
            continue
        published = date.fromisoformat(row["published"])
        visit = record.to_visit(
            row["urn"],
            url=row["origin"],
            title=row["title"],
            published=None if row["file"] in PRINTED_DATE_DIFFERS else published,
        )
        assert visit.authority_key == row["urn"]
        assert visit.urn == int(row["urn"])
        assert visit.source.sha256 == row["sha256"]
        assert visit.known_from == (record.letter_date or published)
        ids.add(visit.id)
    assert len(ids) == len(records)


def test_letters_are_detected_as_letters_and_refused_as_reports() -> None:
    root = require_visits()
    for row in manifest()[::23]:
        path = root / row["file"]
        assert detect_kind(path) is DocumentKind.LETTER
        with pytest.raises(NotAnInspectionReportError, match="focused visit"):
            read_report(path)
        if row["file"] not in EXPECTED_ERRORS:
            assert read_document(path) == read_letter(path)


def test_reports_are_refused_as_letters(reports_dir: Path) -> None:
    for name in REPORTS:
        path = reports_dir / "pdf" / f"{name}.pdf"
        assert detect_kind(path) is DocumentKind.REPORT
        with pytest.raises(NotAVisitLetterError, match="headed as an inspection report"):
            read_letter(path)
        assert read_document(path) == read_report(path)
