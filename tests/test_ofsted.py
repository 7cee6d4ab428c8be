"""The HTTP client against a real server on 127.0.0.1: paging, retries, faults, the cache."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from fake_ofsted import TINY_PDF, FakeOfsted, Listing, serve
from ofsted_ratings.sources.ofsted import (
    USER_AGENT,
    DisallowedURLError,
    DownloadError,
    HTTPStatusError,
    OfstedClient,
    PageStructureError,
    Publication,
    RequestFailedError,
    parse_provider,
    parse_search,
)


class Clock:
    """A fake clock and sleep: waits are recorded, not slept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def site() -> Iterator[FakeOfsted]:
    fake = FakeOfsted()
    for number, (pid, name) in enumerate(
        [
            ("80481", "Leeds City Council"),
            ("80429", "Birmingham City Council"),
            ("80441", "Bristol City Council"),
        ]
    ):
        fake.add(
            Listing(
                pid,
                name,
                "Children's services inspection",
                date(2025, 8, 12 - number),
                f"5000{number}",
                TINY_PDF + bytes([number]),
            )
        )
    with serve(fake) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock()


def client_for(site: FakeOfsted, clock: Clock, tmp_path: Path, **options: object) -> OfstedClient:
    settings: dict[str, object] = {
        "cache_dir": tmp_path / "cache",
        "sleep": clock.sleep,
        "clock": clock.time,
        "timeout": 5.0,
    }
    settings.update(options)
    return OfstedClient(site.base_url, **settings)  # type: ignore[arg-type]


def test_providers_follow_paging(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path)
    providers = list(client.providers())
    assert sorted(p.id for p in providers) == ["80429", "80441", "80481"]
    assert site.hits["/search"] == 2
    assert client.requests_made == 2


def test_publications_and_download(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path)
    leeds = next(p for p in client.providers() if p.id == "80481")
    (publication,) = client.publications(leeds)
    assert publication.published == date(2025, 8, 12)
    assert publication.title == "Children's services inspection"
    path = client.download(publication.url)
    assert path.read_bytes() == TINY_PDF + b"\x00"
    assert path.parent == (tmp_path / "cache").resolve()
    before = client.requests_made
    assert client.download(publication.url) == path  # from the cache
    assert client.requests_made == before


def test_one_request_a_second(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path)
    list(client.providers())
    client.get_text(site.base_url + "/provider/44/80481")
    assert clock.sleeps == [1.0, 1.0]


def test_user_agent_names_the_library(site: FakeOfsted, tmp_path: Path) -> None:
    client = OfstedClient(site.base_url, cache_dir=tmp_path)
    assert client.session.headers["User-Agent"] == USER_AGENT
    assert "ofsted-ratings/" in USER_AGENT


def test_retries_500_then_succeeds(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/provider/44/80481"] = ["500", "503"]
    client = client_for(site, clock, tmp_path)
    text = client.get_text(site.base_url + "/provider/44/80481")
    assert "publication-link" in text
    assert site.hits["/provider/44/80481"] == 3
    assert clock.sleeps[:2] == [1.0, 2.0]  # exponential backoff


def test_429_honours_retry_after(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/provider/44/80481"] = ["429:7"]
    client = client_for(site, clock, tmp_path)
    client.get_text(site.base_url + "/provider/44/80481")
    assert 7.0 in clock.sleeps


def test_gives_up_after_the_retries(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/provider/44/80481"] = ["500"] * 10
    client = client_for(site, clock, tmp_path, max_retries=2)
    with pytest.raises(HTTPStatusError) as info:
        client.get_text(site.base_url + "/provider/44/80481")
    assert info.value.status == 500
    assert site.hits["/provider/44/80481"] == 3


def test_404_is_not_retried(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path)
    with pytest.raises(HTTPStatusError, match="404"):
        client.get_text(site.base_url + "/provider/44/99999")
    assert site.hits["/provider/44/99999"] == 1


def test_connection_reset_is_retried(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/provider/44/80481"] = ["reset"]
    client = client_for(site, clock, tmp_path)
    assert "publication-link" in client.get_text(site.base_url + "/provider/44/80481")
    assert site.hits["/provider/44/80481"] == 2


def test_timeout_is_retried_then_reported(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/provider/44/80481"] = ["sleep:1.0", "sleep:1.0"]
    client = client_for(site, clock, tmp_path, timeout=0.2, max_retries=1)
    with pytest.raises(RequestFailedError, match="timed out"):
        client.get_text(site.base_url + "/provider/44/80481")


def test_truncated_download(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/v1/file/50000"] = ["truncate"] * 10
    client = client_for(site, clock, tmp_path, max_retries=1)
    with pytest.raises((DownloadError, RequestFailedError)):
        client.download(site.base_url + "/v1/file/50000")
    assert not any(p.suffix == ".pdf" for p in (tmp_path / "cache").glob("*"))


def test_html_served_as_pdf(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/v1/file/50000"] = ["html"]
    client = client_for(site, clock, tmp_path)
    with pytest.raises(DownloadError, match="HTML"):
        client.download(site.base_url + "/v1/file/50000")
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").glob("*.pdf"))


def test_size_limit(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path, max_bytes=10)
    with pytest.raises(DownloadError, match="limit"):
        client.download(site.base_url + "/v1/file/50000")


def test_changed_page_structure(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    site.faults["/provider/44/80481"] = ["garbage"]
    client = client_for(site, clock, tmp_path)
    leeds = next(p for p in client.providers() if p.id == "80481")
    with pytest.raises(PageStructureError, match="publication-link"):
        client.publications(leeds)


def test_corrupted_cache_is_fetched_again(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path)
    url = site.base_url + "/v1/file/50001"
    path = client.download(url)
    path.write_bytes(b"%PDF-tampered")
    again = client.download(url)
    assert (
        hashlib.sha256(again.read_bytes()).hexdigest()
        == hashlib.sha256(TINY_PDF + b"\x01").hexdigest()
    )
    assert site.hits["/v1/file/50001"] == 2


def test_only_ofsted_hosts_over_https(tmp_path: Path) -> None:
    client = OfstedClient(cache_dir=tmp_path)
    assert client.check_url("https://files.ofsted.gov.uk/v1/file/1")
    for url in (
        "http://files.ofsted.gov.uk/v1/file/1",
        "https://example.org/x.pdf",
        "https://files.ofsted.gov.uk.evil.example/x",
        "file:///etc/passwd",
    ):
        with pytest.raises(DisallowedURLError):
            client.check_url(url)
    with pytest.raises(DisallowedURLError):
        OfstedClient("ftp://reports.ofsted.gov.uk")


def test_cache_names_cannot_escape(tmp_path: Path) -> None:
    client = OfstedClient(cache_dir=tmp_path)
    for url in (
        "https://files.ofsted.gov.uk/../../etc/passwd",
        "https://files.ofsted.gov.uk/v1/file/..%2F..%2Fx",
        "https://files.ofsted.gov.uk/",
    ):
        path = client.cache_path(url)
        assert path.parent == tmp_path.resolve()
        assert ".." not in path.name


def test_provider_listing_variants() -> None:
    html = (
        '<a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/2761820">'
        '<span class="nonvisual">Children\'s services inspection,  PDF - 2 August 2013</span></a>'
    )
    (publication,) = parse_provider(
        html, "https://reports.ofsted.gov.uk/provider/44/80549", "80549"
    )
    assert publication == Publication(
        "Children's services inspection",
        date(2013, 8, 2),
        "https://files.ofsted.gov.uk/v1/file/2761820",
        "80549",
    )


def test_the_suite_cannot_leave_loopback() -> None:
    import socket

    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(ConnectionRefusedError, match="only reach loopback"),
    ):
        sock.connect(("192.0.2.1", 443))  # TEST-NET-1: refused before any packet


@pytest.mark.parametrize("index", ["not json", "[1, 2]", '{"URL": ["not", "an", "entry"]}'])
def test_damaged_cache_index_is_fetched_again(
    site: FakeOfsted, clock: Clock, tmp_path: Path, index: str
) -> None:
    client = client_for(site, clock, tmp_path)
    url = site.base_url + "/v1/file/50001"
    path = client.download(url)
    (tmp_path / "cache" / "index.json").write_text(index.replace("URL", url), encoding="utf-8")
    assert client.download(url) == path
    assert site.hits["/v1/file/50001"] == 2
    assert client.download(url) == path  # the index is whole again
    assert site.hits["/v1/file/50001"] == 2


def test_download_kinds(site: FakeOfsted, clock: Clock, tmp_path: Path) -> None:
    client = client_for(site, clock, tmp_path)
    with pytest.raises(ValueError, match="kind must be one of"):
        client.download(site.base_url + "/v1/file/50000", kind="docx")
    with pytest.raises(DownloadError, match="something else, not an ODS spreadsheet"):
        client.download(site.base_url + "/v1/file/50000", kind="ods")


class CannedAdapter(BaseAdapter):
    """Answers every request with ``body`` and ``headers``, without a network."""

    def __init__(self, body: bytes, headers: Mapping[str, str]) -> None:
        super().__init__()
        self.body = body
        self.headers = dict(headers)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response.headers = CaseInsensitiveDict(self.headers)
        response.raw = io.BytesIO(self.body)
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass


def canned_client(tmp_path: Path, body: bytes, headers: Mapping[str, str]) -> OfstedClient:
    session = requests.Session()
    session.mount("https://", CannedAdapter(body, headers))
    return OfstedClient(cache_dir=tmp_path, session=session, max_bytes=1000, sleep=lambda _: None)


def test_download_without_a_declared_length_stops_at_the_limit(tmp_path: Path) -> None:
    client = canned_client(tmp_path, TINY_PDF * 20, {})
    with pytest.raises(DownloadError, match="larger than the 1000 byte limit"):
        client.download("https://files.ofsted.gov.uk/v1/file/1")
    small = canned_client(tmp_path, TINY_PDF, {})
    assert small.download("https://files.ofsted.gov.uk/v1/file/1").read_bytes() == TINY_PDF


def test_download_shorter_than_declared(tmp_path: Path) -> None:
    client = canned_client(tmp_path, TINY_PDF, {"Content-Length": "999"})
    with pytest.raises(DownloadError, match=f"got {len(TINY_PDF)} of 999 bytes"):
        client.download("https://files.ofsted.gov.uk/v1/file/1")
    assert not list(tmp_path.glob("*.pdf"))


def test_search_page_parsing() -> None:
    page = "https://reports.ofsted.gov.uk/search?q="
    html = (
        '<a href="/provider/44/80481"><span>Leeds</span>  City\n Council</a>'
        '<nav class="pagination"><ul><li class="next"><a href="?start=100">Next</a></li></ul>'
        "</nav>"
    )
    providers, next_url = parse_search(html, page)
    assert [(p.id, p.name, p.url) for p in providers] == [
        ("80481", "Leeds City Council", "https://reports.ofsted.gov.uk/provider/44/80481")
    ]
    assert next_url == "https://reports.ofsted.gov.uk/search?start=100"
    with pytest.raises(PageStructureError, match="no links to /provider/ pages"):
        parse_search("<p>We have changed our website</p>", page)


def test_provider_page_that_cannot_be_read() -> None:
    page = "https://reports.ofsted.gov.uk/provider/44/80481"
    with pytest.raises(PageStructureError, match="cannot read the listing"):
        parse_provider('<a class="publication-link" href="/x">A report</a>', page, "80481")
    with pytest.raises(PageStructureError, match="not a date"):
        parse_provider(
            '<a class="publication-link" href="/x">A report - 31 Smarch 2020</a>', page, "80481"
        )
