"""Typed tables, the long table, and the SQLite and Excel files, each read back."""

from __future__ import annotations

import csv
import doctest
import io
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from ofsted_ratings import Grade, load
from ofsted_ratings.errors import MissingDependencyError, OfstedRatingsError
from ofsted_ratings.exports import rows_to_csv
from ofsted_ratings.exports import sqlite as sqlite_module
from ofsted_ratings.exports import tables as tables_module
from ofsted_ratings.exports.sqlite import write_sqlite
from ofsted_ratings.exports.tables import (
    GRADE_ORDER,
    LATEST_TABLE,
    LONG_COLUMNS,
    TABLE_NAMES,
    UnknownTableError,
    columns,
    long_rows,
    typed_rows,
)
from ofsted_ratings.exports.xlsx import write_xlsx
from ofsted_ratings.io.convert import AUTHORITY_COLUMNS, INSPECTION_COLUMNS
from ofsted_ratings.queries import subset


def _judgement_count() -> int:
    return sum(len(i.judgements) for i in load().inspections)


IDENTITY = ("authority_key", "urn", "authority", "la_code", "ons_code", "region", "ons_region")


def test_columns_follow_the_data_package() -> None:
    assert tuple(c.name for c in columns("authorities")) == AUTHORITY_COLUMNS
    names = tuple(c.name for c in columns("inspections"))
    # The data file's columns, in its order, with the authority's name, codes and region
    # beside its key and the date the queries use after the publication date.
    assert tuple(n for n in names if n in INSPECTION_COLUMNS) == INSPECTION_COLUMNS
    assert set(names) - set(INSPECTION_COLUMNS) == {
        "authority",
        "la_code",
        "ons_code",
        "region",
        "ons_region",
        "known_from",
    }
    assert names[1 : 1 + len(IDENTITY)] == IDENTITY
    assert names[names.index("published") + 1] == "known_from"
    assert tuple(c.name for c in columns("latest_grades")) == names
    assert tuple(c.name for c in columns("judgements")) == LONG_COLUMNS
    assert LONG_COLUMNS[1 : 1 + len(IDENTITY)] == IDENTITY
    kinds = {c.name: c.kind for c in columns("inspections")}
    assert kinds["urn"] == "integer"
    assert kinds["published"] == "date"
    assert kinds["overall_effectiveness"] == "grade"
    assert kinds["framework"] == "category"
    assert GRADE_ORDER == ("inadequate", "requires improvement", "good", "outstanding")


def test_unknown_table() -> None:
    with pytest.raises(UnknownTableError, match="known: authorities"):
        columns("schools")
    assert issubclass(UnknownTableError, ValueError)


@pytest.mark.parametrize("table", [*TABLE_NAMES, LATEST_TABLE])
def test_typed_rows_have_python_types(table: str) -> None:
    cols = columns(table)
    rows = typed_rows(load(), table)
    assert rows
    expected = {"integer": int, "date": date, "string": str, "category": str, "grade": str}
    for row in rows:
        assert len(row) == len(cols)
        for column, value in zip(cols, row, strict=True):
            if value is None:
                assert not column.required, column.name
                continue
            assert type(value) is expected[column.kind], column.name
            if column.categories:
                assert value in column.categories, column.name


def test_row_counts() -> None:
    ds = load()
    assert len(typed_rows(ds, "authorities")) == len(ds.authorities)
    assert len(typed_rows(ds, "inspections")) == len(ds.inspections)
    assert len(typed_rows(ds, "judgements")) == _judgement_count()


def test_long_rows_match_the_records() -> None:
    ds = load()
    rows = list(long_rows(ds))
    assert len(rows) == _judgement_count()
    by_id = {i.id: i for i in ds.inspections}
    for row in rows:
        assert tuple(row) == LONG_COLUMNS
        inspection = by_id[str(row["inspection_id"])]
        grade = inspection.grade(str(row["area"]))
        assert grade is not None
        assert row["grade"] == grade.value
        assert row["grade_number"] == grade.number
        assert row["grade_label"] == grade.label(inspection.framework_info)
        assert row["authority_key"] == inspection.authority_key
        assert row["urn"] == inspection.urn
        assert row["known_from"] == inspection.known_from.isoformat()
        published = inspection.published
        assert row["published"] == (None if published is None else published.isoformat())
        authority = ds.authority(inspection.authority_key)
        assert row["authority"] == authority.name
        assert row["la_code"] == authority.la_code
        assert row["ons_code"] == authority.ons_code
        assert row["region"] == (None if authority.region is None else authority.region.value)


def test_long_csv_reads_back() -> None:
    rows = list(long_rows(load()))
    text = rows_to_csv(rows, LONG_COLUMNS)
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    assert list(csv.DictReader(io.StringIO(text))) == as_text


def test_every_inspection_table_names_the_authority() -> None:
    ds = load()
    for table in ("inspections", "judgements", LATEST_TABLE):
        names = [c.name for c in columns(table)]
        for row in typed_rows(ds, table):
            cells = dict(zip(names, row, strict=True))
            authority = ds.authority(str(cells["authority_key"]))
            region = None if authority.region is None else authority.region.value
            assert cells["urn"] == authority.urn
            assert cells["authority"] == authority.name
            assert (cells["la_code"], cells["ons_code"]) == (authority.la_code, authority.ons_code)
            assert cells["region"] == region


def test_latest_grades_table() -> None:
    ds = load()
    names = [c.name for c in columns(LATEST_TABLE)]
    rows = [dict(zip(names, row, strict=True)) for row in typed_rows(ds, LATEST_TABLE)]
    # Every authority of the release date, by name; those not inspected keep their row.
    existing = [a for a in ds.authorities if a.current]
    assert [r["authority"] for r in rows] == sorted(a.name for a in existing)
    for row in rows:
        latest = ds.latest(str(row["authority_key"]))
        assert row["id"] == (None if latest is None else latest.id)
        if latest is None:
            assert all(row[n] is None for n in names[7:]), row["authority"]
        else:
            assert row["known_from"] == latest.known_from
            grade = latest.grade("overall_effectiveness")
            assert row["overall_effectiveness"] == (None if grade is None else grade.value)
    # Cut at a date, the table lists the councils of that date.
    past = ds.as_of(date(2018, 12, 31))
    past_names = {row[names.index("authority")] for row in typed_rows(past, LATEST_TABLE)}
    assert "Bournemouth" in past_names
    assert "Bournemouth, Christchurch and Poole" not in past_names


def test_pre_2013_grade_three_keeps_its_label() -> None:
    rows = [r for r in long_rows(load()) if r["grade_number"] == 3]
    labels = {r["grade_label"] for r in rows}
    assert {r["grade"] for r in rows} <= {Grade.REQUIRES_IMPROVEMENT.value}
    assert labels <= {"Adequate", "Requires improvement", "Requires improvement to be good"}


def test_subset_writes_one_group(tmp_path: Path) -> None:
    ds = load()
    members = ds.group("core-cities").members
    core = subset(ds, [*members, members[0].name])
    assert [a.urn for a in core.authorities] == [a.urn for a in members]
    assert len(core.inspections) == sum(len(ds.history(a)) for a in members)
    assert {r["urn"] for r in long_rows(core)} == {a.urn for a in members}
    with _connect(write_sqlite(core, tmp_path / "core.db")) as con:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("SELECT count(*) FROM latest_grades").fetchone() == (len(members),)


# -- SQLite ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_sqlite(load(), tmp_path_factory.mktemp("sqlite") / "ofsted.db")


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def test_sqlite_tables_and_keys(database: Path) -> None:
    ds = load()
    with _connect(database) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert names == set(TABLE_NAMES)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = con.execute("SELECT count(*) FROM authorities").fetchone()
        assert count == (len(ds.authorities),)
        count = con.execute("SELECT count(*) FROM inspections").fetchone()
        assert count == (len(ds.inspections),)
        count = con.execute("SELECT count(*) FROM judgements").fetchone()
        assert count == (_judgement_count(),)
        keys = con.execute("PRAGMA foreign_key_list(judgements)").fetchall()
        assert {(k[2], k[3], k[4]) for k in keys} == {
            ("inspections", "inspection_id", "id"),
            ("authorities", "authority_key", "key"),
        }
        primary = [r[1] for r in con.execute("PRAGMA table_info(inspections)") if r[5]]
        assert primary == ["id"]


def test_sqlite_enforces_keys(database: Path) -> None:
    with _connect(database) as con:
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "INSERT INTO judgements (inspection_id, authority_key, area, area_label, grade, "
                "grade_label, grade_number) VALUES ('1-2000-01-01', '1', 'lscb', 'x', 'good', "
                "'Good', 2)"
            )
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("UPDATE inspections SET overall_effectiveness = 'brilliant'")
        con.rollback()


def test_sqlite_values(database: Path) -> None:
    ds = load()
    leeds = ds.authority("Leeds")
    with _connect(database) as con:
        rows = con.execute(
            "SELECT id, urn, published, overall_effectiveness FROM inspections "
            "WHERE urn = ? ORDER BY coalesce(published, source_published)",
            (leeds.urn,),
        ).fetchall()
    history = ds.history(leeds)
    assert [r[0] for r in rows] == [i.id for i in history]
    assert all(type(r[1]) is int for r in rows)
    for (_, _, published, overall), inspection in zip(rows, history, strict=True):
        assert published == (inspection.published.isoformat() if inspection.published else None)
        grade = inspection.grade("overall_effectiveness")
        assert overall == (grade.value if grade else None)


def test_sqlite_latest_grades_view(database: Path) -> None:
    ds = load()
    with _connect(database) as con:
        con.row_factory = sqlite3.Row
        rows = con.execute("SELECT * FROM latest_grades").fetchall()
    assert len(rows) == len(ds.current_authorities)
    assert [r["authority"] for r in rows] == sorted(a.name for a in ds.current_authorities)
    for row in rows:
        latest = ds.latest(row["urn"])
        assert row["inspection_id"] == (latest.id if latest else None)
        if latest is not None:
            assert row["known_from"] == latest.known_from.isoformat()
            for judgement in latest.judgements:
                assert row[judgement.area] == judgement.grade.value


def test_sqlite_replaces_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ofsted.db"
    target.write_text("old", encoding="utf-8")

    def broken(*args: object) -> list[tuple[object, ...]]:
        raise OfstedRatingsError("boom")

    monkeypatch.setattr(sqlite_module, "typed_rows", broken)
    with pytest.raises(OfstedRatingsError, match="boom"):
        write_sqlite(load(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ofsted.db"]
    monkeypatch.undo()
    write_sqlite(load(), target)
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    assert [p.name for p in tmp_path.iterdir()] == ["ofsted.db"]


# -- Excel ----------------------------------------------------------------------------------


def test_xlsx_reads_back(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    ds = load()
    path = write_xlsx(ds, tmp_path / "ofsted.xlsx")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [*TABLE_NAMES, LATEST_TABLE]
    for table in (*TABLE_NAMES, LATEST_TABLE):
        sheet = workbook[table]
        cols = columns(table)
        header = [cell.value for cell in sheet[1]]
        assert header == [c.name for c in cols]
        assert all(cell.font.bold for cell in sheet[1])
        assert sheet.freeze_panes == "A2"
        values = list(sheet.iter_rows(min_row=2, values_only=True))
        expected = typed_rows(ds, table)
        assert len(values) == len(expected)
        for got, want in zip(values, expected, strict=True):
            for column, cell, value in zip(cols, got, want, strict=True):
                if column.kind == "date" and value is not None:
                    assert isinstance(cell, datetime)
                    assert cell.date() == value
                else:
                    assert cell == value, column.name
    assert [p.name for p in tmp_path.iterdir()] == ["ofsted.xlsx"]


def test_xlsx_needs_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingDependencyError, match=r"ofsted-ratings\[xlsx\]") as caught:
        write_xlsx(load(), tmp_path / "ofsted.xlsx")
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, OfstedRatingsError)
    assert not list(tmp_path.iterdir())


def test_docstring_examples() -> None:
    result = doctest.testmod(tables_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
