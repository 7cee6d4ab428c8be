"""The committed data is exactly what the build makes from the corpus and official files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The maintainers' build lives in tools/ (on pytest's path), which a wheel does not carry.
build_data = pytest.importorskip("build_data", reason="tools/ is not beside the tests")


@pytest.mark.corpus
def test_committed_data_is_up_to_date(reports_dir: Path, sources_dir: Path) -> None:
    if not (ROOT / "data" / "corrections.csv").is_file():
        pytest.skip("not run from a checkout")
    result = build_data.build(ROOT, reports_dir.parent)
    stale = [
        str(path.relative_to(ROOT))
        for path, text in result.files.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `nox -s data` (python tools/build_data.py) and review the diff"
    assert ROOT / build_data.RELEASE_MODULE in result.files
    unique = {(d.id, d.field, d.file) for d in result.disagreements}
    corrections = (ROOT / "data" / "corrections.csv").read_text(encoding="utf-8")
    assert len(unique) == len(corrections.splitlines()) - 1
