"""The dataset in other shapes: tables, CSV, SQLite, Excel, data frames and charts.

* :mod:`.tables`: the typed tables (columns, rows, the long table of judgements);
* :mod:`.csv`: the wide export, one row per inspection with the authority's identifiers,
  and CSV files of any table (:func:`.csv.write_csv`, with a byte order mark for Excel);
* :mod:`.sqlite` and :mod:`.xlsx`: files for other tools, written atomically;
* :mod:`.frames`: pandas and polars data frames;
* :mod:`.charts`: charts of judgements over time.

Everything here takes a :class:`~ofsted_ratings.dataset.Dataset` and nothing here reads the
network. The wide export's names are importable from this package:

>>> from ofsted_ratings import load
>>> from ofsted_ratings.exports import EXPORT_COLUMNS, export_rows, rows_to_csv
>>> rows_to_csv(export_rows(load()), EXPORT_COLUMNS).splitlines()[0][:30]
'id,authority_key,urn,authority'
"""

from __future__ import annotations

from ..io.package import rows_to_csv
from .csv import EXPORT_COLUMNS, export_rows, write_csv

__all__ = ["EXPORT_COLUMNS", "export_rows", "rows_to_csv", "write_csv"]
