"""The shape of every export: typed JSON, the authority's names and codes in every table,
one set of column names for the wide and long forms, CSV for Excel, and latest grades for
every authority asked about."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings import load
from ofsted_ratings.cli import render
from ofsted_ratings.exports import EXPORT_COLUMNS, export_rows, write_csv
from ofsted_ratings.exports.tables import LONG_COLUMNS, latest_pairs, latest_rows, long_rows
from ofsted_ratings.io.package import rows_to_csv
from ofsted_ratings.tabular import authority_identity, inspection_columns

IDENTITY = [c.name for c in authority_identity()]


def test_wide_and_long_share_their_names() -> None:
    # The same things have the same names in both forms: the authority's identity and the
    # two dates (the report's own publication date, and the date the queries use).
    for name in [*IDENTITY, "published", "known_from", "framework", "kind", "date_precision"]:
        assert name in EXPORT_COLUMNS, name
        assert name in LONG_COLUMNS, name
    assert tuple(c.name for c in inspection_columns()) == EXPORT_COLUMNS
    ds = load()
    wide = {row["id"]: row for row in export_rows(ds)}
    for row in long_rows(ds):
        other = wide[str(row["inspection_id"])]
        for name in [*IDENTITY, "published", "known_from", "framework", "kind"]:
            assert row[name] == other[name], name
        assert other[str(row["area"])] == row["grade"]


def test_export_rows_are_typed() -> None:
    ds = load()
    rows = list(export_rows(ds))
    assert len(rows) == len(ds.inspections)
    for row in rows:
        inspection = next(i for i in ds.history(str(row["authority_key"])) if i.id == row["id"])
        assert row["urn"] == inspection.urn
        assert row["known_from"] == inspection.known_from.isoformat()
        assert row["published"] == (inspection.published and inspection.published.isoformat())
        assert row["start"] == (inspection.start and inspection.start.isoformat())
        assert "" not in row.values()
        for value in row.values():
            assert value is None or type(value) in (int, str)
    dorset = next(r for r in rows if r["authority_key"] == "la-835")
    assert dorset["urn"] is None
    assert dorset["la_code"] == "835"


def test_json_from_export_is_typed() -> None:
    ds = load()
    text = render.json_text(list(export_rows(ds, ds.history("Leeds"))))
    rows = json.loads(text)
    assert [r["urn"] for r in rows] == [80481] * len(ds.history("Leeds"))
    first = rows[0]
    assert first["lead_inspector"] is None or isinstance(first["lead_inspector"], str)
    assert rows[-1]["known_from"] == "2025-08-12"
    assert rows[-1]["region"] == "North East, Yorkshire and the Humber"
    assert '""' not in text
    # Every value is a number, text or null: no empty strings for missing values.
    assert all(v is None or isinstance(v, (int, str)) for r in rows for v in r.values())


def test_latest_lists_authorities_with_no_inspection() -> None:
    ds = load()
    # On 31 March 2024 Cumberland had not been inspected (Ofsted's file says so too).
    past = ds.as_of(date(2024, 3, 31))
    chosen = [past.authority("Leeds"), past.authority("Cumberland")]
    pairs = [(a, past.latest(a)) for a in chosen]
    assert pairs[1][1] is None
    rows = json.loads(render.latest_json(pairs))
    assert [r["authority"] for r in rows] == ["Leeds", "Cumberland"]
    assert rows[0]["id"] == "80481-2022-05-09"
    assert rows[1]["urn"] == ds.authority("Cumberland").urn
    assert rows[1]["la_code"] == "942"
    assert all(rows[1][name] is None for name in EXPORT_COLUMNS if name not in IDENTITY)
    assert sorted(rows[0]) == sorted(EXPORT_COLUMNS)
    table = list(csv.DictReader(io.StringIO(render.latest_csv(pairs))))
    assert [r["authority"] for r in table] == ["Leeds", "Cumberland"]
    assert table[1]["id"] == "" and table[1]["ons_code"] == ds.authority("Cumberland").ons_code


def test_latest_pairs_follow_the_release_date() -> None:
    ds = load()
    names = {a.name for a, _ in latest_pairs(ds.as_of(date(2022, 12, 31)))}
    assert "Cumbria" in names and "Cumberland" not in names
    names = {a.name for a, _ in latest_pairs(ds)}
    assert "Cumbria" not in names and "Cumberland" in names
    rows = list(latest_rows(latest_pairs(ds)))
    assert len(rows) == len(ds.current_authorities)


def test_csv_for_excel(tmp_path: Path) -> None:
    ds = load()
    plain = write_csv(ds, tmp_path / "plain.csv")
    excel = write_csv(ds, tmp_path / "excel.csv", excel=True)
    raw = excel.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not plain.read_bytes().startswith(b"\xef")
    assert b"\r\n" in raw and b"\r\n" not in plain.read_bytes()
    # A name with an accent survives the round trip through utf-8-sig, as Excel reads it.
    text = raw.decode("utf-8-sig")
    assert "Máire" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert rows == list(csv.DictReader(io.StringIO(plain.read_text(encoding="utf-8"))))
    for table in ("judgements", "latest_grades"):
        path = write_csv(ds, tmp_path / f"{table}.csv", table=table, excel=True)
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert render.csv_text([{"a": "Máire"}], ["a"], excel=True) == "\ufeffa\r\nMáire\r\n"
    assert rows_to_csv([{"a": None, "b": 3}], ["a", "b"]) == "a,b\n,3\n"


def test_write_csv_refuses_an_unknown_table(tmp_path: Path) -> None:
    from ofsted_ratings.errors import OfstedRatingsError

    with pytest.raises(OfstedRatingsError, match="unknown table 'schools'"):
        write_csv(load(), tmp_path / "x.csv", table="schools")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_streaks_and_coverage_name_the_authority() -> None:
    from ofsted_ratings.completeness import coverage

    ds = load()
    payload = json.loads(render.coverage_json(coverage(ds)))
    first = payload["authorities"][0]
    authority = ds.authority(first["authority_key"])
    assert (first["authority"], first["la_code"], first["ons_code"]) == (
        authority.name,
        authority.la_code,
        authority.ons_code,
    )
    rows = list(csv.DictReader(io.StringIO(render.coverage_csv(coverage(ds)))))
    assert list(rows[0])[: len(IDENTITY)] == IDENTITY


def test_latest_grades_frames() -> None:
    pd = pytest.importorskip("pandas")
    ds = load()
    frame = ds.to_pandas("latest_grades")
    assert len(frame) == len(ds.current_authorities)
    assert frame["id"].isna().sum() == sum(1 for _, i in latest_pairs(ds) if i is None)
    assert isinstance(
        frame["known_from"].dtype, type(pd.Series([date(2020, 1, 1)]).astype("datetime64[s]").dtype)
    )


def test_renderings_of_moves_and_waits() -> None:
    ds = load()
    found = ds.transitions(area="care_leavers")
    text = render.transitions_text(found)
    assert text.startswith(f"care_leavers: {found.total} moves between successive graded")
    assert str(found).splitlines()[2] in text  # the matrix
    assert f"{found.without_grade} pairs of successive graded inspections left out" in text
    for table in ("matrix", "moves"):
        names = [c.name for c in found.columns(table)]
        rows = list(csv.DictReader(io.StringIO(render.csv_text(found.rows(table), names))))
        assert len(rows) == (16 if table == "matrix" else found.total)
        assert json.loads(render.json_text(found.rows(table))) == found.rows(table)
    moves = ds.changes("good", "outstanding", group="core-cities")
    lines = render.changes_table(moves).splitlines()
    assert lines[2].split() == ["Leeds", "good", "2015-03-27", "outstanding", "2018-12-18", "1362"]
    assert render.changes_table(ds.changes("outstanding", "inadequate", as_of="2009-12-31")) == (
        "No authority made that move.\n"
    )
    empty = ds.changes("outstanding", "inadequate", as_of="2009-12-31")
    header = render.csv_text(empty.rows(), [c.name for c in empty.columns()])
    assert header.splitlines() == [",".join(c.name for c in empty.columns())]
    waits = ds.since(as_of="2024-03-31", group="region:north-west")
    lines = render.since_table(waits).splitlines()
    assert lines[0] == "Days since each authority's latest graded inspection, to 2024-03-31:"
    assert lines[4].split()[:4] == ["Cumberland", "not", "yet", "inspected"]
