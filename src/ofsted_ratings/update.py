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
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .dataset import Dataset, load, read_folder
from .errors import OfstedRatingsError, UnknownAuthorityError
from .integrity import check
from .io.package import package_files
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
    """

    new: tuple[Inspection, ...]
    changed: tuple[tuple[Inspection, Inspection], ...]
    failed: tuple[Failure, ...]
    skipped: tuple[Failure, ...]
    requests: int
    written: Path | None
    dataset: Dataset
    disagreements: tuple[str, ...] = ()


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
    not in the data; where it disagrees with a report, the report's value stays and the
    disagreement is listed. Raises :class:`UpdateError` if the merged data fails the
    integrity checks; the data in use is then unchanged.
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
        return _update(dataset, client, owns_client, start, root, dry_run, progress, official_url)


def _update(
    dataset: Dataset,
    client: OfstedClient,
    owns_client: bool,
    start: date | None,
    root: Path,
    dry_run: bool,
    progress: Progress | None,
    official_url: str | None,
) -> UpdateResult:
    from .io import userdata
    from .sources.ofsted import OfstedError
    from .sources.reports import ReportError, read_report

    known_urls = {i.source.url for i in dataset.inspections}
    known = {i.id: i for i in dataset.inspections}
    failed: list[Failure] = []
    skipped: list[Failure] = []
    candidates: list[tuple[int, Publication]] = []
    try:
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
                if start is not None and publication.published < start:
                    continue
                if publication.url in known_urls:
                    continue
                if not REPORT_TITLES.search(publication.title):
                    skipped.append(
                        Failure(publication.url, f"not an inspection report: {publication.title!r}")
                    )
                    continue
                candidates.append((urn, publication))
        new: list[Inspection] = []
        changed: list[tuple[Inspection, Inspection]] = []
        for number, (urn, publication) in enumerate(candidates, 1):
            if progress is not None:
                progress(number, len(candidates), publication.url)
            try:
                path = client.download(publication.url)
                record = read_report(path)
                inspection = record.to_inspection(
                    urn,
                    url=publication.url,
                    title=publication.title,
                    published=None if record.published else publication.published,
                )
            except (OfstedError, ReportError, OfstedRatingsError) as error:
                failed.append(Failure(publication.url, str(error)))
                continue
            old = known.get(inspection.id)
            if old is None:
                new.append(inspection)
                known[inspection.id] = inspection
            elif old != inspection:
                changed.append((old, inspection))
                known[inspection.id] = inspection
        disagreements: list[str] = []
        if official_url is not None:
            changes = _merge_official(client, official_url, dataset, known, disagreements)
            for old, updated in changes:
                if old is None:
                    new.append(updated)
                else:
                    changed.append((old, updated))
        requests = client.requests_made
    finally:
        if owns_client:
            client.close()

    merged = Dataset(
        authorities=dataset.authorities,
        inspections=list(known.values()),
        release=max(
            [d for d in [dataset.release, *(i.known_from for i in known.values())] if d is not None]
        ),
        origin=str(root),
    )
    problems = check(merged)
    if problems:
        raise UpdateError(
            "the updated data fails the integrity checks; nothing was written:\n  "
            + "\n  ".join(map(str, problems))
        )
    written = None
    if not dry_run and (new or changed):
        assert merged.release is not None
        written = userdata.write_version(package_files(merged, merged.release), root)
    return UpdateResult(
        disagreements=tuple(disagreements),
        new=tuple(new),
        changed=tuple(changed),
        failed=tuple(failed),
        skipped=tuple(skipped),
        requests=requests,
        written=written,
        dataset=merged,
    )


def _merge_official(
    client: OfstedClient,
    url: str,
    dataset: Dataset,
    known: dict[str, Inspection],
    disagreements: list[str],
) -> list[tuple[Inspection | None, Inspection]]:
    """Kinds and missing inspections from an official file; ``(old or None, new)`` pairs."""
    import attrs

    from .frameworks import FRAMEWORKS
    from .sources.official import match_inspection, read_outcomes

    outcomes = read_outcomes(client.download(url, "ods"))
    changes: list[tuple[Inspection | None, Inspection]] = []
    for row in outcomes.history:
        authority = None
        for query in (row.ons_code, row.la_name):
            if query and authority is None:
                authority = dataset.get_authority(query)
        if authority is None:
            disagreements.append(f"{url}: no authority for {row.la_name!r} ({row.ons_code})")
            continue
        candidates = [i for i in known.values() if i.urn == authority.urn]
        match = match_inspection(candidates, row)
        if match is None:
            added = row.to_inspection(authority.urn, outcomes, url=url)
            if added.id not in known:
                known[added.id] = added
                changes.append((None, added))
            continue
        framework = FRAMEWORKS[match.framework]
        for area in framework.area_keys:
            theirs = row.grade(area)
            if theirs is not None and theirs is not match.grade(area):
                disagreements.append(
                    f"{match.id} {area}: ours {match.grade(area)}, "
                    f"{Path(outcomes.path).name} {theirs}"
                )
        if row.start is not None and match.start is not None and row.start != match.start:
            disagreements.append(f"{match.id} start: ours {match.start}, official {row.start}")
        if match.kind is None:
            updated = attrs.evolve(match, kind=row.kind)
            known[match.id] = updated
            changes.append((match, updated))
        elif match.kind is not row.kind:
            disagreements.append(f"{match.id} kind: ours {match.kind}, official {row.kind}")
    return changes


def _read(folder: Path) -> Dataset:
    return read_folder(folder)
