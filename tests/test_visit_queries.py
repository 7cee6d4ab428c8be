"""Questions about visits, and the command line's ``history`` and ``visits``, on the real data.

Expected sets come from ``visits.csv`` read with the ``csv`` module, or from the visits'
own fields, never from the function under test.
"""

from __future__ import annotations

import csv
import io
import json
import pickle
from collections import Counter
from datetime import date, timedelta

import pytest

from ofsted_ratings import load
from ofsted_ratings.cli import main
from ofsted_ratings.dataset import data_files
from ofsted_ratings.errors import DateError, OfstedRatingsError
from ofsted_ratings.models import Inspection, Visit, VisitKind
from ofsted_ratings.visit_queries import (
    Visits,
    parse_visit_kinds,
    priority_actions,
    timeline,
    visits,
    visits_since_latest,
)


def _data_rows() -> list[dict[str, str]]:
    text = (data_files() / "visits.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _known_from(row: dict[str, str]) -> str:
    return row["letter_date"] or row["source_listed"] or row["source_published"]


def test_every_visit_by_default_in_date_order() -> None:
    ds = load(bundled=True)
    found = visits(ds)
    assert {v.id for v in found} == {row["id"] for row in _data_rows()}
    days = [v.known_from for v in found]
    assert days == sorted(days)


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("focused", {"focused visit", "focused visit (adapted to COVID-19)"}),
        ("covid", {"focused visit (adapted to COVID-19)"}),
        ("monitoring", {"monitoring visit"}),
        (VisitKind.FOCUSED, {"focused visit"}),
        (["monitoring", "covid"], {"monitoring visit", "focused visit (adapted to COVID-19)"}),
    ],
)
def test_kind_filter(kind: object, values: set[str]) -> None:
    found = visits(load(bundled=True), kind=kind)  # type: ignore[arg-type]
    assert Counter(v.kind.value for v in found) == Counter(
        row["kind"] for row in _data_rows() if row["kind"] in values
    )


def test_dates_priority_actions_and_group() -> None:
    ds = load(bundled=True)
    found = visits(ds, start="2021-01-01", end=date(2021, 12, 31), with_priority_actions=True)
    assert {v.id for v in found} == {
        row["id"]
        for row in _data_rows()
        if "2021-01-01" <= _known_from(row) <= "2021-12-31" and row["priority_actions"]
    }
    assert all(v.priority_actions for v in found)
    assert len(visits(ds, with_priority_actions=True)) == sum(
        bool(row["priority_actions"]) for row in _data_rows()
    )
    london = ds.group("london")
    keys = {a.key for a in london.members}
    in_london = visits(ds, group="london")
    assert {v.id for v in in_london} == {
        r["id"] for r in _data_rows() if r["authority_key"] in keys
    }
    assert {a.key for a in in_london.authorities()} <= keys


def test_as_of_hides_later_letters() -> None:
    ds = load(bundled=True)
    leeds = visits(ds, authority="Leeds", as_of="2021-08-30")
    assert [v.letter_date for v in leeds] == [date(2018, 2, 22)]
    assert [v.letter_date for v in visits(ds, authority=["Leeds"], as_of="2021-08-31")] == [
        date(2018, 2, 22),
        date(2021, 8, 31),
    ]


def test_visits_since_latest_follow_the_latest_graded_inspection() -> None:
    ds = load(bundled=True)
    for authority in ds.authorities:
        inspection = ds.latest(authority)
        since = visits_since_latest(ds, authority)
        every = ds.visits_of(authority)
        if inspection is None:
            assert set(since) == set(every)
            continue
        last = inspection.end or inspection.start or inspection.known_from
        assert {v.id for v in since} == {v.id for v in every if (v.start or v.known_from) > last}, (
            authority.name
        )
    # Leeds: the 2021 focused visit came after the 2018 inspection, before the 2022 one.
    assert [v.letter_date for v in visits_since_latest(ds, "Leeds", as_of="2022-05-08")] == [
        date(2021, 8, 31)
    ]
    assert visits_since_latest(ds, "Leeds", as_of="2022-05-09") == ()


def test_priority_actions_in_the_last_year() -> None:
    ds = load(bundled=True)
    day = date(2024, 3, 31)
    found = priority_actions(ds, as_of=day)
    first = day - timedelta(days=364)
    assert {v.id for v in found} == {
        row["id"]
        for row in _data_rows()
        if row["priority_actions"] and first.isoformat() <= _known_from(row) <= day.isoformat()
    }
    assert found  # Peterborough and Shropshire, by the letters
    assert all(v.priority_actions for v in found)
    release = ds.release
    assert release is not None
    at_release = priority_actions(ds)
    assert all(release - timedelta(days=365) < v.known_from <= release for v in at_release)
    assert len(priority_actions(ds, as_of=day, days=10_000)) == len(
        visits(ds, with_priority_actions=True, as_of=day)
    )
    with pytest.raises(OfstedRatingsError, match="days"):
        priority_actions(ds, days=0)


def test_timeline_merges_in_date_order() -> None:
    ds = load(bundled=True)
    events = timeline(ds, "Leeds")
    assert [type(e) for e in events] == [
        Inspection,
        Inspection,
        Visit,
        Inspection,
        Visit,
        Inspection,
        Inspection,
    ]
    assert set(events) == {*ds.history("Leeds"), *ds.visits_of("80481")}
    assert timeline(ds, "Leeds", visits=False) == tuple(ds.history("Leeds"))
    assert ds.timeline("Leeds", as_of="2018-03-01")[-1].known_from == date(2018, 2, 22)
    for authority in ds.authorities:
        days = [e.known_from for e in timeline(ds, authority)]
        assert days == sorted(days)


def test_visits_is_a_tuple_with_a_table() -> None:
    found = load(bundled=True).find_visits(authority="Leeds")
    assert type(found) is Visits
    assert found == tuple(found)
    again = pickle.loads(pickle.dumps(found))
    assert again == found and again.authorities() == found.authorities()
    rows = found.rows(lists=True)
    assert [r["letter_date"] for r in rows] == ["2018-02-22", "2021-08-31"]
    assert isinstance(rows[0]["improvements"], list)
    with pytest.raises(AttributeError):
        found.extra = 1
    pytest.importorskip("pandas")
    assert list(found.to_frame()["authority"]) == ["Leeds", "Leeds"]


def test_bad_arguments_raise_typed_errors() -> None:
    ds = load(bundled=True)
    with pytest.raises(OfstedRatingsError, match="unknown kind of visit"):
        visits(ds, kind="inspection")
    with pytest.raises(DateError):
        visits(ds, start="2025-02-30")
    assert parse_visit_kinds(None) is None


# -- the command line -----------------------------------------------------------------------


def test_history_shows_leeds_visits_between_its_inspections(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["history", "Leeds"]) == 0
    out = capsys.readouterr().out
    marks = [
        "published 2015-03-27",
        "Focused visit, not graded: letter dated 2018-02-22",
        "published 2018-12-18",
        "Focused visit (adapted to COVID-19), not graded: letter dated 2021-08-31",
        "published 2022-05-09",
    ]
    places = [out.index(mark) for mark in marks]
    assert places == sorted(places)
    assert "on site 2018-01-30 to 2018-01-31" in out
    assert main(["history", "Leeds", "--no-visits"]) == 0
    assert "visit" not in capsys.readouterr().out.lower()


def test_history_csv_and_json_keep_their_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", "Leeds", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in rows] == [i.id for i in load(bundled=True).history("Leeds")]


def test_visits_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["visits"]) == 0
    out = capsys.readouterr().out
    counts = Counter(row["kind"] for row in _data_rows())
    flagged = sum(bool(row["priority_actions"]) for row in _data_rows())
    assert (
        f"{len(_data_rows())} visits ({counts['focused visit']} focused, "
        f"{counts['focused visit (adapted to COVID-19)']} focused (COVID-19), "
        f"{counts['monitoring visit']} monitoring); {flagged} with areas for priority action"
    ) in out
    assert main(["visits", "Leeds", "--kind", "focused", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["letter_date"] for r in rows] == ["2018-02-22", "2021-08-31"]
    assert main(["visits", "Leeds", "--from", "2019-01-01", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].startswith("80481-visit-2021-07-20,")
    assert main(["visits", "--group", "core-cities", "--kind", "monitoring"]) == 0
    table = capsys.readouterr().out
    assert "monitoring" in table and "Leeds" not in table
    assert main(["visits", "Leeds", "--since-latest-inspection"]) == 0
    assert capsys.readouterr().out == "No visits match.\n"
    assert main(["visits", "--with-priority-actions", "--as-of", "2024-03-31"]) == 0
    assert "Peterborough" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["visits", "--from", "2024-01-01", "--to", "2023-01-01"],
        ["visits", "--kind", "inspection"],
        ["visits", "--from", "yesterday"],
    ],
)
def test_visits_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.count("\n") == 1
