"""Visits in the data package: the CSV and JSON forms, the descriptor, reading packages with
and without ``visits.csv``, the dataset's index, and what the bundled visits say."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings import load
from ofsted_ratings.dataset import Dataset, data_files, read_dataset, read_folder
from ofsted_ratings.errors import DataFileError, OfstedRatingsError, RecordError
from ofsted_ratings.frameworks import InspectionKind, framework_for
from ofsted_ratings.grades import Grade
from ofsted_ratings.integrity import check
from ofsted_ratings.io.convert import (
    VISIT_COLUMNS,
    from_json,
    to_json,
    visit_from_row,
    visit_to_row,
)
from ofsted_ratings.io.package import (
    AUTHORITIES_FILE,
    CORRECTION_COLUMNS,
    DESCRIPTOR_FILE,
    INSPECTIONS_FILE,
    VISIT_CORRECTIONS_FILE,
    VISITS_FILE,
    build_descriptor,
    package_files,
    read_package,
    read_visits,
)
from ofsted_ratings.models import Inspection, LocalAuthority, Source, SourceKind, Visit, VisitKind
from ofsted_ratings.testing import datasets, visits

RELEASE = date(2026, 8, 20)


def _bundled_rows(name: str) -> list[dict[str, str]]:
    text = (data_files() / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- CSV and JSON ---------------------------------------------------------------------------


def test_every_bundled_visit_round_trips_through_its_row_and_json() -> None:
    bundled = load(bundled=True).visits
    assert len(bundled) > 300
    rows = _bundled_rows(VISITS_FILE)
    assert [visit_to_row(v) for v in sorted(bundled, key=_file_key)] == rows
    assert [visit_from_row(row) for row in rows] == sorted(bundled, key=_file_key)
    assert from_json(to_json(list(bundled)), list[Visit]) == list(bundled)


def _file_key(visit: Visit) -> tuple[int, str, date]:
    urn = visit.urn
    return (urn if urn is not None else 10**9, visit.authority_key, visit.start or visit.known_from)


@given(visits())
def test_any_visit_round_trips_through_a_row(visit: Visit) -> None:
    row = visit_to_row(visit)
    assert list(row) == list(VISIT_COLUMNS)
    assert visit_from_row(row) == visit
    # ... and through the CSV text, whatever punctuation the letter's words hold.
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=VISIT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    (read,) = list(csv.DictReader(io.StringIO(text.getvalue(), newline="")))
    assert visit_from_row(read) == visit


@given(st.lists(visits(), max_size=4))
def test_any_visits_round_trip_through_json(items: list[Visit]) -> None:
    assert from_json(to_json(items), list[Visit]) == items
    assert from_json(to_json(items, indent=None), tuple[Visit, ...]) == tuple(items)


@given(datasets())
def test_datasets_with_visits_round_trip_through_the_package_files(ds: Dataset) -> None:
    files = package_files(ds, RELEASE)
    again = read_dataset(
        files[AUTHORITIES_FILE], files[INSPECTIONS_FILE], visits_csv=files[VISITS_FILE]
    )
    assert sorted(again.visits, key=lambda v: v.id) == sorted(ds.visits, key=lambda v: v.id)
    for authority in ds.authorities:
        assert again.visits_of(authority) == ds.visits_of(authority)


def test_the_letters_items_are_json_lists_in_their_cells() -> None:
    """A letter's item is whole sentences and may hold "; " (a list inside a bullet), so the
    items of a cell are a JSON list, never text joined by a separator."""
    rows = _bundled_rows(VISITS_FILE)
    items = []
    for row in rows:
        for column in ("priority_actions", "improvements"):
            if row[column]:
                value = json.loads(row[column])
                assert isinstance(value, list) and value, (row["id"], column)
                items.extend(value)
    assert len(items) > 500
    assert any("; " in item for item in items)  # why a "; " separator would not do
    for row in rows:
        assert (
            all(name and ";" not in name for name in row["inspectors"].split("; "))
            or not (row["inspectors"])
        )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"kind": "inspection"}, "kind", "unknown kind of visit"),
        ({"improvements": "Plans need to improve."}, "improvements", "not a JSON list"),
        ({"improvements": '{"a": 1}'}, "improvements", "not a JSON list of strings"),
        ({"priority_actions": "[]"}, "priority_actions", "empty cell"),
        ({"id": "80481-visit-2018-02-22"}, "id", "should be '80481-visit-2018-01-30'"),
        ({"urn": "80482"}, "urn", "should be 80481"),
        ({"start": "30/01/2018"}, "start", "not an ISO date"),
    ],
)
def test_a_bad_visit_row_names_its_field(changes: dict[str, str], field: str, words: str) -> None:
    leeds = load(bundled=True).visits_of(80481)[0]
    row = {**visit_to_row(leeds), **changes}
    with pytest.raises(RecordError, match=words) as raised:
        visit_from_row(row)
    assert raised.value.field == field
    with pytest.raises(RecordError, match="missing columns: theme"):
        visit_from_row({k: v for k, v in row.items() if k != "theme"})


def test_visit_json_names_the_authority_by_key_or_urn() -> None:
    leeds = load(bundled=True).visits_of(80481)[0]
    data = json.loads(to_json(leeds))
    assert (data["authority_key"], data["urn"]) == ("80481", 80481)
    without_key = {k: v for k, v in data.items() if k != "authority_key"}
    assert from_json(json.dumps(without_key), Visit) == leeds
    for missing in ("start", "end", "letter_date"):
        partial = {k: v for k, v in data.items() if k != missing}
        assert getattr(from_json(json.dumps(partial), Visit), missing) is None
    with pytest.raises(RecordError, match="urn 1 is not that of authority '80481'"):
        from_json(json.dumps({**data, "urn": 1}), Visit)
    with pytest.raises(RecordError, match=r"^kind: .*not a valid VisitKind"):
        from_json(json.dumps({**data, "kind": "inspection"}), Visit)
    with pytest.raises(RecordError, match="a visit must be a mapping"):
        from_json("[1]", list[Visit])


# --- the descriptor -------------------------------------------------------------------------


def _resource(name: str) -> dict[str, object]:
    descriptor = json.loads((data_files() / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
    resources: list[dict[str, object]] = descriptor["resources"]
    return next(r for r in resources if r["name"] == name)


def test_the_descriptor_describes_visits() -> None:
    visits_resource = _resource("visits")
    assert visits_resource["path"] == VISITS_FILE
    schema = visits_resource["schema"]
    assert isinstance(schema, dict)
    assert [f["name"] for f in schema["fields"]] == list(VISIT_COLUMNS)
    assert set(VISIT_COLUMNS) >= {a.name for a in attrs.fields(Visit)} - {"source"}
    assert schema["primaryKey"] == ["id"]
    assert schema["foreignKeys"] == [
        {"fields": ["authority_key"], "reference": {"resource": "authorities", "fields": ["key"]}}
    ]
    by_name = {f["name"]: f for f in schema["fields"]}
    assert by_name["kind"]["constraints"]["enum"] == [k.value for k in VisitKind]
    assert by_name["source_kind"]["constraints"]["enum"] == [k.value for k in SourceKind]
    for column in ("start", "end", "letter_date", "source_published", "source_listed"):
        assert by_name[column]["type"] == "date"
    assert "JSON list" in by_name["improvements"]["description"]
    corrections = _resource("visit-corrections")
    assert corrections["path"] == VISIT_CORRECTIONS_FILE
    schema = corrections["schema"]
    assert isinstance(schema, dict)
    assert [f["name"] for f in schema["fields"]] == list(CORRECTION_COLUMNS)
    assert schema["foreignKeys"][0]["reference"] == {"resource": "visits", "fields": ["id"]}
    assert [r["name"] for r in build_descriptor(release=RELEASE)["resources"]] == [
        "authorities",
        "inspections",
        "visits",
        "corrections",
        "visit-corrections",
    ]


def test_the_visit_files_keep_their_keys() -> None:
    """What a Frictionless validator checks of the keys: ids unique, every visit's authority
    an authority, every reviewed correction a visit's."""
    keys = {row["key"] for row in _bundled_rows(AUTHORITIES_FILE)}
    rows = _bundled_rows(VISITS_FILE)
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert {row["authority_key"] for row in rows} <= keys
    corrections = _bundled_rows(VISIT_CORRECTIONS_FILE)
    assert corrections
    assert {row["id"] for row in corrections} <= set(ids)


# --- reading packages -----------------------------------------------------------------------


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_package_reads_its_visits(tmp_path: Path) -> None:
    bundled = load(bundled=True)
    folder = _write(tmp_path / "pkg", package_files(bundled, RELEASE))
    text = read_package(folder)
    assert text.visits_csv is not None and text.visits_name == str(folder / VISITS_FILE)
    again = read_folder(folder)
    assert again.visits_of(80481) == bundled.visits_of(80481)
    assert len(again.visits) == len(bundled.visits)


def test_a_package_written_before_visits_still_loads(tmp_path: Path) -> None:
    bundled = load(bundled=True)
    files = package_files(bundled, RELEASE)
    del files[VISITS_FILE]
    folder = _write(tmp_path / "old", files)
    assert read_package(folder).visits_csv is None
    old = read_folder(folder)
    assert old.visits == ()
    assert old.visits_of(80481) == ()
    assert len(old.inspections) == len(bundled.inspections)


def test_a_bad_visits_file_names_file_line_and_field(tmp_path: Path) -> None:
    files = package_files(load(bundled=True), RELEASE)
    lines = files[VISITS_FILE].splitlines(keepends=True)
    rows = list(csv.DictReader(io.StringIO(files[VISITS_FILE], newline="")))
    bad = dict(rows[2], kind="inspection")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VISIT_COLUMNS, lineterminator="\n")
    writer.writerow(bad)
    damaged = "".join(lines[:3]) + out.getvalue() + "".join(lines[4:])
    with pytest.raises(DataFileError) as caught:
        read_visits(damaged)
    assert (caught.value.path, caught.value.line, caught.value.field) == (VISITS_FILE, 4, "kind")
    folder = _write(tmp_path / "pkg", {**files, VISITS_FILE: damaged})
    with pytest.raises(DataFileError) as caught:
        read_folder(folder)
    assert caught.value.path == str(folder / VISITS_FILE)
    twice = files[VISITS_FILE] + lines[1]
    with pytest.raises(DataFileError, match="two visits have id") as caught:
        read_dataset(files[AUTHORITIES_FILE], files[INSPECTIONS_FILE], visits_csv=twice)
    assert caught.value.path == VISITS_FILE


# --- the dataset ----------------------------------------------------------------------------


def _visit(key: str, start: date, letter: date) -> Visit:
    return Visit(
        authority_key=key,
        kind=VisitKind.FOCUSED,
        start=start,
        end=start,
        letter_date=letter,
        source=Source(
            kind=SourceKind.REPORT, url="https://example.org/l", title="l", sha256="1" * 64
        ),
    )


def test_visits_of_an_authority_are_oldest_first() -> None:
    bundled = load(bundled=True)
    leeds = bundled.authority("Leeds")
    early, late = (
        _visit(leeds.key, date(2019, 1, 1), date(2019, 3, 1)),
        _visit(leeds.key, date(2019, 2, 1), date(2019, 2, 20)),
    )
    ds = Dataset(authorities=[leeds], inspections=(), visits=[late, early])
    assert ds.visits_of(leeds) == ds.visits_of("80481") == ds.visits_of(80481) == (early, late)
    assert ds.visits_of(bundled.authority("York")) == ()
    for authority in bundled.authorities:
        starts = [v.start for v in bundled.visits_of(authority)]
        assert starts == sorted(starts)  # type: ignore[type-var]


def test_a_dataset_refuses_visits_it_cannot_index() -> None:
    leeds = load(bundled=True).authority("Leeds")
    visit = _visit(leeds.key, date(2019, 1, 1), date(2019, 3, 1))
    with pytest.raises(OfstedRatingsError, match="unknown authority 80481"):
        Dataset(authorities=[], inspections=(), visits=[visit])
    with pytest.raises(OfstedRatingsError, match="two visits have id 80481-visit-2019-01-01"):
        Dataset(authorities=[leeds], inspections=(), visits=[visit, visit])


# --- what the bundled visits say ------------------------------------------------------------


def test_leeds_has_its_focused_visits_between_its_inspections() -> None:
    """Leeds had one of the first two ILACS focused visits in February 2018 (CYP Now, 22
    February 2018) and a focused visit in 2021 (the council's one-minute guide)."""
    ds = load(bundled=True)
    leeds = ds.authority("Leeds")
    found = ds.visits_of(leeds)
    assert [v.kind.focused for v in found] == [True] * len(found)
    feb_2018 = [
        v for v in found if v.letter_date and (v.letter_date.year, v.letter_date.month) == (2018, 2)
    ]
    in_2021 = [v for v in found if v.start and v.start.year == 2021]
    assert len(feb_2018) == 1 and len(in_2021) == 1
    graded = [i for i in ds.inspections_of(leeds) if i.judges_services and i.start]
    for visit in (*feb_2018, *in_2021):
        assert visit.source.kind is SourceKind.REPORT and visit.inspectors
        assert visit.start is not None and visit.end is not None
        before = [i for i in graded if i.known_from <= visit.start]
        after = [i for i in graded if i.start and i.start > visit.end]
        assert before and after  # between two graded inspections
    assert feb_2018[0].end is not None
    assert feb_2018[0].end < date(2018, 10, 29)  # before the ILACS short inspection


def test_streaks_ignore_the_real_visits() -> None:
    """Visits neither count in nor break a run: the streaks over the bundled data, with its
    visits, are those over the same inspections without them."""
    bundled = load(bundled=True)
    assert len(bundled.visits) > 300
    bare = Dataset(authorities=bundled.authorities, inspections=bundled.inspections)
    assert bare.visits == ()
    # Visits sit between graded inspections of the runs found (a real test, not a vacuous one).
    runs = bundled.streaks(Grade.GOOD, 2, or_better=True)
    visited = [
        r
        for r in runs
        if any(
            r.inspections[0].known_from < v.known_from < r.inspections[-1].known_from
            for v in bundled.visits_of(r.authority)
        )
    ]
    assert visited
    for grade in Grade:
        for length in (1, 2, 3):
            for or_better in (False, True):
                assert bundled.streaks(grade, length, or_better=or_better) == bare.streaks(
                    grade, length, or_better=or_better
                )
        for area in ("impact_of_leaders", "help_and_protection"):
            assert bundled.streaks(grade, 2, area=area) == bare.streaks(grade, 2, area=area)


def test_visits_are_never_graded_nor_latest() -> None:
    bundled = load(bundled=True)
    assert not any(v.graded or v.judges_services for v in bundled.visits)
    for authority in bundled.authorities:
        assert not isinstance(bundled.latest(authority), Visit)


# --- integrity ------------------------------------------------------------------------------


def _inspection(key: str, start: date, grade: Grade) -> Inspection:
    published = start + timedelta(days=50)
    return Inspection(
        authority_key=key,
        framework=framework_for(start).id,
        kind=InspectionKind.STANDARD,
        start=start,
        end=start + timedelta(days=11),
        published=published,
        judgements=dict.fromkeys(framework_for(start).area_keys, grade),
        source=Source(
            kind=SourceKind.REPORT, url="https://example.org/r", title="r", sha256="2" * 64
        ),
    )


def test_the_visit_checks_find_what_is_wrong() -> None:
    leeds = LocalAuthority(urn=80481, name="Leeds", la_code="383")
    york = LocalAuthority(urn=80500, name="York", la_code="816", created=date(2019, 4, 1))
    good = _inspection("80481", date(2022, 2, 21), Grade.GOOD)
    inadequate = _inspection("80500", date(2022, 2, 21), Grade.INADEQUATE)
    visits = [
        _visit("80500", date(2018, 6, 5), date(2018, 7, 1)),  # before York existed
        _visit("80481", date(2022, 3, 1), date(2022, 4, 1)),  # on site during an inspection
        attrs.evolve(
            _visit("80481", date(2023, 1, 10), date(2023, 2, 1)), kind=VisitKind.MONITORING
        ),  # after a good inspection
        attrs.evolve(
            _visit("80500", date(2021, 1, 10), date(2021, 2, 1)), kind=VisitKind.MONITORING
        ),  # before any inspection
        attrs.evolve(
            _visit("80500", date(2023, 1, 10), date(2023, 2, 1)), kind=VisitKind.MONITORING
        ),  # after an inadequate one: fine
        _visit("80481", date(2022, 6, 1), date(2022, 7, 1)),  # between inspections: fine
    ]
    ds = Dataset(authorities=[leeds, york], inspections=[good, inadequate], visits=visits)
    found = [(p.code, p.record) for p in check(ds, published_counts={})]
    assert found == [
        ("before-created", "80500-visit-2018-06-05"),
        ("visit-during-inspection", "80481-visit-2022-03-01"),
        ("monitoring-not-inadequate", "80481-visit-2023-01-10"),
        ("monitoring-not-inadequate", "80500-visit-2021-01-10"),
    ]


def test_the_bundled_visits_pass_checks_that_bite() -> None:
    bundled = load(bundled=True)
    assert [p for p in check(bundled) if "visit" in (p.record or "")] == []
    monitoring = [v for v in bundled.visits if v.kind is VisitKind.MONITORING]
    assert len(monitoring) > 40  # each after an inadequate inspection, as the check says
    # Visits come close to inspections: the overlap check is not vacuous.
    close = [
        v
        for v in bundled.visits
        for i in bundled.inspections_of(v.authority_key)
        if v.start and i.start and abs((v.start - i.start).days) < 120
    ]
    assert close
