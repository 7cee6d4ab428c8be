"""Bring the user's copy of the data up to date from Ofsted's reports site.

:func:`update` lists the authorities' pages, finds reports published since the data in use
(and not already in it), downloads them into the cache, reads them with the report reader,
merges them, runs the integrity checks and only then writes a new version of the data to the
user data directory (see :mod:`ofsted_ratings.io.userdata`). Reports that cannot be read are
listed with the reason and do not stop the others. Nothing is written on a dry run, when
nothing changed, or when anything fails before the write; the version in use is never
modified in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import attrs

from .dataset import Dataset, data_files, load, read_folder
from .errors import OfstedRatingsError, UnknownAuthorityError
from .integrity import check
from .io.package import package_files
from .merge import (
    NO_CORRECTIONS,
    Conflict,
    Corrections,
    Disagreement,
    Merged,
    Reported,
    ReportListing,
    from_report,
    merge_official,
    merge_reports,
    read_corrections,
)
from .models import Inspection

if TYPE_CHECKING:
    from .sources.ofsted import OfstedClient, Publication

__all__ = ["Failure", "UpdateError", "UpdateResult", "update"]

#: Titles on Ofsted's pages of the reports the updater reads; letters from focused and
#: monitoring visits and joint inspections are not graded inspections of the authority.
REPORT_TITLES = re.compile(r"children.s services inspection|single inspection", re.IGNORECASE)

Progress = Callable[[int, int, str], None]


class UpdateError(OfstedRatingsError):
    """An update that cannot be completed; the data in use is unchanged."""


@attrs.frozen
class Failure:
    """A report (or page) that could not be used, and why."""

    url: str
    reason: str


@attrs.frozen(kw_only=True)
class UpdateResult:
    """What an update found and did.

    ``new`` are inspections not in the data before; ``changed`` pairs the old and new version
    of an inspection whose values differ; ``written`` is the new version's folder (``None``
    on a dry run or when nothing changed); ``requests`` counts HTTP requests made.
    ``disagreements`` are the values a source gave differently from ours that no reviewed
    correction settles (ours was kept); ``conflicts`` what was left out for review (see
    :mod:`ofsted_ratings.merge`).
    """

    new: tuple[Inspection, ...]
    changed: tuple[tuple[Inspection, Inspection], ...]
    failed: tuple[Failure, ...]
    skipped: tuple[Failure, ...]
    requests: int
    written: Path | None
    dataset: Dataset
    disagreements: tuple[Disagreement, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@attrs.frozen
class _Candidate:
    """A listed report to read: the authority's URN, the page listing it and the listing."""

    urn: int
    page: str
    publication: Publication


@attrs.frozen
class _Found:
    """What the authorities' pages list that is worth reading, and what could not be used."""

    candidates: tuple[_Candidate, ...]
    failed: tuple[Failure, ...]
    skipped: tuple[Failure, ...]


def _authority_urn(dataset: Dataset, provider_id: str) -> int | None:
    for query in (int(provider_id), provider_id) if provider_id.isdigit() else (provider_id,):
        try:
            return dataset.authority(query).urn
        except UnknownAuthorityError:
            continue
    return None


def update(
    *,
    since: date | None = None,
    cache_dir: str | Path | None = None,
    out: str | Path | None = None,
    dry_run: bool = False,
    base_url: str | None = None,
    client: OfstedClient | None = None,
    dataset: Dataset | None = None,
    progress: Progress | None = None,
    official_url: str | None = None,
) -> UpdateResult:
    """Find, read and merge reports published since ``since`` (default: the data's release).

    ``out`` is the user data directory to write (default :func:`.userdata.data_dir`);
    ``base_url`` the reports site (default Ofsted's). With ``official_url``, Ofsted's
    "inspection outcomes as at 31 March" spreadsheet is downloaded too: it adds the kind
    (short or standard) where no source gave it and the inspections it lists whose report is
    not in the data. Everything merges by the rules of :mod:`ofsted_ratings.merge`, with the
    reviewed corrections bundled with the package: where a source disagrees with a report,
    the report's value stays and the disagreement is listed. Raises :class:`UpdateError` if
    the merged data fails the integrity checks; the data in use is then unchanged.
    """
    from .io import userdata
    from .sources.ofsted import DEFAULT_BASE_URL, OfstedClient

    root = Path(out) if out is not None else userdata.data_dir()
    if dataset is None:
        folder = userdata.current_version(root)
        dataset = load(bundled=True) if folder is None else _read(folder)
    start = since if since is not None else dataset.release
    owns_client = client is None
    if client is None:
        client = OfstedClient(base_url or DEFAULT_BASE_URL, cache_dir=cache_dir)
    with ExitStack() as stack:
        if not dry_run:
            stack.enter_context(userdata.lock(root))
        if owns_client:
            stack.callback(client.close)
        found = _find(client, dataset, start)
        reported, unreadable = _read_reports(client, found.candidates, progress)
        merged = _merge(client, dataset, reported, official_url)
        result = _result(dataset, merged, root, client.requests_made)
        return attrs.evolve(
            _write(result, dry_run, root),
            failed=found.failed + unreadable,
            skipped=found.skipped,
        )


def _find(client: OfstedClient, dataset: Dataset, start: date | None) -> _Found:
    """The reports listed since ``start`` that the data does not have."""
    from .sources.ofsted import OfstedError

    known_urls = {i.source.url for i in dataset.inspections}
    candidates: list[_Candidate] = []
    failed: list[Failure] = []
    skipped: list[Failure] = []
    for provider in client.providers():
        urn = _authority_urn(dataset, provider.id)
        if urn is None:
            failed.append(Failure(provider.url, f"no authority with URN or code {provider.id}"))
            continue
        try:
            listed = client.publications(provider)
        except OfstedError as error:
            failed.append(Failure(provider.url, str(error)))
            continue
        for publication in listed:
            if (start is not None and publication.published < start) or (
                publication.url in known_urls
            ):
                continue
            if REPORT_TITLES.search(publication.title):
                candidates.append(_Candidate(urn, provider.url, publication))
            else:
                reason = f"not an inspection report: {publication.title!r}"
                skipped.append(Failure(publication.url, reason))
    return _Found(tuple(candidates), tuple(failed), tuple(skipped))


def _read_reports(
    client: OfstedClient, candidates: Sequence[_Candidate], progress: Progress | None
) -> tuple[list[Reported], tuple[Failure, ...]]:
    """Each candidate downloaded and read; a failure for each that cannot be."""
    from .sources.ofsted import OfstedError
    from .sources.reports import ReportError, read_report

    reported: list[Reported] = []
    failed: list[Failure] = []
    for number, candidate in enumerate(candidates, 1):
        publication = candidate.publication
        if progress is not None:
            progress(number, len(candidates), publication.url)
        listing = ReportListing(
            urn=candidate.urn,
            url=publication.url,
            title=publication.title,
            published=publication.published,
            source=candidate.page,
        )
        try:
            reported.append(from_report(read_report(client.download(publication.url)), listing))
        except (OfstedError, ReportError, OfstedRatingsError) as error:
            failed.append(Failure(publication.url, str(error)))
    return reported, tuple(failed)


def _merge(
    client: OfstedClient,
    dataset: Dataset,
    reported: Sequence[Reported],
    official_url: str | None,
) -> Merged:
    """The reports, then the official file if there is one, merged into the data."""
    from .sources.official import read_outcomes

    corrections = _corrections()
    merged = merge_reports(dataset.inspections, reported, dataset, corrections=corrections)
    if official_url is None:
        return merged
    # Named as published, so that the disagreements name the file as corrections.csv does.
    name = PurePosixPath(urlsplit(official_url).path).name or official_url
    outcomes = attrs.evolve(read_outcomes(client.download(official_url, "ods")), path=name)
    official = merge_official(
        merged.inspections, [outcomes], dataset, url=official_url, corrections=corrections
    )
    return merged.then(official)


def _corrections() -> Corrections:
    """The reviewed corrections bundled with the package (none if it has none)."""
    path = data_files() / "corrections.csv"
    if not path.is_file():
        return NO_CORRECTIONS
    return read_corrections(path.read_text(encoding="utf-8"))


def _result(dataset: Dataset, merged: Merged, root: Path, requests: int) -> UpdateResult:
    """The merged data as an update's result, once it passes the integrity checks."""
    known = merged.inspections
    release = max([d for d in [dataset.release, *(i.known_from for i in known)] if d is not None])
    data = Dataset(
        authorities=dataset.authorities, inspections=known, release=release, origin=str(root)
    )
    problems = check(data)
    if problems:
        raise UpdateError(
            "the updated data fails the integrity checks; nothing was written:\n  "
            + "\n  ".join(map(str, problems))
        )
    return UpdateResult(
        new=merged.new,
        changed=merged.changed,
        failed=(),
        skipped=(),
        requests=requests,
        written=None,
        dataset=data,
        disagreements=merged.unresolved,
        conflicts=merged.conflicts,
    )


def _write(result: UpdateResult, dry_run: bool, root: Path) -> UpdateResult:
    """``result`` with the folder of the new version written, if there is anything to write."""
    from .io import userdata

    if dry_run or not (result.new or result.changed):
        return result
    data = result.dataset
    assert data.release is not None
    return attrs.evolve(
        result, written=userdata.write_version(package_files(data, data.release), root)
    )


def _read(folder: Path) -> Dataset:
    return read_folder(folder)
