"""Optional dependencies, imported when a feature needs them.

>>> require("sqlite3", "sqlite", "write_sqlite").__name__
'sqlite3'
"""

from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import MissingDependencyError

__all__ = ["require"]


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import the optional ``module`` for ``feature``.

    Raises :class:`~ofsted_ratings.errors.MissingDependencyError` (an :class:`ImportError`)
    naming the extra to install.
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(module.partition(".")[0], extra, feature) from error
