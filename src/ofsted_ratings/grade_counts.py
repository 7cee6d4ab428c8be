"""Counts: how many authorities had each grade, by their latest inspection at a date.

:func:`counts` takes every authority that existed on the date, finds its latest graded
inspection under one of two conventions, and tallies that inspection's grade for one
judgement area, nationally (or for a group) and, with ``by="region"``, in each of Ofsted's
regions (with ``by="ons_region"``, the ONS's). Every authority is in the count: one whose
latest inspection judged the area is *graded*; one with no inspection counted yet is *not
yet inspected*; one whose latest inspection gave no grade for the area (an ILACS inspection
from 2018 to 2022 has no care leavers judgement, one from April 2026 no overall
effectiveness) is *not graded for this area*. Percentages are of the graded authorities.

>>> from ofsted_ratings import load
>>> published = counts(load(), as_of="2025-03-31")
>>> [published.whole.count(grade) for grade in Grade]
[33, 67, 34, 19]
>>> ofsted = counts(load(), as_of="2025-03-31", convention="ofsted")
>>> [ofsted.whole.count(grade) for grade in Grade], ofsted.published_by
([36, 67, 31, 19], datetime.date(2025, 6, 30))

The two conventions
-------------------
``published`` (:attr:`Convention.PUBLISHED`, the default)
    What had been published by the end of the day: an inspection counts from its publication
    date (:attr:`Inspection.known_from <ofsted_ratings.models.Inspection.known_from>`), as
    in every other query. This is what anyone could have read on the day.

``ofsted`` (:attr:`Convention.OFSTED`)
    Ofsted's own, for its official statistics "Local authority inspection outcomes as at
    31 March": an inspection counts if it **took place by 31 March** and its report was
    **published by 30 June** of the same year. Both official files state the cut-off on
    their cover ("Inspections as at 31 March 2025, with a report published by 30 June 2025";
    the same words for 2024), and their lists bear it out: the 2025 list holds inspections
    published after 31 March (Devon, on site from 30 September 2024, published 13 May
    2025), leaves out one that took place in March but was published on 18 July 2025
    (Wakefield, 24-28 March 2025), and one published by 30 June that took place after
    31 March (Newcastle upon Tyne, 12-16 May 2025). An inspection *took place by* the date
    when its first day on site is on or before it (the "Inspection date" the files print).
    No inspection in either year is known to have been on site across 31 March (the last
    to start, on 18 March 2024 and 24 March 2025, ended on 22 and 28 March), so the files
    cannot tell the first day from the last; the first is the one they give for every
    inspection.
    An inspection whose days on site are known only to the month took place by the date
    when the whole month is; one published by the date took place by it, whatever its
    dates.

Other dates under Ofsted's convention
-------------------------------------
The cut-off is known only for the two files read: 30 June 2024 and 30 June 2025 (see
:data:`OFSTED_CUT_OFFS`). It is not the same every year: the 2024 file's notes say that 11
inspections that took place before 1 April 2023 were left out of the 2023 release because
their reports were published after its cut-off, and some of them were published on 9 May
2023, so that release's cut-off was earlier. For any other date (another 31 March, or any
other day) the convention needs ``published_by``, the cut-off to use: the rule is then
"took place by ``as_of``, published by ``published_by``". Without it :func:`counts` raises
:class:`~ofsted_ratings.errors.ConventionError` saying so.

>>> counts(load(), as_of="2023-03-31", convention="ofsted")
Traceback (most recent call last):
...
ofsted_ratings.errors.ConventionError: Ofsted's publication cut-off for its tables as at ...
>>> c = counts(load(), as_of="2023-03-31", convention="ofsted", published_by="2023-04-30")
>>> c.published_by
datetime.date(2023, 4, 30)

Which authorities, which inspections
------------------------------------
* An authority counts if it existed on ``as_of`` (created on or before it, abolished after
  it). An authority created by reorganisation starts with no inspections: its
  predecessors' are theirs (so Cumberland was not yet inspected at 31 March 2024, as the
  2024 file says).
* Only graded inspections of the authority's children's services count (not focused or
  monitoring visits, nor reviews of the safeguarding children board on their own); the
  latest of those counted, in publication order, gives the grade.
* ``frameworks`` restricts the count to inspections under those frameworks (for example
  the SIF alone, as counts published during the SIF were).
* A region, or any group, counts its members of that date (see :mod:`ofsted_ratings.groups`),
  including those abolished since.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

import attrs

from ._util.dates import as_date
from ._util.optional import require
from .errors import ConventionError, OfstedRatingsError, UnknownAreaError
from .frameworks import AREA_KEYS, FRAMEWORKS, FrameworkId, get_framework
from .grades import Grade
from .groups import Group, region_group_key, resolve_group
from .models import DatePrecision, Inspection, LocalAuthority, OnsRegion, Region

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = [
    "OFSTED_CUT_OFFS",
    "Convention",
    "CountStatus",
    "Counts",
    "CountsTable",
    "LatestGrade",
    "Tally",
    "counts",
    "took_place_by",
]

#: Ofsted's publication cut-off for each "as at 31 March" table the library has read: the
#: cover of each official file gives it ("with a report published by 30 June 2025").
OFSTED_CUT_OFFS: Mapping[date, date] = MappingProxyType(
    {
        date(2024, 3, 31): date(2024, 6, 30),
        date(2025, 3, 31): date(2025, 6, 30),
    }
)

#: The tables :meth:`Counts.rows` and :meth:`Counts.to_frame` give: one row per tally, or
#: one per authority.
CountsTable = Literal["tallies", "authorities"]


class Convention(enum.Enum):
    """When an inspection counts at a date (see the module's notes)."""

    #: What had been published by the date.
    PUBLISHED = "published"
    #: Ofsted's, for its "as at 31 March" tables: took place by the date, published by a
    #: cut-off.
    OFSTED = "ofsted"

    def __str__(self) -> str:
        return self.value


class CountStatus(enum.Enum):
    """Where an authority stands in a count."""

    #: Its latest inspection counted graded the area.
    GRADED = "graded"
    #: No inspection of it counts yet.
    NOT_INSPECTED = "not yet inspected"
    #: Its latest inspection counted gave no grade for the area.
    NOT_GRADED = "not graded for this area"

    def __str__(self) -> str:
        return self.value


@attrs.frozen(kw_only=True)
class LatestGrade:
    """One authority in a count: the inspection counted (if any) and its grade for the area."""

    authority: LocalAuthority
    inspection: Inspection | None
    grade: Grade | None
    status: CountStatus

    def __repr__(self) -> str:
        if self.inspection is None:
            return f"<LatestGrade {self.authority.name}: {self.status}>"
        outcome = self.status.value if self.grade is None else self.grade.value
        return f"<LatestGrade {self.authority.name}: {outcome} ({self.inspection.id})>"


@attrs.frozen(kw_only=True)
class Tally:
    """How many authorities of a group had each grade, were not yet inspected or not graded.

    ``key`` is ``"england"``, ``"region:<name>"`` (Ofsted's regions, with ``by="region"``),
    ``"ons:<name>"`` (the ONS's) or the group's key; ``name`` reads as
    people name it ("England", "London").
    """

    key: str
    name: str
    outstanding: int
    good: int
    requires_improvement: int
    inadequate: int
    not_inspected: int
    not_graded: int

    def __repr__(self) -> str:
        grades = ", ".join(f"{self.count(grade)} {grade.value}" for grade in Grade)
        return (
            f"<Tally {self.name}: {grades}; {self.not_inspected} not yet inspected, "
            f"{self.not_graded} not graded>"
        )

    def count(self, grade: Grade | str) -> int:
        """How many authorities had ``grade``."""
        found = grade if isinstance(grade, Grade) else Grade.parse(grade)
        return {
            Grade.OUTSTANDING: self.outstanding,
            Grade.GOOD: self.good,
            Grade.REQUIRES_IMPROVEMENT: self.requires_improvement,
            Grade.INADEQUATE: self.inadequate,
        }[found]

    @property
    def graded(self) -> int:
        """How many authorities had a grade for the area."""
        return self.outstanding + self.good + self.requires_improvement + self.inadequate

    @property
    def total(self) -> int:
        """Every authority counted: graded, not yet inspected and not graded."""
        return self.graded + self.not_inspected + self.not_graded

    def percentage(self, *grades: Grade | str) -> float | None:
        """The percentage of graded authorities with any of ``grades`` (``None`` if none
        was graded).

        >>> from ofsted_ratings import load
        >>> whole = counts(load(), as_of="2024-03-31", convention="ofsted").whole
        >>> round(whole.percentage("outstanding", "good"))
        60
        """
        if not grades:
            raise OfstedRatingsError("percentage needs at least one grade")
        if not self.graded:
            return None
        return 100 * sum(self.count(grade) for grade in grades) / self.graded

    def share(self, *grades: Grade | str) -> float | None:
        """The percentage of every authority counted (graded or not) with any of ``grades``;
        ``None`` if there is none."""
        if not grades:
            raise OfstedRatingsError("share needs at least one grade")
        if not self.total:
            return None
        return 100 * sum(self.count(grade) for grade in grades) / self.total


@attrs.frozen(kw_only=True)
class Counts:
    """The result of :func:`counts`: every authority counted and the tallies.

    ``published_by`` is the last publication date counted (``as_of`` itself under the
    published convention, the cut-off under Ofsted's); ``frameworks`` the frameworks
    counted (empty for all); ``release`` the dataset's release date. ``tallies`` starts with
    the whole (England, or the group asked for), then each region with ``by="region"`` (or
    ``by="ons_region"``).
    """

    as_of: date
    area: str
    convention: Convention
    published_by: date
    frameworks: tuple[FrameworkId, ...]
    release: date | None
    entries: tuple[LatestGrade, ...]
    tallies: tuple[Tally, ...]

    @property
    def whole(self) -> Tally:
        """The tally of every authority counted: England, or the group asked for."""
        return self.tallies[0]

    def __repr__(self) -> str:
        """One line: the date, convention, area and the whole's tally.

        >>> from ofsted_ratings import load
        >>> counts(load(), as_of="2025-03-31", convention="ofsted")
        <Counts as at 2025-03-31 (ofsted, ...), overall_effectiveness, England: 36 outstanding, ...>
        """
        whole = repr(self.whole).removeprefix("<Tally ")
        return (
            f"<Counts as at {self.as_of} ({self.convention}, published by {self.published_by}),"
            f" {self.area}, {whole}"
        )

    @property
    def provisional(self) -> bool:
        """Whether the data may not yet hold every report that counts: its release predates
        ``published_by`` (or is not known)."""
        return self.release is None or self.release < self.published_by

    def tally(self, name: str | Region) -> Tally:
        """The tally with this key or name ("England", "London", ``Region.LONDON``)."""
        text = name.value if isinstance(name, Region) else name
        for tally in self.tallies:
            if text in (tally.key, tally.name):
                return tally
        known = ", ".join(tally.name for tally in self.tallies)
        raise OfstedRatingsError(f"no tally {text!r} in these counts; there are: {known}")

    def rows(self, table: CountsTable = "tallies") -> list[dict[str, object]]:
        """The counts as plain dicts: one per tally, or with ``"authorities"`` one per
        authority. Values are ints, floats, strings, ISO dates or ``None``; percentages
        are of graded authorities, to one decimal place.

        >>> from ofsted_ratings import load
        >>> row = counts(load(), as_of="2025-03-31", convention="ofsted").rows()[0]
        >>> row["group"], row["outstanding"], row["total"], row["outstanding_pct"]
        ('England', 36, 153, 23.5)
        """
        if table == "tallies":
            return [self._tally_row(tally) for tally in self.tallies]
        if table == "authorities":
            return [self._entry_row(entry) for entry in self.entries]
        raise OfstedRatingsError(f"unknown table {table!r}; known: tallies, authorities")

    def _context(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "convention": self.convention.value,
            "published_by": self.published_by.isoformat(),
            "area": self.area,
            "frameworks": ";".join(f.value for f in self.frameworks) or None,
        }

    def _tally_row(self, tally: Tally) -> dict[str, object]:
        row = self._context()
        row["group"] = tally.name
        for grade in Grade:
            row[_column(grade)] = tally.count(grade)
        row["not_yet_inspected"] = tally.not_inspected
        row["not_graded"] = tally.not_graded
        row["graded"] = tally.graded
        row["total"] = tally.total
        for grade in Grade:
            share = tally.percentage(grade)
            row[f"{_column(grade)}_pct"] = None if share is None else round(share, 1)
        return row

    def _entry_row(self, entry: LatestGrade) -> dict[str, object]:
        row = self._context()
        authority, inspection = entry.authority, entry.inspection
        row.update(
            authority=authority.name,
            la_code=authority.la_code,
            region=None if authority.region is None else authority.region.value,
            status=entry.status.value,
            grade=None if entry.grade is None else entry.grade.value,
            inspection=None if inspection is None else inspection.id,
            framework=None if inspection is None else inspection.framework.value,
            kind=None if inspection is None or inspection.kind is None else inspection.kind.value,
            start=_iso(None if inspection is None else inspection.start),
            end=_iso(None if inspection is None else inspection.end),
            published=_iso(None if inspection is None else inspection.published),
            known_from=_iso(None if inspection is None else inspection.known_from),
        )
        return row

    def to_frame(self, table: CountsTable = "tallies") -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types: counts ``int64``,
        percentages ``Float64``, dates ``datetime64[s]``, grades an ordered category (worst
        first). Needs the ``pandas`` extra.

        >>> from ofsted_ratings import load
        >>> frame = counts(load(), as_of="2025-03-31", by="region").to_frame()
        >>> len(frame), str(frame["outstanding"].dtype), str(frame["as_of"].dtype)
        (9, 'int64', 'datetime64[s]')
        """
        require("pandas", "pandas", "Counts.to_frame")
        import pandas as pd

        rows = self.rows(table)
        kinds = _TALLY_COLUMNS if table == "tallies" else _ENTRY_COLUMNS
        frame: pd.DataFrame = pd.DataFrame(
            {
                name: pd.Series([row[name] for row in rows], dtype=_dtype(kind), name=name)
                for name, kind in kinds.items()
            },
            columns=list(kinds),
        )
        return frame


def _column(grade: Grade) -> str:
    return grade.name.lower()


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


_CONTEXT_COLUMNS = {
    "as_of": "date",
    "convention": "string",
    "published_by": "date",
    "area": "string",
    "frameworks": "string",
}
_TALLY_COLUMNS = {
    **_CONTEXT_COLUMNS,
    "group": "string",
    **{_column(grade): "integer" for grade in Grade},
    "not_yet_inspected": "integer",
    "not_graded": "integer",
    "graded": "integer",
    "total": "integer",
    **{f"{_column(grade)}_pct": "float" for grade in Grade},
}
_ENTRY_COLUMNS = {
    **_CONTEXT_COLUMNS,
    "authority": "string",
    "la_code": "string",
    "region": "string",
    "status": "status",
    "grade": "grade",
    "inspection": "string",
    "framework": "string",
    "kind": "string",
    "start": "date",
    "end": "date",
    "published": "date",
    "known_from": "date",
}


def _dtype(kind: str) -> str | pd.CategoricalDtype:
    import pandas as pd

    if kind == "grade":
        worst_first = sorted(Grade, key=lambda grade: grade.number, reverse=True)
        return pd.CategoricalDtype([grade.value for grade in worst_first], ordered=True)
    if kind == "status":
        return pd.CategoricalDtype([status.value for status in CountStatus], ordered=False)
    return {"integer": "int64", "float": "Float64", "date": "datetime64[s]"}.get(kind, "string")


# -- counting ---------------------------------------------------------------------------------


def _convention(value: Convention | str) -> Convention:
    if isinstance(value, Convention):
        return value
    try:
        return Convention(str(value).strip().lower())
    except ValueError:
        known = ", ".join(c.value for c in Convention)
        raise OfstedRatingsError(f"unknown convention {value!r}; known: {known}") from None


def _frameworks(
    value: Iterable[FrameworkId | str] | FrameworkId | str | None,
) -> tuple[FrameworkId, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, (str, FrameworkId)) else list(value)
    chosen = {get_framework(item).id for item in items}
    return tuple(f for f in FrameworkId if f in chosen)


def _cut_off(convention: Convention, as_of: date, published_by: date | str | None) -> date:
    """The last publication date that counts."""
    if convention is Convention.PUBLISHED:
        if published_by is not None:
            raise ConventionError(
                "published_by applies to Ofsted's convention only; the published convention "
                "counts what was published by as_of"
            )
        return as_of
    if published_by is not None:
        cut_off = as_date(published_by, "published_by")
        if cut_off < as_of:
            raise ConventionError(
                f"published_by ({cut_off}) is before as_of ({as_of}): an inspection is "
                "published after it takes place"
            )
        return cut_off
    known = OFSTED_CUT_OFFS.get(as_of)
    if known is not None:
        return known
    advice = (
        f"pass published_by=<date> to count inspections that took place by {as_of} and "
        "were published by that date, or use the published convention"
    )
    if (as_of.month, as_of.day) != (3, 31):
        raise ConventionError(
            f"Ofsted's convention is defined for its tables as at 31 March, not for {as_of}; "
            + advice
        )
    read = " and ".join(f"{cut.day} {cut:%B %Y}" for cut in OFSTED_CUT_OFFS.values())
    raise ConventionError(
        f"Ofsted's publication cut-off for its tables as at 31 March {as_of.year} is not "
        f"known: the official files read give only {read}, and the 2023 release's was "
        f"earlier; {advice}"
    )


def _month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def took_place_by(inspection: Inspection, day: date) -> bool:
    """Whether ``inspection`` took place by ``day``: its first day on site is on or before
    it (the whole month, for dates known only to the month), or it was published by then.
    """
    if inspection.known_from <= day:
        return True
    start = inspection.start
    if start is None:
        return False
    if inspection.date_precision is DatePrecision.MONTH:
        start = _month_end(start)
    return start <= day


def _history(dataset: Dataset, authority: LocalAuthority) -> tuple[Inspection, ...]:
    """The authority's inspections, oldest first."""
    return dataset.inspections_of(authority)


_SLUG = re.compile(r"[^a-z0-9]+")


def _region_key(region: Region) -> str:
    return "region:" + _SLUG.sub("-", region.value.lower()).strip("-")


def _members(
    dataset: Dataset, group: Group | str | None, day: date
) -> tuple[str, str, tuple[LocalAuthority, ...]]:
    """The key, name and members of the group counted: those that existed on ``day``
    (England's, without a group), including the authorities abolished since. Of a
    :class:`~ofsted_ratings.groups.Group` passed as it is, its members that existed then."""
    found = resolve_group(dataset, "england" if group is None else group, as_of=day)
    members = tuple(a for a in found.members if a.existed_on(day))
    return found.key, found.name, members


def _latest(
    dataset: Dataset,
    authority: LocalAuthority,
    area: str,
    counted: tuple[FrameworkId, ...],
    convention: Convention,
    as_of: date,
    published_by: date,
) -> LatestGrade:
    chosen: Inspection | None = None
    for inspection in _history(dataset, authority):
        if not inspection.judges_services or inspection.known_from > published_by:
            continue
        if counted and inspection.framework not in counted:
            continue
        if convention is Convention.OFSTED and not took_place_by(inspection, as_of):
            continue
        chosen = inspection
    if chosen is None:
        return LatestGrade(
            authority=authority, inspection=None, grade=None, status=CountStatus.NOT_INSPECTED
        )
    grade = chosen.grade(area)
    status = CountStatus.NOT_GRADED if grade is None else CountStatus.GRADED
    return LatestGrade(authority=authority, inspection=chosen, grade=grade, status=status)


def _tally(key: str, name: str, entries: Iterable[LatestGrade]) -> Tally:
    grades = dict.fromkeys(Grade, 0)
    not_inspected = not_graded = 0
    for entry in entries:
        if entry.grade is not None:
            grades[entry.grade] += 1
        elif entry.status is CountStatus.NOT_INSPECTED:
            not_inspected += 1
        else:
            not_graded += 1
    return Tally(
        key=key,
        name=name,
        outstanding=grades[Grade.OUTSTANDING],
        good=grades[Grade.GOOD],
        requires_improvement=grades[Grade.REQUIRES_IMPROVEMENT],
        inadequate=grades[Grade.INADEQUATE],
        not_inspected=not_inspected,
        not_graded=not_graded,
    )


def counts(
    dataset: Dataset,
    *,
    as_of: date | str,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    by: Literal["region", "ons_region"] | None = None,
    convention: Convention | str = Convention.PUBLISHED,
    published_by: date | str | None = None,
    frameworks: Iterable[FrameworkId | str] | FrameworkId | str | None = None,
) -> Counts:
    """How many authorities had each grade for ``area`` at ``as_of``, by their latest
    inspection (see the module's notes for the conventions).

    ``as_of`` and ``published_by`` are dates or ``YYYY-MM-DD`` text. ``group`` counts one
    group (a region, ``"core-cities"``, ``"neighbours:<authority>"``); ``by="region"`` adds
    a tally for each of Ofsted's regions, ``by="ons_region"`` one for each of the ONS's.
    ``published_by`` sets the cut-off of Ofsted's convention (needed for dates other than
    the 31 March tables read); ``frameworks`` counts only inspections under those
    frameworks.

    >>> from ofsted_ratings import load
    >>> london = counts(load(), as_of="2025-03-31", convention="ofsted", by="region")
    >>> london.tally("London").outstanding, london.tally("London").total
    (14, 33)
    >>> sif = counts(load(), as_of="2015-01-20", frameworks="sif")
    >>> [sif.whole.count(grade) for grade in Grade], sif.whole.graded
    ([0, 10, 24, 7], 41)
    """
    day = as_date(as_of, "as_of")
    chosen = _convention(convention)
    cut_off = _cut_off(chosen, day, published_by)
    if area not in AREA_KEYS:
        raise UnknownAreaError(f"unknown judgement area {area!r}; known: {', '.join(AREA_KEYS)}")
    counted = _frameworks(frameworks)
    if counted and not any(FRAMEWORKS[f].has_area(area) for f in counted):
        names = ", ".join(f.value for f in counted)
        raise UnknownAreaError(f"{names} judge no area {area!r}")
    if by not in (None, "region", "ons_region"):
        raise OfstedRatingsError(f"by must be 'region', 'ons_region' or None, not {by!r}")
    key, name, members = _members(dataset, group, day)
    existing = sorted(members, key=lambda a: (a.name, a.la_code or ""))
    entries = tuple(
        _latest(dataset, authority, area, counted, chosen, day, cut_off) for authority in existing
    )
    tallies = [_tally(key, name, entries)]
    if by == "region":
        for region in Region:
            inside = [e for e in entries if e.authority.region is region]
            if inside:
                tallies.append(_tally(_region_key(region), region.value, inside))
        unplaced = [e for e in entries if e.authority.region is None]
        if unplaced:
            tallies.append(_tally("region:none", "No region", unplaced))
    elif by == "ons_region":
        for ons in OnsRegion:
            inside = [e for e in entries if e.authority.ons_region is ons]
            if inside:
                tallies.append(_tally(region_group_key(ons), ons.value, inside))
        unplaced = [e for e in entries if e.authority.ons_region is None]
        if unplaced:
            tallies.append(_tally("ons:none", "No ONS region", unplaced))
    return Counts(
        as_of=day,
        area=area,
        convention=chosen,
        published_by=cut_off,
        frameworks=counted,
        release=dataset.release,
        entries=entries,
        tallies=tuple(tallies),
    )
