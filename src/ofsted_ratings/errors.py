"""The exceptions ofsted-ratings raises.

Every error the library raises on purpose derives from :class:`OfstedRatingsError`, so
``except OfstedRatingsError`` catches all of them and nothing else. Each subclass also
derives from the built-in exception a caller would expect (``ValueError`` for a bad value,
``LookupError`` for something not found), so code written against the built-ins keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

__all__ = [
    "AmbiguousGroupError",
    "ConventionError",
    "DataFileError",
    "DateError",
    "GradeError",
    "MissingDependencyError",
    "OfstedRatingsError",
    "RecordError",
    "UnknownAreaError",
    "UnknownAuthorityError",
    "UnknownFrameworkError",
    "UnknownGroupError",
    "UnsupportedFormatError",
]


class OfstedRatingsError(Exception):
    """Base class of every error raised by ofsted-ratings."""


class GradeError(OfstedRatingsError, ValueError):
    """A text that is not a grade label Ofsted has used.

    >>> from ofsted_ratings import Grade
    >>> Grade.parse("brilliant")
    Traceback (most recent call last):
    ...
    ofsted_ratings.errors.GradeError: not an Ofsted grade: 'brilliant'
    """

    def __init__(self, text: object) -> None:
        self.text = text
        super().__init__(f"not an Ofsted grade: {text!r}")


class UnknownFrameworkError(OfstedRatingsError, LookupError):
    """A framework key, or a date, that matches no inspection framework."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown framework"


class UnknownAreaError(OfstedRatingsError, LookupError):
    """A judgement area that the framework in question does not have."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown judgement area"


def _did_you_mean(suggestions: tuple[str, ...]) -> str:
    if not suggestions:
        return ""
    if len(suggestions) == 1:
        return f"; did you mean {suggestions[0]}?"
    return f"; did you mean {', '.join(suggestions[:-1])} or {suggestions[-1]}?"


class UnknownAuthorityError(OfstedRatingsError, LookupError):
    """No local authority matches the name or code given.

    ``suggestions`` holds the names of authorities the query may have meant, closest first
    (empty when none is close):

    >>> error = UnknownAuthorityError("Leds", suggestions=["Leeds"])
    >>> str(error), error.suggestions
    ("no local authority matches 'Leds'; did you mean Leeds?", ('Leeds',))
    """

    def __init__(self, query: object, *, suggestions: Iterable[str] = ()) -> None:
        self.query = query
        self.suggestions = tuple(suggestions)
        super().__init__(f"no local authority matches {query!r}{_did_you_mean(self.suggestions)}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownGroupError(OfstedRatingsError, LookupError):
    """No group of authorities has the name given.

    ``suggestions`` holds group names the query may have meant, closest first.
    """

    def __init__(self, *args: object, suggestions: Iterable[str] = ()) -> None:
        super().__init__(*args)
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown group"


class UnsupportedFormatError(OfstedRatingsError, ValueError):
    """A file to write whose suffix names a type the writer cannot write.

    ``path`` is the path given, ``suffix`` its suffix (empty when it has none) and
    ``allowed`` the suffixes the writer supports:

    >>> str(UnsupportedFormatError("x.txt", "a chart", (".png", ".svg", ".pdf")))
    "cannot write a chart to 'x.txt': '.txt' is not one of .png, .svg, .pdf"
    >>> UnsupportedFormatError("leeds", "a chart", (".png",)).suffix
    ''
    """

    def __init__(self, path: str, what: str, allowed: tuple[str, ...]) -> None:
        self.path = path
        self.suffix = PurePath(path).suffix
        self.allowed = allowed
        problem = f"{self.suffix!r} is not" if self.suffix else "the name has no suffix; use"
        super().__init__(f"cannot write {what} to {path!r}: {problem} one of {', '.join(allowed)}")


class AmbiguousGroupError(UnknownGroupError):
    """A group name that could mean more than one group; ``candidates`` holds the names
    that say which, each unambiguous (for example ``ofsted:london`` and ``ons:london``)."""

    def __init__(self, message: str, candidates: Iterable[str]) -> None:
        super().__init__(message)
        self.candidates = tuple(candidates)


class ConventionError(OfstedRatingsError, ValueError):
    """A counting convention that cannot answer for the date or options asked.

    Ofsted's convention for its "as at 31 March" tables needs a publication cut-off, known
    only for the tables read (see :mod:`ofsted_ratings.grade_counts`).
    """


class DateError(OfstedRatingsError, ValueError):
    """A date parameter given something that is not a date (nor ``YYYY-MM-DD`` text).

    ``parameter`` names the parameter at fault.

    >>> DateError("as_of", "31/03/2025").parameter
    'as_of'
    """

    def __init__(self, parameter: str, value: object) -> None:
        self.parameter = parameter
        self.value = value
        super().__init__(
            f"{parameter} must be a date: a datetime.date or YYYY-MM-DD text, not {value!r}"
        )


class RecordError(OfstedRatingsError, ValueError):
    """A record whose values contradict each other or their framework.

    ``field`` names the field (or column) at fault, when one is.

    >>> RecordError("urn is not a number: 'x'", field="urn").field
    'urn'
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DataFileError(OfstedRatingsError, ValueError):
    """A data file that cannot be read, naming the file, line and field at fault."""

    def __init__(
        self, path: str, message: str, *, line: int | None = None, field: str | None = None
    ) -> None:
        self.path = path
        self.line = line
        self.field = field
        where = path
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class MissingDependencyError(OfstedRatingsError, ImportError):
    """An optional library that a function needs is not installed.

    The message names the extra that installs it:

    >>> str(MissingDependencyError("pandas", "pandas", "to_pandas"))
    "to_pandas needs pandas: pip install 'ofsted-ratings[pandas]'"
    """

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs {package}: pip install 'ofsted-ratings[{extra}]'", name=package
        )
