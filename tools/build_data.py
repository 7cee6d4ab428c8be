"""Rebuild the data package in ``data/`` from primary sources, byte for byte.

``python tools/build_data.py [--root DIR] [--shared DIR] [--check]`` (or ``nox -s data``),
run in the repository checkout, reads:

* every report listed in ``<shared>/reports/manifest.csv``, with the report reader;
* every letter on a visit listed in ``<shared>/visits/manifest.csv``, with the letter reader;
* Ofsted's official statistics in ``<shared>/sources/ofsted-official/*.ods``;
* the identifier sources behind ``tools/build_authorities.py``;
* ``data/cited-inspections.csv``: reviewed records of inspections whose report is not in the
  corpus, each citing the published document it comes from;
* ``data/corrections.csv``: every reviewed disagreement between a report and the official
  files, with the value chosen and why;
* ``data/visit-corrections.csv``: the same for visits (a letter against its listing or the
  official files), including the dates of the letters whose printed dates contradict each
  other, which the letter reader reads as corrected there.

and writes ``authorities.csv``, ``inspections.csv``, ``visits.csv`` and ``datapackage.json``
in ``data/`` and
the release date into ``ofsted_ratings/_release.py``. Nothing is chosen silently: a
disagreement between a report and the official files that ``corrections.csv`` does not
resolve stops the build, and so does a correction that no longer matches anything. With
``--check`` nothing is written; the exit status is 1 when any output would change.

The records are merged by :mod:`ofsted_ratings.merge`, the policy ``ofsted-ratings update``
follows too: each inspection with a report in the corpus comes from its report (dates, lead
inspector, judgements); the official files add the kind of inspection (short or standard),
which the reports do not print; where no source gives it, the kind is inferred from the
days on site (one week Monday to Friday: short; two weeks: standard) and marked so. An
inspection the official files list but whose report is not in the corpus comes from the
newest official file, and its source says so. Visits come from their letters; the
official files' focused and monitoring visits are matched to them, and a visit no letter
describes comes from the newest file that lists it. Whatever the merge leaves for review (a
conflict, an unresolved disagreement), and a letter that cannot be read, stop the build.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

import attrs

from build_authorities import build_authorities
from ofsted_ratings._util.atomic import write_text
from ofsted_ratings.dataset import Dataset
from ofsted_ratings.errors import OfstedRatingsError
from ofsted_ratings.integrity import check
from ofsted_ratings.io.convert import INSPECTION_COLUMNS, inspection_from_row
from ofsted_ratings.io.package import VISIT_CORRECTIONS_FILE, package_files
from ofsted_ratings.merge import (
    NO_CORRECTIONS,
    Corrections,
    Disagreement,
    Lettered,
    Merged,
    MergedVisits,
    Reported,
    ReportListing,
    RowOutcome,
    from_report,
    infer_kinds,
    match_inspection,
    merge_letters,
    merge_official,
    merge_official_visits,
    merge_reports,
    read_corrections,
    read_letter_visit,
)
from ofsted_ratings.models import Inspection, KindBasis, LocalAuthority, SourceKind, Visit

if TYPE_CHECKING:
    from ofsted_ratings.sources.official import OfficialOutcomes

__all__ = ["BuildError", "BuildResult", "Disagreement", "build", "main"]

#: Where the release module sits in a checkout, relative to the repository root.
RELEASE_MODULE = Path("src", "ofsted_ratings", "_release.py")

MANIFEST = "manifest.csv"
OFFICIAL_COLLECTION = "https://www.gov.uk/government/collections/childrens-social-care-statistics"


class BuildError(OfstedRatingsError):
    """The sources cannot be turned into a dataset without a decision a person must make."""


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build produced: the dataset, the files' text and what was resolved."""

    dataset: Dataset
    files: Mapping[Path, str]
    disagreements: tuple[Disagreement, ...]
    official_only: tuple[Inspection, ...]
    visit_disagreements: tuple[Disagreement, ...] = ()
    #: What became of each visit row of the official files.
    visit_rows: tuple[RowOutcome, ...] = ()


@attrs.frozen(kw_only=True)
class _ManifestEntry:
    urn: int
    la_name: str
    published: date
    file: str
    sha256: str
    title: str
    url: str

    @property
    def listing(self) -> ReportListing:
        return ReportListing(
            urn=self.urn, url=self.url, title=self.title, published=self.published, source=MANIFEST
        )


def _read_manifest(reports: Path) -> list[_ManifestEntry]:
    path = reports / MANIFEST
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            _ManifestEntry(
                urn=int(row["urn"]),
                la_name=row["la_name"],
                published=date.fromisoformat(row["published"]),
                file=row["file"],
                sha256=row["sha256"],
                title=" ".join(row["title"].split()),
                url=row["ofsted_url"],
            )
            for row in csv.DictReader(handle)
        ]


@attrs.frozen(kw_only=True)
class _LetterEntry:
    urn: int
    published: date
    file: str
    sha256: str
    title: str
    origin: str

    @property
    def listing(self) -> ReportListing:
        """Where the letter is: the archive's copy, at its repository, commit and path."""
        repository, _, rest = self.origin.partition("@")
        commit, _, path = rest.partition(":")
        return ReportListing(
            urn=self.urn,
            url=f"https://github.com/{repository}/blob/{commit}/{quote(path)}",
            title=self.title,
            published=self.published,
            source=MANIFEST,
            note=(
                "Ofsted's own address for this letter is not known: the file (sha256 checked) "
                f"is the copy in the public archive {repository} (commit {commit}), whose file "
                "name gives the date Ofsted's reports site listed it on."
            ),
        )


def _read_letter_manifest(visits: Path) -> list[_LetterEntry]:
    with (visits / MANIFEST).open(encoding="utf-8", newline="") as handle:
        return [
            _LetterEntry(
                urn=int(row["urn"]),
                published=date.fromisoformat(row["published"]),
                file=row["file"],
                sha256=row["sha256"],
                title=" ".join(row["title"].split()),
                origin=row["origin"],
            )
            for row in csv.DictReader(handle)
        ]


def _read_letters(
    shared: Path, entries: Sequence[_LetterEntry], corrections: Corrections
) -> list[Lettered]:
    """Each letter of the manifest, read and checked against the manifest's hash; a letter
    whose printed dates contradict each other is read with the reviewed correction that
    mends it (see :func:`ofsted_ratings.merge.letter_corrections`)."""
    return _read_each(
        shared / "visits",
        entries,
        lambda data, entry: read_letter_visit(data, entry.listing, corrections),
        "letters",
    )


_E = TypeVar("_E", _ManifestEntry, _LetterEntry)
_R = TypeVar("_R")


def _read_each(
    folder: Path, entries: Sequence[_E], read: Callable[[bytes, _E], _R], what: str
) -> list[_R]:
    """``read`` of each file of ``entries`` in ``folder``, after checking it against the
    manifest's hash; every file that cannot be read is named before the build stops."""
    from ofsted_ratings.sources.reports import ReportError

    found = []
    failures = []
    for entry in entries:
        path = folder / entry.file
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.sha256:
            raise BuildError(f"{path}: sha256 {digest} differs from the manifest's {entry.sha256}")
        try:
            found.append(read(data, entry))
        except ReportError as error:
            failures.append(f"{entry.file}: {error}")
    if failures:
        raise BuildError(f"{len(failures)} {what} cannot be read:\n  " + "\n  ".join(failures))
    return found


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise BuildError(f"{path}: columns should be {', '.join(columns)}")
        return list(reader)


def _read_corrections(data: Path, name: str = "corrections.csv") -> Corrections:
    path = data / name
    if not path.exists():
        return NO_CORRECTIONS
    return read_corrections(path.read_text(encoding="utf-8"), str(path))


def _read_reports(shared: Path, entries: Sequence[_ManifestEntry]) -> list[Reported]:
    """Each report of the manifest, read and checked against the manifest's hash."""
    from ofsted_ratings.sources.reports import read_report

    return _read_each(
        shared / "reports",
        entries,
        lambda data, entry: from_report(read_report(data), entry.listing),
        "reports",
    )


def _read_official(shared: Path) -> list[OfficialOutcomes]:
    from ofsted_ratings.sources.official import read_outcomes

    folder = shared / "sources" / "ofsted-official"
    files = [read_outcomes(path) for path in sorted(folder.glob("*.ods"))]
    if not files:
        raise BuildError(f"no official files in {folder}")
    return files


def _merge(
    authorities: Sequence[LocalAuthority],
    reported: Sequence[Reported],
    files: Sequence[OfficialOutcomes],
    corrections: Corrections,
) -> Merged:
    """The reports merged, then the official files into them; nothing left to decide."""
    lookup = Dataset(authorities=authorities, inspections=())
    reports = merge_reports((), reported, lookup, corrections=corrections)
    official = merge_official(
        reports.inspections, files, lookup, url=OFFICIAL_COLLECTION, corrections=corrections
    )
    merged = reports.then(official)
    merged = merged.then(infer_kinds(merged.inspections))
    _require_decided(merged, corrections)
    return merged


def _merge_visits(
    authorities: Sequence[LocalAuthority],
    letters: Sequence[Lettered],
    files: Sequence[OfficialOutcomes],
    corrections: Corrections,
) -> MergedVisits:
    """The letters' visits, then the official files' visits merged into them."""
    lookup = Dataset(authorities=authorities, inspections=())
    merged = merge_letters((), letters, lookup, corrections=corrections)
    merged = merged.then(
        merge_official_visits(
            merged.visits, files, lookup, url=OFFICIAL_COLLECTION, corrections=corrections
        )
    )
    _require_decided(merged, corrections, VISIT_CORRECTIONS_FILE)
    return merged


def _require_decided(
    merged: Merged | MergedVisits, corrections: Corrections, name: str = "corrections.csv"
) -> None:
    """Raise :class:`BuildError` for whatever needs a person's decision."""
    if merged.conflicts:
        listing = "\n  ".join(map(str, merged.conflicts))
        raise BuildError(f"{len(merged.conflicts)} rows need review:\n  {listing}")
    if merged.unresolved:
        listing = "\n  ".join(map(str, merged.unresolved))
        raise BuildError(
            f"{len(merged.unresolved)} disagreements between sources "
            f"need a reviewed row in {name}:\n  {listing}"
        )
    stale = corrections.unused(merged.disagreements)
    if stale:
        raise BuildError(
            f"{name} rows that match no disagreement: " + ", ".join(" ".join(c.key) for c in stale)
        )


def _check_cited(inspections: Sequence[Inspection], cited: Sequence[Inspection]) -> None:
    """Stop where a cited record now describes an inspection a report or an official file
    gives: the cited row is to be reviewed (and removed), not kept beside it."""
    found = []
    for record in cited:
        candidates = [i for i in inspections if i.urn == record.urn]
        match = match_inspection(candidates, record)
        if match is not None:
            found.append(f"{record.id} (cited) is {match.id} ({match.source.kind})")
    if found:
        raise BuildError(
            "cited inspections now known from another source:\n  " + "\n  ".join(found)
        )


def _dataset(
    data: Path,
    authorities: Sequence[LocalAuthority],
    inspections: Sequence[Inspection],
    files: Sequence[OfficialOutcomes],
    visits: Sequence[Visit] = (),
) -> Dataset:
    """The dataset of the merged and the cited inspections and the visits, checked."""
    cited = [
        inspection_from_row(f)
        for f in _read_csv(data / "cited-inspections.csv", INSPECTION_COLUMNS)
    ]
    _check_cited(inspections, cited)
    everything = [*inspections, *cited]
    release = max(
        [i.known_from for i in everything]
        + [v.known_from for v in visits]
        + [o.published for o in files if o.published is not None]
    )
    dataset = Dataset(
        authorities=authorities,
        inspections=everything,
        visits=visits,
        release=release,
        origin=str(data),
    )
    problems = check(dataset)
    if problems:
        raise BuildError("integrity checks failed:\n  " + "\n  ".join(map(str, problems)))
    return dataset


def build(root: Path, shared: Path | None = None) -> BuildResult:
    """Build the dataset of the checkout at ``root`` from ``shared`` (default ``root/../shared``).

    Reads the reviewed inputs in ``root/data``; the files it returns are keyed by their
    paths under ``root``.

    Raises :class:`BuildError` for anything that needs a person's decision.
    """
    data = root / "data"
    shared = root.parent / "shared" if shared is None else shared
    authorities = build_authorities(shared)
    corrections = _read_corrections(data)
    visit_corrections = _read_corrections(data, VISIT_CORRECTIONS_FILE)
    reported = _read_reports(shared, _read_manifest(shared / "reports"))
    letters = _read_letters(shared, _read_letter_manifest(shared / "visits"), visit_corrections)
    files = _read_official(shared)
    merged = _merge(authorities, reported, files, corrections)
    visits = _merge_visits(authorities, letters, files, visit_corrections)
    dataset = _dataset(data, authorities, merged.inspections, files, visits.visits)
    assert dataset.release is not None
    files_text = {
        data / name: text for name, text in package_files(dataset, dataset.release).items()
    }
    files_text[root / RELEASE_MODULE] = _release_module(dataset.release)
    return BuildResult(
        dataset=dataset,
        files=files_text,
        disagreements=merged.disagreements,
        official_only=tuple(
            i for i in merged.new if i.source.kind is SourceKind.OFFICIAL_STATISTICS
        ),
        visit_disagreements=visits.disagreements,
        visit_rows=visits.rows,
    )


def _release_module(release: date) -> str:
    return (
        '"""The data release: the publication date of the newest source in the bundled data.\n'
        "\n"
        "Written by tools/build_data.py; do not edit by hand.\n"
        '"""\n'
        "\n"
        "from datetime import date\n"
        "\n"
        f"DATA_RELEASE = date({release.year}, {release.month}, {release.day})\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python tools/build_data.py",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=None,
        help="folder holding reports/ and sources/ (default ../shared)",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(),
        help="the repository checkout (default: the current directory)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any output would change"
    )
    args = parser.parse_args(argv)
    try:
        if not (args.root / "data").is_dir():
            raise BuildError(f"{args.root.resolve()} has no data/ folder: run from the checkout")
        result = build(args.root.resolve(), args.shared)
    except OfstedRatingsError as error:
        sys.stderr.write(f"build failed: {error}\n")
        return 1
    changed = [
        path
        for path, text in result.files.items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    ds = result.dataset
    inferred = Counter(str(i.kind) for i in ds.inspections if i.kind_basis is KindBasis.INFERRED)
    sys.stdout.write(
        f"{len(ds.authorities)} authorities, {len(ds.inspections)} inspections "
        f"({len(result.official_only)} from the official files only; kinds inferred from the "
        f"days on site: {inferred['short']} short, {inferred['standard']} standard), "
        f"{len({(d.id, d.field, d.file) for d in result.disagreements})} reviewed "
        f"disagreements, release {ds.release}\n"
    )
    rows = Counter(row.how for row in result.visit_rows)
    sys.stdout.write(
        f"{len(ds.visits)} visits ({len(ds.visits) - rows['added']} from letters, "
        f"{rows['added']} from the official files only; of the files' visit rows "
        f"{rows['matched']} match a letter, {rows['matched official']} a row of a newer file; "
        f"{len(result.visit_disagreements)} reviewed disagreements)\n"
    )
    if args.check:
        for path in changed:
            sys.stdout.write(f"out of date: {path}\n")
        return 1 if changed else 0
    for path in changed:
        write_text(path, result.files[path])
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
