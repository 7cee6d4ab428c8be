"""The letter reader: Ofsted's letter on a focused or monitoring visit (PDF) in, a record out.

>>> from ofsted_ratings.sources.letters import read_letter
>>> record = read_letter("visits/pdf/80481/2021-08-31.pdf")  # doctest: +SKIP
>>> record.kind, record.start, record.end, record.inspectors  # doctest: +SKIP
(<VisitKind.FOCUSED_COVID: 'focused visit (adapted to COVID-19)'>, datetime.date(2021, 7, 20),
 datetime.date(2021, 7, 21), ('Victoria Horsefield', 'Matt Reed'))

A visit is never graded: the letter gives the days on site, the inspectors, what the visit
looked at, and, in the letter's own words, any areas for priority action and what needs to
improve (the module ``_parse`` says how each is read). The reader either returns every field or
raises a :class:`~ofsted_ratings.sources.reports.ReportError` subclass saying what is wrong;
it shares the report reader's PDF handling and errors, and adds
:class:`NotAVisitLetterError` for a PDF that is not a visit letter (an inspection report,
say). Work per file is bounded: the report reader's byte and page limits, then at most
``MAX_LETTER_PAGES`` pages and ``MAX_LETTER_CHARS`` characters of text.

Reading PDFs needs pypdfium2 (``pip install 'ofsted-ratings[reports]'``); it is imported on
the first :func:`read_letter`, not on import.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import attrs

from ...models import Source, SourceKind, Visit
from ..reports import _text
from ..reports._text import MAX_BYTES as MAX_BYTES
from ..reports._text import MAX_PAGES as MAX_PAGES
from ..reports._text import ReportInput
from ._parse import (
    AMENDABLE,
    MAX_LETTER_CHARS,
    MAX_LETTER_PAGES,
    MAX_VISIT_DAYS,
    Amendment,
    ParsedLetter,
    parse_letter,
)
from .errors import CorruptPDFError as CorruptPDFError
from .errors import EncryptedPDFError as EncryptedPDFError
from .errors import InconsistentReportError as InconsistentReportError
from .errors import NotAPDFError as NotAPDFError
from .errors import NotAVisitLetterError
from .errors import PDFSupportMissingError as PDFSupportMissingError
from .errors import ReportError as ReportError
from .errors import ReportTooLargeError as ReportTooLargeError
from .errors import UnreadableFieldError as UnreadableFieldError

# The errors shared with the report reader are importable from here too; they are documented
# with it (:mod:`ofsted_ratings.sources.reports`).
__all__ = [
    "AMENDABLE",
    "MAX_LETTER_CHARS",
    "MAX_LETTER_PAGES",
    "MAX_VISIT_DAYS",
    "Amendment",
    "LetterRecord",
    "NotAVisitLetterError",
    "read_letter",
]


@attrs.frozen(kw_only=True)
class LetterRecord(ParsedLetter):
    """What one visit letter prints, checked.

    ``authority`` is the name as the letter's heading prints it (identify authorities by
    URN). ``letter_date`` is ``None`` where the letter prints no date (a few do not, or
    print one that is not a date). ``inspectors`` are named without their titles ("HMI",
    "His Majesty's Inspector", "Ofsted Inspector"), lead first where the letter says who
    led (``lead_inspector``, else ``None``). ``theme``, ``priority_actions`` and
    ``improvements`` are the letter's own words. ``sha256`` and ``pages`` describe the
    file read.
    """

    sha256: str
    pages: int

    def to_visit(
        self, authority_key: str | int, *, url: str, title: str, published: date | None = None
    ) -> Visit:
        """The letter as a :class:`~ofsted_ratings.models.Visit` to the authority keyed
        ``authority_key`` (its URN, where it has one).

        ``url`` and ``title`` describe where the letter is published; ``published`` is its
        publication date where known (Ofsted's site, a manifest). It dates the visit when
        the letter prints no date; given as well as a printed date that differs, it raises
        :class:`~ofsted_ratings.sources.reports.InconsistentReportError`.
        """
        if published is not None and self.letter_date is not None and published != self.letter_date:
            raise InconsistentReportError(
                f"the letter is dated {self.letter_date}, not {published}"
            )
        when = self.letter_date or published
        if when is None:
            raise UnreadableFieldError("letter date", "the letter prints no date; pass published=")
        return Visit(
            authority_key=authority_key,
            kind=self.kind,
            start=self.start,
            end=self.end,
            letter_date=when,
            inspectors=self.inspectors,
            lead_inspector=self.lead_inspector,
            theme=self.theme,
            priority_actions=self.priority_actions,
            improvements=self.improvements,
            source=Source(
                kind=SourceKind.REPORT, url=url, title=title, sha256=self.sha256, published=when
            ),
        )


def read_letter(source: ReportInput, *, amendments: Sequence[Amendment] = ()) -> LetterRecord:
    """Read a visit letter: a path, the PDF's bytes, or a binary file open on it.

    ``amendments`` are reviewed corrections of dates the letter prints wrongly (see
    :class:`Amendment`): a letter whose dates contradict each other raises
    :class:`~ofsted_ratings.sources.reports.InconsistentReportError` without one.

    Raises a :class:`~ofsted_ratings.sources.reports.ReportError` subclass naming the problem (and
    the file, when it has a name): :class:`~ofsted_ratings.sources.reports.NotAPDFError`,
    :class:`~ofsted_ratings.sources.reports.CorruptPDFError`,
    :class:`~ofsted_ratings.sources.reports.EncryptedPDFError`,
    :class:`~ofsted_ratings.sources.reports.ReportTooLargeError` (over ``MAX_BYTES``, ``MAX_PAGES``,
    ``MAX_LETTER_PAGES`` or ``MAX_LETTER_CHARS``), :class:`NotAVisitLetterError`,
    :class:`~ofsted_ratings.sources.reports.UnreadableFieldError`,
    :class:`~ofsted_ratings.sources.reports.InconsistentReportError` or
    :class:`~ofsted_ratings.sources.reports.PDFSupportMissingError`. An unreadable path
    raises the usual :class:`OSError`.
    """
    data, name = _text.load_input(source)
    with _text.open_pdf(data, name) as pages:
        parsed = parse_letter(pages, source=name, amendments=amendments)
        count = len(pages)
    return LetterRecord(
        **attrs.asdict(parsed, recurse=False), sha256=_text.sha256(data), pages=count
    )
