"""The records: local authorities, inspections, their judgements and sources.

Every class is frozen (immutable, hashable, slotted) and checks its values when built, so a
record that exists is a record that makes sense: dates in order, only the areas its
framework judges, no grade on an ungraded visit, and a source for every value.

>>> from datetime import date
>>> source = Source(kind=SourceKind.REPORT, url="https://files.ofsted.gov.uk/v1/file/50284438",
...                 title="Children's services inspection",
...                 sha256="04d26c50343c7b080a75be74585682dd9eef9543ba0b01b42f6bf1519cb9d8b1")
>>> leeds_2025 = Inspection(
...     authority_key="80481", framework=FrameworkId.ILACS_2023, kind=None,
...     start=date(2025, 6, 30), end=date(2025, 7, 4), published=date(2025, 8, 12),
...     judgements={"overall_effectiveness": Grade.OUTSTANDING, "help_and_protection": Grade.GOOD},
...     source=source)
>>> leeds_2025.grade("overall_effectiveness")
<Grade.OUTSTANDING: 'outstanding'>
>>> leeds_2025.grade("care_leavers") is None
True
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TypeVar

import attrs

from .errors import RecordError, UnknownAreaError
from .frameworks import FRAMEWORKS, Framework, FrameworkId, InspectionKind
from .grades import Grade

__all__ = [
    "LA_KEY_PREFIX",
    "AuthorityType",
    "DatePrecision",
    "Inspection",
    "Judged",
    "Judgement",
    "KindBasis",
    "LocalAuthority",
    "OnsRegion",
    "Region",
    "Source",
    "SourceKind",
    "Visit",
    "VisitKind",
    "approximate_date",
    "inspected_text",
    "kind_from_days",
    "known_from_text",
    "urn_of_key",
]

_AREA_ORDER: dict[FrameworkId, dict[str, int]] = {
    key: {area: number for number, area in enumerate(framework.area_keys)}
    for key, framework in FRAMEWORKS.items()
}
_T = TypeVar("_T")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LA_CODE = re.compile(r"[0-9]{3}")
_ONS_CODE = re.compile(r"E(?:06|08|09|10|11)[0-9]{6}")
LA_KEY_PREFIX = "la-"
"""How the key of an authority with no known URN begins: ``la-`` and its DfE LA code."""
_KEY = re.compile(r"[1-9][0-9]*|la-[0-9]{3}")


def _to_key(value: int | str) -> str:
    """An authority key from a URN (a whole number) or a key (text)."""
    if isinstance(value, bool):
        raise RecordError(f"not an authority key: {value!r}", field="authority_key")
    if isinstance(value, int):
        return str(value)
    return value


def _check_key(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not _KEY.fullmatch(value):
        raise RecordError(
            f"not an authority key (a URN or 'la-' and a DfE LA code): {value!r}",
            field="authority_key",
        )


def urn_of_key(key: str) -> int | None:
    """The URN an authority key holds, or ``None`` for a key made from an LA code.

    >>> urn_of_key("80481"), urn_of_key("la-835")
    (80481, None)
    """
    return None if key.startswith(LA_KEY_PREFIX) else int(key)


class Region(enum.Enum):
    """Ofsted's eight regions, as its official statistics name them."""

    EAST_MIDLANDS = "East Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    NORTH_EAST_YORKSHIRE_AND_THE_HUMBER = "North East, Yorkshire and the Humber"
    NORTH_WEST = "North West"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"
    WEST_MIDLANDS = "West Midlands"

    def __str__(self) -> str:
        return self.value


class OnsRegion(enum.Enum):
    """The ONS's nine English regions, as the ONS names them, in the order of their codes.

    Ofsted's eight regions (:class:`Region`) are these, except that Ofsted joins the North
    East with Yorkshire and The Humber.

    >>> OnsRegion.YORKSHIRE_AND_THE_HUMBER.code
    'E12000003'
    >>> OnsRegion.from_code("E12000007")
    <OnsRegion.LONDON: 'London'>
    """

    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE_AND_THE_HUMBER = "Yorkshire and The Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"

    @property
    def code(self) -> str:
        """The region's ONS (GSS) code: ``E12`` and six digits, numbered in this order."""
        return f"E12{list(OnsRegion).index(self) + 1:06d}"

    @classmethod
    def from_code(cls, code: str) -> OnsRegion:
        """The region with this ONS code; :class:`~ofsted_ratings.errors.RecordError` if none."""
        for region in cls:
            if region.code == code:
                return region
        raise RecordError(f"not an ONS code of an English region: {code!r}", field="ons_region")

    def __str__(self) -> str:
        return self.value


class AuthorityType(enum.Enum):
    """The kind of council that is the children's services authority."""

    COUNTY = "County"
    LONDON_BOROUGH = "London Borough"
    METROPOLITAN_DISTRICT = "Metropolitan District"
    UNITARY_AUTHORITY = "Unitary Authority"
    CITY_OF_LONDON = "City of London Corporation"
    ISLES_OF_SCILLY = "Isles of Scilly Council"

    def __str__(self) -> str:
        return self.value


class SourceKind(enum.Enum):
    """Where a record's values come from."""

    #: An Ofsted report (PDF): an inspection report, read by the report reader, or the letter
    #: reporting a visit, read by the letter reader.
    REPORT = "report"
    #: Ofsted's official statistics (the "inspection outcomes as at 31 March" files).
    OFFICIAL_STATISTICS = "official statistics"
    #: Another published document that states the values (a news report, a council paper).
    DOCUMENT = "document"

    def __str__(self) -> str:
        return self.value


class KindBasis(enum.Enum):
    """How an inspection's kind (short, standard, re-inspection, ...) is known."""

    #: The report says so (its title, or for ILACS its text).
    REPORT = "report"
    #: Ofsted's official statistics list the inspection with its kind.
    OFFICIAL = "official"
    #: A cited document (a news report, a council paper) states it.
    CITED = "cited"
    #: No source states it: the days on site imply it (see :func:`kind_from_days`).
    INFERRED = "inferred"

    def __str__(self) -> str:
        return self.value


class DatePrecision(enum.Enum):
    """How precisely the sources give an inspection's days on site (start and end)."""

    #: To the day.
    DAY = "day"
    #: To the month only: each date is stored as the first day of its month.
    MONTH = "month"

    def __str__(self) -> str:
        return self.value


def approximate_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """``day`` as text, only as precisely as it is known: ISO 8601, or the month's name.

    >>> approximate_date(date(2014, 4, 1), DatePrecision.MONTH)
    'April 2014'
    >>> approximate_date(date(2015, 3, 3))
    '2015-03-03'
    """
    if precision is DatePrecision.MONTH:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return day.isoformat()


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _month_after(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


#: The basis of a kind given with no basis: the kind of its record's source.
_BASIS_OF_SOURCE = {
    SourceKind.REPORT: KindBasis.REPORT,
    SourceKind.OFFICIAL_STATISTICS: KindBasis.OFFICIAL,
    SourceKind.DOCUMENT: KindBasis.CITED,
}

#: Days from the first day on site to the last: Monday to Friday of one week (short), and
#: Monday to the Friday of the next week (standard).
_DAYS_ON_SITE = {4: InspectionKind.SHORT, 11: InspectionKind.STANDARD}


def kind_from_days(
    framework: FrameworkId, start: date | None, end: date | None
) -> InspectionKind | None:
    """The kind (short or standard) an inspection's days on site imply, if any.

    For a framework with short and standard inspections (ILACS): one week on site, Monday
    to Friday, is a short inspection; two weeks, Monday to the Friday of the next week, a
    standard one. Anything else (other days, a split visit, a date missing) implies
    nothing. Among the ILACS inspections whose kind Ofsted's official files give, the rule
    holds for every one that fits either pattern (see the frameworks guide).

    >>> kind_from_days(FrameworkId.ILACS_2023, date(2025, 6, 30), date(2025, 7, 4))
    <InspectionKind.SHORT: 'short'>
    >>> kind_from_days(FrameworkId.ILACS_2023, date(2025, 6, 23), date(2025, 7, 4))
    <InspectionKind.STANDARD: 'standard'>
    >>> kind_from_days(FrameworkId.ILACS_2023, date(2023, 7, 11), date(2023, 7, 13)) is None
    True
    >>> kind_from_days(FrameworkId.SIF, date(2015, 7, 6), date(2015, 7, 10)) is None
    True
    """
    kinds = FRAMEWORKS[framework].kinds
    if InspectionKind.SHORT not in kinds or InspectionKind.STANDARD not in kinds:
        return None
    if start is None or end is None or start.weekday() != 0:
        return None
    return _DAYS_ON_SITE.get((end - start).days)


def _optional_sha256(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None and not _SHA256.fullmatch(value):
        raise RecordError(
            f"{attribute.name} must be 64 lower-case hex digits, not {value!r}",
            field=attribute.name,
        )


def _non_empty(instance: object, attribute: attrs.Attribute[_T], value: _T) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        raise RecordError(
            f"{attribute.name} must be a non-empty trimmed string, not {value!r}",
            field=attribute.name,
        )


def _optional_non_empty(instance: object, attribute: attrs.Attribute[_T], value: _T) -> None:
    if value is not None:
        _non_empty(instance, attribute, value)


def _check_date(instance: object, attribute: attrs.Attribute[_T], value: _T) -> None:
    if value is not None and (not isinstance(value, date) or type(value) is not date):
        raise RecordError(f"{attribute.name} must be a date, not {value!r}", field=attribute.name)


@attrs.frozen(kw_only=True)
class Source:
    """Where a record comes from: a report, the official statistics or a cited document.

    ``sha256`` is the hash of the file read (reports and official files); ``published``
    the source's own publication date, when known; ``listed`` the date Ofsted's reports
    site lists a report on, which for a few reports differs from the date they print.
    """

    kind: SourceKind
    url: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    sha256: str | None = attrs.field(default=None, validator=_optional_sha256)
    published: date | None = None
    listed: date | None = attrs.field(default=None, validator=_check_date)
    publisher: str | None = attrs.field(default=None, validator=_optional_non_empty)
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)

    def __attrs_post_init__(self) -> None:
        if self.kind is SourceKind.REPORT and self.sha256 is None:
            raise RecordError("a report source needs the sha256 of the report file", field="sha256")

    def __repr__(self) -> str:
        return f"<Source {self.kind.value} {self.url}>"


@attrs.frozen(order=False)
class Judgement:
    """One judgement of an inspection: an area key and its grade."""

    area: str
    grade: Grade

    def __repr__(self) -> str:
        return f"<Judgement {self.area}: {self.grade}>"


class Judged:
    """``grades`` and ``grade(area)`` for a record that holds ``judgements``."""

    __slots__ = ()
    judgements: tuple[Judgement, ...]

    @property
    def grades(self) -> dict[str, Grade]:
        """The judgements as a new ``{area: grade}`` dict, in order."""
        return {judgement.area: judgement.grade for judgement in self.judgements}

    def grade(self, area: str = "overall_effectiveness") -> Grade | None:
        """The grade for ``area``, or ``None`` when there is none for it."""
        for judgement in self.judgements:
            if judgement.area == area:
                return judgement.grade
        return None


def _to_judgements(value: Mapping[str, Grade] | Iterable[Judgement]) -> tuple[Judgement, ...]:
    if isinstance(value, Mapping):
        return tuple(Judgement(area, grade) for area, grade in value.items())
    return tuple(value)


@attrs.frozen(kw_only=True)
class Inspection(Judged):
    """One inspection (or ungraded visit) of a local authority's children's services.

    ``authority_key`` is the inspected authority's :attr:`LocalAuthority.key` (its Ofsted URN
    as text, where the URN is known; a whole number is taken as a URN). ``judgements`` holds one
    :class:`Judgement` per area graded, in the framework's order; an area not graded, or
    whose grade no source gives, is simply absent. Dates that no source gives are ``None``.

    ``kind_basis`` says how the kind is known; it is ``None`` exactly when ``kind`` is.
    Left out where a kind is given, it is the kind of the record's source (a report's
    record: ``report``; the official statistics': ``official``; a cited document's:
    ``cited``).

    ``date_precision`` says how precisely the sources give the days on site: to the ``day``
    (the default), or to the ``month`` only, when ``start`` and ``end`` are each the first
    day of their month. A publication date, when one is given, is always to the day. An
    inspection that no source dates by publication is known from the first day after its
    last month on site (see :attr:`known_from`).
    """

    authority_key: str = attrs.field(converter=_to_key, validator=_check_key)
    framework: FrameworkId
    kind: InspectionKind | None
    kind_basis: KindBasis | None = None
    start: date | None = attrs.field(validator=_check_date)
    end: date | None = attrs.field(validator=_check_date)
    published: date | None = attrs.field(validator=_check_date)
    judgements: tuple[Judgement, ...] = attrs.field(converter=_to_judgements, factory=tuple)
    lead_inspector: str | None = attrs.field(default=None, validator=_optional_non_empty)
    source: Source
    date_precision: DatePrecision = DatePrecision.DAY

    def __attrs_post_init__(self) -> None:
        framework = FRAMEWORKS[self.framework]
        if self.kind is not None and self.kind_basis is None:
            object.__setattr__(self, "kind_basis", _BASIS_OF_SOURCE[self.source.kind])
        precision_problem = self._precision_problem()
        if precision_problem is not None:
            raise RecordError(
                f"inspection of {self.authority_key} ({framework.id.value}): {precision_problem}",
                field="date_precision",
            )
        if self.published is None and self.source.published is None and self._month_end is None:
            raise RecordError(
                f"inspection of {self.authority_key} ({framework.id.value}): neither it nor its "
                "source has a publication date"
            )
        problem = self._problem(framework)
        if problem is not None:
            error, message = problem
            where = f"{self.authority_key} ({framework.id.value}, {self.known_from})"
            raise error(f"inspection of {where}: {message}")
        order = _AREA_ORDER[self.framework]
        positions = [order[j.area] for j in self.judgements]
        if positions != sorted(positions):
            ordered = tuple(sorted(self.judgements, key=lambda j: order[j.area]))
            object.__setattr__(self, "judgements", ordered)

    def _precision_problem(self) -> str | None:
        precision = self.date_precision
        if precision.__class__ is not DatePrecision:
            return f"date_precision {precision!r} is not a DatePrecision"
        if precision is DatePrecision.MONTH:
            if self.start is None and self.end is None:
                return "a month-precise inspection needs a start or an end month"
            for day in (self.start, self.end):
                if day is not None and day.day != 1:
                    return f"a month-precise date is the first of its month, not {day}"
        return None

    @property
    def _month_end(self) -> date | None:
        """For month-precise dates: the first day after the last month on site."""
        last = self.end or self.start
        if self.date_precision is not DatePrecision.MONTH or last is None:
            return None
        return _month_after(last)

    def _problem(self, framework: Framework) -> tuple[type[Exception], str] | None:
        start, end, published = self.start, self.end, self.published
        if start is not None and end is not None and start > end:
            return RecordError, f"start {start} is after end {end}"
        last = end or start
        if last is not None and published is not None and last > published:
            return RecordError, f"published {published} before inspection ended"
        if start is not None and not framework.covers(start):
            return RecordError, f"start {start} is outside {framework.name}"
        kind_problem = self._basis_problem() or self._kind_problem(framework)
        if kind_problem is not None:
            return RecordError, kind_problem
        order = _AREA_ORDER[self.framework]
        seen: set[str] = set()
        for judgement in self.judgements:
            if judgement.grade.__class__ is not Grade:
                return RecordError, f"{judgement.grade!r} is not a Grade"
            if judgement.area not in order:
                return UnknownAreaError, f"{framework.name} has no area {judgement.area!r}"
            if judgement.area in seen:
                return RecordError, f"two judgements of {judgement.area!r}"
            seen.add(judgement.area)
        return None

    def _kind_problem(self, framework: Framework) -> str | None:
        kind = self.kind
        if kind is None:
            return None
        if kind not in framework.kinds:
            return f"{framework.name} has no {kind.value} inspections"
        if not kind.graded and self.judgements:
            return f"a {kind.value} gives no grades"
        if kind is InspectionKind.LSCB_REVIEW and any(j.area != "lscb" for j in self.judgements):
            return "an LSCB review grades only the board"
        return None

    def _basis_problem(self) -> str | None:
        kind, basis = self.kind, self.kind_basis
        if basis is not None and basis.__class__ is not KindBasis:
            return f"kind_basis {basis!r} is not a KindBasis"
        if kind is None and basis is not None:
            return f"kind_basis {basis.value} given, but no kind"
        if basis is KindBasis.INFERRED and kind not in _DAYS_ON_SITE.values():
            return f"only short and standard are inferred, not {kind}"
        return None

    @property
    def framework_info(self) -> Framework:
        """The :class:`~ofsted_ratings.frameworks.Framework` the inspection fell under."""
        return FRAMEWORKS[self.framework]

    @property
    def known_from(self) -> date:
        """The date the result was public: the publication date, else the source's date.

        Queries order and filter by this date. It is never earlier than the day the result
        was first public, so ``as_of`` never shows a result before its time, with one
        exception: an inspection whose days on site are known only to the month and that no
        source dates by publication is known from the first day after its last month on
        site. That is the earliest its result can have been public, so an ``as_of`` date
        inside the month never counts it, and the month after always does.
        """
        if self.published is not None:
            return self.published
        if self.source.published is not None:
            return self.source.published
        assert self._month_end is not None  # checked on construction
        return self._month_end

    @property
    def id(self) -> str:
        """A key unique within the dataset: ``"<authority_key>-<known_from>"``.

        >>> from ofsted_ratings import load
        >>> load().history("Leeds")[-1].id
        '80481-2025-08-12'
        """
        return f"{self.authority_key}-{self.known_from.isoformat()}"

    @property
    def urn(self) -> int | None:
        """The inspected authority's Ofsted URN, or ``None`` where no source gives one.

        >>> from ofsted_ratings import load
        >>> load().history("Leeds")[-1].urn
        80481
        """
        return urn_of_key(self.authority_key)

    @property
    def graded(self) -> bool:
        """Whether the inspection gave any grade (ungraded visits never do)."""
        return bool(self.judgements)

    @property
    def judges_services(self) -> bool:
        """Whether this is a graded inspection of the authority's children's services.

        False for ungraded visits and for reviews of the safeguarding children board
        published on their own; queries (streaks, latest) count only these.
        """
        return self.graded and (self.kind is None or self.kind.judges_services)

    @property
    def headline(self) -> Grade | None:
        """The grade of the framework's headline area (``None`` if there is none)."""
        key = self.framework_info.headline
        return None if key is None else self.grade(key)

    def __repr__(self) -> str:
        """A short description: id, framework, kind and the headline grade.

        The full record is in the attributes (and ``attrs.asdict``); equality compares
        every field, as for any attrs class.

        >>> from ofsted_ratings import load
        >>> load().history("Leeds")[-1]
        <Inspection 80481-2025-08-12 ilacs_2023 short: outstanding>
        """
        kind = "" if self.kind is None else f" {self.kind.value}"
        if self.headline is not None:
            outcome = self.headline.value
        elif self.graded:
            count = len(self.judgements)
            outcome = f"{count} judgement{'s' if count > 1 else ''}, no headline grade"
        else:
            outcome = "ungraded"
        return f"<Inspection {self.id} {self.framework.value}{kind}: {outcome}>"


def inspected_text(inspection: Inspection) -> tuple[str, ...]:
    """The days on site as text, only as precisely as the sources give them.

    Empty when no start is known; a month-precise inspection is named by its month(s).

    >>> from ofsted_ratings import load
    >>> cumbria = load().history("Cumbria")
    >>> [inspected_text(i) for i in cumbria if i.framework.value == "sif"]
    [('inspected 2015-03-03 to 2015-03-25',), ('inspected in November 2017 (month only)',)]
    """
    start, end, precision = inspection.start, inspection.end, inspection.date_precision
    if start is None:
        return ()
    if precision is DatePrecision.MONTH:
        months = approximate_date(start, precision)
        if end is not None and end != start:
            months = f"{months} to {approximate_date(end, precision)}"
        return (f"inspected in {months} (month only)",)
    if end is None:
        return ()
    return (f"inspected {start} to {end}",)


def known_from_text(inspection: Inspection) -> str:
    """:attr:`Inspection.known_from` as text, marked approximate where no source dates it.

    >>> from ofsted_ratings import load
    >>> [known_from_text(i) for i in load().history("Poole")][:1]
    ['after September 2017']
    """
    if inspection.published is not None or inspection.source.published is not None:
        return inspection.known_from.isoformat()
    last = inspection.end or inspection.start
    assert last is not None  # a month-precise inspection has a month
    return f"after {approximate_date(last, DatePrecision.MONTH)}"


def _codes(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(value)


def _keys(value: Iterable[int | str]) -> tuple[str, ...]:
    return tuple(_to_key(item) for item in value)


def _check_keys(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for key in value:
        if not _KEY.fullmatch(key):
            raise RecordError(
                f"{attribute.name}: not a list of authority keys: {key!r}", field=attribute.name
            )


@attrs.frozen(kw_only=True)
class LocalAuthority:
    """A children's services authority of England, with its identifiers.

    ``urn`` is Ofsted's unique reference number (``None`` where no source gives it),
    ``la_code`` the DfE's three-digit code, ``ons_code`` the current ONS (GSS) code and
    ``former_ons_codes`` the ones it had before. ``region`` is its Ofsted region and
    ``ons_region`` its ONS region. ``predecessors`` and ``successors`` are the :attr:`key` of
    each authority it replaced or that replaced it.
    """

    urn: int | None
    name: str = attrs.field(validator=_non_empty)
    la_code: str | None = None
    ons_code: str | None = None
    former_ons_codes: tuple[str, ...] = attrs.field(converter=_codes, factory=tuple)
    region: Region | None = None
    ons_region: OnsRegion | None = None
    type: AuthorityType | None = None
    aliases: tuple[str, ...] = attrs.field(converter=_codes, factory=tuple)
    created: date | None = None
    abolished: date | None = None
    predecessors: tuple[str, ...] = attrs.field(
        converter=_keys, validator=_check_keys, factory=tuple
    )
    successors: tuple[str, ...] = attrs.field(converter=_keys, validator=_check_keys, factory=tuple)
    statistical_neighbours: tuple[str, ...] = attrs.field(converter=_codes, factory=tuple)

    def __attrs_post_init__(self) -> None:
        if self.urn is None:
            if self.la_code is None:
                raise RecordError(
                    f"{self.name}: an authority needs a URN or a DfE LA code", field="urn"
                )
        elif type(self.urn) is not int or self.urn <= 0:
            raise RecordError(
                f"{self.name}: URN must be a positive whole number, not {self.urn!r}", field="urn"
            )
        if self.la_code is not None and not _LA_CODE.fullmatch(self.la_code):
            raise RecordError(
                f"{self.name}: DfE LA code must be three digits: {self.la_code!r}", field="la_code"
            )
        for code in (self.ons_code, *self.former_ons_codes):
            if code is not None and not _ONS_CODE.fullmatch(code):
                raise RecordError(
                    f"{self.name}: not an English LA's ONS code: {code!r}",
                    field="ons_code" if code == self.ons_code else "former_ons_codes",
                )
        for code in self.statistical_neighbours:
            if not _LA_CODE.fullmatch(code):
                raise RecordError(
                    f"{self.name}: statistical neighbour {code!r} is not an LA code",
                    field="statistical_neighbours",
                )
        if self.created and self.abolished and self.created >= self.abolished:
            raise RecordError(
                f"{self.name}: abolished {self.abolished} before created", field="abolished"
            )
        if self.key in self.predecessors or self.key in self.successors:
            raise RecordError(f"{self.name}: cannot succeed or precede itself")

    @property
    def key(self) -> str:
        """The authority's key in the data: its URN as text, or ``la-<DfE LA code>``.

        Inspections name their authority by this key. An authority that no source gives a
        URN for (Dorset County Council) is keyed by its DfE LA code instead; a URN is never
        made up.

        >>> LocalAuthority(urn=80481, name="Leeds", la_code="383").key
        '80481'
        >>> LocalAuthority(urn=None, name="Dorset County Council", la_code="835").key
        'la-835'
        """
        if self.urn is not None:
            return str(self.urn)
        return f"{LA_KEY_PREFIX}{self.la_code}"

    @property
    def current(self) -> bool:
        """Whether the authority still exists."""
        return self.abolished is None

    def existed_on(self, day: date) -> bool:
        """Whether the authority existed on ``day``: created on or before it (an authority
        with no ``created`` date existed before any date the data covers) and abolished,
        if at all, after it.

        >>> bcp = LocalAuthority(urn=2532287, name="BCP", created=date(2019, 4, 1))
        >>> bcp.existed_on(date(2019, 3, 31)), bcp.existed_on(date(2019, 4, 1))
        (False, True)
        """
        if self.created is not None and self.created > day:
            return False
        return self.abolished is None or self.abolished > day

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        """A short description: key, name and, if abolished, when.

        >>> LocalAuthority(urn=80481, name="Leeds", la_code="383")
        <LocalAuthority 80481 Leeds>
        """
        abolished = "" if self.abolished is None else f", abolished {self.abolished}"
        return f"<LocalAuthority {self.key} {self.name}{abolished}>"


# --- visits -----------------------------------------------------------------------------------

#: The first day a focused visit can start: focused visits came with ILACS.
_FOCUSED_VISITS_BEGIN = FRAMEWORKS[FrameworkId.ILACS_2018].start


class VisitKind(enum.Enum):
    """The kind of an ungraded visit, named as Ofsted's letters name it.

    Every kind's letter is headed "Focused visit to ..." or "Monitoring visit to ...".
    """

    #: A focused visit: one theme of practice, between graded inspections (from 2018).
    FOCUSED = "focused visit"
    #: A focused visit made under the COVID-19 arrangements (autumn 2020 to early 2022): the
    #: letter says the visit's "delivery model" (or "methodology") "was adapted to reflect the
    #: COVID-19 context". Those of autumn 2020 looked at the whole service, not one theme.
    FOCUSED_COVID = "focused visit (adapted to COVID-19)"
    #: A monitoring visit to an authority judged inadequate, until its next inspection.
    MONITORING = "monitoring visit"

    @property
    def focused(self) -> bool:
        """Whether this is a kind of focused visit.

        >>> VisitKind.FOCUSED_COVID.focused, VisitKind.MONITORING.focused
        (True, False)
        """
        return self is not VisitKind.MONITORING

    def __str__(self) -> str:
        return self.value


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        raise RecordError(f"expected a list of texts, not the text {value!r}")
    return tuple(value)


def _trimmed_text(item: object) -> bool:
    return isinstance(item, str) and bool(item.strip()) and item == item.strip()


def _check_texts(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for item in value:
        if not _trimmed_text(item):
            raise RecordError(
                f"{attribute.name}: every item must be a non-empty trimmed string, not {item!r}",
                field=attribute.name,
            )


@attrs.frozen(kw_only=True)
class Visit:
    """One ungraded visit to a local authority's children's services: a focused visit or a
    monitoring visit, and the letter that reports it.

    ``authority_key`` names the authority as ``Inspection.authority_key`` does.
    ``start`` and ``end`` are the first and last days on site (``None`` where no source gives
    them), ``letter_date`` the date the letter is dated (where the letter prints none, the
    date its listing gives, and the source's note says so; ``None`` where no letter is at
    hand). ``inspectors`` are named as the letter names them, in its order, except that the
    lead inspector, where the letter says who led (``lead_inspector``), comes first; a name
    holds no ``;``. ``theme`` is what the visit looked at (the letter's words; Ofsted's theme
    where only its official statistics list the visit), ``priority_actions`` the letter's
    areas for priority action and ``improvements`` what it says needs to improve, each in
    the letter's own words (empty when it gives none).

    ``source.listed`` is the date a list of Ofsted's publications gives for the letter: the
    date Ofsted's reports site listed it on (for a letter), or the publication date the
    official statistics give (for a visit known only from them).

    A visit is never graded: it has no judgements, and queries of grades pass over it.

    >>> source = Source(kind=SourceKind.REPORT, url="https://example.org/leeds-2021.pdf",
    ...                 title="Focused visit to Leeds children's services", sha256="0" * 64)
    >>> visit = Visit(authority_key=80481, kind=VisitKind.FOCUSED_COVID,
    ...               start=date(2021, 7, 20), end=date(2021, 7, 21),
    ...               letter_date=date(2021, 8, 31),
    ...               inspectors=("Victoria Horsefield", "Matt Reed"),
    ...               theme="the local authority's arrangements for the front door",
    ...               source=source)
    >>> visit.id, visit.known_from.isoformat(), visit.graded
    ('80481-visit-2021-07-20', '2021-08-31', False)
    >>> str(visit.kind)
    'focused visit (adapted to COVID-19)'
    """

    authority_key: str = attrs.field(converter=_to_key, validator=_check_key)
    kind: VisitKind
    start: date | None = attrs.field(validator=_check_date)
    end: date | None = attrs.field(validator=_check_date)
    letter_date: date | None = attrs.field(validator=_check_date)
    inspectors: tuple[str, ...] = attrs.field(
        converter=_texts, validator=_check_texts, factory=tuple
    )
    lead_inspector: str | None = attrs.field(default=None, validator=_optional_non_empty)
    theme: str | None = attrs.field(default=None, validator=_optional_non_empty)
    priority_actions: tuple[str, ...] = attrs.field(
        converter=_texts, validator=_check_texts, factory=tuple
    )
    improvements: tuple[str, ...] = attrs.field(
        converter=_texts, validator=_check_texts, factory=tuple
    )
    source: Source

    def __attrs_post_init__(self) -> None:
        problem = self._problem()
        if problem is not None:
            field, message = problem
            raise RecordError(f"visit to {self.authority_key}: {message}", field=field)

    def _problem(self) -> tuple[str, str] | None:
        if self.kind.__class__ is not VisitKind:
            return "kind", f"kind {self.kind!r} is not a VisitKind"
        if self.source.__class__ is not Source:
            return "source", f"source {self.source!r} is not a Source"
        start, end, dated = self.start, self.end, self.letter_date
        if start is not None and end is not None and start > end:
            return "end", f"start {start} is after end {end}"
        last = end or start
        if last is not None and dated is not None and last > dated:
            return "letter_date", f"the letter is dated {dated}, before the visit ended ({last})"
        if self.kind.focused and start is not None and start < _FOCUSED_VISITS_BEGIN:
            return "start", f"a focused visit starting {start}, before ILACS began"
        if dated is None and self.source.listed is None and self.source.published is None:
            return "letter_date", "neither the visit nor its source has a date"
        lead = self.lead_inspector
        if lead is not None and (not self.inspectors or self.inspectors[0] != lead):
            return "lead_inspector", f"the lead inspector {lead!r} is not named first"
        if len(set(self.inspectors)) != len(self.inspectors):
            return "inspectors", f"an inspector is named twice: {self.inspectors!r}"
        if any(";" in name for name in self.inspectors):
            return "inspectors", f"an inspector's name holds ';': {self.inspectors!r}"
        return None

    @property
    def known_from(self) -> date:
        """The date the visit's findings were public: the letter's date, else the date its
        listing gives (``source.listed``), else the source's own publication date.

        Never earlier than the day the findings were first public, so ``as_of`` never shows
        a visit before its time. A visit that only an official file without publication
        dates lists (the 2024 file) is known from that file's publication.
        """
        if self.letter_date is not None:
            return self.letter_date
        if self.source.listed is not None:
            return self.source.listed
        assert self.source.published is not None  # checked on construction
        return self.source.published

    @property
    def id(self) -> str:
        """A key unique within the dataset: ``"<authority_key>-visit-<start>"``, the first
        day on site (or, where no source gives it, :attr:`known_from`).

        Every source of a visit gives its first day (the letters and Ofsted's official
        files alike), not always its publication date, so the first day names it.
        """
        return f"{self.authority_key}-visit-{(self.start or self.known_from).isoformat()}"

    @property
    def urn(self) -> int | None:
        """The visited authority's Ofsted URN, or ``None`` where no source gives one."""
        return urn_of_key(self.authority_key)

    @property
    def graded(self) -> bool:
        """Always ``False``: visits give no grades."""
        return False

    @property
    def judges_services(self) -> bool:
        """Always ``False``: streaks and latest grades never count a visit."""
        return False

    def __repr__(self) -> str:
        """A short description: id, kind and the letter's date (or the date known from).

        >>> from ofsted_ratings import load
        >>> load().visits_of(80481)[0]
        <Visit 80481-visit-2018-01-30 focused visit, letter 2018-02-22>
        """
        dated = (
            f"letter {self.letter_date}"
            if self.letter_date is not None
            else f"known from {self.known_from}"
        )
        return f"<Visit {self.id} {self.kind.value}, {dated}>"
