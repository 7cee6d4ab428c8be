"""What the dataset covers, authority by authority, and every gap it knows of.

>>> from ofsted_ratings import load
>>> report = coverage(load())
>>> leeds = next(row for row in report.rows if row.authority.name == "Leeds")
>>> leeds.counts["sif"], leeds.counts["ilacs_2018"]
(1, 2)
>>> any("focused and monitoring visits" in gap for gap in report.gaps)
True
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

import attrs

from .frameworks import FrameworkId
from .models import Inspection, KindBasis, LocalAuthority, SourceKind

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["Coverage", "CoverageRow", "coverage"]

_SIF_START = date(2013, 11, 1)
_ILACS_START = date(2018, 1, 1)
_ILACS = (FrameworkId.ILACS_2018, FrameworkId.ILACS_2023, FrameworkId.ILACS_2026)


@attrs.frozen
class CoverageRow:
    """One authority: its inspections by framework and the gaps in its history."""

    authority: LocalAuthority
    counts: dict[str, int]
    gaps: tuple[str, ...]


@attrs.frozen
class Coverage:
    """Coverage of every authority, and the gaps that apply to the whole dataset."""

    rows: tuple[CoverageRow, ...]
    gaps: tuple[str, ...]

    @property
    def gap_count(self) -> int:
        """How many authority-level gaps are listed."""
        return sum(len(row.gaps) for row in self.rows)


def _existed(authority: LocalAuthority, start: date, end: date) -> bool:
    created = authority.created or date.min
    abolished = authority.abolished or date.max
    return created < end and abolished > start


def _row(dataset: Dataset, authority: LocalAuthority) -> CoverageRow:
    history: tuple[Inspection, ...] = dataset.inspections_of(authority)
    counts = Counter(i.framework.value for i in history)
    gaps: list[str] = []
    if _existed(authority, _SIF_START, _ILACS_START) and not counts[FrameworkId.SIF.value]:
        gaps.append("no SIF inspection recorded (2013-18)")
    if _existed(authority, _ILACS_START, date.max) and not any(counts[f.value] for f in _ILACS):
        gaps.append("no ILACS inspection recorded")
    for inspection in history:
        if inspection.source.kind is SourceKind.OFFICIAL_STATISTICS:
            gaps.append(
                f"{inspection.id}: report not in the corpus; values from Ofsted's official "
                "statistics (no end date or lead inspector)"
            )
        elif inspection.source.kind is SourceKind.DOCUMENT:
            gaps.append(f"{inspection.id}: report not in the corpus; from a cited document")
        if inspection.framework in _ILACS and inspection.kind is None:
            gaps.append(f"{inspection.id}: kind (short or standard) not stated by any source")
        elif inspection.kind_basis is KindBasis.INFERRED:
            gaps.append(
                f"{inspection.id}: kind (short or standard) not stated by any source; "
                f"{inspection.kind} inferred from the days on site"
            )
    return CoverageRow(authority, {f.value: counts[f.value] for f in FrameworkId}, tuple(gaps))


def coverage(dataset: Dataset) -> Coverage:
    """Per authority, inspections by framework and every known gap."""
    rows = tuple(
        _row(dataset, authority)
        for authority in sorted(dataset.authorities, key=lambda a: (a.name, a.key))
    )
    cited = sorted(
        {
            dataset.authority(i.authority_key).name
            for i in dataset.inspections
            if i.framework is FrameworkId.SLAC_2009
        }
    )
    gaps = (
        "Inspections before 2013 (the 2009-12 safeguarding and looked after children "
        "inspections) are recorded only where a cited source gives them: "
        + (", ".join(cited) if cited else "none")
        + ".",
        "The 2013 inspections of looked after children services are recorded only where "
        "their report is in the corpus.",
        "Ungraded focused and monitoring visits are not recorded.",
        "Reviews of Local Safeguarding Children Boards are recorded with the SIF inspection "
        "they accompanied, or on their own where published separately.",
    )
    return Coverage(rows, gaps)
