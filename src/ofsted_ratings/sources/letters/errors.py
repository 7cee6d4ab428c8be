"""The errors the letter reader raises.

The letter reader shares the report reader's errors (see :mod:`ofsted_ratings.sources.reports`)
for what goes wrong with any PDF (not a PDF, corrupt, encrypted, too large, PDF support
missing) and for a field it cannot read or values that contradict each other. It adds one:
:class:`NotAVisitLetterError`, for a PDF that is not a letter on a visit. Every one derives
from :class:`~ofsted_ratings.sources.reports.errors.ReportError`, so ``except ReportError``
catches whatever either reader raises about a document.
"""

from __future__ import annotations

from ..reports.errors import CorruptPDFError as CorruptPDFError
from ..reports.errors import EncryptedPDFError as EncryptedPDFError
from ..reports.errors import InconsistentReportError as InconsistentReportError
from ..reports.errors import NotAPDFError as NotAPDFError
from ..reports.errors import PDFSupportMissingError as PDFSupportMissingError
from ..reports.errors import ReportError as ReportError
from ..reports.errors import ReportTooLargeError as ReportTooLargeError
from ..reports.errors import UnreadableFieldError as UnreadableFieldError

__all__ = ["NotAVisitLetterError"]


class NotAVisitLetterError(ReportError):
    """A PDF that is not Ofsted's letter on a focused or monitoring visit.

    An inspection report, for example, is refused with this error (the report reader
    reads those); the message says what page 1 looks like where it can tell.
    """
