"""Questions asked of a dataset: histories, latest grades, streaks, trajectories, comparisons.

Every function is pure: it reads a :class:`~ofsted_ratings.dataset.Dataset` and returns new
immutable values. Dates are publication dates (:attr:`Inspection.known_from
<ofsted_ratings.models.Inspection.known_from>`): ``as_of=day`` means "what had been published
by the end of ``day``".

Dates known only to the month
-----------------------------
Some inspections are known only from cited documents that give the month on site, not the
days (``date_precision`` ``month``: each date is the first day of its month). Where a
source gives the publication date, that day places the inspection as for any other. Where
none does, the inspection is known from the first day after its last month on site: an
``as_of`` date inside that month never counts it, the first day of the next month always
does, and ``history`` and streaks order it by that day. It is the earliest day the result
can have been public, so such an inspection may be counted a few weeks before it really was.

Streak rules
------------
A *streak* is a run of an authority's successive graded inspections with the same grade for
one area.

1. Consecutive means successive **graded** inspections of that authority, in publication
   order.
2. Ungraded visits (focused and monitoring visits) neither count nor break a run; nor do
   reviews of the Local Safeguarding Children Board published on their own, which judge the
   board rather than the authority's services.
3. A graded inspection with another grade for the area ends the run.
4. A graded inspection with **no** grade for the area asked about ends the run (for example
   ILACS inspections from April 2026 have no overall effectiveness).
5. An authority created by reorganisation starts fresh: its predecessors' inspections are
   theirs, not its.
6. Runs are ordered by the date they reached ``min_length`` (then by name), so the first
   authority to do something comes first.

>>> from ofsted_ratings import load, Grade
>>> [s.authority.name for s in load().streaks(Grade.OUTSTANDING, 3, group="core-cities")]
['Leeds']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

import attrs

from .errors import OfstedRatingsError, UnknownAreaError
from .frameworks import AREA_KEYS
from .grades import Grade
from .groups import Group, resolve_group
from .models import Inspection, LocalAuthority

if TYPE_CHECKING:
    from .dataset import Dataset

#: A dataset, or a subclass of it: what :func:`as_of` and :func:`subset` return.
D = TypeVar("D", bound="Dataset")

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Streak",
    "TrajectoryPoint",
    "as_of",
    "compare",
    "history",
    "latest",
    "rated",
    "streaks",
    "subset",
    "trajectory",
]


def _check_day(value: object, name: str = "as_of") -> None:
    if value is not None and (not isinstance(value, date) or type(value) is not date):
        raise OfstedRatingsError(f"{name} must be a datetime.date, not {value!r}")


def _check_area(area: str) -> None:
    if area not in AREA_KEYS:
        raise UnknownAreaError(f"unknown judgement area {area!r}; known: {', '.join(AREA_KEYS)}")


def _grade(value: Grade | str) -> Grade:
    return value if isinstance(value, Grade) else Grade.parse(value)


def history(
    dataset: Dataset, authority: LocalAuthority | str | int, *, as_of: date | None = None
) -> tuple[Inspection, ...]:
    """Every inspection and visit of ``authority`` published by ``as_of``, oldest first."""
    _check_day(as_of)
    found = dataset.authority(authority)
    items = dataset.inspections_of(found)
    if as_of is not None:
        items = tuple(i for i in items if i.known_from <= as_of)
    return items


def latest(
    dataset: Dataset,
    authority: LocalAuthority | str | int,
    *,
    as_of: date | None = None,
    area: str | None = None,
) -> Inspection | None:
    """The authority's latest graded inspection published by ``as_of`` (``None`` if none).

    With ``area``, the latest graded inspection that has a grade for that area.
    """
    if area is not None:
        _check_area(area)
    for inspection in reversed(history(dataset, authority, as_of=as_of)):
        if not inspection.judges_services:
            continue
        if area is None or inspection.grade(area) is not None:
            return inspection
    return None


def as_of(dataset: D, day: date) -> D:
    """The dataset as it stood on ``day``: authorities, and what was published by then."""
    _check_day(day, "day")
    if day is None:
        raise OfstedRatingsError("as_of needs a date")
    return attrs.evolve(
        dataset,
        inspections=tuple(i for i in dataset.inspections if i.known_from <= day),
        release=min(dataset.release, day) if dataset.release else day,
    )


def subset(dataset: D, authorities: Iterable[LocalAuthority | str | int]) -> D:
    """The part of ``dataset`` about ``authorities``: them and their inspections.

    Every export takes a dataset; pass a subset to write one group only.

    >>> from ofsted_ratings import load
    >>> core = subset(load(), load().group("core-cities").members)
    >>> keys = {a.key for a in core}
    >>> len(core.authorities), all(i.authority_key in keys for i in core.inspections)
    (8, True)
    """
    chosen: dict[str, LocalAuthority] = {}
    for query in authorities:
        found = dataset.authority(query)
        chosen.setdefault(found.key, found)
    return attrs.evolve(
        dataset,
        authorities=tuple(chosen.values()),
        inspections=tuple(i for key in chosen for i in dataset.inspections_of(key)),
    )


@attrs.frozen(kw_only=True)
class Streak:
    """A run of successive graded inspections of one authority with one grade.

    ``reached`` is the publication date of the inspection that brought the run to the
    length asked for; ``ongoing`` whether the run includes the authority's latest graded
    inspection at the time asked about.
    """

    authority: LocalAuthority
    grade: Grade
    area: str
    inspections: tuple[Inspection, ...]
    reached: date
    ongoing: bool

    @property
    def length(self) -> int:
        """How many inspections the run has."""
        return len(self.inspections)

    @property
    def first(self) -> date:
        """When the run began (publication of its first inspection)."""
        return self.inspections[0].known_from

    @property
    def last(self) -> date:
        """Publication of the run's latest inspection."""
        return self.inspections[-1].known_from


def _runs(
    inspections: Iterable[Inspection], area: str, matches: set[Grade]
) -> list[tuple[list[Inspection], bool]]:
    """Maximal runs of matching graded inspections, each with whether it is ongoing."""
    runs: list[tuple[list[Inspection], bool]] = []
    current: list[Inspection] = []
    for inspection in inspections:
        if not inspection.judges_services:
            continue
        grade = inspection.grade(area)
        if grade is not None and grade in matches:
            current.append(inspection)
        else:
            if current:
                runs.append((current, False))
            current = []
    if current:
        runs.append((current, True))
    return runs


def _members(
    dataset: Dataset, group: Group | str | None, as_of: date | None = None
) -> tuple[LocalAuthority, ...]:
    """The authorities a query covers: the group's members on ``as_of`` (today's without
    it), or with no group every authority that existed on ``as_of`` (without it, every
    authority in the data, abolished ones too)."""
    if group is None:
        return dataset.authorities if as_of is None else dataset.authorities_on(as_of)
    return resolve_group(dataset, group, as_of=as_of).members


def streaks(
    dataset: Dataset,
    grade: Grade | str,
    min_length: int = 2,
    *,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    as_of: date | None = None,
    or_better: bool = False,
) -> tuple[Streak, ...]:
    """Runs of at least ``min_length`` successive graded inspections with ``grade``.

    See the module's streak rules. With ``as_of``, only the authorities that existed then
    count (of ``group``, if given, its members then); without it, every authority in the
    data, or the group's members today. With ``or_better``, any grade at least as good as
    ``grade`` continues a run. The result is ordered by the date each run reached
    ``min_length``.
    """
    wanted = _grade(grade)
    if type(min_length) is not int or min_length < 1:
        raise OfstedRatingsError(
            f"min_length must be a whole number of at least 1, not {min_length!r}"
        )
    _check_area(area)
    _check_day(as_of)
    matches = {g for g in Grade if g >= wanted} if or_better else {wanted}
    found: list[Streak] = []
    for authority in _members(dataset, group, as_of):
        items = dataset.inspections_of(authority)
        if as_of is not None:
            items = tuple(i for i in items if i.known_from <= as_of)
        for run, ongoing in _runs(items, area, matches):
            if len(run) >= min_length:
                found.append(
                    Streak(
                        authority=authority,
                        grade=wanted,
                        area=area,
                        inspections=tuple(run),
                        reached=run[min_length - 1].known_from,
                        ongoing=ongoing,
                    )
                )
    found.sort(key=lambda s: (s.reached, s.authority.name, s.authority.key, s.first))
    return tuple(found)


@attrs.frozen
class TrajectoryPoint:
    """One graded inspection's grade for an area (``None`` when it gave none)."""

    published: date
    grade: Grade | None
    inspection: Inspection


def trajectory(
    dataset: Dataset,
    authority: LocalAuthority | str | int,
    area: str = "overall_effectiveness",
    *,
    as_of: date | None = None,
) -> tuple[TrajectoryPoint, ...]:
    """The authority's grade for ``area`` at each graded inspection, oldest first."""
    _check_area(area)
    return tuple(
        TrajectoryPoint(i.known_from, i.grade(area), i)
        for i in history(dataset, authority, as_of=as_of)
        if i.judges_services
    )


def rated(
    dataset: Dataset,
    grade: Grade | str,
    *,
    as_of: date | None = None,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
) -> tuple[tuple[LocalAuthority, Inspection], ...]:
    """Authorities whose latest graded inspection by ``as_of`` gave ``grade`` for ``area``.

    Only authorities that existed on ``as_of`` (or today) count, and of ``group`` its members
    then. The answer to "who was outstanding on 31 March 2025?".

    >>> from ofsted_ratings import load
    >>> from datetime import date
    >>> [a.name for a, _ in load().rated("requires improvement", as_of=date(2018, 12, 31),
    ...                                  group="south-west") if not a.current]
    ['Bournemouth', 'Dorset County Council', 'Poole']
    """
    wanted = _grade(grade)
    _check_area(area)
    _check_day(as_of)
    result = []
    for authority in _members(dataset, group, as_of):
        if not (authority.current if as_of is None else authority.existed_on(as_of)):
            continue
        inspection = latest(dataset, authority, as_of=as_of)
        if inspection is not None and inspection.grade(area) is wanted:
            result.append((authority, inspection))
    return tuple(sorted(result, key=lambda pair: pair[0].name))


@attrs.frozen
class ComparisonRow:
    """One authority in a comparison: its graded history and latest graded inspection."""

    authority: LocalAuthority
    history: tuple[Inspection, ...]
    latest: Inspection | None

    def counts(self, area: str = "overall_effectiveness") -> dict[Grade, int]:
        """How many graded inspections gave each grade for ``area``."""
        result = dict.fromkeys(Grade, 0)
        for inspection in self.history:
            grade = inspection.grade(area)
            if grade is not None:
                result[grade] += 1
        return result


@attrs.frozen
class Comparison:
    """Authorities side by side (the rows are in the order asked for)."""

    rows: tuple[ComparisonRow, ...]
    as_of: date | None

    def areas(self) -> tuple[str, ...]:
        """The area keys any row's latest inspection graded, in the shared key order."""
        present = {j.area for row in self.rows if row.latest for j in row.latest.judgements}
        return tuple(key for key in AREA_KEYS if key in present)


def compare(
    dataset: Dataset, *authorities: LocalAuthority | str | int, as_of: date | None = None
) -> Comparison:
    """The authorities side by side: each one's graded history and latest inspection."""
    if not authorities:
        raise OfstedRatingsError("compare needs at least one authority")
    _check_day(as_of)
    rows = []
    seen: set[str] = set()
    for query in authorities:
        authority = dataset.authority(query)
        if authority.key in seen:
            continue
        seen.add(authority.key)
        graded = tuple(i for i in history(dataset, authority, as_of=as_of) if i.judges_services)
        rows.append(ComparisonRow(authority, graded, graded[-1] if graded else None))
    return Comparison(tuple(rows), as_of)
