"""Flat exports of the dataset: one row per inspection, with the authority's identifiers.

The wide export has the columns of the ``inspections`` table
(:func:`~ofsted_ratings.tabular.inspection_columns`): the inspection's id, the authority's
key, URN, name, codes and region, then the columns of ``inspections.csv`` with
``known_from`` after ``published``. Rows are ready for ``json`` and ``csv`` alike:
whole numbers are ``int``, dates ISO 8601 text and a missing value ``None`` (an empty
cell in CSV, ``null`` in JSON).

>>> from ofsted_ratings import load
>>> row = next(r for r in export_rows(load()) if r["id"] == "80481-2022-05-09")
>>> row["authority"], row["urn"], row["la_code"], row["overall_effectiveness"], row["kind"]
('Leeds', 80481, '383', 'outstanding', 'standard')

CSV for Excel
-------------
Excel reads a CSV file as UTF-8 only when the file starts with a byte order mark; without
one, "Máire" opens as "MÃ¡ire". ``excel=True`` (in :func:`write_csv` and
:func:`~ofsted_ratings.io.package.rows_to_csv`) writes the mark and ends lines with CRLF,
as Excel writes CSV itself; pandas (``encoding="utf-8-sig"``) and Python's ``csv``
module read such a file as well.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .._util.atomic import write_text
from ..errors import OfstedRatingsError
from ..io.package import rows_to_csv
from ..models import Inspection
from ..tabular import identity, inspection_cells, inspection_columns, json_ready
from .tables import LONG_COLUMNS, columns, latest_pairs, latest_rows, long_rows, visit_rows

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["CSV_TABLES", "EXPORT_COLUMNS", "export_rows", "rows_to_csv", "write_csv"]

#: Columns of the wide export (``ofsted-ratings export --format csv``): those of the
#: ``inspections`` table.
EXPORT_COLUMNS: tuple[str, ...] = tuple(column.name for column in inspection_columns())

#: The tables :func:`write_csv` writes: one row per inspection (``inspections``, the wide
#: export), per judgement (``judgements``, the long one), per visit (``visits``) or per
#: authority (``latest_grades``, its latest graded inspection).
CSV_TABLES = ("inspections", "judgements", "visits", "latest_grades")


def export_rows(
    dataset: Dataset, inspections: Iterable[Inspection] | None = None
) -> Iterator[dict[str, object]]:
    """One dict per inspection (all of them by default), keyed by :data:`EXPORT_COLUMNS`.

    Rows come authority by authority (by name), each authority's oldest first. Values are
    ``int``, text (dates as ISO 8601) or ``None``.
    """
    if inspections is None:
        for authority in sorted(dataset.authorities, key=lambda a: (a.name, a.key)):
            names = identity(authority)
            for inspection in dataset.inspections_of(authority):
                yield json_ready(inspection_cells(authority, inspection, identity_cells=names))
        return
    for inspection in inspections:
        authority = dataset.authority(inspection.authority_key)
        yield json_ready(inspection_cells(authority, inspection))


def write_csv(
    dataset: Dataset,
    path: str | os.PathLike[str],
    *,
    table: Literal["inspections", "judgements", "visits", "latest_grades"] = "inspections",
    excel: bool = False,
) -> Path:
    """Write one table of ``dataset`` as CSV to ``path`` (atomically); return the path.

    ``table`` is one of :data:`CSV_TABLES`. ``excel=True`` starts the file with a UTF-8
    byte order mark and ends lines with CRLF, so that Excel reads names such as "Máire"
    as they are.

    >>> import tempfile, pathlib
    >>> from ofsted_ratings import load
    >>> path = write_csv(load(), pathlib.Path(tempfile.mkdtemp()) / "x.csv", excel=True)
    >>> path.read_bytes()[:12]
    b'\\xef\\xbb\\xbfid,author'
    """
    if table not in CSV_TABLES:
        known = ", ".join(CSV_TABLES)
        raise OfstedRatingsError(f"unknown table {table!r} for CSV; known: {known}")
    if table == "judgements":
        text = rows_to_csv(long_rows(dataset), LONG_COLUMNS, excel=excel)
    elif table == "visits":
        names = [column.name for column in columns("visits")]
        text = rows_to_csv(visit_rows(dataset), names, excel=excel)
    elif table == "latest_grades":
        text = rows_to_csv(latest_rows(latest_pairs(dataset)), EXPORT_COLUMNS, excel=excel)
    else:
        text = rows_to_csv(export_rows(dataset), EXPORT_COLUMNS, excel=excel)
    write_text(path, text)
    return Path(path)
