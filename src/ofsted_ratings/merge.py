"""The one policy for merging sources into inspections: which records describe the same
inspection, and which source wins each value.

The maintainers' build (``tools/build_data.py``) and :func:`ofsted_ratings.update.update`
both merge through this module, so the data they write follows the same rules.

* **Identity.** An inspection is known by its authority and its dates, or by the sha256
  of its report file, never by the address of a file. :func:`match_inspection` finds the
  record a report or an official row describes; :func:`resolve_authority` finds the
  authority an official row names; :func:`repoint` moves a known file's record to the
  file's new address.
* **Precedence.** A report wins over an official file for the dates, the judgements and the
  lead inspector; the newest official file gives the kind (short or standard), which the
  reports do not print, and where none does, :func:`infer_kinds` infers it from the days
  on site (marked ``inferred``; an official kind later replaces it). A value already known
  is never replaced by another source's, nor by an empty one: another report of a known
  inspection only fills its gaps, and an official-only record is upgraded, not replaced,
  when its report arrives (the report becomes its source). The provenance guide has the
  table of which source wins each value.
* **Disagreements.** A value another source gives differently is a :class:`Disagreement`.
  Our value stays unless a reviewed :class:`Correction` (a row of ``corrections.csv``)
  chooses the other.
* **Conflicts.** What cannot be merged without a person's decision (an official row naming
  no known authority, an unmatched row close in time to a known inspection, a combination
  that would fail the integrity checks, ...) is a :class:`Conflict` and is left out.

* **Visits** follow the same rules (:func:`merge_letters`, :func:`merge_official_visits`):
  a visit is known by its authority, its sort (focused or monitoring) and its first day on
  site, within :data:`VISIT_START_WINDOW_DAYS` (and, where both are known, a publication
  date within :data:`VISIT_PUBLISHED_WINDOW_DAYS`); the letter's values win over an
  official file's, and an official file adds the visits no letter describes.

The build stops on a conflict or an unresolved disagreement; ``update`` lists them.

>>> from ofsted_ratings import load
>>> known = load(bundled=True).inspections
>>> merged = merge_reports(known, [Reported(known[0])], load(bundled=True))
>>> merged.new, merged.changed, merged.conflicts
((), (), ())
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from pathlib import PurePath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Protocol, TypeVar

import attrs

from .errors import OfstedRatingsError
from .frameworks import AREA_KEYS, FRAMEWORKS, InspectionKind
from .integrity import inspection_problems, record_problems, visit_problems
from .io.convert import inspection_from_row, inspection_to_row, visit_from_row, visit_to_row
from .io.package import CORRECTION_COLUMNS
from .models import (
    DatePrecision,
    Inspection,
    KindBasis,
    LocalAuthority,
    SourceKind,
    Visit,
    VisitKind,
    kind_from_days,
)
from .sources.official import LatestOutcome, OfficialInspection, OfficialOutcomes

if TYPE_CHECKING:
    from typing import TypeAlias

    from .dataset import Dataset
    from .sources.letters import LetterRecord
    from .sources.reports import ReportRecord

    #: A row of an official file that names an inspection.
    OfficialRow: TypeAlias = OfficialInspection | LatestOutcome

__all__ = [
    "NO_CORRECTIONS",
    "PUBLISHED_WINDOW_DAYS",
    "REVIEW_WINDOW_DAYS",
    "START_WINDOW_DAYS",
    "VISIT_COMPARED",
    "VISIT_PUBLISHED_WINDOW_DAYS",
    "VISIT_REVIEW_WINDOW_DAYS",
    "VISIT_START_WINDOW_DAYS",
    "Change",
    "Conflict",
    "Correction",
    "Corrections",
    "Dated",
    "Disagreement",
    "Lettered",
    "MergeError",
    "Merged",
    "MergedVisits",
    "ReportListing",
    "Reported",
    "Resolution",
    "RowOutcome",
    "explain",
    "from_letter",
    "from_report",
    "infer_kinds",
    "letter_corrections",
    "match_inspection",
    "match_visit",
    "merge_letters",
    "merge_official",
    "merge_official_visits",
    "merge_reports",
    "read_corrections",
    "read_letter_visit",
    "repoint",
    "repoint_visits",
    "resolve_authority",
]

#: How many days apart a record's start and a row's start may be for the row to describe
#: the record when no date is the same: the one record so close is the match, and the
#: differing date surfaces as a disagreement to review. Official files and reports differ
#: by a day or a week at most on the first day of an inspection.
START_WINDOW_DAYS: Final = 14
#: The same for a row that gives no start (the 2024 history), measured between the row's
#: publication date and the record's: the dates a file and a report give for the
#: publication differ by weeks, and inspections of one authority are years apart.
PUBLISHED_WINDOW_DAYS: Final = 100
#: An official row that matches no record but whose publication date is this close to a
#: record of the same authority is a failed match to review, not a new inspection. (Reports
#: give every date, so an unmatched report is new: a board's review can follow its
#: authority's inspection by weeks.)
REVIEW_WINDOW_DAYS: Final = 120

_T = TypeVar("_T")


class MergeError(OfstedRatingsError, ValueError):
    """Reviewed corrections that cannot be read."""


# --- identity ------------------------------------------------------------------------------


class Dated(Protocol):
    """Anything with the two dates an inspection is matched on (a record, an official row)."""

    @property
    def start(self) -> date | None:
        """The first day of the inspection, if known."""

    @property
    def published(self) -> date | None:
        """The publication date, if known."""


def match_inspection(candidates: Sequence[Inspection], row: Dated) -> Inspection | None:
    """The inspection among ``candidates`` (one authority's) that ``row`` describes.

    The one with the same publication date, else the same start date, else the only one
    whose start is within :data:`START_WINDOW_DAYS` of the row's or, for a record known
    only to the month, whose months on site hold the row's start (or, for a row without a
    start, whose publication is within :data:`PUBLISHED_WINDOW_DAYS` of the row's); ``None``
    if there is none or more than one.

    >>> from types import SimpleNamespace
    >>> from ofsted_ratings import load
    >>> leeds = load(bundled=True).history("Leeds")
    >>> match_inspection(leeds, SimpleNamespace(start=date(2025, 6, 23), published=None)).id
    '80481-2025-08-12'
    >>> match_inspection(leeds, SimpleNamespace(start=date(2025, 5, 1), published=None)) is None
    True
    """
    exact = _same_date(candidates, row)
    if exact is not None:
        return exact
    near = _near(candidates, row)
    return near[0] if len(near) == 1 else None


def _same_date(candidates: Sequence[Inspection], row: Dated) -> Inspection | None:
    days = ((row.published, _published), (row.published, _listed), (row.start, _start))
    for day, of in days:
        if day is not None:
            for inspection in candidates:
                if of(inspection) == day:
                    return inspection
    return None


def _published(inspection: Inspection) -> date | None:
    return inspection.published


def _listed(inspection: Inspection) -> date | None:
    return inspection.source.listed


def _start(inspection: Inspection) -> date | None:
    return inspection.start


def _near(candidates: Sequence[Inspection], row: Dated) -> list[Inspection]:
    if row.start is not None:
        start = row.start
        return [
            i
            for i in candidates
            if i.start is not None
            and (abs((i.start - start).days) <= START_WINDOW_DAYS or _in_months(i, start))
        ]
    if row.published is not None:
        published = row.published
        return [
            i for i in candidates if abs((i.known_from - published).days) <= PUBLISHED_WINDOW_DAYS
        ]
    return []


def _in_months(inspection: Inspection, day: date) -> bool:
    """Whether ``day`` falls in the months on site of an inspection known only to the month."""
    first = inspection.start
    if inspection.date_precision is not DatePrecision.MONTH or first is None:
        return False
    last = inspection.end or first
    return (first.year, first.month) <= (day.year, day.month) <= (last.year, last.month)


def resolve_authority(authorities: Dataset, row: OfficialRow) -> LocalAuthority | None:
    """The authority an official row names: by its ONS code, else by its name.

    >>> from types import SimpleNamespace
    >>> from ofsted_ratings import load
    >>> row = SimpleNamespace(ons_code=None, la_name="Leeds")
    >>> resolve_authority(load(bundled=True), row).urn
    80481
    """
    for query in (row.ons_code, row.la_name):
        if query:
            found = authorities.get_authority(query)
            if found is not None:
                return found
    return None


# --- disagreements and corrections ---------------------------------------------------------


class Resolution(enum.Enum):
    """Which value a reviewed disagreement keeps (the ``resolution`` of ``corrections.csv``)."""

    #: Ours: the report's value (or the record's, when no report is at hand).
    REPORT = "report"
    #: Theirs: the value of the file that disagrees.
    OFFICIAL = "official"
    #: Neither this file's nor an empty one: the report gives none, and another official
    #: file's value (the newest's kind) stands.
    OTHER_OFFICIAL_FILE = "other official file"


@attrs.frozen
class Disagreement:
    """A value another source gives differently from ours.

    ``id`` is the inspection's, ``field`` a column of ``inspections.csv``, ``file`` the
    source that disagrees (an official file's name, a listing), ``ours`` and ``theirs`` the
    two values as the data files write them (``ours`` is ``""`` where we had none).
    ``resolution`` is set once a reviewed correction settles it.

    >>> str(Disagreement("80481-2022-05-09", "kind", "x.ods", "", "short"))
    "80481-2022-05-09 kind: ours '', x.ods 'short'"
    """

    id: str
    field: str
    file: str
    ours: str
    theirs: str
    resolution: Resolution | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """What a correction names: the inspection, the field and the file."""
        return (self.id, self.field, self.file)

    def __str__(self) -> str:
        return f"{self.id} {self.field}: ours {self.ours!r}, {self.file} {self.theirs!r}"


@attrs.frozen(kw_only=True)
class Correction:
    """A reviewed resolution of a :class:`Disagreement` (a row of ``corrections.csv``)."""

    id: str
    field: str
    file: str
    report: str
    official: str
    resolution: Resolution
    reason: str

    @property
    def key(self) -> tuple[str, str, str]:
        """The inspection, field and file it settles."""
        return (self.id, self.field, self.file)

    def settles(self, disagreement: Disagreement) -> bool:
        """Whether this correction was reviewed for exactly this disagreement."""
        return (
            self.key == disagreement.key
            and (self.report, self.official) == (disagreement.ours, disagreement.theirs)
            and not (self.resolution is Resolution.OTHER_OFFICIAL_FILE and disagreement.ours)
        )


def _index_corrections(items: tuple[Correction, ...]) -> Mapping[tuple[str, str, str], Correction]:
    index: dict[tuple[str, str, str], Correction] = {}
    for item in items:
        if item.key in index:
            raise MergeError(f"two corrections of {' '.join(item.key)}")
        index[item.key] = item
    return MappingProxyType(index)


@attrs.frozen
class Corrections:
    """The reviewed corrections, looked up by inspection, field and file."""

    items: tuple[Correction, ...] = ()
    by_key: Mapping[tuple[str, str, str], Correction] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_key", _index_corrections(self.items))

    def settle(self, disagreement: Disagreement) -> Disagreement:
        """The disagreement with its reviewed resolution, or as it is if none settles it."""
        correction = self.by_key.get(disagreement.key)
        if correction is None or not correction.settles(disagreement):
            return disagreement
        return attrs.evolve(disagreement, resolution=correction.resolution)

    def unused(self, disagreements: Iterable[Disagreement]) -> tuple[Correction, ...]:
        """The corrections that settle none of ``disagreements``, in key order."""
        used = {d.key for d in disagreements if d.resolution is not None}
        return tuple(sorted((c for c in self.items if c.key not in used), key=lambda c: c.key))


#: No reviewed corrections: every disagreement stays unresolved and ours stands.
NO_CORRECTIONS: Final = Corrections()


def read_corrections(text: str, name: str = "corrections.csv") -> Corrections:
    """The corrections in the text of a ``corrections.csv`` file called ``name``.

    >>> header = "id,field,file,report,official,resolution,reason\\n"
    >>> read_corrections(header + "1-2020-01-02,start,x.ods,2020-01-01,2020-01-02,report,ok\\n"
    ...                  ).items[0].resolution
    <Resolution.REPORT: 'report'>
    """
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != CORRECTION_COLUMNS:
        raise MergeError(f"{name}: columns should be {', '.join(CORRECTION_COLUMNS)}")
    items = []
    for line, row in enumerate(reader, 2):
        try:
            resolution = Resolution(row["resolution"])
        except ValueError:
            raise MergeError(
                f"{name} line {line}: unknown resolution {row['resolution']!r}"
            ) from None
        items.append(
            Correction(
                id=row["id"],
                field=row["field"],
                file=row["file"],
                report=row["report"],
                official=row["official"],
                resolution=resolution,
                reason=row["reason"],
            )
        )
    return Corrections(tuple(items))


# --- results -------------------------------------------------------------------------------


@attrs.frozen
class Conflict:
    """What the merge left out because a person must decide: the source, the row or record
    concerned and why."""

    source: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}, {self.record}: {self.message}"


@attrs.frozen(kw_only=True)
class Merged:
    """The records after a merge, beside those before it.

    A merge never drops or reorders a record: ``inspections`` holds the records of
    ``before``, some replaced, followed by the new ones. ``disagreements`` lists every value
    another source gave differently (settled or not) and ``conflicts`` what was left out.
    """

    before: tuple[Inspection, ...]
    inspections: tuple[Inspection, ...]
    disagreements: tuple[Disagreement, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @property
    def new(self) -> tuple[Inspection, ...]:
        """The records that were not there before."""
        return self.inspections[len(self.before) :]

    @property
    def changed(self) -> tuple[tuple[Inspection, Inspection], ...]:
        """``(before, after)`` for each record whose values changed."""
        kept = self.inspections[: len(self.before)]
        return tuple((old, new) for old, new in zip(self.before, kept, strict=True) if old != new)

    @property
    def unresolved(self) -> tuple[Disagreement, ...]:
        """The disagreements no reviewed correction settles (ours stood)."""
        return tuple(d for d in self.disagreements if d.resolution is None)

    @property
    def changes(self) -> tuple[Change, ...]:
        """Each value of a record that changed, with the reason (see :func:`explain`)."""
        return tuple(change for old, new in self.changed for change in explain(old, new))

    def then(self, later: Merged) -> Merged:
        """This merge followed by ``later``, a merge into this one's result."""
        if later.before != self.inspections:
            raise ValueError("the later merge did not start from this one's records")
        return Merged(
            before=self.before,
            inspections=later.inspections,
            disagreements=self.disagreements + later.disagreements,
            conflicts=self.conflicts + later.conflicts,
        )


@attrs.frozen
class Change:
    """A value of a record that a merge changed: the column of ``inspections.csv``, the
    value before and after (as the data file writes them) and why."""

    id: str
    field: str
    before: str
    after: str
    reason: str

    def __str__(self) -> str:
        return f"{self.id} {self.field}: {self.before!r} -> {self.after!r} ({self.reason})"


#: Why a merge changes a value, by what changed (see :func:`explain`).
MOVED = "the same file (sha256 checked) is now published at this address"
UPGRADED = "the inspection's report replaces the official statistics as its source"
FILLED = "a gap filled from {source}"
REPLACED = "the {source}'s value replaces the official statistics' (see the disagreement)"
INFERRED = "inferred from the days on site: no source states it"
STATED = "stated by Ofsted's official statistics"
CORRECTED = "a reviewed correction chose the other source's value"


def explain(old: Inspection, new: Inspection) -> tuple[Change, ...]:
    """Each value that differs between two versions of a record, with the reason.

    The reasons follow the merge's rules: a known file at a new address (same sha256) is
    re-pointed; a report upgrades a record known from the official statistics (its source,
    and the values the statistics lack or give differently); a gap is filled; an official
    kind replaces an inferred one; else a reviewed correction chose the value.

    >>> from ofsted_ratings import load
    >>> leeds = load(bundled=True).history("Leeds")[-1]
    >>> moved = attrs.evolve(leeds, source=attrs.evolve(leeds.source, url="https://x/1"))
    >>> [(c.field, c.reason) for c in explain(leeds, moved)]
    [('source_url', 'the same file (sha256 checked) is now published at this address')]
    """
    before, after = inspection_to_row(old), inspection_to_row(new)
    return tuple(
        Change(new.id, field, before[field], after[field], _reason(field, old, new, before[field]))
        for field in before
        if field != "id" and before[field] != after[field]
    )


def _reason(field: str, old: Inspection, new: Inspection, before: str) -> str:
    source, was = new.source, old.source
    if field.startswith("source_"):
        if source.kind is SourceKind.REPORT and source.sha256 == was.sha256:
            return MOVED
        return UPGRADED if source.kind is SourceKind.REPORT else "the source changed"
    if field in ("kind", "kind_basis") and new.kind_basis is KindBasis.INFERRED:
        return INFERRED
    if field in ("kind", "kind_basis") and new.kind_basis is KindBasis.OFFICIAL:
        return FILLED.format(source="Ofsted's official statistics") if not before else STATED
    if was.kind is not SourceKind.REPORT and source.kind is SourceKind.REPORT:
        return (
            FILLED.format(source="the report") if not before else REPLACED.format(source="report")
        )
    return FILLED.format(source=f"the {source.kind}") if not before else CORRECTED


@attrs.frozen
class _Outcome:
    """One record after merging a source into it (``None``: nothing to add)."""

    record: Inspection | None
    disagreements: tuple[Disagreement, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


# --- reports -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReportListing:
    """Where a report (or a visit letter) is published, as a list of them gives it.

    ``urn`` is the authority's, ``url`` and ``title`` the file's, ``published`` the date the
    list gives and ``source`` the list's name, which a disagreement about that date names.
    ``note`` says what the record's source note should say of the file (where it comes
    from, when the address is not Ofsted's).
    """

    urn: int
    url: str
    title: str
    published: date
    source: str
    note: str | None = None


@attrs.frozen
class Reported:
    """A report's record as an inspection, and where its listing disagrees with it."""

    inspection: Inspection
    disagreements: tuple[Disagreement, ...] = ()


def from_report(record: ReportRecord, listing: ReportListing) -> Reported:
    """The inspection a report describes: the report's values, the listing's date only
    where the report prints none.

    Both publication dates are kept: the one the report prints (``published``) and the one
    the listing gives (``source.listed``). A printed date that differs from the listing's
    is the record's, and the difference is a disagreement too.
    """
    inspection = record.to_inspection(
        listing.urn,
        url=listing.url,
        title=listing.title,
        published=None if record.published else listing.published,
    )
    source = attrs.evolve(inspection.source, listed=listing.published)
    inspection = attrs.evolve(inspection, source=source)
    if record.published is None or record.published == listing.published:
        return Reported(inspection)
    disagreement = Disagreement(
        inspection.id,
        "published",
        listing.source,
        record.published.isoformat(),
        listing.published.isoformat(),
    )
    return Reported(inspection, (disagreement,))


def merge_reports(
    known: Sequence[Inspection],
    reports: Iterable[Reported],
    authorities: Dataset,
    *,
    corrections: Corrections = NO_CORRECTIONS,
) -> Merged:
    """Merge reports' records into ``known`` (records with distinct ids).

    A report that matches no record is new. One that matches a record replaces it, keeping
    every value the report lacks; where that record did not come from a report, each value
    the two give differently is a disagreement (the report's value stands unless a
    correction chooses the other). A report of no authority in ``authorities``, or that
    would lose a known value, fail the integrity checks, take another record's id, or that
    matches a record another report of the same merge already changed, is a conflict and
    changes nothing.
    """
    state = _Merging(list(known), authorities, corrections)
    outcomes = [_merge_one(state, reported) for reported in reports]
    return Merged(
        before=tuple(known),
        inspections=tuple(state.records),
        disagreements=tuple(d for o in outcomes for d in o.disagreements),
        conflicts=tuple(c for o in outcomes for c in o.conflicts),
    )


@attrs.define
class _Merging:
    """A merge of reports as it goes: the records so far (changed in place), what it
    consults, and the positions of the records its reports have matched or added."""

    records: list[Inspection]
    authorities: Dataset
    corrections: Corrections
    touched: set[int] = attrs.Factory(set)


def _merge_one(state: _Merging, reported: Reported) -> _Outcome:
    """Merge one report; what it found."""
    listed = tuple(state.corrections.settle(d) for d in reported.disagreements)
    report = reported.inspection
    try:
        report = _apply(report, listed)
    except OfstedRatingsError as error:
        return _Outcome(None, listed, (Conflict(report.source.url, report.id, str(error)),))
    authority = state.authorities.get_authority(report.authority_key)
    if authority is None:
        message = f"no authority with URN {report.authority_key}"
        return _Outcome(None, listed, (Conflict(report.source.url, report.id, message),))
    outcome = _merge_report(state, report, authority)
    return _Outcome(outcome.record, listed + outcome.disagreements, outcome.conflicts)


def _merge_report(state: _Merging, report: Inspection, authority: LocalAuthority) -> _Outcome:
    records = state.records
    index = _match_index(records, report)
    if index is None:
        return _add_report(state, report, authority)
    known = records[index]
    outcome = _combine(known, report, authority, state.corrections)
    record = outcome.record
    if record is None:
        return outcome
    differs = record != known or bool(outcome.disagreements)
    clash = _clash(records, record, index)
    if clash is None and differs and index in state.touched:
        # Which of two reports of one merge is ours would depend on their order.
        clash = Conflict(report.source.url, known.id, "another report of this merge matched it")
    if clash is not None:
        return _Outcome(None, outcome.disagreements, (clash,))
    state.touched.add(index)
    records[index] = record
    return outcome


def _add_report(state: _Merging, report: Inspection, authority: LocalAuthority) -> _Outcome:
    clash = _clash(state.records, report, None)
    if clash is not None:
        return _Outcome(None, conflicts=(clash,))
    problem = _problems(report, authority)
    if problem is not None:
        return _Outcome(None, conflicts=(Conflict(report.source.url, report.id, problem),))
    state.touched.add(len(state.records))
    state.records.append(report)
    return _Outcome(report)


def _match_index(records: Sequence[Inspection], incoming: Inspection) -> int | None:
    candidates = [i for i in records if i.authority_key == incoming.authority_key]
    match = match_inspection(candidates, incoming)
    if match is None:
        return None
    return next(n for n, record in enumerate(records) if record is match)


def _clash(records: Sequence[Inspection], record: Inspection, index: int | None) -> Conflict | None:
    """A conflict if another record than ``records[index]`` has ``record``'s id."""
    for number, other in enumerate(records):
        if number != index and other.id == record.id:
            return Conflict(
                record.source.url, other.id, "a record with this id describes another inspection"
            )
    return None


def _combine(
    known: Inspection, report: Inspection, authority: LocalAuthority, corrections: Corrections
) -> _Outcome:
    """The record of ``known`` and ``report`` together, or a conflict.

    A record known from its report stays (values and source) and the other report only
    fills its gaps; a record known from another source is upgraded: the report becomes its
    source, and the values the report lacks are kept. Each value the two give differently
    is a disagreement, settled only by a reviewed correction.
    """
    if known.source.kind is SourceKind.REPORT:
        ours, theirs = known, report
    else:
        ours, theirs = report, known
    found = _differences(ours, theirs, theirs.source.url)
    settled = tuple(corrections.settle(d) for d in found)
    try:
        combined = _apply(_filled(ours, theirs), settled)
    except OfstedRatingsError as error:
        problem = f"the report cannot complete the record known: {error}"
    else:
        lost = _lost(known, combined)
        worse = _codes(combined, authority) - _codes(known, authority) - _codes(report, authority)
        if not lost and not worse:
            return _Outcome(combined, settled)
        problem = (
            f"the report lacks {', '.join(lost)}, which the record known gives"
            if lost
            else f"the report with the values known fails {', '.join(sorted(worse))}"
        )
    return _Outcome(None, settled, (Conflict(report.source.url, known.id, problem),))


def _either(ours: _T | None, theirs: _T | None) -> _T | None:
    return theirs if ours is None else ours


def _stated_kind(ours: Inspection, theirs: Inspection) -> Inspection:
    """Which of the two gives the kind: a kind a source states comes before an inferred
    one, and ours before theirs."""
    for candidate in (ours, theirs):
        if candidate.kind is not None and not _is_inferred(candidate):
            return candidate
    return ours if ours.kind is not None else theirs


def _filled(ours: Inspection, theirs: Inspection) -> Inspection:
    """``ours`` with the values it lacks taken from ``theirs``."""
    areas = FRAMEWORKS[ours.framework].area_keys
    grades = {area: grade for area, grade in theirs.grades.items() if area in areas}
    grades.update(ours.grades)
    stated = _stated_kind(ours, theirs)
    return attrs.evolve(
        ours,
        kind=stated.kind,
        kind_basis=stated.kind_basis,
        **_days_on_site(ours, theirs),
        lead_inspector=_either(ours.lead_inspector, theirs.lead_inspector),
        judgements=grades,
    )


def _days_on_site(ours: Inspection, theirs: Inspection) -> dict[str, Any]:
    """The start, end and their precision: the days of the record that gives days (ours
    if both do), filled from the other only where it is as precise."""
    month = DatePrecision.MONTH
    first, other = (theirs, ours) if ours.date_precision is month else (ours, theirs)
    if other.date_precision is not first.date_precision:
        return {"start": first.start, "end": first.end, "date_precision": first.date_precision}
    return {
        "start": _either(first.start, other.start),
        "end": _either(first.end, other.end),
        "date_precision": first.date_precision,
    }


def _confirms(field: str, ours: Inspection, theirs: Inspection) -> bool:
    """Whether a day and a month of the days on site agree: the day falls in the month."""
    if field not in ("start", "end") or DatePrecision.MONTH not in (
        ours.date_precision,
        theirs.date_precision,
    ):
        return False
    mine, other = getattr(ours, field), getattr(theirs, field)
    return (mine.year, mine.month) == (other.year, other.month)


def _values(inspection: Inspection) -> dict[str, object]:
    """The values of an inspection a merge may not lose (``None`` where it has none)."""
    values: dict[str, object] = {
        "kind": inspection.kind,
        "start": inspection.start,
        "end": inspection.end,
        "published": inspection.published,
        "lead_inspector": inspection.lead_inspector,
    }
    values.update({area: inspection.grade(area) for area in AREA_KEYS})
    return values


def _lost(known: Inspection, combined: Inspection) -> list[str]:
    now = _values(combined)
    return [
        field for field, value in _values(known).items() if value is not None and now[field] is None
    ]


def _codes(inspection: Inspection, authority: LocalAuthority | None) -> set[str]:
    problems = (
        record_problems(inspection)
        if authority is None
        else inspection_problems(inspection, authority)
    )
    return {problem.code for problem in problems}


def _differences(ours: Inspection, theirs: Inspection, file: str) -> tuple[Disagreement, ...]:
    """Each value both give, differently, as a disagreement of ``file`` with ours (a kind
    inferred from the days on site is no source's value, and disagrees with nothing)."""
    mine, other = _values(ours), _values(theirs)
    if _is_inferred(ours) or _is_inferred(theirs):
        del mine["kind"]
    our_row, their_row = inspection_to_row(ours), inspection_to_row(theirs)
    return tuple(
        Disagreement(ours.id, field, file, our_row[field], their_row[field])
        for field, value in mine.items()
        if value is not None
        and other[field] is not None
        and value != other[field]
        and not _confirms(field, ours, theirs)
    )


def _apply(record: Inspection, settled: Iterable[Disagreement]) -> Inspection:
    """``record`` with the other source's value wherever a correction chose it."""
    fields = inspection_to_row(record)
    chosen = _chosen(fields, settled)
    return record if chosen == fields else inspection_from_row(chosen)


def _chosen(fields: Mapping[str, str], settled: Iterable[Disagreement]) -> dict[str, str]:
    """The row ``fields`` with the other source's value wherever a correction chose it."""
    chosen = dict(fields)
    for disagreement in settled:
        if disagreement.resolution is not Resolution.OFFICIAL:
            continue
        if disagreement.field == "published" and chosen["source_published"] == chosen["published"]:
            chosen["source_published"] = disagreement.theirs
        if disagreement.field == "kind":
            chosen["kind_basis"] = KindBasis.OFFICIAL.value if disagreement.theirs else ""
        chosen[disagreement.field] = disagreement.theirs
    # The id follows the publication date, as Inspection.id does.
    chosen["id"] = f"{chosen['authority_key']}-{chosen['published'] or chosen['source_published']}"
    return chosen


# --- official files ------------------------------------------------------------------------


@attrs.frozen
class _Located:
    """An official row with the file it is in and the key of the authority it names."""

    outcomes: OfficialOutcomes
    row: OfficialRow
    key: str

    @property
    def file(self) -> str:
        return PurePath(self.outcomes.path).name

    @property
    def where(self) -> str:
        return f"sheet {self.row.sheet!r}, row {self.row.row}"


def merge_official(
    known: Sequence[Inspection],
    files: Sequence[OfficialOutcomes],
    authorities: Dataset,
    *,
    url: str,
    corrections: Corrections = NO_CORRECTIONS,
) -> Merged:
    """Merge Ofsted's official files into ``known`` (records with distinct ids).

    Every row of the files' inspection histories and "as at 31 March" tables is matched to a
    record of its authority (found in ``authorities``). A matched record takes the kind from
    the newest file where it has none; each other value a row gives differently is a
    disagreement, and ours stands unless a correction chooses the file's. A history row of
    the newest file that matches nothing is a new record (its source the file, published at
    ``url``) unless it lies within :data:`REVIEW_WINDOW_DAYS` of a record of its authority;
    any other row that matches nothing must be in the newest file's history. What breaks
    these rules is a conflict and changes nothing.
    """
    if not files:
        return Merged(before=tuple(known), inspections=tuple(known))
    newest = max(files, key=lambda outcomes: outcomes.as_at)
    located, conflicts = _locate(files, authorities)
    matched, unmatched = _match_rows(known, located)
    added = _add_official_only(known, unmatched, newest, authorities, url)
    conflicts += _unlisted(unmatched, located, newest)
    updated = [
        _update_record(i, matched.get(n, []), newest, authorities, corrections)
        for n, i in enumerate(known)
    ]
    return Merged(
        before=tuple(known),
        inspections=tuple(_kept(known, updated)) + tuple(o.record for o in added if o.record),
        disagreements=tuple(d for o in updated for d in o.disagreements),
        conflicts=(
            *conflicts,
            *(c for o in updated for c in o.conflicts),
            *(c for o in added for c in o.conflicts),
        ),
    )


def _kept(known: Sequence[Inspection], updated: Sequence[_Outcome]) -> list[Inspection]:
    return [
        old if outcome.record is None else outcome.record
        for old, outcome in zip(known, updated, strict=True)
    ]


def _locate(
    files: Sequence[OfficialOutcomes], authorities: Dataset
) -> tuple[list[_Located], list[Conflict]]:
    """Each inspection row of the files with its authority; a conflict for a row naming none."""
    located: list[_Located] = []
    conflicts: list[Conflict] = []
    for outcomes in files:
        rows: list[OfficialRow] = [*outcomes.history]
        rows += [row for row in outcomes.latest if not row.not_yet_inspected]
        for row in rows:
            authority = resolve_authority(authorities, row)
            if authority is None:
                conflicts.append(
                    Conflict(
                        PurePath(outcomes.path).name,
                        f"sheet {row.sheet!r}, row {row.row}",
                        f"no authority for {row.la_name!r} ({row.ons_code})",
                    )
                )
            else:
                located.append(_Located(outcomes, row, authority.key))
    return located, conflicts


def _by_key(records: Iterable[Inspection]) -> dict[str, list[Inspection]]:
    grouped: dict[str, list[Inspection]] = {}
    for record in records:
        grouped.setdefault(record.authority_key, []).append(record)
    return grouped


def _match_rows(
    known: Sequence[Inspection], located: Iterable[_Located]
) -> tuple[dict[int, list[_Located]], list[_Located]]:
    """The rows matched to each record (by its position in ``known``), and those unmatched."""
    by_key = _by_key(known)
    position = {inspection.id: number for number, inspection in enumerate(known)}
    matched: dict[int, list[_Located]] = {}
    unmatched: list[_Located] = []
    for item in located:
        match = match_inspection(by_key.get(item.key, []), item.row)
        if match is None:
            unmatched.append(item)
        else:
            matched.setdefault(position[match.id], []).append(item)
    return matched, unmatched


def _add_official_only(
    known: Sequence[Inspection],
    unmatched: Iterable[_Located],
    newest: OfficialOutcomes,
    authorities: Dataset,
    url: str,
) -> list[_Outcome]:
    """A new record (or a conflict) for each unmatched row of the newest file's history."""
    by_key = _by_key(known)
    ids = {inspection.id for inspection in known}
    added = []
    for item in unmatched:
        if item.outcomes is newest and isinstance(item.row, OfficialInspection):
            outcome = _official_only(item, item.row, by_key.get(item.key, []), authorities, url)
            if outcome.record is not None and outcome.record.id in ids:
                outcome = _Outcome(None, conflicts=(_conflict(item, "its id is another record's"),))
            if outcome.record is not None:
                ids.add(outcome.record.id)
            added.append(outcome)
    return added


def _conflict(item: _Located, message: str) -> Conflict:
    return Conflict(item.file, item.where, message)


def _official_only(
    item: _Located,
    row: OfficialInspection,
    neighbours: Sequence[Inspection],
    authorities: Dataset,
    url: str,
) -> _Outcome:
    try:
        record = row.to_inspection(item.key, item.outcomes, url=url)
    except OfstedRatingsError as error:
        return _Outcome(None, conflicts=(_conflict(item, str(error)),))
    problem = _review(record, neighbours) or _problems(record, authorities.authority(item.key))
    if problem is not None:
        return _Outcome(None, conflicts=(_conflict(item, problem),))
    return _Outcome(record)


def _review(record: Inspection, neighbours: Iterable[Inspection]) -> str | None:
    """Why a record that matched none of ``neighbours`` (its authority's) needs review:
    it is within :data:`REVIEW_WINDOW_DAYS` of one of them, so the match probably failed."""
    for other in neighbours:
        gap = abs((other.known_from - record.known_from).days)
        if gap <= REVIEW_WINDOW_DAYS:
            return f"matches no record but is {gap} days from {other.id}: review the match"
    return None


def _problems(record: Inspection, authority: LocalAuthority) -> str | None:
    """The integrity problems of a new record, if it has any."""
    problems = inspection_problems(record, authority)
    return "; ".join(map(str, problems)) if problems else None


def _unlisted(
    unmatched: Iterable[_Located], located: Iterable[_Located], newest: OfficialOutcomes
) -> list[Conflict]:
    """A conflict for each unmatched row, other than the newest history's, that the newest
    file's history does not list."""
    listed: set[tuple[str, str, date]] = set()
    for item in located:
        if item.outcomes is newest and isinstance(item.row, OfficialInspection):
            listed.update(_date_keys(item))
    conflicts = []
    for item in unmatched:
        if item.outcomes is newest and isinstance(item.row, OfficialInspection):
            continue
        if listed.isdisjoint(_date_keys(item)):
            table = "history" if isinstance(item.row, OfficialInspection) else "latest outcomes"
            conflicts.append(
                _conflict(
                    item,
                    f"{item.row.la_name} ({table}, published {item.row.published}, started "
                    f"{item.row.start}) matches no record and no row of the newest file's "
                    "history",
                )
            )
    return conflicts


def _date_keys(item: _Located) -> set[tuple[str, str, date]]:
    keys = set()
    if item.row.published is not None:
        keys.add((item.key, "published", item.row.published))
    if item.row.start is not None:
        keys.add((item.key, "start", item.row.start))
    return keys


def _update_record(
    inspection: Inspection,
    rows: Sequence[_Located],
    newest: OfficialOutcomes,
    authorities: Dataset,
    corrections: Corrections,
) -> _Outcome:
    """``inspection`` with what the official rows matched to it add, or a conflict."""
    if not rows:
        return _Outcome(None)
    if len(rows) > len({(item.outcomes.path, item.row.sheet) for item in rows}):
        conflict = Conflict(rows[0].file, inspection.id, "more than one row of a file matches it")
        return _Outcome(None, conflicts=(conflict,))
    base = inspection_to_row(inspection)
    fields = dict(base)
    kind = _newest_kind(rows, newest)
    found = _official_kind(inspection, fields, kind, PurePath(newest.path).name)
    conflicts: list[Conflict] = []
    for item in rows:
        values, problem = _official_values(inspection, item.row)
        if problem is not None:
            conflicts.append(_conflict(item, problem))
        found += [
            Disagreement(inspection.id, field, item.file, base[field], value)
            for field, value in values.items()
            if value and value != fields[field]
        ]
    settled = tuple(corrections.settle(d) for d in found)
    outcome = _rebuilt(
        inspection, _chosen(fields, settled), authorities.get_authority(inspection.authority_key)
    )
    return _Outcome(outcome.record, settled, (*conflicts, *outcome.conflicts))


def _official_kind(
    inspection: Inspection, fields: dict[str, str], kind: InspectionKind | None, file: str
) -> list[Disagreement]:
    """Put the newest file's ``kind`` in ``fields`` where the record has none, or only one
    inferred; a disagreement (settled: the file wins) where it replaces a different one."""
    if kind is None or (inspection.kind is not None and not _is_inferred(inspection)):
        return []
    fields["kind"], fields["kind_basis"] = kind.value, KindBasis.OFFICIAL.value
    if inspection.kind is None or inspection.kind is kind:
        return []
    replaced = Disagreement(
        inspection.id, "kind", file, inspection.kind.value, kind.value, Resolution.OFFICIAL
    )
    return [replaced]


def _is_inferred(inspection: Inspection) -> bool:
    return inspection.kind_basis is KindBasis.INFERRED


def _newest_kind(rows: Iterable[_Located], newest: OfficialOutcomes) -> InspectionKind | None:
    for item in rows:
        if item.outcomes is newest and isinstance(item.row, OfficialInspection):
            return item.row.kind
    return None


def _official_values(inspection: Inspection, row: OfficialRow) -> tuple[dict[str, str], str | None]:
    """What ``row`` gives for ``inspection``'s columns (``""`` for nothing), or why it cannot."""
    framework = FRAMEWORKS[inspection.framework]
    extra = set(row.grades) - set(framework.area_keys)
    if extra:
        return {}, f"the row grades {sorted(extra)}, which {framework.name} does not judge"
    kind = row.kind if isinstance(row, OfficialInspection) else None
    values = {
        "start": row.start.isoformat() if row.start else "",
        "published": row.published.isoformat() if row.published else "",
        "kind": kind.value if kind is not None else "",
    }
    for area in framework.area_keys:
        grade = row.grade(area)
        values[area] = grade.word(framework) if grade else ""
    return values, None


def _rebuilt(
    inspection: Inspection, fields: Mapping[str, str], authority: LocalAuthority | None
) -> _Outcome:
    """The record of ``fields``, if it is valid and passes the checks ``inspection`` passed."""
    if fields == inspection_to_row(inspection):
        return _Outcome(inspection)
    try:
        record = inspection_from_row(dict(fields))
    except OfstedRatingsError as error:
        problem = str(error)
    else:
        worse = _codes(record, authority) - _codes(inspection, authority)
        if not worse:
            return _Outcome(record)
        problem = f"with the official values it fails {', '.join(sorted(worse))}"
    return _Outcome(None, conflicts=(Conflict(fields["source_url"], inspection.id, problem),))


# --- inferred kinds ------------------------------------------------------------------------


def infer_kinds(known: Sequence[Inspection]) -> Merged:
    """``known`` with a kind inferred from the days on site wherever no source gives one.

    The last step of every merge: a graded record with no kind whose dates fit the rule of
    :func:`~ofsted_ratings.models.kind_from_days` (one week on site, Monday to Friday:
    short; two weeks: standard) takes that kind, marked ``inferred``. A kind a source gives
    is never replaced, and a later official file's kind replaces an inferred one.

    >>> from ofsted_ratings import load
    >>> leeds = load(bundled=True).history("Leeds")[-1]
    >>> leeds.kind, leeds.kind_basis
    (<InspectionKind.SHORT: 'short'>, <KindBasis.INFERRED: 'inferred'>)
    >>> unknown = attrs.evolve(leeds, kind=None, kind_basis=None)
    >>> infer_kinds([unknown]).inspections == (leeds,)
    True
    """
    return Merged(before=tuple(known), inspections=tuple(map(_with_inferred_kind, known)))


def _with_inferred_kind(inspection: Inspection) -> Inspection:
    if inspection.kind is not None or not inspection.graded:
        return inspection
    kind = kind_from_days(inspection.framework, inspection.start, inspection.end)
    if kind is None:
        return inspection
    return attrs.evolve(inspection, kind=kind, kind_basis=KindBasis.INFERRED)


# --- files at new addresses ----------------------------------------------------------------


def repoint(
    known: Sequence[Inspection], moved: Mapping[str, str], listed: Collection[str] = ()
) -> Merged:
    """``known`` with each report record whose file (by sha256) ``moved`` maps to another
    address re-pointed there, unless its own address is among ``listed`` (still published).

    A report is known by its file's hash, never by its address: only ``source_url`` changes.

    >>> from ofsted_ratings import load
    >>> leeds = load(bundled=True).history("Leeds")[-1]
    >>> merged = repoint([leeds], {leeds.source.sha256: "https://files.ofsted.gov.uk/v1/file/9"})
    >>> merged.inspections[0].source.url
    'https://files.ofsted.gov.uk/v1/file/9'
    >>> repoint([leeds], {leeds.source.sha256: "https://x/9"}, [leeds.source.url]).changed
    ()
    """
    return Merged(before=tuple(known), inspections=tuple(_moved(i, moved, listed) for i in known))


def _moved(inspection: Inspection, moved: Mapping[str, str], listed: Collection[str]) -> Inspection:
    source = inspection.source
    if source.kind is not SourceKind.REPORT or source.sha256 is None or source.url in listed:
        return inspection
    url = moved.get(source.sha256, source.url)
    return (
        inspection
        if url == source.url
        else attrs.evolve(inspection, source=attrs.evolve(source, url=url))
    )


def repoint_visits(
    known: Sequence[Visit], moved: Mapping[str, str], listed: Collection[str] = ()
) -> MergedVisits:
    """``known`` with each letter's visit whose file (by sha256) ``moved`` maps to another
    address re-pointed there, unless its own address is among ``listed`` (still published).

    As for reports (:func:`repoint`), a letter is known by its file's hash: its values stay,
    and its source's address changes. The source's note then names the address the letter
    was read at, and keeps what the note said of it there (which may be that Ofsted's own
    address was not known).

    >>> from ofsted_ratings import load
    >>> visit = load(bundled=True).visits_of(80481)[0]
    >>> merged = repoint_visits([visit], {visit.source.sha256: "https://files.ofsted.gov.uk/v1/file/9"})
    >>> (old, new), = merged.changed
    >>> new.source.url, new.source.note.startswith("The same file (sha256 checked) as https://")
    ('https://files.ofsted.gov.uk/v1/file/9', True)
    >>> repoint_visits([visit], {visit.source.sha256: "https://x/9"}, [visit.source.url]).changed
    ()
    """
    return MergedVisits(
        before=tuple(known), visits=tuple(_moved_visit(v, moved, listed) for v in known)
    )


def _moved_visit(visit: Visit, moved: Mapping[str, str], listed: Collection[str]) -> Visit:
    source = visit.source
    if source.kind is not SourceKind.REPORT or source.sha256 is None or source.url in listed:
        return visit
    url = moved.get(source.sha256, source.url)
    if url == source.url:
        return visit
    note = f"The same file (sha256 checked) as {source.url}, where it was read"
    note += f"; the note there: {source.note}" if source.note else "."
    return attrs.evolve(visit, source=attrs.evolve(source, url=url, note=note))


# --- visits ----------------------------------------------------------------------------------

#: How many days apart the first days on site a letter (or a record) and an official row
#: give may be for the row to describe the visit when the days differ: the one visit of the
#: same sort (focused or monitoring) so close is the match, and the differing day is a
#: disagreement. Visits last two days; two visits to one authority are months apart.
VISIT_START_WINDOW_DAYS: Final = 7
#: For such a near match, how many days apart the row's publication date and the date the
#: letter was listed on may be, where both are known. The official files and the letters'
#: listing give the same day for every visit in both.
VISIT_PUBLISHED_WINDOW_DAYS: Final = 14
#: An official row that matches no visit but starts this close to a visit of the same
#: authority known before the merge (of either sort) is a failed match to review, not a
#: new visit.
VISIT_REVIEW_WINDOW_DAYS: Final = 45

#: The columns of ``visits.csv`` a merge compares between sources.
VISIT_COMPARED = ("start", "source_listed")


def match_visit(
    candidates: Sequence[Visit],
    *,
    start: date | None,
    published: date | None,
    kind: VisitKind,
) -> Visit | None:
    """The visit among ``candidates`` (one authority's) that a row describes: its first day
    on site ``start``, the publication date ``published`` it gives (if any) and its
    ``kind``.

    Only a visit of the same sort matches (a focused visit of any kind, or a monitoring
    visit): the one with the same first day, else the only one whose first day is within
    :data:`VISIT_START_WINDOW_DAYS` and, where both dates are known, whose letter was
    listed within :data:`VISIT_PUBLISHED_WINDOW_DAYS` of ``published``; ``None`` if there is
    none or more than one. A row with no first day matches the visit listed on
    ``published``.

    >>> from ofsted_ratings import load
    >>> leeds = load(bundled=True).visits_of(80481)
    >>> match_visit(leeds, start=date(2018, 2, 1), published=None, kind=VisitKind.FOCUSED).id
    '80481-visit-2018-01-30'
    >>> match_visit(leeds, start=date(2018, 1, 30), published=None, kind=VisitKind.MONITORING)
    """
    same = [c for c in candidates if c.kind.focused == kind.focused]
    if start is None:
        listed = [c for c in same if published is not None and _visit_listed(c) == published]
        return listed[0] if len(listed) == 1 else None
    exact = [c for c in same if c.start == start]
    if len(exact) == 1:
        return exact[0]
    near = [
        c
        for c in same
        if c.start is not None
        and abs((c.start - start).days) <= VISIT_START_WINDOW_DAYS
        and _listed_near(c, published)
    ]
    return near[0] if len(near) == 1 else None


def _visit_listed(visit: Visit) -> date | None:
    """The date a list gives for the visit's letter: its listing's, else its own date."""
    return visit.source.listed or visit.letter_date


def _listed_near(visit: Visit, published: date | None) -> bool:
    listed = _visit_listed(visit)
    if listed is None or published is None:
        return True
    return abs((listed - published).days) <= VISIT_PUBLISHED_WINDOW_DAYS


@attrs.frozen(kw_only=True)
class RowOutcome:
    """What the merge made of one visit row of an official file: the file, sheet and row,
    the visit it describes (``None`` if none) and how: ``"matched"`` a visit known from a
    letter, ``"matched official"`` one known from an official file only, ``"added"`` as a
    new visit, or ``"conflict"`` (left for review)."""

    file: str
    sheet: str
    row: int
    visit: str | None
    how: str


@attrs.frozen(kw_only=True)
class MergedVisits:
    """The visits after a merge, beside those before it (as :class:`Merged` for
    inspections): ``visits`` holds the records of ``before``, some replaced, followed by the
    new ones. ``rows`` says what became of each official row merged."""

    before: tuple[Visit, ...]
    visits: tuple[Visit, ...]
    disagreements: tuple[Disagreement, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    rows: tuple[RowOutcome, ...] = ()

    @property
    def new(self) -> tuple[Visit, ...]:
        """The visits that were not there before."""
        return self.visits[len(self.before) :]

    @property
    def changed(self) -> tuple[tuple[Visit, Visit], ...]:
        """``(before, after)`` for each visit whose values changed."""
        kept = self.visits[: len(self.before)]
        return tuple((old, new) for old, new in zip(self.before, kept, strict=True) if old != new)

    @property
    def unresolved(self) -> tuple[Disagreement, ...]:
        """The disagreements no reviewed correction settles (ours stood)."""
        return tuple(d for d in self.disagreements if d.resolution is None)

    def then(self, later: MergedVisits) -> MergedVisits:
        """This merge followed by ``later``, a merge into this one's result."""
        if later.before != self.visits:
            raise ValueError("the later merge did not start from this one's visits")
        return MergedVisits(
            before=self.before,
            visits=later.visits,
            disagreements=self.disagreements + later.disagreements,
            conflicts=self.conflicts + later.conflicts,
            rows=self.rows + later.rows,
        )


@attrs.frozen
class Lettered:
    """A letter's record as a visit, and what the merge must settle about it: where its
    listing disagrees with it, and the reviewed corrections it was read with."""

    visit: Visit
    disagreements: tuple[Disagreement, ...] = ()


def letter_corrections(corrections: Corrections, urn: int) -> tuple[Correction, ...]:
    """The reviewed corrections that may mend a letter to the authority with ``urn`` whose
    printed dates contradict each other: those that choose another source's value for a date
    the letter reader can be told to read differently (the first or last day on site, the
    letter's date).

    >>> header = "id,field,file,report,official,resolution,reason\\n"
    >>> row = "80458-visit-2023-10-24,start,x.ods,2022-10-24,2023-10-24,official,typo\\n"
    >>> [c.id for c in letter_corrections(read_corrections(header + row), 80458)]
    ['80458-visit-2023-10-24']
    """
    from .sources.letters import AMENDABLE

    prefix = f"{urn}-visit-"
    return tuple(
        c
        for c in corrections.items
        if c.id.startswith(prefix)
        and c.field in AMENDABLE
        and c.resolution is Resolution.OFFICIAL
        and c.report
    )


def from_letter(
    record: LetterRecord, listing: ReportListing, *, corrected: Sequence[Correction] = ()
) -> Lettered:
    """The visit a letter describes: the letter's values, its listing's date only where the
    letter prints none.

    Both dates are kept: the letter's (``letter_date``, and the source's ``published``) and
    the listing's (``source.listed``). A printed date that differs from the listing's stays,
    and the difference is a disagreement; a letter that prints none is dated by its listing,
    and its source's note says so. ``corrected`` are the reviewed corrections the letter was
    read with (see :func:`letter_corrections`): each is a disagreement too, and the note
    names it. The note starts with ``listing.note``.
    """
    notes = [listing.note] if listing.note else []
    if record.letter_date is None:
        notes.append(
            "The letter prints no date that can be read; letter_date is the date the "
            f"listing ({listing.source}) gives."
        )
    for correction in corrected:
        notes.append(
            f"The letter prints {correction.field} {correction.report}, which its other dates "
            f"contradict; a reviewed correction reads {correction.official}, as "
            f"{correction.file} gives it."
        )
    visit = record.to_visit(
        listing.urn,
        url=listing.url,
        title=listing.title,
        published=None if record.letter_date else listing.published,
    )
    source = attrs.evolve(
        visit.source,
        listed=listing.published,
        publisher="Ofsted",
        note=" ".join(notes) or None,
    )
    visit = attrs.evolve(visit, source=source)
    found = [Disagreement(visit.id, c.field, c.file, c.report, c.official) for c in corrected]
    if record.letter_date is not None and record.letter_date != listing.published:
        found.append(
            Disagreement(
                visit.id,
                "letter_date",
                listing.source,
                record.letter_date.isoformat(),
                listing.published.isoformat(),
            )
        )
    return Lettered(visit, tuple(found))


def read_letter_visit(data: bytes, listing: ReportListing, corrections: Corrections) -> Lettered:
    """The visit the letter in ``data`` describes, as the build and ``update`` read it.

    A letter whose printed dates contradict each other is read again with the reviewed
    correction of its visit that mends it (see :func:`letter_corrections`), if one does;
    else the reader's :class:`~ofsted_ratings.sources.reports.InconsistentReportError` is
    raised, as is any other error of the reader.
    """
    from .sources.letters import Amendment, InconsistentReportError, ReportError, read_letter

    try:
        return from_letter(read_letter(data), listing)
    except InconsistentReportError:
        for correction in letter_corrections(corrections, listing.urn):
            amendment = Amendment(
                correction.field,
                date.fromisoformat(correction.report),
                date.fromisoformat(correction.official),
            )
            try:
                record = read_letter(data, amendments=[amendment])
            except ReportError:
                continue
            mended = from_letter(record, listing, corrected=[correction])
            if mended.visit.id == correction.id:
                return mended
        raise


def merge_letters(
    known: Sequence[Visit],
    letters: Iterable[Lettered],
    authorities: Dataset,
    *,
    corrections: Corrections = NO_CORRECTIONS,
) -> MergedVisits:
    """Merge letters' visits into ``known`` (visits with distinct ids).

    A letter that matches no visit is new. One that matches a visit known only from the
    official statistics upgrades it: the letter becomes its source and its values stand,
    and each value the two give differently (the first day, the publication date) is a
    disagreement. A letter of a visit another letter (another file) already describes, of
    no authority in ``authorities``, that takes another visit's id or fails the checks, is
    a conflict and changes nothing. A disagreement keeps ours unless a reviewed correction
    chooses the other value.
    """
    records = list(known)
    found: list[Disagreement] = []
    conflicts: list[Conflict] = []
    for lettered in letters:
        visit = lettered.visit
        settled = [corrections.settle(d) for d in lettered.disagreements]
        found += settled
        authority = authorities.get_authority(visit.authority_key)
        if authority is None:
            message = f"no authority with key {visit.authority_key}"
            conflicts.append(Conflict(visit.source.url, visit.id, message))
            continue
        try:
            visit = _apply_visit(visit, settled)
        except OfstedRatingsError as error:
            conflicts.append(Conflict(visit.source.url, visit.id, str(error)))
            continue
        candidates = [v for v in records if v.authority_key == visit.authority_key]
        match = match_visit(
            candidates, start=visit.start, published=_visit_listed(visit), kind=visit.kind
        )
        if match is None:
            problem = _visit_problem(visit, authority) or _visit_clash(records, visit, None)
            if problem is not None:
                conflicts.append(Conflict(visit.source.url, visit.id, problem))
            else:
                records.append(visit)
            continue
        if match.source.sha256 == visit.source.sha256:
            continue  # the same letter, known already
        if match.source.kind is not SourceKind.OFFICIAL_STATISTICS:
            message = f"another letter already describes this visit ({match.source.url})"
            conflicts.append(Conflict(visit.source.url, match.id, message))
            continue
        upgraded, differ = _upgrade(match, visit, corrections)
        found += differ
        index = records.index(match)
        problem = _visit_problem(upgraded, authority) or _visit_clash(records, upgraded, index)
        if problem is not None:
            conflicts.append(Conflict(visit.source.url, match.id, problem))
        else:
            records[index] = upgraded
    return MergedVisits(
        before=tuple(known),
        visits=tuple(records),
        disagreements=tuple(found),
        conflicts=tuple(conflicts),
    )


def _upgrade(
    official: Visit, letter: Visit, corrections: Corrections
) -> tuple[Visit, list[Disagreement]]:
    """The letter's visit in place of one known from the official statistics: each value
    they give differently is a disagreement (settled by a correction, else the letter's
    stands)."""
    found = [
        corrections.settle(d) for d in _visit_differences(letter, official, official.source.url)
    ]
    return _apply_visit(letter, found), found


def _visit_differences(ours: Visit, theirs: Visit, file: str) -> list[Disagreement]:
    mine, other = visit_to_row(ours), visit_to_row(theirs)
    return [
        Disagreement(ours.id, field, file, mine[field], other[field])
        for field in VISIT_COMPARED
        if mine[field] and other[field] and mine[field] != other[field]
    ]


def _apply_visit(visit: Visit, settled: Iterable[Disagreement]) -> Visit:
    """``visit`` with the other source's value wherever a correction chose it."""
    fields = visit_to_row(visit)
    chosen = dict(fields)
    for disagreement in settled:
        if disagreement.resolution is not Resolution.OFFICIAL:
            continue
        if (
            disagreement.field == "letter_date"
            and chosen["source_published"] == chosen["letter_date"]
        ):
            chosen["source_published"] = disagreement.theirs
        chosen[disagreement.field] = disagreement.theirs
    if chosen == fields:
        return visit
    # The id follows the first day, as Visit.id does.
    chosen["id"] = _row_visit_id(chosen)
    return visit_from_row(chosen)


def _row_visit_id(row: Mapping[str, str]) -> str:
    day = row["start"] or row["letter_date"] or row["source_listed"] or row["source_published"]
    return f"{row['authority_key']}-visit-{day}"


def _visit_problem(visit: Visit, authority: LocalAuthority) -> str | None:
    problems = visit_problems(visit, authority)
    return "; ".join(map(str, problems)) if problems else None


def _visit_clash(records: Sequence[Visit], visit: Visit, index: int | None) -> str | None:
    for number, other in enumerate(records):
        if number != index and other.id == visit.id:
            return f"its id is that of another visit ({other.source.url})"
    return None


def merge_official_visits(
    known: Sequence[Visit],
    files: Sequence[OfficialOutcomes],
    authorities: Dataset,
    *,
    url: str,
    corrections: Corrections = NO_CORRECTIONS,
) -> MergedVisits:
    """Merge the visits Ofsted's official files list (their in-year tables' focused and
    monitoring visits) into ``known`` (visits with distinct ids).

    The files are taken newest first. Each visit row is matched to a visit of its authority
    (:func:`match_visit`): a matched visit keeps its values, and each the row gives
    differently (the first day; the publication date, against the date the letter was
    listed on) is a disagreement, settled only by a reviewed correction. A row that matches
    nothing is a new visit, its source the file (published at ``url``), so that an older
    file's row of the same visit matches it; unless it starts within
    :data:`VISIT_REVIEW_WINDOW_DAYS` of a visit of its authority known before the merge, or
    names no known authority, or fails the checks: that is a conflict. ``rows`` says what
    became of every row.
    """
    state = _VisitMerging(list(known), authorities, corrections, url)
    for outcomes in sorted(files, key=lambda o: o.as_at, reverse=True):
        for row in outcomes.in_year:
            if row.visit_kind is not None:
                state.merge_row(outcomes, row)
    return MergedVisits(
        before=tuple(known),
        visits=tuple(state.records),
        disagreements=tuple(state.found),
        conflicts=tuple(state.conflicts),
        rows=tuple(state.rows),
    )


@attrs.define
class _VisitMerging:
    """A merge of official visit rows as it goes: the visits so far (changed in place),
    what it consults, and what it found."""

    records: list[Visit]
    authorities: Dataset
    corrections: Corrections
    url: str
    before: set[str] = attrs.field(init=False)
    found: list[Disagreement] = attrs.Factory(list)
    conflicts: list[Conflict] = attrs.Factory(list)
    rows: list[RowOutcome] = attrs.Factory(list)
    #: The files whose rows matched each visit, by its position in ``records``.
    matched: dict[int, set[str]] = attrs.Factory(dict)

    def __attrs_post_init__(self) -> None:
        self.before = {visit.id for visit in self.records}

    def merge_row(self, outcomes: OfficialOutcomes, row: OfficialInspection) -> None:
        name = PurePath(outcomes.path).name
        kind = row.visit_kind
        assert kind is not None
        authority = resolve_authority(self.authorities, row)
        if authority is None:
            self.refuse(name, row, f"no authority for {row.la_name!r} ({row.ons_code})")
            return
        candidates = [v for v in self.records if v.authority_key == authority.key]
        match = match_visit(candidates, start=row.start, published=row.published, kind=kind)
        if match is not None:
            self.confirm(name, row, self.records.index(match))
            return
        known = [v for v in candidates if v.id in self.before]
        problem = _review_visit(row, kind, known)
        if problem is None:
            try:
                visit = row.to_visit(authority.key, outcomes, url=self.url)
            except OfstedRatingsError as error:
                problem = str(error)
            else:
                problem = _visit_problem(visit, authority) or _visit_clash(
                    self.records, visit, None
                )
        if problem is not None:
            self.refuse(name, row, problem)
            return
        self.records.append(visit)
        self.rows.append(_row_outcome(name, row, visit.id, "added"))

    def confirm(self, name: str, row: OfficialInspection, index: int) -> None:
        """Compare ``row`` with the visit it matched (``records[index]``)."""
        visit = self.records[index]
        files = self.matched.setdefault(index, set())
        if name in files:
            self.conflicts.append(Conflict(name, visit.id, "more than one row matches it"))
            self.rows.append(_row_outcome(name, row, visit.id, "conflict"))
            return
        files.add(name)
        theirs = {
            "start": row.start.isoformat() if row.start else "",
            "source_listed": row.published.isoformat() if row.published else "",
        }
        ours = visit_to_row(visit)
        settled = [
            self.corrections.settle(Disagreement(visit.id, field, name, ours[field], value))
            for field, value in theirs.items()
            if value and ours[field] and value != ours[field]
        ]
        self.found += settled
        how = "matched official" if _official(visit) else "matched"
        try:
            self.records[index] = _apply_visit(visit, settled)
        except OfstedRatingsError as error:
            self.conflicts.append(Conflict(name, visit.id, str(error)))
            how = "conflict"
        self.rows.append(_row_outcome(name, row, self.records[index].id, how))

    def refuse(self, name: str, row: OfficialInspection, problem: str) -> None:
        self.conflicts.append(Conflict(name, f"sheet {row.sheet!r}, row {row.row}", problem))
        self.rows.append(_row_outcome(name, row, None, "conflict"))


def _row_outcome(name: str, row: OfficialInspection, visit: str | None, how: str) -> RowOutcome:
    return RowOutcome(file=name, sheet=row.sheet, row=row.row, visit=visit, how=how)


def _official(visit: Visit) -> bool:
    return visit.source.kind is SourceKind.OFFICIAL_STATISTICS


def _review_visit(
    row: OfficialInspection, kind: VisitKind, neighbours: Iterable[Visit]
) -> str | None:
    """Why an official row that matched none of ``neighbours`` (its authority's visits
    known before the merge) needs review: it starts within
    :data:`VISIT_REVIEW_WINDOW_DAYS` of one of them."""
    if row.start is None:
        return None
    for other in neighbours:
        if other.start is None:
            continue
        gap = abs((other.start - row.start).days)
        if gap <= VISIT_REVIEW_WINDOW_DAYS:
            return (
                f"a {kind} starting {row.start} matches no visit but is {gap} days from "
                f"{other.id} ({other.kind}): review the match"
            )
    return None
