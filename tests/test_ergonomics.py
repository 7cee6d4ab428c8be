"""Python ergonomics: short reprs, tuples that are also tables, and ISO dates everywhere."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ofsted_ratings as ofr
from ofsted_ratings import Dataset, DateError, Grade, History, Inspection, Streaks, load
from ofsted_ratings.testing import datasets, inspections

DAY = date(2025, 3, 31)

#: Every public function or method that takes a date, called with one given as ``day``.
DATED: dict[str, Callable[[Any], object]] = {
    "Dataset.history": lambda day: load().history("Leeds", as_of=day),
    "Dataset.latest": lambda day: load().latest("Leeds", day),
    "Dataset.as_of": lambda day: load().as_of(day),
    "Dataset.streaks": lambda day: load().streaks("outstanding", 2, as_of=day),
    "Dataset.compare": lambda day: load().compare("Leeds", "Bristol", as_of=day),
    "Dataset.trajectory": lambda day: load().trajectory("Leeds", as_of=day),
    "Dataset.rated": lambda day: load().rated("outstanding", as_of=day),
    "Dataset.counts": lambda day: load().counts(as_of=day),
    "Dataset.changes": lambda day: load().changes("good", "outstanding", as_of=day),
    "Dataset.since": lambda day: load().since(as_of=day),
    "Dataset.transitions(start)": lambda day: load().transitions(start=day),
    "Dataset.transitions(end)": lambda day: load().transitions(end=day),
    "history": lambda day: ofr.history("Leeds", as_of=day),
    "latest": lambda day: ofr.latest("Leeds", day),
    "streaks": lambda day: ofr.streaks("outstanding", 2, as_of=day),
}
#: The name each of them gives the date parameter in its errors.
PARAMETER = {"Dataset.as_of": "day", "Dataset.transitions(start)": "start"}


def _values(result: object) -> object:
    """A result in a form that compares by value (datasets compare by identity)."""
    if isinstance(result, Dataset):
        return (result.release, result.inspections)
    return result


@pytest.mark.parametrize("name", list(DATED))
def test_iso_text_is_a_date_everywhere(name: str) -> None:
    call = DATED[name]
    assert _values(call("2025-03-31")) == _values(call(DAY))
    assert _values(call(" 2025-03-31 ")) == _values(call(DAY))


@pytest.mark.parametrize("name", list(DATED))
@pytest.mark.parametrize(
    "bad",
    ["31/03/2025", "2025-3-31", "2025-02-30", "20250331", "", datetime(2025, 3, 31), 2025],  # noqa: DTZ001
)
def test_a_bad_date_names_its_parameter(name: str, bad: object) -> None:
    parameter = PARAMETER.get(name, "end" if name.endswith("(end)") else "as_of")
    with pytest.raises(DateError, match=rf"^{parameter} must be a date: .* not ") as caught:
        DATED[name](bad)
    assert caught.value.parameter == parameter
    assert isinstance(caught.value, ValueError)


# -- reprs ------------------------------------------------------------------------------------


def test_reprs_are_one_short_line() -> None:
    ds = load()
    leeds = ds.authority("Leeds")
    history = ds.history(leeds)
    results: list[object] = [
        ds,
        leeds,
        ds.authority("Dorset County Council"),
        *history,
        history[-1].source,
        *history[-1].judgements,
        *ds.streaks("outstanding", 3),
        *ds.trajectory(leeds),
        ds.compare("Leeds", "Bristol"),
        *ds.compare("Leeds", "Bristol").rows,
        ds.counts(as_of=DAY),
        *ds.counts(as_of=DAY).tallies,
        *ds.counts(as_of=DAY).entries[:5],
        ds.transitions(),
        *ds.changes("good", "outstanding")[:3],
        *ds.since()[:3],
    ]
    for value in results:
        text = repr(value)
        assert "\n" not in text
        assert len(text) <= 240, text
        assert text.startswith("<"), text
    assert repr(history[-1]) == "<Inspection 80481-2025-08-12 ilacs_2023 short: outstanding>"
    assert repr(leeds) == "<LocalAuthority 80481 Leeds>"
    cumbria = repr(ds.authority("Cumbria"))
    assert cumbria == "<LocalAuthority 80457 Cumbria, abolished 2023-04-01>"
    assert repr(ds.authority("Dorset County Council")).startswith("<LocalAuthority la-835 ")


@given(inspections(graded=False))
def test_reprs_of_ungraded_visits(visit: Inspection) -> None:
    assert visit.kind is not None
    assert (
        repr(visit)
        == f"<Inspection {visit.id} {visit.framework.value} {visit.kind.value}: ungraded>"
    )


def test_reprs_of_inspections_with_no_headline_grade() -> None:
    # ILACS inspections from April 2026 have no overall effectiveness judgement.
    headless = [i for i in load().inspections if i.graded and i.headline is None]
    assert headless
    for inspection in headless:
        assert "no headline grade" in repr(inspection), repr(inspection)


@given(datasets(max_authorities=3, max_inspections=4))
def test_reprs_leave_equality_alone(ds: Dataset) -> None:
    for inspection in ds.inspections:
        twin = copy.copy(inspection)
        assert twin == inspection and hash(twin) == hash(inspection)
        assert repr(inspection).startswith(f"<Inspection {inspection.id} ")
    for authority in ds.authorities:
        assert copy.deepcopy(authority) == authority
        assert repr(authority).startswith(f"<LocalAuthority {authority.key} ")


# -- results that are tuples and tables -----------------------------------------------------


def test_history_is_still_a_tuple() -> None:
    ds = load()
    history = ds.history("Leeds")
    plain = ds.inspections_of(ds.authority("Leeds"))
    assert type(history) is History and issubclass(History, tuple)
    assert history == plain and hash(history) == hash(plain)
    assert history[1:] == plain[1:] and list(history) == list(plain)
    assert (*history,) == plain
    assert history.authority.name == "Leeds" and history.as_of is None
    assert ds.history("Leeds", as_of="2019-01-01").as_of == date(2019, 1, 1)
    with pytest.raises(AttributeError, match="cannot be changed"):
        history.authority = ds.authority("Bristol")
    again = pickle.loads(pickle.dumps(history))
    assert again == history and again.authority == history.authority
    assert copy.deepcopy(history).as_of is None


def test_history_rows_are_the_wide_export() -> None:
    from ofsted_ratings.exports import EXPORT_COLUMNS, export_rows

    ds = load()
    history = ds.history("Leeds")
    assert history.rows() == list(export_rows(ds, history))
    assert list(history.rows()[0]) == list(EXPORT_COLUMNS)


def test_streaks_are_still_a_tuple() -> None:
    ds = load()
    found = ds.streaks("outstanding", 3, group="core-cities")
    assert type(found) is Streaks and issubclass(Streaks, tuple)
    assert found == tuple(found)
    rows = found.rows()
    assert [(r["authority"], r["ons_code"], r["length"]) for r in rows] == [
        ("Leeds", "E08000035", 3)
    ]
    assert rows[0]["inspections"] == "80481-2018-12-18; 80481-2022-05-09; 80481-2025-08-12"
    assert ds.streaks("outstanding", 9) == ()


def test_comparison_records() -> None:
    ds = load()
    comparison = ds.compare("Leeds", "Poole", as_of="2017-09-30")
    records = comparison.records()
    assert [r["authority"] for r in records] == ["Leeds", "Poole"]
    # Poole's only inspection is known from October 2017: none by the date asked.
    poole = records[1]
    assert poole["graded_inspections"] == 0 and poole["id"] is None
    assert poole["urn"] == ds.authority("Poole").urn
    leeds = records[0]
    assert leeds["known_from"] == "2015-03-27"
    assert leeds["overall_effectiveness"] == "good"
    counts = comparison.rows[0].counts()
    assert [leeds[f"{g.name.lower()}_count"] for g in Grade] == [counts[g] for g in Grade]


def test_frames_of_results() -> None:
    pytest.importorskip("pandas")
    ds = load()
    history = ds.history("Leeds").to_frame()
    assert len(history) == 5
    assert str(history["known_from"].dtype) == "datetime64[s]"
    assert str(history["urn"].dtype) == "Int64"
    assert history["overall_effectiveness"].cat.ordered
    streaks = ds.streaks("outstanding", 2).to_frame()
    assert str(streaks["length"].dtype) == "int64"
    assert str(streaks["ongoing"].dtype) == "boolean"
    comparison = ds.compare("Leeds", "Bristol").to_frame()
    assert list(comparison["authority"]) == ["Leeds", "Bristol"]
    assert str(comparison["graded_inspections"].dtype) == "int64"


@given(st.sampled_from(list(Grade)))
def test_results_take_a_grade_or_its_name(grade: Grade) -> None:
    ds = load()
    assert ds.streaks(grade, 2) == ds.streaks(grade.value, 2)
    assert ds.changes(grade, Grade.GOOD) == ds.changes(grade.value.upper(), "Good")
