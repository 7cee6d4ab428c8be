"""The dataset: every authority and inspection, loaded lazily, with lookups and queries.

:func:`load` reads the data package shipped inside the package once and caches it; a
:class:`Dataset` is immutable, so it is safe to share.

>>> ds = load()
>>> ds.authority("Leeds City Council").urn
80481
>>> ds.authority("E08000035") == ds.authority("383") == ds.authority(80481)
True
>>> [i.published.year for i in ds.history("Leeds") if i.published]
[2015, 2018, 2022, 2025]
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from . import queries
from ._util.dates import optional_date
from ._util.text import name_key
from .errors import DataFileError, OfstedRatingsError, UnknownAuthorityError
from .grades import Grade
from .groups import Group, resolve_group
from .io import package
from .io.userdata import SOURCE_VARIABLE, current_version
from .models import Inspection, LocalAuthority, Visit, VisitKind
from .queries import Comparison, History, Streaks, TrajectoryPoint

if TYPE_CHECKING:
    from importlib.abc import Traversable

    import pandas as pd
    import polars as pl

    from .exports.tables import TableName
    from .frameworks import FrameworkId
    from .grade_counts import Convention, Counts
    from .grade_transitions import Changes, Since, Transitions
    from .visit_queries import Visits

__all__ = [
    "AmbiguousAuthorityError",
    "Dataset",
    "data_files",
    "load",
    "read_dataset",
    "read_folder",
]


class AmbiguousAuthorityError(UnknownAuthorityError):
    """A name that matches more than one authority; ``candidates`` holds them, by name.

    >>> try:
    ...     load().authority("Kingston")
    ... except AmbiguousAuthorityError as error:
    ...     print([a.name for a in error.candidates])
    ['Kingston upon Hull', 'Kingston upon Thames']
    """

    def __init__(self, query: object, matches: Iterable[LocalAuthority]) -> None:
        self.candidates = tuple(sorted(matches, key=lambda m: (m.name, m.key)))
        names = ", ".join(f"{m.name} ({_codes(m)})" for m in self.candidates)
        super().__init__(query, suggestions=[m.name for m in self.candidates])
        self.args = (f"{query!r} matches more than one authority: {names}",)


def _codes(authority: LocalAuthority) -> str:
    if authority.urn is not None:
        return f"URN {authority.urn}"
    return f"LA code {authority.la_code}"


_SUFFIXES = (
    "metropolitan borough council",
    "metropolitan district council",
    "city council",
    "county council",
    "borough council",
    "district council",
    "council",
    "city",
)
_PREFIXES = ("the ", "london borough of ", "royal borough of ")


def normalise_name(name: str) -> str:
    """A name reduced for matching: lower case, '&' as 'and', punctuation as spaces.

    >>> normalise_name("Bournemouth, Christchurch & Poole")
    'bournemouth christchurch and poole'
    """
    return name_key(name)


def short_name(name: str) -> str:
    """A normalised name without council-style prefixes and suffixes.

    >>> short_name("Leeds City Council"), short_name("Bristol, City of")
    ('leeds', 'bristol')
    >>> short_name("Royal Borough of Kensington and Chelsea")
    'kensington and chelsea'
    """
    text = normalise_name(name)
    if text.endswith(" city of"):
        text = text[: -len(" city of")]
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                changed = True
        for suffix in _SUFFIXES:
            if text.endswith(" " + suffix):
                text = text[: -len(suffix) - 1]
                changed = True
    return text


def _authority_tuple(value: Iterable[LocalAuthority]) -> tuple[LocalAuthority, ...]:
    return tuple(value)


def _inspection_tuple(value: Iterable[Inspection]) -> tuple[Inspection, ...]:
    return tuple(value)


def _visit_tuple(value: Iterable[Visit]) -> tuple[Visit, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class _Indexes:
    by_key: Mapping[str, LocalAuthority]
    by_la_code: Mapping[str, LocalAuthority]
    by_ons_code: Mapping[str, LocalAuthority]
    by_name: Mapping[str, tuple[LocalAuthority, ...]]
    by_short_name: Mapping[str, tuple[LocalAuthority, ...]]
    histories: Mapping[str, tuple[Inspection, ...]]
    visits: Mapping[str, tuple[Visit, ...]]


@attrs.frozen(kw_only=True, eq=False)
class Dataset:
    """Authorities, their inspections and the visits between them, with lookups and the
    comparison queries.

    ``visits`` holds the ungraded focused and monitoring visits (:class:`~.models.Visit`);
    no query of grades counts them. ``origin`` says where the data came from
    (``"bundled"`` or a directory) and ``release`` is the date of the newest source used.
    """

    authorities: tuple[LocalAuthority, ...] = attrs.field(converter=_authority_tuple)
    inspections: tuple[Inspection, ...] = attrs.field(converter=_inspection_tuple)
    visits: tuple[Visit, ...] = attrs.field(converter=_visit_tuple, default=())
    release: date | None = None
    origin: str = "bundled"
    _indexes: _Indexes = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(
            self, "_indexes", _index(self.authorities, self.inspections, self.visits)
        )

    # -- lookups ---------------------------------------------------------------------------

    def get_authority(self, query: LocalAuthority | str | int) -> LocalAuthority | None:
        """The authority ``query`` names, or ``None``; see :meth:`authority`."""
        try:
            return self.authority(query)
        except UnknownAuthorityError:
            return None

    def authority(self, query: LocalAuthority | str | int) -> LocalAuthority:
        """The authority with this name, alias, Ofsted URN, DfE LA code or ONS code.

        Names match without regard to case, punctuation or council-style words ("Leeds City
        Council", "Bristol, City of"), and so do the aliases, among them common short names
        ("Newcastle", "Southend", "Hull"). A name that matches several authorities raises
        :class:`AmbiguousAuthorityError`, and so does one that is the first words of several
        authorities' names ("Kingston": Kingston upon Hull and Kingston upon Thames). A code
        or name that matches nothing raises
        :class:`~ofsted_ratings.errors.UnknownAuthorityError`, whose ``suggestions`` name the
        authorities it may have meant: those whose name it begins, then those with a
        name close to it. A name is never taken to mean an authority only because it is
        close to, or begins, that authority's name.

        >>> ds = load()
        >>> ds.authority("Newcastle").name, ds.authority("southend").name
        ('Newcastle upon Tyne', 'Southend-on-Sea')
        >>> try:
        ...     ds.authority("Leds")
        ... except UnknownAuthorityError as error:
        ...     print(error)
        no local authority matches 'Leds'; did you mean Leeds?
        """
        idx = self._indexes
        if isinstance(query, LocalAuthority):
            return _found(idx.by_key.get(query.key), query.name)
        if isinstance(query, bool) or not isinstance(query, (str, int)):
            raise UnknownAuthorityError(query)
        if isinstance(query, int):
            return _found(idx.by_key.get(str(query)), query)
        return self._authority_by_text(query)

    def _authority_by_text(self, query: str) -> LocalAuthority:
        """The authority a code or name in ``query`` stands for (see :meth:`authority`)."""
        idx = self._indexes
        text = query.strip()
        if not text:
            raise UnknownAuthorityError(query)
        if text.isdigit():
            code = idx.by_la_code.get(text) if len(text) == 3 else idx.by_key.get(str(int(text)))
            return _found(code, query)
        if text.lower() in idx.by_key:
            return idx.by_key[text.lower()]
        upper = text.upper()
        if upper in idx.by_ons_code:
            return idx.by_ons_code[upper]
        for key, index in (
            (normalise_name(text), idx.by_name),
            (short_name(text), idx.by_short_name),
        ):
            matches = index.get(key, ())
            if matches:
                return _only_match(query, matches)
        starting = self._names_starting_with(text)
        if len(starting) > 1:
            raise AmbiguousAuthorityError(query, starting)
        raise UnknownAuthorityError(query, suggestions=self._suggestions(text, starting))

    def _names_starting_with(self, text: str) -> tuple[LocalAuthority, ...]:
        """The authorities with a name or alias whose first words are the words of ``text``
        (as names match: normalised, or without council-style words)."""
        wanted = {tuple(key.split()) for key in (normalise_name(text), short_name(text))}
        wanted.discard(())
        found: dict[str, LocalAuthority] = {}
        for authority in self.authorities:
            for name in authority.names:
                for key in (normalise_name(name), short_name(name)):
                    words = tuple(key.split())
                    if any(len(words) > len(w) and words[: len(w)] == w for w in wanted):
                        found.setdefault(authority.key, authority)
        return tuple(found.values())

    def _suggestions(self, text: str, starting: tuple[LocalAuthority, ...]) -> tuple[str, ...]:
        """Names of authorities ``text`` may have meant: those whose name it begins, then
        up to three whose names or aliases are close to it."""
        import difflib

        idx = self._indexes
        names = [authority.name for authority in starting]
        for key, index in (
            (normalise_name(text), idx.by_name),
            (short_name(text), idx.by_short_name),
        ):
            for close in difflib.get_close_matches(key, list(index), n=3, cutoff=0.75):
                names.extend(authority.name for authority in index[close])
        return tuple(dict.fromkeys(names))[:4]

    def __iter__(self) -> Iterator[LocalAuthority]:
        return iter(self.authorities)

    def __len__(self) -> int:
        return len(self.authorities)

    def __repr__(self) -> str:
        return (
            f"<Dataset {len(self.authorities)} authorities, {len(self.inspections)} inspections,"
            f" {len(self.visits)} visits, {self.origin}, release {self.release}>"
        )

    @property
    def current_authorities(self) -> tuple[LocalAuthority, ...]:
        """The authorities that exist today."""
        return tuple(a for a in self.authorities if a.current)

    def authorities_on(self, day: date | str | None = None) -> tuple[LocalAuthority, ...]:
        """The authorities that existed on ``day`` (see
        :meth:`~ofsted_ratings.models.LocalAuthority.existed_on`); without a day, those that
        exist today. Every query that asks about a date takes its authorities from here.

        >>> ds = load()
        >>> len(ds.authorities_on(date(2018, 12, 31))), len(ds.authorities_on())
        (152, 153)
        >>> "Cumbria" in {a.name for a in ds.authorities_on(date(2023, 3, 31))}
        True
        """
        when = optional_date(day, "day")
        if when is None:
            return self.current_authorities
        return tuple(a for a in self.authorities if a.existed_on(when))

    def predecessors(self, authority: LocalAuthority | str | int) -> tuple[LocalAuthority, ...]:
        """The authorities that ``authority`` replaced, in the order the data lists them.

        >>> [a.name for a in load().predecessors("Bournemouth, Christchurch and Poole")]
        ['Bournemouth', 'Poole', 'Dorset County Council']
        """
        return tuple(self._by_keys(self.authority(authority).predecessors))

    def successors(self, authority: LocalAuthority | str | int) -> tuple[LocalAuthority, ...]:
        """The authorities that replaced ``authority`` (none if it still exists).

        >>> [a.name for a in load().successors("Cumbria")]
        ['Cumberland', 'Westmorland and Furness']
        """
        return tuple(self._by_keys(self.authority(authority).successors))

    def lineage_note(self, authority: LocalAuthority | str | int) -> str:
        """How reorganisation made or ended ``authority``, as a phrase ("" if it did neither).

        >>> load().lineage_note("Poole")
        'became Bournemouth, Christchurch & Poole on 2019-04-01'
        >>> load().lineage_note("North Northamptonshire")
        'formed on 2021-04-01 from Northamptonshire'
        """
        found = self.authority(authority)
        parts = []
        if found.created is not None:
            before = _names(self.predecessors(found))
            parts.append(f"formed on {found.created}" + (f" from {before}" if before else ""))
        if found.abolished is not None:
            after = _names(self.successors(found))
            if after:
                parts.append(f"became {after} on {found.abolished}")
            else:
                parts.append(f"abolished on {found.abolished}")
        return "; ".join(parts)

    def _by_keys(self, keys: Iterable[str]) -> Iterator[LocalAuthority]:
        for key in keys:
            found = self._indexes.by_key.get(key)
            if found is None:
                raise OfstedRatingsError(f"no authority has the key {key}")
            yield found

    # -- queries ---------------------------------------------------------------------------

    def history(
        self, authority: LocalAuthority | str | int, *, as_of: date | str | None = None
    ) -> History:
        """Every inspection and visit, oldest first: a tuple with ``rows()`` and
        ``to_frame()`` (see :func:`.queries.history`)."""
        return queries.history(self, authority, as_of=as_of)

    def latest(
        self,
        authority: LocalAuthority | str | int,
        as_of: date | str | None = None,
        *,
        area: str | None = None,
    ) -> Inspection | None:
        """The authority's latest graded inspection (see :func:`.queries.latest`)."""
        return queries.latest(self, authority, as_of=as_of, area=area)

    def as_of(self, day: date | str) -> Dataset:
        """The dataset as it stood on ``day``: only what was published by then."""
        return queries.as_of(self, day)

    def streaks(
        self,
        grade: Grade | str,
        min_length: int = 2,
        area: str = "overall_effectiveness",
        group: Group | str | None = None,
        as_of: date | str | None = None,
        *,
        or_better: bool = False,
    ) -> Streaks:
        """Runs of successive graded inspections with ``grade`` (see :func:`.queries.streaks`)."""
        return queries.streaks(
            self, grade, min_length, area=area, group=group, as_of=as_of, or_better=or_better
        )

    def compare(
        self, *authorities: LocalAuthority | str | int, as_of: date | str | None = None
    ) -> Comparison:
        """The authorities side by side (see :func:`.queries.compare`)."""
        return queries.compare(self, *authorities, as_of=as_of)

    def trajectory(
        self,
        authority: LocalAuthority | str | int,
        area: str = "overall_effectiveness",
        *,
        as_of: date | str | None = None,
    ) -> tuple[TrajectoryPoint, ...]:
        """The authority's grades for ``area`` over time (see :func:`.queries.trajectory`)."""
        return queries.trajectory(self, authority, area, as_of=as_of)

    def rated(
        self,
        grade: Grade | str,
        *,
        as_of: date | str | None = None,
        area: str = "overall_effectiveness",
        group: Group | str | None = None,
    ) -> tuple[tuple[LocalAuthority, Inspection], ...]:
        """Authorities whose latest grade was ``grade`` (see :func:`.queries.rated`)."""
        return queries.rated(self, grade, as_of=as_of, area=area, group=group)

    def transitions(
        self,
        *,
        area: str = "overall_effectiveness",
        framework: Iterable[FrameworkId | str] | FrameworkId | str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        group: Group | str | None = None,
    ) -> Transitions:
        """How often each grade was followed by each grade at the next graded inspection
        (see :func:`.grade_transitions.transitions`)."""
        from .grade_transitions import transitions

        return transitions(self, area=area, framework=framework, start=start, end=end, group=group)

    def changes(
        self,
        from_grade: Grade | str,
        to_grade: Grade | str,
        *,
        area: str = "overall_effectiveness",
        group: Group | str | None = None,
        as_of: date | str | None = None,
    ) -> Changes:
        """Which authorities went from one grade to another, and how long it took (see
        :func:`.grade_transitions.changes`)."""
        from .grade_transitions import changes

        return changes(self, from_grade, to_grade, area=area, group=group, as_of=as_of)

    def since(
        self,
        *,
        as_of: date | str | None = None,
        group: Group | str | None = None,
        area: str | None = None,
    ) -> Since:
        """Time since each authority's latest graded inspection, longest first (see
        :func:`.grade_transitions.since`)."""
        from .grade_transitions import since

        return since(self, as_of=as_of, group=group, area=area)

    def counts(
        self,
        *,
        as_of: date | str,
        area: str = "overall_effectiveness",
        group: Group | str | None = None,
        by: Literal["region", "ons_region"] | None = None,
        convention: Convention | str = "published",
        published_by: date | str | None = None,
        frameworks: Iterable[FrameworkId | str] | FrameworkId | str | None = None,
    ) -> Counts:
        """Authorities by their latest grade at a date (see :func:`.grade_counts.counts`)."""
        from .grade_counts import counts

        return counts(
            self,
            as_of=as_of,
            area=area,
            group=group,
            by=by,
            convention=convention,
            published_by=published_by,
            frameworks=frameworks,
        )

    def find_visits(
        self,
        *,
        authority: LocalAuthority | str | int | Sequence[LocalAuthority | str | int] | None = None,
        group: Group | str | None = None,
        kind: VisitKind | str | Iterable[VisitKind | str] | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
        with_priority_actions: bool = False,
        since_latest_inspection: bool = False,
        as_of: date | str | None = None,
    ) -> Visits:
        """Visits by authority, group, kind, dates and findings, in date order (see
        :func:`.visit_queries.visits`; the attribute ``visits`` holds them all).

        >>> [v.letter_date.year for v in load().find_visits(authority="Leeds")]
        [2018, 2021]
        """
        from . import visit_queries

        return visit_queries.visits(
            self,
            authority=authority,
            group=group,
            kind=kind,
            start=start,
            end=end,
            with_priority_actions=with_priority_actions,
            since_latest_inspection=since_latest_inspection,
            as_of=as_of,
        )

    def visits_since_latest(
        self, authority: LocalAuthority | str | int, *, as_of: date | str | None = None
    ) -> Visits:
        """The visits since the authority's latest graded inspection (see
        :func:`.visit_queries.visits_since_latest`)."""
        from . import visit_queries

        return visit_queries.visits_since_latest(self, authority, as_of=as_of)

    def priority_actions(
        self,
        *,
        as_of: date | str | None = None,
        days: int = 365,
        group: Group | str | None = None,
    ) -> Visits:
        """The visits whose letters, published in the ``days`` to ``as_of``, gave areas
        for priority action (see :func:`.visit_queries.priority_actions`)."""
        from . import visit_queries

        return visit_queries.priority_actions(self, as_of=as_of, days=days, group=group)

    def timeline(
        self,
        authority: LocalAuthority | str | int,
        *,
        as_of: date | str | None = None,
        visits: bool = True,
    ) -> tuple[Inspection | Visit, ...]:
        """The authority's inspections and visits in date order (see
        :func:`.visit_queries.timeline`)."""
        from . import visit_queries

        return visit_queries.timeline(self, authority, as_of=as_of, visits=visits)

    def group(self, name: Group | str, *, as_of: date | str | None = None) -> Group:
        """A group of authorities by name, with the members that existed on ``as_of``
        (today's without it; see :func:`.groups.resolve_group`)."""
        return resolve_group(self, name, as_of=as_of)

    def to_pandas(self, table: TableName = "inspections") -> pd.DataFrame:
        """A table of this dataset as a pandas DataFrame (see
        :func:`.exports.frames.to_pandas`).

        Needs the ``pandas`` extra; the import happens here, not when the package loads.
        """
        from .exports.frames import to_pandas

        return to_pandas(self, table=table)

    def to_polars(self, table: TableName = "inspections") -> pl.DataFrame:
        """A table of this dataset as a polars DataFrame (see
        :func:`.exports.frames.to_polars`)."""
        from .exports.frames import to_polars

        return to_polars(self, table=table)

    def inspections_of(self, authority: LocalAuthority | str | int) -> tuple[Inspection, ...]:
        """The inspections of an authority (itself, its :attr:`~.LocalAuthority.key` or its
        URN), oldest first."""
        key = authority.key if isinstance(authority, LocalAuthority) else str(authority)
        return self._indexes.histories.get(key, ())

    def visits_of(self, authority: LocalAuthority | str | int) -> tuple[Visit, ...]:
        """The visits to an authority (itself, its :attr:`~.LocalAuthority.key` or its URN),
        oldest first: by first day on site.

        >>> [(v.start.isoformat(), str(v.kind)) for v in load().visits_of(80481)][:2]
        [('2018-01-30', 'focused visit'), ('2021-07-20', 'focused visit (adapted to COVID-19)')]
        """
        key = authority.key if isinstance(authority, LocalAuthority) else str(authority)
        return self._indexes.visits.get(key, ())


def _names(authorities: Iterable[LocalAuthority]) -> str:
    """Names as a list in words: "A", "A and B", "A, B and C"."""
    names = [authority.name for authority in authorities]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _found(authority: LocalAuthority | None, query: object) -> LocalAuthority:
    if authority is None:
        raise UnknownAuthorityError(query)
    return authority


def _only_match(query: str, matches: tuple[LocalAuthority, ...]) -> LocalAuthority:
    """The one authority of ``matches``, or the one that still exists among several."""
    if len(matches) == 1:
        return matches[0]
    current = [m for m in matches if m.current]
    if len(current) == 1:
        return current[0]
    raise AmbiguousAuthorityError(query, matches)


def _index(
    authorities: tuple[LocalAuthority, ...],
    inspections: tuple[Inspection, ...],
    visits: tuple[Visit, ...] = (),
) -> _Indexes:
    by_key = _by_key(authorities)
    by_la_code: dict[str, LocalAuthority] = {}
    by_ons: dict[str, LocalAuthority] = {}
    by_name: dict[str, list[LocalAuthority]] = {}
    by_short: dict[str, list[LocalAuthority]] = {}
    for authority in authorities:
        if authority.la_code is not None:
            other = by_la_code.get(authority.la_code)
            if other is None or (authority.current and not other.current):
                by_la_code[authority.la_code] = authority
        if authority.ons_code is not None:
            by_ons[authority.ons_code] = authority
        for name in authority.names:
            _add(by_name, normalise_name(name), authority)
            _add(by_short, short_name(name), authority)
    for authority in authorities:
        for code in authority.former_ons_codes:
            by_ons.setdefault(code, authority)
    histories: dict[str, list[Inspection]] = {}
    seen: set[str] = set()
    for inspection in inspections:
        if inspection.authority_key not in by_key:
            raise OfstedRatingsError(
                f"inspection {inspection.id} is of unknown authority {inspection.authority_key}"
            )
        if inspection.id in seen:
            raise OfstedRatingsError(f"two inspections have id {inspection.id}")
        seen.add(inspection.id)
        histories.setdefault(inspection.authority_key, []).append(inspection)
    return _Indexes(
        by_key=by_key,
        by_la_code=by_la_code,
        by_ons_code=by_ons,
        by_name={key: tuple(value) for key, value in by_name.items()},
        by_short_name={key: tuple(value) for key, value in by_short.items()},
        histories={
            key: tuple(sorted(items, key=lambda i: (i.known_from, i.start or i.known_from)))
            for key, items in histories.items()
        },
        visits=_visits_by_key(by_key, visits),
    )


def _visits_by_key(
    by_key: Mapping[str, LocalAuthority], visits: Iterable[Visit]
) -> dict[str, tuple[Visit, ...]]:
    """Each authority's visits, by first day on site (the date known from where none)."""
    grouped: dict[str, list[Visit]] = {}
    seen: set[str] = set()
    for visit in visits:
        if visit.authority_key not in by_key:
            raise OfstedRatingsError(
                f"visit {visit.id} is to unknown authority {visit.authority_key}"
            )
        if visit.id in seen:
            raise OfstedRatingsError(f"two visits have id {visit.id}")
        seen.add(visit.id)
        grouped.setdefault(visit.authority_key, []).append(visit)
    return {
        key: tuple(sorted(items, key=lambda v: (v.start or v.known_from, v.known_from)))
        for key, items in grouped.items()
    }


def _by_key(authorities: Iterable[LocalAuthority]) -> dict[str, LocalAuthority]:
    by_key: dict[str, LocalAuthority] = {}
    for authority in authorities:
        if authority.key in by_key:
            raise OfstedRatingsError(f"two authorities have the key {authority.key}")
        by_key[authority.key] = authority
    return by_key


def _add(index: dict[str, list[LocalAuthority]], key: str, authority: LocalAuthority) -> None:
    bucket = index.setdefault(key, [])
    if authority not in bucket:
        bucket.append(authority)


# -- reading the data package ---------------------------------------------------------------


def data_files() -> Traversable:
    """Where the bundled data package lives: ``ofsted_ratings/data`` in the installed package.

    When the package sits in an ordinary directory (as installed from a wheel) the folder
    beside this module is used directly, which saves importing :mod:`importlib.resources`.
    """
    beside = Path(__file__).with_name("data")
    if beside.is_dir():
        return beside
    from importlib.resources import files

    packaged = files("ofsted_ratings") / "data"
    if packaged.is_dir():
        return packaged
    raise OfstedRatingsError(
        "the bundled data package is missing from this installation; install the package "
        "(pip install ofsted-ratings, or pip install . in a checkout) or set "
        f"{SOURCE_VARIABLE} to a folder holding a data package"
    )


def read_dataset(
    authorities_csv: str,
    inspections_csv: str,
    *,
    release: date | None = None,
    origin: str = "bundled",
    names: tuple[str, str] = (package.AUTHORITIES_FILE, package.INSPECTIONS_FILE),
    visits_csv: str | None = None,
    visits_name: str = package.VISITS_FILE,
) -> Dataset:
    """A :class:`Dataset` from the text of the CSV files; without ``visits_csv`` (a package
    written before there were visits) it has no visits.

    A bad value raises :class:`~ofsted_ratings.errors.DataFileError` naming the file, line
    and field.
    """
    authorities, inspections = package.read_records(authorities_csv, inspections_csv, names)
    visits = () if visits_csv is None else package.read_visits(visits_csv, visits_name)
    try:
        by_key = _by_key(authorities)
    except OfstedRatingsError as error:
        raise DataFileError(names[0], str(error)) from None
    try:
        _visits_by_key(by_key, visits)
    except OfstedRatingsError as error:
        raise DataFileError(visits_name, str(error)) from None
    try:
        return Dataset(
            authorities=authorities,
            inspections=inspections,
            visits=visits,
            release=release,
            origin=origin,
        )
    except OfstedRatingsError as error:
        raise DataFileError(names[1], str(error)) from None


def read_folder(folder: Traversable | Path, origin: str | None = None) -> Dataset:
    """The data package in ``folder`` (``authorities.csv``, ``inspections.csv``,
    ``visits.csv`` if it has one, and ``datapackage.json``) as a :class:`Dataset`;
    ``origin`` defaults to the folder."""
    contents = package.read_package(folder)
    return read_dataset(
        contents.authorities_csv,
        contents.inspections_csv,
        release=contents.release,
        origin=str(folder) if origin is None else origin,
        names=contents.names,
        visits_csv=contents.visits_csv,
        visits_name=contents.visits_name,
    )


_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _load_bundled() -> Dataset:
    return read_folder(data_files(), "bundled")


@functools.lru_cache(maxsize=4)
def _load_folder(folder: str) -> Dataset:
    return read_folder(Path(folder), folder)


def load(*, bundled: bool = False) -> Dataset:
    """The dataset, read on first call and cached.

    Without arguments this is the user's updated copy when ``ofsted-ratings update`` has
    made one, else the data bundled with the package; ``origin`` says which
    (``"bundled"`` or the folder read). ``bundled=True``, or the environment variable
    ``OFSTED_RATINGS_DATA`` set to ``bundled``, ``user`` or a folder, chooses explicitly.
    A damaged file raises :class:`~ofsted_ratings.errors.DataFileError` naming the file,
    line and field; ``load(bundled=True)`` still works then.

    >>> load(bundled=True) is load(bundled=True)
    True
    >>> load(bundled=True).origin
    'bundled'
    """
    choice = "bundled" if bundled else os.environ.get(SOURCE_VARIABLE, "").strip()
    with _LOCK:
        if choice == "bundled":
            return _load_bundled()
        if choice in ("", "user"):
            folder = current_version()
            if folder is None:
                if choice == "user":
                    raise OfstedRatingsError(
                        "no updated data yet: run 'ofsted-ratings update' first"
                    )
                return _load_bundled()
            return _load_folder(str(folder))
        return _load_folder(choice)
