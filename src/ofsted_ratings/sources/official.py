"""Reader of Ofsted's official statistics "Local authority inspection outcomes as at 31 March".

Ofsted publishes these every year as an ODS spreadsheet with three tables: every local
authority's latest judgements at 31 March (:class:`LatestOutcome`), the inspections and visits
of the year to 31 March, and every ILACS short and standard inspection since 2018 (both as
:class:`OfficialInspection`). :func:`read_outcomes` reads either of the two layouts seen so far
and tells them apart by their sheet names and header rows:

* **2025** (``LA_Inspection_Outcomes_as_at_31_March_2025.ods``): sheets
  ``Inspections_as_at_31_March``, ``In-year_inspections`` and ``ILACS_inspection_history``,
  each with the ONS (GSS) "Local authority area code" and the publication date; the history
  is one row per inspection with the authority's status ("Current" or "No longer exists").
* **2024** (``LA_Inspection_Outcomes_as_at_March_2024.ods``): sheets
  ``Inspections_31_March_2024``, ``Inspections_in_year_2023-24`` and
  ``ILACS_inspections_2018-2024``; no area codes, no publication dates in the first two
  tables, and a wide history (one row per authority with "First ILACS ...", "Second ILACS ..."
  blocks that give the publication date but not the inspection date) followed further down by
  a second table of the authorities that no longer exist after a restructure.

Nothing is filled in: a value the file does not give is ``None`` (the 2024 history has no
inspection dates, the 2024 in-year table no publication dates). Column A of every table links
each row to Ofsted's web page for the authority; the link is read from the cell's
``HYPERLINK`` formula and kept as ``web_link``.

The judgement columns are named as from 1 January 2023. For an inspection that started before
then, the children in care column holds the old combined judgement and is read as
``children_in_care_and_care_leavers`` (the care leavers cell is blank for those inspections).

The reader needs `python-calamine <https://pypi.org/project/python-calamine/>`_, the
``official`` extra: ``pip install 'ofsted-ratings[official]'``.

>>> outcomes = read_outcomes("LA_Inspection_Outcomes_as_at_31_March_2025.ods")  # doctest: +SKIP
>>> outcomes.as_at, len(outcomes.latest), len(outcomes.history)  # doctest: +SKIP
(datetime.date(2025, 3, 31), 153, 271)
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import attrs

from .._util.optional import require
from .._util.text import fold, squash
from ..errors import GradeError, MissingDependencyError, OfstedRatingsError
from ..frameworks import AREA_KEYS, InspectionKind, framework_for
from ..grades import Grade
from ..models import Inspection, Judged, Judgement, Region, Source, SourceKind, Visit, VisitKind

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

__all__ = [
    "CURRENT",
    "INSTALL_HINT",
    "NO_LONGER_EXISTS",
    "LatestOutcome",
    "MissingDependencyError",
    "OfficialFileError",
    "OfficialInspection",
    "OfficialOutcomes",
    "read_outcomes",
]

#: How to install what the reader needs.
INSTALL_HINT = "pip install 'ofsted-ratings[official]'"

#: The status of an authority that still exists, as the 2025 history writes it.
CURRENT = "Current"
#: The status of an authority abolished in a restructure, as the 2025 history writes it.
NO_LONGER_EXISTS = "No longer exists"

_CARE_LEAVERS_JUDGEMENT = date(2023, 1, 1)
_NOT_YET_INSPECTED = "not yet inspected"
_PROVIDER = re.compile(r"/provider/\d+/(\d+)/?$")
_AS_AT = re.compile(r"\bas at (\d{1,2} [A-Za-z]+ \d{4})")
_HYPERLINK = re.compile(r'HYPERLINK\(\s*"([^"]*)"', re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class OfficialFileError(OfstedRatingsError, ValueError):
    """An official statistics file that cannot be read: an unknown layout or a bad value.

    The message names the file and, where it applies, the sheet, the spreadsheet row
    (1-based, as a spreadsheet program numbers it) and the column.
    """

    def __init__(
        self,
        path: str,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = path
        self.sheet = sheet
        self.row = row
        self.column = column
        where = path
        if sheet is not None:
            where += f", sheet {sheet!r}"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


def _judgements(value: Mapping[str, Grade] | Sequence[Judgement]) -> tuple[Judgement, ...]:
    if isinstance(value, Mapping):
        return tuple(Judgement(area, grade) for area, grade in value.items())
    return tuple(value)


def _provider_id(link: str | None) -> str | None:
    if link is None:
        return None
    match = _PROVIDER.search(link)
    return None if match is None else match.group(1)


@attrs.frozen(kw_only=True)
class OfficialInspection(Judged):
    """One inspection or visit as an official file lists it.

    ``start`` is the first day of the inspection (the files' "Inspection date"),
    ``published`` the publication date; either is ``None`` where the table has no such
    column. ``judgements`` holds the grades given, in the files' column order; focused and
    monitoring visits have none but a ``theme``. ``status`` is "Current" or "No longer
    exists" in the histories (``None`` in the in-year tables). ``sheet`` and ``row`` say
    where the record was read and take no part in comparisons.
    """

    la_name: str
    ons_code: str | None
    region: Region
    status: str | None
    start: date | None
    published: date | None
    kind: InspectionKind
    judgements: tuple[Judgement, ...] = attrs.field(converter=_judgements, factory=tuple)
    theme: str | None = None
    web_link: str | None = None
    sheet: str = attrs.field(default="", eq=False)
    row: int = attrs.field(default=0, eq=False)

    @property
    def provider_id(self) -> str | None:
        """The number at the end of the web link's ``/provider/44/<id>``, if it has one.

        The files link to Ofsted's page for the authority by its DfE LA code or its URN.
        """
        return _provider_id(self.web_link)

    def to_inspection(
        self, authority_key: str | int, outcomes: OfficialOutcomes, *, url: str
    ) -> Inspection:
        """This row as an :class:`~ofsted_ratings.models.Inspection` of the authority keyed
        ``authority_key`` (its URN, where it has one).

        For an inspection whose report is not at hand: the source is the official file
        (``url`` where it is published, its title, sha256 and publication date), and the
        note says which sheet and row, and that the file gives no end date.
        """
        if self.start is None:
            raise OfficialFileError(
                outcomes.path, "no inspection date", sheet=self.sheet, row=self.row
            )
        as_at = outcomes.as_at
        return Inspection(
            authority_key=authority_key,
            framework=framework_for(self.start).id,
            kind=self.kind,
            start=self.start,
            end=None,
            published=self.published,
            judgements=self.judgements,
            source=Source(
                kind=SourceKind.OFFICIAL_STATISTICS,
                url=url,
                title=f"Local authority inspection outcomes as at {as_at.day} {as_at:%B %Y}",
                sha256=outcomes.sha256,
                published=outcomes.published,
                publisher="Ofsted",
                note=(
                    f"The report is not in the corpus; values from the sheet {self.sheet!r}, "
                    f"row {self.row}, which gives the first day of the inspection but not "
                    "the last."
                ),
            ),
        )

    @property
    def visit_kind(self) -> VisitKind | None:
        """The kind of visit this row lists, or ``None`` for a graded inspection.

        >>> row = OfficialInspection(la_name="Leeds", ons_code=None, region=Region.LONDON,
        ...     status=None, start=None, published=None, kind=InspectionKind.MONITORING_VISIT)
        >>> row.visit_kind
        <VisitKind.MONITORING: 'monitoring visit'>
        """
        return _VISIT_KINDS.get(self.kind)

    def to_visit(self, authority_key: str | int, outcomes: OfficialOutcomes, *, url: str) -> Visit:
        """This row as a :class:`~ofsted_ratings.models.Visit` to the authority keyed
        ``authority_key``, for a visit whose letter is not at hand.

        The source is the official file (``url`` where it is published, its title, sha256
        and publication date); ``source.listed`` is the publication date the row gives (the
        2024 layout gives none), and the note says which sheet and row, and what the file
        does not give (the last day, the inspectors, the findings). ``theme`` is the row's.
        """
        kind = self.visit_kind
        if kind is None:
            raise OfficialFileError(
                outcomes.path,
                f"a {self.kind.value} is not a visit",
                sheet=self.sheet,
                row=self.row,
            )
        published = "its publication date" if self.published else "no publication date"
        as_at = outcomes.as_at
        return Visit(
            authority_key=authority_key,
            kind=kind,
            start=self.start,
            end=None,
            letter_date=None,
            theme=self.theme,
            source=Source(
                kind=SourceKind.OFFICIAL_STATISTICS,
                url=url,
                title=f"Local authority inspection outcomes as at {as_at.day} {as_at:%B %Y}",
                sha256=outcomes.sha256,
                published=outcomes.published,
                listed=self.published,
                publisher="Ofsted",
                note=(
                    f"The visit's letter is not at hand; values from the sheet {self.sheet!r}, "
                    f"row {self.row}, which gives the first day of the visit, its theme and "
                    f"{published}, but not the last day, the inspectors or the findings."
                ),
            ),
        )


#: The kinds of visit the official files list, as visits.
_VISIT_KINDS = {
    InspectionKind.FOCUSED_VISIT: VisitKind.FOCUSED,
    InspectionKind.MONITORING_VISIT: VisitKind.MONITORING,
}


@attrs.frozen(kw_only=True)
class LatestOutcome(Judged):
    """One row of the "as at 31 March" table: an authority's latest inspection.

    An authority not yet inspected under ILACS has ``not_yet_inspected`` set and no dates
    or grades. ``ons_code`` and ``published`` are ``None`` in the 2024 layout.
    """

    la_name: str
    ons_code: str | None
    region: Region
    start: date | None
    published: date | None
    not_yet_inspected: bool
    judgements: tuple[Judgement, ...] = attrs.field(converter=_judgements, factory=tuple)
    web_link: str | None = None
    sheet: str = attrs.field(default="", eq=False)
    row: int = attrs.field(default=0, eq=False)

    @property
    def overall(self) -> Grade | None:
        """The overall effectiveness grade (``None`` if not yet inspected)."""
        return self.grade("overall_effectiveness")

    @property
    def provider_id(self) -> str | None:
        """The number at the end of the web link's ``/provider/44/<id>``, if it has one."""
        return _provider_id(self.web_link)


@attrs.frozen(kw_only=True)
class OfficialOutcomes:
    """The contents of one official statistics file.

    ``as_at`` is the table's "as at" date (31 March), ``published`` the cover's "Published
    on" date (``None`` if the cover has none), ``layout`` ``"2024"`` or ``"2025"`` and
    ``sha256`` the hash of the file read.
    """

    path: str
    sha256: str
    layout: str
    as_at: date
    published: date | None
    latest: tuple[LatestOutcome, ...]
    in_year: tuple[OfficialInspection, ...]
    history: tuple[OfficialInspection, ...]


# --- layouts -------------------------------------------------------------------------------


@attrs.frozen
class _Layout:
    name: str
    latest: re.Pattern[str]
    in_year: re.Pattern[str]
    history: re.Pattern[str]
    example: tuple[str, str, str]

    def patterns(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        return (self.latest, self.in_year, self.history)


_LAYOUTS = (
    _Layout(
        "2025",
        re.compile(r"Inspections_as_at_31_March"),
        re.compile(r"In-year_inspections"),
        re.compile(r"ILACS_inspection_history"),
        ("Inspections_as_at_31_March", "In-year_inspections", "ILACS_inspection_history"),
    ),
    _Layout(
        "2024",
        re.compile(r"Inspections_31_March_\d{4}"),
        re.compile(r"Inspections_in_year_\d{4}-\d{2}"),
        re.compile(r"ILACS_inspections_\d{4}-\d{4}"),
        ("Inspections_31_March_2024", "Inspections_in_year_2023-24", "ILACS_inspections_2018-2024"),
    ),
)

# Logical columns and the header texts (normalised) that name them.
_FIELDS: dict[str, tuple[str, ...]] = {
    "link": ("web link",),
    "code": ("local authority area code",),
    "name": ("local authority name",),
    "status": ("local authority status",),
    "region": ("ofsted region", "region", "la region"),
    "start": ("inspection date", "inspection/visit date"),
    "published": ("publication date",),
    "type": ("inspection type", "inspection/visit type"),
    "theme": ("visit theme",),
}
# Judgement headers (normalised, without a leading "the") and their area keys. The children
# in care column is "children_in_care" here and becomes the combined judgement when the
# inspection predates 1 January 2023.
_AREAS: dict[str, str] = {
    "overall effectiveness": "overall_effectiveness",
    "impact of leaders": "impact_of_leaders",
    "impact of leaders on social work practice with children and families": "impact_of_leaders",
    "experiences and progress of children who need help and protection": "help_and_protection",
    "experiences and progress of children in care": "children_in_care",
    "experiences and progress of children in care and care leavers": (
        "children_in_care_and_care_leavers"
    ),
    "experiences and progress of care leavers": "care_leavers",
}
_CURRENT_AREAS = (
    "overall_effectiveness",
    "impact_of_leaders",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
)
# The header a layout prints for each field, to name a missing column.
_LABELS_2025 = {
    "link": "Web link",
    "code": "Local authority area code",
    "name": "Local authority name",
    "status": "Local authority status",
    "region": "Ofsted region",
    "start": "Inspection date",
    "published": "Publication date",
    "type": "Inspection type",
    "theme": "Visit Theme",
    "overall_effectiveness": "Overall effectiveness",
    "impact_of_leaders": (
        "The impact of leaders on social work practice with children and families"
    ),
    "help_and_protection": (
        "The experiences and progress of children who need help and protection"
    ),
    "children_in_care": "The experiences and progress of children in care",
    "care_leavers": "The experiences and progress of care leavers",
}
_LABELS_2024 = {
    **_LABELS_2025,
    "impact_of_leaders": "Impact of leaders",
    "help_and_protection": "Experiences and progress of children who need help and protection",
    "children_in_care": "Experiences and progress of children in care",
    "care_leavers": "Experiences and progress of care leavers",
}

_IN_YEAR_LABELS = {
    "region": "Region",
    "start": "Inspection/Visit date",
    "type": "Inspection/Visit type",
}

_KINDS: dict[str, InspectionKind] = {
    "ilacs short inspection": InspectionKind.SHORT,
    "ilacs standard inspection": InspectionKind.STANDARD,
    "ilacs focused visit": InspectionKind.FOCUSED_VISIT,
    "la monitoring visit": InspectionKind.MONITORING_VISIT,
}
_STATUSES = {"current": CURRENT, "no longer exists": NO_LONGER_EXISTS}
_REGIONS = {region.value.casefold(): region for region in Region}

#: A cell's value as python-calamine reads it; ``None`` for a cell past the row's end.
Cell = int | float | str | bool | time | date | datetime | timedelta | None


def _folded(value: object) -> str:
    """A cell's text folded for comparing headers and labels; ``""`` for a non-text cell."""
    return fold(value) if isinstance(value, str) else ""


def _area_key(header: str) -> str | None:
    text = header[4:] if header.startswith("the ") else header
    return _AREAS.get(text)


def _combined_judgement(
    start: date | None, published: date | None, *, has_care_leavers: bool
) -> bool:
    """Whether the children in care grade is the combined judgement with care leavers,
    made before 1 January 2023."""
    if start is not None:
        return start < _CARE_LEAVERS_JUDGEMENT
    if published is not None and published < _CARE_LEAVERS_JUDGEMENT:
        return True
    # No start date: the file leaves care leavers blank exactly when the inspection
    # predates the separate judgement.
    return not has_care_leavers


def _block_columns(texts: Sequence[str], prefix: str) -> dict[str, int]:
    """The columns of the 2024 history's block ``prefix``: field or area key to index."""
    columns: dict[str, int] = {}
    for index, text in enumerate(texts):
        if not text.startswith(prefix):
            continue
        rest = text[len(prefix) :]
        if rest == "publication date":
            columns["published"] = index
        elif rest == "inspection type":
            columns["type"] = index
        else:
            key = _area_key(rest)
            if key is not None:
                columns.setdefault(key, index)
    return columns


def _block_fields(columns: Mapping[str, int]) -> list[str]:
    """The fields a block must have: the care leavers judgement, and the separate children
    in care one, unless it has the combined judgement."""
    needed = ["published", "type", "overall_effectiveness", "impact_of_leaders"]
    needed += ["help_and_protection"]
    if "children_in_care_and_care_leavers" not in columns:
        needed += ["children_in_care", "care_leavers"]
    return needed


# --- reading -------------------------------------------------------------------------------


def read_outcomes(path: str | PathLike[str]) -> OfficialOutcomes:
    """Read one "Local authority inspection outcomes as at 31 March" ODS file.

    Raises :class:`OfficialFileError` naming the file, sheet and column when the layout is
    not one this reader knows or a value cannot be read, and :class:`MissingDependencyError`
    when python-calamine is not installed.
    """
    file = Path(path)
    name = str(file)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise OfficialFileError(name, f"cannot read the file: {error}") from None
    workbook = _open_workbook(file)
    layout, sheets = _detect_layout(name, workbook.sheet_names)
    links = _read_links(name, data, sheets)
    reader = _Reader(name, layout, workbook, links)
    latest_sheet, in_year_sheet, history_sheet = sheets
    latest = reader.latest(latest_sheet)
    in_year = reader.in_year(in_year_sheet)
    history = reader.history(history_sheet)
    return OfficialOutcomes(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        layout=layout.name,
        as_at=reader.as_at(latest_sheet),
        published=reader.cover_published(),
        latest=latest,
        in_year=in_year,
        history=history,
    )


def _open_workbook(path: Path) -> CalamineWorkbook:
    require(
        "python_calamine",
        "official",
        "reading Ofsted's official ODS files",
        package="python-calamine",
    )
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own error types for a bad file
        raise OfficialFileError(str(path), f"not a readable ODS file: {error}") from None


def _detect_layout(path: str, names: Sequence[str]) -> tuple[_Layout, tuple[str, str, str]]:
    best: tuple[int, _Layout, list[str | None]] | None = None
    for layout in _LAYOUTS:
        found: list[str | None] = []
        for pattern in layout.patterns():
            found.append(next((n for n in names if pattern.fullmatch(n)), None))
        score = sum(item is not None for item in found)
        if best is None or score > best[0]:
            best = (score, layout, found)
    assert best is not None
    score, layout, found = best
    if score == 0:
        expected = " or ".join(
            ", ".join(repr(sheet) for sheet in item.example) for item in _LAYOUTS
        )
        raise OfficialFileError(
            path,
            f"not a known layout of the official statistics: no sheet {expected} "
            f"(sheets: {', '.join(map(repr, names))})",
        )
    missing = [layout.example[index] for index, sheet in enumerate(found) if sheet is None]
    if missing:
        raise OfficialFileError(
            path,
            f"{layout.name} layout but no sheet {', '.join(map(repr, missing))} "
            f"(sheets: {', '.join(map(repr, names))})",
        )
    return layout, (str(found[0]), str(found[1]), str(found[2]))


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TABLE = f"{{{_TABLE_NS}}}table"
_ROW = f"{{{_TABLE_NS}}}table-row"
_CELLS = (f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell")
_NAME = f"{{{_TABLE_NS}}}name"
_FORMULA = f"{{{_TABLE_NS}}}formula"
_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"


def _read_links(path: str, data: bytes, sheets: Sequence[str]) -> dict[str, dict[int, str]]:
    """The URL in each column-A ``HYPERLINK`` formula, by sheet and 0-based row."""
    content = _content_xml(path, data)
    collector = _LinkCollector({sheet: {} for sheet in sheets})
    parser = ElementTree.iterparse(io.BytesIO(content), events=("start", "end"))  # noqa: S314
    try:
        for event, element in parser:
            if event == "start":
                collector.start(element)
            elif element.tag == _ROW:
                collector.end_row(element)
    except ElementTree.ParseError as error:
        raise OfficialFileError(path, f"content.xml is not well-formed: {error}") from None
    return collector.links


def _content_xml(path: str, data: bytes) -> bytes:
    """The ODS file's ``content.xml``, refused if it declares a DTD."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError) as error:
        raise OfficialFileError(path, f"not an ODS file (no content.xml): {error}") from None
    # ODS content never declares a DTD; refusing one rules out entity-expansion attacks.
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise OfficialFileError(path, "content.xml declares a DTD, which ODS files never do")
    return content


@attrs.define
class _LinkCollector:
    """Follows the tables and rows of ``content.xml`` and keeps the formula links of the
    first cell of each row of the sheets in ``links``."""

    links: dict[str, dict[int, str]]
    sheet: str | None = None
    row: int = 0
    first: ElementTree.Element | None = None

    def start(self, element: ElementTree.Element) -> None:
        tag = element.tag
        if tag == _TABLE:
            name = element.get(_NAME)
            self.sheet = name if name in self.links else None
            self.row = 0
        elif tag == _ROW:
            self.first = None
        elif tag in _CELLS and self.first is None:
            self.first = element

    def end_row(self, element: ElementTree.Element) -> None:
        if self.sheet is not None and self.first is not None:
            match = _HYPERLINK.search(self.first.get(_FORMULA) or "")
            if match:
                self.links[self.sheet][self.row] = match.group(1)
        self.row += int(element.get(_REPEATED, "1"))
        self.first = None
        element.clear()


@attrs.define
class _Header:
    row: int
    columns: dict[str, int]
    texts: list[str]


@attrs.define
class _Reader:
    path: str
    layout: _Layout
    workbook: CalamineWorkbook
    links: dict[str, dict[int, str]]

    @property
    def labels(self) -> dict[str, str]:
        return _LABELS_2025 if self.layout.name == "2025" else _LABELS_2024

    def error(
        self,
        message: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> OfficialFileError:
        return OfficialFileError(
            self.path, message, sheet=sheet, row=None if row is None else row + 1, column=column
        )

    def rows(self, sheet: str) -> list[list[Cell]]:
        return [list(row) for row in self.workbook.get_sheet_by_name(sheet).to_python(False)]

    # -- headers

    def headers(self, sheet: str, rows: list[list[Cell]]) -> list[_Header]:
        headers = []
        for index, row in enumerate(rows):
            if row and _folded(row[0]) == "web link":
                texts = [_folded(cell) for cell in row]
                headers.append(_Header(index, self.columns(texts), texts))
        if not headers:
            raise self.error("no header row (a row starting 'Web link') in the sheet", sheet=sheet)
        return headers

    @staticmethod
    def columns(texts: Sequence[str]) -> dict[str, int]:
        columns: dict[str, int] = {}
        for index, text in enumerate(texts):
            for field, names in _FIELDS.items():
                if text in names and field not in columns:
                    columns[field] = index
            key = _area_key(text)
            if key is not None and key not in columns:
                columns[key] = index
        return columns

    def require(
        self,
        sheet: str,
        header: _Header,
        fields: Sequence[str],
        labels: Mapping[str, str] | None = None,
    ) -> None:
        """Raise naming the first of ``fields`` the header row lacks, as the layout prints it."""
        names = {**self.labels, **(labels or {})}
        for field in fields:
            if field not in header.columns:
                raise self.error(
                    f"no column {names[field]!r} in the header row "
                    f"{header.row + 1} of the {self.layout.name} layout",
                    sheet=sheet,
                    column=names[field],
                )

    # -- cells

    def text(self, sheet: str, row: int, column: str, value: Cell) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.error(f"expected text, found {value!r}", sheet=sheet, row=row, column=column)
        return squash(value) or None

    def read_date(self, sheet: str, row: int, column: str, value: Cell) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = self.text(sheet, row, column, value)
        if text is None:
            return None
        match = _DMY.fullmatch(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                pass
        raise self.error(f"not a date: {value!r}", sheet=sheet, row=row, column=column)

    def region(self, sheet: str, row: int, value: Cell) -> Region:
        text = self.text(sheet, row, "region", value)
        region = None if text is None else _REGIONS.get(text.casefold())
        if region is None:
            raise self.error(f"not an Ofsted region: {value!r}", sheet=sheet, row=row)
        return region

    def kind(self, sheet: str, row: int, column: str, value: Cell) -> InspectionKind:
        text = self.text(sheet, row, column, value)
        kind = None if text is None else _KINDS.get(text.casefold())
        if kind is None:
            raise self.error(
                f"unknown inspection type {value!r}", sheet=sheet, row=row, column=column
            )
        return kind

    def grade(self, sheet: str, row: int, column: str, value: Cell) -> Grade | None:
        text = self.text(sheet, row, column, value)
        if text is None or text.casefold() == _NOT_YET_INSPECTED:
            return None
        try:
            return Grade.parse(text)
        except GradeError:
            raise self.error(
                f"not a grade: {value!r}", sheet=sheet, row=row, column=column
            ) from None

    def link(self, sheet: str, row: int, cells: Sequence[Cell]) -> str | None:
        """The column-A link of ``row``; a link beside an empty cell means the XML rows and
        the cells are out of step, which would pair rows with the wrong links."""
        link = self.links.get(sheet, {}).get(row) or None
        if link is not None and _cell(cells, 0) in (None, ""):
            raise self.error(f"a link ({link}) in an empty cell", sheet=sheet, row=row)
        return link

    def judgements(
        self,
        sheet: str,
        row: int,
        cells: Mapping[str, Cell],
        *,
        start: date | None,
        published: date | None,
    ) -> dict[str, Grade]:
        """The grades of one inspection, by area key (see the module docstring)."""
        grades: dict[str, Grade] = {}
        for key, value in cells.items():
            grade = self.grade(sheet, row, self.labels.get(key, key), value)
            if grade is not None:
                grades[key] = grade
        in_care = grades.pop("children_in_care", None)
        if in_care is not None:
            combined = _combined_judgement(
                start, published, has_care_leavers="care_leavers" in grades
            )
            key = "children_in_care_and_care_leavers" if combined else "children_in_care"
            if combined and "care_leavers" in grades:
                raise self.error(
                    f"an inspection starting {start} has a care leavers grade, a judgement "
                    "only made from 1 January 2023",
                    sheet=sheet,
                    row=row,
                )
            grades[key] = in_care
        return {key: grades[key] for key in AREA_KEYS if key in grades}

    # -- tables

    def latest(self, sheet: str) -> tuple[LatestOutcome, ...]:
        rows = self.rows(sheet)
        header = self.headers(sheet, rows)[0]
        self.require(sheet, header, self.layout_fields(["link", "name", "region", "start"]))
        return tuple(
            self.latest_outcome(sheet, index, row, header.columns)
            for index, row in self.data_rows(sheet, rows, header)
        )

    def layout_fields(self, fields: Sequence[str], extra: Sequence[str] = ()) -> list[str]:
        """The columns a latest or in-year table has: ``fields``, then ``extra`` and the
        judgements; the 2025 layout adds the area code (after the link) and the publication
        date (at the end)."""
        if self.layout.name == "2025":
            return [fields[0], "code", *fields[1:], *extra, *_CURRENT_AREAS, "published"]
        return [*fields, *extra, *_CURRENT_AREAS]

    def latest_outcome(
        self, sheet: str, index: int, row: list[Cell], columns: Mapping[str, int]
    ) -> LatestOutcome:
        cells = {key: _cell(row, columns.get(key)) for key in _CURRENT_AREAS}
        raw_start = _cell(row, columns["start"])
        not_yet = any(
            _folded(value) == _NOT_YET_INSPECTED for value in (raw_start, *cells.values())
        )
        start = (
            None
            if _folded(raw_start) == _NOT_YET_INSPECTED
            else self.read_date(sheet, index, self.labels["start"], raw_start)
        )
        published = self.read_date(
            sheet, index, self.labels["published"], _cell(row, columns.get("published"))
        )
        judgements = self.judgements(sheet, index, cells, start=start, published=published)
        if not_yet and (start is not None or published is not None or judgements):
            raise self.error("'Not yet inspected' beside dates or grades", sheet=sheet, row=index)
        if not not_yet and start is None:
            raise self.error("no inspection date", sheet=sheet, row=index)
        return LatestOutcome(
            la_name=self.name(sheet, index, row, columns),
            ons_code=self.text(sheet, index, "code", _cell(row, columns.get("code"))),
            region=self.region(sheet, index, _cell(row, columns["region"])),
            start=start,
            published=published,
            not_yet_inspected=not_yet,
            judgements=judgements,
            web_link=self.link(sheet, index, row),
            sheet=sheet,
            row=index + 1,
        )

    def in_year(self, sheet: str) -> tuple[OfficialInspection, ...]:
        rows = self.rows(sheet)
        header = self.headers(sheet, rows)[0]
        fields = self.layout_fields(["link", "name", "region", "start"], ["type", "theme"])
        self.require(sheet, header, fields, _IN_YEAR_LABELS)
        return tuple(
            self.inspection(sheet, index, row, header.columns, status=None)
            for index, row in self.data_rows(sheet, rows, header)
        )

    def history(self, sheet: str) -> tuple[OfficialInspection, ...]:
        rows = self.rows(sheet)
        headers = self.headers(sheet, rows)
        if self.layout.name == "2025":
            header = headers[0]
            fields = ["link", "code", "name", "status", "region", "start", "published", "type"]
            self.require(sheet, header, [*fields, *_CURRENT_AREAS])
            return tuple(
                self.inspection(sheet, index, row, header.columns, status="status")
                for index, row in self.data_rows(sheet, rows, header)
            )
        return tuple(self.wide_history(sheet, rows, headers))

    def data_rows(
        self, sheet: str, rows: list[list[Cell]], header: _Header, end: int | None = None
    ) -> Iterator[tuple[int, list[Cell]]]:
        """The rows under ``header`` that name an authority, up to ``end``."""
        name = header.columns["name"]
        for index in range(header.row + 1, len(rows) if end is None else end):
            row = rows[index]
            if row and _folded(row[0]) == "web link":
                break
            if _cell(row, name) in (None, ""):
                continue
            yield index, row

    def name(self, sheet: str, index: int, row: list[Cell], columns: Mapping[str, int]) -> str:
        name = self.text(sheet, index, self.labels["name"], _cell(row, columns["name"]))
        if name is None:  # pragma: no cover - data_rows skips these
            raise self.error("no local authority name", sheet=sheet, row=index)
        return name

    def inspection(
        self,
        sheet: str,
        index: int,
        row: list[Cell],
        columns: Mapping[str, int],
        *,
        status: str | None,
    ) -> OfficialInspection:
        labels = {**self.labels, **(_IN_YEAR_LABELS if status is None else {})}
        kind = self.kind(sheet, index, labels["type"], _cell(row, columns["type"]))
        start = self.read_date(sheet, index, labels["start"], _cell(row, columns["start"]))
        if start is None:
            raise self.error("no inspection date", sheet=sheet, row=index, column=labels["start"])
        published = self.read_date(
            sheet, index, labels["published"], _cell(row, columns.get("published"))
        )
        cells = {key: _cell(row, columns.get(key)) for key in _CURRENT_AREAS}
        judgements = self.judgements(sheet, index, cells, start=start, published=published)
        theme = self.text(sheet, index, labels["theme"], _cell(row, columns.get("theme")))
        self.check_grading(sheet, index, kind, judgements, theme)
        return OfficialInspection(
            la_name=self.name(sheet, index, row, columns),
            ons_code=self.text(sheet, index, labels["code"], _cell(row, columns.get("code"))),
            region=self.region(sheet, index, _cell(row, columns["region"])),
            status=None if status is None else self.status(sheet, index, row, columns),
            start=start,
            published=published,
            kind=kind,
            judgements=judgements,
            theme=theme,
            web_link=self.link(sheet, index, row),
            sheet=sheet,
            row=index + 1,
        )

    def status(self, sheet: str, index: int, row: list[Cell], columns: Mapping[str, int]) -> str:
        value = _cell(row, columns["status"])
        status = _STATUSES.get(_folded(value))
        if status is None:
            raise self.error(
                f"unknown local authority status {value!r}",
                sheet=sheet,
                row=index,
                column=self.labels["status"],
            )
        return status

    def check_grading(
        self,
        sheet: str,
        index: int,
        kind: InspectionKind,
        judgements: Mapping[str, Grade],
        theme: str | None,
    ) -> None:
        if not kind.graded and judgements:
            raise self.error(f"a {kind.value} with grades", sheet=sheet, row=index)
        if kind.graded and theme is not None:
            raise self.error(f"a {kind.value} with a visit theme", sheet=sheet, row=index)

    def wide_history(
        self, sheet: str, rows: list[list[Cell]], headers: list[_Header]
    ) -> Iterator[OfficialInspection]:
        """The 2024 history: one row per authority, a block of columns per inspection.

        The first table lists the current authorities; the tables below it (after a title
        such as "ILACS inspections of local authorities that existed before the
        restructure") those that no longer exist, as the sheet's own note says.
        """
        for number, header in enumerate(headers):
            self.require(sheet, header, ["link", "name", "region"], {"region": "LA region"})
            blocks = self.blocks(sheet, header)
            end = headers[number + 1].row if number + 1 < len(headers) else None
            status = CURRENT if number == 0 else NO_LONGER_EXISTS
            for index, row in self.data_rows(sheet, rows, header, end):
                yield from self.wide_row(sheet, index, row, header, blocks, status)

    def wide_row(
        self,
        sheet: str,
        index: int,
        row: list[Cell],
        header: _Header,
        blocks: Sequence[tuple[str, dict[str, int]]],
        status: str,
    ) -> Iterator[OfficialInspection]:
        """The inspections in one authority's row of the 2024 history, a block each."""
        name = self.name(sheet, index, row, header.columns)
        region = self.region(sheet, index, _cell(row, header.columns["region"]))
        for prefix, columns in blocks:
            values = {key: _cell(row, column) for key, column in columns.items()}
            if all(value in (None, "") for value in values.values()):
                continue
            label = f"{prefix}publication date"
            published = self.read_date(sheet, index, label, values.pop("published"))
            if published is None:
                raise self.error("no publication date", sheet=sheet, row=index, column=label)
            kind = self.kind(sheet, index, f"{prefix}inspection type", values.pop("type"))
            judgements = self.judgements(sheet, index, values, start=None, published=published)
            self.check_grading(sheet, index, kind, judgements, None)
            yield OfficialInspection(
                la_name=name,
                ons_code=None,
                region=region,
                status=status,
                start=None,
                published=published,
                kind=kind,
                judgements=judgements,
                theme=None,
                web_link=self.link(sheet, index, row),
                sheet=sheet,
                row=index + 1,
            )

    def blocks(self, sheet: str, header: _Header) -> list[tuple[str, dict[str, int]]]:
        """The "<prefix> publication date", "<prefix> inspection type", ... column blocks."""
        texts = header.texts
        prefixes = [
            text[: -len("publication date")]
            for text in texts
            if text.endswith("publication date") and text != "publication date"
        ]
        if not prefixes:
            raise self.error(
                "no inspection columns ('First ILACS publication date', ...) in the header "
                f"row {header.row + 1}",
                sheet=sheet,
                column="First ILACS publication date",
            )
        blocks = []
        for prefix in prefixes:
            columns = _block_columns(texts, prefix)
            missing = next(
                (field for field in _block_fields(columns) if field not in columns), None
            )
            if missing is not None:
                column = f"{prefix}{self.block_label(missing)}".strip()
                raise self.error(
                    f"no column {column!r} in the header row {header.row + 1}",
                    sheet=sheet,
                    column=column,
                )
            blocks.append((prefix, columns))
        return blocks

    def block_label(self, field: str) -> str:
        """How a block of the 2024 history names ``field``, after its prefix."""
        if field == "published":
            return "publication date"
        if field == "type":
            return "inspection type"
        return self.labels[field].casefold().removeprefix("the ")

    # -- file-level values

    def as_at(self, sheet: str) -> date:
        candidates = [*self.rows(sheet)[:2], *self.rows_or_empty("Cover")[:1]]
        for row in candidates:
            for cell in row:
                if isinstance(cell, str):
                    match = _AS_AT.search(cell)
                    if match:
                        try:
                            return datetime.strptime(match.group(1), "%d %B %Y").date()  # noqa: DTZ007
                        except ValueError:
                            continue
        raise self.error("no 'as at <date>' in the table title or on the cover", sheet=sheet)

    def cover_published(self) -> date | None:
        for index, row in enumerate(self.rows_or_empty("Cover")):
            if row and _folded(row[0]).rstrip(":") == "published on" and len(row) > 1:
                return self.read_date("Cover", index, "Detail", row[1])
        return None

    def rows_or_empty(self, sheet: str) -> list[list[Cell]]:
        return self.rows(sheet) if sheet in self.workbook.sheet_names else []


def _cell(row: Sequence[Cell], column: int | None) -> Cell:
    if column is None or column >= len(row):
        return None
    return row[column]
