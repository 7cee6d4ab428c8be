"""Which reader a PDF needs: an inspection report or a visit letter, told from page 1.

>>> from ofsted_ratings.sources.documents import detect_kind, read_document
>>> detect_kind("visits/pdf/80481/2021-08-31.pdf")  # doctest: +SKIP
<DocumentKind.LETTER: 'visit letter'>
>>> read_document("reports/pdf/80481/2025-08-12.pdf").framework.value  # doctest: +SKIP
'ilacs_2023'

A PDF whose page 1 is headed "Focused visit to ..." or "Monitoring visit to ..." and says
"This letter summarises the findings of ..." is a letter; anything else goes to the report
reader, which says what it is when it is not a report. Both readers raise a
:class:`~ofsted_ratings.sources.reports.ReportError` subclass for what they cannot read.
"""

from __future__ import annotations

import enum

import attrs

from .letters import LetterRecord
from .letters._parse import is_letter, parse_letter
from .reports import ReportRecord, _text
from .reports._parse import parse_pages
from .reports._text import ReportInput

__all__ = ["DocumentKind", "detect_kind", "read_document"]


class DocumentKind(enum.Enum):
    """The kinds of document the readers read."""

    #: An inspection report, read by :func:`~ofsted_ratings.sources.reports.read_report`.
    REPORT = "inspection report"
    #: A letter on a visit, read by :func:`~ofsted_ratings.sources.letters.read_letter`.
    LETTER = "visit letter"

    def __str__(self) -> str:
        return self.value


def detect_kind(source: ReportInput) -> DocumentKind:
    """Whether ``source`` (a path, bytes or a binary file) is a visit letter or, by
    elimination, a report; reads page 1 only.

    Raises the readers' errors for what is not a readable PDF (not a PDF, corrupt,
    encrypted, too large).
    """
    data, name = _text.load_input(source)
    with _text.open_pdf(data, name) as pages:
        return DocumentKind.LETTER if is_letter(pages[0]) else DocumentKind.REPORT


def read_document(source: ReportInput) -> ReportRecord | LetterRecord:
    """Read ``source`` with the reader its page 1 calls for, opening the file once.

    A letter gives a :class:`~ofsted_ratings.sources.letters.LetterRecord`, anything else
    a :class:`~ofsted_ratings.sources.reports.ReportRecord` or the report reader's error
    saying what it is instead.
    """
    data, name = _text.load_input(source)
    digest = _text.sha256(data)
    with _text.open_pdf(data, name) as pages:
        count = len(pages)
        if is_letter(pages[0]):
            letter = parse_letter(pages, source=name)
            return LetterRecord(**attrs.asdict(letter, recurse=False), sha256=digest, pages=count)
        report = parse_pages(pages, source=name)
        return ReportRecord(**attrs.asdict(report, recurse=False), sha256=digest, pages=count)
