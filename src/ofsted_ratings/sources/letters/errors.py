"""The errors the letter reader raises.

The letter reader shares the report reader's errors (:mod:`ofsted_ratings.sources.reports.errors`)
for what goes wrong with any PDF (not a PDF, corrupt, encrypted, too large, PDF support
missing) and for a field it cannot read or values that contradict each other. It adds one:
:class:`NotAVisitLetterError`, for a PDF that is not a letter on a visit. Every one derives
from :class:`~ofsted_ratings.sources.reports.errors.ReportError`, so ``except ReportError``
catches whatever either reader raises about a document.
"""

from __future__ import annotations

from ..reports.errors import (
    CorruptPDFError,
    EncryptedPDFError,
    InconsistentReportError,
    NotAPDFError,
    PDFSupportMissingError,
    ReportError,
    ReportTooLargeError,
    UnreadableFieldError,
)

__all__ = [
    "CorruptPDFError",
    "EncryptedPDFError",
    "InconsistentReportError",
    "NotAPDFError",
    "NotAVisitLetterError",
    "PDFSupportMissingError",
    "ReportError",
    "ReportTooLargeError",
    "UnreadableFieldError",
]


class NotAVisitLetterError(ReportError):
    """A PDF that is not Ofsted's letter on a focused or monitoring visit.

    An inspection report, for example, is refused with this error (the report reader
    reads those); the message says what page 1 looks like where it can tell.
    """
