"""The dataset as an Excel workbook: one sheet per table, and the latest grades.

Needs openpyxl (``pip install 'ofsted-ratings[xlsx]'``); written atomically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .._util.atomic import atomic_path
from .._util.optional import require
from .tables import LATEST_TABLE, TABLE_NAMES, cell_text, columns, typed_rows

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["write_xlsx"]


def write_xlsx(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write ``dataset`` to an Excel workbook at ``path``; return the path.

    One sheet per table (``authorities``, ``inspections``, ``judgements``, ``visits``), then
    ``latest_grades``: a row per authority with its latest graded inspection and its
    grades, or only its name and codes when it has none (the authorities that existed on
    the dataset's release date; see :func:`.tables.latest_pairs`). Every sheet about
    inspections or visits names the authority, its codes and region. Each has a bold, frozen header
    row and filters, with dates as Excel dates. Needs openpyxl
    (``pip install 'ofsted-ratings[xlsx]'``).

    >>> import tempfile, pathlib, openpyxl
    >>> from ofsted_ratings import load
    >>> book = write_xlsx(load(), pathlib.Path(tempfile.mkdtemp()) / "ofsted.xlsx")
    >>> openpyxl.load_workbook(book).sheetnames
    ['authorities', 'inspections', 'judgements', 'visits', 'latest_grades']
    """
    require("openpyxl", "xlsx", "write_xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    default_sheet = workbook.active
    if default_sheet is not None:
        workbook.remove(default_sheet)
    bold = Font(bold=True)
    for table in (*TABLE_NAMES, LATEST_TABLE):
        sheet = workbook.create_sheet(table)
        cols = columns(table)
        sheet.append([c.name for c in cols])
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(c.name) for c in cols]
        dates = [c.kind == "date" for c in cols]
        for row in typed_rows(dataset, table):
            sheet.append(list(row))
            for index, value in enumerate(row):
                if value is not None:
                    widths[index] = max(widths[index], len(cell_text(value)))
        for index, (width, is_date) in enumerate(zip(widths, dates, strict=True), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(width, 60) + 2
            if is_date:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return Path(path)
