"""Atomic writes: a file is replaced whole or not at all.

Every file the package writes (exports, the user's data versions, the download cache, the
maintainers' rebuild of ``data/``) goes through :func:`atomic_path` or the two writers
built on it, so a reader never sees half a file and an error leaves the old file as it was.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> write_text(target, "one\\n")
>>> target.read_text()
'one\\n'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "fsync_dir", "write_bytes", "write_text"]


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces ``path`` when the block succeeds.

    The temporary file is flushed to disk before the rename and keeps the mode of the file
    it replaces. On an error it is removed and ``path`` is left as it was.
    """
    import tempfile  # here, not at the top: reading the data never writes a file

    target = Path(path)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _fsync_file(temporary)
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, line endings as given) atomically."""
    with atomic_path(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        out.write(text)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new and renamed files) to disk, where the system allows."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; renames there are durable already
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())
