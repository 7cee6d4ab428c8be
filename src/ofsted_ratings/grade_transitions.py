"""Moves between grades: transitions, changes, and time since the latest inspection.

Three questions, each a pure function of a :class:`~ofsted_ratings.dataset.Dataset`:

* :func:`transitions`: how often each grade was followed by each grade at the authority's
  next graded inspection (a 4 by 4 table), by area, framework, period or group;
* :func:`changes`: which authorities made one move (good to outstanding, say), between
  which inspections, and how long it took;
* :func:`since`: how long it has been since each authority's latest graded inspection,
  longest first, with the authorities never inspected listed first.

>>> from ofsted_ratings import load
>>> ds = load()
>>> moves = transitions(ds, framework=["ilacs_2018", "ilacs_2023"])
>>> moves.count("requires improvement", "good") > moves.count("requires improvement", "inadequate")
True
>>> [m.authority.name for m in changes(ds, "good", "outstanding", group="core-cities")]
['Leeds', 'Manchester']

What counts as a move
---------------------
The rules are those of streaks (see :mod:`ofsted_ratings.queries`):

1. A move is a pair of an authority's **successive graded inspections** of its services, in
   publication order. Ungraded visits (focused and monitoring visits) and reviews of the
   safeguarding children board on their own are skipped over, as if they were not there.
2. Both inspections must grade the area asked about. A graded inspection with no grade for
   it (an ILACS inspection from 2018 to 2022 has no care leavers judgement, one from April
   2026 no overall effectiveness) still counts as the next inspection: the pairs it is in
   are not moves of that area, and ``without_grade`` of :class:`Transitions` counts them.
   A grade is never carried over such a gap.
3. An authority created by reorganisation starts fresh: its predecessors' inspections are
   theirs, and no move joins the two.
4. A move is dated by its second inspection, the one that gave the new grade:
   ``framework`` keeps the moves whose second inspection fell under one of those
   frameworks (the first may be under any), ``start`` and ``end`` those whose second
   inspection was published (:attr:`~ofsted_ratings.models.Inspection.known_from`) in
   that period, both days included.
5. How long a move took is the days from the first inspection's publication to the
   second's.

Grade 3 is one grade under both its names ("adequate" before 2013, "requires improvement"
since), so a move from a 2012 "adequate" to a 2015 "requires improvement" stays at grade 3.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

import attrs

from ._util.dates import optional_date
from .errors import OfstedRatingsError, UnknownAreaError
from .frameworks import AREA_KEYS, FrameworkId, get_framework
from .grades import Grade
from .groups import Group, resolve_group
from .models import Inspection, LocalAuthority
from .queries import latest
from .tabular import Column, authority_identity, frame, identity, json_ready

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = [
    "Changes",
    "Since",
    "SinceEntry",
    "Transition",
    "Transitions",
    "TransitionsTable",
    "changes",
    "since",
    "transitions",
]

#: The tables of :meth:`Transitions.rows`: one row per cell of the matrix, or per move.
TransitionsTable = Literal["matrix", "moves"]


def _grade(value: Grade | str, name: str) -> Grade:
    if isinstance(value, Grade):
        return value
    if not isinstance(value, str):
        raise OfstedRatingsError(f"{name} must be a Grade or a grade's name, not {value!r}")
    return Grade.parse(value)


def _check_area(area: str) -> None:
    if area not in AREA_KEYS:
        raise UnknownAreaError(f"unknown judgement area {area!r}; known: {', '.join(AREA_KEYS)}")


def _frameworks(
    value: Iterable[FrameworkId | str] | FrameworkId | str | None,
) -> tuple[FrameworkId, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, (str, FrameworkId)) else list(value)
    chosen = {get_framework(item).id for item in items}
    return tuple(f for f in FrameworkId if f in chosen)


def _members(dataset: Dataset, group: Group | str | None) -> tuple[LocalAuthority, ...]:
    if group is None:
        return dataset.authorities
    return resolve_group(dataset, group).members


def _group_name(dataset: Dataset, group: Group | str | None) -> str | None:
    if group is None:
        return None
    return resolve_group(dataset, group).name


@attrs.frozen(kw_only=True)
class Transition:
    """One move: an authority's grade for ``area`` at one graded inspection (``before``)
    and at its next (``after``)."""

    authority: LocalAuthority
    area: str
    before: Inspection
    after: Inspection
    from_grade: Grade
    to_grade: Grade

    @property
    def days(self) -> int:
        """Days from the first inspection's publication to the second's."""
        return (self.after.known_from - self.before.known_from).days

    @property
    def steps(self) -> int:
        """Grades gained: 1 from good to outstanding, -2 from good to inadequate, 0 for none."""
        return self.from_grade.number - self.to_grade.number

    def __repr__(self) -> str:
        return (
            f"<Transition {self.authority.name} {self.from_grade.value} -> "
            f"{self.to_grade.value}, {self.before.known_from}..{self.after.known_from}>"
        )

    def row(self) -> dict[str, object]:
        """The move as a plain dict: the authority's identity, the grades, both inspections
        (id, framework, dates) and the days between; dates as ISO text."""
        return json_ready(
            {
                **identity(self.authority),
                "area": self.area,
                "from_grade": self.from_grade.value,
                "to_grade": self.to_grade.value,
                "steps": self.steps,
                "before_id": self.before.id,
                "before_framework": self.before.framework.value,
                "before_known_from": self.before.known_from,
                "after_id": self.after.id,
                "after_framework": self.after.framework.value,
                "after_known_from": self.after.known_from,
                "days": self.days,
            }
        )


_FRAMEWORK_VALUES = tuple(f.value for f in FrameworkId)
_MOVE_COLUMNS = (
    Column("area", "string", "The judgement area.", required=True),
    Column("from_grade", "grade", "The grade at the first inspection.", required=True),
    Column("to_grade", "grade", "The grade at the next graded inspection.", required=True),
    Column("steps", "integer", "Grades gained (negative: lost).", required=True),
    Column("before_id", "string", "The first inspection (inspections.id).", required=True),
    Column(
        "before_framework",
        "category",
        "The first inspection's framework.",
        required=True,
        categories=_FRAMEWORK_VALUES,
    ),
    Column("before_known_from", "date", "The first inspection's date.", required=True),
    Column("after_id", "string", "The next inspection (inspections.id).", required=True),
    Column(
        "after_framework",
        "category",
        "The next inspection's framework.",
        required=True,
        categories=_FRAMEWORK_VALUES,
    ),
    Column("after_known_from", "date", "The next inspection's date.", required=True),
    Column("days", "integer", "Days from the first date to the next.", required=True),
)


def _move_columns() -> tuple[Column, ...]:
    return (*authority_identity(), *_MOVE_COLUMNS)


_MATRIX_COLUMNS = (
    Column("area", "string", "The judgement area.", required=True),
    Column("frameworks", "string", "The frameworks of the second inspections counted."),
    Column("start", "date", "The first date counted."),
    Column("end", "date", "The last date counted."),
    Column("group", "string", "The group counted."),
    Column("from_grade", "grade", "The grade at the first inspection.", required=True),
    Column("to_grade", "grade", "The grade at the next graded inspection.", required=True),
    Column("count", "integer", "How many moves.", required=True),
    Column("from_total", "integer", "How many moves began at from_grade.", required=True),
    Column("pct_of_from", "float", "count as a percentage of from_total."),
)


@attrs.frozen(kw_only=True)
class Transitions:
    """The result of :func:`transitions`: every move counted, and the table of them.

    ``moves`` holds each :class:`Transition`, in the order they happened;
    ``without_grade`` counts the pairs of successive graded inspections left out because
    one of the two gave no grade for the area. :attr:`matrix` is the 4 by 4 table,
    best grade first.

    >>> from ofsted_ratings import load
    >>> ilacs = transitions(load(), framework="ilacs_2023", end="2025-03-31")
    >>> ilacs.total == sum(ilacs.totals_from().values()) == len(ilacs.moves)
    True
    >>> ilacs
    <Transitions overall_effectiveness, ilacs_2023, to 2025-03-31: ... moves>
    """

    area: str
    frameworks: tuple[FrameworkId, ...]
    start: date | None
    end: date | None
    group: str | None
    moves: tuple[Transition, ...]
    without_grade: int

    @property
    def matrix(self) -> dict[Grade, dict[Grade, int]]:
        """``matrix[from_grade][to_grade]``: how many moves, every cell present (0 if
        none), best grade first."""
        table = {before: dict.fromkeys(Grade, 0) for before in Grade}
        for move in self.moves:
            table[move.from_grade][move.to_grade] += 1
        return table

    def count(self, from_grade: Grade | str, to_grade: Grade | str) -> int:
        """How many moves went from ``from_grade`` to ``to_grade``."""
        before, after = _grade(from_grade, "from_grade"), _grade(to_grade, "to_grade")
        return sum(1 for m in self.moves if m.from_grade is before and m.to_grade is after)

    @property
    def total(self) -> int:
        """How many moves were counted."""
        return len(self.moves)

    def totals_from(self) -> dict[Grade, int]:
        """How many moves began at each grade (the matrix's row totals)."""
        return {before: sum(row.values()) for before, row in self.matrix.items()}

    def totals_to(self) -> dict[Grade, int]:
        """How many moves ended at each grade (the matrix's column totals)."""
        matrix = self.matrix
        return {after: sum(matrix[before][after] for before in Grade) for after in Grade}

    def share(self, from_grade: Grade | str, to_grade: Grade | str) -> float | None:
        """The percentage of moves from ``from_grade`` that went to ``to_grade`` (``None``
        when no move began there)."""
        before = _grade(from_grade, "from_grade")
        total = self.totals_from()[before]
        if not total:
            return None
        return 100 * self.count(before, to_grade) / total

    def __repr__(self) -> str:
        parts = [self.area]
        if self.frameworks:
            parts.append("+".join(f.value for f in self.frameworks))
        if self.group is not None:
            parts.append(self.group)
        if self.start is not None or self.end is not None:
            since = "" if self.start is None else f"from {self.start} "
            until = "" if self.end is None else f"to {self.end}"
            parts.append((since + until).strip())
        return f"<Transitions {', '.join(parts)}: {self.total} moves>"

    def __str__(self) -> str:
        """The matrix as text: a row per grade at one inspection, a column per grade at the
        next, and each row's total."""
        width = max(len(grade.value) for grade in Grade)
        lines = [repr(self), "rows: grade at one inspection; columns: grade at the next"]
        lines.append(" " * width + "  " + "  ".join(g.value for g in Grade) + "  total")
        totals = self.totals_from()
        for before, row in self.matrix.items():
            cells = "  ".join(f"{row[after]:>{len(after.value)}}" for after in Grade)
            lines.append(f"{before.value:<{width}}  {cells}  {totals[before]:>5}")
        return "\n".join(lines)

    def rows(self, table: TransitionsTable = "matrix") -> list[dict[str, object]]:
        """The moves as plain dicts: with ``"matrix"``, one per cell of the matrix (16 rows,
        best grade first) with the count and its percentage of the moves from that grade;
        with ``"moves"``, one per move (see :meth:`Transition.row`). Dates are ISO text.

        >>> from ofsted_ratings import load
        >>> row = transitions(load()).rows()[0]
        >>> row["from_grade"], row["to_grade"], row["count"] > 0
        ('outstanding', 'outstanding', True)
        """
        if table == "moves":
            return [move.row() for move in self.moves]
        if table != "matrix":
            raise OfstedRatingsError(f"unknown table {table!r}; known: matrix, moves")
        context = {
            "area": self.area,
            "frameworks": ";".join(f.value for f in self.frameworks) or None,
            "start": self.start,
            "end": self.end,
            "group": self.group,
        }
        totals = self.totals_from()
        result = []
        for before, row in self.matrix.items():
            for after, count in row.items():
                share = None if not totals[before] else round(100 * count / totals[before], 1)
                cells = {
                    **context,
                    "from_grade": before.value,
                    "to_grade": after.value,
                    "count": count,
                    "from_total": totals[before],
                    "pct_of_from": share,
                }
                result.append(json_ready(cells))
        return result

    @staticmethod
    def columns(table: TransitionsTable = "matrix") -> tuple[Column, ...]:
        """The columns of :meth:`rows` for ``table``, with their kinds and descriptions."""
        if table == "moves":
            return _move_columns()
        if table != "matrix":
            raise OfstedRatingsError(f"unknown table {table!r}; known: matrix, moves")
        return _MATRIX_COLUMNS

    def to_frame(self, table: TransitionsTable = "matrix") -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types (grades an ordered
        category, worst first). Needs the ``pandas`` extra.

        >>> from ofsted_ratings import load
        >>> wide = transitions(load()).to_frame().pivot(
        ...     index="from_grade", columns="to_grade", values="count")
        >>> wide.shape
        (4, 4)
        """
        return frame(self.rows(table), self.columns(table), "Transitions.to_frame")


def _pairs(
    inspections: Iterable[Inspection],
) -> Iterator[tuple[Inspection, Inspection]]:
    """Successive graded inspections of the authority's services, in publication order."""
    return pairwise(i for i in inspections if i.judges_services)


def transitions(
    dataset: Dataset,
    *,
    area: str = "overall_effectiveness",
    framework: Iterable[FrameworkId | str] | FrameworkId | str | None = None,
    start: date | str | None = None,
    end: date | str | None = None,
    group: Group | str | None = None,
) -> Transitions:
    """How often each grade for ``area`` was followed by each grade at the authority's
    next graded inspection (see the module's rules).

    ``framework`` (one or several) keeps the moves whose second inspection fell under it;
    ``start`` and ``end`` (dates or ``YYYY-MM-DD``) those whose second inspection was
    published in that period; ``group`` the moves of its members.
    """
    _check_area(area)
    chosen = _frameworks(framework)
    first = optional_date(start, "start")
    last = optional_date(end, "end")
    if first is not None and last is not None and first > last:
        raise OfstedRatingsError(f"start ({first}) is after end ({last})")
    moves: list[Transition] = []
    without_grade = 0
    for authority in _members(dataset, group):
        for before, after in _pairs(dataset.inspections_of(authority)):
            if chosen and after.framework not in chosen:
                continue
            day = after.known_from
            if (first is not None and day < first) or (last is not None and day > last):
                continue
            from_grade, to_grade = before.grade(area), after.grade(area)
            if from_grade is None or to_grade is None:
                without_grade += 1
                continue
            moves.append(
                Transition(
                    authority=authority,
                    area=area,
                    before=before,
                    after=after,
                    from_grade=from_grade,
                    to_grade=to_grade,
                )
            )
    moves.sort(key=lambda m: (m.after.known_from, m.authority.name, m.authority.key))
    return Transitions(
        area=area,
        frameworks=chosen,
        start=first,
        end=last,
        group=_group_name(dataset, group),
        moves=tuple(moves),
        without_grade=without_grade,
    )


class Changes(tuple[Transition, ...]):
    """The moves :func:`changes` found: a tuple of :class:`Transition`, with :meth:`rows`
    and :meth:`to_frame`."""

    __slots__ = ()

    def rows(self) -> list[dict[str, object]]:
        """A dict per move (see :meth:`Transition.row`)."""
        return [move.row() for move in self]

    @staticmethod
    def columns() -> tuple[Column, ...]:
        """The columns of :meth:`rows`, with their kinds and descriptions."""
        return _move_columns()

    def to_frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types. Needs the ``pandas``
        extra."""
        return frame(self.rows(), self.columns(), "Changes.to_frame")


def changes(
    dataset: Dataset,
    from_grade: Grade | str,
    to_grade: Grade | str,
    *,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    as_of: date | str | None = None,
) -> Changes:
    """Every move from ``from_grade`` to ``to_grade`` for ``area`` published by ``as_of``:
    the authority, the two inspections and the days between their publication, in the
    order they happened. These are the moves :func:`transitions` counts in that cell.

    >>> from ofsted_ratings import load
    >>> leeds = changes(load(), "good", "outstanding", group="core-cities")[0]
    >>> leeds
    <Transition Leeds good -> outstanding, 2015-03-27..2018-12-18>
    >>> leeds.days
    1362
    """
    before = _grade(from_grade, "from_grade")
    after = _grade(to_grade, "to_grade")
    found = transitions(dataset, area=area, group=group, end=optional_date(as_of, "as_of"))
    return Changes(m for m in found.moves if m.from_grade is before and m.to_grade is after)


@attrs.frozen(kw_only=True)
class SinceEntry:
    """One authority in :func:`since`: its latest graded inspection by ``as_of`` (``None``
    if it has none) and the days since.

    ``days`` counts from the inspection's last day on site (the first, if that is all the
    sources give; for dates known only to the month, the first day of the month) to
    ``as_of``; ``days_since_published`` from its publication
    (:attr:`~ofsted_ratings.models.Inspection.known_from`).
    """

    authority: LocalAuthority
    inspection: Inspection | None
    as_of: date

    @property
    def inspected(self) -> bool:
        """Whether the authority had a graded inspection by ``as_of``."""
        return self.inspection is not None

    @property
    def days(self) -> int | None:
        """Days from the latest inspection's last day on site to ``as_of``."""
        if self.inspection is None:
            return None
        last = self.inspection.end or self.inspection.start or self.inspection.known_from
        return (self.as_of - last).days

    @property
    def days_since_published(self) -> int | None:
        """Days from the latest inspection's publication to ``as_of``."""
        if self.inspection is None:
            return None
        return (self.as_of - self.inspection.known_from).days

    def __repr__(self) -> str:
        if self.inspection is None:
            return f"<SinceEntry {self.authority.name}: not yet inspected by {self.as_of}>"
        return f"<SinceEntry {self.authority.name}: {self.days} days since {self.inspection.id}>"


_SINCE_COLUMNS = (
    Column("as_of", "date", "The date the days are counted to.", required=True),
    Column("inspected", "boolean", "Whether it had a graded inspection by then."),
    Column("id", "string", "Its latest graded inspection (inspections.id)."),
    Column("framework", "category", "That inspection's framework.", categories=_FRAMEWORK_VALUES),
    Column("start", "date", "Its first day on site."),
    Column("end", "date", "Its last day on site."),
    Column("known_from", "date", "Its publication date (the date queries use)."),
    Column("overall_effectiveness", "grade", "Its overall effectiveness grade."),
    Column("days", "integer", "Days from its last day on site to as_of."),
    Column("days_since_published", "integer", "Days from its publication to as_of."),
)


class Since(tuple[SinceEntry, ...]):
    """The authorities :func:`since` lists: a tuple of :class:`SinceEntry`, with
    :meth:`rows` and :meth:`to_frame`."""

    __slots__ = ()

    def rows(self) -> list[dict[str, object]]:
        """A dict per authority: its identity, its latest graded inspection (id,
        framework, dates, overall grade) and the days since; dates as ISO text."""
        result = []
        for entry in self:
            inspection = entry.inspection
            grade = None if inspection is None else inspection.grade("overall_effectiveness")
            result.append(
                json_ready(
                    {
                        **identity(entry.authority),
                        "as_of": entry.as_of,
                        "inspected": entry.inspected,
                        "id": None if inspection is None else inspection.id,
                        "framework": None if inspection is None else inspection.framework.value,
                        "start": None if inspection is None else inspection.start,
                        "end": None if inspection is None else inspection.end,
                        "known_from": None if inspection is None else inspection.known_from,
                        "overall_effectiveness": None if grade is None else grade.value,
                        "days": entry.days,
                        "days_since_published": entry.days_since_published,
                    }
                )
            )
        return result

    @staticmethod
    def columns() -> tuple[Column, ...]:
        """The columns of :meth:`rows`, with their kinds and descriptions."""
        return (*authority_identity(), *_SINCE_COLUMNS)

    def to_frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types. Needs the ``pandas``
        extra."""
        return frame(self.rows(), self.columns(), "Since.to_frame")


def _existed(authority: LocalAuthority, day: date) -> bool:
    if authority.created is not None and authority.created > day:
        return False
    return authority.abolished is None or authority.abolished > day


def since(
    dataset: Dataset,
    *,
    as_of: date | str | None = None,
    group: Group | str | None = None,
    area: str | None = None,
) -> Since:
    """How long it had been, at ``as_of``, since each authority's latest graded inspection:
    authorities never inspected by then first (by name), then the longest wait first.

    ``as_of`` defaults to the dataset's release date, never to today's date: pass
    ``as_of=date.today()`` to ask about today. Only the authorities that existed on
    ``as_of`` are listed (the members of ``group``, if given). With ``area``, the latest
    graded inspection is the latest that graded that area.

    >>> from ofsted_ratings import load
    >>> waits = since(load(), as_of="2024-03-31", group="region:north-west")
    >>> waits[0]
    <SinceEntry Cumberland: not yet inspected by 2024-03-31>
    >>> [entry.authority.name for entry in waits if not entry.inspected]
    ['Cumberland', 'Westmorland and Furness']
    >>> waits[2].days >= waits[3].days >= waits[-1].days
    True
    """
    day = optional_date(as_of, "as_of")
    if day is None:
        day = dataset.release
    if day is None:
        raise OfstedRatingsError("since needs as_of: the dataset has no release date to count to")
    if area is not None:
        _check_area(area)
    entries = [
        SinceEntry(
            authority=authority,
            inspection=latest(dataset, authority, as_of=day, area=area),
            as_of=day,
        )
        for authority in _members(dataset, group)
        if _existed(authority, day)
    ]
    entries.sort(
        key=lambda e: (
            e.inspected,
            -(e.days or 0),
            e.authority.name,
            e.authority.key,
        )
    )
    return Since(entries)
