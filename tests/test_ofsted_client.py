"""The reports site client: where it caches, how it reads pages, and the answers it refuses.

Requests go to servers on 127.0.0.1: the fake reports site, and for answers it cannot give
(a ``Retry-After`` date, a body of unknown length) a server of canned answers.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from fake_ofsted import TINY_PDF, FakeOfsted, Listing, serve
from ofsted_ratings.sources.ofsted import (
    DownloadError,
    HTTPStatusError,
    OfstedClient,
    PageStructureError,
    Provider,
    RequestFailedError,
    default_cache_dir,
    parse_provider,
    parse_search,
)

ODS = b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"


class Clock:
    """A fake clock: waits are recorded, not slept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def site() -> Iterator[FakeOfsted]:
    fake = FakeOfsted()
    for number in range(3):
        fake.add(
            Listing(
                f"8000{number}",
                f"Council {number}",
                "Children's services inspection",
                date(2025, 8, 10 + number),
                f"7000{number}",
                TINY_PDF,
            )
        )
    with serve(fake) as running:
        yield running


def _client(base_url: str, clock: Clock, tmp_path: Path, **options: Any) -> OfstedClient:
    return OfstedClient(
        base_url,
        cache_dir=tmp_path / "cache",
        sleep=clock.sleep,
        clock=clock.time,
        timeout=5.0,
        **options,
    )


# -- a server of canned answers ----------------------------------------------------------------


class _Canned(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # a body without Content-Length ends when the server closes

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        answers: list[tuple[int, dict[str, str], bytes]] = self.server.answers  # type: ignore[attr-defined]
        status, headers, body = answers.pop(0)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _canned(*answers: tuple[int, dict[str, str], bytes]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canned)
    server.answers = list(answers)  # type: ignore[attr-defined]
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# -- the cache directory ----------------------------------------------------------------------


def test_default_cache_dir_on_each_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "ofsted-ratings"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "ofsted-ratings"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_cache_dir() == tmp_path / "home" / "Library" / "Caches" / "ofsted-ratings"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_cache_dir() == tmp_path / "local" / "ofsted-ratings" / "Cache"
    monkeypatch.delenv("LOCALAPPDATA")
    assert (
        default_cache_dir() == tmp_path / "home" / "AppData" / "Local" / "ofsted-ratings" / "Cache"
    )


def test_a_client_without_a_cache_dir_uses_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert OfstedClient().cache_dir == tmp_path / "ofsted-ratings"


# -- reading pages -------------------------------------------------------------------------------


def test_a_nested_list_inside_the_pager_does_not_hide_the_next_link() -> None:
    html = (
        '<a href="/provider/44/80481">Leeds</a>'
        '<ul class="pagination"><li><ol><li>1</li><li>2</li></ol></li>'
        '<li class="next"><a href="/search?start=100">Next</a></li></ul>'
        '<ul><li class="next"><a href="/elsewhere">Not the pager</a></li></ul>'
    )
    providers, next_url = parse_search(html, "https://reports.ofsted.gov.uk/search?start=0")
    assert providers == [
        Provider("80481", "Leeds", "https://reports.ofsted.gov.uk/provider/44/80481")
    ]
    assert next_url == "https://reports.ofsted.gov.uk/search?start=100"


def test_a_listing_without_a_hidden_label_is_read_from_its_text() -> None:
    html = (
        '<a class="publication-link" href="/v1/file/1">'
        "Focused visit <span class='date'>- 3 Sept 2024</span></a>"
    )
    (publication,) = parse_provider(html, "https://reports.ofsted.gov.uk/provider/44/1", "1")
    assert publication.title == "Focused visit"
    assert publication.published == date(2024, 9, 3)
    assert publication.url == "https://reports.ofsted.gov.uk/v1/file/1"


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Children's services inspection", "cannot read the listing"),
        ("Children's services inspection, PDF - 32 August 2025", "not a date in"),
        ("Children's services inspection, PDF - 12 Smarch 2025", "not a date in"),
    ],
)
def test_a_listing_that_cannot_be_read_is_named(label: str, message: str) -> None:
    html = (
        '<a class="publication-link" href="/v1/file/1">'
        f'<span class="nonvisual">{label}</span>Report</a>'
    )
    with pytest.raises(PageStructureError, match=message) as caught:
        parse_provider(html, "https://reports.ofsted.gov.uk/provider/44/1", "1")
    assert label in str(caught.value)
    assert "https://reports.ofsted.gov.uk/provider/44/1" in str(caught.value)


def test_search_pages_stop_at_max_pages(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = _client(site.base_url, clock, tmp_path)
    pages = client.providers(max_pages=1)
    found = [next(pages).id, next(pages).id]  # the first page is read
    with pytest.raises(PageStructureError, match="more than 1 pages of search results"):
        next(pages)
    assert sorted(found) == ["80000", "80001"]
    assert site.hits["/search"] == 1


# -- retries and refusals -------------------------------------------------------------------------


def test_retry_after_that_is_not_a_number_falls_back_to_backoff(
    site: FakeOfsted, clock: Clock, tmp_path: Path
) -> None:
    site.faults["/provider/44/80000"] = ["429:soon", "429:soon"]
    client = _client(site.base_url, clock, tmp_path, backoff=0.5, min_interval=0.0)
    assert "publication-link" in client.get_text(site.base_url + "/provider/44/80000")
    assert clock.sleeps == [0.5, 1.0]


@pytest.mark.parametrize(
    ("offset", "low", "high"),
    [
        (timedelta(seconds=40), 30.0, 40.0),
        (timedelta(days=2), 300.0, 300.0),  # capped at five minutes
        (timedelta(days=-1), 0.0, 0.0),  # a date passed already: no wait
    ],
)
def test_retry_after_as_an_http_date(
    clock: Clock, tmp_path: Path, offset: timedelta, low: float, high: float
) -> None:
    when = format_datetime(datetime.now(timezone.utc) + offset, usegmt=True)
    with _canned((429, {"Retry-After": when}, b""), (200, {}, b"<html>ok</html>")) as url:
        client = _client(url, clock, tmp_path, min_interval=0.0, deadline=600.0)
        assert client.get_text(url + "/page") == "<html>ok</html>"
    (waited,) = clock.sleeps
    assert low <= waited <= high


def test_a_download_of_unknown_length_stops_at_the_limit(clock: Clock, tmp_path: Path) -> None:
    big = b"%PDF-1.4\n" + b"x" * 5000 + b"\n%%EOF\n"
    with _canned((200, {"Content-Type": "application/pdf"}, big)) as url:
        client = _client(url, clock, tmp_path, max_bytes=1024)
        with pytest.raises(DownloadError, match="larger than the 1024 byte limit"):
            client.download(url + "/v1/file/1")
    assert not (tmp_path / "cache").exists()


def test_a_download_of_unknown_length_within_the_limit(clock: Clock, tmp_path: Path) -> None:
    with _canned((200, {}, TINY_PDF)) as url:
        path = _client(url, clock, tmp_path).download(url + "/v1/file/2")
    assert path.read_bytes() == TINY_PDF


def test_other_request_failures_are_not_retried(clock: Clock, tmp_path: Path) -> None:
    class Looping(requests.Session):
        calls = 0

        def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:
            Looping.calls += 1
            raise requests.TooManyRedirects("Exceeded 30 redirects.")

    client = OfstedClient(cache_dir=tmp_path, session=Looping(), sleep=clock.sleep)
    url = "https://reports.ofsted.gov.uk/provider/44/80481"
    with pytest.raises(RequestFailedError, match="request failed \\(TooManyRedirects\\)") as caught:
        client.get_text(url)
    assert caught.value.url == url
    assert Looping.calls == 1
    assert clock.sleeps == []


def test_an_unknown_download_kind_is_refused(tmp_path: Path) -> None:
    client = OfstedClient(cache_dir=tmp_path)
    with pytest.raises(ValueError, match="kind must be one of \\['ods', 'pdf'\\], not 'zip'"):
        client.download("https://reports.ofsted.gov.uk/v1/file/1", kind="zip")
    assert client.requests_made == 0


def test_spreadsheets_are_downloaded_and_cached_as_ods(
    site: FakeOfsted, clock: Clock, tmp_path: Path
) -> None:
    site.files["/stats/outcomes.ods"] = ODS
    site.files["/stats/page.ods"] = b"<!DOCTYPE html><html></html>"
    client = _client(site.base_url, clock, tmp_path)
    path = client.download(site.base_url + "/stats/outcomes.ods", kind="ods")
    assert path.suffix == ".ods" and path.read_bytes() == ODS
    assert client.download(site.base_url + "/stats/outcomes.ods", kind="ods") == path
    assert site.hits["/stats/outcomes.ods"] == 1
    with pytest.raises(DownloadError, match="the download is HTML, not an ODS spreadsheet"):
        client.download(site.base_url + "/stats/page.ods", kind="ods")
    with pytest.raises(DownloadError, match="is something else, not a PDF report"):
        client.download(site.base_url + "/stats/outcomes.ods")


def test_a_damaged_cache_index_means_downloading_again(
    site: FakeOfsted, clock: Clock, tmp_path: Path
) -> None:
    client = _client(site.base_url, clock, tmp_path)
    url = site.base_url + "/v1/file/70000"
    path = client.download(url)
    for damage in ("{not json", "[1, 2, 3]"):
        (tmp_path / "cache" / "index.json").write_text(damage, encoding="utf-8")
        assert client.download(url) == path
    assert site.hits["/v1/file/70000"] == 3


def test_the_client_closes_its_session(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    closed: list[bool] = []

    class Counting(requests.Session):
        def close(self) -> None:
            closed.append(True)
            super().close()

    OfstedClient(cache_dir=tmp_path).close()  # never used: nothing to close, nothing raised
    with _client(site.base_url, clock, tmp_path, session=Counting()) as client:
        assert "publication-link" in client.get_text(site.base_url + "/provider/44/80001")
        assert closed == []
    assert closed == [True]


def test_a_404_is_an_http_status_error(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = _client(site.base_url, clock, tmp_path)
    with pytest.raises(HTTPStatusError, match="HTTP 404") as caught:
        client.publications(Provider("99999", "Nowhere", site.base_url + "/provider/44/99999"))
    assert caught.value.status == 404


def test_limits_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="must be positive"):
        OfstedClient(cache_dir=tmp_path, deadline=0)
    with pytest.raises(ValueError, match="must be positive"):
        OfstedClient(cache_dir=tmp_path, max_bytes=0)
    with pytest.raises(ValueError, match="must be positive"):
        OfstedClient(cache_dir=tmp_path, max_page_bytes=-1)


def test_the_counters_are_read_only(tmp_path: Path) -> None:
    client = OfstedClient(cache_dir=tmp_path)
    counters = ("requests_made", "downloads", "not_modified", "bytes_received")
    assert [getattr(client, name) for name in counters] == [0, 0, 0, 0]
    for name in counters:
        with pytest.raises(AttributeError):
            setattr(client, name, 1)


def test_a_page_over_its_limit(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = _client(site.base_url, clock, tmp_path, max_page_bytes=100)
    url = site.base_url + "/provider/44/80000"
    with pytest.raises(DownloadError, match=f"{url}: .* bytes is over the 100 byte limit"):
        client.get_text(url)
    assert client.bytes_received == 0
