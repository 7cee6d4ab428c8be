"""Questions about the ungraded visits between inspections: which, when, with what findings.

Every function is pure: it reads a :class:`~ofsted_ratings.dataset.Dataset` and returns new
immutable values. As in :mod:`~ofsted_ratings.queries`, dates are the dates findings were
public: a visit's :attr:`~ofsted_ratings.models.Visit.known_from` (its letter's date, else
the date its listing gives), so ``as_of=day`` means "what had been published by the end of
``day``". Every date parameter takes a :class:`datetime.date` or ``YYYY-MM-DD`` text.

Visits are never graded: no question here touches grades, and no question of grades
(:func:`~ofsted_ratings.queries.latest`, streaks, counts) counts a visit.

>>> from ofsted_ratings import load
>>> ds = load()
>>> [v.letter_date.isoformat() for v in visits(ds, authority="Leeds")]
['2018-02-22', '2021-08-31']
>>> [type(event).__name__ for event in timeline(ds, "Leeds", as_of="2022-12-31")]
['Inspection', 'Inspection', 'Visit', 'Inspection', 'Visit', 'Inspection']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ._util.dates import optional_date
from .errors import OfstedRatingsError
from .groups import Group, resolve_group
from .models import Inspection, LocalAuthority, Visit, VisitKind
from .queries import latest
from .tabular import frame, json_ready, visit_cells, visit_columns

if TYPE_CHECKING:
    import pandas as pd

    from .dataset import Dataset

__all__ = [
    "VISIT_KIND_NAMES",
    "Visits",
    "parse_visit_kinds",
    "priority_actions",
    "timeline",
    "visits",
    "visits_since_latest",
]

#: The short names of kinds of visit: ``focused`` is every focused visit (those made under
#: the COVID-19 arrangements too), ``covid`` only those, ``monitoring`` the monitoring
#: visits. The kinds' own values (``"focused visit"``, ...) name one kind each.
VISIT_KIND_NAMES: Mapping[str, frozenset[VisitKind]] = {
    "focused": frozenset(k for k in VisitKind if k.focused),
    "covid": frozenset({VisitKind.FOCUSED_COVID}),
    "monitoring": frozenset({VisitKind.MONITORING}),
}


def parse_visit_kinds(
    kind: VisitKind | str | Iterable[VisitKind | str] | None,
) -> frozenset[VisitKind] | None:
    """The kinds of visit ``kind`` names (``None``: every kind).

    >>> sorted(k.value for k in parse_visit_kinds("focused"))
    ['focused visit', 'focused visit (adapted to COVID-19)']
    >>> parse_visit_kinds("monitoring visit") == {VisitKind.MONITORING}
    True
    >>> parse_visit_kinds("inspection")
    Traceback (most recent call last):
    ...
    ofsted_ratings.errors.OfstedRatingsError: unknown kind of visit 'inspection'; known: focused, covid, monitoring, focused visit, focused visit (adapted to COVID-19), monitoring visit
    """  # noqa: E501
    if kind is None:
        return None
    if isinstance(kind, (VisitKind, str)):
        kind = (kind,)
    found: set[VisitKind] = set()
    for item in kind:
        if isinstance(item, VisitKind):
            found.add(item)
            continue
        text = str(item).strip().lower()
        if text in VISIT_KIND_NAMES:
            found |= VISIT_KIND_NAMES[text]
            continue
        try:
            found.add(VisitKind(str(item).strip()))
        except ValueError:
            known = ", ".join([*VISIT_KIND_NAMES, *(k.value for k in VisitKind)])
            raise OfstedRatingsError(f"unknown kind of visit {item!r}; known: {known}") from None
    return frozenset(found)


class Visits(tuple[Visit, ...]):
    """Visits found by a query, in date order: a tuple, with the authority of each and
    the table of them.

    It is a tuple in every way (indexing, slicing, equality with a tuple of the same
    visits), and adds :meth:`authority_of`, :meth:`authorities`, :meth:`rows` and
    :meth:`to_frame`.

    >>> from ofsted_ratings import load
    >>> found = visits(load(), authority="Leeds")
    >>> found[0]
    <Visit 80481-visit-2018-01-30 focused visit, letter 2018-02-22>
    >>> [a.name for a in found.authorities()], found.rows()[1]["improvement_count"]
    (['Leeds'], 3)
    """

    _by_key: Mapping[str, LocalAuthority]

    def __new__(
        cls, items: Iterable[Visit] = (), *, authorities: Mapping[str, LocalAuthority]
    ) -> Visits:
        self = super().__new__(cls, items)
        missing = {v.authority_key for v in self} - set(authorities)
        if missing:
            raise OfstedRatingsError(f"visits to authorities not given: {sorted(missing)}")
        object.__setattr__(self, "_by_key", dict(authorities))
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Visits cannot be changed: cannot set {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_visits, (tuple(self), dict(self._by_key)))

    def authority_of(self, visit: Visit) -> LocalAuthority:
        """The authority ``visit`` (one of these) was to."""
        return self._by_key[visit.authority_key]

    def authorities(self) -> tuple[LocalAuthority, ...]:
        """The authorities visited, each once, in the order of their first visit here."""
        keys = dict.fromkeys(v.authority_key for v in self)
        return tuple(self._by_key[key] for key in keys)

    def rows(self, *, lists: bool = False) -> list[dict[str, object]]:
        """A dict per visit, with the columns of the ``visits`` table (see
        :func:`~ofsted_ratings.tabular.visit_columns`); dates as ISO text. The inspectors
        and the letter's items are text, as ``visits.csv`` writes them, or with
        ``lists=True`` lists (for JSON)."""
        return [json_ready(visit_cells(self.authority_of(v), v, lists=lists)) for v in self]

    def to_frame(self) -> pd.DataFrame:
        """:meth:`rows` as a pandas ``DataFrame`` with explicit types (dates
        ``datetime64[s]``, the kind a category). Needs the ``pandas`` extra.

        >>> from ofsted_ratings import load
        >>> frame = visits(load(), kind="monitoring").to_frame()
        >>> str(frame["known_from"].dtype), set(frame["kind"])
        ('datetime64[s]', {'monitoring visit'})
        """
        return frame(self.rows(), visit_columns(), "Visits.to_frame")


def _rebuild_visits(items: tuple[Visit, ...], authorities: dict[str, LocalAuthority]) -> Visits:
    return Visits(items, authorities=authorities)


def _order(visit: Visit) -> tuple[date, date, str]:
    """Visits in the order their findings were public, then by first day on site."""
    return (visit.known_from, visit.start or visit.known_from, visit.authority_key)


def _chosen(
    dataset: Dataset,
    authority: LocalAuthority | str | int | Sequence[LocalAuthority | str | int] | None,
    group: Group | str | None,
    day: date | None,
) -> list[LocalAuthority]:
    """The authorities named, then the group's members (on ``day``), each once; with
    neither, every authority in the data (abolished ones too: they were visited then)."""
    if authority is None and group is None:
        return list(dataset.authorities)
    named: Sequence[LocalAuthority | str | int]
    if authority is None:
        named = ()
    elif isinstance(authority, (LocalAuthority, str, int)):
        named = (authority,)
    else:
        named = authority
    found = [dataset.authority(query) for query in named]
    if group is not None:
        found.extend(resolve_group(dataset, group, as_of=day).members)
    return list({a.key: a for a in found}.values())


def visits(
    dataset: Dataset,
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
    """The visits to ``authority`` (one, or a list) and to ``group``'s members (every
    authority when neither is given), in the order their findings were public.

    ``kind`` keeps one kind or several (see :func:`parse_visit_kinds`: ``"focused"``,
    ``"covid"``, ``"monitoring"``); ``start`` and ``end`` keep those whose findings were
    public from ``start`` to ``end`` (both included); ``with_priority_actions`` those whose
    letter gives areas for priority action; ``since_latest_inspection`` those since each
    authority's latest graded inspection (see :func:`visits_since_latest`); ``as_of``
    those published by then (and a group's members then).

    >>> from ofsted_ratings import load
    >>> found = visits(load(), group="core-cities", kind="focused", end="2019-12-31")
    >>> sorted({found.authority_of(v).name for v in found})[:3]
    ['Leeds', 'Liverpool', 'Manchester']
    >>> [v.id for v in visits(load(), authority="Leeds", start="2019-01-01")]
    ['80481-visit-2021-07-20']
    """
    day = optional_date(as_of, "as_of")
    first = optional_date(start, "start")
    last = optional_date(end, "end")
    kinds = parse_visit_kinds(kind)
    chosen = _chosen(dataset, authority, group, day)
    found = [
        visit
        for authority_found in chosen
        for visit in _since(dataset, authority_found, day, since_latest_inspection)
        if (day is None or visit.known_from <= day)
        and (first is None or visit.known_from >= first)
        and (last is None or visit.known_from <= last)
        and (kinds is None or visit.kind in kinds)
        and (not with_priority_actions or visit.priority_actions)
    ]
    return Visits(sorted(found, key=_order), authorities={a.key: a for a in chosen})


def _last_day(inspection: Inspection) -> date:
    """The inspection's last day on site, else its first, else the date it is known from."""
    return inspection.end or inspection.start or inspection.known_from


def _since(
    dataset: Dataset, authority: LocalAuthority, day: date | None, since_latest: bool
) -> tuple[Visit, ...]:
    """The authority's visits; with ``since_latest``, those whose first day on site came
    after the last day of its latest graded inspection published by ``day``."""
    every = dataset.visits_of(authority)
    if not since_latest:
        return every
    inspection = latest(dataset, authority, as_of=day)
    if inspection is None:
        return every
    since = _last_day(inspection)
    return tuple(v for v in every if (v.start or v.known_from) > since)


def visits_since_latest(
    dataset: Dataset, authority: LocalAuthority | str | int, *, as_of: date | str | None = None
) -> Visits:
    """The visits to ``authority`` since its latest graded inspection published by
    ``as_of``: those whose first day on site came after the inspection's last (every
    visit published by then, if it had no graded inspection).

    >>> from ofsted_ratings import load
    >>> [v.id for v in visits_since_latest(load(), "Leeds", as_of="2022-01-01")]
    ['80481-visit-2021-07-20']
    >>> visits_since_latest(load(), "Leeds")
    ()
    """
    return visits(dataset, authority=authority, as_of=as_of, since_latest_inspection=True)


def priority_actions(
    dataset: Dataset,
    *,
    as_of: date | str | None = None,
    days: int = 365,
    group: Group | str | None = None,
) -> Visits:
    """The visits whose letters, published in the ``days`` days to ``as_of`` (the data's
    release date by default), gave areas for priority action; :meth:`Visits.authorities`
    names the authorities.

    >>> from ofsted_ratings import load
    >>> found = priority_actions(load(), as_of="2024-03-31")
    >>> [(found.authority_of(v).name, len(v.priority_actions)) for v in found]
    [('Peterborough', 2), ('Shropshire', 1)]
    """
    if type(days) is not int or days < 1:
        raise OfstedRatingsError(f"days must be a whole number of at least 1, not {days!r}")
    day = optional_date(as_of, "as_of") or dataset.release
    if day is None:
        raise OfstedRatingsError("the data has no release date: give as_of")
    return visits(
        dataset,
        group=group,
        start=day - timedelta(days=days - 1),
        as_of=day,
        with_priority_actions=True,
    )


def timeline(
    dataset: Dataset,
    authority: LocalAuthority | str | int,
    *,
    as_of: date | str | None = None,
    visits: bool = True,
) -> tuple[Inspection | Visit, ...]:
    """The authority's inspections and (unless ``visits=False``) visits published by
    ``as_of``, in the order their results were public (then by first day on site).

    >>> from ofsted_ratings import load
    >>> [e.known_from.isoformat() for e in timeline(load(), "Leeds", as_of="2019-01-01")]
    ['2010-02-01', '2015-03-27', '2018-02-22', '2018-12-18']
    """
    day = optional_date(as_of, "as_of")
    found = dataset.authority(authority)
    events: list[Inspection | Visit] = list(dataset.history(found, as_of=day))
    if visits:
        events.extend(v for v in dataset.visits_of(found) if day is None or v.known_from <= day)
    return tuple(sorted(events, key=lambda e: (e.known_from, e.start or e.known_from)))
