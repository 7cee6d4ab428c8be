"""A polite HTTP client for Ofsted's reports site, with a download cache.

One ``requests.Session`` per client. Requests are spaced at least ``min_interval`` seconds
apart (one a second by default); the User-Agent names the library; connection errors,
timeouts, 429 and 5xx answers are retried with exponential backoff, honouring
``Retry-After``. Only https URLs on Ofsted's hosts are fetched unless the client was given
another ``base_url`` (the tests serve pages from 127.0.0.1). Downloaded files are checked (PDF
or ODS signature, size, sha256 recorded) and written to the cache atomically, under names that
cannot leave the cache directory.

Every answer is bounded, in size and in time:

* **Size.** A page may hold at most ``max_page_bytes`` (:data:`MAX_PAGE_BYTES`, 5 MiB, room
  for a page of 100 search results many times over), a file at most ``max_bytes``
  (:data:`MAX_BYTES`, 50 MiB; the largest of the 476 reports read so far is 0.9 MB, an
  official spreadsheet 0.1 MB). A declared ``Content-Length`` over the limit is refused
  before any of the body is read; otherwise the body is read in chunks of at most 64 KiB and
  never past ``limit + 1`` bytes (after gzip is undone). Past the limit:
  :class:`ResponseTooLargeError`.
* **Time.** One call (:meth:`OfstedClient.get_text`, or the fetch in
  :meth:`OfstedClient.download`) has ``deadline`` seconds (:data:`DEADLINE`, 120 s) of wall
  time in all: the polite wait before it, connecting, the headers, every read of the body,
  *and* the retries and the waits between them. Each attempt's connect and read timeouts are
  cut to the time left; a retry whose wait would end past the deadline is not made. So
  retries share the deadline rather than multiplying it: a call never takes longer than
  ``deadline`` (plus the few milliseconds it takes to notice, and any time the system's name
  look-up takes, which no socket timeout bounds). A read that blocks (a server that sends
  one byte just inside every read timeout, or headers that never end) is stopped by a
  watchdog that shuts the connection's socket when the deadline passes; this needs the
  client's own session (with a ``session`` passed in, the deadline is checked between
  chunks of the body only). Past the deadline: :class:`DeadlineExceededError`, which is not
  retried.

Both errors name the URL and the limit, and leave the session usable for the next request
(the connection that failed is closed, not pooled).

**Conditional requests.** The cache index keeps each file's ``ETag`` and ``Last-Modified``.
``download(url, revalidate=True)`` asks the server whether a checked cached copy is still
current (``If-None-Match`` / ``If-Modified-Since``); a 304 serves the cached copy once its
hash is checked again against the index, a 200 replaces it. The counters
:attr:`~OfstedClient.requests_made`, :attr:`~OfstedClient.downloads`,
:attr:`~OfstedClient.not_modified` and :attr:`~OfstedClient.bytes_received` say what a run
cost.

The site's shape (search results linking ``/provider/44/<id>``, paging through
``ul.pagination li.next a``, provider pages listing ``a.publication-link`` with a
``span.nonvisual`` "Children's services inspection, PDF - 12 August 2025") is read with the
standard library's HTML parser; a page that no longer has that shape raises
:class:`PageStructureError` naming what is missing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import urljoin, urlsplit

import attrs

from .._util.atomic import write_bytes
from .._util.dates import day_month_year
from .._util.text import squash
from .._version import __version__
from ..errors import OfstedRatingsError

if TYPE_CHECKING:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.response import HTTPResponse

__all__ = [
    "DEADLINE",
    "DEFAULT_BASE_URL",
    "MAX_BYTES",
    "MAX_PAGE_BYTES",
    "USER_AGENT",
    "DeadlineExceededError",
    "DisallowedURLError",
    "DownloadError",
    "HTTPStatusError",
    "OfstedClient",
    "OfstedError",
    "PageStructureError",
    "Provider",
    "Publication",
    "RequestFailedError",
    "ResponseTooLargeError",
    "default_cache_dir",
]

DEFAULT_BASE_URL = "https://reports.ofsted.gov.uk"
OFSTED_HOSTS = frozenset(
    {
        "reports.ofsted.gov.uk",
        "files.ofsted.gov.uk",
        "files.api.ofsted.gov.uk",
        "www.gov.uk",
        "assets.publishing.service.gov.uk",
    }
)
USER_AGENT = (
    f"ofsted-ratings/{__version__} (+https://github.com/ofsted-ratings/ofsted-ratings; "
    "open data library; one request a second)"
)
SEARCH_PATH = (
    "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&rows=100"
)
#: The largest file (report or spreadsheet) the client downloads, in bytes.
MAX_BYTES = 50 * 1024 * 1024
#: The largest page (search results, provider page) the client reads, in bytes.
MAX_PAGE_BYTES = 5 * 1024 * 1024
#: Seconds of wall time for one call, retries and the waits between them included.
DEADLINE = 120.0
#: The most the client reads from a body at a time.
CHUNK = 64 * 1024


class OfstedError(OfstedRatingsError):
    """Something went wrong talking to Ofsted's site."""


class HTTPStatusError(OfstedError):
    """The server answered with an error status (a 404, a 5xx after the retries), or a
    status the client did not ask for (a 304 to a plain request, a redirect not followed)."""

    def __init__(self, url: str, status: int) -> None:
        self.url = url
        self.status = status
        super().__init__(f"HTTP {status} from {url}")


class RequestFailedError(OfstedError):
    """No answer: the connection failed or timed out, after the retries."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{reason}: {url}")


class PageStructureError(OfstedError):
    """A page no longer has the structure the client reads."""


class DisallowedURLError(OfstedError):
    """A URL outside Ofsted's hosts (or not https) that the client will not fetch."""


class DownloadError(OfstedError):
    """A download that is not what it should be: too large, not a PDF, or corrupt in cache."""


class ResponseTooLargeError(DownloadError):
    """An answer, page or file, larger than the client's limit for it.

    ``declared`` is the ``Content-Length`` that gave it away before any of the body was
    read, or ``None`` when the body was cut off at the limit while streaming.

    >>> str(ResponseTooLargeError("https://files.ofsted.gov.uk/v1/file/1", 1024, 5000))
    'https://files.ofsted.gov.uk/v1/file/1: 5000 bytes is over the 1024 byte limit'
    """

    def __init__(self, url: str, limit: int, declared: int | None = None) -> None:
        self.url = url
        self.limit = limit
        self.declared = declared
        if declared is None:
            super().__init__(f"{url}: larger than the {limit} byte limit")
        else:
            super().__init__(f"{url}: {declared} bytes is over the {limit} byte limit")


class DeadlineExceededError(RequestFailedError):
    """No complete answer within the client's deadline (see the module's notes).

    >>> error = DeadlineExceededError("https://reports.ofsted.gov.uk/search", 120.0, "HTTP 503")
    >>> error.reason
    'no complete answer within the 120 s deadline (last attempt: HTTP 503)'
    """

    def __init__(self, url: str, limit: float, last: str | None = None) -> None:
        self.limit = limit
        reason = f"no complete answer within the {limit:g} s deadline"
        super().__init__(url, f"{reason} (last attempt: {last})" if last else reason)


@attrs.frozen
class Provider:
    """A local authority's page on the reports site."""

    id: str
    name: str
    url: str


@attrs.frozen
class Publication:
    """A report listed on a provider page."""

    title: str
    published: date
    url: str
    provider: str


def default_cache_dir() -> Path:
    """The platform's user cache directory for ofsted-ratings."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "ofsted-ratings" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ofsted-ratings"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ofsted-ratings"


# -- HTML ------------------------------------------------------------------------------------


@attrs.define
class _Anchor:
    """An ``<a>`` element: its link, classes, text and the text of its ``span.nonvisual``.

    ``text`` and ``nonvisual`` collect the element's text while it is open and hold it
    squashed once it is closed.
    """

    href: str
    classes: list[str]
    in_next: bool
    text: list[str] = attrs.field(factory=list)
    nonvisual: list[str] = attrs.field(factory=list)

    def closed(self) -> _Link:
        return _Link(
            href=self.href,
            classes=tuple(self.classes),
            text=squash("".join(self.text)),
            nonvisual=squash("".join(self.nonvisual)),
        )


@attrs.frozen
class _Link:
    """A closed ``<a>`` element (see :class:`_Anchor`)."""

    href: str
    classes: tuple[str, ...]
    text: str
    nonvisual: str


class _Links(HTMLParser):
    """Collects anchors with their classes and text, and the pagination's next link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: list[_Link] = []
        self.next_page: str | None = None
        self._stack: list[_Anchor] = []
        self._in_pagination = 0
        self._in_next = 0
        self._tags: list[str] = []

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs_}
        classes = attributes.get("class", "").split()
        if tag in ("ul", "nav", "ol") and "pagination" in classes:
            self._in_pagination = 1
        elif self._in_pagination and tag in ("ul", "nav", "ol"):
            self._in_pagination += 1
        if self._in_pagination and tag == "li" and "next" in classes:
            self._in_next = 1
        if tag == "a":
            anchor = _Anchor(attributes.get("href", ""), classes, bool(self._in_next))
            self._stack.append(anchor)
        if tag == "span" and "nonvisual" in classes and self._stack:
            self._tags.append("nonvisual")
        elif tag == "span":
            self._tags.append("span")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "nav", "ol") and self._in_pagination:
            self._in_pagination -= 1
        if tag == "li" and self._in_next:
            self._in_next = 0
        if tag == "span" and self._tags:
            self._tags.pop()
        if tag == "a" and self._stack:
            anchor = self._stack.pop()
            if anchor.in_next and self.next_page is None and anchor.href:
                self.next_page = anchor.href
            self.anchors.append(anchor.closed())

    def handle_data(self, data: str) -> None:
        if self._stack:
            self._stack[-1].text.append(data)
            if "nonvisual" in self._tags:
                self._stack[-1].nonvisual.append(data)


_PROVIDER = re.compile(r"/provider/(\d+)/(\d+)")
_LISTED = re.compile(
    r"^(?P<title>.*?)(?:,\s*pdf)?\s*-\s*(?P<date>\d{1,2}\s+\w+\s+\d{4})\s*$", re.IGNORECASE
)


def parse_search(html: str, page_url: str) -> tuple[list[Provider], str | None]:
    """Providers listed on a search results page, and the next page's URL (if any)."""
    links = _Links()
    links.feed(html)
    providers: dict[str, Provider] = {}
    for anchor in links.anchors:
        match = _PROVIDER.search(anchor.href)
        if match:
            provider_id = match.group(2)
            providers.setdefault(
                provider_id,
                Provider(provider_id, anchor.text, urljoin(page_url, anchor.href)),
            )
    if not providers and "provider" not in html:
        raise PageStructureError(f"{page_url}: no links to /provider/ pages in the search results")
    next_url = urljoin(page_url, links.next_page) if links.next_page else None
    return list(providers.values()), next_url


def parse_provider(html: str, page_url: str, provider: str) -> list[Publication]:
    """Reports listed on a provider page (``a.publication-link``), newest first."""
    links = _Links()
    links.feed(html)
    anchors = [a for a in links.anchors if "publication-link" in a.classes]
    if not anchors:
        raise PageStructureError(f"{page_url}: no a.publication-link on the provider page")
    publications = []
    for anchor in anchors:
        text = anchor.nonvisual or anchor.text
        match = _LISTED.match(text)
        if not match:
            raise PageStructureError(f"{page_url}: cannot read the listing {text!r}")
        try:
            published = day_month_year(match.group("date"))
        except ValueError:
            raise PageStructureError(f"{page_url}: not a date in {text!r}") from None
        publications.append(
            Publication(
                title=squash(match.group("title")),
                published=published,
                url=urljoin(page_url, anchor.href),
                provider=provider,
            )
        )
    return publications


# -- deadlines -------------------------------------------------------------------------------


class _Deadline:
    """The wall time one call has left, and the watchdog that enforces it.

    While it is the thread's current deadline (``with deadline:``), the client's own
    connections hand it their sockets as they wait for an answer; when the time runs out it
    shuts them, so that a read blocked on a slow server returns at once.
    """

    def __init__(self, url: str, seconds: float, clock: Callable[[], float]) -> None:
        self.url = url
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._done = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _CURRENT.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True
            self._sockets.clear()
        self._timer.cancel()
        _CURRENT.deadline = None

    def remaining(self) -> float:
        """Seconds left (negative once passed)."""
        return self._end - self._clock()

    def check(self, last: str | None = None) -> None:
        """:class:`DeadlineExceededError` if the deadline has passed."""
        if self._expired or self.remaining() <= 0:
            raise DeadlineExceededError(self.url, self.seconds, last)

    def allow_wait(self, seconds: float, last: str) -> None:
        """:class:`DeadlineExceededError` if a wait of ``seconds`` would end past the deadline."""
        if self._expired or self.remaining() <= seconds:
            raise DeadlineExceededError(self.url, self.seconds, last)

    def timeout(self, configured: float | tuple[float, float]) -> tuple[float, float]:
        """The connect and read timeouts, cut to the time left."""
        connect, read = configured if isinstance(configured, tuple) else (configured, configured)
        left = max(self.remaining(), 0.001)
        return min(connect, left), min(read, left)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` when the deadline passes (at once if it has)."""
        with self._lock:
            if self._done:
                return
            self._sockets.append(sock)
            if self._expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self._expired = True
            for sock in self._sockets:
                _shut(sock)


_CURRENT = threading.local()


def _watch(sock: object) -> None:
    """Hand ``sock`` to the thread's current deadline, if there is one."""
    deadline: _Deadline | None = getattr(_CURRENT, "deadline", None)
    if deadline is not None and isinstance(sock, socket.socket):
        deadline.watch(sock)


def _shut(sock: socket.socket) -> None:
    """Shut the operating system's socket (under any TLS layer): blocked reads return."""
    with contextlib.suppress(OSError):  # closed already
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


@functools.cache
def _watched_adapter() -> type[HTTPAdapter]:
    """A transport adapter whose connections hand their socket to the current deadline
    before they wait for the answer's headers (built on first use: requests and urllib3
    are imported only when the network is).

    What comes before is bounded by the timeouts, cut to the time left: connecting, the TLS
    handshake (Python bounds it as a whole by the socket's timeout) and sending the request.
    """
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    # urllib3's connections answer with its own response class, as their getresponse says.

    class WatchedHTTPConnection(HTTPConnection):
        def getresponse(self) -> HTTPResponse:  # type: ignore[override]
            _watch(self.sock)
            return super().getresponse()

    class WatchedHTTPSConnection(HTTPSConnection):
        def getresponse(self) -> HTTPResponse:  # type: ignore[override]
            _watch(self.sock)
            return super().getresponse()

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTPConnection

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPSConnection

    class WatchedAdapter(HTTPAdapter):
        def init_poolmanager(
            self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: object
        ) -> None:
            super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
            # requests leaves its PoolManager untyped; pool_classes_by_scheme is urllib3's.
            self.poolmanager.pool_classes_by_scheme = {
                "http": WatchedHTTPPool,
                "https": WatchedHTTPSPool,
            }

    return WatchedAdapter


# -- the client ------------------------------------------------------------------------------


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+|\.{2,}")


@attrs.frozen
class _Answer:
    """A whole answer: its status (200, or 304 to a conditional request) and body."""

    status: int
    body: bytes
    encoding: str | None
    etag: str | None
    last_modified: str | None


@attrs.frozen
class _Retry:
    """An attempt that may be retried: the error if not, the wait before, what went wrong."""

    error: OfstedError
    delay: float
    note: str


class OfstedClient:
    """Finds and downloads reports, politely, within limits of size and time.

    ``timeout`` (connect, read) bounds each wait for the network; ``deadline`` bounds a whole
    call, retries included; ``max_page_bytes`` and ``max_bytes`` bound pages and files (see
    the module's notes).

    >>> client = OfstedClient(cache_dir="/tmp/ofsted-cache")
    >>> client.base_url
    'https://reports.ofsted.gov.uk'
    >>> client.deadline, client.max_page_bytes, client.max_bytes
    (120.0, 5242880, 52428800)
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        timeout: float | tuple[float, float] = (10.0, 60.0),
        deadline: float = DEADLINE,
        min_interval: float = 1.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_bytes: int = MAX_BYTES,
        max_page_bytes: int = MAX_PAGE_BYTES,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DisallowedURLError(f"not an http(s) base URL: {base_url!r}")
        if not (deadline > 0 and max_bytes > 0 and max_page_bytes > 0):
            raise ValueError("deadline, max_bytes and max_page_bytes must be positive")
        self.base_url = base_url.rstrip("/")
        self._allowed = set(OFSTED_HOSTS)
        self._custom_host = None if base_url == DEFAULT_BASE_URL else parts.netloc
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.timeout = timeout
        self.deadline = deadline
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.max_page_bytes = max_page_bytes
        self._sleep = sleep if sleep is not None else _sleep
        self._clock = clock if clock is not None else _monotonic
        self._last: float | None = None
        self._session = session
        self._requests = 0
        self._downloads = 0
        self._not_modified = 0
        self._bytes = 0

    # -- counters -----------------------------------------------------------------------------

    @property
    def requests_made(self) -> int:
        """HTTP requests sent, retries included."""
        return self._requests

    @property
    def downloads(self) -> int:
        """Files whose body was transferred whole (not those served from the cache)."""
        return self._downloads

    @property
    def not_modified(self) -> int:
        """304 answers: cached files the server confirmed as current."""
        return self._not_modified

    @property
    def bytes_received(self) -> int:
        """Bytes of body read, pages and files, whole or cut off."""
        return self._bytes

    # -- plumbing -----------------------------------------------------------------------------

    @property
    def session(self) -> requests.Session:
        """The one session every request goes through (created on first use)."""
        if self._session is None:
            import requests

            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
            adapter = _watched_adapter()()
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            self._session = session
        return self._session

    def close(self) -> None:
        """Close the session."""
        if self._session is not None:
            self._session.close()

    def __enter__(self) -> OfstedClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_url(self, url: str) -> str:
        """``url`` if the client may fetch it; :class:`DisallowedURLError` otherwise."""
        parts = urlsplit(url)
        if self._custom_host is not None and parts.netloc == self._custom_host:
            return url
        if parts.scheme != "https" or parts.hostname not in self._allowed:
            raise DisallowedURLError(f"will not fetch {url!r}: only https on Ofsted's hosts")
        return url

    def _wait_turn(self) -> None:
        if self._last is not None:
            wait = self.min_interval - (self._clock() - self._last)
            if wait > 0:
                self._sleep(wait)
        self._last = self._clock()

    def _retry_after(self, response: requests.Response, attempt: int) -> float:
        header = response.headers.get("Retry-After")
        if header:
            try:
                return min(max(float(header), 0.0), 300.0)
            except ValueError:
                from email.utils import parsedate_to_datetime

                try:
                    when = parsedate_to_datetime(header)
                    return min(max(when.timestamp() - time.time(), 0.0), 300.0)
                except (TypeError, ValueError):
                    pass
        return float(self.backoff * (2**attempt))

    def _fetch(self, url: str, limit: int, validators: Mapping[str, str] | None = None) -> _Answer:
        """The whole answer at ``url``: a body of at most ``limit`` bytes, within the deadline.

        ``validators`` are the headers of a conditional request; only then is a 304 an answer.
        """
        self.check_url(url)
        with _Deadline(url, self.deadline, self._clock) as deadline:
            response = self._get(url, deadline, dict(validators or {}))
            try:
                body = self._body(url, response, limit, deadline)  # a 304's: empty
            finally:
                response.close()
            return _Answer(
                status=response.status_code,
                body=body,
                encoding=response.encoding,
                etag=response.headers.get("ETag"),
                last_modified=response.headers.get("Last-Modified"),
            )

    def _get(self, url: str, deadline: _Deadline, validators: dict[str, str]) -> requests.Response:
        """The answer's status and headers, after the retries the deadline allows."""
        attempt = 0
        while True:
            outcome = self._attempt(url, deadline, validators, attempt)
            if not isinstance(outcome, _Retry):
                return outcome
            if attempt >= self.max_retries:
                raise outcome.error
            deadline.allow_wait(outcome.delay, outcome.note)
            self._sleep(outcome.delay)
            attempt += 1

    def _attempt(
        self, url: str, deadline: _Deadline, validators: dict[str, str], attempt: int
    ) -> requests.Response | _Retry:
        import requests

        self._wait_turn()
        deadline.check()
        self._requests += 1
        try:
            response = self.session.get(
                url,
                headers=validators,
                timeout=deadline.timeout(self.timeout),
                stream=True,
                allow_redirects=True,
            )
        except requests.Timeout:
            return self._failed(url, deadline, "timed out", attempt)
        except requests.ConnectionError:
            return self._failed(url, deadline, "connection failed", attempt)
        except requests.RequestException as error:
            raise RequestFailedError(url, f"request failed ({type(error).__name__})") from None
        return self._status(url, response, attempt, conditional=bool(validators))

    def _failed(self, url: str, deadline: _Deadline, reason: str, attempt: int) -> _Retry:
        deadline.check(reason)  # a failure the watchdog caused is the deadline's
        return _Retry(RequestFailedError(url, reason), self.backoff * (2**attempt), reason)

    def _status(
        self, url: str, response: requests.Response, attempt: int, *, conditional: bool
    ) -> requests.Response | _Retry:
        status = response.status_code
        try:
            self.check_url(response.url)
        except DisallowedURLError:
            response.close()
            raise
        if status == 429 or status >= 500:
            delay = self._retry_after(response, attempt)
            response.close()
            return _Retry(HTTPStatusError(url, status), delay, f"HTTP {status}")
        if status >= 300 and not (status == 304 and conditional):
            response.close()
            raise HTTPStatusError(url, status)
        return response

    def _body(
        self, url: str, response: requests.Response, limit: int, deadline: _Deadline
    ) -> bytes:
        """The body, read within ``limit`` bytes and the deadline (read to its end, so that
        the connection can serve the next request)."""
        import requests
        from urllib3.exceptions import HTTPError

        declared = _declared_length(response)
        if declared is not None and declared > limit:
            raise ResponseTooLargeError(url, limit, declared)
        # requests types the body stream as urllib3's response or Any; an adapter of one's own
        # may give a plain binary stream.
        raw: HTTPResponse | io.BufferedIOBase = response.raw
        try:
            body = self._stream(url, raw, limit, deadline)
        except (requests.RequestException, HTTPError, OSError):
            deadline.check("the answer was cut off")
            raise RequestFailedError(url, "the answer was cut off") from None
        deadline.check()  # a socket the watchdog shut may look like the end of the body
        if declared is not None and raw.tell() != declared:
            raise DownloadError(f"{url}: got {raw.tell()} of {declared} bytes")
        return body

    def _stream(
        self, url: str, raw: HTTPResponse | io.BufferedIOBase, limit: int, deadline: _Deadline
    ) -> bytes:
        body = bytearray()
        while chunk := _read(raw, min(CHUNK, limit + 1 - len(body))):
            body += chunk
            self._bytes += len(chunk)
            if len(body) > limit:
                raise ResponseTooLargeError(url, limit)
            deadline.check()
        return bytes(body)

    def get_text(self, url: str) -> str:
        """The text of a page (at most ``max_page_bytes``, within ``deadline``)."""
        answer = self._fetch(url, self.max_page_bytes)
        try:
            return answer.body.decode(answer.encoding or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return answer.body.decode("utf-8", errors="replace")

    # -- the site -----------------------------------------------------------------------------

    def providers(self, *, max_pages: int = 20) -> Iterator[Provider]:
        """Every local authority children's services provider, following the pages."""
        url: str | None = self.base_url + SEARCH_PATH
        seen: set[str] = set()
        pages = 0
        while url is not None and url not in seen:
            if pages >= max_pages:
                raise PageStructureError(f"more than {max_pages} pages of search results")
            seen.add(url)
            pages += 1
            found, url = parse_search(self.get_text(url), url)
            yield from found

    def publications(self, provider: Provider) -> list[Publication]:
        """The reports listed on a provider page."""
        return parse_provider(self.get_text(provider.url), provider.url, provider.id)

    def cache_path(self, url: str, kind: str = "pdf") -> Path:
        """Where the download of ``url`` is kept: a safe name inside the cache directory."""
        parts = urlsplit(url)
        name = _SAFE_NAME.sub("_", f"{parts.netloc}{parts.path}").strip("._") or "download"
        name = f"{name[:150]}-{hashlib.sha256(url.encode()).hexdigest()[:12]}.{_SUFFIX[kind]}"
        root = self.cache_dir.resolve()
        path = (root / name).resolve()
        if path.parent != root:
            raise DownloadError(f"cache name for {url!r} leaves the cache directory")
        return path

    def _index_path(self) -> Path:
        return self.cache_dir / "index.json"

    def _read_index(self) -> dict[str, object]:
        """The cache's index: URL to the hash, size, name and validators of its file (as
        JSON, read without trusting its shape)."""
        try:
            data = json.loads(self._index_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_index(self, index: dict[str, object]) -> None:
        self._index_path().parent.mkdir(parents=True, exist_ok=True)
        write_bytes(self._index_path(), json.dumps(index, indent=1, sort_keys=True).encode())

    def download(self, url: str, kind: str = "pdf", *, revalidate: bool = False) -> Path:
        """The file at ``url`` (a PDF report, or with ``kind="ods"`` an official
        spreadsheet), from the cache when a checked copy is there.

        With ``revalidate``, a checked cached copy is first confirmed with the server by a
        conditional request (its ``ETag`` and ``Last-Modified``): a 304 serves it, a new
        body replaces it. A cached file whose hash no longer matches is fetched again.
        Raises :class:`DownloadError` for a file that is too large or not of the kind
        expected, :class:`DeadlineExceededError` for one that does not arrive in time.
        """
        if kind not in _CHECKS:
            raise ValueError(f"kind must be one of {sorted(_CHECKS)}, not {kind!r}")
        check = _CHECKS[kind]
        self.check_url(url)
        path = self.cache_path(url, kind)
        index = self._read_index()
        known = index.get(url)
        cached = _cached(path, known, check)
        if cached and not revalidate:
            return path
        answer = self._fetch(url, self.max_bytes, _validators(known) if cached else None)
        if answer.status == 304:
            self._not_modified += 1
            if _cached(path, known, check):  # checked again: the copy the server confirmed
                return path
            answer = self._fetch(url, self.max_bytes)
        self._downloads += 1
        _check_kind(url, kind, answer.body)
        self._store(url, path, answer, index)
        return path

    def _store(self, url: str, path: Path, answer: _Answer, index: dict[str, object]) -> None:
        """Write the file to the cache and record it in the index."""
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, answer.body)
        entry: _CacheEntry = {
            "sha256": hashlib.sha256(answer.body).hexdigest(),
            "bytes": len(answer.body),
            "file": path.name,
        }
        if answer.etag:
            entry["etag"] = answer.etag
        if answer.last_modified:
            entry["last_modified"] = answer.last_modified
        index[url] = entry
        self._write_index(index)


class _Validators(TypedDict, total=False):
    """What the server said to identify a file's version, for conditional requests."""

    etag: str
    last_modified: str


class _CacheEntry(_Validators):
    """What the cache's index keeps of a download."""

    sha256: str
    bytes: int
    file: str


def _validators(known: object) -> dict[str, str]:
    """The conditional request headers for the index entry ``known`` (none if it has no
    validators)."""
    if not isinstance(known, dict):
        return {}
    headers = {}
    for key, header in (("etag", "If-None-Match"), ("last_modified", "If-Modified-Since")):
        value = known.get(key)
        if isinstance(value, str) and value:
            headers[header] = value
    return headers


def _read(raw: HTTPResponse | io.BufferedIOBase, amount: int) -> bytes:
    """At most ``amount`` bytes of the body, decoded (``Content-Encoding``) as requests would."""
    if isinstance(raw, io.BufferedIOBase):
        return raw.read(amount)
    return raw.read(amount, decode_content=True)


def _declared_length(response: requests.Response) -> int | None:
    """The body's ``Content-Length`` (``None`` when absent, unreadable or chunked)."""
    if "chunked" in response.headers.get("Transfer-Encoding", "").lower():
        return None
    value = response.headers.get("Content-Length", "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _check_kind(url: str, kind: str, data: bytes) -> None:
    """:class:`DownloadError` unless ``data`` is of ``kind``, naming what it is instead."""
    if _CHECKS[kind](data):
        return
    found = (
        "HTML"
        if data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
        else "something else"
    )
    wanted = "a PDF report" if kind == "pdf" else "an ODS spreadsheet"
    raise DownloadError(f"{url}: the download is {found}, not {wanted}")


def _cached(path: Path, known: object, check: Callable[[bytes], bool]) -> bool:
    """Whether ``path`` holds a good copy: the hash the index entry ``known`` recorded,
    and of the kind ``check`` accepts."""
    if not isinstance(known, dict) or not path.is_file():
        return False
    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest() == known.get("sha256") and check(data)


def _is_ods(data: bytes) -> bool:
    return (
        data[:4] == b"PK\x03\x04"
        and b"application/vnd.oasis.opendocument.spreadsheet" in (data[:200])
    )


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def _monotonic() -> float:
    return time.monotonic()


def _is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


_CHECKS: dict[str, Callable[[bytes], bool]] = {"pdf": _is_pdf, "ods": _is_ods}
_SUFFIX = {"pdf": "pdf", "ods": "ods"}
