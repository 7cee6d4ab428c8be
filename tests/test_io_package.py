"""Reading a data package from disk: every damaged file is a typed error naming where."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import attrs
import pytest

from ofsted_ratings import Dataset, Inspection, LocalAuthority, load
from ofsted_ratings.dataset import read_dataset, read_folder
from ofsted_ratings.errors import DataFileError, OfstedRatingsError, RecordError
from ofsted_ratings.io.convert import (
    AUTHORITY_COLUMNS,
    INSPECTION_COLUMNS,
    authority_from_row,
    authority_to_row,
    converter,
    from_json,
    inspection_from_row,
    inspection_to_row,
    to_json,
)
from ofsted_ratings.io.package import (
    AUTHORITIES_FILE,
    DESCRIPTOR_FILE,
    INSPECTIONS_FILE,
    package_files,
    read_package,
    read_records,
    rows_to_csv,
)

RELEASE = date(2025, 9, 1)


@pytest.fixture(scope="module")
def small() -> Dataset:
    """Leeds and Bristol with their inspections."""
    bundled = load(bundled=True)
    names = ("Leeds", "Bristol")
    return Dataset(
        authorities=[bundled.authority(n) for n in names],
        inspections=[i for n in names for i in bundled.history(n)],
        release=RELEASE,
        origin="small",
    )


@pytest.fixture
def files(small: Dataset) -> dict[str, str]:
    return package_files(small, RELEASE)


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _edit(text: str, columns: tuple[str, ...], index: int, **changes: str) -> str:
    """``text`` with the data row ``index`` (0-based) changed."""
    rows = _rows(text)
    rows[index].update(changes)
    return rows_to_csv(rows, columns)


# -- the package as written --------------------------------------------------------------------


def test_a_written_package_reads_back_the_same(
    tmp_path: Path, small: Dataset, files: dict[str, str]
) -> None:
    folder = _write(tmp_path / "pkg", files)
    text = read_package(folder)
    assert text.release == RELEASE
    assert text.names == (str(folder / AUTHORITIES_FILE), str(folder / INSPECTIONS_FILE))
    again = read_folder(folder)
    assert again.origin == str(folder)
    assert again.release == RELEASE
    assert again.authorities == small.authorities
    assert sorted(again.inspections, key=lambda i: i.id) == sorted(
        small.inspections, key=lambda i: i.id
    )
    assert read_folder(folder, "mine").origin == "mine"


def test_a_descriptor_without_a_version_gives_no_release(
    tmp_path: Path, files: dict[str, str]
) -> None:
    descriptor = json.loads(files[DESCRIPTOR_FILE])
    del descriptor["version"]
    folder = _write(tmp_path / "pkg", {**files, DESCRIPTOR_FILE: json.dumps(descriptor)})
    assert read_package(folder).release is None
    assert read_folder(folder).release is None


# -- damaged files --------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [DESCRIPTOR_FILE, AUTHORITIES_FILE, INSPECTIONS_FILE])
def test_a_missing_file_is_named(tmp_path: Path, files: dict[str, str], missing: str) -> None:
    folder = _write(tmp_path / "pkg", {k: v for k, v in files.items() if k != missing})
    with pytest.raises(DataFileError, match="file not found") as caught:
        read_folder(folder)
    assert caught.value.path == str(folder / missing)
    assert caught.value.line is None


def test_a_file_not_in_utf8_is_named(tmp_path: Path, files: dict[str, str]) -> None:
    folder = _write(tmp_path / "pkg", files)
    (folder / AUTHORITIES_FILE).write_bytes(files[AUTHORITIES_FILE].encode("cp1252") + b"\xff\n")
    with pytest.raises(DataFileError, match="not UTF-8 text") as caught:
        read_package(folder)
    assert caught.value.path == str(folder / AUTHORITIES_FILE)


@pytest.mark.parametrize(
    ("descriptor", "detail"),
    [
        ("{not json", "Expecting property name"),
        ("[1, 2]", "has no attribute 'get'"),
        ('{"version": "2025-13-01"}', "month must be in 1..12"),
        ('{"version": "last tuesday"}', "Invalid isoformat"),
    ],
)
def test_a_bad_descriptor_is_named(
    tmp_path: Path, files: dict[str, str], descriptor: str, detail: str
) -> None:
    folder = _write(tmp_path / "pkg", {**files, DESCRIPTOR_FILE: descriptor})
    with pytest.raises(DataFileError, match="not a valid descriptor") as caught:
        read_package(folder)
    assert caught.value.path == str(folder / DESCRIPTOR_FILE)
    assert detail in str(caught.value)


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (lambda cols: cols[:-1], "missing source_note"),
        (lambda cols: (*cols, "colour"), "unexpected colour"),
        (lambda cols: (*cols[:-1], "colour"), "missing source_note; unexpected colour"),
        (lambda cols: (cols[1], cols[0], *cols[2:]), "wrong order"),
    ],
)
def test_wrong_columns_are_named_on_line_1(
    files: dict[str, str], header: object, detail: str
) -> None:
    columns = header(INSPECTION_COLUMNS)  # type: ignore[operator]
    rows = _rows(files[INSPECTIONS_FILE])
    text = rows_to_csv(({c: r.get(c, "") for c in columns} for r in rows), columns)
    with pytest.raises(DataFileError, match="wrong columns") as caught:
        read_records(files[AUTHORITIES_FILE], text)
    error = caught.value
    assert (error.path, error.line) == (INSPECTIONS_FILE, 1)
    assert str(error).endswith(detail)


def test_a_row_with_too_many_or_too_few_fields(files: dict[str, str]) -> None:
    lines = files[AUTHORITIES_FILE].splitlines(keepends=True)
    short = "".join([lines[0], lines[1], "80441,Bristol\n"])
    with pytest.raises(DataFileError, match="wrong number of fields") as caught:
        read_records(short, files[INSPECTIONS_FILE])
    assert (caught.value.path, caught.value.line) == (AUTHORITIES_FILE, 3)
    long = "".join([lines[0], lines[1].rstrip("\n") + ",extra\n"])
    with pytest.raises(DataFileError, match="line 2: wrong number of fields"):
        read_records(long, files[INSPECTIONS_FILE])


def test_text_that_is_not_valid_csv(files: dict[str, str]) -> None:
    lines = files[AUTHORITIES_FILE].splitlines(keepends=True)
    broken = lines[0] + '80481,"Leeds"x,383\n'
    with pytest.raises(DataFileError, match="not valid CSV: ',' expected after '\"'") as caught:
        read_records(broken, files[INSPECTIONS_FILE])
    assert caught.value.path == AUTHORITIES_FILE


@pytest.mark.parametrize(
    ("bad", "line"),
    [('80441,"Bristol"x,801\n', 3), ('80441,"Bris\ntol"x,801\n', 4), ('80441,"Bristol\n', 4)],
)
def test_text_that_is_not_valid_csv_names_its_line(
    files: dict[str, str], bad: str, line: int
) -> None:
    lines = files[AUTHORITIES_FILE].splitlines(keepends=True)
    broken = "".join([lines[0], lines[1], bad, *lines[2:]])
    with pytest.raises(DataFileError, match=f"line {line}: not valid CSV") as caught:
        read_records(broken, files[INSPECTIONS_FILE])
    assert (caught.value.path, caught.value.line) == (AUTHORITIES_FILE, line)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"urn": "eighty"}, "urn", "urn is not a number"),
        ({"urn": "80482"}, "urn", "urn '80482' should be 80481 for authority_key '80481'"),
        ({"authority_key": "la-38"}, "authority_key", "not an authority key"),
        ({"kind": "inspection-ish"}, "kind", "unknown kind"),
        ({"source_kind": "rumour"}, "source_kind", "unknown source_kind 'rumour'"),
        ({"source_sha256": "ABC"}, "source_sha256", "sha256 must be 64 lower-case hex digits"),
        ({"source_published": "12/08/2025"}, "source_published", "not an ISO date"),
        ({"lead_inspector": " Padded "}, "lead_inspector", "non-empty trimmed string"),
        ({"overall_effectiveness": "adequate"}, "overall_effectiveness", "should be written"),
    ],
)
def test_a_bad_value_names_file_line_and_field(
    files: dict[str, str], changes: dict[str, str], field: str, message: str
) -> None:
    rows = _rows(files[INSPECTIONS_FILE])
    index = next(n for n, r in enumerate(rows) if r["id"] == "80481-2025-08-12")
    text = _edit(files[INSPECTIONS_FILE], INSPECTION_COLUMNS, index, **changes)
    with pytest.raises(DataFileError, match=message) as caught:
        read_records(files[AUTHORITIES_FILE], text)
    error = caught.value
    assert (error.path, error.line, error.field) == (INSPECTIONS_FILE, index + 2, field)


def test_an_area_outside_the_framework_names_the_line(files: dict[str, str]) -> None:
    rows = _rows(files[INSPECTIONS_FILE])
    index = next(n for n, r in enumerate(rows) if r["framework"] == "sif")
    text = _edit(files[INSPECTIONS_FILE], INSPECTION_COLUMNS, index, children_in_care="good")
    with pytest.raises(DataFileError, match="has no area 'children_in_care'") as caught:
        read_records(files[AUTHORITIES_FILE], text, names=("a.csv", "i.csv"))
    assert (caught.value.path, caught.value.line, caught.value.field) == ("i.csv", index + 2, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"urn": "x"}, "urn", "urn is not a number: 'x'"),
        ({"region": "Atlantis"}, "region", "unknown region 'Atlantis'"),
        ({"type": "Parish"}, "type", "unknown authority type 'Parish'"),
        ({"predecessors": "80481; two"}, "predecessors", "not a list of authority keys"),
        ({"successors": "1;;x"}, "successors", "not a list of authority keys"),
        ({"key": "la-999"}, "key", "key 'la-999' should be '"),
        ({"la_code": "38"}, "la_code", "three digits"),
    ],
)
def test_a_bad_authority_value_is_named(
    files: dict[str, str], changes: dict[str, str], field: str, message: str
) -> None:
    text = _edit(files[AUTHORITIES_FILE], AUTHORITY_COLUMNS, 1, **changes)
    with pytest.raises(DataFileError, match=message) as caught:
        read_records(text, files[INSPECTIONS_FILE])
    assert (caught.value.path, caught.value.line, caught.value.field) == (
        AUTHORITIES_FILE,
        3,
        field,
    )


def test_records_that_contradict_each_other_name_the_file(
    tmp_path: Path, files: dict[str, str]
) -> None:
    rows = _rows(files[INSPECTIONS_FILE])
    rows[0]["urn"] = rows[0]["authority_key"] = "80525"
    rows[0]["id"] = "80525-" + rows[0]["id"].split("-", 1)[1]
    orphan = rows_to_csv(rows, INSPECTION_COLUMNS)
    with pytest.raises(DataFileError, match="of unknown authority 80525") as caught:
        read_dataset(files[AUTHORITIES_FILE], orphan)
    assert caught.value.path == INSPECTIONS_FILE
    twice = files[INSPECTIONS_FILE] + files[INSPECTIONS_FILE].splitlines(keepends=True)[1]
    folder = _write(tmp_path / "pkg", {**files, INSPECTIONS_FILE: twice})
    with pytest.raises(DataFileError, match="two inspections have id") as caught:
        read_folder(folder)
    assert caught.value.path == str(folder / INSPECTIONS_FILE)


def test_two_authorities_with_one_urn_name_the_authorities_file(
    tmp_path: Path, files: dict[str, str]
) -> None:
    lines = files[AUTHORITIES_FILE].splitlines(keepends=True)
    twice = "".join([*lines, lines[1]])
    with pytest.raises(DataFileError, match="two authorities have the key 80481") as caught:
        read_dataset(twice, files[INSPECTIONS_FILE])
    assert caught.value.path == AUTHORITIES_FILE
    folder = _write(tmp_path / "pkg", {**files, AUTHORITIES_FILE: twice})
    with pytest.raises(DataFileError, match="two authorities have the key 80481") as caught:
        read_folder(folder)
    assert caught.value.path == str(folder / AUTHORITIES_FILE)


# -- rows and JSON ---------------------------------------------------------------------------


def test_row_readers_name_missing_and_unknown_columns(small: Dataset) -> None:
    authority = authority_to_row(small.authorities[0])
    with pytest.raises(RecordError, match="missing columns: aliases, created"):
        authority_from_row({k: v for k, v in authority.items() if k not in ("aliases", "created")})
    with pytest.raises(RecordError, match="unknown columns: colour"):
        authority_from_row({**authority, "colour": "red"})
    inspection = inspection_to_row(small.inspections[0])
    with pytest.raises(RecordError, match="unknown columns: colour"):
        inspection_from_row({**inspection, "colour": "red"})
    swapped = {k: v for k, v in inspection.items() if k != "source_note"}
    with pytest.raises(RecordError, match="missing columns: source_note"):
        inspection_from_row({**swapped, "colour": "red"})


def test_a_grade_in_the_wrong_words_says_how_to_write_it(small: Dataset) -> None:
    early = next(i for i in small.inspections if i.framework_info.uses_adequate and i.graded)
    row = inspection_to_row(early)
    row["overall_effectiveness"] = "requires improvement"
    with pytest.raises(RecordError, match="should be written 'adequate'") as caught:
        inspection_from_row(row)
    assert caught.value.field == "overall_effectiveness"
    row["overall_effectiveness"] = "GOOD"
    with pytest.raises(RecordError, match="'GOOD' should be written 'good'"):
        inspection_from_row(row)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: [d], "an inspection must be a mapping, not list"),
        (lambda d: {**d, "colour": "red"}, "unknown inspection fields: colour"),
        (lambda d: {**d, "judgements": ["good"]}, "judgements must be a mapping"),
        (lambda d: {**d, "start": 20250630}, "not a date: 20250630"),
        (lambda d: {**d, "end": "2025-02-30"}, r"not an ISO date \(YYYY-MM-DD\): '2025-02-30'"),
        (lambda d: {**d, "judgements": {"overall_effectiveness": "super"}}, "'super'"),
    ],
)
def test_bad_inspection_json_is_a_typed_error(small: Dataset, change: object, message: str) -> None:
    data = json.loads(to_json(small.history("Leeds")[-1]))
    with pytest.raises(OfstedRatingsError, match=message):
        from_json(json.dumps(change(data)), Inspection)  # type: ignore[operator]


def test_missing_optional_json_values_read_as_none(small: Dataset) -> None:
    latest = small.history("Leeds")[-1]
    data = json.loads(to_json(latest))
    data.update(
        start="", end=None, judgements=None, kind=None, kind_basis=None, lead_inspector=None
    )
    read = from_json(json.dumps(data), Inspection)
    assert (read.start, read.end, read.judgements, read.lead_inspector) == (None, None, (), None)
    assert read.published == latest.published


def test_the_converter_accepts_dates_as_they_are() -> None:
    day = date(2025, 8, 12)
    assert converter.structure(day, date) is day
    assert converter.structure("2025-08-12", date) == day
    with pytest.raises(RecordError, match="not a date"):
        converter.structure(day.isoformat().encode(), date)


def _source(**changes: object) -> Callable[[dict[str, object]], dict[str, object]]:
    def change(data: dict[str, object]) -> dict[str, object]:
        source = data["source"]
        assert isinstance(source, dict)
        return {**data, "source": {**source, **changes}}

    return change


@pytest.mark.parametrize(
    ("cls", "change", "field", "message"),
    [
        (Inspection, lambda d: {**d, "framework": "ilacs_2099"}, "framework", "'ilacs_2099'"),
        (Inspection, lambda d: {**d, "kind": "visit-ish"}, "kind", "'visit-ish'"),
        (Inspection, lambda d: {**d, "urn": True}, "urn", "not a whole number: True"),
        (Inspection, lambda d: {**d, "urn": 1.5}, "urn", "not a whole number: 1.5"),
        (
            Inspection,
            lambda d: {k: v for k, v in d.items() if k not in ("urn", "authority_key")},
            "authority_key",
            "missing",
        ),
        (Inspection, lambda d: {**d, "urn": 7}, "urn", "not that of authority"),
        (Inspection, _source(kind="rumour"), "source.kind", "'rumour' is not a valid"),
        (Inspection, _source(sha256="ABC"), "source.sha256", "64 lower-case hex digits"),
        (Inspection, _source(url=5), "source.url", "not a string: 5"),
        (Inspection, lambda d: {**d, "source": 5}, "source", "must be a mapping, not int"),
        (Inspection, lambda d: {**d, "judgements": {"nope": "good"}}, "judgements", "no area"),
        (
            Inspection,
            lambda d: {**d, "judgements": {"care_leavers": 2}},
            "judgements.care_leavers",
            "not an Ofsted grade: 2",
        ),
        (LocalAuthority, lambda d: {**d, "created": 5}, "created", "not a date: 5"),
        (LocalAuthority, lambda d: {**d, "region": "Atlantis"}, "region", "'Atlantis'"),
        (LocalAuthority, lambda d: {**d, "aliases": "Leeds"}, "aliases", "not a list: 'Leeds'"),
        (LocalAuthority, lambda d: {**d, "predecessors": ["x"]}, "predecessors", "'x'"),
        (LocalAuthority, lambda d: {**d, "la_code": "38"}, "la_code", "three digits"),
        (LocalAuthority, lambda d: {k: v for k, v in d.items() if k != "name"}, "name", "missing"),
        (LocalAuthority, lambda d: [d], None, "must be a mapping, not list"),
    ],
)
def test_every_bad_json_value_is_a_record_error_naming_its_field(
    small: Dataset,
    cls: type,
    change: Callable[[dict[str, object]], object],
    field: str | None,
    message: str,
) -> None:
    record = small.history("Leeds")[-1] if cls is Inspection else small.authorities[0]
    data = change(json.loads(to_json(record)))
    with pytest.raises(RecordError, match=re.escape(message)) as caught:
        from_json(json.dumps(data), cls)
    assert caught.value.field == field
    assert field is None or str(caught.value).startswith(field)


def test_a_bad_json_value_in_a_list_names_its_index(small: Dataset) -> None:
    data = json.loads(to_json(list(small.history("Leeds"))))
    data[1]["source"]["kind"] = "rumour"
    with pytest.raises(RecordError, match=r"^\[1\]\.source\.kind: 'rumour'") as caught:
        from_json(json.dumps(data), list[Inspection])
    assert caught.value.field == "[1].source.kind"
    with pytest.raises(RecordError, match="not valid JSON"):
        from_json("[{", list[Inspection])


def test_inspection_json_of_earlier_releases_names_the_authority_by_urn_alone() -> None:
    leeds = load(bundled=True).history("Leeds")[-1]
    data = json.loads(to_json(leeds))
    assert (data["authority_key"], data["urn"]) == ("80481", 80481)
    del data["authority_key"]
    assert from_json(json.dumps(data), Inspection) == leeds


def test_an_authority_keyed_by_its_la_code_round_trips() -> None:
    data = load(bundled=True)
    dorset = data.authority("la-835")
    assert authority_from_row(authority_to_row(dorset)) == dorset
    assert from_json(to_json(dorset), LocalAuthority) == dorset
    [inspection] = data.history(dorset)
    row = inspection_to_row(inspection)
    assert (row["authority_key"], row["urn"]) == ("la-835", "")
    assert inspection_from_row(row) == inspection
    assert json.loads(to_json(inspection))["urn"] is None
    assert from_json(to_json(inspection), Inspection) == inspection


def test_files_written_before_authorities_had_keys_still_read(files: dict[str, str]) -> None:
    """A user's copy written by an earlier release keys every authority by its URN."""

    def without(text: str, column: str) -> str:
        rows = _rows(text)
        header = [c for c in rows[0] if c != column]
        return rows_to_csv(({c: r[c] for c in header} for r in rows), tuple(header))

    old = (
        without(files[AUTHORITIES_FILE], "key"),
        without(files[INSPECTIONS_FILE], "authority_key"),
    )
    assert "authority_key" not in old[1].splitlines()[0]
    assert read_records(*old) == read_records(files[AUTHORITIES_FILE], files[INSPECTIONS_FILE])
    with pytest.raises(DataFileError, match="wrong number of fields"):
        read_records(old[0], old[1] + "1,2\n")


def test_files_written_before_the_ons_region_still_read(files: dict[str, str]) -> None:
    """A user's copy written before authorities had an ONS region reads with none, with or
    without keys."""

    def without(text: str, *columns: str) -> str:
        rows = _rows(text)
        header = [c for c in rows[0] if c not in columns]
        return rows_to_csv(({c: r[c] for c in header} for r in rows), tuple(header))

    authorities, inspections = read_records(files[AUTHORITIES_FILE], files[INSPECTIONS_FILE])
    assert any(a.ons_region is not None for a in authorities)
    expected = [attrs.evolve(a, ons_region=None) for a in authorities]
    for old in (
        without(files[AUTHORITIES_FILE], "ons_region"),
        without(files[AUTHORITIES_FILE], "key", "ons_region"),
    ):
        assert read_records(old, files[INSPECTIONS_FILE]) == (expected, inspections)
    reordered = _rows(files[AUTHORITIES_FILE])
    header = [c for c in reordered[0] if c != "ons_region"][::-1]
    shuffled = rows_to_csv(({c: r[c] for c in header} for r in reordered), tuple(header))
    with pytest.raises(DataFileError, match="wrong columns"):
        read_records(shuffled, files[INSPECTIONS_FILE])
