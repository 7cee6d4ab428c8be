"""Shared test set-up: Hypothesis profiles, the corpus location and a loopback-only network."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fast", parent=settings.get_profile("default"), max_examples=10)
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=2000)
# CI runs the same examples every time, so a red run is reproducible; local runs explore.
settings.register_profile(
    "ci", parent=settings.get_profile("default"), derandomize=True, database=None
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)

#: ``../shared`` beside the project root: the report corpus and the official files.
SHARED = Path(__file__).resolve().parents[2] / "shared"
REPORTS = SHARED / "reports"
SOURCES = SHARED / "sources"


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
        raise ConnectionRefusedError(f"tests may only reach loopback, not {address!r}")
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
        raise ConnectionRefusedError(f"tests may only reach loopback, not {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _loopback_only() -> Iterator[None]:
    """No test reaches beyond 127.0.0.0/8 and ::1."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = _real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True, scope="session")
def _private_user_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the real user data directory."""
    saved = {key: os.environ.get(key) for key in ("OFSTED_RATINGS_DATA_DIR", "OFSTED_RATINGS_DATA")}
    os.environ["OFSTED_RATINGS_DATA_DIR"] = str(tmp_path_factory.mktemp("user-data"))
    os.environ.pop("OFSTED_RATINGS_DATA", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    """The report corpus; tests that use it skip when it is absent."""
    if not (REPORTS / "manifest.csv").is_file():
        pytest.skip("the report corpus (../shared/reports) is not present")
    return REPORTS


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """Ofsted's official files; tests that use them skip when they are absent."""
    if not (SOURCES / "ofsted-official").is_dir():
        pytest.skip("the official files (../shared/sources) are not present")
    return SOURCES
