"""Alias of :mod:`ofsted_ratings.exports.tables`, :mod:`~ofsted_ratings.exports.sqlite` and
:mod:`~ofsted_ratings.exports.xlsx`, kept so that existing imports keep working."""

from ._util.atomic import atomic_path
from ._util.optional import require
from .exports.sqlite import write_sqlite
from .exports.tables import (
    GRADE_ORDER,
    LONG_COLUMNS,
    TABLE_NAMES,
    Column,
    TableName,
    UnknownTableError,
    columns,
    long_rows,
    subset,
    typed_rows,
)
from .exports.xlsx import write_xlsx

__all__ = [
    "GRADE_ORDER",
    "LONG_COLUMNS",
    "TABLE_NAMES",
    "Column",
    "TableName",
    "UnknownTableError",
    "atomic_path",
    "columns",
    "long_rows",
    "require",
    "subset",
    "typed_rows",
    "write_sqlite",
    "write_xlsx",
]
