"""The dataset as pandas or polars data frames, with explicit types.

``table`` is ``"inspections"`` (one row per inspection, a column per judgement area),
``"authorities"``, ``"judgements"`` (the long form: one row per judgement) or ``"visits"``
(one row per ungraded focused or monitoring visit); see
:mod:`ofsted_ratings.exports.tables` for the columns. Types are fixed, not guessed:

============  ==================================  ====================================
column kind   pandas                              polars
============  ==================================  ====================================
integer       ``int64`` (``Int64`` if nullable)   ``Int64``
string, code  ``string``                          ``String``
date          ``datetime64[s]``                   ``Date``
category      unordered ``category``              ``Enum``
grade         ordered ``category``, worst first   ``Enum``, worst first
============  ==================================  ====================================

Grades are ordered as people read them, worst first, so ``>=``, ``max`` and sorting
work on them as they do on :class:`~ofsted_ratings.grades.Grade`.

Both functions need their library: ``pip install 'ofsted-ratings[pandas]'`` or
``pip install 'ofsted-ratings[polars]'``; without it they raise
:class:`~ofsted_ratings.errors.MissingDependencyError` (an :class:`ImportError`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._util.optional import require
from ..tabular import Column, pandas_dtype
from .tables import TableName, columns, typed_rows

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from ..dataset import Dataset

__all__ = ["to_pandas", "to_polars"]


def to_pandas(dataset: Dataset, *, table: TableName = "inspections") -> pd.DataFrame:
    """``table`` of ``dataset`` as a pandas ``DataFrame`` (also ``dataset.to_pandas(table)``).

    >>> from ofsted_ratings import load
    >>> df = to_pandas(load(), table="judgements")
    >>> str(df.grade.dtype), str(df.known_from.dtype), str(df.urn.dtype)
    ('category', 'datetime64[s]', 'Int64')
    >>> list(df.grade.cat.categories)
    ['inadequate', 'requires improvement', 'good', 'outstanding']
    >>> leeds = df[(df.authority == "Leeds") & (df.area == "overall_effectiveness")]
    >>> leeds.grade.max()
    'outstanding'
    >>> visits = to_pandas(load(), table="visits")
    >>> visits[visits.authority == "Leeds"].letter_date.dt.year.tolist()
    [2018, 2021]
    """
    require("pandas", "pandas", "to_pandas")
    import pandas as pd

    cols = columns(table)
    rows = typed_rows(dataset, table)
    frame: pd.DataFrame = pd.DataFrame(
        {
            column.name: pd.Series(
                [row[index] for row in rows], dtype=pandas_dtype(column), name=column.name
            )
            for index, column in enumerate(cols)
        },
        columns=[column.name for column in cols],
    )
    return frame


def _polars_dtype(column: Column) -> pl.DataType | type[pl.DataType]:
    import polars as pl

    if column.kind == "integer":
        return pl.Int64
    if column.kind == "float":
        return pl.Float64
    if column.kind == "boolean":
        return pl.Boolean
    if column.kind == "date":
        return pl.Date
    if column.kind in ("grade", "category"):
        return pl.Enum(list(column.categories))
    return pl.String


def to_polars(dataset: Dataset, *, table: TableName = "inspections") -> pl.DataFrame:
    """``table`` of ``dataset`` as a polars ``DataFrame`` (also ``dataset.to_polars(table)``).

    >>> import polars as pl
    >>> from ofsted_ratings import load
    >>> df = to_polars(load(), table="authorities")
    >>> df.schema["urn"], df.schema["la_code"], df.schema["created"]
    (Int64, String, Date)
    >>> judgements = to_polars(load(), table="judgements")
    >>> judgements.filter(pl.col("grade") >= "good").height > 0
    True
    """
    require("polars", "polars", "to_polars")
    import polars as pl

    cols = columns(table)
    rows = typed_rows(dataset, table)
    return pl.DataFrame(
        [
            pl.Series(column.name, [row[index] for row in rows], dtype=_polars_dtype(column))
            for index, column in enumerate(cols)
        ]
    )
