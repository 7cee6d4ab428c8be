"""Page texts in, report fields out: the pure parsing half of the report reader.

:func:`parse_pages` takes the pages of a report as text (anything with ``len()`` and
``pages[i]``; the PDF side extracts each page on first access) and tells the framework
family from page 1:

* the 2013 inspections of looked after children services ("Inspection of looked after
  children services"; grades in the "Record of main findings" at the end);
* the single inspection framework, SIF ("Inspection of services for children in need of
  help and protection, children looked after and care leavers", or "Re-inspection ...";
  the overall judgement in a sentence, the others in a numbered list, the LSCB review and
  the lead inspector further on);
* ILACS ("Inspection of <authority> local authority children's services" and a
  "Judgement | Grade" table; which ILACS follows from the rows and the start date).

Each family has its parser; every one either returns every field the report prints or
raises a :class:`~ofsted_ratings.sources.reports.errors.ReportError` saying what is wrong.
Nothing is guessed: a field the report does not print is ``None`` (the lead inspector, the
publication date), a judgement it does not print is an error.

A judgement table is read as rows of a label and a grade that ends its line. Each label is
mapped to an area by the concepts it names (:mod:`._labels`), so a reworded label still
reads; a label that fits no area of the table, or several, or an area another label of the
report fits too, is a :class:`~ofsted_ratings.sources.reports.errors.JudgementLabelError`
naming it. A SIF report is a re-inspection when its title says so or when page 1 or the
executive summary calls the inspection one (:func:`says_reinspection`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Protocol, TypeVar

import attrs

from ..._util.dates import MONTHS
from ..._util.text import squash
from ...errors import GradeError
from ...frameworks import FRAMEWORKS, FrameworkId, InspectionKind
from ...grades import Grade
from ...models import Judged, Judgement
from ._labels import LabelMap, words
from .errors import (
    InconsistentReportError,
    JudgementLabelError,
    MissingJudgementsError,
    NotAnInspectionReportError,
    ReportError,
    UnreadableFieldError,
)

__all__ = ["PageTexts", "ParsedReport", "clean_text", "parse_date", "parse_pages", "parse_period"]


class PageTexts(Protocol):
    """The pages of a report as text: ``len()`` pages, ``pages[i]`` the text of page ``i``."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> str: ...


@attrs.frozen(kw_only=True)
class ParsedReport(Judged):
    """What a report prints: the fields of a :class:`~ofsted_ratings.sources.reports.ReportRecord`
    other than those of the file itself."""

    authority: str
    framework: FrameworkId
    kind: InspectionKind | None
    start: date
    end: date
    published: date | None
    lead_inspector: str | None
    judgements: tuple[Judgement, ...]


# --- text clean-up ------------------------------------------------------------------------

_TRANSLATE = str.maketrans(
    {
        "\r": "\n",
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\t": " ",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,
        "\ufffe": "-",  # PDFium's mark for a hyphen that ended a line
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2500": "-",  # box-drawing horizontal line, used once as a dash
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)
_TRAILING_SPACE = re.compile(r"[ ]+\n")


def clean_text(text: str) -> str:
    """Normalise a page's text: one kind of space, dash, apostrophe and line break."""
    text = text.replace("\r\n", "\n").translate(_TRANSLATE)
    return _TRAILING_SPACE.sub("\n", text)


# --- dates ----------------------------------------------------------------------------------

_MONTHS = MONTHS

_TOKEN = re.compile(r"\d+|[A-Za-z]+\.?|[-,/&]|\S")
_SEPARATORS = {"-", "to", "and", ",", "&", "until"}
_DIGITS_SPLIT = re.compile(r"(?<=\d) (?=\d)")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)
_LONGEST_INSPECTION = timedelta(days=366)


@attrs.define
class _Atom:
    day: int
    month: int | None = None
    year: int | None = None
    month_inferred: bool = False
    year_inferred: bool = False


def _tokens(text: str) -> list[str]:
    text = squash(clean_text(text))
    text = _DIGITS_SPLIT.sub("", text)
    text = _ORDINAL.sub("", text)
    return _TOKEN.findall(text)


def _atoms(text: str, field: str) -> list[_Atom]:
    """Read the dates of ``text`` into atoms, checking what lies between them."""
    tokens = _tokens(text)
    if not tokens:
        raise UnreadableFieldError(field, "no date given")
    atoms: list[_Atom] = []
    i = 0
    expect_date = True
    while i < len(tokens):
        if expect_date:
            atom, i = _atom(tokens, i, field, text)
            atoms.append(atom)
        else:
            i = _skip_separators(tokens, i, field, text)
        expect_date = not expect_date
    if expect_date:
        raise UnreadableFieldError(field, f"{text.strip()!r} ends without a date")
    return atoms


def _atom(tokens: Sequence[str], i: int, field: str, text: str) -> tuple[_Atom, int]:
    """The date that starts at ``tokens[i]`` (a day, then perhaps a month and a year), and
    the index of the token after it."""
    token = tokens[i]
    if not token.isdigit() or len(token) > 2:
        raise UnreadableFieldError(field, f"expected a day in {text.strip()!r}")
    atom = _Atom(int(token))
    i += 1
    if i + 1 < len(tokens) and tokens[i] == "/" and _short_number(tokens[i + 1]):
        # dd/mm/yyyy
        atom.month = int(tokens[i + 1])
        i += 2
        if i + 1 < len(tokens) and tokens[i] == "/" and tokens[i + 1].isdigit():
            atom.year = _year(tokens[i + 1], field, text)
            i += 2
        return atom, i
    if i < len(tokens) and tokens[i].lower().rstrip(".") in _MONTHS:
        atom.month = _MONTHS[tokens[i].lower().rstrip(".")]
        i += 1
    if i < len(tokens) and tokens[i].isdigit() and len(tokens[i]) == 4:
        atom.year = int(tokens[i])
        i += 1
    return atom, i


def _skip_separators(tokens: Sequence[str], i: int, field: str, text: str) -> int:
    """The index of the first token after the separators ("-", "to", "and", ...) at ``i``."""
    token = tokens[i]
    if token.lower().rstrip(".") not in _SEPARATORS:
        raise UnreadableFieldError(field, f"unexpected {token!r} in {text.strip()!r}")
    while i < len(tokens) and tokens[i].lower() in _SEPARATORS:
        i += 1
    return i


def _short_number(token: str) -> bool:
    return token.isdigit() and len(token) <= 2


def _year(token: str, field: str, text: str) -> int:
    if len(token) == 4:
        return int(token)
    if len(token) == 2:
        return 2000 + int(token)
    raise UnreadableFieldError(field, f"bad year {token!r} in {text.strip()!r}")


def _dates(text: str, field: str) -> list[date]:
    atoms = _atoms(text, field)
    _infer_months_and_years(atoms)
    days = [_day(atom, field, text) for atom in atoms]
    # "29 December to 2 January 2015": the first date's year is the one before.
    for index in range(len(days) - 2, -1, -1):
        atom = atoms[index]
        if days[index] > days[index + 1] and atom.year_inferred and not atom.month_inferred:
            try:
                days[index] = days[index].replace(year=days[index].year - 1)
            except ValueError:
                raise UnreadableFieldError(field, f"impossible date in {text.strip()!r}") from None
    for earlier, later in itertools.pairwise(days):
        if earlier > later:
            raise UnreadableFieldError(field, f"dates out of order in {text.strip()!r}")
    return days


def _infer_months_and_years(atoms: Sequence[_Atom]) -> None:
    """A day without month or year takes them from the next date that has them."""
    following_month: int | None = None
    following_year: int | None = None
    for atom in reversed(atoms):
        if atom.month is None:
            atom.month = following_month
            atom.month_inferred = True
        if atom.year is None:
            atom.year = following_year
            atom.year_inferred = True
        following_month, following_year = atom.month, atom.year


def _day(atom: _Atom, field: str, text: str) -> date:
    if atom.month is None or atom.year is None:
        raise UnreadableFieldError(field, f"no month or year for day {atom.day} in {text!r}")
    try:
        return date(atom.year, atom.month, atom.day)
    except (ValueError, OverflowError) as error:
        raise UnreadableFieldError(field, f"{error} in {text.strip()!r}") from None


def parse_period(text: str) -> tuple[date, date]:
    """The first and last day of an inspection as a report prints its dates.

    Handles "8 - 12 July 2013", "20 to 24 February 2023", "16 September - 8 October 2014",
    "20 January 2015 - 11 February 2015", "12/09/2016 to 06/10/2016", periods joined by
    "and", any dash, stray spaces inside numbers and so on.

    >>> parse_period("30 September to 11 October 2024 and 13 to 16 January 2025")
    (datetime.date(2024, 9, 30), datetime.date(2025, 1, 16))
    """
    days = _dates(text, "inspection dates")
    start, end = days[0], days[-1]
    if end - start > _LONGEST_INSPECTION:
        raise UnreadableFieldError("inspection dates", f"over a year long: {text.strip()!r}")
    return start, end


def parse_date(text: str, field: str = "date") -> date:
    """One date, as "27 March 2015", "25/11/2016" or "3 Feb 2015"."""
    days = _dates(text, field)
    if len(days) != 1:
        raise UnreadableFieldError(field, f"expected one date, not {text.strip()!r}")
    return days[0]


# --- grades and tables ------------------------------------------------------------------------

_GRADE_PHRASE = (
    r"requires?\s+improvement(?:\s*,?\s*to\s+(?:become|be)\s+good)?"
    r"|(?-i:RI)(?:\s*,?\s*to\s+(?:become|be)\s+good)?"
    r"|outstanding|good|inadequate|adequate"
)

# A row: a label of at most this many words, then a grade that ends the line. A label has no
# sentence break and no auxiliary verb: text that has one is prose after the table, even if it
# names an area ("Overall effectiveness is good" is not a row).
_MAX_LABEL_WORDS = 20
_LABEL_WINDOW = 400
_GRADE_AT = re.compile(
    rf"(?<![\w'-])(?:(?P<grade>{_GRADE_PHRASE})\b(?:\s*\(?\s*grade\s*(?P<number>[1-4])(?:[ ]*\))?)?"
    r"|(?P<not_judged>not\s+judged)\b)",
    re.IGNORECASE,
)
# A grade ends its line, and the next line is a new row or the end of the table, not the rest of
# a sentence ("... benefit greatly from outstanding\nservices.").
_LINE_END = re.compile(r"[ ]*(?:\n\s*(?![a-z])|$)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"')]*\s+\S")
_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "been", "being"})
_LABEL_ENDS = " \n.:;,'\"-"


class _Table:
    """A judgement table of the areas ``keys``: rows of a label and a grade.

    Labels are mapped to areas by concept (:mod:`._labels`); if ``numbered``, a row may
    start with a "2.1"-style number. A row of an area in ``ends`` ends the table unread.
    """

    def __init__(
        self, keys: Iterable[str], *, numbered: bool = False, ends: Iterable[str] = ()
    ) -> None:
        self.ends = frozenset(ends)
        self.labels = LabelMap([*keys, *self.ends])
        number = r"(?:\d(?:\.\d)?\.?\s+)?" if numbered else ""
        self.row_start = re.compile(rf"\s*{number}")


def _framework_keys(frameworks: Iterable[FrameworkId]) -> list[str]:
    return [area.key for framework_id in frameworks for area in FRAMEWORKS[framework_id].areas]


@attrs.frozen
class _Row:
    key: str
    label: str
    grade: Grade | None


@attrs.frozen
class _Rows:
    """The rows read, and the words that follow them (where the table ends).

    ``stalled`` is the line after the rows when it names an area not read: a row whose grade
    cannot be read.
    """

    rows: tuple[_Row, ...]
    end: str
    stalled: str | None = None


def _next_row(text: str, position: int, table: _Table) -> tuple[str, re.Match[str]] | None:
    """The label and grade of the row at ``position``, or ``None`` if no row starts there."""
    label_start = table.row_start.match(text, position)
    assert label_start is not None  # it may match nothing
    grade = _GRADE_AT.search(text, label_start.end(), label_start.end() + _LABEL_WINDOW)
    if grade is None or not _LINE_END.match(text, grade.end()):
        return None
    label = squash(text[label_start.end() : grade.start()]).strip(_LABEL_ENDS)
    if not _label_like(label):
        return None
    return label, grade


def _label_like(label: str) -> bool:
    tokens = label.lower().split()
    return (
        0 < len(tokens) <= _MAX_LABEL_WORDS
        and _SENTENCE_BREAK.search(label) is None
        and _AUXILIARIES.isdisjoint(token.strip(",;:()") for token in tokens)
    )


def _area(table: _Table, label: str, what: str) -> str:
    fitting = table.labels.fits(label)
    if len(fitting) == 1:
        return fitting[0]
    if fitting:
        raise JudgementLabelError(
            label, f"{what}: the label {label!r} fits more than one area ({', '.join(fitting)})"
        )
    raise JudgementLabelError(
        label,
        f"{what}: the label {label!r} fits no judgement area ({', '.join(table.labels.keys)})",
    )


def _read_table(text: str, table: _Table, *, what: str) -> _Rows:
    """Read ``label grade`` rows from the start of ``text`` until something else comes.

    A row the report marks "Not judged" has the grade ``None``; a row whose label fits no
    area, or several, is an error naming the label.
    """
    found: list[_Row] = []
    position = 0
    while (row := _next_row(text, position, table)) is not None:
        label, grade_match = row
        key = _area(table, label, what)
        if key in table.ends:
            break
        grade = None if grade_match.group("not_judged") else _grade(grade_match, what)
        found.append(_Row(key, label, grade))
        position = grade_match.end()
    end = " ".join(text[position:].split()[:8])
    return _Rows(tuple(found), end, _stalled(text, position, table, found))


def _stalled(text: str, position: int, table: _Table, found: Sequence[_Row]) -> str | None:
    """The first one to three lines at ``position`` if they name an area not read yet."""
    start = table.row_start.match(text, position)
    assert start is not None
    lines = text[start.end() :].split("\n", 3)[:3]
    read = {row.key for row in found} | table.ends
    for count in range(1, len(lines) + 1):
        label = squash(" ".join(lines[:count]))
        fitting = table.labels.fits(label)
        if len(fitting) == 1 and fitting[0] not in read:
            return label
    return None


def _grade(match: re.Match[str], what: str) -> Grade:
    phrase = squash(match.group("grade"))
    try:
        grade = Grade.parse(phrase)
    except GradeError:
        raise MissingJudgementsError(f"{what}: {phrase!r} is not a grade") from None
    number = match.group("number")
    if number is not None and Grade.from_number(int(number)) is not grade:
        raise InconsistentReportError(f"{what}: {squash(match.group(0))!r} contradicts itself")
    return grade


def _check_once(rows: Sequence[_Row], what: str) -> None:
    """Each area once: two rows of one area are an error, naming both labels if they differ."""
    seen: dict[str, _Row] = {}
    for row in rows:
        earlier = seen.setdefault(row.key, row)
        if earlier is row:
            continue
        if words(earlier.label) != words(row.label):
            raise JudgementLabelError(
                row.label,
                f"{what}: the labels {earlier.label!r} and {row.label!r} both fit {row.key}",
            )
        raise MissingJudgementsError(f"{what}: {row.key} graded twice")


def _judgements(
    found: _Rows, framework: FrameworkId, what: str, optional: Iterable[str] = ()
) -> tuple[Judgement, ...]:
    """The judgements in framework order, checking that every area is there once.

    Areas in ``optional`` may be absent; an area "Not judged" is present without a grade.
    """
    _check_once(found.rows, what)
    grades = {row.key: row.grade for row in found.rows}
    areas = FRAMEWORKS[framework].area_keys
    missing = [key for key in areas if key not in grades and key not in optional]
    extra = [key for key in grades if key not in areas]
    if missing and found.stalled is not None:
        raise MissingJudgementsError(f"{what}: no grade after {found.stalled!r}")
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected {', '.join(extra)}")
        parts.append(f"the table ends at {found.end!r}")
        raise MissingJudgementsError(f"{what}: {'; '.join(parts)}")
    return tuple(Judgement(key, grade) for key in areas if (grade := grades.get(key)) is not None)


# --- common fields ----------------------------------------------------------------------------

_DATES_LABEL = re.compile(r"^[ ]*Inspection dates?\b[ ]*:?[ ]*(?P<rest>.*)$", re.MULTILINE)
_ENDS_IN_YEAR = re.compile(r"(?:\d{4}|\d{1,2}/\d{1,2}/\d{2,4})\s*$")
_PUBLISHED = re.compile(
    r"^[ ]*(?:Report )?published\b[ ]*:?[ ]*(?P<rest>.+)$", re.MULTILINE | re.IGNORECASE
)
_LEAD = re.compile(
    r"^[ ]*(?:Lead [Ii]nspectors?(?: on site)?[ ]*:|Reporting [Ii]nspector\b[ ]*:?)"
    r"[ ]*(?P<rest>.*)$",
    re.MULTILINE,
)
_HMI_TITLE = re.compile(
    r"\(?\b(?:Senior\s+)?(?:(?:Her|His)\s+Majesty's\s+Inspectors?|HMI|HMCI)\b\)?\.?",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-ZÀ-Þ][\w'.-]*(?:[ ][\w'.-]+)*")


# A dates line that stops mid-period, and a next line that carries the period on.
_RUNS_ON = re.compile(r"(?:[-‐‑‒–—]|\bto|\band)$", re.IGNORECASE)
_CONTINUATION = re.compile(r"(?:[-‐‑‒–—]|to\b|and\b)", re.IGNORECASE)


def _dates_field(page: str) -> tuple[date, date]:
    match = _DATES_LABEL.search(page)
    if match is None:
        raise UnreadableFieldError("inspection dates", "page 1 has no 'Inspection dates'")
    value = match.group("rest").strip()
    lines = page[match.end() :].split("\n")[1:3]
    for line in lines:
        # Dates that run onto the next line: "... and 28 - 30" / "January 2014", or
        # "20 January 2015" / "- 11 February 2015".
        following = line.strip()
        complete = value and _ENDS_IN_YEAR.search(value) and not _RUNS_ON.search(value)
        if complete and not _CONTINUATION.match(following):
            break
        value = f"{value} {following}".strip()
    if not value:
        raise UnreadableFieldError("inspection dates", "'Inspection dates' gives no dates")
    return parse_period(value)


def _published_field(page: str) -> date | None:
    match = _PUBLISHED.search(page)
    if match is None:
        return None
    return parse_date(match.group("rest"), "published")


def _lead_inspector(page: str) -> str | None:
    """The lead inspector(s) named on ``page``, or ``None`` if it names none."""
    match = _LEAD.search(page)
    if match is None:
        return None
    value = match.group("rest").strip()
    following = page[match.end() :].split("\n")[1:3]
    # "Rebecca Quested, His Majesty's Inspector, and Matthew Reed," / "His Majesty's Inspector"
    for line in following:
        if not value or value.endswith((",", " and")):
            value = f"{value} {line.strip()}".strip()
        else:
            break
    return _inspector_names(value)


def _inspector_names(value: str) -> str:
    text = _HMI_TITLE.sub(" ", value)
    names = [
        squash(part).strip(" ,.;")
        for part in re.split(r",|\band\b|&", text)
        if squash(part).strip(" ,.;")
    ]
    if not names or not all(_NAME.fullmatch(name) for name in names):
        raise UnreadableFieldError("lead inspector", f"cannot read a name in {value.strip()!r}")
    return " and ".join(names)


def _header_lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, without bare page numbers."""
    return [
        line.strip() for line in text.split("\n") if line.strip() and not line.strip().isdigit()
    ]


def _strip_footnote(text: str) -> str:
    return re.sub(r"(?<=[a-z])\d$", "", text)


# --- families -------------------------------------------------------------------------------

_LAC_TITLE = re.compile(r"^\s*Inspection\s+of\s+looked\s+after\s+children\s+services\b", re.I)
_SIF_TITLE = re.compile(
    r"^[ ]*(?P<re>Re-?\s?inspection|Inspection)\s+of\s+services\s+for\s+children\s+in\s+need"
    r"\s+of\s+help\s+and\s+protection,?\s+children\s+looked\s+after\s+and\s+care\s+leavers",
    re.IGNORECASE | re.MULTILINE,
)
_LSCB_REVIEW = re.compile(
    r"(?:Review|Inspection)\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+"
    r"children\s+board",
    re.IGNORECASE,
)
_JUDGEMENT_GRADE = re.compile(r"^[ ]*Judgements?[ ]+Grades?[ ]*$", re.MULTILINE | re.IGNORECASE)
_NOT_REPORTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"joint\s+targeted\s+area\s+inspection", re.I), "a joint targeted area inspection"),
    (re.compile(r"focused\s+visit", re.I), "a focused visit letter"),
    (re.compile(r"monitoring\s+visit", re.I), "a monitoring visit letter"),
)


def parse_pages(pages: PageTexts, *, source: str | None = None) -> ParsedReport:
    """Read a report's fields from its pages' text.

    Raises a :class:`~ofsted_ratings.sources.reports.errors.ReportError` subclass, naming
    ``source``, for anything that is not a readable graded inspection report.
    """
    try:
        return _parse(_CleanPages(pages))
    except ReportError as error:
        if error.source is None:
            error.source = source
        raise


class _CleanPages:
    """``pages`` with each page's text cleaned (:func:`clean_text`) on first access, once."""

    def __init__(self, pages: PageTexts) -> None:
        self._pages = pages
        self._texts: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._pages)

    def __getitem__(self, index: int) -> str:
        text = self._texts.get(index)
        if text is None:
            text = self._texts[index] = clean_text(self._pages[index])
        return text


def _parse(pages: PageTexts) -> ParsedReport:
    if len(pages) == 0:
        raise UnreadableFieldError("text", "the report has no pages")
    first = pages[0]
    if not first.strip():
        raise UnreadableFieldError(
            "text", "page 1 has no extractable text (a scanned image, or a damaged file?)"
        )
    if _LAC_TITLE.match(first):
        return _parse_lac(first, pages)
    sif = _SIF_TITLE.search(first)
    if sif is not None:
        return _parse_sif(first, sif, pages)
    table = _JUDGEMENT_GRADE.search(first)
    if table is not None:
        return _parse_ilacs(first, table)
    review = _LSCB_REVIEW.search(first[:600])
    if review is not None:
        return _parse_lscb_review(first, review, pages)
    for pattern, what in _NOT_REPORTS:
        if pattern.search(first):
            raise NotAnInspectionReportError(f"{what}, not a graded inspection report")
    opening = " ".join(first.split()[:12])
    raise NotAnInspectionReportError(
        f"not an inspection report of children's services: page 1 begins {opening!r}"
    )


def _authority(name: str) -> str:
    name = _strip_footnote(squash(name)).strip(" ,.")
    if not name or len(name) > 120:
        raise UnreadableFieldError("authority", f"cannot read the authority's name: {name!r}")
    return name


# LAC 2013 --------------------------------------------------------------------------------------

_LAC_RECORD = re.compile(
    r"^[ ]*Record of main findings[ ]*\n\s*Services for looked after children[ ]*\n",
    re.MULTILINE | re.IGNORECASE,
)
_LAC_TABLE = _Table(_framework_keys([FrameworkId.LAC_2013]))


def _parse_lac(first: str, pages: PageTexts) -> ParsedReport:
    dates = _DATES_LABEL.search(first)
    if dates is None:
        raise UnreadableFieldError("inspection dates", "page 1 has no 'Inspection dates'")
    title = _LAC_TITLE.match(first)
    assert title is not None
    authority = _authority(" ".join(_header_lines(first[title.end() : dates.start()])))
    start, end = _dates_field(first)
    lead = _lead_inspector(first)
    found = None
    # The record of main findings is the report's last page; look back from the end.
    for index in range(len(pages) - 1, 0, -1):
        page = pages[index]
        record = _LAC_RECORD.search(page)
        if record is not None:
            found = _read_table(page[record.end() :], _LAC_TABLE, what="record of main findings")
            break
    if found is None:
        raise MissingJudgementsError("no 'Record of main findings' with the grades")
    return ParsedReport(
        authority=authority,
        framework=FrameworkId.LAC_2013,
        kind=InspectionKind.INSPECTION,
        start=start,
        end=end,
        published=_published_field(first),
        lead_inspector=lead,
        judgements=_judgements(found, FrameworkId.LAC_2013, "record of main findings"),
    )


# SIF -------------------------------------------------------------------------------------------

_SIF_AREAS = (
    "help_and_protection",
    "looked_after_and_permanence",
    "adoption_performance",
    "care_leavers",
    "leadership_management_governance",
)
# The LSCB's grade may follow the list (2014); it is read on its own.
_SIF_TABLE = _Table(_SIF_AREAS, numbered=True, ends=["lscb"])
_SIF_FIRST_NUMBER = re.compile(r"^[ ]*1\.?[ ]+(?=\S)", re.MULTILINE)
_SIF_OVERALL = (
    re.compile(
        rf"The overall judgement is (?:that )?(?:children's services? )?(?:are |is )?"
        rf"(?P<grade>{_GRADE_PHRASE})\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"Children's services (?:in (?:(?!\b(?:are|is|requires?)\b).){1,100}? )?(?:are |is )?"
        rf"(?P<grade>{_GRADE_PHRASE})\b",
        re.IGNORECASE,
    ),
)
# "Board" is missing once ("The Local Safeguarding Children is inadequate", Somerset 2015).
_BOARD = r"Local\s+Safeguarding\s+Children(?:\s+Board)?(?:\s+\(LSCB\))?"
_LSCB_GRADE = re.compile(
    rf"^[ ]*The\s+(?:{_BOARD}|effectiveness\s+of\s+the\s+(?:{_BOARD}|LSCB))\s+"
    rf"(?:is\s+|are\s+)?(?P<grade>{_GRADE_PHRASE})\b",
    re.IGNORECASE | re.MULTILINE,
)
_CONTENTS = re.compile(r"^[ ]*Contents[ ]*$", re.MULTILINE | re.IGNORECASE)
_CONTENTS_ENTRY = re.compile(r"^(?P<entry>.*?\S)[ .]+(?P<page>\d{1,3})[ ]*$", re.MULTILINE)
_LEAD_SECTION = re.compile(r"Information about (?:this|the)\b.*inspection", re.IGNORECASE)
# In 2014 the lead inspector is named just before the "Information about this local authority
# area" the contents list (the section naming them is not listed).
_AREA_SECTION = re.compile(r"Information about (?:this|the) local authority area", re.IGNORECASE)
_LSCB_SECTION = re.compile(r"Local Safeguarding Children Board|\bLSCB\b", re.IGNORECASE)


def _contents_pages(pages: PageTexts, entry: re.Pattern[str]) -> list[int]:
    """0-based indexes of the pages the contents list gives for ``entry``, in order."""
    hints: list[int] = []
    # The contents follow page 1, or a two or three-page executive summary (2016 on).
    for index in range(1, min(6, len(pages))):
        page = pages[index]
        if not _CONTENTS.search(page):
            continue
        for match in _CONTENTS_ENTRY.finditer(page):
            if entry.search(match.group("entry")):
                number = int(match.group("page")) - 1
                if 0 < number < len(pages) and number not in hints:
                    hints.append(number)
        break
    return hints


_T = TypeVar("_T")


def _search(
    pages: PageTexts, order: Iterable[int], find: Callable[[str], _T | None]
) -> tuple[int, _T] | None:
    """The first page in ``order`` where ``find`` finds something, and what it found."""
    seen: set[int] = set()
    for index in order:
        if index in seen or not 0 <= index < len(pages):
            continue
        seen.add(index)
        result = find(pages[index])
        if result is not None:
            return index, result
    return None


def _around(hints: Sequence[int], before: int = 0, after: int = 1) -> list[int]:
    return [index + offset for index in hints for offset in range(-before, after + 1)]


def _sif_overall(first: str) -> Grade:
    text = squash(first)
    for pattern in _SIF_OVERALL:
        match = pattern.search(text)
        if match is not None:
            try:
                return Grade.parse(match.group("grade"))
            except GradeError:
                break
    raise MissingJudgementsError("no overall judgement ('Children's services in ... are ...')")


def _lscb(page: str) -> Grade | None:
    match = _LSCB_GRADE.search(page)
    if match is None:
        return None
    try:
        return Grade.parse(squash(match.group("grade")))
    except GradeError:
        raise MissingJudgementsError(f"LSCB: {match.group('grade')!r} is not a grade") from None


_REINSPECTION = r"re(?:-\s*|\s+)?inspection"
# "This is a re-inspection of ...", "This was a re-inspection ...", "This re-inspection has
# identified ...", "The re-inspection of the local authority was carried out under section 136".
_SELF_DESCRIBED = re.compile(
    rf"\bthis\s+(?:(?:is|was)\s+a\s+)?{_REINSPECTION}\b"
    rf"|\bthe\s+{_REINSPECTION}\s+of\s+the\s+local\s+authority\s+was\s+carried\s+out\b",
    re.IGNORECASE,
)
# "... a re-inspection of children's services in X, following a judgement of inadequate in 2014."
_AFTER_INADEQUATE = re.compile(
    rf"\ba\s+{_REINSPECTION}\b[^.]*?\b(?:after|following)\b[^.]*?\binadequate\b[^.]*",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# The SIF began in November 2013: an inadequate judgement of 2012 or before was not a SIF's.
_LAST_YEAR_BEFORE_SIF = 2012


def says_reinspection(text: str) -> bool:
    """Whether ``text`` says that the inspection it reports is a re-inspection.

    Only a statement about this inspection counts, not a mention of another one ("Ofsted
    re-inspected safeguarding in 2011") nor a reference to an earlier inadequate judgement
    ("since the last inspection in 2015, which judged them inadequate"), which first SIF
    reports make about the inspections before the SIF.

    >>> says_reinspection("This is a re-inspection of children's services in Lambeth, after "
    ...                   "they were judged to be inadequate in 2015.")
    True
    >>> says_reinspection("Services have improved since the last inspection in 2015, which "
    ...                   "judged them overall to be inadequate.")
    False
    """
    return _declares(clean_text(text))


def _declares(text: str) -> bool:
    if _SELF_DESCRIBED.search(text):
        return True
    for match in _AFTER_INADEQUATE.finditer(text):
        years = [int(year) for year in _YEAR.findall(match.group(0))]
        if not years or max(years) > _LAST_YEAR_BEFORE_SIF:
            return True
    return False


def _summary_pages(pages: PageTexts) -> range:
    """Page 1 and the executive summary after it: the pages before the contents list."""
    for index in range(1, min(6, len(pages))):
        if _CONTENTS.search(pages[index]):
            return range(index)
    return range(min(3, len(pages)))


def _sif_kind(title: re.Match[str], pages: PageTexts) -> InspectionKind:
    """A re-inspection when the title says so, or the report's summary says so in words."""
    if title.group("re").lower().startswith("re") or any(
        _declares(pages[index]) for index in _summary_pages(pages)
    ):
        return InspectionKind.RE_INSPECTION
    return InspectionKind.INSPECTION


def _parse_sif(first: str, title: re.Match[str], pages: PageTexts) -> ParsedReport:
    authority = _authority(" ".join(_header_lines(first[: title.start()])))
    kind = _sif_kind(title, pages)
    start, end = _dates_field(first)
    table = _sif_list_start(first)
    if table is None:
        raise MissingJudgementsError("no list of judgements ('1. Children who need help ...')")
    published = _published_field(first[:table])
    found = _sif_table(first, table, pages)
    lead_found = _sif_lead(pages)
    lscb = _sif_lscb(first, title, pages, lead_found)
    if lscb is not None:
        found = attrs.evolve(found, rows=(*found.rows, _Row("lscb", "LSCB", lscb)))
    return ParsedReport(
        authority=authority,
        framework=FrameworkId.SIF,
        kind=kind,
        start=start,
        end=end,
        published=published,
        lead_inspector=None if lead_found is None else lead_found[1],
        judgements=_judgements(found, FrameworkId.SIF, "judgements", optional=("lscb",)),
    )


def _sif_list_start(first: str) -> int | None:
    """Where the numbered list of judgements starts: the first "1." line that is a row."""
    for number in _SIF_FIRST_NUMBER.finditer(first):
        row = _next_row(first, number.start(), _SIF_TABLE)
        if row is not None and _SIF_TABLE.labels.fits(row[0]):
            return number.start()
    return None


def _sif_table(first: str, table: int, pages: PageTexts) -> _Rows:
    """The overall judgement and the numbered list of the others that starts at ``table``."""
    found = _read_table(first[table:], _SIF_TABLE, what="judgements")
    if len(found.rows) < len(_SIF_AREAS) and len(pages) > 1:
        # The list runs onto page 2 (Oldham 2015).
        rest = re.sub(r"^\s*\d+[ ]*\n", "", pages[1])
        more = _read_table(rest, _SIF_TABLE, what="judgements")
        found = _Rows((*found.rows, *more.rows), more.end)
    overall = _Row("overall_effectiveness", "Overall effectiveness", _sif_overall(first[:table]))
    return attrs.evolve(found, rows=(overall, *found.rows))


def _sif_lead(pages: PageTexts) -> tuple[int, str] | None:
    """The lead inspector and the page naming them: page 1, the page the contents give,
    else the first from the end backwards."""
    lead_hints = _around(_contents_pages(pages, _LEAD_SECTION))
    lead_hints += _around(_contents_pages(pages, _AREA_SECTION), before=1, after=0)
    return _search(pages, [0, *lead_hints, *range(len(pages) - 1, 0, -1)], _lead_inspector)


def _sif_lscb(
    first: str, title: re.Match[str], pages: PageTexts, lead_found: tuple[int, str] | None
) -> Grade | None:
    """The LSCB's grade: reviewed with the inspection when the title says so; else it may
    follow the report, after the lead inspector's page, as an appended review (Hull 2015).
    Re-inspections have none."""
    reviewed = _LSCB_REVIEW.search(first[title.end() : title.end() + 300]) is not None
    if reviewed:
        lscb_hints = _contents_pages(pages, _LSCB_SECTION)
        lscb_found = _search(pages, [0, *_around(lscb_hints), *range(1, len(pages))], _lscb)
        if lscb_found is None:
            raise MissingJudgementsError("the title says the LSCB was reviewed; no LSCB grade")
        return lscb_found[1]
    if lead_found is not None and lead_found[0] > 0:
        after = range(lead_found[0] + 1, min(lead_found[0] + 4, len(pages)))
        appended = _search(pages, after, _appended_lscb)
        if appended is not None:
            return appended[1]
    return None


def _parse_lscb_review(first: str, title: re.Match[str], pages: PageTexts) -> ParsedReport:
    """A review of a Local Safeguarding Children Board published on its own (Surrey 2015).

    It grades the board, not the authority's services: the record's kind says so, and its
    only judgement is the LSCB's.
    """
    authority = _authority(" ".join(_header_lines(first[: title.start()])))
    start, end = _dates_field(first)
    published = _published_field(first)
    grade = _lscb(first)
    if grade is None:
        raise MissingJudgementsError("a review of the LSCB with no LSCB grade on page 1")
    lead_found = _search(pages, [0, *range(len(pages) - 1, 0, -1)], _lead_inspector)
    return ParsedReport(
        authority=authority,
        framework=FrameworkId.SIF,
        kind=InspectionKind.LSCB_REVIEW,
        start=start,
        end=end,
        published=published,
        lead_inspector=None if lead_found is None else lead_found[1],
        judgements=(Judgement("lscb", grade),),
    )


def _appended_lscb(page: str) -> Grade | None:
    if not _LSCB_REVIEW.search(page[:600]):
        return None
    return _lscb(page)


# ILACS -----------------------------------------------------------------------------------------

_ILACS_IDS = (FrameworkId.ILACS_2018, FrameworkId.ILACS_2023, FrameworkId.ILACS_2026)
_ILACS_TABLE = _Table(_framework_keys(_ILACS_IDS))
_GENERIC_ILACS_TITLE = re.compile(
    r"Inspection of (?:local authority )?children's (?:social care )?services", re.IGNORECASE
)
_NAMED_ILACS_TITLE = re.compile(
    r"Inspection of (?:the )?(?P<name>.+?)(?: local authority)? children's (?:social care )?"
    r"services",
    re.IGNORECASE,
)
_KIND = re.compile(r"\b(?P<kind>short|standard) inspection\b", re.IGNORECASE)


def _ilacs_authority(header: str) -> str:
    lines = _header_lines(header)
    titles = [index for index, line in enumerate(lines) if line.startswith("Inspection of")]
    if not titles:
        raise UnreadableFieldError("authority", "no 'Inspection of ...' title on page 1")
    index = titles[-1]
    title = squash(" ".join(lines[index:]))
    if _GENERIC_ILACS_TITLE.fullmatch(title):
        return _authority(" ".join(lines[:index]))
    named = _NAMED_ILACS_TITLE.fullmatch(title)
    if named is not None:
        return _authority(named.group("name"))
    # "Inspection of Bradford Children and Families Trust"
    return _authority(title.removeprefix("Inspection of").removeprefix(" the "))


def _ilacs_kind(header: str) -> InspectionKind | None:
    """Short or standard when the heading above the table says so; ILACS reports so far never
    do, and the kind is not guessed from the inspection's length."""
    kinds = {match.group("kind").lower() for match in _KIND.finditer(squash(header))}
    if len(kinds) == 1:
        return InspectionKind(kinds.pop())
    return None


def _ilacs_framework_for(start: date) -> FrameworkId:
    for framework_id in reversed(_ILACS_IDS):
        if FRAMEWORKS[framework_id].covers(start):
            return framework_id
    raise InconsistentReportError(
        f"an ILACS report of an inspection starting {start}, before ILACS began"
    )


def _parse_ilacs(first: str, table: re.Match[str]) -> ParsedReport:
    dates = _DATES_LABEL.search(first)
    if dates is None or dates.start() > table.start():
        raise UnreadableFieldError("inspection dates", "no 'Inspection dates' above the table")
    authority = _ilacs_authority(first[: dates.start()])
    start, end = _dates_field(first)
    lead = _lead_inspector(first[: table.start()])
    found = _read_table(first[table.end() :], _ILACS_TABLE, what="judgement table")
    by_date = _ilacs_framework_for(start)
    keys = {row.key for row in found.rows}
    if keys != set(FRAMEWORKS[by_date].area_keys) and found.stalled is None:
        for other in _ILACS_IDS:
            if other is not by_date and keys == set(FRAMEWORKS[other].area_keys):
                raise InconsistentReportError(
                    f"the judgement rows are those of {FRAMEWORKS[other].name}, but the "
                    f"inspection started on {start}, under {FRAMEWORKS[by_date].name}"
                )
    return ParsedReport(
        authority=authority,
        framework=by_date,
        kind=_ilacs_kind(first[: table.start()]),
        start=start,
        end=end,
        published=_published_field(first[: table.start()]),
        lead_inspector=lead,
        judgements=_judgements(found, by_date, "judgement table"),
    )
