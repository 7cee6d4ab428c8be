"""Ofsted's judgements of English local authority children's services.

Typed records of every graded inspection, with their sources, and helpers that answer
questions with dates::

    >>> import ofsted_ratings as ofr
    >>> ds = ofr.load()
    >>> [(s.authority.name, [i.published.year for i in s.inspections])
    ...  for s in ds.streaks(ofr.Grade.OUTSTANDING, 3, group="core-cities")]
    [('Leeds', [2018, 2022, 2025])]

Importing the package is cheap: submodules load on first use, and the data on the first
:func:`load`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
    from datetime import date

    from ._release import DATA_RELEASE
    from .dataset import AmbiguousAuthorityError, Dataset, load
    from .errors import (
        AmbiguousGroupError,
        ConventionError,
        DataFileError,
        DateError,
        GradeError,
        MissingDependencyError,
        OfstedRatingsError,
        RecordError,
        UnknownAreaError,
        UnknownAuthorityError,
        UnknownFrameworkError,
        UnknownGroupError,
        UnsupportedFormatError,
    )
    from .frameworks import (
        AREA_KEYS,
        FRAMEWORKS,
        Area,
        Framework,
        FrameworkId,
        InspectionKind,
        framework_for,
        get_framework,
    )
    from .grade_counts import Convention, Counts, CountStatus, LatestGrade, Tally, counts
    from .grade_transitions import (
        Changes,
        Since,
        SinceEntry,
        Transition,
        Transitions,
        changes,
        since,
        transitions,
    )
    from .grades import Grade
    from .groups import Group
    from .models import (
        AuthorityType,
        DatePrecision,
        Inspection,
        Judgement,
        KindBasis,
        LocalAuthority,
        OnsRegion,
        Region,
        Source,
        SourceKind,
        Visit,
        VisitKind,
    )
    from .queries import Comparison, History, Streak, Streaks, TrajectoryPoint
    from .visit_queries import Visits

__all__ = [
    "AREA_KEYS",
    "DATA_RELEASE",
    "FRAMEWORKS",
    "AmbiguousAuthorityError",
    "AmbiguousGroupError",
    "Area",
    "AuthorityType",
    "Changes",
    "Comparison",
    "Convention",
    "ConventionError",
    "CountStatus",
    "Counts",
    "DataFileError",
    "Dataset",
    "DateError",
    "DatePrecision",
    "Framework",
    "FrameworkId",
    "Grade",
    "GradeError",
    "Group",
    "History",
    "Inspection",
    "InspectionKind",
    "Judgement",
    "KindBasis",
    "LatestGrade",
    "LocalAuthority",
    "MissingDependencyError",
    "OfstedRatingsError",
    "OnsRegion",
    "RecordError",
    "Region",
    "Since",
    "SinceEntry",
    "Source",
    "SourceKind",
    "Streak",
    "Streaks",
    "Tally",
    "TrajectoryPoint",
    "Transition",
    "Transitions",
    "UnknownAreaError",
    "UnknownAuthorityError",
    "UnknownFrameworkError",
    "UnknownGroupError",
    "UnsupportedFormatError",
    "Visit",
    "VisitKind",
    "Visits",
    "__version__",
    "changes",
    "counts",
    "framework_for",
    "get_framework",
    "history",
    "latest",
    "load",
    "since",
    "streaks",
    "transitions",
]

_LAZY: dict[str, str] = {
    "DATA_RELEASE": "._release",
    "AmbiguousAuthorityError": ".dataset",
    "Dataset": ".dataset",
    "load": ".dataset",
    "AREA_KEYS": ".frameworks",
    "FRAMEWORKS": ".frameworks",
    "Area": ".frameworks",
    "Framework": ".frameworks",
    "FrameworkId": ".frameworks",
    "InspectionKind": ".frameworks",
    "framework_for": ".frameworks",
    "get_framework": ".frameworks",
    "Grade": ".grades",
    "Convention": ".grade_counts",
    "Counts": ".grade_counts",
    "LatestGrade": ".grade_counts",
    "CountStatus": ".grade_counts",
    "Tally": ".grade_counts",
    "counts": ".grade_counts",
    "Group": ".groups",
    "AuthorityType": ".models",
    "DatePrecision": ".models",
    "Inspection": ".models",
    "Judgement": ".models",
    "KindBasis": ".models",
    "LocalAuthority": ".models",
    "Region": ".models",
    "OnsRegion": ".models",
    "Source": ".models",
    "SourceKind": ".models",
    "Visit": ".models",
    "VisitKind": ".models",
    "Visits": ".visit_queries",
    "Comparison": ".queries",
    "History": ".queries",
    "Streak": ".queries",
    "Streaks": ".queries",
    "TrajectoryPoint": ".queries",
    "Changes": ".grade_transitions",
    "Since": ".grade_transitions",
    "SinceEntry": ".grade_transitions",
    "Transition": ".grade_transitions",
    "Transitions": ".grade_transitions",
    "changes": ".grade_transitions",
    "since": ".grade_transitions",
    "transitions": ".grade_transitions",
    "ConventionError": ".errors",
    "DataFileError": ".errors",
    "DateError": ".errors",
    "GradeError": ".errors",
    "MissingDependencyError": ".errors",
    "OfstedRatingsError": ".errors",
    "RecordError": ".errors",
    "UnknownAreaError": ".errors",
    "UnknownAuthorityError": ".errors",
    "UnknownFrameworkError": ".errors",
    "UnknownGroupError": ".errors",
    "UnsupportedFormatError": ".errors",
    "AmbiguousGroupError": ".errors",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'ofsted_ratings' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def history(authority: LocalAuthority | str | int, *, as_of: date | str | None = None) -> History:
    """Every inspection of ``authority`` in the default dataset (see :func:`load`), oldest first.

    >>> [i.known_from.year for i in history("Leeds")]
    [2010, 2015, 2018, 2022, 2025]
    """
    return _default().history(authority, as_of=as_of)


def latest(
    authority: LocalAuthority | str | int, as_of: date | str | None = None
) -> Inspection | None:
    """The latest graded inspection of ``authority`` in the default dataset."""
    return _default().latest(authority, as_of)


def streaks(
    grade: Grade | str,
    min_length: int = 2,
    *,
    area: str = "overall_effectiveness",
    group: Group | str | None = None,
    as_of: date | str | None = None,
    or_better: bool = False,
) -> Streaks:
    """Streaks in the default dataset; see :meth:`~ofsted_ratings.dataset.Dataset.streaks`."""
    return _default().streaks(
        grade, min_length, area=area, group=group, as_of=as_of, or_better=or_better
    )


def _default() -> Dataset:
    from .dataset import load

    return load()
