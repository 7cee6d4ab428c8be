"""Charts: PNG files of sensible size, drawn without pyplot."""

from __future__ import annotations

import doctest
import struct
import sys
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings import UnknownAuthorityError, UnknownGroupError, load
from ofsted_ratings.errors import MissingDependencyError, OfstedRatingsError

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def charts() -> object:
    pytest.importorskip("matplotlib")
    from ofsted_ratings.exports import charts

    return charts


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_authority_chart(charts: object, tmp_path: Path) -> None:
    path = charts.plot_authority(load(), "Leeds", tmp_path / "leeds.png")  # type: ignore[attr-defined]
    assert path == tmp_path / "leeds.png"
    width, height = _png_size(path)
    assert 1000 <= width <= 2500
    assert 600 <= height <= 2500
    assert 20_000 < path.stat().st_size < 1_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["leeds.png"]


def test_group_chart(charts: object, tmp_path: Path) -> None:
    ds = load()
    path = charts.plot_group(ds, "core-cities", str(tmp_path / "core.png"))  # type: ignore[attr-defined]
    width, height = _png_size(path)
    assert 1000 <= width <= 2500
    assert 500 <= height <= 2500
    assert path.stat().st_size > 20_000
    region = charts.plot_group(ds, "London", tmp_path / "london.png", dpi=80)  # type: ignore[attr-defined]
    assert _png_size(region)[1] > _png_size(path)[1] * 80 / 150


def test_charts_before_any_inspection(charts: object, tmp_path: Path) -> None:
    ds = load()
    early = date(2000, 1, 1)
    one = charts.plot_authority(ds, "Leeds", tmp_path / "a.png", as_of=early)  # type: ignore[attr-defined]
    group = charts.plot_group(ds, "core-cities", tmp_path / "g.png", as_of=early)  # type: ignore[attr-defined]
    assert _png_size(one)[0] > 500
    assert _png_size(group)[0] > 500


def test_other_formats(charts: object, tmp_path: Path) -> None:
    svg = charts.plot_authority(load(), "Leeds", tmp_path / "leeds.svg")  # type: ignore[attr-defined]
    assert b"<svg" in svg.read_bytes()[:1000]


def test_no_pyplot(charts: object, tmp_path: Path) -> None:
    had_pyplot = "matplotlib.pyplot" in sys.modules
    charts.plot_authority(load(), "Leeds", tmp_path / "leeds.png")  # type: ignore[attr-defined]
    assert ("matplotlib.pyplot" in sys.modules) == had_pyplot


def test_unknown_names(charts: object, tmp_path: Path) -> None:
    with pytest.raises(UnknownAuthorityError):
        charts.plot_authority(load(), "Atlantis", tmp_path / "x.png")  # type: ignore[attr-defined]
    with pytest.raises(UnknownGroupError):
        charts.plot_group(load(), "nowhere", tmp_path / "x.png")  # type: ignore[attr-defined]
    assert not list(tmp_path.iterdir())


def test_area_names(charts: object) -> None:
    from ofsted_ratings.frameworks import AREA_KEYS

    names = [charts.area_name(key) for key in AREA_KEYS]  # type: ignore[attr-defined]
    assert len(set(names)) == len(names)
    assert all(name[0].isupper() and len(name) <= 70 for name in names)


def test_missing_matplotlib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ofsted_ratings.exports import charts

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"ofsted-ratings\[charts\]") as caught:
        charts.plot_authority(load(), "Leeds", tmp_path / "leeds.png")
    assert isinstance(caught.value, (ImportError, OfstedRatingsError))
    assert not list(tmp_path.iterdir())


def test_docstring_examples(charts: object) -> None:
    result = doctest.testmod(charts)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0
