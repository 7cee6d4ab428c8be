"""The records: local authorities, inspections, their judgements and sources.

Every class is frozen (immutable, hashable, slotted) and checks its values when built, so a
record that exists is a record that makes sense: dates in order, only the areas its
framework judges, no grade on an ungraded visit, and a source for every value.

>>> from datetime import date
>>> source = Source(kind=SourceKind.REPORT, url="https://files.ofsted.gov.uk/v1/file/50284438",
...                 title="Children's services inspection",
...                 sha256="04d26c50343c7b080a75be74585682dd9eef9543ba0b01b42f6bf1519cb9d8b1")
>>> leeds_2025 = Inspection(
...     urn=80481, framework=FrameworkId.ILACS_2023, kind=None,
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
    "AuthorityType",
    "Inspection",
    "Judged",
    "Judgement",
    "LocalAuthority",
    "Region",
    "Source",
    "SourceKind",
]

_AREA_ORDER: dict[FrameworkId, dict[str, int]] = {
    key: {area: number for number, area in enumerate(framework.area_keys)}
    for key, framework in FRAMEWORKS.items()
}
_T = TypeVar("_T")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LA_CODE = re.compile(r"[0-9]{3}")
_ONS_CODE = re.compile(r"E(?:06|08|09|10|11)[0-9]{6}")


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

    #: An Ofsted inspection report (PDF), read by the report reader.
    REPORT = "report"
    #: Ofsted's official statistics (the "inspection outcomes as at 31 March" files).
    OFFICIAL_STATISTICS = "official statistics"
    #: Another published document that states the values (a news report, a council paper).
    DOCUMENT = "document"

    def __str__(self) -> str:
        return self.value


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


@attrs.frozen(kw_only=True)
class Source:
    """Where a record comes from: a report, the official statistics or a cited document.

    ``sha256`` is the hash of the file read (reports and official files); ``published``
    the source's own publication date, when known.
    """

    kind: SourceKind
    url: str = attrs.field(validator=_non_empty)
    title: str = attrs.field(validator=_non_empty)
    sha256: str | None = attrs.field(default=None, validator=_optional_sha256)
    published: date | None = None
    publisher: str | None = attrs.field(default=None, validator=_optional_non_empty)
    note: str | None = attrs.field(default=None, validator=_optional_non_empty)

    def __attrs_post_init__(self) -> None:
        if self.kind is SourceKind.REPORT and self.sha256 is None:
            raise RecordError("a report source needs the sha256 of the report file", field="sha256")


@attrs.frozen(order=False)
class Judgement:
    """One judgement of an inspection: an area key and its grade."""

    area: str
    grade: Grade


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


def _check_date(instance: object, attribute: attrs.Attribute[_T], value: _T) -> None:
    if value is not None and (not isinstance(value, date) or type(value) is not date):
        raise RecordError(f"{attribute.name} must be a date, not {value!r}", field=attribute.name)


@attrs.frozen(kw_only=True)
class Inspection(Judged):
    """One inspection (or ungraded visit) of a local authority's children's services.

    ``urn`` is the inspected authority's Ofsted URN. ``judgements`` holds one
    :class:`Judgement` per area graded, in the framework's order; an area not graded, or
    whose grade no source gives, is simply absent. Dates that no source gives are ``None``.
    """

    urn: int
    framework: FrameworkId
    kind: InspectionKind | None
    start: date | None = attrs.field(validator=_check_date)
    end: date | None = attrs.field(validator=_check_date)
    published: date | None = attrs.field(validator=_check_date)
    judgements: tuple[Judgement, ...] = attrs.field(converter=_to_judgements, factory=tuple)
    lead_inspector: str | None = attrs.field(default=None, validator=_optional_non_empty)
    source: Source

    def __attrs_post_init__(self) -> None:
        framework = FRAMEWORKS[self.framework]
        if self.published is None and self.source.published is None:
            raise RecordError(
                f"inspection of {self.urn} ({framework.id.value}): neither it nor its source "
                "has a publication date"
            )
        problem = self._problem(framework)
        if problem is not None:
            error, message = problem
            raise error(
                f"inspection of {self.urn} ({framework.id.value}, {self.known_from}): {message}"
            )
        order = _AREA_ORDER[self.framework]
        positions = [order[j.area] for j in self.judgements]
        if positions != sorted(positions):
            ordered = tuple(sorted(self.judgements, key=lambda j: order[j.area]))
            object.__setattr__(self, "judgements", ordered)

    def _problem(self, framework: Framework) -> tuple[type[Exception], str] | None:
        start, end, published, kind = self.start, self.end, self.published, self.kind
        if start is not None and end is not None and start > end:
            return RecordError, f"start {start} is after end {end}"
        last = end or start
        if last is not None and published is not None and last > published:
            return RecordError, f"published {published} before inspection ended"
        if start is not None and not framework.covers(start):
            return RecordError, f"start {start} is outside {framework.name}"
        if kind is not None:
            if kind not in framework.kinds:
                return RecordError, f"{framework.name} has no {kind.value} inspections"
            if not kind.graded and self.judgements:
                return RecordError, f"a {kind.value} gives no grades"
            if kind is InspectionKind.LSCB_REVIEW and any(
                j.area != "lscb" for j in self.judgements
            ):
                return RecordError, "an LSCB review grades only the board"
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

    @property
    def framework_info(self) -> Framework:
        """The :class:`~ofsted_ratings.frameworks.Framework` the inspection fell under."""
        return FRAMEWORKS[self.framework]

    @property
    def known_from(self) -> date:
        """The date the result was public: the publication date, else the source's date.

        Queries order and filter by this date. It is never earlier than the day the result
        was first public, so ``as_of`` never shows a result before its time.
        """
        if self.published is not None:
            return self.published
        assert self.source.published is not None  # checked on construction
        return self.source.published

    @property
    def id(self) -> str:
        """A key unique within the dataset: ``"<urn>-<known_from>"``.

        >>> from ofsted_ratings import load
        >>> load().history("Leeds")[-1].id
        '80481-2025-08-12'
        """
        return f"{self.urn}-{self.known_from.isoformat()}"

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


def _codes(value: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(value)


def _urns(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class LocalAuthority:
    """A children's services authority of England, with its identifiers.

    ``urn`` is Ofsted's unique reference number, ``la_code`` the DfE's three-digit code,
    ``ons_code`` the current ONS (GSS) code and ``former_ons_codes`` the ones it had before.
    ``predecessors`` and ``successors`` are URNs of authorities it replaced or that replaced it.
    """

    urn: int
    name: str = attrs.field(validator=_non_empty)
    la_code: str | None = None
    ons_code: str | None = None
    former_ons_codes: tuple[str, ...] = attrs.field(converter=_codes, factory=tuple)
    region: Region | None = None
    type: AuthorityType | None = None
    aliases: tuple[str, ...] = attrs.field(converter=_codes, factory=tuple)
    created: date | None = None
    abolished: date | None = None
    predecessors: tuple[int, ...] = attrs.field(converter=_urns, factory=tuple)
    successors: tuple[int, ...] = attrs.field(converter=_urns, factory=tuple)
    statistical_neighbours: tuple[str, ...] = attrs.field(converter=_codes, factory=tuple)

    def __attrs_post_init__(self) -> None:
        if type(self.urn) is not int or self.urn <= 0:
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
        if self.urn in self.predecessors or self.urn in self.successors:
            raise RecordError(f"{self.name}: cannot succeed or precede itself")

    @property
    def current(self) -> bool:
        """Whether the authority still exists."""
        return self.abolished is None

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias."""
        return (self.name, *self.aliases)

    def __str__(self) -> str:
        return self.name
