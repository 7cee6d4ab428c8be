"""The bundled visits against their sources (skipped when ``../shared`` is absent): every
letter of the archive is a visit, and every visit row of both official files is matched to
a letter or added.

* Ofsted's files list 36 focused and 24 monitoring visits in 2024-25 and 37 and 28 in
  2023-24 (the counts their own sheets give, noted in the domain reference).
* The archive holds letters on focused visits only (its README), so every monitoring visit
  comes from the official files; a focused visit comes from them only where the archive has
  no letter on it: checked against the manifest's dates, not against what the merge found.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest

from letter_corpus import manifest, require_visits
from ofsted_ratings import Dataset, load
from ofsted_ratings.dataset import data_files
from ofsted_ratings.io.package import VISIT_CORRECTIONS_FILE
from ofsted_ratings.merge import MergedVisits, merge_official_visits, read_corrections
from ofsted_ratings.models import SourceKind, VisitKind
from ofsted_ratings.sources.letters import Amendment, InconsistentReportError, read_letter
from ofsted_ratings.sources.official import OfficialInspection, OfficialOutcomes, read_outcomes

pytestmark = pytest.mark.corpus

STATISTICS = "https://www.gov.uk/government/collections/childrens-social-care-statistics"
#: A letter is published within four months of the visit it reports.
LETTER_WITHIN = timedelta(days=120)
#: Visit rows by file: (focused, monitoring), as the files' own counts give them.
VISIT_ROWS = {
    "LA_Inspection_Outcomes_as_at_31_March_2025.ods": (36, 24),
    "LA_Inspection_Outcomes_as_at_March_2024.ods": (37, 28),
}


@pytest.fixture(scope="module")
def files(sources_dir: Path) -> list[OfficialOutcomes]:
    return [read_outcomes(path) for path in sorted((sources_dir / "ofsted-official").glob("*.ods"))]


@pytest.fixture(scope="module")
def merged(files: list[OfficialOutcomes]) -> MergedVisits:
    """The official files merged into the bundled visits that come from letters."""
    bundled = load(bundled=True)
    letters = [v for v in bundled.visits if v.source.kind is SourceKind.REPORT]
    corrections = read_corrections(
        (data_files() / VISIT_CORRECTIONS_FILE).read_text(encoding="utf-8")
    )
    lookup = Dataset(authorities=bundled.authorities, inspections=())
    return merge_official_visits(letters, files, lookup, url=STATISTICS, corrections=corrections)


def _visit_rows(outcomes: OfficialOutcomes) -> list[OfficialInspection]:
    return [row for row in outcomes.in_year if row.visit_kind is not None]


def _letters_of(urn: str) -> list[date]:
    """The dates the archive lists the letters to the authority with ``urn`` on."""
    return [date.fromisoformat(r["published"]) for r in manifest() if r["urn"] == urn]


def test_every_visit_row_of_both_files_is_matched_or_added(
    files: list[OfficialOutcomes], merged: MergedVisits
) -> None:
    require_visits()
    bundled = load(bundled=True)
    outcome = {(r.file, r.row): r for r in merged.rows}
    assert len(outcome) == len(merged.rows)
    assert merged.conflicts == ()
    for outcomes in files:
        name = Path(outcomes.path).name
        rows = _visit_rows(outcomes)
        kinds = Counter(row.visit_kind for row in rows)
        assert (kinds[VisitKind.FOCUSED], kinds[VisitKind.MONITORING]) == VISIT_ROWS[name]
        for row in rows:
            result = outcome[(name, row.row)]
            assert result.visit is not None
            visit = next(v for v in merged.visits if v.id == result.visit)
            assert visit.start == row.start
            assert visit.kind.focused == (row.visit_kind is VisitKind.FOCUSED)
            key = bundled.authority(row.ons_code or row.la_name).key
            assert visit.authority_key == key
            assert row.start is not None
            letter = [d for d in _letters_of(key) if row.start < d <= row.start + LETTER_WITHIN]
            if row.visit_kind is VisitKind.MONITORING or not letter:
                assert result.how == "added", (name, row.la_name, row.start)
                assert visit.source.kind is SourceKind.OFFICIAL_STATISTICS
                assert visit.source.title.endswith(f"{outcomes.as_at:%B %Y}")
                assert visit.source.listed == row.published
            else:
                assert result.how == "matched", (name, row.la_name, row.start)
                assert visit.source.listed in letter
            if row.published is not None:
                assert visit.known_from == row.published
    assert len(merged.rows) == sum(sum(counts) for counts in VISIT_ROWS.values())


def test_the_files_agree_with_the_letters(merged: MergedVisits) -> None:
    """No visit the files and a letter both give differs in its first day or publication."""
    assert merged.disagreements == ()
    assert Counter(r.how for r in merged.rows)["matched official"] == 0  # the years are apart


def test_the_bundled_visits_are_the_merge(merged: MergedVisits) -> None:
    bundled = load(bundled=True)
    assert sorted(merged.visits, key=lambda v: v.id) == sorted(bundled.visits, key=lambda v: v.id)


def test_every_letter_of_the_archive_is_a_visit() -> None:
    require_visits()
    bundled = load(bundled=True)
    by_sha = {v.source.sha256: v for v in bundled.visits if v.source.kind is SourceKind.REPORT}
    rows = manifest()
    assert len(by_sha) == len(rows) == 346
    for row in rows:
        visit = by_sha[row["sha256"]]
        assert visit.authority_key == row["urn"]
        assert visit.source.listed == date.fromisoformat(row["published"])
        repository, _, rest = row["origin"].partition("@")
        commit, _, path = rest.partition(":")
        assert unquote(visit.source.url) == f"https://github.com/{repository}/blob/{commit}/{path}"
        assert visit.source.note is not None and "not known" in visit.source.note


@pytest.mark.parametrize(
    ("name", "visit_id", "field", "printed", "corrected"),
    [
        ("80458/2023-11-28", "80458-visit-2023-10-24", "start", "2022-10-24", "2023-10-24"),
        ("80464/2020-01-21", "80464-visit-2019-12-18", "letter_date", "2019-01-21", "2020-01-21"),
    ],
)
def test_the_letters_whose_dates_contradict_themselves(
    name: str, visit_id: str, field: str, printed: str, corrected: str
) -> None:
    """Read as printed, each raises; read with its reviewed correction, it is the bundled
    visit, whose note and the correction keep both values."""
    path = require_visits() / "pdf" / f"{name}.pdf"
    with pytest.raises(InconsistentReportError):
        read_letter(path)
    (correction,) = [
        c
        for c in read_corrections(
            (data_files() / VISIT_CORRECTIONS_FILE).read_text(encoding="utf-8")
        ).items
        if c.id == visit_id
    ]
    assert (correction.field, correction.report, correction.official) == (
        field,
        printed,
        corrected,
    )
    amendment = Amendment(field, date.fromisoformat(printed), date.fromisoformat(corrected))
    record = read_letter(path, amendments=[amendment])
    visit = next(v for v in load(bundled=True).visits if v.id == visit_id)
    assert visit.source.sha256 == record.sha256
    assert getattr(visit, field).isoformat() == corrected
    assert visit.source.note is not None
    assert f"prints {field} {printed}" in visit.source.note


def test_darlingtons_corrected_visit_is_the_one_the_2024_file_lists(
    files: list[OfficialOutcomes], merged: MergedVisits
) -> None:
    (off24,) = [f for f in files if f.as_at.year == 2024]
    (row,) = [r for r in _visit_rows(off24) if r.la_name == "Darlington"]
    assert row.start == date(2023, 10, 24)
    (result,) = [r for r in merged.rows if r.row == row.row and r.file.endswith("2024.ods")]
    assert (result.visit, result.how) == ("80458-visit-2023-10-24", "matched")
