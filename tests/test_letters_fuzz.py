"""Damaged real letters: whatever the damage, the letter reader gives its own typed error
(a :class:`~ofsted_ratings.sources.reports.ReportError`) or a valid record, never another
exception or a hang; where the damaged file's text is still the letter's, the record is the
one it gives for the undamaged file. (Damage to a font can change the text PDFium extracts,
dropping bullets or letters; the reader then reads what that text says.)

Damaged page texts, too: the parser alone, fed a real letter's pages cut, shuffled or
spliced with junk, gives a record or a typed error.

The suite runs a few dozen cases; ``HYPOTHESIS_PROFILE=long`` runs thousands.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letter_corpus import letter_path
from ofsted_ratings.sources.letters import LetterRecord, ReportError, read_letter
from ofsted_ratings.sources.letters._parse import ParsedLetter, parse_letter
from ofsted_ratings.sources.reports import _text

#: One letter of each era: 2018; a COVID-19 visit of 2020 (no theme of its own); 2023 with
#: a priority action; 2025 with the national framework's footnote.
SAMPLES = ("80451/2018-03-22", "80443/2020-11-13", "80552/2024-01-12", "80528/2025-11-06")

pytestmark = pytest.mark.corpus
_FUZZ = settings(
    deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


class _Samples:
    """The sample letters, their records and page texts, read once (kept out of
    Hypothesis' view of the arguments)."""

    def __init__(self) -> None:
        self._found: dict[str, tuple[bytes, LetterRecord, tuple[str, ...]]] = {}
        for name in SAMPLES:
            data = letter_path(name).read_bytes()
            with _text.open_pdf(data) as pages:
                texts = tuple(pages[index] for index in range(len(pages)))
            self._found[name] = (data, read_letter(data), texts)

    def __getitem__(self, name: str) -> tuple[bytes, LetterRecord, tuple[str, ...]]:
        return self._found[name]

    def __repr__(self) -> str:
        return "<sample letters>"


@pytest.fixture(scope="module")
def samples() -> _Samples:
    return _Samples()


def _fields(record: ParsedLetter) -> tuple[object, ...]:
    return (
        record.kind,
        record.start,
        record.end,
        record.letter_date,
        record.inspectors,
        record.lead_inspector,
        record.theme,
        record.priority_actions,
        record.improvements,
    )


def _texts(data: bytes) -> tuple[str, ...]:
    with _text.open_pdf(data) as pages:
        return tuple(pages[index] for index in range(len(pages)))


def _check(data: bytes, expected: LetterRecord, texts: tuple[str, ...]) -> None:
    try:
        record = read_letter(data)
    except ReportError as error:
        message = str(error)
        record = None
    if record is None:
        assert message
        return
    # PDFium may repair some damage. Where the repaired file's text is the letter's, the
    # record must be the true one. Damage to a font can change the text itself (a glyph
    # map lost: bullets or apostrophes vanish); the record is then what that text says,
    # and must still make a valid visit.
    if _texts(data) == texts:
        assert _fields(record) == _fields(expected)
    visit = record.to_visit(
        1,
        url="https://example.org/letter.pdf",
        title="Focused visit",
        published=date(2026, 1, 1) if record.letter_date is None else None,
    )
    assert not visit.graded


@_FUZZ
@given(name=st.sampled_from(SAMPLES), cut=st.floats(min_value=0.0, max_value=0.999))
def test_truncated(samples: _Samples, name: str, cut: float) -> None:
    data, expected, texts = samples[name]
    _check(data[: int(len(data) * cut)], expected, texts)


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
    data, expected, texts = samples[name]
    damaged = bytearray(data)
    for where, mask in flips:
        damaged[int(len(data) * where)] ^= mask
    _check(bytes(damaged), expected, texts)


@_FUZZ
@given(
    name=st.sampled_from(SAMPLES),
    junk=st.binary(max_size=2048),
    where=st.floats(min_value=0.0, max_value=1.0),
)
def test_spliced_junk(samples: _Samples, name: str, junk: bytes, where: float) -> None:
    data, expected, texts = samples[name]
    at = int(len(data) * where)
    _check(data[:at] + junk + data[at:], expected, texts)


def _parse(pages: list[str]) -> None:
    try:
        parse_letter(pages)
    except ReportError as error:
        message = str(error)
        assert message


@_FUZZ
@given(
    name=st.sampled_from(SAMPLES),
    cuts=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=4),
)
def test_cut_page_texts(samples: _Samples, name: str, cuts: list[float]) -> None:
    """Pages cut short (text lost from a page's end) read or raise a typed error."""
    _, _, texts = samples[name]
    pages = list(texts)
    for number, cut in enumerate(cuts):
        index = number % len(pages)
        pages[index] = pages[index][: int(len(pages[index]) * cut)]
    _parse(pages)


@_FUZZ
@given(
    name=st.sampled_from(SAMPLES),
    junk=st.text(max_size=400),
    where=st.floats(min_value=0.0, max_value=1.0),
    page=st.integers(min_value=0, max_value=6),
)
def test_junk_in_page_texts(
    samples: _Samples, name: str, junk: str, where: float, page: int
) -> None:
    _, _, texts = samples[name]
    pages = list(texts)
    index = page % len(pages)
    at = int(len(pages[index]) * where)
    pages[index] = pages[index][:at] + junk + pages[index][at:]
    _parse(pages)


@_FUZZ
@given(name=st.sampled_from(SAMPLES), order=st.randoms(use_true_random=False))
def test_shuffled_lines(samples: _Samples, name: str, order: object) -> None:
    _, _, texts = samples[name]
    lines = "\n".join(texts).split("\n")
    order.shuffle(lines)  # type: ignore[attr-defined]
    _parse(["\n".join(lines[: len(lines) // 2]), "\n".join(lines[len(lines) // 2 :])])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"%PDF-",
        b"%PDF-1.7\n%%EOF",
        b"<!DOCTYPE html><html><body>Focused visit to Leeds</body></html>",
        b"\x00" * 4096,
        b"%PDF-1.4\n" + b"1 0 obj\n" * 10000,
    ],
)
def test_degenerate_files(data: bytes) -> None:
    with pytest.raises(ReportError):
        read_letter(data)
