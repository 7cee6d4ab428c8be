"""``update`` finds and reads visit letters on a site on 127.0.0.1, beside the reports.

The site serves the corpus reports and letters of three authorities (Leeds, Birmingham,
Darlington) at addresses of its own, a "letter" that is an inspection report, and Ofsted's
official statistics file. The user's data is the bundled data with three visits changed:

* Leeds's 2018 focused visit is missing (the data lacks its letter);
* Darlington's 2023 focused visit is missing: its letter prints a first day a year out,
  which a reviewed correction mends;
* Birmingham's 2024 focused visit is known only as the official file lists it (as the
  official file's rows make it), so its letter upgrades it.

``update`` runs twice, as a user would run it.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pytest

from fake_ofsted import FakeOfsted, Listing, serve
from letter_corpus import manifest, require_visits
from ofsted_ratings import Dataset, SourceKind, load
from ofsted_ratings.cli import main
from ofsted_ratings.io import userdata
from ofsted_ratings.io.convert import visit_to_row
from ofsted_ratings.io.package import package_files
from ofsted_ratings.merge import match_visit, merge_official_visits
from ofsted_ratings.models import Visit
from ofsted_ratings.sources.documents import DocumentKind
from ofsted_ratings.sources.letters import NotAVisitLetterError
from ofsted_ratings.sources.official import read_outcomes
from ofsted_ratings.sources.ofsted import OfstedClient
from ofsted_ratings.update import LETTER_TITLES, REPORT_TITLES, UpdateResult, update

pytestmark = pytest.mark.corpus

URNS = ("80481", "80429", "80458")
#: Visits the user's data lacks: a letter of 2018, and one read with a reviewed correction.
MISSING = ("80481-visit-2018-01-30", "80458-visit-2023-10-24")
#: A visit the user's data knows only from the official statistics.
OFFICIAL_ONLY = "80429-visit-2024-09-24"
OFFICIAL_FILE = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
#: The file the site lists as a letter, which is Leeds's 2025 inspection report.
NOT_A_LETTER = "60999"


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "update.lock"
    }


@attrs.frozen
class Run:
    """The site, the user's data before, both updates and the data after each."""

    site: FakeOfsted
    seed: Dataset
    root: Path
    cache: Path
    first: UpdateResult
    second: UpdateResult
    written: dict[str, str]
    after_second: dict[str, str]


def _official_only(bundled: Dataset, ods: Path) -> Visit:
    """Birmingham's 2024 visit as the official file alone makes it (as the build would,
    without its letter), addressed as the bundled data addresses the official files."""
    outcomes = attrs.evolve(read_outcomes(ods), path=ods.name)
    (official_url,) = {
        v.source.url for v in bundled.visits if v.source.kind is SourceKind.OFFICIAL_STATISTICS
    }
    rows = merge_official_visits((), [outcomes], bundled, url=official_url).visits
    lettered = next(v for v in bundled.visits if v.id == OFFICIAL_ONLY)
    found = match_visit(
        [v for v in rows if v.authority_key == lettered.authority_key],
        start=lettered.start,
        published=lettered.source.listed,
        kind=lettered.kind,
    )
    assert found is not None and found.source.kind is SourceKind.OFFICIAL_STATISTICS
    return found


def _site(reports: Path, visits: Path) -> FakeOfsted:
    site = FakeOfsted()
    with (reports / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle)):
            if row["urn"] in URNS:
                site.add(
                    Listing(
                        row["urn"],
                        row["la_name"].title(),
                        " ".join(row["title"].split()),
                        date.fromisoformat(row["published"]),
                        f"6{number:04d}",
                        path=reports / row["file"],
                    )
                )
    for number, row in enumerate(manifest()):
        if row["urn"] in URNS:
            site.add(
                Listing(
                    row["urn"],
                    row["la_name"].title(),
                    row["title"][:1].upper() + row["title"][1:],
                    date.fromisoformat(row["published"]),
                    f"5{number:04d}",
                    path=visits / row["file"],
                )
            )
    site.add(
        Listing(
            "80481",
            "Leeds",
            "Children's services focused visit",
            date(2025, 10, 1),
            NOT_A_LETTER,
            path=reports / "pdf" / "80481" / "2025-08-12.pdf",
        )
    )
    return site


def _client(site: FakeOfsted, cache: Path) -> OfstedClient:
    return OfstedClient(site.base_url, cache_dir=cache, sleep=lambda s: None, timeout=10.0)


def _update(site: FakeOfsted, root: Path, cache: Path, **options: object) -> UpdateResult:
    with _client(site, cache) as client:
        return update(
            out=root,
            client=client,
            official_url=f"{site.base_url}/stats/{OFFICIAL_FILE}",
            **options,  # type: ignore[arg-type]
        )


@pytest.fixture(scope="module")
def run(
    reports_dir: Path, sources_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Run]:
    visits = require_visits()
    bundled = load(bundled=True)
    ods = sources_dir / "ofsted-official" / OFFICIAL_FILE
    official_only = _official_only(bundled, ods)
    seed = Dataset(
        authorities=bundled.authorities,
        inspections=bundled.inspections,
        visits=[
            official_only if v.id == OFFICIAL_ONLY else v
            for v in bundled.visits
            if v.id not in MISSING
        ],
        release=bundled.release,
        origin="before",
    )
    folder = tmp_path_factory.mktemp("letters")
    root, cache = folder / "data", folder / "cache"
    assert seed.release is not None
    userdata.write_version(package_files(seed, seed.release), root)
    site = _site(reports_dir, visits)
    site.files[f"/stats/{OFFICIAL_FILE}"] = ods.read_bytes()
    with serve(site):
        first = _update(site, root, cache)
        written = _snapshot(root)
        second = _update(site, root, cache)
        yield Run(
            site=site,
            seed=seed,
            root=root,
            cache=cache,
            first=first,
            second=second,
            written=written,
            after_second=_snapshot(root),
        )


def _without_address(visit: Visit) -> Visit:
    """``visit`` but for where its letter is published: the address, the title it is listed
    under there (the archive's copy is named in lower case) and the note on the address."""
    return attrs.evolve(visit, source=attrs.evolve(visit.source, url="-", title="-", note=None))


def test_the_site_lists_letters_beside_reports(run: Run) -> None:
    letters = [x for x in run.site.listings if LETTER_TITLES.search(x.title)]
    reports = [x for x in run.site.listings if REPORT_TITLES.search(x.title)]
    assert run.first.letters == len(letters) == 9  # the corpus's eight, and one that is not
    assert run.first.listed == len(reports) == 11
    assert run.first.skipped == ()


def test_the_letters_the_data_lacks_are_read_and_added(run: Run) -> None:
    bundled = {v.id: v for v in load(bundled=True).visits}
    new = {v.id: v for v in run.first.new_visits}
    assert sorted(new) == sorted(MISSING)
    for key in MISSING:
        # As the build read it from the same file, but for where the site publishes it.
        assert _without_address(new[key]) == _without_address(bundled[key])
        assert new[key].source.url.startswith(run.site.base_url + "/v1/file/5")
        assert new[key].source.title == "Children's services focused visit"
    # Darlington's letter prints 24 October 2022 as its first day: the reviewed correction
    # (from the official file) mends it, and the disagreement it settles is not listed.
    assert new["80458-visit-2023-10-24"].start == date(2023, 10, 24)
    assert "reviewed correction" in (new["80458-visit-2023-10-24"].source.note or "")
    assert [d for d in run.first.disagreements if "-visit-" in d.id] == []
    assert run.first.conflicts == ()


def test_a_letter_upgrades_a_visit_known_only_from_the_official_file(run: Run) -> None:
    bundled = next(v for v in load(bundled=True).visits if v.id == OFFICIAL_ONLY)
    ((old, new),) = [pair for pair in run.first.changed_visits if pair[0].id == OFFICIAL_ONLY]
    assert old.source.kind is SourceKind.OFFICIAL_STATISTICS
    assert (old.inspectors, old.improvements, old.end) == ((), (), None)
    assert new.source.kind is SourceKind.REPORT
    assert _without_address(new) == _without_address(bundled)
    assert new not in run.first.new_visits
    assert (old, new) not in run.first.repointed_visits


def test_known_letters_at_new_addresses_are_repointed_not_reread(run: Run) -> None:
    served = {
        x.body(): f"{run.site.base_url}/v1/file/{x.file_id}"
        for x in run.site.listings
        if x.file_id.startswith("5")
    }
    known = [
        v for v in run.seed.visits if v.authority_key in URNS and v.source.kind is SourceKind.REPORT
    ]
    assert len(known) == 5
    moved = {old.id: new for old, new in run.first.repointed_visits}
    assert sorted(moved) == sorted(v.id for v in known)
    by_hash = {hashlib.sha256(body).hexdigest(): url for body, url in served.items()}
    for old in known:
        new = moved[old.id]
        assert new.source.url == by_hash[old.source.sha256 or ""]
        assert attrs.evolve(new, source=old.source) == old  # only the source changes...
        assert attrs.evolve(new.source, url=old.source.url, note=old.source.note) == old.source
        # ... and its note names where the letter was read, and what was said of it there.
        assert new.source.note == (
            f"The same file (sha256 checked) as {old.source.url}, where it was read; "
            f"the note there: {old.source.note}"
        )
    changed = {old.id for old, _ in run.first.changed_visits}
    assert changed == set(moved) | {OFFICIAL_ONLY}


def test_a_letter_that_cannot_be_read_is_listed_and_nothing_is_lost(run: Run) -> None:
    (failure,) = run.first.failed
    assert failure.url == f"{run.site.base_url}/v1/file/{NOT_A_LETTER}"
    assert (failure.document, failure.error) == (DocumentKind.LETTER, NotAVisitLetterError)
    assert failure.reason
    after = {v.id: v for v in run.first.dataset.visits}
    for old in run.seed.visits:
        mine, theirs = visit_to_row(old), visit_to_row(after[old.id])
        for field, value in mine.items():
            if old.id == OFFICIAL_ONLY and not field.startswith("source_"):
                # The letter's values replace the official file's; none is emptied.
                assert theirs[field] or not value, field
            elif theirs[field] != value:
                assert value == "" or field.startswith("source_"), (old.id, field)
    assert len(after) == len(run.seed.visits) + len(MISSING)


def test_the_new_version_holds_the_visits(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run.first.written is not None
    monkeypatch.setenv("OFSTED_RATINGS_DATA_DIR", str(run.root))
    current = load()
    assert current.origin == str(run.first.written)
    assert {v.id for v in current.visits} == {v.id for v in run.first.dataset.visits}
    leeds = [v.id for v in current.visits_of(80481)]
    assert leeds == ["80481-visit-2018-01-30", "80481-visit-2021-07-20"]
    (written,) = [v for v in current.visits if v.id == "80481-visit-2018-01-30"]
    assert written == next(v for v in run.first.new_visits if v.id == written.id)


def test_the_first_update_costs_one_download_per_listed_file(run: Run) -> None:
    first = run.first
    files = first.listed + first.letters
    providers = len(run.site.providers)
    assert first.requests == 2 + providers + files + 1  # pages, files, the statistics
    assert first.downloads == files + 1
    assert first.not_modified == 0


def test_a_second_update_straight_after_is_a_no_op(run: Run) -> None:
    second = run.second
    assert (second.new, second.changed, second.new_visits, second.changed_visits) == (
        (),
        (),
        (),
        (),
    )
    assert second.written is None
    assert (second.downloads, second.not_modified) == (0, 1)  # the statistics, revalidated
    assert second.requests == 2 + len(run.site.providers) + 1
    # The file that is not a letter is read again from the cache and fails again.
    assert [f.url for f in second.failed] == [f.url for f in run.first.failed]
    assert run.after_second == run.written


def test_since_narrows_the_letters_too(run: Run) -> None:
    with _client(run.site, run.cache) as client:
        narrowed = update(
            dataset=run.seed, out=run.root, dry_run=True, since=date(2021, 1, 1), client=client
        )
    assert [v.id for v in narrowed.new_visits] == ["80458-visit-2023-10-24"]
    assert [old.id for old, _ in narrowed.changed_visits if old.id == OFFICIAL_ONLY] == [
        OFFICIAL_ONLY
    ]
    listed = [
        x for x in run.site.listings if LETTER_TITLES.search(x.title) and x.published.year >= 2021
    ]
    assert narrowed.letters == len(listed)
    assert narrowed.downloads == 0  # all cached


def test_cli_lists_the_visits(
    run: Run, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    assert run.seed.release is not None
    userdata.write_version(package_files(run.seed, run.seed.release), root)
    monkeypatch.setattr("ofsted_ratings.sources.ofsted.time.sleep", lambda s: None)
    status = main(
        [
            "update",
            "--dry-run",
            "--base-url",
            run.site.base_url,
            "--out",
            str(root),
            "--cache",
            str(run.cache),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "2 new visits (would add)" in out
    assert "80481-visit-2018-01-30  Leeds: focused visit" in out
    assert "5 known letters found at new addresses" in out
    assert f"could not read {run.site.base_url}/v1/file/{NOT_A_LETTER}" in out
    assert "9 letters listed" in out
