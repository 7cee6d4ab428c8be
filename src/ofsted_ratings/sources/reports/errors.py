"""The errors the report reader raises.

Every one derives from :class:`ReportError`, itself an
:class:`~ofsted_ratings.errors.OfstedRatingsError` and a :class:`ValueError`. Each message
says what was wrong and names the file when the reader was given one.
"""

from __future__ import annotations

from ...errors import OfstedRatingsError

__all__ = [
    "INSTALL_HINT",
    "CorruptPDFError",
    "EncryptedPDFError",
    "InconsistentReportError",
    "JudgementLabelError",
    "MissingJudgementsError",
    "NotAPDFError",
    "NotAnInspectionReportError",
    "PDFSupportMissingError",
    "ReportError",
    "ReportTooLargeError",
    "UnreadableFieldError",
]

#: How to install what the reader needs.
INSTALL_HINT = "pip install 'ofsted-ratings[reports]'"


class ReportError(OfstedRatingsError, ValueError):
    """A report that cannot be read into a checked record.

    ``message`` says what is wrong; ``source`` is the file's name when known (``None`` for
    bytes or an unnamed stream) and prefixes the message in ``str(error)``.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuild, (type(self), self.message, dict(self.__dict__))


def _rebuild(cls: type[ReportError], message: str, state: dict[str, object]) -> ReportError:
    error = cls.__new__(cls)
    error.args = (message,)
    error.__dict__.update(state)
    return error


class NotAPDFError(ReportError):
    """The input is not a PDF at all (an HTML error page, say)."""


class CorruptPDFError(ReportError):
    """A PDF that is truncated or broken and cannot be read reliably."""


class EncryptedPDFError(ReportError):
    """A PDF that needs a password to open."""


class ReportTooLargeError(ReportError):
    """A file over the size limit or a PDF over the page limit; it is not read."""


class NotAnInspectionReportError(ReportError):
    """A document that is not a graded inspection report.

    Focused-visit and monitoring-visit letters, joint targeted area inspections and reviews
    of a local safeguarding children board on their own are refused with this error.
    """


class MissingJudgementsError(ReportError):
    """The judgement table is missing, or lacks a judgement the framework requires."""


class JudgementLabelError(MissingJudgementsError):
    """A judgement label that fits no area of the table, or more than one, or that fits an
    area another label of the report already fits.

    ``label`` is the label as the report prints it (white space squashed).
    """

    def __init__(self, label: str, message: str, *, source: str | None = None) -> None:
        self.label = label
        super().__init__(message, source=source)


class UnreadableFieldError(ReportError):
    """A field (the dates, the authority, ...) that is absent or cannot be parsed.

    ``field`` names it.
    """

    def __init__(self, field: str, message: str, *, source: str | None = None) -> None:
        self.field = field
        super().__init__(f"{field}: {message}", source=source)


class InconsistentReportError(ReportError):
    """Values that contradict each other.

    For example judgement rows that do not fit the framework in force on the inspection's
    start date, or a publication date given that differs from the one the report prints.
    """


class PDFSupportMissingError(ReportError, ImportError):
    """The PDF library the reader uses, pypdfium2, is not installed."""

    def __init__(self, message: str | None = None, *, source: str | None = None) -> None:
        super().__init__(
            message or f"reading PDF reports needs pypdfium2; install it with: {INSTALL_HINT}",
            source=source,
        )
