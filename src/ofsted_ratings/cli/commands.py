"""One handler per sub-command: it asks the library and passes the answer to a renderer.

Handlers write to the stream they are given and raise the errors of :mod:`.cli.errors` or
the library's own; :func:`ofsted_ratings.cli.main` decides the exit status.

>>> import io
>>> from ofsted_ratings import load
>>> out = io.StringIO()
>>> latest(load(), LatestOptions(authorities=("Leeds",)), out)
>>> print(out.getvalue(), end="")
authority  published   framework   kind              headline grade
---------  ----------  ----------  ----------------  --------------
Leeds      2025-08-12  ilacs_2023  short (inferred)  Outstanding
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import IO, TypeAlias

from .. import completeness, queries
from .._util.atomic import write_text
from ..dataset import Dataset, load
from ..exports import EXPORT_COLUMNS, export_rows
from ..exports.tables import (
    LONG_COLUMNS,
    columns,
    latest_pairs,
    latest_rows,
    long_rows,
    visit_rows,
)
from ..groups import Group
from ..models import Inspection, LocalAuthority
from . import render
from .errors import NotFoundError, UnreadableError, UsageError
from .parser import (
    ChangesOptions,
    CompareOptions,
    CountsOptions,
    CoverageOptions,
    ExportOptions,
    Format,
    HistoryOptions,
    InfoOptions,
    LatestOptions,
    MapOptions,
    Options,
    PlotOptions,
    ReadOptions,
    SinceOptions,
    StreaksOptions,
    TransitionsOptions,
    UpdateOptions,
    VisitsOptions,
)

__all__ = [
    "ProgressBar",
    "changes",
    "compare",
    "counts",
    "coverage",
    "export",
    "history",
    "info",
    "latest",
    "plot",
    "read",
    "run",
    "since",
    "streaks",
    "transitions",
    "update",
    "visits",
]


def run(options: Options, out: IO[str], err: IO[str]) -> None:
    """Carry out the command ``options`` describes, writing what it prints to ``out``.

    Every command but ``update`` and ``read`` works on the dataset :func:`.load` gives;
    ``update`` draws its progress bar on ``err`` when that is a terminal.
    """
    if isinstance(options, UpdateOptions):
        update(options, out, err)
    elif isinstance(options, ReadOptions):
        read(options, out)
    else:
        _query(load(), options, out)


#: The commands that work on the dataset.
_Query: TypeAlias = (
    InfoOptions
    | HistoryOptions
    | VisitsOptions
    | LatestOptions
    | StreaksOptions
    | CompareOptions
    | ExportOptions
    | PlotOptions
    | CoverageOptions
    | CountsOptions
    | TransitionsOptions
    | ChangesOptions
    | SinceOptions
    | MapOptions
)


def _query(dataset: Dataset, options: _Query, out: IO[str]) -> None:
    if isinstance(options, InfoOptions):
        info(dataset, out)
        return
    _HANDLERS[type(options)](dataset, options, out)


# -- helpers --------------------------------------------------------------------------------


def _national(dataset: Dataset, as_of: date | None) -> Group:
    """Every authority: those that existed on ``as_of``, or that exist today."""
    return dataset.group("england", as_of=as_of)


def _group(dataset: Dataset, name: str, as_of: date | None) -> Group:
    """The group ``name``, with the members that existed on ``as_of``."""
    return dataset.group(name, as_of=as_of)


def _select(
    dataset: Dataset, names: Sequence[str], group: str | None, as_of: date | None = None
) -> list[LocalAuthority]:
    """The authorities named, then the group's members, each once, in that order; with
    neither, every authority (at ``as_of``, those that existed then)."""
    found = [dataset.authority(name) for name in names]
    if group is not None:
        found.extend(_group(dataset, group, as_of).members)
    if not names and group is None:
        found = list(_national(dataset, as_of).members)
    unique: dict[str, LocalAuthority] = {}
    for authority in found:
        unique.setdefault(authority.key, authority)
    return list(unique.values())


def _lineage(dataset: Dataset, authorities: Iterable[LocalAuthority]) -> str:
    """Lines naming how reorganisation made or ended each authority that it touched."""
    notes = [(a.name, dataset.lineage_note(a)) for a in authorities]
    lines = [f"  {name}: {note}\n" for name, note in notes if note]
    return "\nReorganised:\n" + "".join(lines) if lines else ""


def _rows_text(
    dataset: Dataset, inspections: Iterable[Inspection], fmt: Format, *, excel: bool = False
) -> str:
    """The inspections as rows of the wide export, in CSV or JSON."""
    rows = list(export_rows(dataset, inspections))
    if fmt is Format.CSV:
        return render.csv_text(rows, EXPORT_COLUMNS, excel=excel)
    return render.json_text(rows)


def _table_text(
    rows: list[dict[str, object]], columns: Sequence[str], fmt: Format, *, excel: bool
) -> str:
    """Plain rows as CSV (in ``columns``) or JSON."""
    if fmt is Format.CSV:
        return render.csv_text(rows, columns, excel=excel)
    return render.json_text(rows)


def _cannot_write(path: str | None, error: OSError) -> UsageError:
    return UsageError(f"cannot write {path}: {error.strerror or error}")


# -- the commands ---------------------------------------------------------------------------


def info(dataset: Dataset, out: IO[str]) -> None:
    """``info``: where the data comes from, its release and size."""
    out.write(render.info_text(dataset))


def history(dataset: Dataset, options: HistoryOptions, out: IO[str]) -> None:
    """``history``: an authority's inspections, oldest first; the table shows its visits
    between them (unless ``--no-visits``), CSV and JSON the inspections only."""
    authority = dataset.authority(options.authority)
    if options.format is Format.TABLE:
        events = dataset.timeline(authority, as_of=options.as_of, visits=options.visits)
        out.write(render.history_text(authority, events, options.as_of))
    else:
        inspections = dataset.history(authority, as_of=options.as_of)
        out.write(_rows_text(dataset, inspections, options.format, excel=options.excel))


def visits(dataset: Dataset, options: VisitsOptions, out: IO[str]) -> None:
    """``visits``: the visits asked for, in date order, with their findings."""
    if options.start is not None and options.end is not None and options.start > options.end:
        raise UsageError(f"--from {options.start} is after --to {options.end}")
    names = [dataset.authority(name) for name in options.authorities]
    group = _group(dataset, options.group, options.as_of) if options.group is not None else None
    found = dataset.find_visits(
        authority=names if names or group is not None else None,
        group=group,
        kind=options.kind,
        start=options.start,
        end=options.end,
        with_priority_actions=options.with_priority_actions,
        since_latest_inspection=options.since_latest_inspection,
        as_of=options.as_of,
    )
    if options.format is Format.TABLE:
        out.write(render.visits_table(found))
        return
    json_lists = options.format is Format.JSON
    names_of = [c.name for c in columns("visits")]
    out.write(
        _table_text(found.rows(lists=json_lists), names_of, options.format, excel=options.excel)
    )


def latest(dataset: Dataset, options: LatestOptions, out: IO[str]) -> None:
    """``latest``: each authority's latest graded inspection."""
    chosen = _select(dataset, options.authorities, options.group, options.as_of)
    pairs = [(a, dataset.latest(a, options.as_of, area=options.area)) for a in chosen]
    if options.format is Format.TABLE:
        out.write(render.latest_table(pairs, area=options.area))
        out.write(_lineage(dataset, chosen))
    elif options.format is Format.CSV:
        out.write(render.latest_csv(pairs, excel=options.excel))
    else:
        out.write(render.latest_json(pairs))


def streaks(dataset: Dataset, options: StreaksOptions, out: IO[str]) -> None:
    """``streaks``: runs of successive graded inspections with one grade."""
    group = _group(dataset, options.group, options.as_of) if options.group is not None else None
    found = dataset.streaks(
        options.grade,
        options.min_length,
        area=options.area,
        group=group,
        as_of=options.as_of,
        or_better=options.or_better,
    )
    if options.format is Format.CSV:
        out.write(render.streaks_csv(found, excel=options.excel))
        return
    query = render.StreakQuery(
        grade=options.grade,
        min_length=options.min_length,
        area=options.area,
        or_better=options.or_better,
        as_of=options.as_of,
        group=group,
    )
    if options.format is Format.JSON:
        out.write(render.streaks_json(query, found))
    else:
        out.write(render.streaks_text(query, found))


def compare(dataset: Dataset, options: CompareOptions, out: IO[str]) -> None:
    """``compare``: authorities side by side; CSV and JSON give their latest inspections."""
    chosen = _select(dataset, options.authorities, options.group, options.as_of)
    comparison = dataset.compare(*chosen, as_of=options.as_of)
    if options.format is Format.TABLE:
        out.write(render.comparison_table(comparison))
    else:
        found = [row.latest for row in comparison.rows if row.latest is not None]
        out.write(_rows_text(dataset, found, options.format, excel=options.excel))


def export(dataset: Dataset, options: ExportOptions, out: IO[str]) -> None:
    """``export``: one table as text to ``out`` or a file, or a SQLite or Excel file."""
    table = _export_table(options)
    if options.as_of is not None:
        dataset = dataset.as_of(options.as_of)
    if options.group is not None:
        dataset = queries.subset(dataset, _group(dataset, options.group, options.as_of).members)
    if options.format in (Format.SQLITE, Format.XLSX):
        _export_file(dataset, options.format, options.out)
        return
    text = _export_text(dataset, options.format, table, excel=options.excel)
    if not options.out:
        out.write(text)
        return
    try:
        write_text(options.out, text)
    except OSError as error:
        raise _cannot_write(options.out, error) from None


def _export_table(options: ExportOptions) -> str:
    """The table ``export`` writes as text: ``--table``, else the format's own."""
    fmt, table = options.format, options.table
    if fmt in (Format.SQLITE, Format.XLSX):
        if table is not None:
            raise UsageError(f"--format {fmt.value} holds every table: leave out --table")
        return "inspections"
    if fmt is Format.LONG_CSV:
        if table not in (None, "judgements"):
            raise UsageError(
                f"--format long-csv is the judgements table; for {table} use --format csv"
            )
        return "judgements"
    return table or "inspections"


def _export_text(dataset: Dataset, fmt: Format, table: str, *, excel: bool = False) -> str:
    """``table`` of ``dataset`` as CSV or JSON; JSON gives a visit's lists as lists."""
    rows: Iterable[dict[str, object]]
    if table == "judgements":
        rows, names = long_rows(dataset), LONG_COLUMNS
    elif table == "visits":
        rows = visit_rows(dataset, lists=fmt is Format.JSON)
        names = tuple(column.name for column in columns("visits"))
    elif table == "latest_grades":
        rows, names = latest_rows(latest_pairs(dataset)), EXPORT_COLUMNS
    else:
        rows, names = export_rows(dataset), EXPORT_COLUMNS
    if fmt is Format.JSON:
        return render.json_text(list(rows))
    return render.csv_text(rows, names, excel=excel)


def _export_file(dataset: Dataset, fmt: Format, path: str | None) -> None:
    from ..exports.sqlite import write_sqlite
    from ..exports.xlsx import write_xlsx

    if not path:
        raise UsageError(f"--format {fmt.value} needs --out FILE")
    write = write_sqlite if fmt is Format.SQLITE else write_xlsx
    try:
        write(dataset, path)
    except OSError as error:
        raise _cannot_write(path, error) from None


def plot(dataset: Dataset, options: PlotOptions, out: IO[str]) -> None:
    """``plot``: a chart of an authority's judgements, or of a group's, as a PNG."""
    try:
        path = _chart(dataset, options)
    except OSError as error:
        raise _cannot_write(options.out, error) from None
    out.write(f"wrote {path}\n")


def _chart(dataset: Dataset, options: PlotOptions) -> Path:
    from ..exports import charts

    authority, group = options.authority, options.group
    if authority is not None and group is not None:
        raise UsageError("plot draws one AUTHORITY or one --group: give one of them, not both")
    if authority is not None:
        return charts.plot_authority(dataset, authority, options.out, as_of=options.as_of)
    chosen = (
        _national(dataset, options.as_of)
        if group is None
        else _group(dataset, group, options.as_of)
    )
    return charts.plot_group(dataset, chosen, options.out, as_of=options.as_of, area=options.area)


def counts(dataset: Dataset, options: CountsOptions, out: IO[str]) -> None:
    """``counts``: how many authorities had each grade at a date, nationally or by group."""
    from ..grade_counts import CountsTable
    from ..grade_counts import counts as count

    as_of = options.as_of or dataset.release
    if as_of is None:
        raise UsageError("the data has no release date: give --as-of DATE")
    group: Group | str | None = None
    if options.group is not None:
        group = _group(dataset, options.group, as_of)
    result = count(
        dataset,
        as_of=as_of,
        area=options.area,
        group=group,
        by=None if options.by is None else "ons_region" if options.by == "ons-region" else "region",
        convention=options.convention,
        published_by=options.published_by,
        frameworks=options.frameworks or None,
    )
    table: CountsTable = "authorities" if options.authorities else "tallies"
    if options.format is Format.JSON:
        out.write(render.json_text(result.rows(table)))
    elif options.format is Format.CSV:
        rows = result.rows(table)
        out.write(render.csv_text(rows, list(rows[0]) if rows else [], excel=options.excel))
    else:
        out.write(render.counts_text(result, authorities=options.authorities))


def transitions(dataset: Dataset, options: TransitionsOptions, out: IO[str]) -> None:
    """``transitions``: how often each grade was followed by each grade."""
    from ..grade_transitions import Changes, TransitionsTable

    group = _group(dataset, options.group, None) if options.group is not None else None
    found = dataset.transitions(
        area=options.area,
        framework=options.frameworks or None,
        start=options.start,
        end=options.end,
        group=group,
    )
    table: TransitionsTable = "moves" if options.moves else "matrix"
    if options.format is Format.TABLE:
        if options.moves:
            out.write(render.changes_table(Changes(found.moves)))
        else:
            out.write(render.transitions_text(found))
        return
    columns = [c.name for c in found.columns(table)]
    out.write(_table_text(found.rows(table), columns, options.format, excel=options.excel))


def changes(dataset: Dataset, options: ChangesOptions, out: IO[str]) -> None:
    """``changes``: each move from one grade to another, and the days it took."""
    group = _group(dataset, options.group, options.as_of) if options.group is not None else None
    found = dataset.changes(
        options.from_grade, options.to_grade, area=options.area, group=group, as_of=options.as_of
    )
    if options.format is Format.TABLE:
        out.write(render.changes_table(found))
        return
    columns = [c.name for c in found.columns()]
    out.write(_table_text(found.rows(), columns, options.format, excel=options.excel))


def since(dataset: Dataset, options: SinceOptions, out: IO[str]) -> None:
    """``since``: time since each authority's latest graded inspection, longest first."""
    group = _group(dataset, options.group, options.as_of) if options.group is not None else None
    found = dataset.since(as_of=options.as_of, group=group, area=options.area)
    if options.format is Format.TABLE:
        out.write(render.since_table(found))
        return
    columns = [c.name for c in found.columns()]
    out.write(_table_text(found.rows(), columns, options.format, excel=options.excel))


def draw_map(dataset: Dataset, options: MapOptions, out: IO[str]) -> None:
    """``map``: a map of England by grade, or a grid of maps over time."""
    from ..exports.maps import map_series, plot_map

    group: Group | None = None
    try:
        if options.series:
            if options.group is not None:
                group = _group(dataset, options.group, options.series[-1])
            path = map_series(
                dataset,
                options.series,
                options.out,
                area=options.area,
                group=group,
                style="hex" if options.style == "hex" else "geographic",
                convention=options.convention,
                published_by=options.published_by,
                columns=options.columns,
                dpi=options.dpi,
            )
        else:
            as_of = options.as_of or dataset.release
            if options.group is not None:
                group = _group(dataset, options.group, as_of)
            path = plot_map(
                dataset,
                options.out,
                as_of=as_of,
                area=options.area,
                group=group,
                style="hex" if options.style == "hex" else "geographic",
                convention=options.convention,
                published_by=options.published_by,
                labels=options.labels,
                dpi=options.dpi,
            )
    except OSError as error:
        raise _cannot_write(options.out, error) from None
    out.write(f"wrote {path}\n")


def coverage(dataset: Dataset, options: CoverageOptions, out: IO[str]) -> None:
    """``coverage``: inspections by framework per authority, and the gaps."""
    report = completeness.coverage(dataset)
    if options.format is Format.JSON:
        out.write(render.coverage_json(report))
    elif options.format is Format.CSV:
        out.write(render.coverage_csv(report, excel=options.excel))
    else:
        out.write(render.coverage_table(report))


def read(options: ReadOptions, out: IO[str]) -> None:
    """``read``: the record an inspection report or a visit letter (PDF) gives."""
    from ..sources.documents import read_document
    from ..sources.letters import LetterRecord
    from ..sources.reports import ReportError
    from ..sources.reports.errors import PDFSupportMissingError

    path = options.report
    try:
        record = read_document(path)
    except PDFSupportMissingError:
        raise  # a missing extra, not an unreadable file
    except FileNotFoundError:
        raise NotFoundError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a report") from None
    except ReportError as error:
        raise UnreadableError(f"cannot read {path}: {error}") from None
    except OSError as error:
        raise UnreadableError(f"cannot read {path}: {error.strerror or error}") from None
    if isinstance(record, LetterRecord):
        letter = render.letter_json if options.format is Format.JSON else render.letter_text
        out.write(letter(record))
    elif options.format is Format.JSON:
        out.write(render.report_json(record))
    else:
        out.write(render.report_text(record))


def update(options: UpdateOptions, out: IO[str], err: IO[str]) -> None:
    """``update``: new reports from Ofsted's site; a progress bar on ``err`` if a terminal."""
    from ..update import update as run_update

    bar = ProgressBar(err) if err.isatty() else None
    result = run_update(
        since=options.since,
        cache_dir=options.cache,
        out=options.out,
        dry_run=options.dry_run,
        base_url=options.base_url,
        progress=bar,
        official_url=options.official,
    )
    if bar is not None:
        bar.finish()
    out.write(render.update_text(result, dry_run=options.dry_run))


#: The handler of each command that works on the dataset (``info`` aside).
_HANDLERS: dict[type, Callable[..., None]] = {
    HistoryOptions: history,
    VisitsOptions: visits,
    LatestOptions: latest,
    StreaksOptions: streaks,
    CompareOptions: compare,
    ExportOptions: export,
    PlotOptions: plot,
    CountsOptions: counts,
    TransitionsOptions: transitions,
    ChangesOptions: changes,
    SinceOptions: since,
    CoverageOptions: coverage,
    MapOptions: draw_map,
}


class ProgressBar:
    """A one-line progress bar on a terminal, redrawn on each call."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int, label: str) -> None:
        self.stream.write(render.progress_line(done, total))
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        """End the bar's line, if it was drawn."""
        if self.shown:
            self.stream.write("\n")
