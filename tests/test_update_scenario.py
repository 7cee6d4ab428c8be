"""A year later: ``update`` against a site on 127.0.0.1 that has moved on since the release.

The site serves every report of the corpus under a new file address and a re-cased title,
and beside them: two corpus reports the user's data lacks (an old SIF report and a 2026 one),
a report of an inspection the data knows only from Ofsted's statistics (written for the
test: its dates and judgements are those of the official row), a 2027 report whose judgement
labels are worded differently from every report so far (also written for the test), and
Ofsted's official statistics file. ``update`` runs twice, as a user would run it.
"""

from __future__ import annotations

import csv
import hashlib
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pytest

from fake_ofsted import FakeOfsted, Listing, serve, text_pdf
from ofsted_ratings import Dataset, KindBasis, SourceKind, load
from ofsted_ratings.dataset import read_folder
from ofsted_ratings.io import userdata
from ofsted_ratings.io.convert import inspection_to_row
from ofsted_ratings.io.package import package_files
from ofsted_ratings.merge import FILLED, MOVED, UPGRADED
from ofsted_ratings.sources.ofsted import OfstedClient
from ofsted_ratings.update import REPORT_TITLES, UpdateResult, update

pytestmark = pytest.mark.corpus

#: Corpus reports the user's data lacks: a SIF report whose listed date is a day after the
#: date it prints, and an ILACS report of 2026 whose kind no source states.
MISSING = ("80418-2015-10-19", "80480-2026-08-20")
#: Salford's 2018 inspection, known only from the official statistics.
OFFICIAL_ONLY = "80548-2018-11-12"
OFFICIAL_FILE = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"

SALFORD_2018 = [
    "Salford",
    "Inspection of children\u2019s social care services",
    "Inspection dates: 8 October 2018 to 12 October 2018",
    "Lead inspector: Jane Example",
    "Her Majesty\u2019s Inspector",
    "Judgement Grade",
    "The impact of leaders on social work practice with children and families Good",
    "The experiences and progress of children who need help and protection Good",
    "The experiences and progress of children in care and care leavers Good",
    "Overall effectiveness Good",
    "Children in Salford are helped and protected well.",
]
#: The 2026 framework's four judgements, two of them worded differently.
LEEDS_2027 = [
    "Inspection of Leeds local authority",
    "children\u2019s services",
    "Inspection dates: 1 to 12 March 2027",
    "Lead inspector: John Example, His Majesty\u2019s Inspector",
    "Judgement Grade",
    "Impact of leaders on social work practice with children and their families",
    "Good",
    "The experiences and progress of children in need of help and protection",
    "Good",
    "The experiences and progress of children in care",
    "Outstanding",
    "The experiences and progress of care leavers",
    "Good",
    "Children in Leeds continue to receive good help.",
]


def _recased(title: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in title.split())


@attrs.frozen
class YearLater:
    """The site, the data before, both updates and what they cost."""

    site: FakeOfsted
    base: Dataset
    root: Path
    first: UpdateResult
    second: UpdateResult
    written: dict[str, str]
    after_second: dict[str, str]
    providers: int
    seconds: tuple[float, float]


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "update.lock"
    }


def _site(reports: Path) -> FakeOfsted:
    site = FakeOfsted()
    with (reports / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            site.add(
                Listing(
                    row["urn"],
                    row["la_name"].title(),
                    _recased(" ".join(row["title"].split())),
                    date.fromisoformat(row["published"]),
                    f"7{number:05d}",
                    path=reports / row["file"],
                )
            )
    site.add(
        Listing(
            "80548",
            "Salford",
            "Children\u2019s Services Inspection",
            date(2018, 11, 12),
            "80001",
            text_pdf([SALFORD_2018, ["Page two."]]),
        )
    )
    site.add(
        Listing(
            "80481",
            "Leeds",
            "Children\u2019s Services Inspection",
            date(2027, 4, 20),
            "80002",
            text_pdf([LEEDS_2027]),
        )
    )
    return site


def _update(site: FakeOfsted, root: Path, cache: Path) -> tuple[UpdateResult, float]:
    client = OfstedClient(site.base_url, cache_dir=cache, sleep=lambda s: None, timeout=10.0)
    began = time.perf_counter()
    with client:
        result = update(
            out=root, client=client, official_url=f"{site.base_url}/stats/{OFFICIAL_FILE}"
        )
    return result, time.perf_counter() - began


@pytest.fixture(scope="module")
def year_later(
    reports_dir: Path, sources_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[YearLater]:
    bundled = load(bundled=True)
    base = Dataset(
        authorities=bundled.authorities,
        inspections=[i for i in bundled.inspections if i.id not in MISSING],
        visits=bundled.visits,
        release=bundled.release,
        origin="a year ago",
    )
    folder = tmp_path_factory.mktemp("year-later")
    root, cache = folder / "data", folder / "cache"
    assert base.release is not None
    userdata.write_version(package_files(base, base.release), root)
    site = _site(reports_dir)
    official = sources_dir / "ofsted-official" / OFFICIAL_FILE
    site.files[f"/stats/{OFFICIAL_FILE}"] = official.read_bytes()
    with serve(site):
        first, took_first = _update(site, root, cache)
        written = _snapshot(root)
        second, took_second = _update(site, root, cache)
        yield YearLater(
            site=site,
            base=base,
            root=root,
            first=first,
            second=second,
            written=written,
            after_second=_snapshot(root),
            providers=len(site.providers),
            seconds=(took_first, took_second),
        )


def test_the_gaps_are_filled(year_later: YearLater) -> None:
    bundled = {i.id: i for i in load(bundled=True).inspections}
    first = year_later.first
    new = {i.id: i for i in first.new}
    assert set(MISSING) <= set(new)
    for key in MISSING:
        # As the build made them, but for where the site now publishes them.
        assert attrs.evolve(new[key], source=bundled[key].source) == bundled[key]
    lancashire = new["80480-2026-08-20"]
    assert (lancashire.kind, lancashire.kind_basis) == (
        bundled["80480-2026-08-20"].kind,
        KindBasis.INFERRED,
    )
    # The SIF report prints a date a day before the site lists it: both are kept in view.
    assert [(d.id, d.field, d.ours, d.theirs) for d in first.disagreements] == [
        ("80418-2015-10-19", "published", "2015-10-19", "2015-10-20")
    ]
    assert first.conflicts == ()
    assert first.written is not None


def test_the_visits_are_kept(year_later: YearLater) -> None:
    """The update reads reports, not letters: the visits it read are those it writes."""
    first = year_later.first
    assert first.written is not None
    assert year_later.base.visits
    assert read_folder(first.written).visits == year_later.base.visits


def test_no_value_of_any_earlier_inspection_is_lost(year_later: YearLater) -> None:
    first = year_later.first
    before = year_later.base.inspections
    after = first.dataset.inspections[: len(before)]
    reasons = {(c.id, c.field): c.reason for c in first.changes}
    for old, new in zip(before, after, strict=True):
        old_row, new_row = inspection_to_row(old), inspection_to_row(new)
        assert old_row["id"] == new_row["id"]
        for field, value in old_row.items():
            if new_row[field] != value:
                assert value == "" or field.startswith("source_"), (old.id, field)
                assert (old.id, field) in reasons, (old.id, field)


def test_known_files_at_new_addresses_are_repointed_not_reread(year_later: YearLater) -> None:
    first = year_later.first
    reports = [i for i in year_later.base.inspections if i.source.kind is SourceKind.REPORT]
    moved = {c.id for c in first.repointed}
    assert moved == {i.id for i in reports}
    assert {(c.field, c.reason) for c in first.changes if c.id in moved} == {("source_url", MOVED)}


def test_the_official_only_inspection_is_upgraded_by_its_report(year_later: YearLater) -> None:
    first = year_later.first
    (old,) = [i for i in year_later.base.inspections if i.id == OFFICIAL_ONLY]
    (new,) = [i for i in first.dataset.inspections if i.id == OFFICIAL_ONLY]
    assert old.source.kind is SourceKind.OFFICIAL_STATISTICS
    assert new.source.kind is SourceKind.REPORT
    assert new.source.url == f"{year_later.site.base_url}/v1/file/80001"
    assert (new.end, new.lead_inspector) == (date(2018, 10, 12), "Jane Example")
    assert (new.start, new.published, new.grades) == (old.start, old.published, old.grades)
    assert (new.kind, new.kind_basis) == (old.kind, KindBasis.OFFICIAL)
    reasons = {c.field: c.reason for c in first.changes if c.id == OFFICIAL_ONLY}
    assert reasons["source_url"] == UPGRADED
    assert reasons["end"] == reasons["lead_inspector"] == FILLED.format(source="the report")


def test_every_listed_report_is_in_the_data(year_later: YearLater) -> None:
    urls = {i.source.url for i in year_later.first.dataset.inspections}
    listed = [
        f"{year_later.site.base_url}/v1/file/{x.file_id}"
        for x in year_later.site.listings
        if REPORT_TITLES.search(x.title) and x.file_id != "80002"
    ]
    assert len(listed) == 477
    assert [url for url in listed if url not in urls] == []
    failed = [f.url.rsplit("/", 1)[1] for f in year_later.first.failed]
    assert failed in ([], ["80002"])  # the reworded report, until the reader reads it


def test_a_report_with_reworded_labels_is_read(year_later: YearLater) -> None:
    (leeds,) = [i for i in year_later.first.new if i.id == "80481-2027-04-20"]
    assert leeds.grade("help_and_protection") is not None
    assert leeds.kind_basis is KindBasis.INFERRED


def test_the_first_update_costs_one_download_per_listed_file(year_later: YearLater) -> None:
    first = year_later.first
    listed = first.listed
    assert listed == 478  # the corpus and the two reports written for the test
    # Two pages of search results, a page per authority, each listed file, the statistics.
    bound = 2 + year_later.providers + listed + 1
    assert first.requests <= bound
    assert first.downloads == listed + 1
    assert first.not_modified == 0


def test_a_second_update_straight_after_is_a_no_op(year_later: YearLater) -> None:
    second = year_later.second
    assert (second.new, second.changed, second.changes) == ((), (), ())
    assert second.written is None
    assert second.downloads == 0
    assert second.not_modified == 1  # the statistics file, revalidated
    assert second.requests == 2 + year_later.providers + 1
    assert year_later.after_second == year_later.written
