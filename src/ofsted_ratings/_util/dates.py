"""Month names as Ofsted prints them, shared by the report reader and the site client."""

from __future__ import annotations

from datetime import date

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
