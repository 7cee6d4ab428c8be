"""The exceptions ofsted-ratings raises.

Every error the library raises on purpose derives from :class:`OfstedRatingsError`, so
``except OfstedRatingsError`` catches all of them and nothing else. Each subclass also
derives from the built-in exception a caller would expect (``ValueError`` for a bad value,
``LookupError`` for something not found), so code written against the built-ins keeps working.
"""

from __future__ import annotations

__all__ = [
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


class UnknownAuthorityError(OfstedRatingsError, LookupError):
    """No local authority matches the name or code given."""

    def __init__(self, query: object) -> None:
        self.query = query
        super().__init__(f"no local authority matches {query!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownGroupError(OfstedRatingsError, LookupError):
    """No group of authorities has the name given."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown group"


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
