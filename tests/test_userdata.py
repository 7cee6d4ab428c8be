"""The user's data directory: where it is, the ``CURRENT`` pointer, versions and the lock."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from ofsted_ratings.errors import OfstedRatingsError
from ofsted_ratings.io import userdata
from ofsted_ratings.io.userdata import (
    DATA_DIR_VARIABLE,
    UpdateInProgressError,
    current_version,
    data_dir,
    lock,
    write_version,
)

FILES = {"authorities.csv": "urn\n1\n", "inspections.csv": "id\n", "datapackage.json": "{}\n"}


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# -- where the data directory is ---------------------------------------------------------------


def test_the_variable_chooses_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    assert not (tmp_path / "mine").exists()  # asking does not create it


@pytest.mark.parametrize("value", [None, ""])
def test_linux_default_follows_xdg(
    value: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if value is None:
        monkeypatch.delenv(DATA_DIR_VARIABLE)
    else:
        monkeypatch.setenv(DATA_DIR_VARIABLE, value)  # empty counts as unset
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert data_dir() == tmp_path / "xdg" / "ofsted-ratings"
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "ofsted-ratings"


def test_windows_and_macos_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_VARIABLE)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert data_dir() == tmp_path / "local" / "ofsted-ratings"
    monkeypatch.delenv("LOCALAPPDATA")
    assert data_dir() == tmp_path / "home" / "AppData" / "Local" / "ofsted-ratings"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert data_dir() == tmp_path / "home" / "Library" / "Application Support" / "ofsted-ratings"


# -- the pointer ---------------------------------------------------------------------------------


def test_no_pointer_means_no_user_data(tmp_path: Path) -> None:
    assert current_version(tmp_path) is None
    assert current_version(tmp_path / "never-made") is None


def test_current_version_reads_the_data_dir_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path))
    assert current_version() is None
    written = write_version(FILES)
    assert written == tmp_path / "versions" / "v0001"
    assert current_version() == written


@pytest.mark.parametrize(
    ("pointer", "message"),
    [
        ("", "names no version: ''"),
        ("  \n", "names no version: ''"),
        ("../../etc", "names no version: '../../etc'"),
        ("v0001\\..", "names no version"),
        (".staging-x", "names no version: '.staging-x'"),
        ("v0009", "names 'v0009', which does not exist"),
    ],
)
def test_a_damaged_pointer_is_a_typed_error_naming_it(
    tmp_path: Path, pointer: str, message: str
) -> None:
    write_version(FILES, tmp_path)
    (tmp_path / "CURRENT").write_text(pointer, encoding="utf-8")
    with pytest.raises(OfstedRatingsError, match="CURRENT") as caught:
        current_version(tmp_path)
    assert message in str(caught.value)
    assert str(tmp_path / "CURRENT") in str(caught.value)


def test_an_unreadable_pointer_is_a_typed_error(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").mkdir()  # a folder where the pointer file should be
    with pytest.raises(OfstedRatingsError, match=r"cannot read .*CURRENT: Is a directory"):
        current_version(tmp_path)


# -- versions ------------------------------------------------------------------------------------


def test_versions_are_numbered_and_two_are_kept(tmp_path: Path) -> None:
    first = write_version({**FILES, "inspections.csv": "id\none\n"}, tmp_path)
    second = write_version({**FILES, "inspections.csv": "id\ntwo\n"}, tmp_path)
    assert [first.name, second.name] == ["v0001", "v0002"]
    assert (tmp_path / "CURRENT").read_text(encoding="utf-8") == "v0002\n"
    assert (first / "inspections.csv").read_text(encoding="utf-8") == "id\none\n"
    third = write_version({**FILES, "inspections.csv": "id\nthree\n"}, tmp_path)
    assert third.name == "v0003"
    assert sorted(p.name for p in (tmp_path / "versions").iterdir()) == ["v0002", "v0003"]
    assert current_version(tmp_path) == third
    assert _tree(third) == {**FILES, "inspections.csv": "id\nthree\n"}


def test_numbering_continues_past_folders_it_did_not_make(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    (versions / "v0041").mkdir(parents=True)
    (versions / "notes").mkdir()
    (versions / "vx").mkdir()
    assert write_version(FILES, tmp_path).name == "v0042"
    assert (versions / "notes").is_dir()  # only numbered versions are pruned


def test_the_new_version_survives_pruning_whatever_the_names_around_it(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    for name in ("v8", "v9"):  # unpadded names sort after the new "v0010"
        (versions / name).mkdir(parents=True)
    written = write_version(FILES, tmp_path)
    assert written.name == "v0010"
    assert current_version(tmp_path) == written
    assert _tree(written) == FILES


def test_a_failed_write_leaves_the_version_in_use(tmp_path: Path) -> None:
    first = write_version(FILES, tmp_path)
    before = _tree(tmp_path)
    with pytest.raises(FileNotFoundError):
        write_version({"authorities.csv": "x\n", "no-such-folder/inspections.csv": "y\n"}, tmp_path)
    assert _tree(tmp_path) == before
    assert sorted(p.name for p in (tmp_path / "versions").iterdir()) == [first.name]
    assert current_version(tmp_path) == first


# -- the lock ------------------------------------------------------------------------------------


def test_the_lock_is_held_for_the_block_and_released(tmp_path: Path) -> None:
    root = tmp_path / "data"
    with lock(root) as path:
        assert path == root / "update.lock"
        assert path.read_text(encoding="utf-8") == str(os.getpid())
        with pytest.raises(UpdateInProgressError, match=f"process {os.getpid()}"), lock(root):
            pass  # pragma: no cover - never entered
    assert not path.exists()


def test_the_lock_is_released_when_the_block_fails(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="inside"), lock(tmp_path):
        raise ValueError("inside")
    assert list(tmp_path.iterdir()) == []


def test_the_lock_defaults_to_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path / "d"))
    with lock() as path:
        assert path == tmp_path / "d" / "update.lock"


@pytest.mark.parametrize("content", ["", "not a pid", "12.5", "-4"])
def test_an_unreadable_lock_is_taken_over(tmp_path: Path, content: str) -> None:
    (tmp_path / "update.lock").write_text(content, encoding="utf-8")
    with lock(tmp_path) as path:
        assert path.read_text(encoding="utf-8") == str(os.getpid())


def test_a_lock_of_another_users_process_counts_as_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "update.lock").write_text("4242", encoding="utf-8")
    signalled: list[tuple[int, int]] = []

    def not_permitted(pid: int, signal: int) -> None:
        signalled.append((pid, signal))
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "kill", not_permitted)
    with pytest.raises(UpdateInProgressError, match="process 4242"), lock(tmp_path):
        pass  # pragma: no cover - never entered
    assert signalled == [(4242, 0)]
    assert (tmp_path / "update.lock").read_text(encoding="utf-8") == "4242"


def test_a_lock_whose_process_cannot_be_asked_about_is_taken_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "update.lock").write_text("4242", encoding="utf-8")

    def failing(pid: int, signal: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "kill", failing)
    with lock(tmp_path) as path:
        assert path.read_text(encoding="utf-8") == str(os.getpid())


def test_on_windows_any_recorded_holder_counts_as_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "update.lock").write_text("999999999", encoding="utf-8")
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(UpdateInProgressError, match="process 999999999"), lock(tmp_path):
        pass  # pragma: no cover - never entered


@pytest.mark.parametrize("platform", ["linux", "win32"])
@pytest.mark.parametrize("text", ["0", "-1", "2147483648", "99999999999", "\u00b2"])
def test_a_lock_naming_no_possible_process_is_taken_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, platform: str
) -> None:
    # 0 is not a process: os.kill(0, 0) would signal our own process group and succeed.
    (tmp_path / "update.lock").write_text(text, encoding="utf-8")
    signalled: list[int] = []
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(os, "kill", lambda pid, signal: signalled.append(pid))
    with lock(tmp_path) as path:
        assert path.read_text(encoding="utf-8") == str(os.getpid())
    assert signalled == []


def test_a_lock_naming_an_impossible_process_id_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / "update.lock").write_text("99999999999", encoding="utf-8")
    with lock(tmp_path) as path:
        assert path.read_text(encoding="utf-8") == str(os.getpid())


def test_a_lock_naming_process_zero_is_taken_over(tmp_path: Path) -> None:
    (tmp_path / "update.lock").write_text("0", encoding="utf-8")
    with lock(tmp_path) as path:
        assert path.read_text(encoding="utf-8") == str(os.getpid())


def test_the_public_names() -> None:
    assert userdata.SOURCE_VARIABLE == "OFSTED_RATINGS_DATA"
    assert userdata.DATA_DIR_VARIABLE == "OFSTED_RATINGS_DATA_DIR"
    assert issubclass(UpdateInProgressError, OfstedRatingsError)
