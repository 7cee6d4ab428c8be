"""Reading the official statistics row by row, from small ODS files written here.

Each test writes a file in the shape of Ofsted's (the 2025 or the 2024 layout) with a
handful of rows, some of them damaged, and checks what the reader makes of it: the records,
or an :class:`OfficialFileError` naming the file, sheet, row and column at fault.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest

from ofsted_ratings.frameworks import FrameworkId, InspectionKind
from ofsted_ratings.grades import Grade
from ofsted_ratings.models import Region, SourceKind
from ofsted_ratings.sources.official import (
    CURRENT,
    NO_LONGER_EXISTS,
    OfficialFileError,
    OfficialOutcomes,
    read_outcomes,
)

pytest.importorskip("python_calamine")

# -- writing small ODS files ------------------------------------------------------------------


@attrs.frozen
class Link:
    """Column A's ``HYPERLINK`` formula and the text the cell shows."""

    url: str
    text: str = "Ofsted Local Authority Webpage"


def _attr(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def _cell(value: object) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, Link):
        formula = _attr(f'of:=HYPERLINK("{value.url}";"{value.text}")')
        shown = f"<text:p>{_attr(value.text)}</text:p>" if value.text else ""
        return (
            '<table:table-cell office:value-type="string"'
            f' office:string-value="{_attr(value.text)}"'
            f' table:formula="{formula}">{shown}</table:table-cell>'
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value}T00:00:00">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{_attr(str(value))}</text:p>'
        "</table:table-cell>"
    )


_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/"'
    ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)

Rows = Sequence[Sequence[object]]


def _content(sheets: Mapping[str, Rows]) -> str:
    tables = "".join(
        f'<table:table table:name="{_attr(name)}">'
        + "".join(
            "<table:table-row>" + "".join(_cell(value) for value in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )


def write_ods(path: Path, sheets: Mapping[str, Rows], *, content: str | None = None) -> Path:
    """An ODS file of ``sheets`` (name to rows of cells), or with ``content`` as its XML."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", _MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(
            "content.xml",
            _content(sheets) if content is None else content,
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return path


# -- the 2025 layout ---------------------------------------------------------------------------

AREAS_2025 = (
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
)
LATEST = (
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    *AREAS_2025,
)
IN_YEAR = (
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Region",
    "Inspection/Visit date",
    "Publication date",
    "Inspection/Visit type",
    *AREAS_2025,
    "Visit Theme",
)
HISTORY = (
    "Web link",
    "Local authority area code",
    "Local authority name",
    "Local authority status",
    "Ofsted region",
    "Inspection date",
    "Publication date",
    "Inspection type",
    *AREAS_2025,
)
LEEDS = {
    "Web link": Link("https://reports.ofsted.gov.uk/provider/44/383"),
    "Local authority area code": "E08000035",
    "Local authority name": "Leeds",
    "Ofsted region": "North East, Yorkshire and the Humber",
    "Region": "North East, Yorkshire and the Humber",
    "Local authority status": "Current",
}
GRADES = dict(
    zip(
        AREAS_2025, ["Good", "Good", "Requires improvement to be good", "Good", "Good"], strict=True
    )
)
STANDARD = {
    **LEEDS,
    "Inspection date": date(2023, 7, 10),
    "Inspection/Visit date": date(2023, 7, 10),
    "Publication date": date(2023, 9, 4),
    "Inspection type": "ILACS Standard Inspection",
    "Inspection/Visit type": "ILACS Standard Inspection",
    **GRADES,
}
FOCUSED = {
    **LEEDS,
    "Inspection/Visit date": date(2024, 11, 5),
    "Publication date": date(2024, 12, 10),
    "Inspection/Visit type": "ILACS Focused Visit",
    "Visit Theme": "Front door",
}
BEFORE_2023 = {
    **STANDARD,
    "Inspection date": date(2019, 2, 18),
    "Publication date": date(2019, 4, 1),
    "The experiences and progress of care leavers": None,
}


def _rows(header: Sequence[str], *records: Mapping[str, object]) -> list[list[object]]:
    return [list(header), *([record.get(column) for column in header] for record in records)]


def file_2025(
    folder: Path,
    *,
    latest: Rows | None = None,
    in_year: Rows | None = None,
    history: Rows | None = None,
    cover: Rows | None = None,
    latest_title: str = "Local authority inspection judgements as at 31 March 2025",
) -> Path:
    """A 2025-layout file; each table defaults to Leeds' one standard inspection."""
    sheets: dict[str, Rows] = {}
    if cover is not None:
        sheets["Cover"] = cover
    sheets["Inspections_as_at_31_March"] = [
        [latest_title],
        ["This worksheet contains one table."],
        *(latest if latest is not None else _rows(LATEST, STANDARD)),
    ]
    sheets["In-year_inspections"] = [
        ["Local authority in-year inspection activity 2024-25"],
        *(in_year if in_year is not None else _rows(IN_YEAR, FOCUSED)),
    ]
    sheets["ILACS_inspection_history"] = [
        ["ILACS inspection history from 2018-2025"],
        *(history if history is not None else _rows(HISTORY, BEFORE_2023, STANDARD)),
    ]
    return write_ods(folder / "outcomes-2025.ods", sheets)


COVER: list[list[object]] = [
    ["Local authority inspection outcomes as at 31 March 2025"],
    ["Section", "Detail"],
    ["Policy area:", "Local Authority Inspection Outcomes"],
    ["Published on:", date(2025, 9, 25)],
]


def _refused(path: Path) -> OfficialFileError:
    with pytest.raises(OfficialFileError) as caught:
        read_outcomes(path)
    assert str(caught.value).startswith(str(path))
    return caught.value


# -- a whole file ---------------------------------------------------------------------------------


def test_a_2025_file_reads_into_records(tmp_path: Path) -> None:
    in_year = _rows(IN_YEAR, FOCUSED, STANDARD)
    path = file_2025(tmp_path, cover=COVER, in_year=in_year)
    outcomes = read_outcomes(path)
    assert (outcomes.layout, outcomes.as_at, outcomes.published) == (
        "2025",
        date(2025, 3, 31),
        date(2025, 9, 25),
    )
    (latest,) = outcomes.latest
    assert (latest.la_name, latest.ons_code, latest.region) == (
        "Leeds",
        "E08000035",
        Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER,
    )
    assert (latest.start, latest.published, latest.overall) == (
        date(2023, 7, 10),
        date(2023, 9, 4),
        Grade.GOOD,
    )
    assert latest.grade("help_and_protection") is Grade.REQUIRES_IMPROVEMENT
    assert (latest.provider_id, latest.sheet, latest.row) == (
        "383",
        "Inspections_as_at_31_March",
        4,
    )
    visit, short = outcomes.in_year
    assert (visit.kind, visit.theme, visit.judgements, visit.status) == (
        InspectionKind.FOCUSED_VISIT,
        "Front door",
        (),
        None,
    )
    assert (short.kind, visit.row, short.row) == (InspectionKind.STANDARD, 3, 4)
    early, late = outcomes.history
    assert early.status == late.status == CURRENT
    assert list(early.grades) == [
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care_and_care_leavers",  # before 2023: the combined judgement
    ]
    assert list(late.grades)[-2:] == ["children_in_care", "care_leavers"]


def test_records_compare_without_their_place_in_the_file(tmp_path: Path) -> None:
    outcomes = read_outcomes(file_2025(tmp_path))
    late = outcomes.history[1]
    moved = attrs.evolve(late, judgements=list(late.judgements), sheet="elsewhere", row=99)
    assert moved.judgements == late.judgements  # a list of judgements is kept as a tuple
    assert moved == late


def test_a_row_becomes_an_inspection_sourced_to_the_file(tmp_path: Path) -> None:
    outcomes = read_outcomes(file_2025(tmp_path, cover=COVER))
    row = outcomes.history[1]
    inspection = row.to_inspection(80481, outcomes, url="https://www.gov.uk/outcomes.ods")
    assert (inspection.framework, inspection.start, inspection.end) == (
        FrameworkId.ILACS_2023,
        date(2023, 7, 10),
        None,
    )
    assert inspection.grades == row.grades
    source = inspection.source
    assert source.kind is SourceKind.OFFICIAL_STATISTICS
    assert source.title == "Local authority inspection outcomes as at 31 March 2025"
    assert (source.sha256, source.published) == (outcomes.sha256, date(2025, 9, 25))
    assert source.note is not None and "'ILACS_inspection_history', row 4" in source.note


def test_an_authority_not_yet_inspected(tmp_path: Path) -> None:
    waiting = {**LEEDS, "Inspection date": "Not yet inspected", "Overall effectiveness": None}
    outcomes = read_outcomes(file_2025(tmp_path, latest=_rows(LATEST, waiting)))
    (row,) = outcomes.latest
    assert row.not_yet_inspected
    assert (row.start, row.published, row.judgements, row.overall) == (None, None, (), None)


def test_dates_written_as_text_are_read(tmp_path: Path) -> None:
    typed = {**STANDARD, "Inspection date": " 10/07/2023 ", "Publication date": "4/9/2023"}
    (row,) = read_outcomes(file_2025(tmp_path, latest=_rows(LATEST, typed))).latest
    assert (row.start, row.published) == (date(2023, 7, 10), date(2023, 9, 4))


def test_a_second_table_below_the_first_is_not_read_as_its_rows(tmp_path: Path) -> None:
    in_year = [*_rows(IN_YEAR, FOCUSED), [], *_rows(IN_YEAR, STANDARD)]
    outcomes = read_outcomes(file_2025(tmp_path, in_year=in_year))
    assert [row.kind for row in outcomes.in_year] == [InspectionKind.FOCUSED_VISIT]


# -- the "as at" date and the cover ---------------------------------------------------------------


def test_the_as_at_date_comes_from_the_cover_when_the_title_has_none(tmp_path: Path) -> None:
    cover = [["Outcomes as at 31 March 2024"], ["Section", "Detail"]]
    path = file_2025(tmp_path, cover=cover, latest_title="Latest judgements")
    outcomes = read_outcomes(path)
    assert (outcomes.as_at, outcomes.published) == (date(2024, 3, 31), None)


def test_a_title_with_an_impossible_date_falls_back_to_the_cover(tmp_path: Path) -> None:
    path = file_2025(tmp_path, cover=COVER, latest_title="Judgements as at 31 Smarch 2025")
    assert read_outcomes(path).as_at == date(2025, 3, 31)


def test_no_as_at_date_anywhere(tmp_path: Path) -> None:
    error = _refused(file_2025(tmp_path, latest_title="Latest judgements"))
    assert "no 'as at <date>' in the table title or on the cover" in str(error)
    assert error.sheet == "Inspections_as_at_31_March"


def test_a_damaged_cover_date(tmp_path: Path) -> None:
    cover: list[list[object]] = [*COVER[:3], ["Published on:", "soon"]]
    error = _refused(file_2025(tmp_path, cover=cover))
    assert (error.sheet, error.row, error.column) == ("Cover", 4, "Detail")
    assert "not a date: 'soon'" in str(error)


# -- bad values, each named where it is ------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"Inspection date": "31/02/2023"}, "Inspection date", "not a date: '31/02/2023'"),
        ({"Publication date": "next week"}, "Publication date", "not a date: 'next week'"),
        ({"Local authority name": 383}, "Local authority name", "expected text, found 383.0"),
        ({"Overall effectiveness": "Splendid"}, "Overall effectiveness", "not a grade"),
        ({"Inspection date": None}, None, "no inspection date"),
        ({"Ofsted region": "Atlantis"}, None, "not an Ofsted region: 'Atlantis'"),
        ({"Ofsted region": None}, None, "not an Ofsted region: ''"),
    ],
)
def test_a_bad_value_in_the_latest_table(
    tmp_path: Path, changes: dict[str, object], column: str | None, message: str
) -> None:
    error = _refused(file_2025(tmp_path, latest=_rows(LATEST, {**STANDARD, **changes})))
    assert (error.sheet, error.row, error.column) == ("Inspections_as_at_31_March", 4, column)
    assert message in str(error)


def test_not_yet_inspected_beside_a_date(tmp_path: Path) -> None:
    row = {**STANDARD, "Overall effectiveness": "Not yet inspected"}
    error = _refused(file_2025(tmp_path, latest=_rows(LATEST, row)))
    assert "'Not yet inspected' beside dates or grades" in str(error)
    assert error.row == 4


def test_a_care_leavers_grade_before_the_judgement_existed(tmp_path: Path) -> None:
    row = {**BEFORE_2023, "The experiences and progress of care leavers": "Good"}
    error = _refused(file_2025(tmp_path, latest=_rows(LATEST, row)))
    assert "an inspection starting 2019-02-18 has a care leavers grade" in str(error)


def test_a_link_beside_an_empty_cell(tmp_path: Path) -> None:
    row = {**STANDARD, "Web link": Link("https://reports.ofsted.gov.uk/provider/44/383", "")}
    error = _refused(file_2025(tmp_path, latest=_rows(LATEST, row)))
    assert "a link (https://reports.ofsted.gov.uk/provider/44/383) in an empty cell" in str(error)
    assert error.row == 4


@pytest.mark.parametrize(
    ("record", "column", "message"),
    [
        ({**FOCUSED, "Inspection/Visit date": None}, "Inspection/Visit date", "no inspection date"),
        ({**FOCUSED, "Overall effectiveness": "Good"}, None, "a focused visit with grades"),
        ({**STANDARD, "Visit Theme": "Front door"}, None, "a standard with a visit theme"),
        (
            {**FOCUSED, "Inspection/Visit type": "Spot check"},
            "Inspection/Visit type",
            "'Spot check'",
        ),
    ],
)
def test_a_bad_row_in_the_in_year_table(
    tmp_path: Path, record: dict[str, object], column: str | None, message: str
) -> None:
    error = _refused(file_2025(tmp_path, in_year=_rows(IN_YEAR, record)))
    assert (error.sheet, error.row, error.column) == ("In-year_inspections", 3, column)
    assert message in str(error)


def test_an_unknown_authority_status(tmp_path: Path) -> None:
    history = _rows(HISTORY, {**STANDARD, "Local authority status": "Merged"})
    error = _refused(file_2025(tmp_path, history=history))
    assert (error.sheet, error.row, error.column) == (
        "ILACS_inspection_history",
        3,
        "Local authority status",
    )
    assert "unknown local authority status 'Merged'" in str(error)


def test_a_table_without_a_header_row(tmp_path: Path) -> None:
    headless = _rows(HISTORY, STANDARD)[1:]
    error = _refused(file_2025(tmp_path, history=headless))
    assert error.sheet == "ILACS_inspection_history"
    assert "no header row (a row starting 'Web link')" in str(error)


# -- files that are not what they seem -------------------------------------------------------------


def test_a_spreadsheet_that_is_not_an_ods_file(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    workbook.active.title = "Inspections_as_at_31_March"
    workbook.create_sheet("In-year_inspections")
    workbook.create_sheet("ILACS_inspection_history")
    path = tmp_path / "outcomes.xlsx"  # the reader goes by the content, not the name
    workbook.save(path)
    error = _refused(path)
    assert "not an ODS file (no content.xml)" in str(error)


def test_content_that_declares_a_dtd_is_refused(tmp_path: Path) -> None:
    sheets = ("Inspections_as_at_31_March", "In-year_inspections", "ILACS_inspection_history")
    text = _content({sheet: [] for sheet in sheets}).replace(
        "<office:document-content", "<!DOCTYPE office:document-content><office:document-content", 1
    )
    error = _refused(write_ods(tmp_path / "dtd.ods", {}, content=text))
    assert "content.xml declares a DTD" in str(error)


def test_content_that_is_not_well_formed_is_refused(tmp_path: Path) -> None:
    sheets = ("Inspections_as_at_31_March", "In-year_inspections", "ILACS_inspection_history")
    text = _content({sheet: [] for sheet in sheets}) + "<trailing/>"
    error = _refused(write_ods(tmp_path / "junk.ods", {}, content=text))
    assert "content.xml is not well-formed" in str(error)


# -- the 2024 layout: a wide history -------------------------------------------------------------

AREAS_2024 = (
    "Overall effectiveness",
    "Impact of leaders",
    "Experiences and progress of children who need help and protection",
    "Experiences and progress of children in care",
    "Experiences and progress of care leavers",
)


def _block(prefix: str) -> list[str]:
    return [
        f"{prefix} ILACS publication date",
        f"{prefix} ILACS inspection type",
        *(f"{prefix} ILACS {area.lower()}" for area in AREAS_2024),
    ]


WIDE = ("Web link", "Local authority name", "LA region", *_block("First"), *_block("Second"))
FIRST = {
    "First ILACS publication date": date(2019, 4, 1),
    "First ILACS inspection type": "ILACS Standard Inspection",
    **{f"First ILACS {area.lower()}": "Good" for area in AREAS_2024[:4]},
}
SECOND = {
    "Second ILACS publication date": date(2023, 9, 4),
    "Second ILACS inspection type": "ILACS Short Inspection",
    **{f"Second ILACS {area.lower()}": "Outstanding" for area in AREAS_2024},
}


def file_2024(folder: Path, history: Rows) -> Path:
    latest = [
        "Web link",
        "Local authority name",
        "Ofsted region",
        "Inspection date",
        *AREAS_2024,
    ]
    in_year = [
        "Web link",
        "Local authority name",
        "Region",
        "Inspection/Visit date",
        "Inspection/Visit type",
        *AREAS_2024,
        "Visit Theme",
    ]
    url = "https://reports.ofsted.gov.uk/provider/44/383"
    leeds: list[object] = [Link(url), "Leeds", LEEDS["Ofsted region"], date(2023, 7, 10)]
    sheets: dict[str, Rows] = {
        "Cover": [["Local authority inspection outcomes as at 31 March 2024"]],
        "Inspections_31_March_2024": [
            ["Local authority inspection judgements as at 31 March 2024"],
            latest,
            [*leeds, *["Good"] * 5],
        ],
        "Inspections_in_year_2023-24": [
            in_year,
            [*leeds, "ILACS Short Inspection", *["Good"] * 5],
        ],
        "ILACS_inspections_2018-2024": [["ILACS inspections 2018-2024"], *history],
    }
    return write_ods(folder / "outcomes-2024.ods", sheets)


def _wide(*records: Mapping[str, object], header: Sequence[str] = WIDE) -> list[list[object]]:
    return _rows(header, *({**LEEDS, "LA region": LEEDS["Ofsted region"], **r} for r in records))


def test_a_2024_file_reads_its_wide_history(tmp_path: Path) -> None:
    gone = {**FIRST, "Local authority name": "Oldshire", "Web link": None}
    history: list[list[object]] = [
        *_wide({**FIRST, **SECOND}),
        ["Authorities that no longer exist"],
        *_wide(gone),
    ]
    outcomes = read_outcomes(file_2024(tmp_path, history))
    assert (outcomes.layout, outcomes.as_at, outcomes.published) == (
        "2024",
        date(2024, 3, 31),
        None,
    )
    first, second, oldshire = outcomes.history
    assert (first.published, first.start, first.kind, first.status) == (
        date(2019, 4, 1),
        None,
        InspectionKind.STANDARD,
        CURRENT,
    )
    assert "children_in_care_and_care_leavers" in first.grades  # published before 2023
    assert (second.kind, second.grade("care_leavers")) == (InspectionKind.SHORT, Grade.OUTSTANDING)
    assert (oldshire.la_name, oldshire.status, oldshire.web_link) == (
        "Oldshire",
        NO_LONGER_EXISTS,
        None,
    )
    assert (first.provider_id, oldshire.provider_id) == ("383", None)
    assert [row.row for row in outcomes.history] == [3, 3, 6]


def test_a_wide_history_row_has_no_inspection_date_to_give(tmp_path: Path) -> None:
    outcomes = read_outcomes(file_2024(tmp_path, _wide(FIRST)))
    (row,) = outcomes.history
    with pytest.raises(OfficialFileError, match="no inspection date") as caught:
        row.to_inspection(80481, outcomes, url="https://www.gov.uk/outcomes.ods")
    assert (caught.value.sheet, caught.value.row) == ("ILACS_inspections_2018-2024", 3)


def test_a_wide_history_block_without_its_publication_date(tmp_path: Path) -> None:
    damaged = {**FIRST, "First ILACS publication date": None}
    error = _refused(file_2024(tmp_path, _wide(damaged)))
    assert (error.sheet, error.row, error.column) == (
        "ILACS_inspections_2018-2024",
        3,
        "first ilacs publication date",  # the block's columns are named as read, folded
    )
    assert "no publication date" in str(error)


def test_a_wide_history_without_inspection_columns(tmp_path: Path) -> None:
    header = ("Web link", "Local authority name", "LA region", "Notes")
    error = _refused(file_2024(tmp_path, _wide({"Notes": "none"}, header=header)))
    assert error.column == "First ILACS publication date"
    assert "no inspection columns ('First ILACS publication date', ...) in the header row 2" in str(
        error
    )


def test_outcomes_are_plain_records(tmp_path: Path) -> None:
    outcomes = read_outcomes(file_2025(tmp_path))
    fields: dict[str, Any] = attrs.asdict(outcomes, recurse=False)
    assert isinstance(outcomes, OfficialOutcomes)
    assert set(fields) == {
        "path",
        "sha256",
        "layout",
        "as_at",
        "published",
        "latest",
        "in_year",
        "history",
    }
