"""The ``ofsted-ratings`` command line.

Usage errors (a bad option, date or grade) exit with status 2, an authority or group that is
not found with status 1; each prints one line to standard error and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import IO, Any, NoReturn

from .._version import __version__

__all__ = ["main"]

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A command-line value that cannot be used (exit status 2)."""


class NotFoundError(Exception):
    """An authority, group or file that does not exist (exit status 1)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _grade_arg(text: str) -> Any:
    from ..errors import GradeError
    from ..grades import Grade

    try:
        return Grade.parse(text)
    except GradeError:
        raise argparse.ArgumentTypeError(
            f"not a grade: {text!r} (outstanding, good, requires improvement, inadequate)"
        ) from None


def _area_arg(text: str) -> str:
    from ..frameworks import AREA_KEYS

    if text not in AREA_KEYS:
        raise argparse.ArgumentTypeError(f"unknown area {text!r}; known: {', '.join(AREA_KEYS)}")
    return text


def _parser() -> _Parser:
    parser = _Parser(
        prog="ofsted-ratings",
        description="Ofsted's judgements of English local authority children's services.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    def common(
        p: argparse.ArgumentParser, formats: Sequence[str] = ("table", "csv", "json")
    ) -> None:
        p.add_argument("--format", choices=formats, default=formats[0], help="output format")
        p.add_argument(
            "--as-of",
            type=_date,
            metavar="DATE",
            help="only what was published by DATE (YYYY-MM-DD)",
        )

    p = sub.add_parser("history", help="an authority's inspections, oldest first")
    p.add_argument("authority", help="name, Ofsted URN, DfE LA code or ONS code")
    common(p)

    p = sub.add_parser("latest", help="latest graded inspection of authorities")
    p.add_argument("authorities", nargs="*", metavar="AUTHORITY")
    p.add_argument("--group", help="core-cities, a region, or neighbours:AUTHORITY")
    common(p)

    p = sub.add_parser("streaks", help="runs of successive inspections with one grade")
    p.add_argument("--grade", type=_grade_arg, required=True)
    p.add_argument(
        "--min",
        type=_positive,
        default=2,
        dest="min_length",
        metavar="N",
        help="shortest run to list (default 2)",
    )
    p.add_argument("--area", type=_area_arg, default="overall_effectiveness")
    p.add_argument("--group", help="core-cities, a region, or neighbours:AUTHORITY")
    p.add_argument("--or-better", action="store_true", help="count better grades too")
    common(p)

    p = sub.add_parser("compare", help="authorities side by side")
    p.add_argument("authorities", nargs="*", metavar="AUTHORITY")
    p.add_argument("--group", help="core-cities, a region, or neighbours:AUTHORITY")
    common(p)

    p = sub.add_parser("export", help="every inspection, one row each, or the whole dataset")
    p.add_argument("--group", help="only this group's authorities")
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    common(p, ("csv", "long-csv", "json", "sqlite", "xlsx"))

    p = sub.add_parser("plot", help="a chart of an authority's judgements, or of a group")
    p.add_argument("authority", nargs="?", help="name, Ofsted URN, DfE LA code or ONS code")
    p.add_argument("--group", help="core-cities, a region, or neighbours:AUTHORITY")
    p.add_argument(
        "--area",
        type=_area_arg,
        default="overall_effectiveness",
        help="the judgement a group chart shows (default overall_effectiveness)",
    )
    p.add_argument("--out", metavar="FILE", required=True, help="the PNG to write")
    p.add_argument(
        "--as-of", type=_date, metavar="DATE", help="only what was published by DATE (YYYY-MM-DD)"
    )

    p = sub.add_parser("update", help="bring your copy of the data up to date from Ofsted's site")
    p.add_argument(
        "--since",
        type=_date,
        metavar="DATE",
        help="reports published from DATE (default: the data's release date)",
    )
    p.add_argument("--cache", metavar="DIR", help="download cache (default: user cache)")
    p.add_argument("--out", metavar="DIR", help="user data directory to update")
    p.add_argument("--dry-run", action="store_true", help="list what is new; write nothing")
    p.add_argument("--base-url", metavar="URL", help="the reports site (default Ofsted's)")
    p.add_argument(
        "--official",
        metavar="URL",
        help="also read Ofsted's 'inspection outcomes as at 31 March' file at URL",
    )

    sub.add_parser("info", help="which data is in use, its release and size")

    p = sub.add_parser("read", help="read an inspection report (PDF) and print its record")
    p.add_argument("report", metavar="REPORT.pdf")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("coverage", help="inspections by framework per authority, and the gaps")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    from ..errors import OfstedRatingsError, UnknownAuthorityError, UnknownGroupError

    try:
        args = _parser().parse_args(argv)
        return _run(args, sys.stdout)
    except UsageError as error:
        _fail(f"error: {error}")
        return EXIT_USAGE
    except (UnknownAuthorityError, UnknownGroupError, NotFoundError) as error:
        _fail(f"not found: {error}")
        return EXIT_NOT_FOUND
    except OfstedRatingsError as error:
        _fail(f"error: {error}")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


def _fail(message: str) -> None:
    sys.stderr.write(f"ofsted-ratings: {message}\n")


def _run(args: argparse.Namespace, out: IO[str]) -> int:
    from ..dataset import load

    command: str = args.command
    if command == "update":
        return _update(args, out)
    if command == "read":
        return _read(args, out)
    dataset = load()
    if command == "info":
        out.write(
            f"data: {dataset.origin}\nrelease: {dataset.release}\n"
            f"authorities: {len(dataset.authorities)}\ninspections: {len(dataset.inspections)}\n"
        )
        return EXIT_OK
    if command == "history":
        _history(dataset, args, out)
    elif command == "latest":
        _latest(dataset, args, out)
    elif command == "streaks":
        _streaks(dataset, args, out)
    elif command == "compare":
        _compare(dataset, args, out)
    elif command == "plot":
        _plot(dataset, args, out)
    elif command == "coverage":
        _coverage(dataset, args, out)
    else:
        _export(dataset, args, out)
    return EXIT_OK


# -- commands -------------------------------------------------------------------------------


def _authorities(dataset: Any, args: argparse.Namespace) -> list[Any]:
    found = [dataset.authority(name) for name in args.authorities]
    if args.group:
        found.extend(dataset.group(args.group).members)
    if not found:
        raise UsageError("name at least one authority or a --group")
    unique: dict[int, Any] = {}
    for authority in found:
        unique.setdefault(authority.urn, authority)
    return list(unique.values())


def _history(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from ..exports import EXPORT_COLUMNS, export_rows, rows_to_csv

    authority = dataset.authority(args.authority)
    inspections = dataset.history(authority, as_of=args.as_of)
    if args.format == "table":
        out.write(_authority_heading(authority))
        if not inspections:
            out.write("\nNo inspections recorded")
            out.write(f" by {args.as_of}.\n" if args.as_of else ".\n")
        for inspection in inspections:
            out.write("\n" + _inspection_block(inspection))
        return
    rows = list(export_rows(dataset, inspections))
    if args.format == "csv":
        out.write(rows_to_csv(rows, EXPORT_COLUMNS))
    else:
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


def _latest(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from ..exports import EXPORT_COLUMNS, export_rows, rows_to_csv

    pairs = [(a, dataset.latest(a, args.as_of)) for a in _authorities(dataset, args)]
    if args.format == "table":
        table = [["authority", "published", "framework", "kind", "headline grade"]]
        for authority, inspection in pairs:
            if inspection is None:
                table.append([authority.name, "-", "-", "-", "not inspected in our data"])
                continue
            headline = inspection.headline
            table.append(
                [
                    authority.name,
                    inspection.known_from.isoformat(),
                    inspection.framework.value,
                    inspection.kind.value if inspection.kind else "",
                    headline.label(inspection.framework_info)
                    if headline
                    else "(no headline judgement)",
                ]
            )
        out.write(_table(table))
        return
    rows = list(export_rows(dataset, [i for _, i in pairs if i is not None]))
    if args.format == "csv":
        out.write(rows_to_csv(rows, EXPORT_COLUMNS))
    else:
        out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")


def _streaks(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from ..frameworks import FRAMEWORKS

    group = dataset.group(args.group) if args.group else None
    found = dataset.streaks(
        args.grade,
        args.min_length,
        area=args.area,
        group=group,
        as_of=args.as_of,
        or_better=args.or_better,
    )
    if args.format == "json":
        payload = {
            "grade": args.grade.value,
            "min_length": args.min_length,
            "area": args.area,
            "or_better": args.or_better,
            "as_of": args.as_of.isoformat() if args.as_of else None,
            "group": None
            if group is None
            else {
                "key": group.key,
                "name": group.name,
                "outside_remit": list(group.outside_remit),
                "note": group.note,
            },
            "streaks": [
                {
                    "authority": s.authority.name,
                    "urn": s.authority.urn,
                    "length": s.length,
                    "reached": s.reached.isoformat(),
                    "ongoing": s.ongoing,
                    "inspections": [
                        {
                            "id": i.id,
                            "published": i.known_from.isoformat(),
                            "start": i.start.isoformat() if i.start else None,
                            "end": i.end.isoformat() if i.end else None,
                            "framework": i.framework.value,
                            "kind": i.kind.value if i.kind else None,
                            "grade": g.word(FRAMEWORKS[i.framework])
                            if (g := i.grade(s.area))
                            else None,
                            "source_url": i.source.url,
                        }
                        for i in s.inspections
                    ],
                }
                for s in found
            ],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if args.format == "csv":
        from ..io.package import rows_to_csv

        columns = [
            "authority",
            "urn",
            "length",
            "reached",
            "ongoing",
            "inspection",
            "published",
            "start",
            "end",
            "framework",
            "kind",
            "source_url",
        ]
        rows = [
            {
                "authority": s.authority.name,
                "urn": str(s.authority.urn),
                "length": str(s.length),
                "reached": s.reached.isoformat(),
                "ongoing": str(s.ongoing).lower(),
                "inspection": str(n),
                "published": i.known_from.isoformat(),
                "start": i.start.isoformat() if i.start else "",
                "end": i.end.isoformat() if i.end else "",
                "framework": i.framework.value,
                "kind": i.kind.value if i.kind else "",
                "source_url": i.source.url,
            }
            for s in found
            for n, i in enumerate(s.inspections, 1)
        ]
        out.write(rows_to_csv(rows, columns))
        return
    scope = f" in {group.name}" if group else ""
    when = f" as of {args.as_of}" if args.as_of else ""
    better = " or better" if args.or_better else ""
    out.write(
        f"Runs of at least {args.min_length} successive graded inspections with "
        f"{args.area} {args.grade.value}{better}{scope}{when}, in the order they reached "
        f"{args.min_length}:\n\n"
    )
    if not found:
        out.write("None.\n")
    for number, streak in enumerate(found, 1):
        status = "ongoing" if streak.ongoing else "ended"
        out.write(
            f"{number}. {streak.authority.name}: {streak.length} in a row ({status}), "
            f"reached {streak.reached}\n"
        )
        for inspection in streak.inspections:
            out.write(f"   - {_dates_line(inspection)}\n")
    if group is not None and group.note:
        out.write(f"\nNote: {group.note}\n")


def _compare(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from ..exports import EXPORT_COLUMNS, export_rows, rows_to_csv
    from ..frameworks import AREA_KEYS
    from ..grades import Grade

    comparison = dataset.compare(*_authorities(dataset, args), as_of=args.as_of)
    if args.format != "table":
        latest = [row.latest for row in comparison.rows if row.latest is not None]
        rows = list(export_rows(dataset, latest))
        if args.format == "csv":
            out.write(rows_to_csv(rows, EXPORT_COLUMNS))
        else:
            out.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    areas = [a for a in AREA_KEYS if a in comparison.areas()]
    header = ["authority", "latest", "framework", *areas, "graded inspections", "overall O/G/RI/I"]
    table = [header]
    for row in comparison.rows:
        latest = row.latest
        counts = row.counts()
        cells = [
            row.authority.name,
            latest.known_from.isoformat() if latest else "-",
            latest.framework.value if latest else "-",
        ]
        for area in areas:
            grade = latest.grade(area) if latest else None
            cells.append(grade.word(latest.framework_info) if grade and latest else "")
        cells.append(str(len(row.history)))
        cells.append("/".join(str(counts[g]) for g in Grade))
        table.append(cells)
    out.write(_table(table))


def _export(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from .._util.atomic import write_text
    from ..exports import EXPORT_COLUMNS, export_rows, rows_to_csv
    from ..exports.sqlite import write_sqlite
    from ..exports.tables import LONG_COLUMNS, long_rows
    from ..exports.xlsx import write_xlsx
    from ..queries import subset

    if args.as_of:
        dataset = dataset.as_of(args.as_of)
    if args.group:
        dataset = subset(dataset, dataset.group(args.group).members)
    try:
        if args.format in ("sqlite", "xlsx"):
            if not args.out:
                raise UsageError(f"--format {args.format} needs --out FILE")
            write = write_sqlite if args.format == "sqlite" else write_xlsx
            write(dataset, args.out)
            return
        if args.format == "long-csv":
            text = rows_to_csv(long_rows(dataset), LONG_COLUMNS)
        elif args.format == "csv":
            text = rows_to_csv(export_rows(dataset), EXPORT_COLUMNS)
        else:
            text = json.dumps(list(export_rows(dataset)), indent=2, ensure_ascii=False) + "\n"
        if args.out:
            write_text(args.out, text)
        else:
            out.write(text)
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None


def _read(args: argparse.Namespace, out: IO[str]) -> int:
    from ..frameworks import FRAMEWORKS
    from ..sources.reports import ReportError, read_report

    try:
        record = read_report(args.report)
    except FileNotFoundError:
        raise NotFoundError(f"no such file: {args.report}") from None
    except IsADirectoryError:
        raise UsageError(f"{args.report} is a folder, not a report") from None
    except ReportError as error:
        _fail(f"cannot read {args.report}: {error}")
        return EXIT_NOT_FOUND
    framework = FRAMEWORKS[record.framework]
    if args.format == "json":
        payload = {
            "authority": record.authority,
            "framework": record.framework.value,
            "kind": record.kind.value if record.kind else None,
            "start": record.start.isoformat(),
            "end": record.end.isoformat(),
            "published": record.published.isoformat() if record.published else None,
            "lead_inspector": record.lead_inspector,
            "judgements": {j.area: j.grade.word(framework) for j in record.judgements},
            "sha256": record.sha256,
            "pages": record.pages,
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    kind = f" ({record.kind.value})" if record.kind else ""
    out.write(f"{record.authority}\n{framework.name}{kind}\n")
    out.write(f"Inspected {record.start} to {record.end}")
    out.write(f", published {record.published}\n" if record.published else "\n")
    if record.lead_inspector:
        out.write(f"Lead inspector: {record.lead_inspector}\n")
    width = max(len(framework.area(j.area).label) for j in record.judgements)
    for judgement in record.judgements:
        label = framework.area(judgement.area).label
        out.write(f"  {label:<{width}}  {judgement.grade.label(framework)}\n")
    out.write(f"sha256 {record.sha256}, {record.pages} pages\n")
    return EXIT_OK


def _coverage(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from ..completeness import coverage
    from ..frameworks import FrameworkId
    from ..io.package import rows_to_csv

    report = coverage(dataset)
    keys = [f.value for f in FrameworkId]
    if args.format == "json":
        payload = {
            "gaps": list(report.gaps),
            "authorities": [
                {
                    "authority": row.authority.name,
                    "urn": row.authority.urn,
                    "current": row.authority.current,
                    "inspections": row.counts,
                    "gaps": list(row.gaps),
                }
                for row in report.rows
            ],
        }
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if args.format == "csv":
        rows = [
            {
                "authority": row.authority.name,
                "urn": str(row.authority.urn),
                **{key: str(row.counts[key]) for key in keys},
                "gaps": "; ".join(row.gaps),
            }
            for row in report.rows
        ]
        out.write(rows_to_csv(rows, ["authority", "urn", *keys, "gaps"]))
        return
    table = [["authority", *keys, "gaps"]]
    for row in report.rows:
        table.append(
            [
                row.authority.name + ("" if row.authority.current else " (former)"),
                *(str(row.counts[key]) for key in keys),
                str(len(row.gaps)),
            ]
        )
    out.write(_table(table))
    out.write("\nGaps:\n")
    for gap in report.gaps:
        out.write(f"- {gap}\n")
    for row in report.rows:
        for gap in row.gaps:
            out.write(f"- {row.authority.name}: {gap}\n")


def _plot(dataset: Any, args: argparse.Namespace, out: IO[str]) -> None:
    from ..exports import charts

    if bool(args.authority) == bool(args.group):
        raise UsageError("plot needs an AUTHORITY or a --group, not both")
    try:
        if args.authority:
            path = charts.plot_authority(dataset, args.authority, args.out, as_of=args.as_of)
        else:
            path = charts.plot_group(
                dataset, args.group, args.out, as_of=args.as_of, area=args.area
            )
    except OSError as error:
        raise UsageError(f"cannot write {args.out}: {error.strerror or error}") from None
    out.write(f"wrote {path}\n")


def _update(args: argparse.Namespace, out: IO[str]) -> int:
    from ..update import update

    bar = _ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    result = update(
        since=args.since,
        cache_dir=args.cache,
        out=args.out,
        dry_run=args.dry_run,
        base_url=args.base_url,
        progress=bar,
        official_url=args.official,
    )
    if bar is not None:
        bar.finish()
    verb = "would add" if args.dry_run else "added"
    out.write(f"{len(result.new)} new inspections ({verb}):\n")
    for inspection in sorted(result.new, key=lambda i: (i.known_from, i.urn)):
        name = result.dataset.authority(inspection.urn).name
        grade = inspection.headline
        headline = grade.label(inspection.framework_info) if grade else "no headline judgement"
        out.write(f"  {inspection.id}  {name}: {inspection.framework_info.name}, {headline}\n")
    if result.changed:
        out.write(f"{len(result.changed)} changed inspections:\n")
        from ..io.convert import inspection_to_row

        for old, new in result.changed:
            before, after = inspection_to_row(old), inspection_to_row(new)
            for key in before:
                if before[key] != after[key]:
                    out.write(f"  {old.id} {key}: {before[key]!r} -> {after[key]!r}\n")
    for disagreement in result.disagreements:
        out.write(f"official file disagrees (report kept): {disagreement}\n")
    for conflict in result.conflicts:
        out.write(f"left out for review: {conflict}\n")
    for failure in result.failed:
        out.write(f"could not read {failure.url}: {failure.reason}\n")
    out.write(
        f"{len(result.skipped)} listings skipped (not inspection reports); "
        f"{result.requests} requests\n"
    )
    if result.written is not None:
        out.write(f"wrote {result.written}\n")
    elif not args.dry_run:
        out.write("nothing changed; nothing written\n")
    return EXIT_OK


class _ProgressBar:
    """A one-line progress bar on a terminal."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.shown = False

    def __call__(self, done: int, total: int, label: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")


# -- text layout ----------------------------------------------------------------------------


def _authority_heading(authority: Any) -> str:
    codes = [f"URN {authority.urn}"]
    if authority.la_code:
        codes.append(f"LA {authority.la_code}")
    if authority.ons_code:
        codes.append(authority.ons_code)
    region = f", {authority.region.value}" if authority.region else ""
    status = "" if authority.current else f" (abolished {authority.abolished})"
    return f"{authority.name} ({', '.join(codes)}){region}{status}\n"


def _dates_line(inspection: Any) -> str:
    parts = []
    if inspection.published:
        parts.append(f"published {inspection.published}")
    else:
        parts.append(f"reported by {inspection.known_from} (publication date not known)")
    if inspection.start and inspection.end:
        parts.append(f"inspected {inspection.start} to {inspection.end}")
    kind = f" {inspection.kind.value}" if inspection.kind else ""
    parts.append(f"{inspection.framework_info.name}{kind}")
    return ", ".join(parts)


def _inspection_block(inspection: Any) -> str:
    framework = inspection.framework_info
    lines = [_dates_line(inspection)]
    if inspection.lead_inspector:
        lines.append(f"  Lead inspector: {inspection.lead_inspector}")
    if not inspection.judgements:
        lines.append("  (no grades: this kind of visit is not graded)")
    width = max((len(framework.area(j.area).label) for j in inspection.judgements), default=0)
    for judgement in inspection.judgements:
        label = framework.area(judgement.area).label
        lines.append(f"  {label:<{width}}  {judgement.grade.label(framework)}")
    source = inspection.source
    lines.append(f"  Source: {source.title} <{source.url}>")
    if source.note:
        lines.append(f"  Note: {source.note}")
    return "\n".join(lines) + "\n"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"
