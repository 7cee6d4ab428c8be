"""PDF bytes in, page texts out: the only module that touches the PDF library.

pypdfium2 is imported on first use, so importing :mod:`ofsted_ratings.sources.reports` stays cheap
and works without it. Pages are extracted lazily and at most once each: the parser asks for
the pages it needs and no others.
"""

from __future__ import annotations

import hashlib
import os
from types import ModuleType, TracebackType
from typing import BinaryIO, Protocol, Union

from ..._util.optional import require
from ...errors import MissingDependencyError
from .errors import (
    CorruptPDFError,
    EncryptedPDFError,
    NotAPDFError,
    PDFSupportMissingError,
    ReportTooLargeError,
)

__all__ = ["MAX_BYTES", "MAX_PAGES", "PdfPages", "ReportInput", "load_input", "open_pdf"]

#: The largest file the reader accepts (50 MB); real reports are under 1 MB.
MAX_BYTES = 50 * 1024 * 1024
#: The most pages the reader accepts; real reports have at most about 60.
MAX_PAGES = 500

#: What :func:`~ofsted_ratings.sources.reports.read_report` accepts.
ReportInput = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]

_HEADER_WINDOW = 1024
_TRAILER_WINDOW = 1024
# PDFium's error codes (fpdfview.h).
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def load_input(source: ReportInput) -> tuple[bytes, str | None]:
    """The bytes of ``source`` and its name (``None`` for bytes and unnamed streams).

    Refuses anything over :data:`MAX_BYTES` before reading it where the size is known.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        _check_size(len(data), None)
        return data, None
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        with open(path, "rb") as handle:  # noqa: PTH123 - a str or PathLike, kept as given
            _check_size(os.fstat(handle.fileno()).st_size, path)
            return _read_limited(handle, path), path
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError(
            f"read_report() needs a path, bytes or a binary file, not {type(source).__name__}"
        )
    raw_name = getattr(source, "name", None)
    name = os.fspath(raw_name) if isinstance(raw_name, (str, os.PathLike)) else None
    return _read_limited(source, name), name


def _read_limited(handle: BinaryIO, name: str | None) -> bytes:
    data = handle.read(MAX_BYTES + 1)
    if not isinstance(data, bytes):
        raise TypeError(f"the file must be opened in binary mode, it gave {type(data).__name__}")
    _check_size(len(data), name)
    return data


def _check_size(size: int, name: str | None) -> None:
    if size > MAX_BYTES:
        raise ReportTooLargeError(
            f"the file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit", source=name
        )


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data`` in lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def _check_pdf_bytes(data: bytes, name: str | None) -> None:
    head = data[:_HEADER_WINDOW]
    if b"%PDF-" not in head:
        stripped = head.lstrip().lower()
        if not stripped:
            raise NotAPDFError("the file is empty", source=name)
        if stripped.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
            raise NotAPDFError("not a PDF: the file is HTML or XML (an error page?)", source=name)
        raise NotAPDFError(f"not a PDF: no %PDF- header; it starts {head[:16]!r}", source=name)
    if b"%%EOF" not in data[-_TRAILER_WINDOW:]:
        raise CorruptPDFError("the PDF is truncated: it has no %%EOF at its end", source=name)


def _pdfium() -> ModuleType:
    """pypdfium2, which has no type information: its objects are used through the
    protocols below."""
    try:
        return require("pypdfium2", "reports", "reading PDF reports")
    except MissingDependencyError as error:
        raise PDFSupportMissingError() from error


class _TextPage(Protocol):
    def get_text_range(self) -> str: ...

    def close(self) -> None: ...


class _Page(Protocol):
    def get_textpage(self) -> _TextPage: ...

    def close(self) -> None: ...


class _Document(Protocol):
    """What the reader uses of a ``pypdfium2.PdfDocument``."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: int, /) -> _Page: ...

    def close(self) -> None: ...


class PdfPages:
    """The pages of an open PDF as text, extracted on first access and then kept.

    ``len()`` is the page count and ``pages[i]`` the text of page ``i`` (0-based).
    :attr:`read` lists the pages extracted so far. Close it (or use ``with``) when done.
    """

    def __init__(self, document: _Document, name: str | None, error_type: type[Exception]) -> None:
        self._document = document
        self._name = name
        self._error_type = error_type
        self._count: int = len(document)
        self._texts: dict[int, str] = {}

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(f"page index {index} out of range")
        text = self._texts.get(index)
        if text is None:
            text = self._extract(index)
            self._texts[index] = text
        return text

    @property
    def read(self) -> tuple[int, ...]:
        """The 0-based indexes of the pages extracted so far, in order."""
        return tuple(sorted(self._texts))

    def _extract(self, index: int) -> str:
        try:
            page = self._document[index]
            try:
                textpage = page.get_textpage()
                try:
                    return str(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
        except self._error_type as error:
            raise CorruptPDFError(
                f"page {index + 1} cannot be read: {error}", source=self._name
            ) from error

    def close(self) -> None:
        """Release the document."""
        self._document.close()

    def __enter__(self) -> PdfPages:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_pdf(data: bytes, name: str | None = None) -> PdfPages:
    """Open ``data`` as a PDF, checking it is one, unbroken, unlocked and not too long."""
    _check_pdf_bytes(data, name)
    pdfium = _pdfium()
    error_type: type[Exception] = pdfium.PdfiumError
    try:
        document: _Document = pdfium.PdfDocument(data)
    except error_type as error:
        code = getattr(error, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            raise EncryptedPDFError(
                f"the PDF is encrypted and needs a password ({error})", source=name
            ) from error
        raise CorruptPDFError(f"the PDF cannot be opened: {error}", source=name) from error
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise ReportTooLargeError(
                f"the PDF has {count} pages, over the {MAX_PAGES}-page limit", source=name
            )
        if count == 0:
            raise CorruptPDFError("the PDF has no pages", source=name)
    except BaseException:
        document.close()
        raise
    return PdfPages(document, name, error_type)
