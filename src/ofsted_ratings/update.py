"""Bring the user's copy of the data up to date from Ofsted's reports site.

:func:`update` lists every report on the authorities' pages (listing is cheap: one page per
authority), downloads the files the data does not know, reads them with the report reader,
merges them by the rules of :mod:`ofsted_ratings.merge`, runs the integrity checks and only
then writes a new version of the data to the user data directory (see
:mod:`ofsted_ratings.io.userdata`).

* **Every gap.** Every listed report whose address the data does not know is a candidate,
  whatever its date; ``since`` only narrows the search to reports listed from that date.
* **Known files at new addresses.** A report is known by its authority and dates or by the
  sha256 of its file, never by its address. A listed file at an address the data does not
  know is downloaded once and hashed: a file the data already has (same sha256) is not read
  again, and its record is re-pointed to the new address (only ``source_url`` changes, and
  the result says why), unless the old address is still listed too. The download is the
  check: a listing's date and title alone could also name a re-issued, different file.
* **Nothing known is lost.** A new report fills a record's gaps, confirms its values or
  disagrees with them; a disagreement keeps both values and sources and is listed, and ours
  stands unless a reviewed correction chooses the other. A report for an inspection known
  only from the official statistics upgrades it (its source becomes the report).
* **Idempotent.** Files are cached, so a second update straight after the first downloads
  nothing: it lists the pages, finds every listed address known, and writes nothing. The
  official spreadsheet is asked for with a conditional request (``ETag``,
  ``If-Modified-Since``), which costs no download when it has not changed.

Reports that cannot be read are listed with the reason and do not stop the others. Nothing
is written on a dry run, when nothing changed, or when anything fails before the write; the
version in use is never modified in place.
"""

from __future__ import annotations

import hashlib
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
    MOVED,
    NO_CORRECTIONS,
    Change,
    Conflict,
    Corrections,
    Disagreement,
    Merged,
    Reported,
    ReportListing,
    from_report,
    infer_kinds,
    merge_official,
    merge_reports,
    read_corrections,
    repoint,
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
    of an inspection whose values differ, and ``changes`` gives each value changed with the
    reason (:attr:`repointed` those only re-pointed to a new address); ``written`` is the new
    version's folder (``None`` on a dry run or when nothing changed). ``disagreements`` are
    the values a source gave differently from ours that no reviewed correction settles (ours
    was kept); ``conflicts`` what was left out for review (see :mod:`ofsted_ratings.merge`).
    ``listed`` counts the inspection reports listed on the site (within ``since``);
    ``requests`` the HTTP requests made, ``downloads`` the files transferred and
    ``not_modified`` the conditional requests the site answered "not modified" (304).
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
    changes: tuple[Change, ...] = ()
    listed: int = 0
    downloads: int = 0
    not_modified: int = 0

    @property
    def repointed(self) -> tuple[Change, ...]:
        """The records whose report file was found at a new address: ``source_url`` changes."""
        return tuple(c for c in self.changes if c.field == "source_url" and c.reason == MOVED)


@attrs.frozen
class _Candidate:
    """A listed report to read: the authority's URN, the page listing it and the listing."""

    urn: int
    page: str
    publication: Publication

    @property
    def listing(self) -> ReportListing:
        publication = self.publication
        return ReportListing(
            urn=self.urn,
            url=publication.url,
            title=publication.title,
            published=publication.published,
            source=self.page,
        )


@attrs.frozen
class _Found:
    """What the authorities' pages list: the reports at addresses the data does not know,
    every address listed, how many reports, and what could not be used."""

    candidates: tuple[_Candidate, ...]
    listed: frozenset[str]
    reports: int
    failed: tuple[Failure, ...]
    skipped: tuple[Failure, ...]


@attrs.frozen
class _Fetched:
    """The candidates downloaded: known files found at new addresses (sha256 to address),
    the new reports read, and those that could not be."""

    moved: dict[str, str]
    reported: tuple[Reported, ...]
    failed: tuple[Failure, ...]


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
    """Find, read and merge every listed report the data lacks (listed from ``since``, if
    given).

    ``out`` is the user data directory to write (default :func:`.userdata.data_dir`);
    ``base_url`` the reports site (default Ofsted's). With ``official_url``, Ofsted's
    "inspection outcomes as at 31 March" spreadsheet is read too (revalidated with a
    conditional request when cached): it adds the kind (short or standard) where no source
    gave it, and the inspections it lists whose report is not in the data. Everything
    merges by the rules of :mod:`ofsted_ratings.merge`, with the reviewed corrections
    bundled with the package: where a source disagrees with ours, ours stays and the
    disagreement is listed. Raises :class:`UpdateError` if the merged data fails the
    integrity checks; the data in use is then unchanged.
    """
    from .io import userdata
    from .sources.ofsted import DEFAULT_BASE_URL, OfstedClient

    root = Path(out) if out is not None else userdata.data_dir()
    if dataset is None:
        folder = userdata.current_version(root)
        dataset = load(bundled=True) if folder is None else _read(folder)
    owns_client = client is None
    if client is None:
        client = OfstedClient(base_url or DEFAULT_BASE_URL, cache_dir=cache_dir)
    with ExitStack() as stack:
        if not dry_run:
            stack.enter_context(userdata.lock(root))
        if owns_client:
            stack.callback(client.close)
        found = _find(client, dataset, since)
        fetched = _fetch(client, dataset, found.candidates, progress)
        merged = _merge(client, dataset, found, fetched, official_url)
        result = attrs.evolve(
            _result(dataset, merged, root),
            failed=found.failed + fetched.failed,
            skipped=found.skipped,
            listed=found.reports,
            requests=client.requests_made,
            downloads=client.downloads,
            not_modified=client.not_modified,
        )
        return _write(result, dry_run, root)


def _find(client: OfstedClient, dataset: Dataset, since: date | None) -> _Found:
    """Every report listed (from ``since``) at an address the data does not know."""
    from .sources.ofsted import OfstedError

    known_urls = {i.source.url for i in dataset.inspections}
    candidates: list[_Candidate] = []
    listed: set[str] = set()
    failed: list[Failure] = []
    skipped: list[Failure] = []
    reports = 0
    for provider in client.providers():
        urn = _authority_urn(dataset, provider.id)
        if urn is None:
            failed.append(Failure(provider.url, f"no authority with URN or code {provider.id}"))
            continue
        try:
            publications = client.publications(provider)
        except OfstedError as error:
            failed.append(Failure(provider.url, str(error)))
            continue
        listed.update(p.url for p in publications)
        for publication in publications:
            if since is not None and publication.published < since:
                continue
            if not REPORT_TITLES.search(publication.title):
                reason = f"not an inspection report: {publication.title!r}"
                skipped.append(Failure(publication.url, reason))
                continue
            reports += 1
            if publication.url not in known_urls:
                candidates.append(_Candidate(urn, provider.url, publication))
    return _Found(tuple(candidates), frozenset(listed), reports, tuple(failed), tuple(skipped))


def _fetch(
    client: OfstedClient,
    dataset: Dataset,
    candidates: Sequence[_Candidate],
    progress: Progress | None,
) -> _Fetched:
    """Each candidate downloaded (or taken from the cache) and hashed: a file the data
    has is noted as moved, any other is read; a failure for each that cannot be."""
    from .sources.ofsted import OfstedError
    from .sources.reports import ReportError, read_report

    known = {i.source.sha256 for i in dataset.inspections if i.source.sha256}
    moved: dict[str, str] = {}
    reported: list[Reported] = []
    failed: list[Failure] = []
    for number, candidate in enumerate(candidates, 1):
        url = candidate.publication.url
        if progress is not None:
            progress(number, len(candidates), url)
        try:
            data = client.download(url).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if digest in known:
                moved.setdefault(digest, url)
            else:
                reported.append(from_report(read_report(data), candidate.listing))
        except (OfstedError, ReportError, OfstedRatingsError, OSError) as error:
            failed.append(Failure(url, str(error)))
    return _Fetched(moved, tuple(reported), tuple(failed))


def _merge(
    client: OfstedClient,
    dataset: Dataset,
    found: _Found,
    fetched: _Fetched,
    official_url: str | None,
) -> Merged:
    """Known files re-pointed to their new addresses, the new reports merged, then the
    official file if there is one; then the kinds the days on site imply where no source
    gives one."""
    corrections = _corrections()
    merged = repoint(dataset.inspections, fetched.moved, found.listed)
    merged = merged.then(
        merge_reports(merged.inspections, fetched.reported, dataset, corrections=corrections)
    )
    if official_url is not None:
        merged = merged.then(_merge_official(client, dataset, merged, official_url, corrections))
    return merged.then(infer_kinds(merged.inspections))


def _merge_official(
    client: OfstedClient,
    dataset: Dataset,
    merged: Merged,
    official_url: str,
    corrections: Corrections,
) -> Merged:
    """The official file at ``official_url`` merged into ``merged``'s records."""
    from .sources.official import read_outcomes

    # Named as published, so that the disagreements name the file as corrections.csv does.
    name = PurePosixPath(urlsplit(official_url).path).name or official_url
    path = client.download(official_url, "ods", revalidate=True)
    outcomes = attrs.evolve(read_outcomes(path), path=name)
    return merge_official(
        merged.inspections, [outcomes], dataset, url=official_url, corrections=corrections
    )


def _corrections() -> Corrections:
    """The reviewed corrections bundled with the package (none if it has none)."""
    path = data_files() / "corrections.csv"
    if not path.is_file():
        return NO_CORRECTIONS
    return read_corrections(path.read_text(encoding="utf-8"))


def _result(dataset: Dataset, merged: Merged, root: Path) -> UpdateResult:
    """The merged data as an update's result, once it passes the integrity checks."""
    known = merged.inspections
    release = max([d for d in [dataset.release, *(i.known_from for i in known)] if d is not None])
    # The visits are carried over as they are: update reads reports, not letters.
    data = Dataset(
        authorities=dataset.authorities,
        inspections=known,
        visits=dataset.visits,
        release=release,
        origin=str(root),
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
        requests=0,
        written=None,
        dataset=data,
        disagreements=merged.unresolved,
        conflicts=merged.conflicts,
        changes=merged.changes,
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
