"""The command line's output: pure functions from results to the text printed.

Tables are columns of text padded to the widest cell, with a rule under the header; JSON is
indented by two and keeps non-ASCII characters; CSV has a header line and ``\\n`` endings
(or, for Excel, a byte order mark and CRLF endings).

JSON is typed: numbers are numbers, a missing value is ``null`` and dates are ISO 8601 text.
Every command that prints inspections (``history``, ``latest``, ``compare``, ``export``)
prints rows of the same columns in CSV and JSON: those of the wide export
(:data:`~ofsted_ratings.exports.csv.EXPORT_COLUMNS`), which name the authority by its key,
URN, name, codes and region. ``latest`` has a row for every authority asked about, with
``null`` (an empty cell in CSV) for the inspection of one that has none.

>>> print(table([["authority", "grade"], ["Leeds", "outstanding"]]), end="")
authority  grade
---------  -----------
Leeds      outstanding
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import attrs

from ..exports.csv import EXPORT_COLUMNS
from ..exports.tables import latest_rows
from ..frameworks import AREA_KEYS, FRAMEWORKS, FrameworkId
from ..grades import Grade
from ..groups import Group
from ..io.package import rows_to_csv
from ..models import (
    Inspection,
    KindBasis,
    LocalAuthority,
    Visit,
    VisitKind,
    inspected_text,
    known_from_text,
)
from ..tabular import authority_identity, identity

if TYPE_CHECKING:
    from ..completeness import Coverage
    from ..dataset import Dataset
    from ..grade_counts import Counts
    from ..grade_transitions import Changes, Since, Transitions
    from ..queries import Comparison, Streak
    from ..sources.letters import LetterRecord
    from ..sources.reports import ReportRecord
    from ..update import UpdateResult
    from ..visit_queries import Visits

__all__ = [
    "StreakQuery",
    "authority_heading",
    "changes_table",
    "comparison_table",
    "coverage_csv",
    "coverage_json",
    "coverage_table",
    "csv_text",
    "dates_line",
    "history_text",
    "info_text",
    "inspection_block",
    "json_text",
    "latest_csv",
    "latest_json",
    "latest_table",
    "letter_json",
    "letter_text",
    "progress_line",
    "report_json",
    "report_text",
    "since_table",
    "streaks_csv",
    "streaks_json",
    "streaks_text",
    "table",
    "transitions_text",
    "update_text",
    "update_visits_lines",
    "visit_block",
    "visits_table",
]


# -- shapes ---------------------------------------------------------------------------------


def table(rows: Sequence[Sequence[str]]) -> str:
    """The rows as columns padded to their widest cell, the first row a header."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"


def json_text(value: object) -> str:
    """``value`` as indented JSON, ending with a newline; dates as ISO 8601 text.

    >>> print(json_text({"authority": "Brent", "grade": None, "as_of": date(2025, 3, 31)}), end="")
    {
      "authority": "Brent",
      "grade": null,
      "as_of": "2025-03-31"
    }
    """
    return json.dumps(value, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON: {value!r}")


def csv_text(
    rows: Iterable[Mapping[str, object]], columns: Iterable[str], *, excel: bool = False
) -> str:
    """CSV text with a header line of ``columns``; ``None`` is an empty cell.

    ``excel=True`` starts with a byte order mark and ends lines with CRLF, so that Excel
    reads non-ASCII names as they are (see :func:`~ofsted_ratings.io.package.rows_to_csv`).

    >>> csv_text([{"authority": "Leeds", "urn": 80481}], ["authority", "urn"])
    'authority,urn\\nLeeds,80481\\n'
    """
    return rows_to_csv(rows, columns, excel=excel)


def latest_csv(
    pairs: Iterable[tuple[LocalAuthority, Inspection | None]], *, excel: bool = False
) -> str:
    """A row per authority with its latest graded inspection (``latest --format csv``), in
    the columns of the wide export; an authority with none keeps its row, with empty cells
    for the inspection.

    >>> from ofsted_ratings import load
    >>> ds = load()
    >>> text = latest_csv([(ds.authority("Leeds"), None)])
    >>> text.splitlines()[1][:34]
    ',80481,80481,Leeds,383,E08000035,"'
    """
    return csv_text(latest_rows(pairs), EXPORT_COLUMNS, excel=excel)


def latest_json(pairs: Iterable[tuple[LocalAuthority, Inspection | None]]) -> str:
    """:func:`latest_csv` as JSON: a list of rows, ``null`` for what an authority lacks."""
    return json_text(list(latest_rows(pairs)))


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


# -- authorities and inspections ------------------------------------------------------------


def info_text(dataset: Dataset) -> str:
    """Where the data comes from, its release and size."""
    return (
        f"data: {dataset.origin}\nrelease: {dataset.release}\n"
        f"authorities: {len(dataset.authorities)}\ninspections: {len(dataset.inspections)}\n"
        f"visits: {len(dataset.visits)}\n"
    )


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def authority_heading(authority: LocalAuthority) -> str:
    """The authority's name, codes, region and, if abolished, when."""
    codes = [] if authority.urn is None else [f"URN {authority.urn}"]
    if authority.la_code:
        codes.append(f"LA {authority.la_code}")
    if authority.ons_code:
        codes.append(authority.ons_code)
    region = f", {authority.region.value}" if authority.region else ""
    status = "" if authority.current else f" (abolished {authority.abolished})"
    return f"{authority.name} ({', '.join(codes)}){region}{status}\n"


def kind_text(inspection: Inspection) -> str:
    """The kind of inspection, marked when it is inferred rather than stated by a source.

    >>> from ofsted_ratings import load
    >>> kind_text(load().history("Leeds")[-1])
    'short (inferred from the days on site)'
    """
    if inspection.kind is None:
        return ""
    if inspection.kind_basis is KindBasis.INFERRED:
        return f"{inspection.kind.value} (inferred from the days on site)"
    return inspection.kind.value


def dates_line(inspection: Inspection) -> str:
    """When the inspection was published and carried out, and under which framework."""
    parts = []
    if inspection.published:
        parts.append(f"published {inspection.published}")
    elif inspection.source.published is None:
        parts.append("publication date not known")
    else:
        parts.append(f"reported by {inspection.known_from} (publication date not known)")
    parts.extend(inspected_text(inspection))
    kind = f" {kind_text(inspection)}" if inspection.kind else ""
    parts.append(f"{inspection.framework_info.name}{kind}")
    return ", ".join(parts)


def inspection_block(inspection: Inspection) -> str:
    """The inspection's dates, inspector, grades and source, one per line."""
    framework = inspection.framework_info
    lines = [dates_line(inspection)]
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


#: At most this many of a letter's items are printed in ``history``; more are counted.
_SHORT_LIST = 3


def _kind_title(kind: VisitKind) -> str:
    return kind.value[:1].upper() + kind.value[1:]


def _on_site(visit: Visit) -> str:
    if visit.start is None:
        return "days on site not known"
    if visit.end is None or visit.end == visit.start:
        return f"on site {visit.start}"
    return f"on site {visit.start} to {visit.end}"


def visit_block(visit: Visit) -> str:
    """A visit's kind and dates, what it looked at and what its letter found, one per line.

    Up to three areas for priority action and things to improve are printed in the
    letter's words; more are counted (``visits --format json`` gives them all).

    >>> from ofsted_ratings import load
    >>> print(visit_block(load().visits_of("80481")[1]), end="")
    Focused visit (adapted to COVID-19), not graded: letter dated 2021-08-31, on site 2021-07-20 to 2021-07-21
      Looked at: the local authority's arrangements for the front door, including ...
      What needs to improve:
        - The quality and consistency of assessments ...
        - The quality and impact of management oversight ...
        - The quality and independence of audits ...
      Inspectors: Victoria Horsefield, Matt Reed
      Source: children's services focused visit <https://...>
      Note: ...
    """  # noqa: E501
    dated = (
        f"letter dated {visit.letter_date}"
        if visit.letter_date is not None
        else f"listed {visit.known_from}"
    )
    lines = [f"{_kind_title(visit.kind)}, not graded: {dated}, {_on_site(visit)}"]
    if visit.theme:
        lines.append(f"  Looked at: {visit.theme}")
    for heading, items in (
        ("Areas for priority action", visit.priority_actions),
        ("What needs to improve", visit.improvements),
    ):
        if len(items) > _SHORT_LIST:
            lines.append(f"  {heading}: {len(items)} (the letter's words: {_see(visit)})")
        elif items:
            lines.append(f"  {heading}:")
            lines.extend(f"    - {item}" for item in items)
    if visit.inspectors:
        lines.append(f"  Inspectors: {', '.join(visit.inspectors)}")
    lines.append(f"  Source: {visit.source.title} <{visit.source.url}>")
    if visit.source.note:
        lines.append(f"  Note: {visit.source.note}")
    return "\n".join(lines) + "\n"


def _see(visit: Visit) -> str:
    return f"ofsted-ratings visits {visit.authority_key} --format json"


def history_text(
    authority: LocalAuthority,
    events: Sequence[Inspection | Visit],
    as_of: date | None,
) -> str:
    """The authority's heading and a block per inspection and visit, in date order
    (``history --format table``)."""
    parts = [authority_heading(authority)]
    if not any(isinstance(event, Inspection) for event in events):
        parts.append("\nNo inspections recorded" + (f" by {as_of}.\n" if as_of else ".\n"))
    for event in events:
        block = inspection_block(event) if isinstance(event, Inspection) else visit_block(event)
        parts.append("\n" + block)
    return "".join(parts)


def _short(text: str | None, width: int) -> str:
    if not text:
        return ""
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


#: Short names of the kinds of visit, for tables.
_KIND_SHORT = {
    VisitKind.FOCUSED: "focused",
    VisitKind.FOCUSED_COVID: "focused (COVID-19)",
    VisitKind.MONITORING: "monitoring",
}


def visits_table(found: Visits) -> str:
    """A row per visit: when its findings were public, the authority, the kind, the days
    on site, how many areas for priority action and improvements, and what it looked at;
    then the totals by kind (``visits --format table``)."""
    if not found:
        return "No visits match.\n"
    rows = [["known from", "authority", "kind", "on site", "priority", "improve", "looked at"]]
    for visit in found:
        on_site = "" if visit.start is None else visit.start.isoformat()
        if visit.end is not None and visit.end != visit.start:
            on_site += f" to {visit.end.isoformat()[5:]}"
        rows.append(
            [
                visit.known_from.isoformat(),
                found.authority_of(visit).name,
                _KIND_SHORT[visit.kind],
                on_site,
                str(len(visit.priority_actions)),
                str(len(visit.improvements)),
                _short(visit.theme, 60),
            ]
        )
    kinds = [
        f"{sum(v.kind is kind for v in found)} {_KIND_SHORT[kind]}"
        for kind in VisitKind
        if any(v.kind is kind for v in found)
    ]
    flagged = sum(bool(v.priority_actions) for v in found)
    total = (
        f"\n{len(found)} visits ({', '.join(kinds)}); {flagged} with areas for priority action\n"
    )
    return table(rows) + total


def latest_table(
    pairs: Iterable[tuple[LocalAuthority, Inspection | None]], *, area: str | None = None
) -> str:
    """A row per authority with its latest graded inspection (``latest --format table``);
    with ``area``, the latest that graded that area, and its grade for it."""
    column = "headline grade" if area is None else area
    rows = [["authority", "published", "framework", "kind", column]]
    for authority, inspection in pairs:
        if inspection is None:
            missing = "not inspected in our data" if area is None else "never graded for this"
            rows.append([authority.name, "-", "-", "-", missing])
            continue
        grade = inspection.headline if area is None else inspection.grade(area)
        headline = grade.label(inspection.framework_info) if grade else "(no headline judgement)"
        kind = kind_text(inspection).replace(" from the days on site", "")
        published = known_from_text(inspection)
        rows.append([authority.name, published, inspection.framework.value, kind, headline])
    return table(rows)


def comparison_table(comparison: Comparison) -> str:
    """The authorities side by side: latest grades and counts (``compare --format table``)."""
    areas = [a for a in AREA_KEYS if a in comparison.areas()]
    rows = [["authority", "latest", "framework", *areas, "graded inspections", "overall O/G/RI/I"]]
    for row in comparison.rows:
        latest = row.latest
        counts = row.counts()
        cells = [
            row.authority.name,
            known_from_text(latest) if latest else "-",
            latest.framework.value if latest else "-",
        ]
        for area in areas:
            grade = latest.grade(area) if latest else None
            cells.append(grade.word(latest.framework_info) if grade and latest else "")
        cells.append(str(len(row.history)))
        cells.append("/".join(str(counts[g]) for g in Grade))
        rows.append(cells)
    return table(rows)


# -- streaks --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class StreakQuery:
    """The question a list of streaks answers, for its heading and its JSON."""

    grade: Grade
    min_length: int
    area: str
    or_better: bool = False
    as_of: date | None = None
    group: Group | None = None


def streaks_text(query: StreakQuery, found: Sequence[Streak]) -> str:
    """The question, then each run and its inspections (``streaks --format table``)."""
    group = query.group
    scope = f" in {group.name}" if group else ""
    when = f" as of {query.as_of}" if query.as_of else ""
    better = " or better" if query.or_better else ""
    lines = [
        f"Runs of at least {query.min_length} successive graded inspections with "
        f"{query.area} {query.grade.value}{better}{scope}{when}, in the order they reached "
        f"{query.min_length}:\n\n"
    ]
    if not found:
        lines.append("None.\n")
    for number, streak in enumerate(found, 1):
        status = "ongoing" if streak.ongoing else "ended"
        lines.append(
            f"{number}. {streak.authority.name}: {streak.length} in a row ({status}), "
            f"reached {streak.reached}\n"
        )
        lines.extend(f"   - {dates_line(inspection)}\n" for inspection in streak.inspections)
    if group is not None and group.note:
        lines.append(f"\nNote: {group.note}\n")
    return "".join(lines)


def _group_json(group: Group | None) -> dict[str, object] | None:
    if group is None:
        return None
    return {
        "key": group.key,
        "name": group.name,
        "outside_remit": list(group.outside_remit),
        "note": group.note,
    }


def _streak_inspection_json(inspection: Inspection, area: str) -> dict[str, object]:
    grade = inspection.grade(area)
    return {
        "id": inspection.id,
        "published": _day(inspection.published),
        "known_from": inspection.known_from.isoformat(),
        "start": _day(inspection.start),
        "end": _day(inspection.end),
        "date_precision": inspection.date_precision.value,
        "framework": inspection.framework.value,
        "kind": inspection.kind.value if inspection.kind else None,
        "grade": grade.word(inspection.framework_info) if grade else None,
        "source_url": inspection.source.url,
    }


def streaks_json(query: StreakQuery, found: Sequence[Streak]) -> str:
    """The question and the runs as JSON (``streaks --format json``)."""
    payload = {
        "grade": query.grade.value,
        "min_length": query.min_length,
        "area": query.area,
        "or_better": query.or_better,
        "as_of": _day(query.as_of),
        "group": _group_json(query.group),
        "streaks": [
            {
                **identity(s.authority),
                "length": s.length,
                "reached": s.reached.isoformat(),
                "ongoing": s.ongoing,
                "inspections": [_streak_inspection_json(i, s.area) for i in s.inspections],
            }
            for s in found
        ],
    }
    return json_text(payload)


#: The columns that name an authority in every table.
IDENTITY_COLUMNS = tuple(column.name for column in authority_identity())

#: Columns of ``streaks --format csv``: one row per inspection of each run.
STREAK_COLUMNS = (
    *IDENTITY_COLUMNS,
    "length",
    "reached",
    "ongoing",
    "inspection",
    "id",
    "published",
    "known_from",
    "start",
    "end",
    "date_precision",
    "framework",
    "kind",
    "source_url",
)


def streaks_csv(found: Sequence[Streak], *, excel: bool = False) -> str:
    """A row per inspection of each run, numbered within the run (``streaks --format csv``)."""
    rows = [
        {
            **identity(s.authority),
            "length": s.length,
            "reached": s.reached,
            "ongoing": str(s.ongoing).lower(),
            "inspection": n,
            "id": i.id,
            "published": i.published,
            "known_from": i.known_from,
            "start": i.start,
            "end": i.end,
            "date_precision": i.date_precision.value,
            "framework": i.framework.value,
            "kind": i.kind.value if i.kind else None,
            "source_url": i.source.url,
        }
        for s in found
        for n, i in enumerate(s.inspections, 1)
    ]
    return csv_text(rows, STREAK_COLUMNS, excel=excel)


# -- transitions, changes and time since ----------------------------------------------------


def transitions_text(found: Transitions) -> str:
    """The 4 by 4 table of moves and its row totals (``transitions --format table``).

    CSV and JSON come from the result: ``csv_text(found.rows(t), names, ...)`` with
    ``names = [c.name for c in found.columns(t)]``, and ``json_text(found.rows(t))``, for
    ``t`` ``"matrix"`` or ``"moves"``.
    """
    heading = f"{found.area}: {found.total} moves between successive graded inspections" + (
        f" of {found.group}" if found.group else ""
    )
    lines = [heading, *str(found).splitlines()[1:], ""]
    if found.without_grade:
        lines.append(
            f"{found.without_grade} pairs of successive graded inspections left out: one of "
            f"the two gave no {found.area} grade.\n"
        )
    return "\n".join(lines)


def changes_table(found: Changes) -> str:
    """A row per move: the authority, the two inspections' dates and the days between
    (``changes --format table``)."""
    rows = [["authority", "from", "published", "to", "published", "days"]]
    for move in found:
        rows.append(
            [
                move.authority.name,
                move.from_grade.value,
                known_from_text(move.before),
                move.to_grade.value,
                known_from_text(move.after),
                str(move.days),
            ]
        )
    if len(rows) == 1:
        return "No authority made that move.\n"
    return table(rows)


def since_table(found: Since) -> str:
    """A row per authority: its latest graded inspection and the days since, longest wait
    first, those never inspected at the top (``since --format table``)."""
    rows = [["authority", "latest graded inspection", "last day on site", "days"]]
    for entry in found:
        inspection = entry.inspection
        if inspection is None:
            rows.append([entry.authority.name, "not yet inspected", "-", "-"])
            continue
        last = inspection.end or inspection.start
        rows.append(
            [
                entry.authority.name,
                f"{known_from_text(inspection)} {inspection.framework.value}",
                "-" if last is None else last.isoformat(),
                str(entry.days),
            ]
        )
    when = found[0].as_of if found else None
    heading = f"Days since each authority's latest graded inspection, to {when}:\n\n"
    return heading + table(rows)


# -- coverage -------------------------------------------------------------------------------

_FRAMEWORK_KEYS = tuple(f.value for f in FrameworkId)


def coverage_json(report: Coverage) -> str:
    """The gaps and each authority's inspections by framework (``coverage --format json``)."""
    payload = {
        "gaps": list(report.gaps),
        "authorities": [
            {
                **identity(row.authority),
                "current": row.authority.current,
                "inspections": row.counts,
                "gaps": list(row.gaps),
            }
            for row in report.rows
        ],
    }
    return json_text(payload)


def coverage_csv(report: Coverage, *, excel: bool = False) -> str:
    """A row per authority: inspections by framework and its gaps (``coverage --format csv``)."""
    rows = [
        {
            **identity(row.authority),
            **{key: row.counts[key] for key in _FRAMEWORK_KEYS},
            "gaps": "; ".join(row.gaps),
        }
        for row in report.rows
    ]
    return csv_text(rows, [*IDENTITY_COLUMNS, *_FRAMEWORK_KEYS, "gaps"], excel=excel)


def coverage_table(report: Coverage) -> str:
    """The counts table, then every gap (``coverage --format table``)."""
    rows = [["authority", *_FRAMEWORK_KEYS, "gaps"]]
    for row in report.rows:
        rows.append(
            [
                row.authority.name + ("" if row.authority.current else " (former)"),
                *(str(row.counts[key]) for key in _FRAMEWORK_KEYS),
                str(len(row.gaps)),
            ]
        )
    lines = [table(rows), "\nGaps:\n"]
    lines.extend(f"- {gap}\n" for gap in report.gaps)
    lines.extend(f"- {row.authority.name}: {gap}\n" for row in report.rows for gap in row.gaps)
    return "".join(lines)


# -- reports and updates --------------------------------------------------------------------


def report_json(record: ReportRecord) -> str:
    """What a report prints, as JSON (``read --format json``)."""
    framework = FRAMEWORKS[record.framework]
    payload = {
        "authority": record.authority,
        "framework": record.framework.value,
        "kind": record.kind.value if record.kind else None,
        "start": record.start.isoformat(),
        "end": record.end.isoformat(),
        "published": _day(record.published),
        "lead_inspector": record.lead_inspector,
        "judgements": {j.area: j.grade.word(framework) for j in record.judgements},
        "sha256": record.sha256,
        "pages": record.pages,
    }
    return json_text(payload)


def report_text(record: ReportRecord) -> str:
    """What a report prints, a line per field and per grade (``read``)."""
    framework = FRAMEWORKS[record.framework]
    kind = f" ({record.kind.value})" if record.kind else ""
    lines = [f"{record.authority}\n{framework.name}{kind}\n"]
    lines.append(f"Inspected {record.start} to {record.end}")
    lines.append(f", published {record.published}\n" if record.published else "\n")
    if record.lead_inspector:
        lines.append(f"Lead inspector: {record.lead_inspector}\n")
    width = max((len(framework.area(j.area).label) for j in record.judgements), default=0)
    for judgement in record.judgements:
        label = framework.area(judgement.area).label
        lines.append(f"  {label:<{width}}  {judgement.grade.label(framework)}\n")
    lines.append(f"sha256 {record.sha256}, {record.pages} pages\n")
    return "".join(lines)


def letter_json(record: LetterRecord) -> str:
    """What a visit letter prints, as JSON (``read --format json`` of a letter)."""
    payload = {
        "document": "visit letter",
        "authority": record.authority,
        "kind": record.kind.value,
        "start": record.start.isoformat(),
        "end": record.end.isoformat(),
        "letter_date": _day(record.letter_date),
        "lead_inspector": record.lead_inspector,
        "inspectors": list(record.inspectors),
        "theme": record.theme,
        "priority_actions": list(record.priority_actions),
        "improvements": list(record.improvements),
        "sha256": record.sha256,
        "pages": record.pages,
    }
    return json_text(payload)


def letter_text(record: LetterRecord) -> str:
    """What a visit letter prints: dates, inspectors, theme and findings (``read``)."""
    lines = [f"{record.authority}\n{record.kind.value[:1].upper()}{record.kind.value[1:]}\n"]
    lines.append(f"On site {record.start} to {record.end}")
    dated = f", letter dated {record.letter_date}\n" if record.letter_date else ", letter undated\n"
    lines.append(dated)
    if record.inspectors:
        lead = " (lead)" if record.lead_inspector else ""
        lines.append(f"Inspectors: {record.inspectors[0]}{lead}")
        lines.append("".join(f", {name}" for name in record.inspectors[1:]) + "\n")
    lines.append(f"Looked at: {record.theme}\n")
    for heading, items in (
        ("Areas for priority action", record.priority_actions),
        ("What needs to improve", record.improvements),
    ):
        if items:
            lines.append(f"{heading}:\n")
            lines.extend(f"  - {item}\n" for item in items)
    lines.append(f"sha256 {record.sha256}, {record.pages} pages\n")
    return "".join(lines)


def update_text(result: UpdateResult, *, dry_run: bool) -> str:
    """What an update found, changed (and why), could not read and wrote (``update``)."""
    from ..merge import MOVED, explain

    lines = [f"{len(result.new)} new inspections ({'would add' if dry_run else 'added'}):\n"]
    for inspection in sorted(result.new, key=lambda i: (i.known_from, i.authority_key)):
        name = result.dataset.authority(inspection.authority_key).name
        grade = inspection.headline
        headline = grade.label(inspection.framework_info) if grade else "no headline judgement"
        lines.append(f"  {inspection.id}  {name}: {inspection.framework_info.name}, {headline}\n")
    changes = [change for old, new in result.changed for change in explain(old, new)]
    moved = [c for c in changes if c.field == "source_url" and c.reason == MOVED]
    if moved:
        lines.append(
            f"{len(moved)} known reports found at new addresses (each downloaded once: same "
            "sha256); only their source_url changes\n"
        )
    rest = [c for c in changes if c not in moved]
    if rest:
        lines.append(f"{len({c.id for c in rest})} changed inspections:\n")
        lines.extend(f"  {change}\n" for change in rest)
    lines.extend(update_visits_lines(result, dry_run=dry_run))
    lines.extend(f"a source disagrees (ours kept): {d}\n" for d in result.disagreements)
    lines.extend(f"left out for review: {c}\n" for c in result.conflicts)
    lines.extend(f"could not read {f.url}: {f.reason}\n" for f in result.failed)
    lines.append(
        f"{result.listed} reports listed; {len(result.skipped)} listings skipped (not "
        f"inspection reports); {result.requests} requests, {result.downloads} downloads, "
        f"{result.not_modified} not modified\n"
    )
    if result.written is not None:
        lines.append(f"wrote {result.written}\n")
    elif not dry_run:
        lines.append("nothing changed; nothing written\n")
    return "".join(lines)


def update_visits_lines(result: UpdateResult, *, dry_run: bool) -> list[str]:
    """What an update found and changed of the visits (``update``): the new visits, the
    known letters found at new addresses, the other visits changed and how many letters
    were listed (nothing when no letter was listed and no visit changed)."""
    if not (result.new_visits or result.changed_visits or result.letters):
        return []
    lines = [f"{len(result.new_visits)} new visits ({'would add' if dry_run else 'added'}):\n"]
    for visit in sorted(result.new_visits, key=lambda v: (v.known_from, v.authority_key)):
        name = result.dataset.authority(visit.authority_key).name
        lines.append(f"  {visit.id}  {name}: {visit.kind}\n")
    moved = result.repointed_visits
    if moved:
        lines.append(
            f"{len(moved)} known letters found at new addresses (each downloaded once: same "
            "sha256); only their source's address and note change\n"
        )
    rest = [(old, new) for old, new in result.changed_visits if (old, new) not in moved]
    if rest:
        lines.append(f"{len(rest)} changed visits:\n")
        for old, new in rest:
            how = "upgraded by its letter" if old.source.kind != new.source.kind else "changed"
            lines.append(f"  {new.id}: {how} ({new.source.url})\n")
    lines.append(f"{result.letters} letters listed\n")
    return lines


def progress_line(done: int, total: int) -> str:
    """A progress bar of 30 characters that redraws itself over the line it is on.

    >>> progress_line(1, 3)
    '\\r[##########....................] 1/3'
    """
    width = 30
    filled = width * done // max(total, 1)
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


# -- counts ---------------------------------------------------------------------------------


def counts_text(result: Counts, *, authorities: bool = False) -> str:
    """The counts as a heading and a table (``counts --format table``): a row per tally, with
    each grade's number and percentage of those graded, or with ``authorities`` a row per
    authority and the inspection counted."""
    lines = [f"{result.area}, as at {result.as_of.isoformat()}: {_convention_text(result)}\n"]
    if result.frameworks:
        lines.append(f"only {', '.join(f.value for f in result.frameworks)} inspections\n")
    if result.provisional:
        release = result.release.isoformat() if result.release else "not known"
        lines.append(
            f"provisional: the data's release ({release}) is before "
            f"{result.published_by.isoformat()}, so reports may be missing\n"
        )
    lines.append("\n")
    if authorities:
        rows = [["authority", "region", "status", "grade", "inspection", "known from"]]
        for entry in result.entries:
            inspection = entry.inspection
            rows.append(
                [
                    entry.authority.name,
                    entry.authority.region.value if entry.authority.region else "",
                    entry.status.value,
                    entry.grade.value if entry.grade else "",
                    inspection.id if inspection else "",
                    known_from_text(inspection) if inspection else "",
                ]
            )
        return "".join(lines) + table(rows)
    header = ["group", *(g.value for g in Grade), "not yet inspected", "not graded", "total"]
    rows = [header]
    for tally in result.tallies:
        cells = [tally.name]
        for grade in Grade:
            share = tally.percentage(grade)
            percent = "" if share is None else f" ({share:.1f}%)"
            cells.append(f"{tally.count(grade)}{percent}")
        cells += [str(tally.not_inspected), str(tally.not_graded), str(tally.total)]
        rows.append(cells)
    note = "\nPercentages are of the authorities graded for the area.\n"
    return "".join(lines) + table(rows) + note


def _convention_text(result: Counts) -> str:
    if result.convention.value == "ofsted":
        return (
            f"Ofsted's convention: the latest inspection that took place by "
            f"{result.as_of.isoformat()} with a report published by "
            f"{result.published_by.isoformat()}"
        )
    return f"the latest inspection published by {result.published_by.isoformat()}"
