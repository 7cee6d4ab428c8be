"""The ``ofsted-ratings`` command line: :func:`main` is its entry point.

:mod:`.parser` reads the arguments into typed options, :mod:`.commands` runs them against
the library and :mod:`.render` lays out what they print. Usage errors (a bad option, date or
grade) exit with status 2, an authority, group or file that is not found with status 1;
each prints one line to standard error and no traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errors import OfstedRatingsError, UnknownAuthorityError, UnknownGroupError
from .errors import NotFoundError, UnreadableError, UsageError
from .parser import parse

__all__ = ["main"]

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        options = parse(argv)
        # The commands import the dataset and its exports: not needed for --help,
        # --version or a usage error, so only imported once the arguments are good.
        from .commands import run

        run(options, sys.stdout, sys.stderr)
    except UsageError as error:
        return _fail(f"error: {error}", EXIT_USAGE)
    except (UnknownAuthorityError, UnknownGroupError, NotFoundError) as error:
        return _fail(f"not found: {error}", EXIT_NOT_FOUND)
    except UnreadableError as error:
        return _fail(str(error), EXIT_NOT_FOUND)
    except OfstedRatingsError as error:
        return _fail(f"error: {error}", EXIT_USAGE)
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK


def _fail(message: str, status: int) -> int:
    sys.stderr.write(f"ofsted-ratings: {message}\n")
    return status
