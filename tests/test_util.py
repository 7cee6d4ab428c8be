"""The base layer: atomic writes, dates in words and the error messages."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings._util.atomic import atomic_path, fsync_dir, write_bytes, write_text
from ofsted_ratings._util.dates import day_month_year
from ofsted_ratings.errors import DataFileError, OfstedRatingsError


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- atomic writes ------------------------------------------------------------------------------


def _fail_midway(target: Path, error: BaseException, used: list[Path]) -> None:
    """Begin replacing ``target`` and fail with ``error`` half way through."""
    with atomic_path(target) as temporary:
        used.append(temporary)
        temporary.write_text("half of the ne", encoding="utf-8")
        raise error


def test_an_error_in_the_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old\n", encoding="utf-8")
    used: list[Path] = []
    with pytest.raises(RuntimeError, match="disk full"):
        _fail_midway(target, RuntimeError("disk full"), used)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert used[0].parent == tmp_path and used[0] != target  # written beside the target
    assert _names(tmp_path) == ["table.csv"]


def test_an_interrupt_leaves_no_new_file(tmp_path: Path) -> None:
    used: list[Path] = []
    with pytest.raises(KeyboardInterrupt):
        _fail_midway(tmp_path / "new.bin", KeyboardInterrupt(), used)
    assert len(used) == 1
    assert _names(tmp_path) == []


def test_replacing_keeps_the_mode_and_a_new_file_gets_0644(tmp_path: Path) -> None:
    kept = tmp_path / "private.txt"
    kept.write_text("a", encoding="utf-8")
    kept.chmod(0o600)
    write_text(kept, "b\r\n")
    assert kept.read_bytes() == b"b\r\n"  # line endings as given
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.bin"
    write_bytes(fresh, b"\xff\x00")
    assert fresh.read_bytes() == b"\xff\x00"
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
    assert _names(tmp_path) == ["fresh.bin", "private.txt"]


def test_write_text_is_utf8(tmp_path: Path) -> None:
    target = tmp_path / "names.txt"
    write_text(target, "Rhondda Cynon Taf – Ynys Môn\n")
    assert target.read_bytes() == "Rhondda Cynon Taf – Ynys Môn\n".encode()


def test_fsync_dir_where_the_system_cannot_open_the_folder(tmp_path: Path) -> None:
    fsync_dir(tmp_path / "not-there")  # nothing to flush, and nothing raised
    assert _names(tmp_path) == []


def test_fsync_dir_where_the_system_refuses_to_flush_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def refuse(handle: int) -> None:
        calls.append(handle)
        raise OSError(22, "Invalid argument")

    opened: list[int] = []
    real_open = os.open

    def tracked_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        handle = real_open(path, flags, *args)
        opened.append(handle)
        return handle

    monkeypatch.setattr(os, "fsync", refuse)
    monkeypatch.setattr(os, "open", tracked_open)
    fsync_dir(tmp_path)
    assert calls == opened and len(calls) == 1
    with pytest.raises(OSError, match="Bad file descriptor"):  # the handle was closed anyway
        os.fstat(opened[0])


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 August 2025", date(2025, 8, 12)),
        ("1 aug 2025", date(2025, 8, 1)),
        ("30 Sept. 2013", date(2013, 9, 30)),
        ("3 JUNE 2019", date(2019, 6, 3)),
    ],
)
def test_day_month_year(text: str, expected: date) -> None:
    assert day_month_year(text) == expected


@pytest.mark.parametrize("text", ["12 Smarch 2025", "twelve August 2025", "12 August 20x5"])
def test_day_month_year_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError, match="not a date") as caught:
        day_month_year(text)
    assert repr(text) in str(caught.value)


def test_day_month_year_refuses_an_impossible_day() -> None:
    with pytest.raises(ValueError, match="day is out of range"):
        day_month_year("31 February 2025")


# -- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        (None, None, "inspections.csv: bad"),
        (7, None, "inspections.csv, line 7: bad"),
        (None, "urn", "inspections.csv, field 'urn': bad"),
        (7, "urn", "inspections.csv, line 7, field 'urn': bad"),
    ],
)
def test_data_file_error_names_where(line: int | None, field: str | None, message: str) -> None:
    error = DataFileError("inspections.csv", "bad", line=line, field=field)
    assert str(error) == message
    assert (error.path, error.line, error.field) == ("inspections.csv", line, field)
    assert issubclass(DataFileError, OfstedRatingsError) and issubclass(DataFileError, ValueError)
