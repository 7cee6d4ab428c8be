"""Every answer is bounded in size and in time, and files are revalidated by conditional requests.

Each test starts its own small server on 127.0.0.1 whose routes misbehave on purpose: a file
sent one byte at a time, headers that never end, a page that never ends, a length too large
to accept, an answer that never comes. Every route's loop is bounded in count and in time,
and stops when the test stops its server. Limits are small so that the file runs in seconds.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import socketserver
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import attrs
import pytest

from fake_ofsted import TINY_PDF
from ofsted_ratings.sources.ofsted import (
    DeadlineExceededError,
    HTTPStatusError,
    OfstedClient,
    RequestFailedError,
    ResponseTooLargeError,
)

DEADLINE = 1.0
#: What a deadline may overrun by: noticing it, closing the connection, a loaded machine.
MARGIN = 0.5
PAGE_LIMIT = 256 * 1024
CHUNK = 64 * 1024

Route = Callable[["_Handler"], None]


@attrs.define
class Version:
    """A file as the server holds it now, with the validators it sends."""

    body: bytes
    etag: str | None = None
    last_modified: str | None = None


class _Site(ThreadingHTTPServer):
    """The server: its routes, the requests it saw, and the event that stops every route."""

    daemon_threads = False  # server_close() waits for every handler: none outlives its test

    def __init__(self, routes: dict[str, Route]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.stop = threading.Event()
        self.seen: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        self.clients: list[OfstedClient] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def headers_of(self, path: str) -> list[dict[str, str]]:
        with self.lock:
            return [headers for seen, headers in self.seen if seen == path]

    def handle_error(self, request: object, client_address: object) -> None:
        return  # the client hanging up on a misbehaving route is the point


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5  # an idle kept-alive connection is dropped after 5 s at most

    @property
    def site(self) -> _Site:
        assert isinstance(self.server, _Site)
        return self.server

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        with self.site.lock:
            self.site.seen.append((path, dict(self.headers.items())))
        route = self.site.routes.get(path)
        try:
            if route is None:
                self.send_error(404)
            else:
                route(self)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def answer(self, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[_Site]:
    site = _Site(routes)
    thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield site
    finally:
        for client in site.clients:
            client.close()  # its kept-alive connections: their handlers end at once
        site.stop.set()
        site.shutdown()
        site.server_close()
        thread.join(timeout=5)


class _Trickler(socketserver.ThreadingTCPServer):
    """A TCP server that sends ``data`` one byte every 0.1 s (at most 100 bytes) to each
    connection: below HTTP, for the TLS handshake."""

    daemon_threads = False

    def __init__(self, data: bytes) -> None:
        super().__init__(("127.0.0.1", 0), _Trickle)
        self.data = data
        self.stop = threading.Event()

    def handle_error(self, request: object, client_address: object) -> None:
        return


class _Trickle(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        assert isinstance(self.server, _Trickler)
        for byte in self.server.data[:100]:
            if self.server.stop.wait(0.1):
                return
            self.request.sendall(bytes([byte]))


def _client(site: _Site, tmp_path: Path, **options: float) -> OfstedClient:
    settings: dict[str, float] = {
        "deadline": DEADLINE,
        "timeout": 5.0,  # longer than the deadline: only the deadline can end these waits
        "min_interval": 0.0,
        "backoff": 0.05,
    }
    settings.update(options)
    client = OfstedClient(site.url, cache_dir=tmp_path / "cache", **settings)  # type: ignore[arg-type]
    site.clients.append(client)
    return client


# -- routes ------------------------------------------------------------------------------------


def good_file(handler: _Handler) -> None:
    handler.answer(TINY_PDF, headers={"Content-Type": "application/pdf"})


def trickle_body(handler: _Handler) -> None:
    """A PDF of a declared 100 kB, sent one byte every 0.1 s."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for byte in itertools.islice(itertools.cycle(TINY_PDF), 100):
        if handler.site.stop.wait(0.1):
            return
        handler.wfile.write(bytes([byte]))


def trickle_headers(handler: _Handler) -> None:
    """A status line, then a header that never ends, one byte every 0.1 s."""
    handler.close_connection = True
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(100):
        if handler.site.stop.wait(0.1):
            return
        handler.wfile.write(b"z")


def stall(handler: _Handler) -> None:
    """Headers, then silence (shorter than no read timeout, longer than any deadline)."""
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b"%PDF-")
    handler.site.stop.wait(10)


def no_answer(handler: _Handler) -> None:
    """The request is read; the answer never starts."""
    handler.close_connection = True
    handler.site.stop.wait(10)


def endless(chunked: bool) -> Route:
    """A page that never ends (at most 20,000 blocks of 16 kB, until the client hangs up)."""

    def route(handler: _Handler) -> None:
        handler.close_connection = True
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header(
            "Transfer-Encoding" if chunked else "Connection", "chunked" if chunked else "close"
        )
        handler.end_headers()
        block = b"<p>" + b"x" * (16 * 1024 - 7) + b"</p>"
        framed = b"%x\r\n%s\r\n" % (len(block), block) if chunked else block
        for _ in range(20_000):
            if handler.site.stop.is_set():
                return
            handler.wfile.write(framed)

    return route


def huge(handler: _Handler) -> None:
    """A declared length of a terabyte, then a body that would take for ever."""
    handler.close_connection = True
    handler.send_response(200)
    handler.send_header("Content-Length", str(10**12))
    handler.end_headers()
    for _ in range(1000):
        if handler.site.stop.wait(0.01):
            return
        handler.wfile.write(b"%PDF-" * 1000)


def busy(handler: _Handler) -> None:
    handler.answer(b"busy", 503, {"Retry-After": "3"})


def versioned(version: Version, on_304: Callable[[], object] = lambda: None) -> Route:
    """A file that honours If-None-Match (first) and If-Modified-Since, as HTTP says."""

    def route(handler: _Handler) -> None:
        validators = {
            key: value
            for key, value in (("ETag", version.etag), ("Last-Modified", version.last_modified))
            if value
        }
        match = handler.headers.get("If-None-Match")
        since = handler.headers.get("If-Modified-Since")
        if (match is not None and match == version.etag) or (
            match is None and since is not None and since == version.last_modified
        ):
            on_304()  # before the answer, so the client cannot read on before it ends
            handler.answer(b"", 304, validators)
        else:
            handler.answer(version.body, 200, {"Content-Type": "application/pdf", **validators})

    return route


# -- time --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route",
    [trickle_body, trickle_headers, stall, no_answer],
    ids=["body-trickled", "headers-trickled", "stalled-body", "no-answer"],
)
def test_a_slow_answer_ends_at_the_deadline(route: Route, tmp_path: Path) -> None:
    with serving({"/v1/file/1": route}) as site:
        client = _client(site, tmp_path)
        url = site.url + "/v1/file/1"
        started = time.monotonic()
        with pytest.raises(DeadlineExceededError) as caught:
            client.download(url)
        elapsed = time.monotonic() - started
    assert DEADLINE * 0.9 <= elapsed < DEADLINE + MARGIN  # may stop short of a retry
    assert caught.value.url == url and caught.value.limit == DEADLINE
    assert url in str(caught.value) and "1 s deadline" in str(caught.value)
    assert client.downloads == 0
    assert not list((tmp_path / "cache").glob("*.pdf"))


def test_a_trickled_tls_handshake_ends_at_the_deadline(tmp_path: Path) -> None:
    # The start of a TLS record of 16 kB that will never be whole, a byte at a time: the
    # handshake is bounded as a whole by the connect timeout, cut to the time left.
    server = _Trickler(b"\x16\x03\x03\x40\x00" + b"\x02" * 95)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    url = f"https://127.0.0.1:{server.server_address[1]}/v1/file/1"
    client = OfstedClient(url, cache_dir=tmp_path, deadline=DEADLINE, timeout=5.0, min_interval=0)
    try:
        started = time.monotonic()
        with pytest.raises(DeadlineExceededError, match="1 s deadline"):
            client.download(url)
        elapsed = time.monotonic() - started
    finally:
        client.close()
        server.stop.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert DEADLINE * 0.9 <= elapsed < DEADLINE + MARGIN  # may stop short of a retry


def test_retries_share_the_deadline(tmp_path: Path) -> None:
    # Each attempt times out after 0.3 s and is retried; together they stop at the deadline.
    with serving({"/search": no_answer}) as site:
        client = _client(site, tmp_path, timeout=0.3, max_retries=20)
        started = time.monotonic()
        with pytest.raises(DeadlineExceededError):
            client.get_text(site.url + "/search")
        elapsed = time.monotonic() - started
        attempts = len(site.headers_of("/search"))
    assert elapsed < DEADLINE + MARGIN
    assert 2 <= attempts <= 5
    assert client.requests_made == attempts


class Clock:
    """A fake clock: waits are recorded and move it on, not slept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_no_wait_for_a_retry_past_the_deadline(tmp_path: Path) -> None:
    clock = Clock()
    with serving({"/search": busy}) as site:
        client = OfstedClient(
            site.url,
            cache_dir=tmp_path,
            deadline=5.0,
            min_interval=0.0,
            sleep=clock.sleep,
            clock=clock.time,
        )
        site.clients.append(client)
        with pytest.raises(DeadlineExceededError, match=r"\(last attempt: HTTP 503\)"):
            client.get_text(site.url + "/search")
        attempts = len(site.headers_of("/search"))
    assert clock.sleeps == [3.0]  # the second 3 s wait would end past 5 s: not made
    assert attempts == 2


# -- size --------------------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["until-closed", "chunked"])
def test_an_endless_page_is_cut_at_its_limit(chunked: bool, tmp_path: Path) -> None:
    with serving({"/search": endless(chunked), "/warm-up": good_file}) as site:
        client = _client(site, tmp_path, max_page_bytes=PAGE_LIMIT, deadline=10.0)
        url = site.url + "/search"
        client.get_text(site.url + "/warm-up")  # what the first request imports is not the body
        received = client.bytes_received
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError) as caught:
                client.get_text(url)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert str(caught.value) == f"{url}: larger than the {PAGE_LIMIT} byte limit"
    assert caught.value.limit == PAGE_LIMIT and caught.value.declared is None
    assert client.bytes_received - received == PAGE_LIMIT + 1
    assert peak < 4 * PAGE_LIMIT + CHUNK  # the body so far and one chunk, not the stream


def test_a_huge_declared_length_is_refused_before_reading(tmp_path: Path) -> None:
    with serving({"/v1/file/1": huge, "/search": huge}) as site:
        client = _client(site, tmp_path, max_page_bytes=PAGE_LIMIT)
        started = time.monotonic()
        with pytest.raises(ResponseTooLargeError) as caught:
            client.download(site.url + "/v1/file/1")
        assert caught.value.declared == 10**12 and caught.value.limit == client.max_bytes
        assert str(caught.value) == (
            f"{site.url}/v1/file/1: {10**12} bytes is over the {client.max_bytes} byte limit"
        )
        with pytest.raises(ResponseTooLargeError, match=f"over the {PAGE_LIMIT} byte limit"):
            client.get_text(site.url + "/search")
        elapsed = time.monotonic() - started
    assert client.bytes_received == 0
    assert elapsed < MARGIN


def test_a_file_over_its_limit_is_not_cached(tmp_path: Path) -> None:
    with serving({"/v1/file/1": endless(chunked=False)}) as site:
        client = _client(site, tmp_path, max_bytes=100_000, deadline=10.0)
        with pytest.raises(ResponseTooLargeError, match="larger than the 100000 byte limit"):
            client.download(site.url + "/v1/file/1")
    assert client.bytes_received == 100_001
    assert not (tmp_path / "cache").exists()


def test_a_failure_does_not_poison_the_session(tmp_path: Path) -> None:
    routes: dict[str, Route] = {
        "/v1/file/slow": trickle_body,
        "/v1/file/endless": endless(chunked=True),
        "/v1/file/huge": huge,
        "/v1/file/ok1": good_file,
        "/v1/file/ok2": good_file,
        "/v1/file/ok3": good_file,
    }
    with serving(routes) as site:
        client = _client(site, tmp_path, max_bytes=100_000)
        with pytest.raises(DeadlineExceededError):
            client.download(site.url + "/v1/file/slow")
        assert client.download(site.url + "/v1/file/ok1").read_bytes() == TINY_PDF
        with pytest.raises(ResponseTooLargeError):
            client.download(site.url + "/v1/file/endless")
        assert client.download(site.url + "/v1/file/ok2").read_bytes() == TINY_PDF
        with pytest.raises(ResponseTooLargeError):
            client.download(site.url + "/v1/file/huge")
        started = time.monotonic()
        assert client.download(site.url + "/v1/file/ok3").read_bytes() == TINY_PDF
        assert time.monotonic() - started < MARGIN
    assert client.downloads == 3
    assert client.requests_made == 6


# -- conditional requests ----------------------------------------------------------------------

MODIFIED = "Tue, 12 Aug 2025 09:00:00 GMT"


@pytest.mark.parametrize(
    ("etag", "modified"),
    [('"v1"', MODIFIED), ('W/"v1"', None), (None, MODIFIED)],
    ids=["both", "etag", "last-modified"],
)
def test_a_304_serves_the_cached_copy(
    etag: str | None, modified: str | None, tmp_path: Path
) -> None:
    version = Version(TINY_PDF, etag, modified)
    with serving({"/v1/file/1": versioned(version)}) as site:
        client = _client(site, tmp_path)
        url = site.url + "/v1/file/1"
        path = client.download(url)
        received = client.bytes_received
        assert client.download(url) == path  # trusted from the cache: no request
        assert client.requests_made == 1
        assert client.download(url, revalidate=True) == path
        second = site.headers_of("/v1/file/1")[-1]
    assert (client.requests_made, client.downloads, client.not_modified) == (2, 1, 1)
    assert client.bytes_received == received  # nothing transferred the second time
    assert second.get("If-None-Match") == etag
    assert second.get("If-Modified-Since") == modified
    entry = json.loads((tmp_path / "cache" / "index.json").read_text(encoding="utf-8"))[url]
    assert {key: entry.get(key) for key in ("etag", "last_modified")} == {
        "etag": etag,
        "last_modified": modified,
    }


def test_a_changed_etag_downloads_again(tmp_path: Path) -> None:
    version = Version(TINY_PDF, '"v1"', MODIFIED)
    with serving({"/v1/file/1": versioned(version)}) as site:
        client = _client(site, tmp_path)
        url = site.url + "/v1/file/1"
        path = client.download(url)
        version.body, version.etag = TINY_PDF + b"% reissued\n", '"v2"'
        assert client.download(url, revalidate=True) == path
        assert client.download(url, revalidate=True) == path  # and v2 is now the one confirmed
        sent = [headers.get("If-None-Match") for headers in site.headers_of("/v1/file/1")]
    assert path.read_bytes() == version.body
    assert sent == [None, '"v1"', '"v2"']
    assert (client.requests_made, client.downloads, client.not_modified) == (3, 2, 1)
    index = json.loads((tmp_path / "cache" / "index.json").read_text(encoding="utf-8"))
    assert index[url]["etag"] == '"v2"'
    assert index[url]["sha256"] == hashlib.sha256(version.body).hexdigest()


def test_a_damaged_copy_is_not_revalidated_but_fetched(tmp_path: Path) -> None:
    version = Version(TINY_PDF, '"v1"')
    with serving({"/v1/file/1": versioned(version)}) as site:
        client = _client(site, tmp_path)
        url = site.url + "/v1/file/1"
        path = client.download(url)
        path.write_bytes(TINY_PDF + b"% tampered\n")
        assert client.download(url, revalidate=True).read_bytes() == TINY_PDF
        sent = [headers.get("If-None-Match") for headers in site.headers_of("/v1/file/1")]
    assert sent == [None, None]  # no 304 can vouch for a copy that fails its hash
    assert (client.downloads, client.not_modified) == (2, 0)


def test_a_copy_damaged_before_its_304_is_checked_and_fetched_again(tmp_path: Path) -> None:
    cached: list[Path] = []
    version = Version(TINY_PDF, '"v1"')
    route = versioned(version, on_304=lambda: cached[0].write_bytes(b"%PDF-damaged\n%%EOF\n"))
    with serving({"/v1/file/1": route}) as site:
        client = _client(site, tmp_path)
        url = site.url + "/v1/file/1"
        cached.append(client.download(url))
        assert client.download(url, revalidate=True).read_bytes() == TINY_PDF
        sent = [headers.get("If-None-Match") for headers in site.headers_of("/v1/file/1")]
    assert sent == [None, '"v1"', None]
    assert (client.requests_made, client.downloads, client.not_modified) == (3, 2, 1)


def test_a_304_to_a_plain_request_is_an_error(tmp_path: Path) -> None:
    def unasked(handler: _Handler) -> None:
        handler.answer(b"", 304)

    with serving({"/v1/file/1": unasked, "/search": unasked}) as site:
        client = _client(site, tmp_path)
        with pytest.raises(HTTPStatusError, match="HTTP 304"):
            client.download(site.url + "/v1/file/1")
        with pytest.raises(HTTPStatusError, match="HTTP 304"):
            client.get_text(site.url + "/search")
    assert (client.downloads, client.not_modified) == (0, 0)


def test_every_error_is_a_request_or_download_error() -> None:
    assert issubclass(DeadlineExceededError, RequestFailedError)
    error = DeadlineExceededError("https://files.ofsted.gov.uk/v1/file/1", 2.5)
    assert error.reason == "no complete answer within the 2.5 s deadline"
