"""The report reader: an Ofsted inspection report of children's services (PDF) in, a record out.

>>> from ofsted_ratings.sources.reports import read_report
>>> record = read_report("80481/2025-08-12.pdf")  # doctest: +SKIP
>>> record.authority, record.framework.value, record.start  # doctest: +SKIP
('Leeds City', 'ilacs_2023', datetime.date(2025, 6, 30))
>>> record.grade("overall_effectiveness")  # doctest: +SKIP
<Grade.OUTSTANDING: 'outstanding'>

It reads every graded report of the frameworks since 2013: the 2013 inspections of looked
after children services, the SIF (with its LSCB review) and ILACS before and after the 2023
and 2026 changes. It reads only the pages it needs (page 1; for the 2013 reports the last
page; for the SIF the pages with the LSCB grade and the lead inspector), and either returns
every field the report prints or raises a :class:`ReportError` subclass saying what is wrong.

Reading PDFs needs pypdfium2 (``pip install 'ofsted-ratings[reports]'``); it is imported on
the first :func:`read_report`, not on import.
"""

from __future__ import annotations

from datetime import date

import attrs

from ...models import Inspection, Source, SourceKind
from . import _text
from ._parse import ParsedReport, parse_pages
from ._text import MAX_BYTES, MAX_PAGES, ReportInput
from .errors import (
    INSTALL_HINT,
    CorruptPDFError,
    EncryptedPDFError,
    InconsistentReportError,
    JudgementLabelError,
    MissingJudgementsError,
    NotAnInspectionReportError,
    NotAPDFError,
    PDFSupportMissingError,
    ReportError,
    ReportTooLargeError,
    UnreadableFieldError,
)

__all__ = [
    "INSTALL_HINT",
    "MAX_BYTES",
    "MAX_PAGES",
    "CorruptPDFError",
    "EncryptedPDFError",
    "InconsistentReportError",
    "JudgementLabelError",
    "MissingJudgementsError",
    "NotAPDFError",
    "NotAnInspectionReportError",
    "PDFSupportMissingError",
    "ReportError",
    "ReportInput",
    "ReportRecord",
    "ReportTooLargeError",
    "UnreadableFieldError",
    "read_report",
]


@attrs.frozen(kw_only=True)
class ReportRecord(ParsedReport):
    """What one inspection report prints, checked.

    ``authority`` is the name as the report prints it (it varies between one council's
    reports: identify authorities by URN). ``kind`` is ``None`` for ILACS reports, which do
    not say whether the inspection was short or standard; a SIF report is a re-inspection
    when its title or its summary says it is one. ``published`` and
    ``lead_inspector`` are ``None`` where the report does not print them; the inspector is
    named without "His/Her Majesty's Inspector" or "HMI", two joined by " and ".
    ``judgements`` follow the framework's order; an area the report marks "Not judged" is
    left out, and the SIF's include the LSCB review's grade when the report has one.
    ``sha256`` and ``pages`` describe the file read.
    """

    sha256: str
    pages: int

    def to_inspection(
        self, authority_key: str | int, *, url: str, title: str, published: date | None = None
    ) -> Inspection:
        """The report as an :class:`~ofsted_ratings.models.Inspection` of the authority keyed
        ``authority_key`` (its URN, where it has one).

        ``url`` and ``title`` describe where the report is published. ``published`` fills
        in the publication date when the report does not print one (from the manifest or
        Ofsted's site); given as well as a printed date that differs, it raises
        :class:`InconsistentReportError`. The inspection checks itself, so a record that
        contradicts its framework raises :class:`~ofsted_ratings.errors.RecordError`.
        """
        if published is not None and self.published is not None and published != self.published:
            raise InconsistentReportError(
                f"the report prints publication date {self.published}, not {published}"
            )
        when = self.published or published
        if when is None:
            raise UnreadableFieldError(
                "published", "the report prints no publication date; pass published="
            )
        return Inspection(
            authority_key=authority_key,
            framework=self.framework,
            kind=self.kind,
            start=self.start,
            end=self.end,
            published=when,
            judgements=self.judgements,
            lead_inspector=self.lead_inspector,
            source=Source(
                kind=SourceKind.REPORT, url=url, title=title, sha256=self.sha256, published=when
            ),
        )


def read_report(source: ReportInput) -> ReportRecord:
    """Read an inspection report: a path, the PDF's bytes, or a binary file open on it.

    Raises a :class:`ReportError` subclass naming the problem (and the file, when it has a
    name): :class:`NotAPDFError`, :class:`CorruptPDFError`, :class:`EncryptedPDFError`,
    :class:`ReportTooLargeError` (over ``MAX_BYTES`` or ``MAX_PAGES``),
    :class:`NotAnInspectionReportError`, :class:`MissingJudgementsError` (its subclass
    :class:`JudgementLabelError` for a judgement label it cannot map to one area),
    :class:`UnreadableFieldError`, :class:`InconsistentReportError` or
    :class:`PDFSupportMissingError`. An unreadable path raises the usual :class:`OSError`.
    """
    data, name = _text.load_input(source)
    with _text.open_pdf(data, name) as pages:
        parsed = parse_pages(pages, source=name)
        count = len(pages)
    return ReportRecord(
        **attrs.asdict(parsed, recurse=False), sha256=_text.sha256(data), pages=count
    )
