"""Damaged real reports: whatever the damage, the reader gives its own typed error or the
record it gives for the undamaged file, never another exception, a hang or a guess.

The suite runs a few dozen cases; ``nox -s fuzz`` runs thousands (``HYPOTHESIS_PROFILE=long``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ofsted_ratings.sources.reports import ReportError, ReportRecord, read_report

#: One report of each framework family.
SAMPLES = (
    "80418/2013-08-16",
    "80481/2015-03-27",
    "80481/2018-12-18",
    "80481/2025-08-12",
    "80485/2026-07-07",
)

pytestmark = pytest.mark.corpus
_FUZZ = settings(
    deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


class _Samples:
    """The sample reports, read once (kept out of Hypothesis' view of the arguments)."""

    def __init__(self, reports: Path) -> None:
        self._found: dict[str, tuple[bytes, ReportRecord]] = {}
        for name in SAMPLES:
            data = (reports / "pdf" / f"{name}.pdf").read_bytes()
            self._found[name] = (data, read_report(data))

    def __getitem__(self, name: str) -> tuple[bytes, ReportRecord]:
        return self._found[name]

    def __repr__(self) -> str:
        return "<sample reports>"


@pytest.fixture(scope="module")
def samples(reports_dir: Path) -> _Samples:
    return _Samples(reports_dir)


def _check(data: bytes, expected: ReportRecord) -> None:
    try:
        record = read_report(data)
    except ReportError as error:
        message = str(error)
        record = None
    if record is None:
        assert message
        return
    # PDFium may repair some damage; a record it still reads must be the true one.
    assert (record.framework, record.start, record.end, record.judgements) == (
        expected.framework,
        expected.start,
        expected.end,
        expected.judgements,
    )


@_FUZZ
@given(name=st.sampled_from(SAMPLES), cut=st.floats(min_value=0.0, max_value=0.999))
def test_truncated(samples: _Samples, name: str, cut: float) -> None:
    data, expected = samples[name]
    _check(data[: int(len(data) * cut)], expected)


@_FUZZ
@given(
    name=st.sampled_from(SAMPLES),
    flips=st.lists(
        st.tuples(
            st.floats(min_value=0.0, max_value=0.999), st.integers(min_value=1, max_value=255)
        ),
        min_size=1,
        max_size=8,
    ),
)
def test_bit_flips(samples: _Samples, name: str, flips: list[tuple[float, int]]) -> None:
    data, expected = samples[name]
    damaged = bytearray(data)
    for where, mask in flips:
        damaged[int(len(data) * where)] ^= mask
    _check(bytes(damaged), expected)


@_FUZZ
@given(
    name=st.sampled_from(SAMPLES),
    junk=st.binary(max_size=2048),
    where=st.floats(min_value=0.0, max_value=1.0),
)
def test_spliced_junk(samples: _Samples, name: str, junk: bytes, where: float) -> None:
    data, expected = samples[name]
    at = int(len(data) * where)
    _check(data[:at] + junk + data[at:], expected)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-",
        b"%PDF-1.7\n%%EOF",
        b"<!DOCTYPE html><html><body>Report</body></html>",
        b"\x00" * 4096,
        b"%PDF-1.4\n" + b"1 0 obj\n" * 10000,
    ],
)
def test_degenerate_files(data: bytes) -> None:
    with pytest.raises(ReportError):
        read_report(data)
