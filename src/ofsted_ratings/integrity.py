"""Integrity checks over a whole dataset.

The records check themselves one at a time (dates in order, areas valid for the framework);
these checks look across records: frameworks against dates, Ofsted's limiting rule,
inspections and visits against the lifetime of their authority, visits against the
inspections of their authority, and the distribution of latest grades against Ofsted's
published counts. :func:`check` returns the problems found; an empty list
means the dataset passes.

>>> from ofsted_ratings import load
>>> check(load())
[]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from .frameworks import FRAMEWORKS, FrameworkId, InspectionKind
from .grades import Grade
from .models import KindBasis, VisitKind, kind_from_days

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import Inspection, LocalAuthority, Visit

__all__ = [
    "PUBLISHED_COUNTS",
    "SIF_LIMITING_EXCEPTIONS",
    "Problem",
    "check",
    "inspection_problems",
    "latest_distribution",
    "record_problems",
    "visit_problems",
]


@attrs.frozen
class Problem:
    """One integrity problem: a short code, a message and the record concerned."""

    code: str
    message: str
    record: str | None = None

    def __str__(self) -> str:
        where = f" [{self.record}]" if self.record else ""
        return f"{self.code}: {self.message}{where}"


#: Ofsted's published counts of authorities by their latest overall effectiveness grade
#: ("Local authority inspection outcomes as at 31 March", 2024 and 2025 releases).
#: ``None`` counts authorities not yet inspected under ILACS.
PUBLISHED_COUNTS: Mapping[date, Mapping[Grade | None, int]] = MappingProxyType(
    {
        date(2024, 3, 31): MappingProxyType(
            {
                Grade.OUTSTANDING: 30,
                Grade.GOOD: 61,
                Grade.REQUIRES_IMPROVEMENT: 43,
                Grade.INADEQUATE: 17,
                None: 2,
            }
        ),
        date(2025, 3, 31): MappingProxyType(
            {
                Grade.OUTSTANDING: 36,
                Grade.GOOD: 67,
                Grade.REQUIRES_IMPROVEMENT: 31,
                Grade.INADEQUATE: 19,
                None: 0,
            }
        ),
    }
)

#: SIF inspections whose overall grade is not inadequate although a key judgement is
#: (the limiting rule says it should be). Listed by inspection id once reviewed against the
#: report; empty while no exception has been found.
SIF_LIMITING_EXCEPTIONS: frozenset[str] = frozenset()

_SIF_KEY_AREAS = (
    "help_and_protection",
    "looked_after_and_permanence",
    "leadership_management_governance",
)
_APRIL_2026 = date(2026, 4, 1)
_JANUARY_2023 = date(2023, 1, 1)
_ILACS = (FrameworkId.ILACS_2018, FrameworkId.ILACS_2023, FrameworkId.ILACS_2026)


def latest_distribution(
    dataset: Dataset, day: date, *, ilacs_only: bool = True
) -> Counter[Grade | None]:
    """How many authorities existing on ``day`` had each latest overall grade.

    Counted as Ofsted's "inspection outcomes as at 31 March" count them: each authority's
    latest inspection with an overall effectiveness grade that had **started** by ``day``
    (under ILACS only, unless ``ilacs_only`` is false), whether or not its report was
    published by then; ``None`` counts authorities with none.
    """
    ilacs = {FrameworkId.ILACS_2018, FrameworkId.ILACS_2023}
    counts: Counter[Grade | None] = Counter()
    for authority in dataset.authorities:
        if authority.created is not None and authority.created > day:
            continue
        if authority.abolished is not None and authority.abolished <= day:
            continue
        dated = [
            (inspection.start or inspection.known_from, inspection)
            for inspection in dataset.inspections_of(authority)
            if inspection.judges_services
            and inspection.grade("overall_effectiveness") is not None
            and (not ilacs_only or inspection.framework in ilacs)
        ]
        started = [pair for pair in dated if pair[0] <= day]
        latest = max(started, key=lambda pair: pair[0], default=None)
        counts[None if latest is None else latest[1].grade("overall_effectiveness")] += 1
    return counts


def check(
    dataset: Dataset, *, published_counts: Mapping[date, Mapping[Grade | None, int]] | None = None
) -> list[Problem]:
    """Every integrity problem in ``dataset`` (an empty list when there is none).

    Each inspection is checked with :func:`inspection_problems`, each visit with
    :func:`visit_problems` and against its authority's inspections (no visit on site during
    a graded inspection; a monitoring visit only after an inspection that judged the
    authority inadequate overall), then the latest grades against ``published_counts``,
    which defaults to :data:`PUBLISHED_COUNTS`; pass ``{}`` to skip that check (for a
    dataset that is not national, say).
    """
    problems = [
        problem
        for inspection in dataset.inspections
        for problem in inspection_problems(inspection, dataset.authority(inspection.authority_key))
    ]
    for visit in dataset.visits:
        authority = dataset.authority(visit.authority_key)
        problems.extend(visit_problems(visit, authority))
        problems.extend(_visit_history_problems(visit, dataset.inspections_of(authority)))
    counts = PUBLISHED_COUNTS if published_counts is None else published_counts
    problems.extend(_count_problems(dataset, counts))
    return problems


def inspection_problems(inspection: Inspection, authority: LocalAuthority) -> list[Problem]:
    """The problems of one inspection of ``authority``: its lifetime, then
    :func:`record_problems`."""
    return [*_lifetime_problems(inspection, authority), *record_problems(inspection)]


def record_problems(inspection: Inspection) -> list[Problem]:
    """The problems one inspection shows on its own, whatever its authority.

    Its framework against its dates, no overall grade after April 2026, Ofsted's limiting
    rule under the SIF, no grades on a visit, every judgement of an ILACS inspection, and
    an inferred kind that the days on site imply (:func:`~.models.kind_from_days`).

    >>> from ofsted_ratings import load
    >>> [p for i in load(bundled=True).inspections for p in record_problems(i)]
    []
    """
    return [
        *_date_problems(inspection),
        *_limiting_problems(inspection),
        *_grading_problems(inspection),
        *_inferred_kind_problems(inspection),
    ]


def _inferred_kind_problems(inspection: Inspection) -> list[Problem]:
    if inspection.kind_basis is not KindBasis.INFERRED:
        return []
    implied = kind_from_days(inspection.framework, inspection.start, inspection.end)
    if implied is inspection.kind:
        return []
    days = f"{inspection.start} to {inspection.end}"
    return [
        Problem(
            "inferred-kind",
            f"kind {inspection.kind} is marked inferred, but {days} on site implies "
            f"{implied or 'no kind'}",
            inspection.id,
        )
    ]


def visit_problems(visit: Visit, authority: LocalAuthority) -> list[Problem]:
    """The problems of one visit to ``authority``: a visit falls within the authority's
    lifetime (from its creation to its abolition), as an inspection does.

    >>> from ofsted_ratings import load
    >>> data = load(bundled=True)
    >>> [p for v in data.visits for p in visit_problems(v, data.authority(v.authority_key))]
    []
    """
    return _lifetime(visit.id, visit.start or visit.known_from, authority)


def _lifetime_problems(inspection: Inspection, authority: LocalAuthority) -> list[Problem]:
    return _lifetime(inspection.id, inspection.start or inspection.known_from, authority)


def _lifetime(record: str, day: date, authority: LocalAuthority) -> list[Problem]:
    problems = []
    if authority.created is not None and day < authority.created:
        problems.append(
            Problem("before-created", f"{authority.name} was created {authority.created}", record)
        )
    if authority.abolished is not None and day >= authority.abolished:
        problems.append(
            Problem(
                "after-abolished", f"{authority.name} was abolished {authority.abolished}", record
            )
        )
    return problems


def _visit_history_problems(visit: Visit, history: Sequence[Inspection]) -> list[Problem]:
    """A visit against its authority's inspections (``history``, oldest first).

    * No visit is on site during a graded inspection of the same authority.
    * A monitoring visit follows a graded inspection that judged the authority inadequate
      overall: the latest one started before the visit.
    """
    first = visit.start
    if first is None:
        return []
    last = visit.end or first
    # Graded inspections with their days on site, oldest first.
    graded = [
        (i.start, i.end or i.start, i) for i in history if i.judges_services and i.start is not None
    ]
    problems = [
        Problem(
            "visit-during-inspection",
            f"on site {first} to {last}, during inspection {inspection.id}",
            visit.id,
        )
        for begin, end, inspection in graded
        if begin <= last and first <= end
    ]
    if visit.kind is VisitKind.MONITORING:
        before = [
            (begin, i)
            for begin, _, i in graded
            if begin < first and i.grade("overall_effectiveness")
        ]
        latest = max(before, key=lambda pair: pair[0], default=None)
        overall = None if latest is None else latest[1].grade("overall_effectiveness")
        if overall is not Grade.INADEQUATE:
            judged = "no inspection" if latest is None else f"{latest[1].id} ({overall})"
            problems.append(
                Problem(
                    "monitoring-not-inadequate",
                    f"a monitoring visit, but the latest inspection before it is {judged}",
                    visit.id,
                )
            )
    return problems


def _date_problems(inspection: Inspection) -> list[Problem]:
    start = inspection.start
    if start is None:
        return []
    problems = []
    if start >= _APRIL_2026 and inspection.grade("overall_effectiveness"):
        problems.append(
            Problem(
                "overall-after-2026", "overall effectiveness graded after April 2026", inspection.id
            )
        )
    if inspection.framework in _ILACS:
        expected = (
            FrameworkId.ILACS_2026
            if start >= _APRIL_2026
            else FrameworkId.ILACS_2023
            if start >= _JANUARY_2023
            else FrameworkId.ILACS_2018
        )
        if inspection.framework is not expected:
            problems.append(
                Problem(
                    "wrong-framework",
                    f"an inspection starting {start} falls under {expected.value}",
                    inspection.id,
                )
            )
    return problems


def _limiting_problems(inspection: Inspection) -> list[Problem]:
    if inspection.framework is not FrameworkId.SIF or not inspection.graded:
        return []
    overall = inspection.grade("overall_effectiveness")
    limited = [a for a in _SIF_KEY_AREAS if inspection.grade(a) is Grade.INADEQUATE]
    if not limited or overall is Grade.INADEQUATE or inspection.id in SIF_LIMITING_EXCEPTIONS:
        return []
    return [
        Problem(
            "sif-limiting-rule",
            f"{', '.join(limited)} inadequate but overall {overall}",
            inspection.id,
        )
    ]


def _grading_problems(inspection: Inspection) -> list[Problem]:
    problems = []
    kind = inspection.kind
    if inspection.graded and kind is not None and not kind.graded:
        problems.append(Problem("graded-visit", "a visit with grades", inspection.id))
    if (
        inspection.framework in (FrameworkId.ILACS_2018, FrameworkId.ILACS_2023)
        and inspection.graded
        and kind in (InspectionKind.SHORT, InspectionKind.STANDARD, None)
    ):
        framework = FRAMEWORKS[inspection.framework]
        missing = [a for a in framework.area_keys if inspection.grade(a) is None]
        if missing:
            problems.append(
                Problem("missing-judgement", f"no grade for {', '.join(missing)}", inspection.id)
            )
    return problems


def _count_problems(
    dataset: Dataset, counts: Mapping[date, Mapping[Grade | None, int]]
) -> list[Problem]:
    problems = []
    for day, published in counts.items():
        found = latest_distribution(dataset, day)
        wanted = dict(published)
        got = {grade: found.get(grade, 0) for grade in wanted}
        if got != wanted or sum(found.values()) != sum(wanted.values()):
            problems.append(
                Problem(
                    "published-counts",
                    f"latest overall grades at {day}: {_counts(got)}; Ofsted published "
                    f"{_counts(wanted)}",
                )
            )
    return problems


def _counts(counts: Mapping[Grade | None, int]) -> str:
    return ", ".join(f"{'not inspected' if g is None else g.value} {n}" for g, n in counts.items())
