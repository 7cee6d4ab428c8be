"""Flat exports of the dataset: one row per inspection, with the authority's identifiers.

>>> from ofsted_ratings import load
>>> row = next(r for r in export_rows(load()) if r["id"] == "80481-2022-05-09")
>>> row["authority"], row["la_code"], row["overall_effectiveness"], row["kind"]
('Leeds', '383', 'outstanding', 'standard')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..io.convert import INSPECTION_COLUMNS, inspection_to_row
from ..io.package import rows_to_csv
from ..models import Inspection

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["EXPORT_COLUMNS", "export_rows", "rows_to_csv"]

#: Columns of the wide export (``ofsted-ratings export --format csv``).
EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "authority",
    "urn",
    "la_code",
    "ons_code",
    "region",
    *INSPECTION_COLUMNS[3:],
)


def export_rows(
    dataset: Dataset, inspections: Iterable[Inspection] | None = None
) -> Iterator[dict[str, str]]:
    """One dict per inspection (all of them by default), keyed by :data:`EXPORT_COLUMNS`.

    Rows come authority by authority (by name), each authority's oldest first.
    """
    if inspections is None:
        ordered: list[Inspection] = []
        for authority in sorted(dataset.authorities, key=lambda a: (a.name, a.key)):
            ordered.extend(dataset.inspections_of(authority))
        inspections = ordered
    for inspection in inspections:
        authority = dataset.authority(inspection.authority_key)
        row = inspection_to_row(inspection)
        row.update(
            authority=authority.name,
            la_code=authority.la_code or "",
            ons_code=authority.ons_code or "",
            region=authority.region.value if authority.region else "",
        )
        yield {column: row[column] for column in EXPORT_COLUMNS}
