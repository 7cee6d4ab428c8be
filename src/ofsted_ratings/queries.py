"""Questions asked of a dataset: histories, latest grades, streaks, trajectories, comparisons.

Every function is pure: it reads a :class:`~ofsted_ratings.dataset.Dataset` and returns new
immutable values. Dates are publication dates (:attr:`Inspection.known_from
<ofsted_ratings.models.Inspection.known_from>`): ``as_of=day`` means "what had been published
by the end of ``day``". Every date parameter takes a :class:`datetime.date` or ``YYYY-MM-DD``
text; anything else raises :class:`~ofsted_ratings.errors.DateError` naming the parameter.

Results are tables too: a :class:`History` (what :func:`history` returns, still a tuple),
:class:`Streaks` and :class:`Comparison` each have ``rows()`` (plain dicts, dates as ISO
text) and ``to_frame()`` (a pandas ``DataFrame``, with the ``pandas`` extra), with the
authority's key, URN, name, codes and region in every row.

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
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._util.dates import as_date, optional_date
from .errors import OfstedRatingsError, UnknownAreaError
from .frameworks import AREA_KEYS
from .grades import Grade
from .groups import Group, resolve_group
from .models import Inspection, LocalAuthority
from .tabular import Column, authority_identity, frame, identity, inspection_cells, json_ready
from .tabular import inspection_columns as _inspection_columns

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

#: A dataset, or a subclass of it: what :func:`as_of` and :func:`subset` return.
D = TypeVar("D", bound="Dataset")

__all__ = [
    "Comparison",
    "ComparisonRow",
    "History",
    "Streak",
    "Streaks",
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


def _check_area(area: str) -> None:
    if area not in AREA_KEYS:
        raise UnknownAreaError(f"unknown judgement area {area!r}; known: {', '.join(AREA_KEYS)}")


def _grade(value: Grade | str) -> Grade:
    return value if isinstance(value, Grade) else Grade.parse(value)


class History(tuple[Inspection, ...]):
    """An authority's inspections, oldest first: a tuple, with the authority and its table.

    :func:`history` returns one. It is a tuple in every way (indexing, slicing, equality
    with a tuple of the same inspections), and adds ``authority``, ``as_of``, :meth:`rows`
    and :meth:`to_frame`.

    >>> from ofsted_ratings import load
    >>> leeds = load().history("Leeds")
    >>> leeds[-1]
    <Inspection 80481-2025-08-12 ilacs_2023 short: outstanding>
    >>> leeds == tuple(leeds), leeds.authority.name, len(leeds.rows())
    (True, 'Leeds', 5)
    """

    authority: LocalAuthority
    as_of: date | None

    def __new__(
        cls,
        inspections: Iterable[Inspection] = (),
        *,
        authority: LocalAuthority,
        as_of: date | None = None,
    ) -> History:
        self = super().__new__(cls, inspections)
        object.__setattr__(self, "authority", authority)
        object.__setattr__(self, "as_of", as_of)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a History cannot be changed: cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_history, (tuple(self), self.authority, self.as_of))

    def rows(self) -> list[dict[str, object]]:
        """A dict per inspection, with the columns of the wide export (see
        :func:`~ofsted_ratings.tabular.inspection_columns`); dates as ISO text."""
        names = identity(self.authority)
        return [json_ready(inspection_cells(self.authority, i, identity_cells=names)) for i in self]

    def to_frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types (dates
        ``datetime64[s]``, grades an ordered category, worst first). Needs the ``pandas``
        extra.

        >>> from ofsted_ratings import load
        >>> frame = load().history("Leeds").to_frame()
        >>> str(frame["known_from"].dtype), frame["overall_effectiveness"].iloc[-1]
        ('datetime64[s]', 'outstanding')
        """
        return frame(self.rows(), _inspection_columns(), "History.to_frame")


def _rebuild_history(
    items: tuple[Inspection, ...], authority: LocalAuthority, as_of: date | None
) -> History:
    return History(items, authority=authority, as_of=as_of)


def history(
    dataset: Dataset, authority: LocalAuthority | str | int, *, as_of: date | str | None = None
) -> History:
    """Every inspection and visit of ``authority`` published by ``as_of``, oldest first.

    >>> from ofsted_ratings import load
    >>> [i.known_from.year for i in history(load(), "Leeds", as_of="2020-01-01")]
    [2010, 2015, 2018]
    """
    day = optional_date(as_of, "as_of")
    found = dataset.authority(authority)
    items = dataset.inspections_of(found)
    if day is not None:
        items = tuple(i for i in items if i.known_from <= day)
    return History(items, authority=found, as_of=day)


def latest(
    dataset: Dataset,
    authority: LocalAuthority | str | int,
    *,
    as_of: date | str | None = None,
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


def as_of(dataset: D, day: date | str) -> D:
    """The dataset as it stood on ``day``: authorities, and what was published by then
    (inspections, and visits whose findings were public by then)."""
    if day is None:
        raise OfstedRatingsError("as_of needs a date")
    day = as_date(day, "day")
    return attrs.evolve(
        dataset,
        inspections=tuple(i for i in dataset.inspections if i.known_from <= day),
        visits=tuple(v for v in dataset.visits if v.known_from <= day),
        release=min(dataset.release, day) if dataset.release else day,
    )


def subset(dataset: D, authorities: Iterable[LocalAuthority | str | int]) -> D:
    """The part of ``dataset`` about ``authorities``: them, their inspections and visits.

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
        visits=tuple(v for key in chosen for v in dataset.visits_of(key)),
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

    def __repr__(self) -> str:
        status = "ongoing" if self.ongoing else "ended"
        return (
            f"<Streak {self.authority.name} {self.grade.value} x{self.length} "
            f"{self.first}..{self.last}, {status}>"
        )


_STREAK_COLUMNS = (
    Column("grade", "grade", "The grade of the run (or the least grade, with or_better)."),
    Column("area", "string", "The judgement area.", required=True),
    Column("length", "integer", "How many inspections the run has.", required=True),
    Column("first", "date", "Publication of the run's first inspection.", required=True),
    Column("reached", "date", "When the run reached the length asked for.", required=True),
    Column("last", "date", "Publication of the run's latest inspection.", required=True),
    Column("ongoing", "boolean", "Whether the run includes the latest graded inspection."),
    Column("inspections", "string", "The ids of the run's inspections, '; '-separated."),
)


class Streaks(tuple[Streak, ...]):
    """Runs found by :func:`streaks`: a tuple of :class:`Streak`, with :meth:`rows` and
    :meth:`to_frame`.

    >>> from ofsted_ratings import load
    >>> found = load().streaks("outstanding", 3, group="core-cities")
    >>> found
    (<Streak Leeds outstanding x3 2018-12-18..2025-08-12, ongoing>,)
    >>> row = found.rows()[0]
    >>> row["authority"], row["la_code"], row["length"], row["reached"]
    ('Leeds', '383', 3, '2025-08-12')
    """

    __slots__ = ()

    def rows(self) -> list[dict[str, object]]:
        """A dict per run: the authority's identity, then the run (dates as ISO text)."""
        return [
            json_ready(
                {
                    **identity(streak.authority),
                    "grade": streak.grade.value,
                    "area": streak.area,
                    "length": streak.length,
                    "first": streak.first,
                    "reached": streak.reached,
                    "last": streak.last,
                    "ongoing": streak.ongoing,
                    "inspections": "; ".join(i.id for i in streak.inspections),
                }
            )
            for streak in self
        ]

    def to_frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types. Needs the ``pandas``
        extra."""
        columns = (*authority_identity(), *_STREAK_COLUMNS)
        return frame(self.rows(), columns, "Streaks.to_frame")


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
    as_of: date | str | None = None,
    or_better: bool = False,
) -> Streaks:
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
    day = optional_date(as_of, "as_of")
    matches = {g for g in Grade if g >= wanted} if or_better else {wanted}
    found: list[Streak] = []
    for authority in _members(dataset, group, day):
        items = dataset.inspections_of(authority)
        if day is not None:
            items = tuple(i for i in items if i.known_from <= day)
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
    return Streaks(found)


@attrs.frozen
class TrajectoryPoint:
    """One graded inspection's grade for an area (``None`` when it gave none)."""

    published: date
    grade: Grade | None
    inspection: Inspection

    def __repr__(self) -> str:
        grade = "no grade" if self.grade is None else self.grade.value
        return f"<TrajectoryPoint {self.published} {grade}>"


def trajectory(
    dataset: Dataset,
    authority: LocalAuthority | str | int,
    area: str = "overall_effectiveness",
    *,
    as_of: date | str | None = None,
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
    as_of: date | str | None = None,
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
    day = optional_date(as_of, "as_of")
    result = []
    for authority in _members(dataset, group, day):
        if not (authority.current if day is None else authority.existed_on(day)):
            continue
        inspection = latest(dataset, authority, as_of=day)
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

    def __repr__(self) -> str:
        latest = "none" if self.latest is None else self.latest.id
        return f"<ComparisonRow {self.authority.name}: {len(self.history)} graded, latest {latest}>"


def _count_column(grade: Grade) -> str:
    return grade.name.lower() + "_count"


@attrs.frozen
class Comparison:
    """Authorities side by side (the rows are in the order asked for).

    ``rows`` holds a :class:`ComparisonRow` per authority; :meth:`records` gives the same
    as plain dicts and :meth:`to_frame` as a pandas ``DataFrame``.

    >>> from ofsted_ratings import load
    >>> both = load().compare("Leeds", "Bradford", as_of="2025-03-31")
    >>> both
    <Comparison of 2 authorities as of 2025-03-31: Leeds, Bradford>
    >>> [(r["authority"], r["known_from"], r["overall_effectiveness"]) for r in both.records()]
    [('Leeds', '2022-05-09', 'outstanding'), ('Bradford', '2023-01-31', 'inadequate')]
    """

    rows: tuple[ComparisonRow, ...]
    as_of: date | None

    def areas(self) -> tuple[str, ...]:
        """The area keys any row's latest inspection graded, in the shared key order."""
        present = {j.area for row in self.rows if row.latest for j in row.latest.judgements}
        return tuple(key for key in AREA_KEYS if key in present)

    def __repr__(self) -> str:
        names = [row.authority.name for row in self.rows]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        when = "" if self.as_of is None else f" as of {self.as_of}"
        return f"<Comparison of {len(names)} authorities{when}: {shown}>"

    def _columns(self) -> tuple[Column, ...]:
        shared = {column.name: column for column in _inspection_columns()}
        return (
            *authority_identity(),
            Column("graded_inspections", "integer", "Graded inspections by then.", required=True),
            *(shared[name] for name in ("id", "published", "known_from", "framework", "kind")),
            *(shared[area] for area in self.areas()),
            *(
                Column(
                    _count_column(grade),
                    "integer",
                    f"Graded inspections with overall effectiveness {grade.value}.",
                    required=True,
                )
                for grade in Grade
            ),
        )

    def records(self) -> list[dict[str, object]]:
        """A dict per authority: its identity, how many graded inspections it had, its
        latest graded inspection (id, dates, framework, kind and the grade for each area of
        :meth:`areas`; ``None`` where it has none), and how many graded inspections gave
        each overall grade. Dates are ISO text."""
        result = []
        for row in self.rows:
            latest = row.latest
            cells = inspection_cells(row.authority, latest)
            counts = row.counts()
            record = {
                **identity(row.authority),
                "graded_inspections": len(row.history),
                **{n: cells[n] for n in ("id", "published", "known_from", "framework", "kind")},
                **{area: cells[area] for area in self.areas()},
                **{_count_column(grade): counts[grade] for grade in Grade},
            }
            result.append(json_ready(record))
        return result

    def to_frame(self) -> pd.DataFrame:
        """:meth:`records` as a pandas ``DataFrame`` with explicit types. Needs the
        ``pandas`` extra."""
        return frame(self.records(), self._columns(), "Comparison.to_frame")


def compare(
    dataset: Dataset, *authorities: LocalAuthority | str | int, as_of: date | str | None = None
) -> Comparison:
    """The authorities side by side: each one's graded history and latest inspection."""
    if not authorities:
        raise OfstedRatingsError("compare needs at least one authority")
    day = optional_date(as_of, "as_of")
    rows = []
    seen: set[str] = set()
    for query in authorities:
        authority = dataset.authority(query)
        if authority.key in seen:
            continue
        seen.add(authority.key)
        graded = tuple(i for i in history(dataset, authority, as_of=day) if i.judges_services)
        rows.append(ComparisonRow(authority, graded, graded[-1] if graded else None))
    return Comparison(tuple(rows), day)
