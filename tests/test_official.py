"""The reader of Ofsted's official statistics, on the real 2024 and 2025 files.

The counts checked here are the published ones (domain.md sections 2 and 6b). Where the two
files disagree about an inspection they share, the disagreement is listed below and pinned,
so that a new one fails the test.
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings.frameworks import InspectionKind
from ofsted_ratings.grades import Grade
from ofsted_ratings.models import Region
from ofsted_ratings.sources.official import (
    CURRENT,
    INSTALL_HINT,
    NO_LONGER_EXISTS,
    LatestOutcome,
    MissingDependencyError,
    OfficialFileError,
    OfficialInspection,
    OfficialOutcomes,
    read_outcomes,
)

OFFICIAL = Path(__file__).resolve().parents[2] / "shared" / "sources" / "ofsted-official"
FILE_2025 = OFFICIAL / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
FILE_2024 = OFFICIAL / "LA_Inspection_Outcomes_as_at_March_2024.ods"

OUT, GOOD, RI, INAD = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


def _path(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"the official file {path.name} is not present")
    return path


@pytest.fixture(scope="module")
def off25() -> OfficialOutcomes:
    return read_outcomes(_path(FILE_2025))


@pytest.fixture(scope="module")
def off24() -> OfficialOutcomes:
    return read_outcomes(_path(FILE_2024))


def _key(name: str) -> str:
    """The same authority under the spellings the two files use."""
    key = " ".join(name.casefold().replace("&", " and ").split())
    return {"bedford borough": "bedford"}.get(key, key)


# --- each file on its own ------------------------------------------------------------------


def test_layouts_and_dates(off25: OfficialOutcomes, off24: OfficialOutcomes) -> None:
    assert (off25.layout, off25.as_at, off25.published) == (
        "2025",
        date(2025, 3, 31),
        date(2025, 9, 25),
    )
    assert (off24.layout, off24.as_at, off24.published) == (
        "2024",
        date(2024, 3, 31),
        date(2024, 8, 30),
    )
    for outcomes, path in ((off25, FILE_2025), (off24, FILE_2024)):
        assert outcomes.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert outcomes.path == str(path)


def test_latest_at_31_march_2024(off24: OfficialOutcomes) -> None:
    assert len(off24.latest) == 153
    counts = Counter(outcome.overall for outcome in off24.latest)
    assert counts == {OUT: 30, GOOD: 61, RI: 43, INAD: 17, None: 2}
    not_yet = [outcome for outcome in off24.latest if outcome.not_yet_inspected]
    assert [outcome.la_name for outcome in not_yet] == ["Cumberland", "Westmorland and Furness"]
    assert all(o.start is None and not o.judgements for o in not_yet)
    assert all(o.start is not None for o in off24.latest if not o.not_yet_inspected)
    # The 2024 layout has neither area codes nor publication dates in this table.
    assert {(o.ons_code, o.published) for o in off24.latest} == {(None, None)}


def test_latest_at_31_march_2025(off25: OfficialOutcomes) -> None:
    assert len(off25.latest) == 153
    counts = Counter(outcome.overall for outcome in off25.latest)
    assert counts == {OUT: 36, GOOD: 67, RI: 31, INAD: 19}
    assert not any(outcome.not_yet_inspected for outcome in off25.latest)
    assert len({outcome.ons_code for outcome in off25.latest}) == 153
    names = {outcome.la_name for outcome in off25.latest}
    assert {"Bristol", "Kingston upon Hull", "Leeds"} <= names
    regions = Counter(outcome.region for outcome in off25.latest)
    assert regions == {
        Region.LONDON: 33,
        Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER: 27,
        Region.NORTH_WEST: 24,
        Region.SOUTH_EAST: 19,
        Region.SOUTH_WEST: 15,
        Region.WEST_MIDLANDS: 14,
        Region.EAST_OF_ENGLAND: 11,
        Region.EAST_MIDLANDS: 10,
    }
    # Column A links every authority to /provider/44/<DfE LA code>.
    assert all(o.provider_id is not None and len(o.provider_id) == 3 for o in off25.latest), (
        "every 2025 row links to a provider page by LA code"
    )
    leeds = next(o for o in off25.latest if o.la_name == "Leeds")
    assert (leeds.ons_code, leeds.provider_id) == ("E08000035", "383")


def test_history_counts(off25: OfficialOutcomes, off24: OfficialOutcomes) -> None:
    assert len(off25.history) == 271
    assert Counter(i.kind for i in off25.history) == {
        InspectionKind.STANDARD: 171,
        InspectionKind.SHORT: 100,
    }
    gone = [i.la_name for i in off25.history if i.status == NO_LONGER_EXISTS]
    assert gone == ["Bournemouth", "Cumbria", "Northamptonshire"]
    assert Counter(i.status for i in off25.history)[CURRENT] == 268
    assert all(i.start is not None and i.published is not None for i in off25.history)

    assert len(off24.history) == 219
    assert Counter(i.kind for i in off24.history) == {
        InspectionKind.STANDARD: 150,
        InspectionKind.SHORT: 69,
    }
    gone24 = [i.la_name for i in off24.history if i.status == NO_LONGER_EXISTS]
    assert gone24 == ["Bournemouth", "Northamptonshire", "Cumbria"]
    # The wide 2024 history gives publication dates, not inspection dates.
    assert all(i.start is None and i.published is not None for i in off24.history)


def test_in_year_counts(off25: OfficialOutcomes, off24: OfficialOutcomes) -> None:
    fv, mv = InspectionKind.FOCUSED_VISIT, InspectionKind.MONITORING_VISIT
    short, standard = InspectionKind.SHORT, InspectionKind.STANDARD
    assert Counter(i.kind for i in off25.in_year) == {fv: 36, short: 30, standard: 22, mv: 24}
    assert Counter(i.kind for i in off24.in_year) == {fv: 37, short: 19, standard: 23, mv: 28}
    assert all(i.published is not None for i in off25.in_year)
    assert all(i.published is None for i in off24.in_year)  # no such column in 2024
    # 11 inspections of the 2024 file took place before 1 April 2023 (its Notes sheet).
    assert sum(i.start is not None and i.start < date(2023, 4, 1) for i in off24.in_year) == 11


def test_visits_have_themes_and_no_grades(off25: OfficialOutcomes, off24: OfficialOutcomes) -> None:
    themes: Counter[str] = Counter()
    for inspection in (*off25.in_year, *off24.in_year):
        if inspection.kind.graded:
            assert inspection.theme is None
            assert inspection.grade() is not None
        else:
            assert not inspection.judgements
            assert inspection.theme is not None
            themes[inspection.theme] += 1
    assert set(themes) == {
        "Children in need/subject to a plan",
        "Care leavers",
        "Children in care",
        "Front door",
        "Achieving permanence",
        "Vulnerable adolescents",
    }


def _check_care_leavers_rule(inspection: OfficialInspection) -> None:
    grades = inspection.grades
    day = inspection.start or inspection.published
    assert day is not None
    if inspection.start is not None and inspection.start < date(2023, 1, 1):
        assert "children_in_care_and_care_leavers" in grades
        assert "children_in_care" not in grades
        assert "care_leavers" not in grades
    if "children_in_care" in grades:
        assert "care_leavers" in grades
        assert inspection.start is None or inspection.start >= date(2023, 1, 1)


def test_children_in_care_judgement_before_2023(
    off25: OfficialOutcomes, off24: OfficialOutcomes
) -> None:
    for inspection in (*off25.history, *off25.in_year, *off24.history, *off24.in_year):
        _check_care_leavers_rule(inspection)
    assert Counter("care_leavers" in i.grades for i in off25.history) == {False: 168, True: 103}


def test_leeds(off25: OfficialOutcomes) -> None:
    """Leeds' ILACS inspections (domain.md section 6c)."""
    leeds = [i for i in off25.history if i.la_name == "Leeds"]
    assert [(i.start, i.published, i.kind) for i in leeds] == [
        (date(2018, 10, 29), date(2018, 12, 18), InspectionKind.SHORT),
        (date(2022, 2, 21), date(2022, 5, 9), InspectionKind.STANDARD),
    ]
    assert leeds[0].grades == {
        "overall_effectiveness": OUT,
        "impact_of_leaders": OUT,
        "help_and_protection": OUT,
        "children_in_care_and_care_leavers": GOOD,
    }
    assert leeds[1].grades == {
        "overall_effectiveness": OUT,
        "impact_of_leaders": OUT,
        "help_and_protection": GOOD,
        "children_in_care_and_care_leavers": OUT,
    }
    assert leeds[0].region is Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER
    assert leeds[0].ons_code == "E08000035"
    assert leeds[0].provider_id == "383"
    assert leeds[0].sheet == "ILACS_inspection_history"


# --- the two layouts against each other ----------------------------------------------------

#: Where the 2024 and 2025 files disagree about the same inspection; in each case the 2025
#: file agrees with the report itself (dates and judgement table on its first page, or the
#: publication date in the corpus manifest).
KNOWN_DISAGREEMENTS = {
    # 2024 history: published 5 November 2022; 2025 and the manifest: 5 September 2022.
    ("nottingham", "published", date(2022, 11, 5), date(2022, 9, 5)),
    # Inspected 28 February to 4 March 2022, a one-week short inspection.
    ("merton", "kind", InspectionKind.STANDARD, InspectionKind.SHORT),
    # The report: care leavers "require improvement to be good".
    ("staffordshire", "care_leavers", GOOD, RI),
    # The report: inspected 11 to 13 July 2023.
    ("isles of scilly", "start", date(2023, 7, 10), date(2023, 7, 11)),
}


def _compare(
    older: OfficialInspection | LatestOutcome,
    newer: OfficialInspection,
    fields: tuple[str, ...],
    found: set[tuple[str, str, object, object]],
) -> None:
    """Note each of ``fields`` and each grade on which the two records differ."""
    for field in fields:
        mine, theirs = getattr(older, field), getattr(newer, field)
        if mine != theirs:
            found.add((_key(newer.la_name), field, mine, theirs))
    for area in {*older.grades, *newer.grades}:
        if older.grade(area) != newer.grade(area):
            found.add((_key(newer.la_name), area, older.grade(area), newer.grade(area)))


def _nearest(
    history: tuple[OfficialInspection, ...], name: str, field: str, day: date | None
) -> OfficialInspection:
    """The inspection of ``name`` whose ``field`` date is nearest ``day``."""
    assert day is not None
    same = [i for i in history if _key(i.la_name) == _key(name)]
    return min(same, key=lambda i: abs((getattr(i, field) or date.min) - day))


def test_layouts_agree_on_shared_inspections(
    off25: OfficialOutcomes, off24: OfficialOutcomes
) -> None:
    """Every graded inspection of the 2024 file is in the 2025 history, with the same values.

    The 2024 history is matched on the publication date, its other tables on the inspection
    date, so a changed date shows as a record with no exact match.
    """
    by_published = {(_key(i.la_name), i.published): i for i in off25.history}
    by_start = {(_key(i.la_name), i.start): i for i in off25.history}
    found: set[tuple[str, str, object, object]] = set()
    checked = 0

    for old in off24.history:
        new = by_published.get((_key(old.la_name), old.published))
        if new is None:
            new = _nearest(off25.history, old.la_name, "published", old.published)
            _compare(old, new, ("published",), found)
        _compare(old, new, ("kind", "status", "region"), found)
        checked += 1

    for outcome in off24.latest:
        if outcome.not_yet_inspected:
            continue
        new = by_start.get((_key(outcome.la_name), outcome.start))
        if new is None:
            new = _nearest(off25.history, outcome.la_name, "start", outcome.start)
            _compare(outcome, new, ("start",), found)
        _compare(outcome, new, ("region",), found)
        checked += 1

    for old in off24.in_year:
        if not old.kind.graded:
            continue
        new = by_start.get((_key(old.la_name), old.start))
        if new is None:
            new = _nearest(off25.history, old.la_name, "start", old.start)
            _compare(old, new, ("start",), found)
        _compare(old, new, ("kind", "region"), found)
        checked += 1

    assert checked == 219 + 151 + 42
    assert found == KNOWN_DISAGREEMENTS


def test_2025_history_covers_2024_history(off25: OfficialOutcomes, off24: OfficialOutcomes) -> None:
    """Every inspection published by 30 June 2024 is in both histories (dates aside)."""
    cutoff = date(2024, 6, 30)
    old = Counter(_key(i.la_name) for i in off24.history)
    new = Counter(
        _key(i.la_name) for i in off25.history if i.published is not None and i.published <= cutoff
    )
    assert old == new


def test_latest_is_last_of_history(off25: OfficialOutcomes) -> None:
    for outcome in off25.latest:
        mine = [i for i in off25.history if i.ons_code == outcome.ons_code and i.status == CURRENT]
        last = max(mine, key=lambda i: i.start or date.min)
        assert (last.start, last.published, last.grades) == (
            outcome.start,
            outcome.published,
            outcome.grades,
        )
        assert last.web_link == outcome.web_link


# --- files the reader must refuse ----------------------------------------------------------


def _edited(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    """A copy of ``source`` with its content.xml passed through ``edit``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "content.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            compress = zipfile.ZIP_STORED if item.filename == "mimetype" else zipfile.ZIP_DEFLATED
            copy.writestr(item, data, compress_type=compress)
    return target


def _replace_in_sheet(sheet: str, old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        start = text.index(f'table:name="{sheet}"')
        at = text.index(old, start)
        return text[:at] + new + text[at + len(old) :]

    return edit


def test_renamed_sheet(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        return text.replace('table:name="In-year_inspections"', 'table:name="In_year"')

    path = _edited(_path(FILE_2025), tmp_path / "renamed-sheet.ods", edit)
    with pytest.raises(OfficialFileError, match="no sheet 'In-year_inspections'") as info:
        read_outcomes(path)
    assert str(path) in str(info.value)
    assert "In_year" in str(info.value)


def test_renamed_column(tmp_path: Path) -> None:
    edit = _replace_in_sheet(
        "ILACS_inspection_history", "<text:p>Publication date</text:p>", "<text:p>Date</text:p>"
    )
    path = _edited(_path(FILE_2025), tmp_path / "renamed-column.ods", edit)
    with pytest.raises(OfficialFileError) as info:
        read_outcomes(path)
    error = info.value
    assert (error.sheet, error.column) == ("ILACS_inspection_history", "Publication date")
    assert str(path) in str(error)
    assert "'Publication date'" in str(error)


def test_renamed_column_in_wide_history(tmp_path: Path) -> None:
    edit = _replace_in_sheet(
        "ILACS_inspections_2018-2024",
        "<text:p>Second ILACS inspection type</text:p>",
        "<text:p>Second ILACS kind</text:p>",
    )
    path = _edited(_path(FILE_2024), tmp_path / "renamed-wide.ods", edit)
    with pytest.raises(OfficialFileError, match="second ilacs inspection type") as info:
        read_outcomes(path)
    assert info.value.sheet == "ILACS_inspections_2018-2024"


def test_unknown_inspection_type(tmp_path: Path) -> None:
    edit = _replace_in_sheet(
        "In-year_inspections", "<text:p>ILACS Focused Visit</text:p>", "<text:p>Spot check</text:p>"
    )
    path = _edited(_path(FILE_2025), tmp_path / "unknown-type.ods", edit)
    with pytest.raises(OfficialFileError, match="unknown inspection type 'Spot check'") as info:
        read_outcomes(path)
    assert (info.value.sheet, info.value.row) == ("In-year_inspections", 4)


def test_unknown_grade(tmp_path: Path) -> None:
    edit = _replace_in_sheet(
        "Inspections_as_at_31_March", "<text:p>Good</text:p>", "<text:p>Splendid</text:p>"
    )
    path = _edited(_path(FILE_2025), tmp_path / "unknown-grade.ods", edit)
    with pytest.raises(OfficialFileError, match="not a grade: 'Splendid'"):
        read_outcomes(path)


def test_unknown_layout(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        for sheet in (
            "Inspections_as_at_31_March",
            "In-year_inspections",
            "ILACS_inspection_history",
        ):
            text = text.replace(f'table:name="{sheet}"', f'table:name="X{sheet}"')
        return text

    path = _edited(_path(FILE_2025), tmp_path / "unknown.ods", edit)
    with pytest.raises(OfficialFileError, match="not a known layout") as info:
        read_outcomes(path)
    assert isinstance(info.value, ValueError)


def test_not_an_ods(tmp_path: Path) -> None:
    path = tmp_path / "not.ods"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(OfficialFileError, match=str(path)):
        read_outcomes(path)
    with pytest.raises(OfficialFileError, match="cannot read"):
        read_outcomes(tmp_path / "missing.ods")


def test_missing_dependency(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "python_calamine", None)
    path = tmp_path / "any.ods"
    path.write_bytes(b"")
    with pytest.raises(MissingDependencyError) as caught:
        read_outcomes(path)
    assert str(caught.value) == (
        "reading Ofsted's official ODS files needs python-calamine: "
        "pip install 'ofsted-ratings[official]'"
    )
    assert caught.value.package == "python-calamine"
    assert INSTALL_HINT == "pip install 'ofsted-ratings[official]'"
    assert issubclass(MissingDependencyError, ImportError)


_CUMBERLAND_NOT_YET = (
    "<text:p>Cumberland</text:p></table:table-cell>"
    '<table:table-cell office:value-type="string" table:style-name="ce47">'
    "<text:p>North West</text:p></table:table-cell>"
    '<table:table-cell office:value-type="string" table:style-name="ce51">'
    "<text:p>Not yet inspected</text:p></table:table-cell>"
    '<table:table-cell table:number-columns-repeated="16380" table:style-name="ce45"/>'
)
_DARLINGTON_START = (
    '<table:table-cell office:value-type="date" office:date-value="2022-10-10T00:00:00" '
    'table:style-name="ce51"><text:p>10/10/2022</text:p></table:table-cell>'
)


def _text_cell(text: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


@pytest.mark.parametrize(
    ("old", "new", "authority", "message"),
    [
        (
            _CUMBERLAND_NOT_YET,
            _CUMBERLAND_NOT_YET.replace(
                '<table:table-cell table:number-columns-repeated="16380"',
                _text_cell("Good") + '<table:table-cell table:number-columns-repeated="16379"',
            ),
            "Cumberland",
            "'Not yet inspected' beside dates or grades",
        ),
        (
            _CUMBERLAND_NOT_YET,
            _CUMBERLAND_NOT_YET.replace("North West", "Mars"),
            "Cumberland",
            "not an Ofsted region: 'Mars'",
        ),
        (
            _DARLINGTON_START,
            '<table:table-cell table:style-name="ce51"/>',
            "Darlington",
            "no inspection date",
        ),
        (_DARLINGTON_START, _text_cell("31/02/2022"), "Darlington", "not a date: '31/02/2022'"),
        (_DARLINGTON_START, _text_cell("early 2022"), "Darlington", "not a date: 'early 2022'"),
    ],
)
def test_bad_values_in_the_latest_table(
    tmp_path: Path, off24: OfficialOutcomes, old: str, new: str, authority: str, message: str
) -> None:
    sheet = "Inspections_31_March_2024"
    path = _edited(_path(FILE_2024), tmp_path / "edited.ods", _replace_in_sheet(sheet, old, new))
    with pytest.raises(OfficialFileError, match=message) as info:
        read_outcomes(path)
    row = next(o.row for o in off24.latest if o.la_name == authority)
    assert (info.value.sheet, info.value.row) == (sheet, row)


def test_dates_written_as_text(tmp_path: Path, off24: OfficialOutcomes) -> None:
    sheet = "Inspections_31_March_2024"
    edit = _replace_in_sheet(sheet, _DARLINGTON_START, _text_cell("10/10/2022"))
    outcomes = read_outcomes(_edited(_path(FILE_2024), tmp_path / "text-date.ods", edit))
    assert outcomes.latest == off24.latest
    darlington = next(o for o in outcomes.latest if o.la_name == "Darlington")
    assert darlington.start == date(2022, 10, 10)


def test_missing_judgement_column_in_wide_history(tmp_path: Path) -> None:
    edit = _replace_in_sheet(
        "ILACS_inspections_2018-2024",
        "<text:p>Second ILACS overall effectiveness</text:p>",
        "<text:p>Second ILACS verdict</text:p>",
    )
    path = _edited(_path(FILE_2024), tmp_path / "renamed-wide.ods", edit)
    with pytest.raises(OfficialFileError, match="'second ilacs overall effectiveness'") as info:
        read_outcomes(path)
    assert info.value.column == "second ilacs overall effectiveness"


def test_content_with_a_dtd_is_refused(tmp_path: Path) -> None:
    def edit(text: str) -> str:
        declaration, rest = text.split("?>", 1)
        return f'{declaration}?><!DOCTYPE office:document-content [<!ENTITY x "x">]>{rest}'

    path = _edited(_path(FILE_2025), tmp_path / "dtd.ods", edit)
    with pytest.raises(OfficialFileError, match="declares a DTD"):
        read_outcomes(path)
