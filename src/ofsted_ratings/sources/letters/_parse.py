"""Page texts in, letter fields out: the pure parsing half of the letter reader.

:func:`parse_letter` takes the pages of a letter as text (anything with ``len()`` and
``pages[i]``) and reads:

* the **kind** from the heading on page 1, "Focused visit to ..." or "Monitoring visit to
  ...": a focused visit whose letter says its delivery model (or methodology) "was adapted
  to reflect the COVID-19 context" is of the COVID-19 kind;
* the **letter's date**, the date alone on a line above the heading, or else anywhere on
  page 1 (the text of a few letters puts the heading block after page 1's body); ``None``
  where page 1 has none, or none that is a date;
* the **days on site** and the **inspectors** from the opening sentences ("This letter
  summarises the findings of a focused visit to ... on 30 and 31 January 2018. The
  inspectors were ..."); a visit's year, where the letter leaves it out, is the letter's;
* the **theme** from the first sentence that says what inspectors looked at ("Inspectors
  looked at the local authority's arrangements for care leavers."), without its opening
  words, and with the list it introduces; a COVID-19 visit of autumn 2020 that names no
  theme looked at what its letter's opening says Ofsted's work was into ("how England's
  social care system has delivered child-centred practice and care ...");
* the **areas for priority action** and **what needs to improve**, from the sections of
  those names: one item per bullet (a sub-bullet joins its bullet), or, where the section
  has no bullets, one per paragraph; a sentence saying there are none gives none.

Page furniture goes first: Ofsted's address block, page numbers and the footnote of the
national framework. Everything read is the letter's own words with line breaks, repeated
spaces and broken hyphens mended; nothing is made up. A field that cannot be read raises a
:class:`~ofsted_ratings.sources.reports.errors.ReportError` subclass saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

import attrs

from ..._util.dates import MONTHS
from ..._util.text import squash
from ...models import VisitKind
from ..reports._parse import PageTexts, clean_text, parse_date, parse_period
from .errors import (
    InconsistentReportError,
    NotAVisitLetterError,
    ReportError,
    ReportTooLargeError,
    UnreadableFieldError,
)

__all__ = [
    "AMENDABLE",
    "MAX_LETTER_CHARS",
    "MAX_LETTER_PAGES",
    "MAX_VISIT_DAYS",
    "Amendment",
    "ParsedLetter",
    "is_letter",
    "parse_letter",
]

#: The most pages the letter reader reads; real letters have at most 7.
MAX_LETTER_PAGES = 40
#: The most characters of text the letter reader parses; real letters have under 30,000.
MAX_LETTER_CHARS = 400_000
#: The longest visit, first to last day on site, the reader accepts; real ones last at most
#: a week.
MAX_VISIT_DAYS = 31


@attrs.frozen(kw_only=True)
class ParsedLetter:
    """What a visit letter prints: the fields of a
    :class:`~ofsted_ratings.sources.letters.LetterRecord` other than those of the file."""

    authority: str
    kind: VisitKind
    start: date
    end: date
    letter_date: date | None
    inspectors: tuple[str, ...]
    lead_inspector: str | None
    theme: str
    priority_actions: tuple[str, ...]
    improvements: tuple[str, ...]


#: The dates a reviewed correction may replace: the days on site and the letter's date.
AMENDABLE = ("start", "end", "letter_date")


@attrs.frozen
class Amendment:
    """A reviewed correction of a date a letter prints wrongly: the ``field`` (``start``,
    ``end`` or ``letter_date``), the date the letter prints and the date to read instead.

    The reader applies it before it checks the dates against each other, and only if the
    letter prints exactly ``printed``: a correction reviewed for another value does not
    apply, and the reader says so.

    >>> Amendment("start", date(2022, 10, 24), date(2023, 10, 24)).field
    'start'
    """

    field: str = attrs.field(validator=attrs.validators.in_(AMENDABLE))
    printed: date
    value: date


def _amended(field: str, printed: date | None, amendments: Sequence[Amendment]) -> date | None:
    """``printed``, or the value of the amendment of ``field`` (which must expect it)."""
    for amendment in amendments:
        if amendment.field == field:
            if amendment.printed != printed:
                raise InconsistentReportError(
                    f"a correction of the {field} expects the letter to print "
                    f"{amendment.printed}, but it prints {printed}"
                )
            return amendment.value
    return printed


def _amended_day(field: str, printed: date, amendments: Sequence[Amendment]) -> date:
    amended = _amended(field, printed, amendments)
    assert amended is not None  # an amendment's value is a date
    return amended


# --- text ----------------------------------------------------------------------------------

_BULLET = "\u25fc"  # ◼, the bullet the letters print most
_SUB_BULLET = "\u23af"  # ⎯, a bullet within a bullet
#: Other bullets the letters print (Wingdings' square, a bullet), read as the usual one.
_OTHER_BULLETS = ("\uf06e", "\uf0a7", "\uf0b7", "\u25aa", "\u25a0", "\u2022")
#: Ofsted's address block and contact lines, printed on page 1 (or the last page).
_FURNITURE = frozenset(
    {
        "ofsted",
        "piccadilly gate",
        "store street",
        "manchester",
        "m1 2wd",
        "manchester m1 2wd",
        "t 0300 123 1231",
        "textphone 0161 618 8524",
        "textphone 0161 618",
        "enquiries@ofsted.gov.uk",
        "www.gov.uk/ofsted",
    }
)
# The footnote letters from 2025 print under "What needs to improve".
_FOOTNOTE = re.compile(
    r"^\d{1,2}\s+The\s+areas\s+for\s+improvement\s+have\s+been\s+cross-referenced", re.I
)


def page_lines(text: str) -> list[str]:
    """The lines of one page's text, cleaned, without furniture, page numbers or footnote."""
    text = clean_text(text)
    for bullet in _OTHER_BULLETS:
        text = text.replace(bullet, _BULLET)
    lines = []
    for raw in text.split("\n"):
        line = " ".join(raw.split())
        if _FOOTNOTE.match(line):
            break
        if not line or line.isdigit() or line.casefold() in _FURNITURE:
            continue
        lines.append(line)
    return lines


def join_lines(lines: Iterable[str]) -> str:
    """Lines as one text: a word broken by a hyphen at a line's end is mended."""
    out: list[str] = []
    for line in lines:
        if out and _BROKEN.search(out[-1]) and line[:1].isalpha():
            out[-1] += line
        else:
            out.append(line)
    return " ".join(out)


_BROKEN = re.compile(r"[^\W\d_]-$")


# --- page 1: heading and date ----------------------------------------------------------------

_HEADING = re.compile(r"(?P<kind>focused|monitoring)\s+visit\s+to\b\s*(?P<rest>.*)", re.I)
_SUMMARY = re.compile(
    r"This\s+letter\s+summarises\s+the\s+findings\s+of\s+(?:a|an|the|this)\s+"
    r"(?:(?:focused|monitoring)\s+)?(?:assurance\s+)?visit\b",
    re.I,
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_LINE = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})\.?,?\s+\d{{4}}", re.I)
_AUTHORITY_END = re.compile(
    r"(?:^|(?:'s)?\s+)(?:local\s+authority\s+)?children's\s+(?:social\s+care\s+)?services$",
    re.I,
)
# The authority as the summary names it: "... visit to Camden children's services on ...".
_SUMMARY_AUTHORITY = re.compile(
    r"\bvisit\s+to\s+(?P<name>.+?)\s+(?:on|between|from)\s+(?:the\s+)?\d", re.I
)
_REPORT_TITLE = re.compile(
    r"^\s*(?:Re-?\s?)?Inspection\s+of\b.{0,200}?(?:children|services)", re.I | re.M | re.S
)


def _heading_index(lines: Sequence[str]) -> int | None:
    for index, line in enumerate(lines):
        if _HEADING.match(line):
            return index
    return None


def is_letter(first_page: str) -> bool:
    """Whether a page 1 is that of a visit letter: headed "Focused visit to ..." or
    "Monitoring visit to ...", with the sentence "This letter summarises the findings of
    ... visit".

    >>> is_letter("12 May 2025\\nFocused visit to Leeds children's services\\n"
    ...           "This letter summarises the findings of the focused visit to Leeds ...")
    True
    >>> is_letter("Inspection of Leeds City Council children's services")
    False
    """
    return _is_letter(page_lines(first_page))


def _is_letter(lines: Sequence[str]) -> bool:
    return _heading_index(lines) is not None and _SUMMARY.search(join_lines(lines)) is not None


def _not_a_letter(first_page: str) -> NotAVisitLetterError:
    text = clean_text(first_page)
    if _REPORT_TITLE.search(text):
        what = "page 1 is headed as an inspection report"
    elif re.search(r"joint\s+targeted\s+area\s+inspection", text, re.I):
        what = "page 1 is that of a joint targeted area inspection"
    else:
        what = "page 1 has no 'Focused visit to' or 'Monitoring visit to' heading"
    return NotAVisitLetterError(f"not a visit letter: {what}")


def _letter_date(header: Sequence[str]) -> date | None:
    for line in header:
        if _DATE_LINE.fullmatch(line):
            return parse_date(line, "letter date")
    return None


def _authority(lines: Sequence[str], index: int, summary: str) -> str:
    """The authority as the heading names it, without "children's services"; where the
    heading names none ("Focused visit to children's services"), as the summary does."""
    match = _HEADING.match(lines[index])
    assert match is not None
    parts = [match.group("rest")]
    # A heading broken over lines: "... local" / "authority children's services".
    for line in lines[index + 1 : index + 3]:
        if not line[:1].islower() and not line.lower().startswith(("authority", "services")):
            break
        parts.append(line)
    name = _authority_name(join_lines(parts))
    if not name:
        named = _SUMMARY_AUTHORITY.search(summary)
        name = "" if named is None else _authority_name(named.group("name"))
    if not name:
        raise UnreadableFieldError("authority", "the heading names no authority")
    return name


def _authority_name(text: str) -> str:
    name = _AUTHORITY_END.sub("", text.strip(" ."))
    return re.sub(r"^the\s+", "", name, flags=re.I).strip(" ,.")


# --- the opening: dates, inspectors, theme ---------------------------------------------------

# The days on site: "on 30 and 31 January 2018", "between 29 September and 1 October 2020",
# "on the 15 and 16 of May 2018", ended by the sentence's end or what follows the dates.
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_WORD = rf"(?:(?:{_DAY}|\d{{4}}|{_MONTH_NAMES}|of|and|to|until)\b|[&,-])"
_VISIT_DATES = re.compile(
    rf"\b(?:on|between|from)\s+(?:the\s+)?(?P<dates>{_DAY}\b(?:\s*{_DATE_WORD})*)",
    re.I,
)
_INSPECTORS = re.compile(
    r"\b(?:inspectors?(?:\s*\(HMIs?\))?(?:\s+for\s+(?:this|the)\s+visit)?\s+were"
    r"|(?:carried\s+out|conducted|undertaken)\s+by)\s+(?P<names>[A-Z].*?)\.(?=\s+[A-Z]|\s*$)",
    re.I,
)
_TITLES = re.compile(
    r"\b(?:all\s+of\s+whom\s+are|both|two\s+of|three\s+of|four\s+of|five\s+of)\s+"
    r"(?=(?:Her|His)\s+Majesty)"
    r"|\b(?:Senior\s+)?(?:Her|His)\s+Majesty's\s+Inspectors?"
    r"(?:\s*\((?:HMIs?|designate)\))?(?:\s+(?:Social\s+Care|Schools))?(?:\s*\(designate\))?"
    r"|\(?\b(?:Senior\s+)?(?:S?HMIs?)\b(?:\s+(?:Social\s+Care|Schools|designate))?\)?"
    r"|\(?\bdesignate\b\)?"
    r"|\bOfsted\s+Inspectors?\b"
    r"|\bas\s+a\s+supernumerary\s+inspector\b"
    r"|\bwho\s+observed\s+the\s+visit\b",
    re.I,
)
_LEAD_BEFORE = re.compile(r"^lead\s+inspector\s+(?P<name>.+)$", re.I)
_LEAD_AFTER = re.compile(r"^lead\s+inspector$", re.I)
_TEAM = re.compile(r"^team\s+inspectors?(?:\s+(?P<name>.+))?$", re.I)
_NAME = re.compile(r"[A-ZÀ-Þ][\w'.-]*(?:\s+[\w'.-]+)*\s+[A-ZÀ-Þ][\w'.-]*")


def _visit_dates(
    text: str, letter_date: date | None, amendments: Sequence[Amendment] = ()
) -> tuple[date, date]:
    match = _VISIT_DATES.search(text)
    if match is None:
        raise UnreadableFieldError("visit dates", f"no dates in {text[:160]!r}")
    value = re.sub(r"\bof\b", " ", match.group("dates"), flags=re.I)
    value = squash(re.sub(r"(?:\s|,|-|\band\b|\bto\b|&)+$", "", value, flags=re.I))
    if re.search(r"\d{4}", value) is None:
        if letter_date is None:
            raise UnreadableFieldError("visit dates", f"{value!r} has no year, nor has the letter")
        start, end = _period(f"{value} {letter_date.year}")
        if end > letter_date:
            start, end = _period(f"{value} {letter_date.year - 1}")
    else:
        start, end = _period(value)
    start, end = _amended_day("start", start, amendments), _amended_day("end", end, amendments)
    if start > end:
        raise InconsistentReportError(f"the visit dates {value!r} end before they start")
    if end - start > timedelta(days=MAX_VISIT_DAYS):
        raise InconsistentReportError(
            f"the visit dates {value!r} span {(end - start).days + 1} days; "
            f"a visit lasts at most {MAX_VISIT_DAYS}"
        )
    if letter_date is not None and end > letter_date:
        raise InconsistentReportError(
            f"the letter is dated {letter_date}, before the visit ended ({end})"
        )
    return start, end


def _period(text: str) -> tuple[date, date]:
    """The first and last day of ``text``, as the report reader reads a period."""
    try:
        return parse_period(text)
    except UnreadableFieldError as error:
        detail = error.message.removeprefix(f"{error.field}: ")
        raise UnreadableFieldError("visit dates", detail) from None


def _inspectors(text: str) -> tuple[tuple[str, ...], str | None]:
    """The inspectors the opening names, lead first where it says who led, and the lead."""
    match = _INSPECTORS.search(text)
    if match is None:
        raise UnreadableFieldError("inspectors", "the letter names no inspectors")
    clause = match.group("names")
    names: list[str] = []
    lead: str | None = None
    for raw in re.split(r",|\band\b|&|\bwith\b", _TITLES.sub(" ", clause)):
        part = squash(raw).strip(" ,.;:()")
        if not part:
            continue
        if _LEAD_AFTER.match(part):
            if not names:
                raise UnreadableFieldError(
                    "inspectors", f"'lead inspector' names no one: {clause!r}"
                )
            lead = names[-1]
            continue
        before = _LEAD_BEFORE.match(part)
        team = _TEAM.match(part)
        if before is not None:
            part = lead = before.group("name")
        elif team is not None:
            if team.group("name") is None:
                continue
            part = team.group("name")
        if not _NAME.fullmatch(part):
            raise UnreadableFieldError("inspectors", f"cannot read a name in {clause!r}: {part!r}")
        names.append(part)
    if not names:
        raise UnreadableFieldError("inspectors", f"no names in {clause!r}")
    if lead is not None:
        names.remove(lead)
        names.insert(0, lead)
    return tuple(names), lead


_SENTENCE_END = re.compile(r"(?:(?<=[.:])|(?<=[.:]['\"]))\s+(?=[A-Z'\"])")
_THEME = re.compile(
    r"^(?:(?:During\s+this\s+visit,\s+)?(?:The\s+)?(?:inspectors|this\s+visit|the\s+visit)\s+"
    r"(?:looked\s+at|considered|evaluated|reviewed|focused\s+on|assessed|examined|explored)"
    r"|The\s+focus\s+of\s+(?:this|the)\s+visit\s+was(?:\s+on)?)\s+(?P<theme>.+)$",
    re.I,
)
_NOT_THEME = re.compile(
    r"^(?:a\s+(?:wide\s+|broad\s+)?range\b|(?:the\s+)?(?:local\s+authority\s+)?performance\b"
    r"|relevant\b|children's\s+(?:case\s+)?records\b)",
    re.I,
)
_COVID_WORK = re.compile(
    r"is\s+leading\s+Ofsted's\s+work\s+into\s+(?P<theme>how\s+.+?\bpandemic)\b", re.I
)
_COVID_ADAPTED = re.compile(
    r"\b(?:delivery\s+model|methodology)\s+(?:was|has\s+been)\s+adapted\s+to\s+reflect\s+the\s+"
    r"COVID",
    re.I,
)
# The end of a sentence as printed: a full stop, perhaps inside a closing quotation mark.
_FULL_STOP = (
    (re.compile(r"'\.'$"), "'"),
    (re.compile(r"\.(['\"])$"), r"\1"),
    (re.compile(r"\.$"), ""),
)


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text) if sentence]


def _without_full_stop(text: str) -> str:
    text = text.rstrip()
    for pattern, replacement in _FULL_STOP:
        text = pattern.sub(replacement, text)
    return text.rstrip()


def _theme(blocks: Sequence[_Block]) -> str | None:
    """What the visit looked at: the first sentence that says so, without its opening
    words; a bulleted list it (or the sentence after it) introduces with a colon is kept,
    its items joined by semicolons."""
    for number, block in enumerate(blocks):
        if block.bullets:
            continue
        sentences = _sentences(block.text)
        for index, sentence in enumerate(sentences):
            match = _THEME.match(sentence)
            if match is None or _NOT_THEME.match(match.group("theme")):
                continue
            theme = match.group("theme")
            after = sentences[index + 1 :]
            follows = blocks[number + 1] if number + 1 < len(blocks) else None
            listed = follows.items if follows is not None and follows.bullets else ()
            items = "; ".join(_without_full_stop(item) for item in listed)
            if listed and not after and theme.endswith(":"):
                return f"{theme} {items}"
            if listed and len(after) == 1 and after[0].endswith(":"):
                return f"{_without_full_stop(theme)}. {after[0]} {items}"
            return _without_full_stop(theme)
    return None


# --- sections ------------------------------------------------------------------------------

_PRIORITY = re.compile(r"areas?\s+for\s+priority\s+action[:?]?", re.I)
_IMPROVE = re.compile(
    r"(?:what\s+needs\s+to\s+improve\s+in\s+this\s+area\s+of\s+(?:social\s+work\s+)?practice"
    r"|areas?\s+for\s+improvement)[:?]?",
    re.I,
)
_OTHER_HEADING = re.compile(
    r"(?:overview|headline\s+findings|main\s+findings|findings|summary\s+of\s+findings"
    r"|next\s+steps|summary|areas\s+of\s+strength)[:?]?",
    re.I,
)
# A monitoring visit letter's heading for what the visit looked at: part of the opening.
_COVERED = re.compile(r"areas\s+covered\s+by\s+(?:the|this)\s+visit[:?]?", re.I)
_LETTER_END = re.compile(
    r"^(?:Ofsted\s+will\s+take|Yours?\s+sincerely|We\s+have\s+notified|Where\s+a\s+focused\s+"
    r"visit\s+results|I\s+am\s+copying)",
    re.I,
)
_NONE_GIVEN = re.compile(
    r"\bThere\s+(?:are|were)\s+no\s+(?:new\s+|additional\s+|further\s+)?"
    r"(?:areas?\s+for\s+priority\s+action|priority\s+actions?|areas?\s+for\s+improvement)\b",
    re.I,
)
# A line shorter than this share of a full line (of the letter's usual width) ends its
# paragraph, or its bullet point, where the next line does not start another.
_SHORT_LINE = 0.75


def _heading_kind(line: str) -> str | None:
    if _COVERED.fullmatch(line):
        return "covered"
    if _PRIORITY.fullmatch(line):
        return "priority"
    if _IMPROVE.fullmatch(line):
        return "improve"
    if _OTHER_HEADING.fullmatch(line):
        return "other"
    return None


def _sections(lines: Sequence[str]) -> dict[str, list[str]]:
    """The lines of the priority-action and improvement sections (the first of each)."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        kind = _heading_kind(line)
        if kind is not None:
            current = None
            if kind != "other" and kind not in found:
                current = found[kind] = []
            continue
        if _LETTER_END.match(line):
            current = None
            continue
        if current is not None:
            current.append(line)
    return found


@attrs.frozen
class _Block:
    """A run of lines: prose (``text``, its paragraphs ``items``), or a bulleted list
    (``items``, one per bullet, a bullet's own bullets joined to it by semicolons)."""

    bullets: bool
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.items)


def _blocks(lines: Sequence[str], width: int, *, short_items: bool = False) -> list[_Block]:
    """``lines`` as blocks of prose and of bullets; with ``short_items``, a bullet point
    also ends with a sentence at the end of a line (the lists of a theme are of phrases)."""
    blocks: list[_Block] = []
    index = 0
    while index < len(lines):
        bulleted = lines[index].startswith(_BULLET)
        items: list[str] = []
        while index < len(lines) and lines[index].startswith(_BULLET) == bulleted:
            item, index = _item(lines, index, width, short_items=short_items)
            items.append(item)
            if bulleted and index < len(lines) and not lines[index].startswith(_BULLET):
                break
        blocks.append(_Block(bulleted, tuple(item for item in items if item)))
    return blocks


def _item(
    lines: Sequence[str], index: int, width: int, *, short_items: bool = False
) -> tuple[str, int]:
    """The bullet point or paragraph that starts at ``lines[index]``, and the index of the
    line after it. A bullet point ends at the next bullet or after a short line (with
    ``short_items``, after any line that ends a sentence); a paragraph ends after a short
    line that ends a sentence. A sub-bullet joins its bullet point."""
    first = lines[index]
    bullet = first.startswith(_BULLET)
    parts = [[first[1:].strip() if bullet else first]]
    index += 1
    while index < len(lines):
        last, line = parts[-1][-1], lines[index]
        if line.startswith(_BULLET):
            break
        short = len(last) < _SHORT_LINE * width
        sentence_ends = last.endswith((".", ".)", ":")) and line[:1].isupper()
        if bullet and line.startswith(_SUB_BULLET):
            parts.append([line[1:].strip()])
        elif (bullet and short_items and sentence_ends) or (
            short and (bullet or last.endswith((".", ":", "?")))
        ):
            break
        else:
            parts[-1].append(line)
        index += 1
    head, *subs = (join_lines(part) for part in parts)
    if subs:
        head = f"{head} {'; '.join(sub.rstrip(' ;') for sub in subs)}"
    return head, index


def _items(blocks: Sequence[_Block]) -> tuple[str, ...]:
    """A section's items: its bullets, or else its paragraphs; none where it says so."""
    bulleted = [block for block in blocks if block.bullets]
    chosen = bulleted or blocks
    items = (_without_none(item) for block in chosen for item in block.items)
    return tuple(item for item in items if item)


def _without_none(item: str) -> str:
    """``item`` without the sentences that say there are none (of the section's kind)."""
    if not _NONE_GIVEN.search(item):
        return item
    kept = (sentence for sentence in _sentences(item) if not _NONE_GIVEN.match(sentence))
    return " ".join(kept)


def _width(lines: Sequence[str]) -> int:
    """The length of a full line of the letter: its 90th percentile."""
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


# --- the letter ------------------------------------------------------------------------------


def _letter_lines(pages: PageTexts, first: list[str]) -> list[str]:
    """The lines of every page, ``first`` those of page 1."""
    lines = list(first)
    size = len(pages[0])
    for index in range(1, len(pages)):
        text = pages[index]
        size += len(text)
        if size > MAX_LETTER_CHARS:
            raise ReportTooLargeError(
                f"the letter's text runs over {MAX_LETTER_CHARS:,} characters"
            )
        lines.extend(page_lines(text))
    return lines


def parse_letter(
    pages: PageTexts, *, source: str | None = None, amendments: Sequence[Amendment] = ()
) -> ParsedLetter:
    """Read a visit letter's fields from its pages' text, with the reviewed
    ``amendments`` of the dates it prints wrongly.

    Raises a :class:`~ofsted_ratings.sources.reports.errors.ReportError` subclass, naming
    ``source``, for anything that is not a readable visit letter.
    """
    try:
        return _parse(pages, amendments)
    except ReportError as error:
        error.source = source
        raise


def _parse(pages: PageTexts, amendments: Sequence[Amendment] = ()) -> ParsedLetter:
    first = pages[0]
    if len(first) > MAX_LETTER_CHARS:
        raise ReportTooLargeError(f"the letter's text runs over {MAX_LETTER_CHARS:,} characters")
    first_lines = page_lines(first)
    if not _is_letter(first_lines):
        raise _not_a_letter(first)
    if len(pages) > MAX_LETTER_PAGES:
        raise ReportTooLargeError(
            f"a letter of {len(pages)} pages, over the {MAX_LETTER_PAGES}-page limit"
        )
    lines = _letter_lines(pages, first_lines)
    heading = _heading_index(lines)
    assert heading is not None  # is_letter found it on page 1
    match = _HEADING.match(lines[heading])
    assert match is not None
    # The date heads the letter; in a few letters' text it comes after page 1's body.
    letter_date = _letter_date(lines[:heading]) or _letter_date(first_lines)
    letter_date = _amended("letter_date", letter_date, amendments)
    body = lines[heading + 1 :]
    end_of_opening = next(
        (index for index, line in enumerate(body) if _heading_kind(line) not in (None, "covered")),
        len(body),
    )
    opening_lines = [line for line in body[:end_of_opening] if _heading_kind(line) is None]
    opening = join_lines(opening_lines)
    summary = _SUMMARY.search(opening)
    if summary is None:
        raise UnreadableFieldError("visit dates", "no 'This letter summarises the findings'")
    start, end = _visit_dates(opening[summary.end() :], letter_date, amendments)
    inspectors, lead = _inspectors(opening[summary.start() :])
    if match.group("kind").lower() == "monitoring":
        kind = VisitKind.MONITORING
    elif _COVID_ADAPTED.search(opening):
        kind = VisitKind.FOCUSED_COVID
    else:
        kind = VisitKind.FOCUSED
    width = _width(body)
    theme = _theme(_blocks(opening_lines, width, short_items=True))
    if theme is None and kind is VisitKind.FOCUSED_COVID:
        covid = _COVID_WORK.search(opening)
        theme = None if covid is None else covid.group("theme")
    if theme is None:
        raise UnreadableFieldError("theme", "no sentence says what inspectors looked at")
    sections = _sections(body)
    return ParsedLetter(
        authority=_authority(lines, heading, opening[summary.start() :]),
        kind=kind,
        start=start,
        end=end,
        letter_date=letter_date,
        inspectors=inspectors,
        lead_inspector=lead,
        theme=theme,
        priority_actions=_items(_blocks(sections.get("priority", []), width)),
        improvements=_items(_blocks(sections.get("improve", []), width)),
    )
