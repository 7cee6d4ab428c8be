"""Transitions, changes and time since: properties over generated datasets, Ofsted's own
inspection histories, and cited Leeds results."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings import (
    Dataset,
    DateError,
    FrameworkId,
    Grade,
    Inspection,
    OfstedRatingsError,
    UnknownAreaError,
    changes,
    load,
    since,
    transitions,
)
from ofsted_ratings.dataset import data_files
from ofsted_ratings.grade_counts import OFSTED_CUT_OFFS, took_place_by
from ofsted_ratings.merge import read_corrections
from ofsted_ratings.testing import datasets, grades

ROOT = Path(__file__).resolve().parents[1]
OFFICIAL = ROOT.parent / "shared" / "sources" / "ofsted-official"
#: A move as the official files show it: authority, the two dates, the two grades.
_Key = tuple[str, date | None, date | None, Grade | None, Grade | None]
AREAS = ("overall_effectiveness", "help_and_protection", "care_leavers", "lscb")


def _successive_pairs(ds: Dataset) -> list[tuple[str, str]]:
    """Every pair of an authority's successive graded inspections of its services, by id,
    worked out with plain loops over the records."""
    pairs: list[tuple[str, str]] = []
    for authority in ds.authorities:
        mine = [i for i in ds.inspections if i.authority_key == authority.key]
        mine.sort(key=lambda i: (i.known_from, i.start or i.known_from))
        graded = [i for i in mine if i.judges_services]
        pairs.extend((a.id, b.id) for a, b in pairwise(graded))
    return pairs


@given(datasets(max_authorities=4, max_inspections=8), st.sampled_from(AREAS))
def test_moves_are_the_successive_graded_pairs(ds: Dataset, area: str) -> None:
    found = transitions(ds, area=area)
    pairs = _successive_pairs(ds)
    by_id = {i.id: i for i in ds.inspections}
    graded_both = [
        (a, b) for a, b in pairs if by_id[a].grade(area) and by_id[b].grade(area) is not None
    ]
    assert found.total == len(graded_both)
    assert found.total + found.without_grade == len(pairs)
    assert sorted((m.before.id, m.after.id) for m in found.moves) == sorted(graded_both)
    assert sum(sum(row.values()) for row in found.matrix.values()) == found.total
    assert sum(found.totals_from().values()) == sum(found.totals_to().values()) == found.total
    rows = found.rows()
    assert len(rows) == 16
    assert sum(int(str(r["count"])) for r in rows) == found.total
    for move in found.moves:
        assert move.from_grade is move.before.grade(area)
        assert move.to_grade is move.after.grade(area)
        assert move.days == (move.after.known_from - move.before.known_from).days >= 0
        assert move.steps == move.from_grade.number - move.to_grade.number
        assert move.before.authority_key == move.after.authority_key == move.authority.key


@given(datasets(max_authorities=4, max_inspections=8), grades(), grades())
def test_changes_agree_with_transitions(ds: Dataset, before: Grade, after: Grade) -> None:
    found = changes(ds, before, after)
    everything = transitions(ds)
    assert len(found) == everything.count(before, after) == everything.matrix[before][after]
    assert list(found) == [
        m for m in everything.moves if m.from_grade is before and m.to_grade is after
    ]
    assert len(found.rows()) == len(found)
    # By name as well as by grade.
    assert changes(ds, before.value, after.value) == found


@given(
    datasets(max_authorities=4, max_inspections=8),
    grades(),
    grades(),
    st.dates(min_value=date(2009, 1, 1), max_value=date(2031, 1, 1)),
)
def test_changes_as_of_agree_with_the_period(
    ds: Dataset, before: Grade, after: Grade, day: date
) -> None:
    found = changes(ds, before, after, as_of=day)
    assert len(found) == transitions(ds, end=day).count(before, after)
    assert all(m.after.known_from <= day for m in found)
    # The same question asked of the dataset as it stood then.
    assert [(m.before.id, m.after.id) for m in changes(ds.as_of(day), before, after)] == [
        (m.before.id, m.after.id) for m in found
    ]


@given(
    datasets(max_authorities=4, max_inspections=8),
    st.dates(min_value=date(2009, 1, 1), max_value=date(2031, 1, 1)),
)
def test_filters_split_the_moves(ds: Dataset, day: date) -> None:
    everything = transitions(ds)
    by_framework = [transitions(ds, framework=f) for f in FrameworkId]
    assert sum(t.total for t in by_framework) == everything.total
    for framework, found in zip(FrameworkId, by_framework, strict=True):
        assert all(m.after.framework is framework for m in found.moves)
    early, late = transitions(ds, end=day), transitions(ds, start=day + timedelta(days=1))
    assert early.total + late.total == everything.total
    assert early.without_grade + late.without_grade == everything.without_grade


@given(datasets(max_authorities=5, max_inspections=8), st.data())
def test_since_lists_every_authority_longest_wait_first(ds: Dataset, data: st.DataObject) -> None:
    days = [i.known_from for i in ds.inspections] or [date(2020, 1, 1)]
    day = data.draw(st.sampled_from(days)) + timedelta(days=data.draw(st.integers(0, 400)))
    found = since(ds, as_of=day)
    assert sorted(e.authority.key for e in found) == sorted(a.key for a in ds.authorities)
    inspected = [e.inspected for e in found]
    assert inspected == sorted(inspected)  # the never inspected first
    waits = [e.days for e in found if e.days is not None]
    assert waits == sorted(waits, reverse=True)
    for entry in found:
        assert entry.inspection == ds.latest(entry.authority, as_of=day)
        if entry.days is not None:
            assert entry.days >= 0
            assert entry.days_since_published is not None
            assert 0 <= entry.days_since_published <= entry.days
    assert len(found.rows()) == len(found)


def test_since_counts_to_the_release_date_by_default() -> None:
    ds = load()
    assert ds.release is not None
    assert since(ds)[0].as_of == ds.release
    undated = Dataset(authorities=ds.authorities[:1], inspections=[])
    with pytest.raises(OfstedRatingsError, match="since needs as_of"):
        since(undated)
    assert [e.inspected for e in since(undated, as_of="2020-01-01")] == [False]


# -- Ofsted's own histories ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
        "LA_Inspection_Outcomes_as_at_March_2024.ods",
    ],
)
def test_ilacs_moves_match_ofsteds_inspection_history(name: str) -> None:
    """The moves between ILACS inspections are those of Ofsted's own list of every ILACS
    inspection (with the same cut-off: took place by 31 March, published by 30 June)."""
    pytest.importorskip("python_calamine")
    from ofsted_ratings.sources.official import read_outcomes

    path = OFFICIAL / name
    if not path.is_file():
        pytest.skip(f"the official file {name} is not present")
    official = read_outcomes(path)
    # The 2025 file dates each inspection by its first day on site, the 2024 file by its
    # publication: compare by the date the file gives.
    by_start = all(row.start is not None for row in official.history)
    field = "start" if by_start else "published"
    # Where the file disagrees with the reports, a reviewed row of corrections.csv says so.
    reviewed = {
        c.id: date.fromisoformat(c.official)
        for c in read_corrections((data_files() / "corrections.csv").read_text("utf-8")).items
        if c.file == name and c.field == field and c.official
    }

    def filed(inspection: Inspection) -> date | None:
        given = inspection.start if by_start else inspection.published
        return reviewed.get(inspection.id, given)

    ds = load()
    listed: dict[str, list[tuple[date | None, Grade | None]]] = {}
    for row in official.history:
        authority = ds.authority(row.ons_code or row.la_name)
        day = row.start if by_start else row.published
        listed.setdefault(authority.key, []).append((day, row.grade("overall_effectiveness")))
    theirs: Counter[_Key] = Counter()
    for key, rows in listed.items():
        rows.sort(key=lambda row: row[0] or date.min)
        for (first, was), (then, now) in pairwise(rows):
            theirs[(key, first, then, was, now)] += 1
    as_at, cut_off = official.as_at, OFSTED_CUT_OFFS[official.as_at]
    ilacs = {FrameworkId.ILACS_2018, FrameworkId.ILACS_2023}
    ours: Counter[_Key] = Counter()
    for move in transitions(ds, framework=ilacs, end=cut_off).moves:
        if move.before.framework in ilacs and took_place_by(move.after, as_at):
            first, then = filed(move.before), filed(move.after)
            ours[(move.authority.key, first, then, move.from_grade, move.to_grade)] += 1
    assert sum(theirs.values()) > 50
    assert ours == theirs


# -- Leeds, from its reports -------------------------------------------------------------------


def test_leeds_moves() -> None:
    """Leeds: inadequate (2010), good (SIF, published 27 March 2015), then outstanding
    three times (ILACS, published 18 December 2018, 9 May 2022 and 12 August 2025)."""
    ds = load()
    leeds = [m for m in transitions(ds).moves if m.authority.name == "Leeds"]
    assert [(m.from_grade.value, m.to_grade.value) for m in leeds] == [
        ("inadequate", "good"),
        ("good", "outstanding"),
        ("outstanding", "outstanding"),
        ("outstanding", "outstanding"),
    ]
    up = next(m for m in changes(ds, "good", "outstanding") if m.authority.name == "Leeds")
    assert (up.before.known_from, up.after.known_from) == (date(2015, 3, 27), date(2018, 12, 18))
    assert up.days == (date(2018, 12, 18) - date(2015, 3, 27)).days
    assert up.steps == 1
    row = up.row()
    assert (row["authority"], row["la_code"], row["ons_code"]) == ("Leeds", "383", "E08000035")
    assert (row["before_known_from"], row["after_known_from"]) == ("2015-03-27", "2018-12-18")
    # On 31 March 2025 Leeds's latest graded inspection was its 2022 one, on site
    # 21 February to 4 March 2022 and published 9 May 2022.
    wait = next(e for e in since(ds, as_of="2025-03-31") if e.authority.name == "Leeds")
    assert wait.inspection is not None and wait.inspection.id == "80481-2022-05-09"
    assert wait.days == (date(2025, 3, 31) - date(2022, 3, 4)).days
    assert wait.days_since_published == (date(2025, 3, 31) - date(2022, 5, 9)).days


def test_not_yet_inspected_authorities_come_first() -> None:
    # Ofsted's 2024 file lists Cumberland and Westmorland and Furness as not yet inspected.
    waits = since(load(), as_of=date(2024, 3, 31))
    assert [e.authority.name for e in waits if not e.inspected] == [
        "Cumberland",
        "Westmorland and Furness",
    ]
    assert [e.inspected for e in waits[:3]] == [False, False, True]
    names = {e.authority.name for e in waits}
    assert "Cumbria" not in names  # abolished on 1 April 2023
    assert len(waits) == 153


def test_questions_name_what_is_wrong() -> None:
    ds = load()
    with pytest.raises(UnknownAreaError):
        transitions(ds, area="overall")
    with pytest.raises(DateError, match=r"^start must be a date"):
        transitions(ds, start="2020/01/01")
    with pytest.raises(OfstedRatingsError, match=r"start .* is after end"):
        transitions(ds, start="2021-01-01", end="2020-01-01")
    with pytest.raises(DateError, match=r"^as_of must be a date"):
        changes(ds, "good", "outstanding", as_of="yesterday")
    with pytest.raises(OfstedRatingsError, match="not an Ofsted grade"):
        changes(ds, "brilliant", "good")
    with pytest.raises(OfstedRatingsError, match="unknown table"):
        transitions(ds).rows("cells")  # type: ignore[arg-type]


def test_tables_and_frames() -> None:
    pytest.importorskip("pandas")
    ds = load()
    found = ds.transitions(framework="ilacs_2023")
    matrix = found.to_frame()
    assert len(matrix) == 16
    assert str(matrix["count"].dtype) == "int64"
    assert list(matrix["from_grade"].cat.categories) == [
        "inadequate",
        "requires improvement",
        "good",
        "outstanding",
    ]
    moves = found.to_frame("moves")
    assert len(moves) == found.total
    assert str(moves["after_known_from"].dtype) == "datetime64[s]"
    assert {"authority", "la_code", "ons_code", "region"} <= set(moves.columns)
    ups = ds.changes("requires improvement", "good", group="core-cities").to_frame()
    assert str(ups["days"].dtype) == "int64"
    waits = ds.since(as_of="2025-03-31").to_frame()
    assert str(waits["days"].dtype) == "Int64"
    assert str(waits["inspected"].dtype) == "boolean"
    text = str(found)
    assert text.splitlines()[0] == repr(found)
    assert "requires improvement" in text.splitlines()[2]
