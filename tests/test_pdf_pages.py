"""Opening PDFs: pages are indexed like a sequence and extracted once, on demand."""

from __future__ import annotations

import io

import pytest

from fake_ofsted import TINY_PDF
from ofsted_ratings.sources.reports import CorruptPDFError, read_report
from ofsted_ratings.sources.reports._text import open_pdf

pdfium = pytest.importorskip("pypdfium2")


def _blank_pdf(pages: int) -> bytes:
    document = pdfium.PdfDocument.new()
    try:
        for _ in range(pages):
            document.new_page(200, 300)
        out = io.BytesIO()
        document.save(out)
    finally:
        document.close()
    return out.getvalue()


def test_pages_are_indexed_like_a_sequence_and_read_once() -> None:
    with open_pdf(_blank_pdf(3), "three.pdf") as pages:
        assert len(pages) == 3
        assert not pages.read
        assert pages[-1] == ""  # the last page, counted from the end
        assert list(pages.read) == [2]
        assert pages[0] == pages[-3] == ""
        assert list(pages.read) == [0, 2]
        for index in (3, -4, 99):
            with pytest.raises(IndexError, match="out of range"):
                pages[index]
        assert list(pages.read) == [0, 2]


def test_a_pdf_that_cannot_be_opened_is_named() -> None:
    # PDFium refuses a document without pages (as this one is) when it opens it.
    with pytest.raises(CorruptPDFError, match=r"tiny\.pdf: the PDF cannot be opened"):
        open_pdf(TINY_PDF, "tiny.pdf")
    with pytest.raises(CorruptPDFError, match="the PDF cannot be opened"):
        read_report(TINY_PDF)
