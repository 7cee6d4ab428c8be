"""The ``ofsted-ratings`` command line: :func:`main` is its entry point.

:mod:`.parser` reads the arguments into typed options, :mod:`.commands` runs them against
the library and :mod:`.render` lays out what they print. Every failure prints one line to
standard error, with no traceback, and ends with its own exit status (:class:`ExitStatus`):

=====  ===========================================================================
0      success
1      not found: an authority, group or file that does not exist, or a file that
       is not a readable report
2      usage: a bad option, value or combination of options
3      no data: the data in use is missing, damaged or being updated
4      missing extra: the command needs an optional library that is not installed
5      network: Ofsted's site could not be reached or gave an error
70     internal error: a fault in ``ofsted-ratings`` itself (please report it)
130    interrupted (Ctrl-C)
=====  ===========================================================================

>>> int(ExitStatus.MISSING_EXTRA)
4
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence

from ..errors import (
    ConventionError,
    DataFileError,
    GradeError,
    MissingDependencyError,
    OfstedRatingsError,
    UnknownAreaError,
    UnknownAuthorityError,
    UnknownFrameworkError,
    UnknownGroupError,
)
from .errors import NotFoundError, UnreadableError, UsageError
from .parser import parse

__all__ = ["ExitStatus", "main"]


class ExitStatus(enum.IntEnum):
    """The exit statuses of ``ofsted-ratings`` (the README lists them too)."""

    OK = 0
    NOT_FOUND = 1
    USAGE = 2
    NO_DATA = 3
    MISSING_EXTRA = 4
    NETWORK = 5
    INTERNAL = 70
    INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        options = parse(argv)
        # The commands import the dataset and its exports: not needed for --help,
        # --version or a usage error, so only imported once the arguments are good.
        from .commands import run

        run(options, sys.stdout, sys.stderr)
    except BrokenPipeError:
        return ExitStatus.OK
    except KeyboardInterrupt:
        return _fail("interrupted", ExitStatus.INTERRUPTED)
    except Exception as error:  # every failure ends in one line, with no traceback
        message, status = describe(error)
        return _fail(message, status)
    return ExitStatus.OK


def describe(error: BaseException) -> tuple[str, ExitStatus]:
    """The one-line message and the exit status for ``error``.

    >>> describe(UsageError("name at least one authority"))
    ('error: name at least one authority', <ExitStatus.USAGE: 2>)
    """
    from ..sources.ofsted import DisallowedURLError, OfstedError
    from ..sources.reports.errors import PDFSupportMissingError

    if isinstance(error, (UsageError, DisallowedURLError)):
        return f"error: {error}", ExitStatus.USAGE
    if isinstance(error, (UnknownAuthorityError, UnknownGroupError, NotFoundError)):
        return f"not found: {error}", ExitStatus.NOT_FOUND
    if isinstance(error, UnreadableError):
        return str(error), ExitStatus.NOT_FOUND
    if isinstance(error, (MissingDependencyError, PDFSupportMissingError)):
        return f"missing extra: {error}", ExitStatus.MISSING_EXTRA
    if isinstance(error, OfstedError):
        return f"network: {error}", ExitStatus.NETWORK
    if isinstance(
        error, (ConventionError, GradeError, UnknownAreaError, UnknownFrameworkError, ValueError)
    ) and not isinstance(error, DataFileError):
        return f"error: {error}", ExitStatus.USAGE
    if isinstance(error, (DataFileError, OfstedRatingsError)):
        return f"no data: {error}", ExitStatus.NO_DATA
    if isinstance(error, OSError):
        return f"error: {error.strerror or error}", ExitStatus.NOT_FOUND
    return f"internal error ({type(error).__name__}: {error}); please report it", (
        ExitStatus.INTERNAL
    )


def _fail(message: str, status: ExitStatus) -> int:
    # One line, whatever the arguments held: line breaks are shown, not printed.
    text = message.replace("\r", "\\r").replace("\n", "\\n")
    sys.stderr.write(f"ofsted-ratings: {text}\n")
    return int(status)
