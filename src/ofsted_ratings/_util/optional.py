"""Optional dependencies, imported when a feature needs them.

>>> require("sqlite3", "sqlite", "write_sqlite").__name__
'sqlite3'
>>> require("no_such_module", "extra", "this feature", package="no-such-dist")
Traceback (most recent call last):
...
ofsted_ratings.errors.MissingDependencyError: this feature needs no-such-dist: pip install ...
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingDependencyError

__all__ = ["require"]


def require(module: str, extra: str, feature: str, *, package: str | None = None) -> ModuleType:
    """Import the optional ``module`` for ``feature``.

    Raises :class:`~ofsted_ratings.errors.MissingDependencyError` (an :class:`ImportError`)
    naming the extra to install and the distribution, ``package`` (by default the module's
    top-level name).
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        name = module.partition(".")[0] if package is None else package
        raise MissingDependencyError(name, extra, feature) from error
