"""The visits table in every export: CSV, JSON, SQLite, Excel, pandas and polars.

Each export is read back and checked against ``visits.csv`` itself, read with the ``csv``
module, not against the library's own rows.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings import load
from ofsted_ratings.cli import main
from ofsted_ratings.dataset import data_files
from ofsted_ratings.exports.csv import write_csv
from ofsted_ratings.exports.sqlite import write_sqlite
from ofsted_ratings.exports.tables import columns, typed_rows, visit_rows
from ofsted_ratings.queries import subset
from ofsted_ratings.tabular import authority_identity, identity

IDENTITY = tuple(column.name for column in authority_identity())


def _data_rows() -> list[dict[str, str]]:
    """The rows of the bundled ``visits.csv``, as the file holds them."""
    text = (data_files() / "visits.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_visit_columns_are_the_data_file_s_with_the_authority_named() -> None:
    names = [column.name for column in columns("visits")]
    data = list(_data_rows()[0])
    assert [n for n in names if n in data] == data
    assert names[1 : 1 + len(IDENTITY)] == list(IDENTITY)
    assert set(names) - set(data) == {
        *IDENTITY[2:],
        "known_from",
        "priority_action_count",
        "improvement_count",
    }


def test_csv_has_every_visit_of_the_data_file(tmp_path: Path) -> None:
    ds = load(bundled=True)
    path = write_csv(ds, tmp_path / "visits.csv", table="visits")
    written = {row["id"]: row for row in _read_csv(path.read_text(encoding="utf-8"))}
    source = {row["id"]: row for row in _data_rows()}
    assert written.keys() == source.keys()
    for key, row in source.items():
        out = written[key]
        # Every column of the data file, as the file has it.
        assert {name: out[name] for name in row} == row
        authority = ds.authority(row["authority_key"])
        named = identity(authority)
        assert out["authority"] == authority.name
        assert out["la_code"] == (named["la_code"] or "")
        items = json.loads(row["priority_actions"]) if row["priority_actions"] else []
        assert int(out["priority_action_count"]) == len(items)
        assert out["known_from"] == (
            row["letter_date"] or row["source_listed"] or row["source_published"]
        )


def test_json_gives_the_lists_as_lists(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--table", "visits", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    source = {row["id"]: row for row in _data_rows()}
    assert len(rows) == len(source)
    for row in rows:
        data = source[row["id"]]
        assert row["inspectors"] == (
            [] if not data["inspectors"] else data["inspectors"].split("; ")
        )
        wanted = json.loads(data["improvements"]) if data["improvements"] else []
        assert row["improvements"] == wanted
        assert row["improvement_count"] == len(wanted)
        assert row["urn"] == (int(data["urn"]) if data["urn"] else None)


def test_leeds_visits_in_the_csv_export(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--table", "visits"]) == 0
    rows = [r for r in _read_csv(capsys.readouterr().out) if r["authority"] == "Leeds"]
    # Leeds' two focused-visit letters, dated 22 February 2018 and 31 August 2021.
    assert [r["letter_date"] for r in rows] == ["2018-02-22", "2021-08-31"]
    assert {r["la_code"] for r in rows} == {"383"}


def test_sqlite_visits_table_has_keys(tmp_path: Path) -> None:
    ds = load(bundled=True)
    db = write_sqlite(ds, tmp_path / "ofsted.db")
    with sqlite3.connect(db) as con:
        info = con.execute("PRAGMA table_info(visits)").fetchall()
        assert [row[1] for row in info if row[5]] == ["id"]
        keys = con.execute("PRAGMA foreign_key_list(visits)").fetchall()
        assert [(k[2], k[3], k[4]) for k in keys] == [("authorities", "authority_key", "key")]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        by_kind = dict(con.execute("SELECT kind, count(*) FROM visits GROUP BY kind").fetchall())
        actions = con.execute(
            "SELECT count(*) FROM visits v, json_each(v.priority_actions)"
        ).fetchone()[0]
    source = _data_rows()
    assert by_kind == Counter(row["kind"] for row in source)
    assert actions == sum(len(json.loads(r["priority_actions"] or "[]")) for r in source)


def test_a_group_s_export_keeps_its_visits_only(tmp_path: Path) -> None:
    ds = load(bundled=True)
    core = subset(ds, ds.group("core-cities").members)
    keys = {a.key for a in core}
    assert core.visits and all(v.authority_key in keys for v in core.visits)
    assert len(core.visits) == sum(len(ds.visits_of(key)) for key in keys)
    db = write_sqlite(core, tmp_path / "core.db")  # the foreign keys hold
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM visits").fetchone()[0] == len(core.visits)


def test_as_of_leaves_out_later_visits() -> None:
    ds = load(bundled=True)
    day = date(2020, 1, 1)
    then = ds.as_of(day)
    assert then.visits == tuple(v for v in ds.visits if v.known_from <= day)
    assert 0 < len(then.visits) < len(ds.visits)
    assert [r["letter_date"] for r in visit_rows(then) if r["authority"] == "Leeds"] == [
        "2018-02-22"
    ]


def test_excel_has_a_visits_sheet(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from ofsted_ratings.exports.xlsx import write_xlsx

    ds = load(bundled=True)
    book = openpyxl.load_workbook(write_xlsx(ds, tmp_path / "o.xlsx"))
    sheet = book["visits"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.name for c in columns("visits")]
    assert len(rows) - 1 == len(_data_rows())
    start = rows[0].index("start")
    starts = Counter(r[start].date().isoformat() if r[start] else "" for r in rows[1:])
    assert starts == Counter(row["start"] for row in _data_rows())  # Excel dates


def test_frames_of_visits() -> None:
    pytest.importorskip("pandas")
    ds = load(bundled=True)
    frame = ds.to_pandas("visits")
    assert len(frame) == len(_data_rows())
    assert str(frame.letter_date.dtype) == "datetime64[s]"
    assert str(frame.priority_action_count.dtype) == "int64"
    assert frame.kind.value_counts().to_dict() == Counter(r["kind"] for r in _data_rows())
    assert frame.priority_action_count.sum() == sum(
        len(json.loads(r["priority_actions"] or "[]")) for r in _data_rows()
    )
    pl = pytest.importorskip("polars")
    polars = ds.to_polars("visits")
    assert polars.height == len(frame)
    assert polars.schema["known_from"] == pl.Date
    assert typed_rows(ds, "visits")[0][0] == frame.id.iloc[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--format", "long-csv", "--table", "visits"],
        ["export", "--format", "sqlite", "--out", "x.db", "--table", "visits"],
        ["export", "--table", "rooms"],
    ],
)
def test_export_table_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.count("\n") == 1
