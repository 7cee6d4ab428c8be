"""The user's own copy of the data, kept up to date by ``ofsted-ratings update``.

The data directory (``$OFSTED_RATINGS_DATA_DIR``, else the platform's user data directory)
holds numbered versions of the data package and a pointer file, ``CURRENT``, naming the one in
use::

    <data dir>/
        CURRENT              "v0003" (replaced atomically)
        versions/v0002/      the previous version, kept
        versions/v0003/      authorities.csv, inspections.csv, datapackage.json
        update.lock          present while an update runs

A new version is written completely into its own folder before ``CURRENT`` is switched to
it with an atomic rename, so a reader sees the old version or the new one, never a mixture,
and an update killed at any step leaves the version in use untouched.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .._util.atomic import fsync_dir as _fsync_dir
from .._util.atomic import write_text as _write_file
from ..errors import OfstedRatingsError

__all__ = [
    "DATA_DIR_VARIABLE",
    "SOURCE_VARIABLE",
    "UpdateInProgressError",
    "current_version",
    "data_dir",
    "lock",
    "write_version",
]

#: Environment variable naming the user data directory.
DATA_DIR_VARIABLE = "OFSTED_RATINGS_DATA_DIR"
#: Environment variable choosing the data :func:`ofsted_ratings.load` reads: ``bundled``,
#: ``user``, or a path to a folder holding a data package.
SOURCE_VARIABLE = "OFSTED_RATINGS_DATA"

_POINTER = "CURRENT"
_KEEP = 2


class UpdateInProgressError(OfstedRatingsError):
    """Another update holds the lock on the data directory."""


def data_dir() -> Path:
    """The user data directory (it may not exist yet)."""
    chosen = os.environ.get(DATA_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / "ofsted-ratings"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "ofsted-ratings"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / (
        "ofsted-ratings"
    )


def current_version(root: Path | None = None) -> Path | None:
    """The folder of the version in use, or ``None`` when there is no user data."""
    root = data_dir() if root is None else root
    try:
        name = (root / _POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OfstedRatingsError(f"cannot read {root / _POINTER}: {error.strerror}") from None
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise OfstedRatingsError(f"{root / _POINTER} names no version: {name!r}")
    folder = root / "versions" / name
    if not folder.is_dir():
        raise OfstedRatingsError(f"{root / _POINTER} names {name!r}, which does not exist")
    return folder


def write_version(files: Mapping[str, str], root: Path | None = None) -> Path:
    """Write ``files`` (name to text) as a new version and make it the one in use.

    Returns the new version's folder. The previous version is kept; older ones are removed.
    """
    root = data_dir() if root is None else root
    versions = root / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    numbers = [
        int(p.name[1:])
        for p in versions.iterdir()
        if p.name.startswith("v") and p.name[1:].isdigit()
    ]
    name = f"v{max(numbers, default=0) + 1:04d}"
    import tempfile  # here, not at the top: load() reads this module and writes nothing

    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=versions))
    final = versions / name
    switched = False
    try:
        for file_name, text in files.items():
            _write_file(staging / file_name, text)
        _fsync_dir(staging)
        staging.rename(final)
        _fsync_dir(versions)
        _write_file(root / _POINTER, name + "\n")  # the switch: an atomic replace
        switched = True
        _fsync_dir(root)
    except BaseException:
        if not switched:  # the version in use is still the old one: tidy what was begun
            for folder in (staging, final):
                if folder.is_dir():
                    for leftover in folder.iterdir():
                        leftover.unlink(missing_ok=True)
                    folder.rmdir()
        raise
    _prune(versions, keep=name)
    return versions / name


def _prune(versions: Path, keep: str) -> None:
    names = sorted(p.name for p in versions.iterdir() if p.name.startswith("v"))
    for old in names[: max(len(names) - _KEEP, 0)]:
        if old == keep:
            continue
        folder = versions / old
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()


@contextmanager
def lock(root: Path | None = None) -> Iterator[Path]:
    """Hold the update lock on the data directory for the ``with`` block.

    A lock left by a process that no longer runs is taken over; one held by a running
    process raises :class:`UpdateInProgressError`.
    """
    root = data_dir() if root is None else root
    root.mkdir(parents=True, exist_ok=True)
    path = root / "update.lock"
    for _ in range(2):
        try:
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder is not None and _alive(holder):
                raise UpdateInProgressError(
                    f"another update (process {holder}) is running on {root}"
                ) from None
            path.unlink(missing_ok=True)
            continue
        with os.fdopen(handle, "w") as out:
            out.write(str(os.getpid()))
        try:
            yield path
        finally:
            path.unlink(missing_ok=True)
        return
    raise UpdateInProgressError(f"cannot take the update lock on {root}")


_LARGEST_PID = 2**31 - 1  # a process id is a positive C int (pid_t)


def _holder(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isascii() and text.isdigit() else None


def _alive(pid: int) -> bool:
    if not 0 < pid <= _LARGEST_PID:
        return False  # not a process: os.kill(0, 0) would signal our own process group
    if pid == os.getpid() or sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True
