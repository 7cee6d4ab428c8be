"""Rebuild the data package in ``data/`` from primary sources, byte for byte.

``python tools/build_data.py [--root DIR] [--shared DIR] [--check]`` (or ``nox -s data``),
run in the repository checkout, reads:

* every report listed in ``<shared>/reports/manifest.csv``, with the report reader;
* Ofsted's official statistics in ``<shared>/sources/ofsted-official/*.ods``;
* the identifier sources behind ``tools/build_authorities.py``;
* ``data/cited-inspections.csv``: reviewed records of inspections whose report is not in the
  corpus, each citing the published document it comes from;
* ``data/corrections.csv``: every reviewed disagreement between a report and the official
  files, with the value chosen and why.

and writes ``authorities.csv``, ``inspections.csv`` and ``datapackage.json`` in ``data/`` and
the release date into ``ofsted_ratings/_release.py``. Nothing is chosen silently: a
disagreement between a report and the official files that ``corrections.csv`` does not
resolve stops the build, and so does a correction that no longer matches anything. With
``--check`` nothing is written; the exit status is 1 when any output would change.

Each inspection with a report in the corpus comes from its report (dates, lead inspector,
judgements); the official files add the kind of inspection (short or standard), which the
reports do not print. An inspection the official files list but whose report is not in the
corpus comes from the official files, and its source says so.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from build_authorities import build_authorities
from ofsted_ratings._util.atomic import write_text
from ofsted_ratings.dataset import Dataset
from ofsted_ratings.errors import OfstedRatingsError, UnknownAuthorityError
from ofsted_ratings.frameworks import FRAMEWORKS
from ofsted_ratings.integrity import check
from ofsted_ratings.io.convert import (
    INSPECTION_COLUMNS,
    inspection_from_row,
    inspection_to_row,
)
from ofsted_ratings.io.package import CORRECTION_COLUMNS, package_files
from ofsted_ratings.models import Inspection, LocalAuthority

if TYPE_CHECKING:
    from typing import TypeAlias

    from ofsted_ratings.sources.official import LatestOutcome, OfficialInspection, OfficialOutcomes
    from ofsted_ratings.sources.reports import ReportRecord

    OfficialRow: TypeAlias = OfficialInspection | LatestOutcome

__all__ = ["BuildError", "BuildResult", "Disagreement", "build", "main"]

#: Where the release module sits in a checkout, relative to the repository root.
RELEASE_MODULE = Path("src", "ofsted_ratings", "_release.py")

MANIFEST = "manifest.csv"
OFFICIAL_COLLECTION = "https://www.gov.uk/government/collections/childrens-social-care-statistics"


class BuildError(OfstedRatingsError):
    """The sources cannot be turned into a dataset without a decision a person must make."""


@attrs.frozen
class Disagreement:
    """A value a report (or, for the kind, the newest official file) and an official file
    give differently."""

    id: str
    field: str
    file: str
    report: str
    official: str

    def __str__(self) -> str:
        return f"{self.id} {self.field}: report {self.report!r}, {self.file} {self.official!r}"


@attrs.frozen
class Correction:
    """A reviewed resolution of a :class:`Disagreement` (a row of ``corrections.csv``)."""

    id: str
    field: str
    file: str
    report: str
    official: str
    resolution: str
    reason: str


@attrs.frozen(kw_only=True)
class BuildResult:
    """What a build produced: the dataset, the files' text and what was resolved."""

    dataset: Dataset
    files: Mapping[Path, str]
    disagreements: tuple[Disagreement, ...]
    official_only: tuple[Inspection, ...]


@attrs.frozen(kw_only=True)
class _ManifestEntry:
    urn: int
    la_name: str
    published: date
    file: str
    sha256: str
    title: str
    url: str


def _read_manifest(reports: Path) -> list[_ManifestEntry]:
    path = reports / "manifest.csv"
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


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise BuildError(f"{path}: columns should be {', '.join(columns)}")
        return list(reader)


def _read_reports(
    shared: Path, entries: Sequence[_ManifestEntry]
) -> list[tuple[_ManifestEntry, ReportRecord]]:
    from ofsted_ratings.sources.reports import ReportError, read_report

    records = []
    failures = []
    for entry in entries:
        path = shared / "reports" / entry.file
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry.sha256:
            raise BuildError(f"{path}: sha256 {digest} differs from the manifest's {entry.sha256}")
        try:
            records.append((entry, read_report(data)))
        except ReportError as error:
            failures.append(f"{entry.file}: {error}")
    if failures:
        raise BuildError(f"{len(failures)} reports cannot be read:\n  " + "\n  ".join(failures))
    return records


def _grade_text(inspection: Inspection, area: str) -> str:
    grade = inspection.grade(area)
    return "" if grade is None else grade.word(FRAMEWORKS[inspection.framework])


def _same(row: OfficialRow, other: OfficialRow, authority_of: object) -> bool:
    assert callable(authority_of)
    if authority_of(row) != authority_of(other):
        return False
    return row.published == other.published or (row.start is not None and row.start == other.start)


def _check_unmatched(
    official_only: Sequence[Inspection], by_authority: Mapping[int, Sequence[Inspection]]
) -> None:
    """An official-only inspection close in time to a report is a failed match, not new."""
    for inspection in official_only:
        for report in by_authority.get(inspection.urn, []):
            gap = abs((report.known_from - inspection.known_from).days)
            if gap <= 120:
                raise BuildError(
                    f"official row {inspection.id} is {gap} days from report {report.id} "
                    "but their dates differ: review the match"
                )


def _official_values(inspection: Inspection, row: OfficialRow) -> dict[str, str]:
    framework = FRAMEWORKS[inspection.framework]
    kind = getattr(row, "kind", None)
    values = {
        "start": row.start.isoformat() if row.start else "",
        "published": row.published.isoformat() if row.published else "",
        "kind": kind.value if kind is not None else "",
    }
    for area in framework.area_keys:
        grade = row.grade(area)
        values[area] = grade.word(framework) if grade else ""
    extra = set(row.grades) - set(framework.area_keys)
    if extra:
        raise BuildError(
            f"{inspection.id}: official row grades {sorted(extra)}, which "
            f"{framework.name} does not judge"
        )
    return values


def build(root: Path, shared: Path | None = None) -> BuildResult:
    """Build the dataset of the checkout at ``root`` from ``shared`` (default ``root/../shared``).

    Reads the reviewed inputs in ``root/data``; the files it returns are keyed by their
    paths under ``root``.

    Raises :class:`BuildError` for anything that needs a person's decision.
    """
    from ofsted_ratings.sources.official import OfficialInspection, match_inspection, read_outcomes

    data = root / "data"
    shared = root.parent / "shared" if shared is None else shared

    authorities = build_authorities(shared)
    lookup = Dataset(authorities=authorities, inspections=())
    entries = _read_manifest(shared / "reports")
    corrections = {
        (row["id"], row["field"], row["file"]): Correction(**row)
        for row in _read_csv(data / "corrections.csv", CORRECTION_COLUMNS)
    }
    used: set[tuple[str, str, str]] = set()
    disagreements: list[Disagreement] = []
    unresolved: list[Disagreement] = []

    def resolve(disagreement: Disagreement) -> str | None:
        """The resolution of a reviewed disagreement; ``None`` (and noted) if unreviewed."""
        disagreements.append(disagreement)
        key = (disagreement.id, disagreement.field, disagreement.file)
        correction = corrections.get(key)
        if (
            correction is None
            or correction.report != disagreement.report
            or correction.official != disagreement.official
            or (correction.resolution == "other official file" and disagreement.report)
        ):
            unresolved.append(disagreement)
            return None
        used.add(key)
        return correction.resolution

    reported = []
    for entry, record in _read_reports(shared, entries):
        inspection = record.to_inspection(
            entry.urn,
            url=entry.url,
            title=entry.title,
            published=None if record.published else entry.published,
        )
        if record.published is not None and record.published != entry.published:
            resolution = resolve(
                Disagreement(
                    inspection.id,
                    "published",
                    MANIFEST,
                    record.published.isoformat(),
                    entry.published.isoformat(),
                )
            )
            if resolution == "official":
                inspection = attrs.evolve(
                    inspection,
                    published=entry.published,
                    source=attrs.evolve(inspection.source, published=entry.published),
                )
        reported.append(inspection)

    official_files = sorted((shared / "sources" / "ofsted-official").glob("*.ods"))
    outcomes_list = [read_outcomes(path) for path in official_files]
    if not outcomes_list:
        raise BuildError(f"no official files in {shared / 'sources' / 'ofsted-official'}")
    newest = max(outcomes_list, key=lambda o: o.as_at)

    def authority_of(row: OfficialRow) -> LocalAuthority:
        for query in (row.ons_code, row.la_name):
            if query:
                try:
                    return lookup.authority(query)
                except UnknownAuthorityError:
                    continue
        raise BuildError(f"official files: no authority for {row.la_name!r} ({row.ons_code})")

    by_authority: dict[int, list[Inspection]] = {}
    for inspection in reported:
        by_authority.setdefault(inspection.urn, []).append(inspection)

    matched: dict[str, list[tuple[OfficialOutcomes, OfficialRow]]] = {}
    official_only: list[Inspection] = []
    for outcomes in outcomes_list:
        for row in outcomes.history:
            authority = authority_of(row)
            match = match_inspection(by_authority.get(authority.urn, []), row)
            if match is not None:
                matched.setdefault(match.id, []).append((outcomes, row))
            elif outcomes is newest:
                if row.start is None:
                    raise BuildError(f"{outcomes.path} row {row.row}: no inspection date")
                official_only.append(
                    row.to_inspection(authority.urn, newest, url=OFFICIAL_COLLECTION)
                )
            elif not any(_same(row, other, authority_of) for other in newest.history):
                raise BuildError(
                    f"{outcomes.path} row {row.row} ({row.la_name}, published {row.published}) "
                    "matches no report and is missing from the newest official file"
                )
        for latest in outcomes.latest:
            if latest.not_yet_inspected:
                continue
            authority = authority_of(latest)
            match = match_inspection(by_authority.get(authority.urn, []), latest)
            if match is not None:
                matched.setdefault(match.id, []).append((outcomes, latest))
            elif not any(
                _same(latest, other, authority_of) for other in newest.history
            ) and not any(
                i.urn == authority.urn and i.start == latest.start for i in official_only
            ):
                raise BuildError(
                    f"{outcomes.path} latest-outcomes row {latest.row} ({latest.la_name}) "
                    "matches no report and no row of the inspection history"
                )
    _check_unmatched(official_only, by_authority)

    inspections = []
    for inspection in reported:
        fields = inspection_to_row(inspection)
        rows = matched.get(inspection.id, [])
        if len(rows) > len({(o.path, r.sheet) for o, r in rows}):
            raise BuildError(f"{inspection.id}: more than one official row per file matches")
        newest_kind = next(
            (r.kind for o, r in rows if o is newest and isinstance(r, OfficialInspection)), None
        )
        if not fields["kind"] and newest_kind is not None:
            fields["kind"] = newest_kind.value
        replacements: dict[str, str] = {}
        for outcomes, official_row in rows:
            name = Path(outcomes.path).name
            for field, official_value in _official_values(inspection, official_row).items():
                ours = fields[field]
                if not official_value or official_value == ours:
                    continue
                report_value = inspection_to_row(inspection)[field]
                resolution = resolve(
                    Disagreement(inspection.id, field, name, report_value, official_value)
                )
                if resolution == "official":
                    replacements[field] = official_value
        fields.update(replacements)
        inspections.append(inspection_from_row(fields))
    if unresolved:
        listing = "\n  ".join(map(str, unresolved))
        raise BuildError(
            f"{len(unresolved)} disagreements between reports and the official files need a "
            f"reviewed row in corrections.csv:\n  {listing}"
        )
    stale = sorted(set(corrections) - used)
    if stale:
        raise BuildError(
            "corrections.csv rows that match no disagreement: "
            + ", ".join(" ".join(key) for key in stale)
        )
    inspections.extend(official_only)
    for fields in _read_csv(data / "cited-inspections.csv", INSPECTION_COLUMNS):
        inspections.append(inspection_from_row(fields))

    release = max(
        [i.known_from for i in inspections]
        + [o.published for o in outcomes_list if o.published is not None]
    )
    dataset = Dataset(
        authorities=authorities, inspections=inspections, release=release, origin=str(data)
    )
    problems = check(dataset)
    if problems:
        raise BuildError("integrity checks failed:\n  " + "\n  ".join(map(str, problems)))

    files = {data / name: text for name, text in package_files(dataset, release).items()}
    files[root / RELEASE_MODULE] = _release_module(release)
    return BuildResult(
        dataset=dataset,
        files=files,
        disagreements=tuple(disagreements),
        official_only=tuple(official_only),
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
    sys.stdout.write(
        f"{len(ds.authorities)} authorities, {len(ds.inspections)} inspections "
        f"({len(result.official_only)} from the official files only), "
        f"{len({(d.id, d.field, d.file) for d in result.disagreements})} reviewed "
        f"disagreements, release {ds.release}\n"
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
