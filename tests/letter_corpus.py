"""Where the visit letters are: ``../shared/visits`` beside the project root, and its manifest.

Tests that need the letters call :func:`require_visits`, which skips them when the letters
are absent.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

#: ``../shared/visits`` beside the project root: 346 letters on focused visits and a manifest.
VISITS = Path(__file__).resolve().parents[2] / "shared" / "visits"


def require_visits() -> Path:
    """The letters' folder; skips the calling test when it is absent."""
    if not (VISITS / "manifest.csv").is_file():
        pytest.skip("the visit letters (../shared/visits) are not present")
    return VISITS


@cache
def manifest() -> tuple[dict[str, str], ...]:
    """The manifest's rows: urn, la_name, published, file, sha256, bytes, title, origin."""
    with (require_visits() / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def letter_path(name: str) -> Path:
    """The letter ``"<urn>/<published>"``."""
    return require_visits() / "pdf" / f"{name}.pdf"
