"""A polite HTTP client for Ofsted's reports site, with a download cache.

One ``requests.Session`` per client. Every request has a timeout; connection errors,
timeouts, 429 and 5xx answers are retried with exponential backoff, honouring
``Retry-After``; requests are spaced at least ``min_interval`` seconds apart (one a second by
default); the User-Agent names the library; downloads stop at ``max_bytes``. Only https URLs on
Ofsted's hosts are fetched unless the client was given another ``base_url`` (the tests serve
pages from 127.0.0.1). Downloaded PDFs are checked (PDF signature, size, sha256 recorded) and
written to the cache atomically, under names that cannot leave the cache directory.

The site's shape (search results linking ``/provider/44/<id>``, paging through
``ul.pagination li.next a``, provider pages listing ``a.publication-link`` with a
``span.nonvisual`` "Children's services inspection, PDF - 12 August 2025") is read with the
standard library's HTML parser; a page that no longer has that shape raises
:class:`PageStructureError` naming what is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
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

__all__ = [
    "DEFAULT_BASE_URL",
    "USER_AGENT",
    "DisallowedURLError",
    "DownloadError",
    "HTTPStatusError",
    "OfstedClient",
    "OfstedError",
    "PageStructureError",
    "Provider",
    "Publication",
    "RequestFailedError",
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
MAX_BYTES = 50 * 1024 * 1024


class OfstedError(OfstedRatingsError):
    """Something went wrong talking to Ofsted's site."""


class HTTPStatusError(OfstedError):
    """The server answered with an error status (a 404, or a 5xx after the retries)."""

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


# -- the client ------------------------------------------------------------------------------


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+|\.{2,}")


class OfstedClient:
    """Finds and downloads reports, politely.

    >>> client = OfstedClient(cache_dir="/tmp/ofsted-cache")
    >>> client.base_url
    'https://reports.ofsted.gov.uk'
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        timeout: float | tuple[float, float] = (10.0, 60.0),
        min_interval: float = 1.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_bytes: int = MAX_BYTES,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise DisallowedURLError(f"not an http(s) base URL: {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self._allowed = set(OFSTED_HOSTS)
        self._custom_host = None if base_url == DEFAULT_BASE_URL else parts.netloc
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.timeout = timeout
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep if sleep is not None else _sleep
        self._clock = clock if clock is not None else _monotonic
        self._last: float | None = None
        self._session = session
        self.requests_made = 0

    # -- plumbing -----------------------------------------------------------------------------

    @property
    def session(self) -> requests.Session:
        """The one session every request goes through (created on first use)."""
        if self._session is None:
            import requests

            session = requests.Session()
            session.headers["User-Agent"] = USER_AGENT
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

    def _get(self, url: str, *, stream: bool = False) -> requests.Response:
        import requests

        self.check_url(url)
        attempt = 0
        while True:
            self._wait_turn()
            self.requests_made += 1
            try:
                response = self.session.get(
                    url, timeout=self.timeout, stream=stream, allow_redirects=True
                )
            except requests.Timeout:
                reason = "timed out"
            except requests.ConnectionError:
                reason = "connection failed"
            except requests.RequestException as error:
                raise RequestFailedError(url, f"request failed ({type(error).__name__})") from None
            else:
                self.check_url(response.url)
                status = response.status_code
                if status == 429 or status >= 500:
                    if attempt >= self.max_retries:
                        response.close()
                        raise HTTPStatusError(url, status)
                    delay = self._retry_after(response, attempt)
                    response.close()
                    self._sleep(delay)
                    attempt += 1
                    continue
                if status >= 400:
                    response.close()
                    raise HTTPStatusError(url, status)
                return response
            if attempt >= self.max_retries:
                raise RequestFailedError(url, reason)
            self._sleep(self.backoff * (2**attempt))
            attempt += 1

    def get_text(self, url: str) -> str:
        """The text of a page."""
        import requests

        response = self._get(url)
        try:
            return response.text
        except requests.RequestException:
            raise RequestFailedError(url, "the answer was cut off") from None

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
        """The cache's index: URL to the hash, size and name of its file (as JSON, read
        without trusting its shape)."""
        try:
            data = json.loads(self._index_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_index(self, index: dict[str, object]) -> None:
        self._index_path().parent.mkdir(parents=True, exist_ok=True)
        write_bytes(self._index_path(), json.dumps(index, indent=1, sort_keys=True).encode())

    def download(self, url: str, kind: str = "pdf") -> Path:
        """The file at ``url`` (a PDF report, or with ``kind="ods"`` an official
        spreadsheet), from the cache when a checked copy is there.

        A cached file whose hash no longer matches is fetched again. Raises
        :class:`DownloadError` for a file that is too large or not of the kind expected.
        """
        if kind not in _CHECKS:
            raise ValueError(f"kind must be one of {sorted(_CHECKS)}, not {kind!r}")
        check = _CHECKS[kind]
        self.check_url(url)
        path = self.cache_path(url, kind)
        index = self._read_index()
        if _cached(path, index.get(url), check):
            return path
        data = self._fetch(url)
        if not check(data):
            found = (
                "HTML"
                if data.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
                else "something else"
            )
            wanted = "a PDF report" if kind == "pdf" else "an ODS spreadsheet"
            raise DownloadError(f"{url}: the download is {found}, not {wanted}")
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, data)
        index[url] = _CacheEntry(
            sha256=hashlib.sha256(data).hexdigest(), bytes=len(data), file=path.name
        )
        self._write_index(index)
        return path

    def _fetch(self, url: str) -> bytes:
        """The body at ``url``, refused past :attr:`max_bytes` or when cut short."""
        import requests

        response = self._get(url, stream=True)
        chunks = []
        size = 0
        try:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise DownloadError(f"{url}: {declared} bytes is over the {self.max_bytes} limit")
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.max_bytes:
                    raise DownloadError(f"{url}: larger than the {self.max_bytes} byte limit")
                chunks.append(chunk)
        except requests.RequestException:
            raise RequestFailedError(url, "the download was cut off") from None
        finally:
            response.close()
        data = b"".join(chunks)
        if declared and declared.isdigit() and int(declared) != len(data):
            raise DownloadError(f"{url}: got {len(data)} of {declared} bytes")
        return data


class _CacheEntry(TypedDict):
    """What the cache's index keeps of a download."""

    sha256: str
    bytes: int
    file: str


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
