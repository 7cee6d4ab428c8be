"""Ofsted's inspection frameworks for local authority children's services, as data.

Each :class:`Framework` lists its judgement areas with the wording its reports print and a
stable snake_case key. Where two frameworks judge the same thing the key is shared, so a
question such as "overall effectiveness over time" reads across frameworks:

=====================================  ====================================================
key                                    judged by
=====================================  ====================================================
``overall_effectiveness``              every framework before April 2026 (the headline)
``impact_of_leaders``                  ILACS
``help_and_protection``                SIF, ILACS
``children_in_care_and_care_leavers``  ILACS 2018-22
``children_in_care``                   ILACS from January 2023
``care_leavers``                       SIF (sub-judgement), ILACS from January 2023
``looked_after_and_permanence``        SIF
``adoption_performance``               SIF (sub-judgement)
``leadership_management_governance``   SIF
``lscb``                               SIF (review of the LSCB)
=====================================  ====================================================

>>> framework_for(date(2025, 6, 30)).name
'ILACS with the care leavers judgement'
>>> FRAMEWORKS[FrameworkId.ILACS_2026].headline is None
True
>>> FRAMEWORKS[FrameworkId.ILACS_2018].area_keys[1:3]
('impact_of_leaders', 'help_and_protection')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from datetime import date
from types import MappingProxyType

import attrs

from .errors import UnknownAreaError, UnknownFrameworkError
from .grades import Grade

__all__ = [
    "AREA_KEYS",
    "FRAMEWORKS",
    "Area",
    "Framework",
    "FrameworkId",
    "InspectionKind",
    "framework_for",
    "get_framework",
    "iter_frameworks",
]


class FrameworkId(enum.Enum):
    """The stable key of each framework, as the data files write it."""

    SLAC_2009 = "slac_2009"
    LAC_2013 = "lac_2013"
    SIF = "sif"
    ILACS_2018 = "ilacs_2018"
    ILACS_2023 = "ilacs_2023"
    ILACS_2026 = "ilacs_2026"

    def __str__(self) -> str:
        return self.value


class InspectionKind(enum.Enum):
    """The kind of an inspection or visit.

    Only some kinds are graded; focused and monitoring visits never are (:attr:`graded`).
    A review of a Local Safeguarding Children Board published on its own (under the SIF) is
    graded but judges the board, not the authority's services (:attr:`judges_services`).
    """

    INSPECTION = "inspection"
    RE_INSPECTION = "re-inspection"
    SHORT = "short"
    STANDARD = "standard"
    FOCUSED_VISIT = "focused visit"
    MONITORING_VISIT = "monitoring visit"
    LSCB_REVIEW = "LSCB review"

    @property
    def graded(self) -> bool:
        """Whether this kind of inspection gives grades.

        >>> InspectionKind.SHORT.graded, InspectionKind.FOCUSED_VISIT.graded
        (True, False)
        """
        return self not in (InspectionKind.FOCUSED_VISIT, InspectionKind.MONITORING_VISIT)

    @property
    def judges_services(self) -> bool:
        """Whether this kind judges the authority's children's services.

        Streaks and latest grades count only these.

        >>> InspectionKind.STANDARD.judges_services, InspectionKind.LSCB_REVIEW.judges_services
        (True, False)
        """
        return self.graded and self is not InspectionKind.LSCB_REVIEW

    def __str__(self) -> str:
        return self.value


_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def _check_key(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _KEY.fullmatch(value):
        raise ValueError(f"{attribute.name} must be snake_case, not {value!r}")


@attrs.frozen
class Area:
    """A judgement area of a framework.

    ``label`` is the wording the framework's reports print; ``aliases`` are other wordings
    found in its reports and in Ofsted's official files.
    """

    key: str = attrs.field(validator=_check_key)
    label: str
    aliases: tuple[str, ...] = ()
    sub_judgement_of: str | None = None


@attrs.frozen
class Framework:
    """An inspection framework: its name, dates, judgement areas and kinds of inspection.

    ``start`` and ``end`` bound the start dates of the framework's inspections (``end`` is
    ``None`` while it is in force); ``headline`` is the key of the headline area, or ``None``
    for a framework with no headline judgement (ILACS from April 2026).
    """

    id: FrameworkId
    name: str
    title: str
    start: date
    end: date | None
    areas: tuple[Area, ...]
    headline: str | None
    kinds: tuple[InspectionKind, ...]
    grade_labels: Mapping[Grade, str] = attrs.field(eq=False, repr=False)
    uses_adequate: bool = False
    notes: str = ""

    def __attrs_post_init__(self) -> None:
        keys = [area.key for area in self.areas]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.id}: duplicate area keys")
        if self.headline is not None and self.headline not in keys:
            raise ValueError(f"{self.id}: headline {self.headline!r} is not an area")
        if set(self.grade_labels) != set(Grade):
            raise ValueError(f"{self.id}: a label for every grade is needed")

    @property
    def area_keys(self) -> tuple[str, ...]:
        """The keys of the framework's areas, in report order."""
        return tuple(area.key for area in self.areas)

    def area(self, key: str) -> Area:
        """The area with ``key``; :class:`~ofsted_ratings.errors.UnknownAreaError` if none.

        >>> FRAMEWORKS[FrameworkId.SIF].area("lscb").label
        'The effectiveness of the Local Safeguarding Children Board'
        """
        for area in self.areas:
            if area.key == key:
                return area
        raise UnknownAreaError(f"{self.name} has no judgement area {key!r}")

    def has_area(self, key: str) -> bool:
        """Whether the framework judges ``key``."""
        return key in self.area_keys

    def covers(self, day: date) -> bool:
        """Whether an inspection starting on ``day`` can fall under this framework."""
        return self.start <= day and (self.end is None or day <= self.end)

    def __str__(self) -> str:
        return self.name


_ILACS_LABELS = MappingProxyType(
    {
        Grade.OUTSTANDING: "Outstanding",
        Grade.GOOD: "Good",
        Grade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
        Grade.INADEQUATE: "Inadequate",
    }
)
_SIF_LABELS = MappingProxyType(
    {**_ILACS_LABELS, Grade.REQUIRES_IMPROVEMENT: "Requires improvement"}
)
_ADEQUATE_LABELS = MappingProxyType({**_ILACS_LABELS, Grade.REQUIRES_IMPROVEMENT: "Adequate"})

_ILACS_KINDS = (
    InspectionKind.SHORT,
    InspectionKind.STANDARD,
    InspectionKind.FOCUSED_VISIT,
    InspectionKind.MONITORING_VISIT,
)

_OVERALL = Area("overall_effectiveness", "Overall effectiveness")
_LEADERS = Area(
    "impact_of_leaders",
    "The impact of leaders on social work practice with children and families",
    aliases=("Impact of leaders",),
)
_HELP = Area(
    "help_and_protection",
    "The experiences and progress of children who need help and protection",
    aliases=("Experiences and progress of children who need help and protection",),
)
_IN_CARE = Area(
    "children_in_care",
    "The experiences and progress of children in care",
    aliases=("Experiences and progress of children in care",),
)
_CARE_LEAVERS = Area(
    "care_leavers",
    "The experiences and progress of care leavers",
    aliases=(
        "Experiences and progress of care leavers",
        "The experiences and progress of children care leavers",
    ),
)

_FRAMEWORKS: tuple[Framework, ...] = (
    Framework(
        id=FrameworkId.SLAC_2009,
        name="Safeguarding and looked after children (2009-12)",
        title="Inspection of safeguarding and looked after children services",
        start=date(2009, 4, 1),
        end=date(2013, 10, 31),
        areas=(
            Area("overall_effectiveness", "Overall effectiveness of safeguarding services"),
            Area("safeguarding_capacity", "Capacity for improvement of safeguarding services"),
            Area(
                "looked_after_overall_effectiveness",
                "Overall effectiveness of services for looked after children",
            ),
            Area(
                "looked_after_capacity",
                "Capacity for improvement of services for looked after children",
            ),
        ),
        headline="overall_effectiveness",
        kinds=(InspectionKind.INSPECTION,),
        grade_labels=_ADEQUATE_LABELS,
        uses_adequate=True,
        notes=(
            "Joint Ofsted and CQC inspections from 1 April 2009, with separate grades for "
            "safeguarding and for looked after children on a scale whose grade 3 was "
            "'adequate'. The safeguarding overall effectiveness grade is the headline."
        ),
    ),
    Framework(
        id=FrameworkId.LAC_2013,
        name="Looked after children services (2013)",
        title="Inspection of looked after children services",
        start=date(2013, 1, 1),
        end=date(2013, 12, 31),
        areas=(
            Area(
                "overall_effectiveness",
                "Overall effectiveness",
                aliases=("Overall effectiveness of services for looked after children",),
            ),
            Area("capacity_to_improve", "Capacity to improve"),
            Area("looked_after_outcomes", "Outcomes for looked after children and young people"),
            Area("quality_of_provision", "Quality of provision"),
            Area("leadership_and_management", "Leadership and management"),
        ),
        headline="overall_effectiveness",
        kinds=(InspectionKind.INSPECTION,),
        grade_labels=_ADEQUATE_LABELS,
        uses_adequate=True,
        notes=(
            "Inspections of looked after children services in 2013, before the SIF; "
            "grade 3 is still 'adequate'. The overall effectiveness judged is that of "
            "services for looked after children only."
        ),
    ),
    Framework(
        id=FrameworkId.SIF,
        name="Single inspection framework (SIF)",
        title=(
            "Inspection of services for children in need of help and protection, children "
            "looked after and care leavers"
        ),
        start=date(2013, 11, 1),
        end=date(2018, 6, 30),
        areas=(
            Area(
                "overall_effectiveness",
                "Overall effectiveness",
                aliases=("The overall judgement is that children's services are",),
            ),
            Area(
                "help_and_protection",
                "Children who need help and protection",
                aliases=("The experiences and progress of children who need help and protection",),
            ),
            Area(
                "looked_after_and_permanence",
                "Children looked after and achieving permanence",
                aliases=(
                    "The experiences and progress of children looked after and achieving "
                    "permanence",
                ),
            ),
            Area(
                "adoption_performance",
                "Adoption performance",
                sub_judgement_of="looked_after_and_permanence",
            ),
            Area(
                "care_leavers",
                "Experiences and progress of care leavers",
                aliases=("The experiences and progress of care leavers",),
                sub_judgement_of="looked_after_and_permanence",
            ),
            Area("leadership_management_governance", "Leadership, management and governance"),
            Area(
                "lscb",
                "The effectiveness of the Local Safeguarding Children Board",
                aliases=("Review of the effectiveness of the local safeguarding children board",),
            ),
        ),
        headline="overall_effectiveness",
        kinds=(
            InspectionKind.INSPECTION,
            InspectionKind.RE_INSPECTION,
            InspectionKind.LSCB_REVIEW,
        ),
        grade_labels=_SIF_LABELS,
        notes=(
            "The single inspection framework, from November 2013; re-inspections of "
            "authorities judged inadequate ran into 2018. An inadequate judgement for help "
            "and protection, children looked after, or leadership, management and governance "
            "limits overall effectiveness to inadequate."
        ),
    ),
    Framework(
        id=FrameworkId.ILACS_2018,
        name="ILACS (2018-22)",
        title="Inspection of local authority children's services",
        start=date(2018, 1, 1),
        end=date(2022, 12, 31),
        areas=(
            _OVERALL,
            _LEADERS,
            _HELP,
            Area(
                "children_in_care_and_care_leavers",
                "The experiences and progress of children in care and care leavers",
                aliases=("Experiences and progress of children in care and care leavers",),
            ),
        ),
        headline="overall_effectiveness",
        kinds=_ILACS_KINDS,
        grade_labels=_ILACS_LABELS,
        notes="Inspections of local authority children's services from January 2018.",
    ),
    Framework(
        id=FrameworkId.ILACS_2023,
        name="ILACS with the care leavers judgement",
        title="Inspection of local authority children's services",
        start=date(2023, 1, 1),
        end=date(2026, 3, 31),
        areas=(_OVERALL, _LEADERS, _HELP, _IN_CARE, _CARE_LEAVERS),
        headline="overall_effectiveness",
        kinds=_ILACS_KINDS,
        grade_labels=_ILACS_LABELS,
        notes=(
            "From 1 January 2023 care leavers have a judgement of their own; the judgement "
            "on children in care no longer covers them."
        ),
    ),
    Framework(
        id=FrameworkId.ILACS_2026,
        name="ILACS without overall effectiveness",
        title="Inspection of local authority children's services",
        start=date(2026, 4, 1),
        end=None,
        areas=(_LEADERS, _HELP, _IN_CARE, _CARE_LEAVERS),
        headline=None,
        kinds=_ILACS_KINDS,
        grade_labels=_ILACS_LABELS,
        notes="From April 2026 inspections no longer judge overall effectiveness.",
    ),
)

#: Every framework by its id, oldest first.
FRAMEWORKS: Mapping[FrameworkId, Framework] = MappingProxyType(
    {framework.id: framework for framework in _FRAMEWORKS}
)


def _all_area_keys() -> tuple[str, ...]:
    keys: dict[str, None] = {}
    preferred = (
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care_and_care_leavers",
        "children_in_care",
        "care_leavers",
        "looked_after_and_permanence",
        "adoption_performance",
        "leadership_management_governance",
        "lscb",
    )
    for key in preferred:
        keys[key] = None
    for framework in _FRAMEWORKS:
        for area in framework.areas:
            keys[area.key] = None
    return tuple(keys)


#: Every area key of every framework: the shared ones first, then the older frameworks' own.
AREA_KEYS: tuple[str, ...] = _all_area_keys()


def get_framework(key: str | FrameworkId) -> Framework:
    """The framework with ``key`` (its id or the id's value).

    >>> get_framework("sif").name
    'Single inspection framework (SIF)'
    """
    try:
        return FRAMEWORKS[FrameworkId(key)]
    except ValueError:
        known = ", ".join(item.value for item in FrameworkId)
        raise UnknownFrameworkError(f"unknown framework {key!r}; known: {known}") from None


def framework_for(start: date, *, graded_sif_reinspection: bool = False) -> Framework:
    """The graded framework an inspection starting on ``start`` fell under.

    Before November 2013 more than one framework ran at once, so this only answers from
    the SIF on; SIF re-inspections that started after ILACS began need
    ``graded_sif_reinspection=True``.

    >>> framework_for(date(2015, 1, 20)).id
    <FrameworkId.SIF: 'sif'>
    >>> framework_for(date(2026, 5, 11)).id
    <FrameworkId.ILACS_2026: 'ilacs_2026'>
    """
    if graded_sif_reinspection:
        sif = FRAMEWORKS[FrameworkId.SIF]
        if sif.covers(start):
            return sif
    for framework in reversed(_FRAMEWORKS[2:]):
        if framework.covers(start):
            return framework
    raise UnknownFrameworkError(f"no single framework covers an inspection starting {start}")


def iter_frameworks() -> Iterator[Framework]:
    """Every framework, oldest first."""
    return iter(_FRAMEWORKS)
