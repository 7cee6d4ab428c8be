"""pandas and polars frames: explicit types, the same rows as the typed tables."""

from __future__ import annotations

import doctest
import sys
from datetime import date

import pytest

from ofsted_ratings import load
from ofsted_ratings.errors import MissingDependencyError, OfstedRatingsError
from ofsted_ratings.exports import frames as frames_module
from ofsted_ratings.exports.frames import to_pandas, to_polars
from ofsted_ratings.exports.tables import GRADE_ORDER, TABLE_NAMES, columns, typed_rows


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_pandas_types(table: str) -> None:
    pd = pytest.importorskip("pandas")
    df = to_pandas(load(), table=table)  # type: ignore[arg-type]
    cols = columns(table)
    assert list(df.columns) == [c.name for c in cols]
    assert len(df) == len(typed_rows(load(), table))
    for column in cols:
        dtype = df[column.name].dtype
        if column.kind == "integer":
            assert str(dtype) == ("int64" if column.required else "Int64"), column.name
        elif column.kind == "date":
            assert str(dtype) == "datetime64[s]", column.name
        elif column.kind == "grade":
            assert isinstance(dtype, pd.CategoricalDtype)
            assert dtype.ordered
            assert tuple(dtype.categories) == GRADE_ORDER
        elif column.kind == "category":
            assert isinstance(dtype, pd.CategoricalDtype)
            assert not dtype.ordered
            assert tuple(dtype.categories) == column.categories
        else:
            assert isinstance(dtype, pd.StringDtype), column.name


def test_pandas_values() -> None:
    pd = pytest.importorskip("pandas")
    ds = load()
    df = to_pandas(ds, table="inspections")
    leeds = ds.authority("Leeds")
    mine = df[df.urn == leeds.urn]
    assert list(mine.id) == [i.id for i in ds.history(leeds)]
    first = ds.history(leeds)[-1]
    row = mine.iloc[-1]
    assert row.published == pd.Timestamp(first.published)
    assert row.overall_effectiveness == first.grade("overall_effectiveness").value  # type: ignore[union-attr]
    authorities = to_pandas(ds, table="authorities")
    assert authorities.la_code.str.fullmatch(r"[0-9]{3}").fillna(True).all()
    assert authorities.created.isna().sum() == sum(a.created is None for a in ds.authorities)


def test_pandas_grades_order_like_grades() -> None:
    pytest.importorskip("pandas")
    df = to_pandas(load(), table="judgements")
    position = [c.name for c in columns("judgements")].index("grade")
    assert (df.grade >= "good").sum() == sum(
        r[position] in ("good", "outstanding") for r in typed_rows(load(), "judgements")
    )
    assert df.grade.min() in GRADE_ORDER
    assert df.grade_number.between(1, 4).all()


@pytest.mark.parametrize("table", TABLE_NAMES)
def test_polars_types(table: str) -> None:
    pl = pytest.importorskip("polars")
    df = to_polars(load(), table=table)  # type: ignore[arg-type]
    cols = columns(table)
    assert df.columns == [c.name for c in cols]
    assert df.height == len(typed_rows(load(), table))
    for column in cols:
        dtype = df.schema[column.name]
        if column.kind == "integer":
            assert dtype == pl.Int64
        elif column.kind == "date":
            assert dtype == pl.Date
        elif column.kind in ("grade", "category"):
            assert dtype == pl.Enum(list(column.categories))
        else:
            assert dtype == pl.String


def test_polars_values() -> None:
    pl = pytest.importorskip("polars")
    ds = load()
    df = to_polars(ds, table="judgements")
    leeds = df.filter(
        (pl.col("authority") == "Leeds") & (pl.col("area") == "overall_effectiveness")
    ).sort("known_from")
    history = [i for i in ds.history("Leeds") if i.grade("overall_effectiveness")]
    assert leeds["known_from"].to_list() == [i.known_from for i in history]
    assert all(isinstance(d, date) for d in leeds["known_from"].to_list())
    assert leeds["grade"].cast(pl.String).to_list() == [
        i.grade("overall_effectiveness").value  # type: ignore[union-attr]
        for i in history
    ]
    assert df.filter(pl.col("grade") >= "good")["grade_number"].max() == 2


@pytest.mark.parametrize(("function", "module"), [(to_pandas, "pandas"), (to_polars, "polars")])
def test_missing_library(function: object, module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingDependencyError) as caught:
        function(load())  # type: ignore[operator]
    assert f"pip install 'ofsted-ratings[{module}]'" in str(caught.value)
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, OfstedRatingsError)
    assert caught.value.name == module


def test_unknown_table() -> None:
    pytest.importorskip("pandas")
    with pytest.raises(ValueError, match="unknown table"):
        to_pandas(load(), table="schools")  # type: ignore[arg-type]


def test_docstring_examples() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    result = doctest.testmod(frames_module)
    assert result.attempted > 0
    assert result.failed == 0


def test_dataset_methods() -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    from ofsted_ratings import load

    ds = load(bundled=True)
    assert len(ds.to_pandas()) == len(ds.inspections)
    assert ds.to_polars("authorities").height == len(ds.authorities)
