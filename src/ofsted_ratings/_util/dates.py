"""Dates: month names as Ofsted prints them, and the one check of a date parameter.

:data:`MONTHS` and :func:`day_month_year` serve the report reader and the site client;
:func:`as_date` and :func:`optional_date` check every public date parameter, so each
accepts a :class:`datetime.date` or ``YYYY-MM-DD`` text alike.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import DateError

_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)

#: Month number by lower-case name, three-letter abbreviation and "sept".
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(_NAMES, start=1)},
    "sept": 9,
}


def day_month_year(text: str) -> date:
    """A date written "12 August 2025"; ``ValueError`` for anything else.

    >>> day_month_year("2 Sept 2013")
    datetime.date(2013, 9, 2)
    """
    day, month, year = text.split()
    number = MONTHS.get(month.lower().rstrip("."))
    if number is None or not day.isdigit() or not year.isdigit():
        raise ValueError(f"not a date: {text!r}")
    return date(int(year), number, int(day))


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_date(value: object, parameter: str) -> date:
    """``value`` as a date: a :class:`datetime.date`, or ISO 8601 text ``YYYY-MM-DD``.

    Every public function that takes a date accepts either. Anything else (a
    :class:`~datetime.datetime`, another spelling of a date, a date that does not exist)
    raises :class:`~ofsted_ratings.errors.DateError` naming ``parameter``.

    >>> as_date("2025-03-31", "as_of")
    datetime.date(2025, 3, 31)
    >>> as_date(date(2025, 3, 31), "as_of")
    datetime.date(2025, 3, 31)
    >>> as_date("31/03/2025", "as_of")
    Traceback (most recent call last):
    ...
    ofsted_ratings.errors.DateError: as_of must be a date: ... not '31/03/2025'
    """
    if type(value) is date:
        return value
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DAY.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
    raise DateError(parameter, value)


def optional_date(value: object, parameter: str) -> date | None:
    """:func:`as_date`, with ``None`` passed through (a parameter that may be left out).

    >>> optional_date(None, "as_of") is None
    True
    """
    return None if value is None else as_date(value, parameter)
