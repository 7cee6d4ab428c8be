"""A small web server on 127.0.0.1 shaped like Ofsted's reports site, with faults on demand.

``FakeOfsted`` serves search result pages (two pages, paged by ``start``), provider pages
listing ``a.publication-link`` entries, and files. ``faults`` maps a path to a list of
actions taken one per request before serving normally: ``"500"``, ``"404"``,
``"429:<seconds>"`` (with Retry-After), ``"reset"`` (close the connection with no answer),
``"sleep:<seconds>"``, ``"truncate"`` (declare the full length, send half), ``"html"`` (an
HTML page where a PDF should be), ``"garbage"`` (a page with none of the expected structure).

Files (reports and ``files``) carry an ``ETag`` (their sha256) and a ``Last-Modified``
date, and a request whose ``If-None-Match`` names the current ETag is answered ``304 Not
Modified`` (``conditional=False`` turns this off, as on a site that ignores validators).
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import attrs

#: A minimal valid PDF, for tests that need bytes shaped like a PDF but not a report.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@attrs.define
class Listing:
    """A report the fake site lists: its provider, title, date and bytes (or the file that
    holds them, read when asked for)."""

    provider: str
    name: str
    title: str
    published: date
    file_id: str
    data: bytes = b""
    path: Path | None = None

    def body(self) -> bytes:
        return self.path.read_bytes() if self.path is not None else self.data


@attrs.define
class FakeOfsted:
    """The site's content and the faults to inject; ``hits`` counts requests per path."""

    listings: list[Listing] = attrs.field(factory=list)
    providers: dict[str, str] = attrs.field(factory=dict)
    faults: dict[str, list[str]] = attrs.field(factory=dict)
    files: dict[str, bytes] = attrs.field(factory=dict)
    hits: dict[str, int] = attrs.field(factory=dict)
    conditional: bool = True
    base_url: str = ""
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def add(self, listing: Listing) -> None:
        self.providers.setdefault(listing.provider, listing.name)
        self.listings.append(listing)

    def search_page(self, start: int) -> bytes:
        ids = sorted(self.providers)
        half = (len(ids) + 1) // 2
        chunk = ids[:half] if start == 0 else ids[half:]
        items = "".join(
            f'<li><h3><a href="/provider/44/{pid}">{self.providers[pid]}</a></h3></li>'
            for pid in chunk
        )
        pager = (
            '<ul class="pagination"><li class="next"><a href="/search?q=&location=&lat=&lon='
            '&radius=&level_1_types=3&level_2_types%5B%5D=12&rows=100&start=100">Next</a></li></ul>'
            if start == 0
            else '<ul class="pagination"><li class="previous"><a href="#">Prev</a></li></ul>'
        )
        return f"<html><body><ul class='results'>{items}</ul>{pager}</body></html>".encode()

    def provider_page(self, pid: str) -> bytes | None:
        if pid not in self.providers:
            return None
        rows = []
        for item in sorted(
            (x for x in self.listings if x.provider == pid), key=lambda x: x.published, reverse=True
        ):
            day = f"{item.published.day} {item.published:%B %Y}"
            rows.append(
                f'<li><a class="publication-link" href="/v1/file/{item.file_id}">'
                f'<span class="nonvisual">{item.title}, PDF - {day}</span>'
                f"{item.title}</a></li>"
            )
        heading = f"<h1>{self.providers[pid]}</h1>"
        return f"<html><body>{heading}<ul>{''.join(rows)}</ul></body></html>".encode()

    def file(self, file_id: str) -> bytes | None:
        return next((x.body() for x in self.listings if x.file_id == file_id), None)


def _handler(site: FakeOfsted) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            with site.lock:
                site.hits[parts.path] = site.hits.get(parts.path, 0) + 1
                actions = site.faults.get(parts.path, [])
                action = actions.pop(0) if actions else None
            if action == "reset":
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                self.connection.close()
                self.close_connection = True
                return
            if action and action.startswith("sleep:"):
                time.sleep(float(action.split(":")[1]))
            if action in ("500", "404", "503"):
                self.send(int(action), b"error", "text/plain")
                return
            if action and action.startswith("429"):
                self.send(
                    429,
                    b"slow down",
                    "text/plain",
                    {"Retry-After": action.split(":")[1] if ":" in action else "1"},
                )
                return
            if action == "garbage":
                self.send(
                    200,
                    b"<html><body><p>We have changed our website</p></body></html>",
                    "text/html",
                )
                return
            body: bytes | None
            kind = "text/html; charset=utf-8"
            if parts.path == "/search":
                start = int(parse_qs(parts.query).get("start", ["0"])[0])
                body = site.search_page(start)
            elif parts.path.startswith("/provider/44/"):
                body = site.provider_page(parts.path.rsplit("/", 1)[1])
            elif parts.path in site.files:
                body, kind = site.files[parts.path], "application/octet-stream"
            elif parts.path.startswith("/v1/file/"):
                body = site.file(parts.path.rsplit("/", 1)[1])
                kind = "application/pdf"
                if body is not None and action == "html":
                    body, kind = b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"
                if body is not None and action == "truncate":
                    self.send_response(200)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
            else:
                body = None
            if body is None:
                self.send(404, b"not found", "text/plain")
            elif kind.startswith("text/html"):
                self.send(200, body, kind)
            else:
                self.send_file(body, kind)

        def send_file(self, body: bytes, kind: str) -> None:
            etag = '"' + hashlib.sha256(body).hexdigest() + '"'
            headers = {"ETag": etag, "Last-Modified": "Mon, 01 Jun 2026 09:00:00 GMT"}
            if site.conditional and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                return
            self.send(200, body, kind, headers)

        def send(
            self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        # Connections the faults cut or the client abandons are expected here.
        return


@contextmanager
def serve(site: FakeOfsted) -> Iterator[FakeOfsted]:
    """Run the fake site on 127.0.0.1 (a free port) for the ``with`` block."""
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF whose pages hold the given lines of text (Helvetica, one line under another),
    so that a text extractor reads them back line by line.

    Text is written in the Windows-1252 encoding the standard fonts use, so curly quotes
    survive; other characters are not supported.
    """
    objects: list[bytes] = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"",  # the page tree, once the pages are numbered
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    kids = []
    for lines in pages:
        stream = b"".join(
            b"BT /F1 10 Tf 50 %d Td (%s) Tj ET\n" % (800 - 14 * number, _pdf_string(line))
            for number, line in enumerate(lines)
        )
        objects.append(b"<</Length %d>>stream\n%sendstream" % (len(stream), stream))
        objects.append(
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 3 0 R>>>>"
            b"/Contents %d 0 R>>" % len(objects)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
