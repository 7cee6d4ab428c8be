"""The command line's own errors; :func:`ofsted_ratings.cli.main` maps each to an exit status.

>>> str(UsageError("name at least one authority or a --group"))
'name at least one authority or a --group'
"""

from __future__ import annotations

__all__ = ["NotFoundError", "UnreadableError", "UsageError"]


class UsageError(Exception):
    """A command-line value that cannot be used (exit status 2)."""


class NotFoundError(Exception):
    """A file that does not exist (exit status 1)."""


class UnreadableError(Exception):
    """A file that exists but cannot be read as a report (exit status 1)."""
