"""Bring the user's copy of the data up to date from Ofsted's reports site.

:func:`update` lists every report and visit letter on the authorities' pages (listing is
cheap: one page per authority), downloads the files the data does not know, reads them with
the report reader or the letter reader, merges them by the rules of
:mod:`ofsted_ratings.merge`, runs the integrity checks and only then writes a new version of
the data (inspections and visits) to the user data directory (see
:mod:`ofsted_ratings.io.userdata`).

* **Every gap.** Every listed report or letter whose address the data does not know is a
  candidate, whatever its date; ``since`` only narrows the search to files listed from that
  date. A listing is a report when its title matches :data:`REPORT_TITLES`, a letter on a
  focused or monitoring visit when it matches :data:`LETTER_TITLES`; any other is skipped.
* **Known files at new addresses.** A report (a letter) is known by its authority and dates
  or by the sha256 of its file, never by its address. A listed file at an address the data
  does not know is downloaded once and hashed: a file the data already has (same sha256) is
  not read again, and its record is re-pointed to the new address (only the source's address
  changes, and for a letter the source's note, which names the old one; the result says
  why), unless the old address is still listed too. The download is the check: a listing's
  date and title alone could also name a re-issued, different file.
* **Nothing known is lost.** A new report fills a record's gaps, confirms its values or
  disagrees with them; a disagreement keeps both values and sources and is listed, and ours
  stands unless a reviewed correction chooses the other. A report for an inspection known
  only from the official statistics upgrades it (its source becomes the report), and so
  does a letter for a visit known only from them.
* **Idempotent.** Files are cached, so a second update straight after the first downloads
  nothing: it lists the pages, finds every listed address known, and writes nothing. The
  official spreadsheet is asked for with a conditional request (``ETag``,
  ``If-Modified-Since``), which costs no download when it has not changed.

Reports and letters that cannot be read are listed with the reason and the error's type
(:class:`Failure`) and do not stop the others. Nothing
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
from .io.package import VISIT_CORRECTIONS_FILE, package_files
from .merge import (
    MOVED,
    NO_CORRECTIONS,
    Change,
    Conflict,
    Corrections,
    Disagreement,
    Lettered,
    Merged,
    MergedVisits,
    Reported,
    ReportListing,
    from_report,
    infer_kinds,
    merge_letters,
    merge_official,
    merge_official_visits,
    merge_reports,
    read_corrections,
    read_letter_visit,
    repoint,
    repoint_visits,
)
from .models import Inspection, Visit
from .sources.documents import DocumentKind

if TYPE_CHECKING:
    from .sources.official import OfficialOutcomes
    from .sources.ofsted import OfstedClient, Publication

__all__ = ["LETTER_TITLES", "REPORT_TITLES", "Failure", "UpdateError", "UpdateResult", "update"]

#: Titles on Ofsted's pages of the reports the updater reads; letters from focused and
#: monitoring visits and joint inspections are not graded inspections of the authority.
REPORT_TITLES = re.compile(r"children.s services inspection|single inspection", re.IGNORECASE)
#: Titles on Ofsted's pages of the letters on focused and monitoring visits the updater
#: reads ("Children's services focused visit", "Monitoring visit").
LETTER_TITLES = re.compile(r"\b(?:focused|monitoring) visit", re.IGNORECASE)

Progress = Callable[[int, int, str], None]


class UpdateError(OfstedRatingsError):
    """An update that cannot be completed; the data in use is unchanged."""


@attrs.frozen
class Failure:
    """A report, letter (or page) that could not be used, and why.

    ``document`` says whether the listing was a report or a letter (``None`` for a page);
    ``error`` is the type of the error that stopped it (for example
    :class:`~ofsted_ratings.sources.letters.NotAVisitLetterError`), ``None`` where nothing
    was raised.
    """

    url: str
    reason: str
    document: DocumentKind | None = None
    error: type[Exception] | None = None


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

    ``new_visits`` and ``changed_visits`` are the same for the visits, from the letters
    (``letters`` counts those listed, within ``since``) and the official file's visit rows;
    :attr:`repointed_visits` those only re-pointed to a new address. The visits'
    disagreements and conflicts are among ``disagreements`` and ``conflicts`` (their ids
    name visits).
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
    new_visits: tuple[Visit, ...] = ()
    changed_visits: tuple[tuple[Visit, Visit], ...] = ()
    letters: int = 0

    @property
    def repointed(self) -> tuple[Change, ...]:
        """The records whose report file was found at a new address: ``source_url`` changes."""
        return tuple(c for c in self.changes if c.field == "source_url" and c.reason == MOVED)

    @property
    def repointed_visits(self) -> tuple[tuple[Visit, Visit], ...]:
        """``(before, after)`` for each visit whose letter (the same file, by sha256) was
        found at a new address."""
        return tuple(
            (old, new)
            for old, new in self.changed_visits
            if old.source.sha256 == new.source.sha256 and old.source.url != new.source.url
        )


@attrs.frozen
class _Candidate:
    """A listed report or letter to read: the authority's URN, the page listing it, the
    listing and which reader it needs."""

    urn: int
    page: str
    publication: Publication
    document: DocumentKind = DocumentKind.REPORT

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
    """What the authorities' pages list: the reports and letters at addresses the data does
    not know, every address listed, how many reports and letters, and what could not be
    used."""

    candidates: tuple[_Candidate, ...]
    listed: frozenset[str]
    reports: int
    letters: int
    failed: tuple[Failure, ...]
    skipped: tuple[Failure, ...]


@attrs.frozen
class _Fetched:
    """The candidates downloaded: known files found at new addresses (sha256 to address;
    reports and letters apart), the new reports and letters read, and those that could not
    be."""

    moved: dict[str, str]
    reported: tuple[Reported, ...]
    failed: tuple[Failure, ...]
    moved_letters: dict[str, str] = attrs.Factory(dict)
    lettered: tuple[Lettered, ...] = ()


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
    """Find, read and merge every listed report and visit letter the data lacks (listed
    from ``since``, if given).

    ``out`` is the user data directory to write (default :func:`.userdata.data_dir`);
    ``base_url`` the reports site (default Ofsted's). With ``official_url``, Ofsted's
    "inspection outcomes as at 31 March" spreadsheet is read too (revalidated with a
    conditional request when cached): it adds the kind (short or standard) where no source
    gave it, and the inspections it lists whose report is not in the data; its focused and
    monitoring visits are matched to the visits known or added. Everything
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
        merged, visits = _merge(client, dataset, found, fetched, official_url)
        result = attrs.evolve(
            _result(dataset, merged, visits, root),
            failed=found.failed + fetched.failed,
            skipped=found.skipped,
            listed=found.reports,
            letters=found.letters,
            requests=client.requests_made,
            downloads=client.downloads,
            not_modified=client.not_modified,
        )
        return _write(result, dry_run, root)


def _document(title: str) -> DocumentKind | None:
    """The reader a listing's title calls for (``None``: neither a report nor a letter).

    >>> _document("Children's services focused visit"), _document("Monitoring visit")
    (<DocumentKind.LETTER: 'visit letter'>, <DocumentKind.LETTER: 'visit letter'>)
    >>> _document("Joint targeted area inspection")
    """
    if REPORT_TITLES.search(title):
        return DocumentKind.REPORT
    if LETTER_TITLES.search(title):
        return DocumentKind.LETTER
    return None


def _find(client: OfstedClient, dataset: Dataset, since: date | None) -> _Found:
    """Every report and letter listed (from ``since``) at an address the data does not
    know."""
    from .sources.ofsted import OfstedError

    known_urls = {i.source.url for i in dataset.inspections}
    known_urls.update(v.source.url for v in dataset.visits)
    candidates: list[_Candidate] = []
    listed: set[str] = set()
    failed: list[Failure] = []
    skipped: list[Failure] = []
    counts = dict.fromkeys(DocumentKind, 0)
    for provider in client.providers():
        urn = _authority_urn(dataset, provider.id)
        if urn is None:
            failed.append(Failure(provider.url, f"no authority with URN or code {provider.id}"))
            continue
        try:
            publications = client.publications(provider)
        except OfstedError as error:
            failed.append(Failure(provider.url, str(error), error=type(error)))
            continue
        listed.update(p.url for p in publications)
        for publication in publications:
            if since is not None and publication.published < since:
                continue
            document = _document(publication.title)
            if document is None:
                reason = f"not an inspection report or a visit letter: {publication.title!r}"
                skipped.append(Failure(publication.url, reason))
                continue
            counts[document] += 1
            if publication.url not in known_urls:
                candidates.append(_Candidate(urn, provider.url, publication, document))
    return _Found(
        candidates=tuple(candidates),
        listed=frozenset(listed),
        reports=counts[DocumentKind.REPORT],
        letters=counts[DocumentKind.LETTER],
        failed=tuple(failed),
        skipped=tuple(skipped),
    )


def _fetch(
    client: OfstedClient,
    dataset: Dataset,
    candidates: Sequence[_Candidate],
    progress: Progress | None,
) -> _Fetched:
    """Each candidate downloaded (or taken from the cache) and hashed: a file the data
    has is noted as moved, any other is read with its reader; a failure for each that
    cannot be."""
    from .sources.ofsted import OfstedError
    from .sources.reports import ReportError, read_report

    known = {i.source.sha256 for i in dataset.inspections if i.source.sha256}
    known_letters = {v.source.sha256 for v in dataset.visits if v.source.sha256}
    corrections = _corrections(VISIT_CORRECTIONS_FILE)
    moved: dict[str, str] = {}
    moved_letters: dict[str, str] = {}
    reported: list[Reported] = []
    lettered: list[Lettered] = []
    failed: list[Failure] = []
    for number, candidate in enumerate(candidates, 1):
        url = candidate.publication.url
        if progress is not None:
            progress(number, len(candidates), url)
        try:
            data = client.download(url).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            if candidate.document is DocumentKind.LETTER:
                if digest in known_letters:
                    moved_letters.setdefault(digest, url)
                else:
                    lettered.append(read_letter_visit(data, candidate.listing, corrections))
            elif digest in known:
                moved.setdefault(digest, url)
            else:
                reported.append(from_report(read_report(data), candidate.listing))
        except (OfstedError, ReportError, OfstedRatingsError, OSError) as error:
            failed.append(Failure(url, str(error), candidate.document, type(error)))
    return _Fetched(
        moved=moved,
        reported=tuple(reported),
        failed=tuple(failed),
        moved_letters=moved_letters,
        lettered=tuple(lettered),
    )


def _merge(
    client: OfstedClient,
    dataset: Dataset,
    found: _Found,
    fetched: _Fetched,
    official_url: str | None,
) -> tuple[Merged, MergedVisits]:
    """Known files re-pointed to their new addresses, the new reports and letters merged,
    then the official file if there is one; then the kinds the days on site imply where no
    source gives one."""
    corrections = _corrections("corrections.csv")
    visit_corrections = _corrections(VISIT_CORRECTIONS_FILE)
    merged = repoint(dataset.inspections, fetched.moved, found.listed)
    merged = merged.then(
        merge_reports(merged.inspections, fetched.reported, dataset, corrections=corrections)
    )
    visits = repoint_visits(dataset.visits, fetched.moved_letters, found.listed)
    visits = visits.then(
        merge_letters(visits.visits, fetched.lettered, dataset, corrections=visit_corrections)
    )
    if official_url is not None:
        outcomes = _official(client, official_url)
        merged = merged.then(
            merge_official(
                merged.inspections, [outcomes], dataset, url=official_url, corrections=corrections
            )
        )
        visits = visits.then(
            merge_official_visits(
                visits.visits, [outcomes], dataset, url=official_url, corrections=visit_corrections
            )
        )
    return merged.then(infer_kinds(merged.inspections)), visits


def _official(client: OfstedClient, official_url: str) -> OfficialOutcomes:
    """The official file at ``official_url``, read."""
    from .sources.official import read_outcomes

    # Named as published, so that the disagreements name the file as corrections.csv does.
    name = PurePosixPath(urlsplit(official_url).path).name or official_url
    path = client.download(official_url, "ods", revalidate=True)
    return attrs.evolve(read_outcomes(path), path=name)


def _corrections(name: str) -> Corrections:
    """The reviewed corrections bundled with the package in the file ``name`` (none if it
    has none)."""
    path = data_files() / name
    if not path.is_file():
        return NO_CORRECTIONS
    return read_corrections(path.read_text(encoding="utf-8"), name)


def _result(dataset: Dataset, merged: Merged, visits: MergedVisits, root: Path) -> UpdateResult:
    """The merged data as an update's result, once it passes the integrity checks."""
    known = merged.inspections
    days = [dataset.release, *(i.known_from for i in known), *(v.known_from for v in visits.visits)]
    data = Dataset(
        authorities=dataset.authorities,
        inspections=known,
        visits=visits.visits,
        release=max(d for d in days if d is not None),
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
        disagreements=merged.unresolved + visits.unresolved,
        conflicts=merged.conflicts + visits.conflicts,
        changes=merged.changes,
        new_visits=visits.new,
        changed_visits=visits.changed,
    )


def _write(result: UpdateResult, dry_run: bool, root: Path) -> UpdateResult:
    """``result`` with the folder of the new version written, if there is anything to write."""
    from .io import userdata

    if dry_run or not (result.new or result.changed or result.new_visits or result.changed_visits):
        return result
    data = result.dataset
    assert data.release is not None
    return attrs.evolve(
        result, written=userdata.write_version(package_files(data, data.release), root)
    )


def _read(folder: Path) -> Dataset:
    return read_folder(folder)
