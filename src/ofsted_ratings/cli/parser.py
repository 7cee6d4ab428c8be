"""The command line's arguments: the parser, the argument types and the typed options.

:func:`parse` turns the arguments into one options object per sub-command, or raises
:class:`.UsageError` with a one-line message:

>>> parse(["streaks", "--grade", "Outstanding", "--min", "3"]).grade
<Grade.OUTSTANDING: 'outstanding'>
>>> parse(["history", "Leeds", "--as-of", "2025-02-30"])
Traceback (most recent call last):
...
ofsted_ratings.cli.errors.UsageError: argument --as-of: not a date (YYYY-MM-DD): '2025-02-30'
"""

from __future__ import annotations

import argparse
import enum
from collections.abc import Callable, Sequence
from datetime import date
from typing import NoReturn, TypeAlias

import attrs

from .._version import __version__
from ..errors import GradeError
from ..frameworks import AREA_KEYS
from ..grades import Grade
from .errors import UsageError

__all__ = [
    "ChangesOptions",
    "CompareOptions",
    "CountsOptions",
    "CoverageOptions",
    "ExportOptions",
    "Format",
    "HistoryOptions",
    "InfoOptions",
    "LatestOptions",
    "MapOptions",
    "Options",
    "PlotOptions",
    "ReadOptions",
    "SinceOptions",
    "StreaksOptions",
    "TransitionsOptions",
    "UpdateOptions",
    "VisitsOptions",
    "build_parser",
    "parse",
]


class Format(enum.Enum):
    """An output format, named as ``--format`` takes it."""

    TABLE = "table"
    CSV = "csv"
    LONG_CSV = "long-csv"
    JSON = "json"
    SQLITE = "sqlite"
    XLSX = "xlsx"


_TEXT_FORMATS = (Format.TABLE, Format.CSV, Format.JSON)
_EXPORT_FORMATS = (Format.CSV, Format.LONG_CSV, Format.JSON, Format.SQLITE, Format.XLSX)
_GROUP_HELP = "england, core-cities, a region, or neighbours:AUTHORITY"
_ALL_HELP = (
    "name, Ofsted URN, DfE LA code or ONS code; with none and no --group, every authority "
    "(at --as-of, those that existed then)"
)
_AUTHORITY_HELP = "name, Ofsted URN, DfE LA code or ONS code"
_AS_OF_HELP = "only what was published by DATE (YYYY-MM-DD)"


# -- argument types -------------------------------------------------------------------------


def parse_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date.

    >>> parse_date("2025-08-12")
    datetime.date(2025, 8, 12)
    """
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def parse_positive(text: str) -> int:
    """A whole number of at least 1.

    >>> parse_positive("3")
    3
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def parse_grade(text: str) -> Grade:
    """A grade, in any of the wordings :meth:`.Grade.parse` accepts.

    >>> parse_grade("Requires improvement to be good")
    <Grade.REQUIRES_IMPROVEMENT: 'requires improvement'>
    """
    try:
        return Grade.parse(text)
    except GradeError:
        raise argparse.ArgumentTypeError(
            f"not a grade: {text!r} (outstanding, good, requires improvement, inadequate)"
        ) from None


def parse_area(text: str) -> str:
    """The key of a judgement area.

    >>> parse_area("help_and_protection")
    'help_and_protection'
    """
    if text not in AREA_KEYS:
        raise argparse.ArgumentTypeError(f"unknown area {text!r}; known: {', '.join(AREA_KEYS)}")
    return text


# -- options --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class HistoryOptions:
    """``history``: an authority's inspections and, in the table, its visits between them
    (unless ``visits`` is ``False``)."""

    authority: str
    format: Format = Format.TABLE
    as_of: date | None = None
    excel: bool = False
    visits: bool = True


#: The kinds of visit ``visits --kind`` takes: every focused visit, the focused visits
#: made under the COVID-19 arrangements, or the monitoring visits.
VISIT_KINDS = ("focused", "covid", "monitoring")


@attrs.frozen(kw_only=True)
class VisitsOptions:
    """``visits``: the ungraded visits to the authorities named and to a group's members
    (to every authority when neither is given), with filters."""

    authorities: tuple[str, ...] = ()
    group: str | None = None
    kind: str | None = None
    start: date | None = None
    end: date | None = None
    with_priority_actions: bool = False
    since_latest_inspection: bool = False
    format: Format = Format.TABLE
    as_of: date | None = None
    excel: bool = False


@attrs.frozen(kw_only=True)
class LatestOptions:
    """``latest``: the latest graded inspection of the authorities named and of a group
    (of every authority when neither is given); with ``area``, the latest that graded it."""

    authorities: tuple[str, ...] = ()
    group: str | None = None
    format: Format = Format.TABLE
    as_of: date | None = None
    area: str | None = None
    excel: bool = False


@attrs.frozen(kw_only=True)
class CountsOptions:
    """``counts``: how many authorities had each grade at a date, under a convention."""

    as_of: date | None = None
    area: str = "overall_effectiveness"
    group: str | None = None
    by: str | None = None
    convention: str = "published"
    published_by: date | None = None
    frameworks: tuple[str, ...] = ()
    authorities: bool = False
    format: Format = Format.TABLE
    excel: bool = False


@attrs.frozen(kw_only=True)
class StreaksOptions:
    """``streaks``: runs of successive inspections with one grade."""

    grade: Grade
    min_length: int = 2
    area: str = "overall_effectiveness"
    group: str | None = None
    or_better: bool = False
    format: Format = Format.TABLE
    as_of: date | None = None
    excel: bool = False


@attrs.frozen(kw_only=True)
class CompareOptions:
    """``compare``: the authorities named and a group's, side by side."""

    authorities: tuple[str, ...] = ()
    group: str | None = None
    format: Format = Format.TABLE
    as_of: date | None = None
    excel: bool = False


#: The tables ``export --table`` writes as CSV or JSON.
EXPORT_TABLES = ("inspections", "judgements", "visits", "latest_grades")


@attrs.frozen(kw_only=True)
class ExportOptions:
    """``export``: one table (every inspection by default) to standard output or a file, or
    the whole dataset as an SQLite database or an Excel workbook. ``table`` is ``None``
    when ``--table`` is not given."""

    group: str | None = None
    out: str | None = None
    format: Format = Format.CSV
    as_of: date | None = None
    excel: bool = False
    table: str | None = None


@attrs.frozen(kw_only=True)
class PlotOptions:
    """``plot``: a chart of an authority or of a group, written to ``out``."""

    out: str
    authority: str | None = None
    group: str | None = None
    area: str = "overall_effectiveness"
    as_of: date | None = None


@attrs.frozen(kw_only=True)
class UpdateOptions:
    """``update``: new reports from Ofsted's site into the user's copy of the data."""

    since: date | None = None
    cache: str | None = None
    out: str | None = None
    dry_run: bool = False
    base_url: str | None = None
    official: str | None = None


@attrs.frozen
class InfoOptions:
    """``info``: which data is in use."""


@attrs.frozen(kw_only=True)
class ReadOptions:
    """``read``: one report's record."""

    report: str
    format: Format = Format.TABLE


@attrs.frozen(kw_only=True)
class CoverageOptions:
    """``coverage``: inspections by framework per authority, and the gaps."""

    format: Format = Format.TABLE
    excel: bool = False


@attrs.frozen(kw_only=True)
class TransitionsOptions:
    """``transitions``: how often each grade was followed by each grade."""

    area: str = "overall_effectiveness"
    frameworks: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    group: str | None = None
    moves: bool = False
    format: Format = Format.TABLE
    excel: bool = False


@attrs.frozen(kw_only=True)
class ChangesOptions:
    """``changes``: which authorities moved from one grade to another, and how long it took."""

    from_grade: Grade
    to_grade: Grade
    area: str = "overall_effectiveness"
    group: str | None = None
    as_of: date | None = None
    format: Format = Format.TABLE
    excel: bool = False


@attrs.frozen(kw_only=True)
class SinceOptions:
    """``since``: time since each authority's latest graded inspection, longest first."""

    as_of: date | None = None
    group: str | None = None
    area: str | None = None
    format: Format = Format.TABLE
    excel: bool = False


@attrs.frozen(kw_only=True)
class MapOptions:
    """``map``: England's authorities coloured by grade at a date, or a series of maps."""

    out: str
    as_of: date | None = None
    area: str = "overall_effectiveness"
    group: str | None = None
    style: str = "geographic"
    convention: str = "published"
    published_by: date | None = None
    labels: bool = False
    series: tuple[date, ...] = ()
    columns: int | None = None
    dpi: int = 150


#: What :func:`parse` returns: the options of one sub-command.
Options: TypeAlias = (
    HistoryOptions
    | VisitsOptions
    | LatestOptions
    | StreaksOptions
    | CompareOptions
    | ExportOptions
    | PlotOptions
    | UpdateOptions
    | InfoOptions
    | ReadOptions
    | CoverageOptions
    | CountsOptions
    | TransitionsOptions
    | ChangesOptions
    | SinceOptions
    | MapOptions
)


# -- the parser -----------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """A parser that raises :class:`.UsageError` instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _format_and_as_of(parser: argparse.ArgumentParser, formats: Sequence[Format]) -> None:
    parser.add_argument(
        "--format",
        choices=[f.value for f in formats],
        default=formats[0].value,
        help="output format",
    )
    _excel_argument(parser)
    parser.add_argument("--as-of", type=parse_date, metavar="DATE", help=_AS_OF_HELP)


def _excel_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--excel",
        action="store_true",
        help="CSV for Excel: a byte order mark and CRLF line ends, so names like Máire "
        "show as they are",
    )


def _history_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("authority", help=_AUTHORITY_HELP)
    _format_and_as_of(parser, _TEXT_FORMATS)
    parser.add_argument(
        "--no-visits",
        action="store_false",
        dest="visits",
        help="leave out the focused and monitoring visits between inspections (csv and "
        "json list inspections only; the visits command lists visits)",
    )


def _visits_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("authorities", nargs="*", metavar="AUTHORITY", help=_ALL_HELP)
    parser.add_argument("--group", help=_GROUP_HELP)
    parser.add_argument(
        "--kind",
        choices=VISIT_KINDS,
        help="focused (every focused visit), covid (those adapted to COVID-19) or monitoring",
    )
    parser.add_argument(
        "--from",
        "--from-date",
        type=parse_date,
        dest="start",
        metavar="DATE",
        help="only visits whose letter was published from DATE",
    )
    parser.add_argument(
        "--to",
        "--to-date",
        type=parse_date,
        dest="end",
        metavar="DATE",
        help="only visits whose letter was published by DATE",
    )
    parser.add_argument(
        "--with-priority-actions",
        action="store_true",
        help="only visits whose letter gives areas for priority action",
    )
    parser.add_argument(
        "--since-latest-inspection",
        action="store_true",
        help="only visits since each authority's latest graded inspection",
    )
    _format_and_as_of(parser, _TEXT_FORMATS)


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("authorities", nargs="*", metavar="AUTHORITY", help=_ALL_HELP)
    parser.add_argument("--group", help=_GROUP_HELP)
    _format_and_as_of(parser, _TEXT_FORMATS)


def _latest_arguments(parser: argparse.ArgumentParser) -> None:
    _selection_arguments(parser)
    parser.add_argument(
        "--area",
        type=parse_area,
        help="the latest inspection that graded AREA (e.g. overall_effectiveness), "
        "not only the latest graded one",
    )


def _convention_arguments(parser: argparse.ArgumentParser) -> None:
    """``--convention`` and ``--published-by``, as ``counts`` and ``map`` take them."""
    parser.add_argument(
        "--convention",
        choices=("published", "ofsted"),
        default="published",
        help="published: what had been published by the date (default); ofsted: Ofsted's "
        "'as at 31 March' rule, inspections that took place by the date and were "
        "published by its cut-off",
    )
    parser.add_argument(
        "--published-by",
        type=parse_date,
        metavar="DATE",
        help="the publication cut-off of --convention ofsted (needed for dates other "
        "than 31 March 2024 and 2025)",
    )


def _framework_argument(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument(
        "--framework",
        action="append",
        default=[],
        dest="frameworks",
        metavar="FRAMEWORK",
        help=help_text,
    )


def _counts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help="count at DATE (YYYY-MM-DD; default: the data's release date)",
    )
    parser.add_argument(
        "--area",
        type=parse_area,
        default="overall_effectiveness",
        help="the judgement counted (default overall_effectiveness)",
    )
    parser.add_argument("--group", help=f"count one group: {_GROUP_HELP}")
    parser.add_argument(
        "--by",
        choices=("region", "ons-region"),
        help="a row for each of Ofsted's regions (region) or the ONS's (ons-region) too",
    )
    parser.add_argument(
        "--by-region", action="store_const", const="region", dest="by", help="--by region"
    )
    _convention_arguments(parser)
    _framework_argument(
        parser, "count only inspections under FRAMEWORK (sif, ilacs_2018, ...); repeatable"
    )
    parser.add_argument(
        "--authorities",
        action="store_true",
        help="list each authority with the inspection counted, not the totals",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _excel_argument(parser)


def _streaks_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--grade", type=parse_grade, required=True)
    parser.add_argument(
        "--min",
        type=parse_positive,
        default=2,
        dest="min_length",
        metavar="N",
        help="shortest run to list (default 2)",
    )
    parser.add_argument("--area", type=parse_area, default="overall_effectiveness")
    parser.add_argument("--group", help=_GROUP_HELP)
    parser.add_argument("--or-better", action="store_true", help="count better grades too")
    _format_and_as_of(parser, _TEXT_FORMATS)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group", help="only this group's authorities")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    parser.add_argument(
        "--table",
        choices=EXPORT_TABLES,
        help="the table written as csv or json: a row per inspection (default), per "
        "judgement (as --format long-csv), per visit, or per authority with its latest "
        "grades; sqlite and xlsx hold every table",
    )
    _format_and_as_of(parser, _EXPORT_FORMATS)


def _plot_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "authority",
        nargs="?",
        help=f"{_AUTHORITY_HELP}; with none and no --group, a chart of every authority",
    )
    parser.add_argument("--group", help=_GROUP_HELP)
    parser.add_argument(
        "--area",
        type=parse_area,
        default="overall_effectiveness",
        help="the judgement a group chart shows (default overall_effectiveness)",
    )
    parser.add_argument(
        "--out", metavar="FILE", required=True, help="the chart to write (.png, .svg or .pdf)"
    )
    parser.add_argument("--as-of", type=parse_date, metavar="DATE", help=_AS_OF_HELP)


def _update_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since",
        type=parse_date,
        metavar="DATE",
        help="only reports listed from DATE (default: every report listed)",
    )
    parser.add_argument("--cache", metavar="DIR", help="download cache (default: user cache)")
    parser.add_argument("--out", metavar="DIR", help="user data directory to update")
    parser.add_argument("--dry-run", action="store_true", help="list what is new; write nothing")
    parser.add_argument("--base-url", metavar="URL", help="the reports site (default Ofsted's)")
    parser.add_argument(
        "--official",
        metavar="URL",
        help="also read Ofsted's 'inspection outcomes as at 31 March' file at URL",
    )


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """``info`` takes none."""


def _read_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "report", metavar="REPORT.pdf", help="an inspection report or a visit letter (PDF)"
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")


def _coverage_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _excel_argument(parser)


def _text_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _excel_argument(parser)


def _transitions_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--area", type=parse_area, default="overall_effectiveness", help="the judgement followed"
    )
    _framework_argument(
        parser, "only moves whose second inspection was under FRAMEWORK; repeatable"
    )
    parser.add_argument(
        "--from-date",
        type=parse_date,
        dest="start",
        metavar="DATE",
        help="only moves whose second inspection was published from DATE",
    )
    parser.add_argument(
        "--to-date",
        type=parse_date,
        dest="end",
        metavar="DATE",
        help="only moves whose second inspection was published by DATE",
    )
    parser.add_argument("--group", help=_GROUP_HELP)
    parser.add_argument("--moves", action="store_true", help="list every move, not the matrix")
    _text_format(parser)


def _changes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", type=parse_grade, required=True, dest="from_grade")
    parser.add_argument("--to", type=parse_grade, required=True, dest="to_grade")
    parser.add_argument("--area", type=parse_area, default="overall_effectiveness")
    parser.add_argument("--group", help=_GROUP_HELP)
    parser.add_argument("--as-of", type=parse_date, metavar="DATE", help=_AS_OF_HELP)
    _text_format(parser)


def _since_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=parse_date,
        metavar="DATE",
        help="count the time to DATE (default: the data's release date)",
    )
    parser.add_argument("--group", help=_GROUP_HELP)
    parser.add_argument("--area", type=parse_area, help="the latest inspection that graded AREA")
    _text_format(parser)


def parse_dates(text: str) -> tuple[date, ...]:
    """Dates separated by commas, or a range of years ``YYYY-YYYY`` meaning 31 March of each.

    >>> parse_dates("2019-2021")
    (datetime.date(2019, 3, 31), datetime.date(2020, 3, 31), datetime.date(2021, 3, 31))
    >>> parse_dates("2024-03-31,2025-03-31")[1]
    datetime.date(2025, 3, 31)
    """
    first, dash, last = text.partition("-")
    if dash and first.isdigit() and last.isdigit() and len(first) == len(last) == 4:
        if int(last) < int(first) or int(last) - int(first) > 40:
            raise argparse.ArgumentTypeError(f"not a range of years: {text!r}")
        return tuple(date(year, 3, 31) for year in range(int(first), int(last) + 1))
    days = tuple(parse_date(part.strip()) for part in text.split(",") if part.strip())
    if not days:
        raise argparse.ArgumentTypeError(f"no dates in {text!r}")
    return days


def _map_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="FILE", required=True, help="the map to write (.png, .svg or .pdf)"
    )
    parser.add_argument(
        "--as-of", type=parse_date, metavar="DATE", help="default: the data's release date"
    )
    parser.add_argument(
        "--area",
        type=parse_area,
        default="overall_effectiveness",
        help="the judgement mapped (default overall_effectiveness)",
    )
    parser.add_argument("--group", help=f"only this group: {_GROUP_HELP}")
    parser.add_argument(
        "--style",
        choices=("geographic", "hex"),
        default="geographic",
        help="boundaries, or one hexagon per authority",
    )
    _convention_arguments(parser)
    parser.add_argument("--labels", action="store_true", help="name each authority")
    parser.add_argument(
        "--series",
        type=parse_dates,
        default=(),
        metavar="DATES",
        help="a grid of small maps: dates separated by commas, or YYYY-YYYY for 31 March of "
        "each year",
    )
    parser.add_argument(
        "--columns", type=parse_positive, metavar="N", help="maps to a row in a --series"
    )
    parser.add_argument(
        "--dpi", type=parse_positive, default=150, metavar="N", help="dots per inch (png)"
    )


# -- from the parsed namespace to typed options ---------------------------------------------
# argparse's Namespace has attributes of type Any (typeshed); each is read once, here, into
# a typed field. The argument types above have already checked and converted the values.


def _history(ns: argparse.Namespace) -> HistoryOptions:
    return HistoryOptions(
        authority=ns.authority,
        format=Format(ns.format),
        as_of=ns.as_of,
        excel=ns.excel,
        visits=ns.visits,
    )


def _visits(ns: argparse.Namespace) -> VisitsOptions:
    return VisitsOptions(
        authorities=tuple(ns.authorities),
        group=ns.group,
        kind=ns.kind,
        start=ns.start,
        end=ns.end,
        with_priority_actions=ns.with_priority_actions,
        since_latest_inspection=ns.since_latest_inspection,
        format=Format(ns.format),
        as_of=ns.as_of,
        excel=ns.excel,
    )


def _latest(ns: argparse.Namespace) -> LatestOptions:
    return LatestOptions(
        authorities=tuple(ns.authorities),
        group=ns.group,
        format=Format(ns.format),
        as_of=ns.as_of,
        area=ns.area,
        excel=ns.excel,
    )


def _counts(ns: argparse.Namespace) -> CountsOptions:
    return CountsOptions(
        as_of=ns.as_of,
        area=ns.area,
        group=ns.group,
        by=ns.by,
        convention=ns.convention,
        published_by=ns.published_by,
        frameworks=tuple(ns.frameworks),
        authorities=ns.authorities,
        format=Format(ns.format),
        excel=ns.excel,
    )


def _streaks(ns: argparse.Namespace) -> StreaksOptions:
    return StreaksOptions(
        grade=ns.grade,
        min_length=ns.min_length,
        area=ns.area,
        group=ns.group,
        or_better=ns.or_better,
        format=Format(ns.format),
        as_of=ns.as_of,
        excel=ns.excel,
    )


def _compare(ns: argparse.Namespace) -> CompareOptions:
    return CompareOptions(
        authorities=tuple(ns.authorities),
        group=ns.group,
        format=Format(ns.format),
        as_of=ns.as_of,
        excel=ns.excel,
    )


def _export(ns: argparse.Namespace) -> ExportOptions:
    return ExportOptions(
        group=ns.group,
        out=ns.out,
        format=Format(ns.format),
        as_of=ns.as_of,
        excel=ns.excel,
        table=ns.table,
    )


def _plot(ns: argparse.Namespace) -> PlotOptions:
    return PlotOptions(
        authority=ns.authority, group=ns.group, area=ns.area, out=ns.out, as_of=ns.as_of
    )


def _update(ns: argparse.Namespace) -> UpdateOptions:
    return UpdateOptions(
        since=ns.since,
        cache=ns.cache,
        out=ns.out,
        dry_run=ns.dry_run,
        base_url=ns.base_url,
        official=ns.official,
    )


def _info(ns: argparse.Namespace) -> InfoOptions:
    return InfoOptions()


def _read(ns: argparse.Namespace) -> ReadOptions:
    return ReadOptions(report=ns.report, format=Format(ns.format))


def _coverage(ns: argparse.Namespace) -> CoverageOptions:
    return CoverageOptions(format=Format(ns.format), excel=ns.excel)


def _transitions(ns: argparse.Namespace) -> TransitionsOptions:
    return TransitionsOptions(
        area=ns.area,
        frameworks=tuple(ns.frameworks),
        start=ns.start,
        end=ns.end,
        group=ns.group,
        moves=ns.moves,
        format=Format(ns.format),
        excel=ns.excel,
    )


def _changes(ns: argparse.Namespace) -> ChangesOptions:
    return ChangesOptions(
        from_grade=ns.from_grade,
        to_grade=ns.to_grade,
        area=ns.area,
        group=ns.group,
        as_of=ns.as_of,
        format=Format(ns.format),
        excel=ns.excel,
    )


def _since(ns: argparse.Namespace) -> SinceOptions:
    return SinceOptions(
        as_of=ns.as_of,
        group=ns.group,
        area=ns.area,
        format=Format(ns.format),
        excel=ns.excel,
    )


def _map(ns: argparse.Namespace) -> MapOptions:
    return MapOptions(
        out=ns.out,
        as_of=ns.as_of,
        area=ns.area,
        group=ns.group,
        style=ns.style,
        convention=ns.convention,
        published_by=ns.published_by,
        labels=ns.labels,
        series=ns.series,
        columns=ns.columns,
        dpi=ns.dpi,
    )


@attrs.frozen
class _Command:
    """A sub-command: its name and help, how to add its arguments and read them back."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    options: Callable[[argparse.Namespace], Options]


#: The sub-commands, in the order the help lists them.
_COMMANDS = (
    _Command(
        "history",
        "an authority's inspections and the visits between them, oldest first",
        _history_arguments,
        _history,
    ),
    _Command(
        "visits",
        "focused and monitoring visits (not graded), with their findings",
        _visits_arguments,
        _visits,
    ),
    _Command("latest", "latest graded inspection of authorities", _latest_arguments, _latest),
    _Command(
        "counts",
        "how many authorities had each grade at a date, as Ofsted counts or as published",
        _counts_arguments,
        _counts,
    ),
    _Command(
        "streaks", "runs of successive inspections with one grade", _streaks_arguments, _streaks
    ),
    _Command("compare", "authorities side by side", _selection_arguments, _compare),
    _Command(
        "transitions",
        "how often each grade was followed by each grade at the next graded inspection",
        _transitions_arguments,
        _transitions,
    ),
    _Command(
        "changes",
        "which authorities moved from one grade to another, and how long it took",
        _changes_arguments,
        _changes,
    ),
    _Command(
        "since",
        "time since each authority's latest graded inspection, longest first",
        _since_arguments,
        _since,
    ),
    _Command(
        "export",
        "one table (every inspection, judgement or visit) or the whole dataset",
        _export_arguments,
        _export,
    ),
    _Command("plot", "a chart of an authority's judgements, or of a group", _plot_arguments, _plot),
    _Command(
        "update",
        "bring your copy of the data up to date from Ofsted's site",
        _update_arguments,
        _update,
    ),
    _Command("info", "which data is in use, its release and size", _no_arguments, _info),
    _Command(
        "read",
        "read an inspection report or a visit letter (PDF) and print its record",
        _read_arguments,
        _read,
    ),
    _Command(
        "coverage",
        "inspections by framework per authority, and the gaps",
        _coverage_arguments,
        _coverage,
    ),
    _Command(
        "map",
        "England's authorities coloured by grade at a date, or a grid of maps over time",
        _map_arguments,
        _map,
    ),
)
_BY_NAME = {command.name: command for command in _COMMANDS}


def build_parser() -> argparse.ArgumentParser:
    """The ``ofsted-ratings`` parser, with a sub-parser per command.

    Its ``error`` raises :class:`.UsageError` instead of exiting; ``--help`` and
    ``--version`` print and exit as usual.

    >>> build_parser().prog
    'ofsted-ratings'
    """
    parser = _Parser(
        prog="ofsted-ratings",
        description="Ofsted's judgements of English local authority children's services.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, required=True
    )
    for command in _COMMANDS:
        command.arguments(sub.add_parser(command.name, help=command.help))
    return parser


def parse(argv: Sequence[str] | None = None) -> Options:
    """The options ``argv`` (default ``sys.argv[1:]``) gives; :class:`.UsageError` if bad.

    >>> options = parse(["latest", "Leeds", "--group", "core-cities", "--format", "json"])
    >>> options.authorities, options.group, options.format
    (('Leeds',), 'core-cities', <Format.JSON: 'json'>)
    """
    namespace = build_parser().parse_args(argv)
    command: str = namespace.command
    return _BY_NAME[command].options(namespace)
