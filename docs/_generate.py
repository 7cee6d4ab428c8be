"""Generate the documentation pages that come from the data.

Called by ``conf.py`` when a Sphinx build starts; writes into ``docs/_generated/``:

* ``browse/``: a page per authority (identifiers, chart, every inspection and judgement,
  links to every source), the national table of latest grades and a chart per group;
* ``fragments/``: the data dictionary (from ``datapackage.json``), the framework table, the
  CLI reference and the counts of records and visits by source, included by hand-written
  pages;
* ``tutorial/``: the chart shown in the tutorial;
* ``maps/``: England at 31 March of each year the data covers, a grid of small maps in each
  style, shown on the maps page.

Nothing is written when the inputs (the data package and the code that draws the pages)
are unchanged since the last run, so repeated builds stay fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import ofsted_ratings
from ofsted_ratings import Grade, load
from ofsted_ratings.dataset import Dataset, data_files
from ofsted_ratings.exports.maps import MAP_STYLES, MapStyle
from ofsted_ratings.exports.tables import columns
from ofsted_ratings.frameworks import AREA_KEYS, FRAMEWORKS, FrameworkId
from ofsted_ratings.groups import group_names
from ofsted_ratings.models import (
    DatePrecision,
    Inspection,
    LocalAuthority,
    SourceKind,
    Visit,
    VisitKind,
    approximate_date,
    known_from_text,
)

DOCS = Path(__file__).resolve().parent
OUT = DOCS / "_generated"
CHART_DPI = 100

_SLUG = re.compile(r"[^a-z0-9]+")


def _stamp() -> str:
    """A hash of everything the generated pages depend on."""
    digest = hashlib.sha256(ofsted_ratings.__version__.encode())
    folder = data_files()
    for name in ("authorities.csv", "inspections.csv", "visits.csv", "datapackage.json"):
        digest.update((folder / name).read_bytes())
    package = Path(ofsted_ratings.__file__).parent
    for path in sorted([*package.rglob("*.py"), *package.glob("_geo/*")]):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def slug(text: str) -> str:
    """A file name for ``text``: lower case, hyphens for anything else."""
    return _SLUG.sub("-", text.lower()).strip("-")


def _cell(text: object) -> str:
    """Text made safe for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(_cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "not known"


def _nowrap(text: str) -> str:
    """``text`` in a span that the style sheet keeps on one line (a date in a table)."""
    return f"[{text}]{{.nowrap}}"


def _published(inspection: Inspection) -> str:
    """When the result was public: the day printed, the day a source gives it by, or the
    month it can first have been public ("after September 2017") where no source dates it.
    """
    if inspection.published is not None:
        return _day(inspection.published)
    if inspection.source.published is not None:
        return f"by {_day(inspection.source.published)}"
    return known_from_text(inspection)


def _area_label(key: str) -> str:
    from ofsted_ratings.exports.charts import area_name

    return area_name(key)


# -- pages ----------------------------------------------------------------------------------


class _Pages:
    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.slugs: dict[str, str] = {}
        taken: set[str] = set()
        for authority in sorted(dataset.authorities, key=lambda a: (not a.current, a.name)):
            name = slug(authority.name)
            if name in taken:
                name = f"{name}-{authority.key}"
            taken.add(name)
            self.slugs[authority.key] = name

    def link(self, authority: LocalAuthority, *, prefix: str = "") -> str:
        return f"[{authority.name}]({prefix}{self.slugs[authority.key]}.md)"

    def authority_page(self, authority: LocalAuthority) -> str:
        history = self.dataset.history(authority)
        out = io.StringIO()
        out.write(f"# {authority.name}\n\n")
        out.write(self._abolished_note(authority))
        out.write("".join(f"{label}\n: {value}\n\n" for label, value in self._facts(authority)))
        graded = [i for i in history if i.graded]
        out.write(
            f"\nInspections and visits recorded: {len(history)}, of which {len(graded)} graded.\n\n"
        )
        if history:
            out.write(
                f"![Every judgement of {authority.name} over time](charts/"
                f"{self.slugs[authority.key]}.png)\n\n"
            )
        out.write("## History\n\n")
        if not history:
            out.write("No inspections are recorded for this authority.\n")
            return out.getvalue()
        out.write(_history_table(history))
        visits = self.dataset.visits_of(authority)
        if visits:
            out.write("\n## Visits between inspections\n\n")
            out.write(
                "Focused and monitoring visits are not graded; the letters' findings are in "
                "their own words at the source.\n\n"
            )
            out.write(_visits_table(visits))
        out.write("\n## Every judgement\n\n")
        out.write("".join(_inspection_section(i) for i in reversed(history)))
        return out.getvalue()

    def _abolished_note(self, authority: LocalAuthority) -> str:
        if authority.current:
            return ""
        text = f"```{{note}}\nThis authority was abolished on {_day(authority.abolished)}."
        if authority.successors:
            names = ", ".join(self.link(self.dataset.authority(u)) for u in authority.successors)
            text += f" Its successors: {names}."
        return text + "\n```\n\n"

    def _facts(self, authority: LocalAuthority) -> list[tuple[str, str]]:
        ds = self.dataset
        optional = (
            ("DfE LA code", authority.la_code),
            ("ONS code", authority.ons_code),
            ("Former ONS codes", ", ".join(authority.former_ons_codes)),
            ("Ofsted region", authority.region.value if authority.region else None),
            ("Type", authority.type.value if authority.type else None),
            ("Also known as", "; ".join(authority.aliases)),
            ("Created", _day(authority.created) if authority.created else None),
            ("Abolished", _day(authority.abolished) if authority.abolished else None),
            ("Predecessors", ", ".join(self.link(ds.authority(u)) for u in authority.predecessors)),
            ("Successors", ", ".join(self.link(ds.authority(u)) for u in authority.successors)),
            (
                "Statistical neighbours",
                ", ".join(
                    self.link(n)
                    for n in map(ds.get_authority, authority.statistical_neighbours)
                    if n is not None
                ),
            ),
        )
        facts = [("Ofsted URN", "not known" if authority.urn is None else str(authority.urn))]
        facts.extend((label, value) for label, value in optional if value)
        return facts

    def index_page(self, group_charts: Sequence[tuple[str, str]]) -> str:
        ds = self.dataset
        out = io.StringIO()
        out.write("# Browse the data\n\n")
        out.write(
            "Every authority's page lists its identifiers, every inspection and visit with "
            "every judgement, and a link to each source. The table below gives each current "
            "authority's latest graded inspection"
            + (f" in the data released {_day(ds.release)}" if ds.release else "")
            + ".\n\n"
        )
        latest = [(a, ds.latest(a)) for a in sorted(ds.current_authorities, key=lambda a: a.name)]
        counts = Counter(i.headline for _, i in latest if i is not None)
        summary = ", ".join(f"{counts[g]} {g.value}" for g in sorted(Grade, reverse=True))
        missing = counts[None]
        never = sum(1 for _, i in latest if i is None)
        out.write(f"Latest overall effectiveness of {len(latest)} current authorities: {summary}")
        if missing:
            out.write(f"; {missing} whose latest inspection has no overall effectiveness grade")
        if never:
            out.write(f"; {never} with no graded inspection recorded")
        out.write(".\n\n## Latest grades\n\n")
        areas = [k for k in AREA_KEYS if any(i is not None and i.grade(k) for _, i in latest)]
        rows = []
        for authority, inspection in latest:
            if inspection is None:
                rows.append(
                    (self.link(authority), authority.region or "", "", "", *[""] * len(areas))
                )
                continue
            framework = inspection.framework_info
            grades = [inspection.grade(k) for k in areas]
            rows.append(
                (
                    self.link(authority),
                    authority.region or "",
                    _nowrap(known_from_text(inspection)),
                    inspection.kind.value if inspection.kind else "",
                    *[g.label(framework) if g else "" for g in grades],
                )
            )
        header = ("Authority", "Region", "Published", "Kind", *[_area_label(k) for k in areas])
        out.write(_table(header, rows))
        out.write("\n## Groups\n\n")
        for title, image in group_charts:
            out.write(f"### {title}\n\n![{title}]({image})\n\n")
        former = sorted((a for a in ds.authorities if not a.current), key=lambda a: a.name)
        if former:
            out.write("\n## Former authorities\n\n")
            out.write(
                ", ".join(f"{self.link(a)} (abolished {_day(a.abolished)})" for a in former) + ".\n"
            )
        out.write("\n```{toctree}\n:hidden:\n:maxdepth: 1\n\n")
        for authority in sorted(ds.authorities, key=lambda a: a.name):
            out.write(f"{self.slugs[authority.key]}\n")
        out.write("```\n")
        return out.getvalue()


def _escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


def _kind(inspection: Inspection) -> str:
    kind = inspection.kind
    if kind is None:
        return "inspection"
    if kind.value in ("short", "standard"):
        return f"{kind.value} inspection"
    return kind.value


def _dates(inspection: Inspection, *, nowrap: bool = False) -> str:
    """The days on site, only as precisely as the sources give them."""
    start, end, precision = inspection.start, inspection.end, inspection.date_precision
    wrap = _nowrap if nowrap else str
    if start is None:
        return "dates not known"
    if precision is DatePrecision.MONTH:
        months = wrap(approximate_date(start, precision))
        if end is not None and end != start:
            months += f" to {wrap(approximate_date(end, precision))}"
        return f"{months} (month only)"
    if end is not None:
        return f"{wrap(start.isoformat())} to {wrap(end.isoformat())}"
    return f"from {wrap(start.isoformat())}"


# -- fragments ------------------------------------------------------------------------------


_LITERAL = re.compile(r"(?<![\w'])'([^'A-Z]*)'(-separated)?(?!\w)")


def _describe(text: str) -> str:
    """A description from the descriptor as Markdown: a quoted literal value (``'la-'``,
    ``'<authority_key>-<publication date>'``) becomes code, an empty one (``''``) the word
    "empty", ``'; '-separated`` "separated by" the code, and the rest is escaped, so that
    nothing in it reads as markup.

    >>> _describe("'<key>-<date>' (the source's date); '; '-separated; '' where none")
    "`<key>-<date>` (the source's date); separated by `; `; empty where none"
    """
    out = []
    last = 0
    for match in _LITERAL.finditer(text):
        out.append(_escape(text[last : match.start()]))
        value, separated = match.groups()
        code = f"`{value}`" if value else "empty"
        out.append(f"separated by {code}" if separated else code)
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out)


def _missing(values: Sequence[str]) -> str:
    """How the descriptor's ``missingValues`` are written, in words."""
    words = ["an empty cell" if value == "" else f"`{value}`" for value in values]
    return " or ".join(words) if words else "not written"


def data_dictionary() -> str:
    """The data dictionary, from the bundled ``datapackage.json``."""
    descriptor = json.loads((data_files() / "datapackage.json").read_text(encoding="utf-8"))
    out = io.StringIO()
    out.write(
        f"Package `{descriptor['name']}`, version {descriptor.get('version', 'unknown')} "
        f"(profile `{descriptor.get('profile', 'data-package')}`): {descriptor['title']}.\n\n"
    )
    for licence in descriptor.get("licenses", []):
        out.write(f"Licence: [{licence.get('title', licence['name'])}]({licence['path']}).\n")
    out.write("\n")
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        out.write(f"## `{resource['path']}` ({resource['name']})\n\n")
        out.write(f"Primary key: {', '.join(f'`{k}`' for k in schema.get('primaryKey', []))}.")
        for key in schema.get("foreignKeys", []):
            ref = key["reference"]
            out.write(
                f" Foreign key: `{', '.join(key['fields'])}` references "
                f"`{ref['resource']}.{', '.join(ref['fields'])}`."
            )
        out.write(f" A missing value is {_missing(schema.get('missingValues', ['']))}.\n\n")
        rows = []
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            rules = []
            if constraints.get("required"):
                rules.append("required")
            if constraints.get("unique"):
                rules.append("unique")
            if "pattern" in constraints:
                rules.append(f"pattern `{constraints['pattern']}`")
            if "minimum" in constraints:
                rules.append(f"at least {constraints['minimum']}")
            if "enum" in constraints:
                rules.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
            rows.append(
                (
                    f"`{field['name']}`",
                    field["type"],
                    "; ".join(rules),
                    _describe(field["description"]),
                )
            )
        out.write(_table(("Field", "Type", "Rules", "Description"), rows))
        out.write("\n")
    out.write("## Derived tables\n\n")
    out.write(
        "The long `judgements` table (`export --format long-csv`, {func}`~ofsted_ratings."
        'exports.tables.long_rows`, `ds.to_pandas("judgements")`) has one row per judgement:\n\n'
    )
    out.write(
        _table(
            ("Column", "Kind", "Description"),
            ((f"`{c.name}`", c.kind, _describe(c.description)) for c in columns("judgements")),
        )
    )
    out.write(
        "\nIn the typed exports (pandas, polars, SQLite, Excel) every grade is one of the "
        "four words `outstanding`, `good`, `requires improvement`, `inadequate`; the data "
        "files keep `adequate` for grade 3 before 2013, and `grade_label` keeps the wording "
        "each framework printed.\n"
    )
    return out.getvalue()


def framework_table() -> str:
    """Every framework with its dates and judgement areas, from the code."""
    out = io.StringIO()
    rows = []
    for framework in FRAMEWORKS.values():
        headline = framework.area(framework.headline).label if framework.headline else "none"
        rows.append(
            (
                f"`{framework.id.value}`",
                framework.name,
                _nowrap(framework.start.isoformat()),
                _nowrap(framework.end.isoformat()) if framework.end else "in force",
                framework.grade_labels[Grade.REQUIRES_IMPROVEMENT],
                headline,
            )
        )
    out.write(
        _table(("Key", "Framework", "From", "To", "Grade 3 is called", "Headline judgement"), rows)
    )
    for framework in FRAMEWORKS.values():
        out.write(f"\n### {framework.name}\n\n{framework.title}. {framework.notes}\n\n")
        out.write(
            _table(
                ("Area key", "As the reports print it"),
                (
                    (
                        f"`{area.key}`",
                        area.label
                        + (
                            f" (part of `{area.sub_judgement_of}`)" if area.sub_judgement_of else ""
                        ),
                    )
                    for area in framework.areas
                ),
            )
        )
    return out.getvalue()


def provenance_counts(dataset: Dataset) -> str:
    """How many inspections each kind of source gives, by framework."""
    counts = Counter((i.framework, i.source.kind) for i in dataset.inspections)
    kinds = sorted({k for _, k in counts}, key=lambda k: k.value)
    rows = []
    for framework in FRAMEWORKS.values():
        if any(counts[(framework.id, k)] for k in kinds):
            rows.append((framework.name, *[counts[(framework.id, k)] for k in kinds]))
    rows.append(("All", *[sum(counts[(f, k)] for f in FRAMEWORKS) for k in kinds]))
    return _table(("Framework", *[k.value for k in kinds]), rows)


def visit_counts(dataset: Dataset) -> str:
    """Visits by the year of their first day on site and kind, and by kind of source.

    >>> from ofsted_ratings import load
    >>> visit_counts(load()).splitlines()[0].startswith("| Year | focused visit |")
    True
    """
    kinds = [kind for kind in VisitKind if any(v.kind is kind for v in dataset.visits)]
    sources = sorted({v.source.kind for v in dataset.visits}, key=lambda k: k.value)
    counts = Counter((v.start.year if v.start else None, v.kind) for v in dataset.visits)
    by_source = Counter((v.kind, v.source.kind) for v in dataset.visits)
    years = sorted({year for year, _ in counts if year is not None})
    rows: list[list[object]] = [[year, *(counts[(year, k)] for k in kinds)] for year in years]
    rows.append(["All", *(sum(counts[(y, k)] for y in years) for k in kinds)])
    for source in sources:
        label = "from their letters" if source is SourceKind.REPORT else f"from the {source} only"
        rows.append([label, *(by_source[(k, source)] for k in kinds)])
    with_actions = sum(1 for v in dataset.visits if v.priority_actions)
    actions = sum(len(v.priority_actions) for v in dataset.visits)
    return _table(("Year", *(str(k) for k in kinds)), rows) + (
        f"\n{with_actions} letters name areas for priority action ({actions} in all).\n"
    )


def cli_reference() -> str:
    """The help of the command line and of each of its commands."""
    import argparse

    from ofsted_ratings.cli.parser import build_parser

    parser = build_parser()
    out = io.StringIO()
    with _columns(88):
        out.write("```text\n" + parser.format_help() + "```\n")
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    out.write(f"\n## `ofsted-ratings {name}`\n\n")
                    out.write("```text\n" + sub.format_help() + "```\n")
    return out.getvalue()


@contextlib.contextmanager
def _columns(width: int) -> Any:
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


# -- charts ---------------------------------------------------------------------------------


def _chart_authority(job: tuple[str, str]) -> None:
    from ofsted_ratings.exports.charts import plot_authority

    key, path = job
    plot_authority(load(), key, path, dpi=CHART_DPI)


def _chart_group(job: tuple[str, str]) -> None:
    from ofsted_ratings.exports.charts import plot_group

    name, path = job
    plot_group(load(), name, path, dpi=CHART_DPI)


def _draw(jobs_one: list[tuple[str, str]], jobs_group: list[tuple[str, str]]) -> None:
    workers = min(4, os.cpu_count() or 1)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_chart_authority, jobs_one, chunksize=8))
            list(pool.map(_chart_group, jobs_group))
    else:
        for one in jobs_one:
            _chart_authority(one)
        for group in jobs_group:
            _chart_group(group)


def _map_grid(job: tuple[MapStyle, str]) -> None:
    from ofsted_ratings.exports.maps import map_series

    style, path = job
    dataset = load()
    assert dataset.release is not None
    map_series(dataset, map_days(dataset), path, style=style, dpi=CHART_DPI)


def map_days(dataset: Dataset) -> list[date]:
    """31 March of each year from the first after the single inspection framework began
    (the data holds few inspections before it) to the release."""
    start = FRAMEWORKS[FrameworkId.SIF].start
    assert dataset.release is not None
    return [date(year, 3, 31) for year in range(start.year + 1, dataset.release.year + 1)]


# -- entry point ----------------------------------------------------------------------------


def generate(out: Path = OUT, *, force: bool = False) -> bool:
    """Write every generated page into ``out``; return whether anything was regenerated."""
    stamp_file = out / ".stamp"
    stamp = _stamp()
    if not force and stamp_file.is_file() and stamp_file.read_text(encoding="utf-8") == stamp:
        return False
    dataset = load()
    pages = _Pages(dataset)
    browse = out / "browse"
    if browse.exists():
        shutil.rmtree(browse)
    (browse / "charts").mkdir(parents=True)
    for authority in dataset.authorities:
        _write(browse / f"{pages.slugs[authority.key]}.md", pages.authority_page(authority))
    groups = [("core-cities", "Core Cities (England)")] + [
        (name, dataset.group(name).name) for name in group_names() if name.startswith("ofsted:")
    ]
    group_jobs = [(name, str(browse / "charts" / f"group-{slug(name)}.png")) for name, _ in groups]
    _write(
        browse / "index.md",
        pages.index_page([(title, f"charts/group-{slug(name)}.png") for name, title in groups]),
    )
    fragments = out / "fragments"
    _write(fragments / "data-dictionary.md", data_dictionary())
    _write(fragments / "frameworks.md", framework_table())
    _write(fragments / "provenance-counts.md", provenance_counts(dataset))
    _write(fragments / "visit-counts.md", visit_counts(dataset))
    _write(fragments / "cli.md", cli_reference())
    tutorial = out / "tutorial"
    tutorial.mkdir(parents=True, exist_ok=True)
    group_jobs.append(("core-cities", str(tutorial / "core-cities.png")))
    maps = out / "maps"
    maps.mkdir(parents=True, exist_ok=True)
    for style in MAP_STYLES:
        _map_grid((style, str(maps / f"{style}.png")))
    _draw(
        [
            (a.key, str(browse / "charts" / f"{pages.slugs[a.key]}.png"))
            for a in dataset.authorities
            if dataset.history(a)
        ],
        group_jobs,
    )
    _write(stamp_file, stamp)
    return True


def _history_table(history: Sequence[Inspection]) -> str:
    rows = []
    for inspection in history:
        headline = inspection.headline
        if headline:
            overall = headline.label(inspection.framework_info)
        else:
            overall = "not graded" if not inspection.graded else "no headline grade"
        rows.append(
            (
                _nowrap(_published(inspection)),
                _dates(inspection, nowrap=True),
                inspection.framework_info.name,
                _kind(inspection),
                overall,
                f"[{inspection.source.kind.value}]({inspection.source.url})",
            )
        )
    return _table(
        ("Published", "Inspected", "Framework", "Kind", "Overall effectiveness", "Source"), rows
    )


def _visits_table(visits: Sequence[Visit]) -> str:
    rows = []
    for visit in visits:
        on_site = (
            f"{_nowrap(_day(visit.start))} to {_nowrap(_day(visit.end))}"
            if visit.start and visit.end
            else "not known"
        )
        rows.append(
            (
                _nowrap(_day(visit.known_from)),
                on_site,
                visit.kind.value,
                _escape(visit.theme) if visit.theme else "not given",
                len(visit.priority_actions),
                len(visit.improvements),
                f"[{visit.source.kind.value}]({visit.source.url})",
            )
        )
    header = (
        "Known from",
        "On site",
        "Kind",
        "What it looked at",
        "Priority actions",
        "To improve",
        "Source",
    )
    return _table(header, rows)


def _inspection_section(inspection: Inspection) -> str:
    framework = inspection.framework_info
    out = io.StringIO()
    when = _published(inspection)
    out.write(f"### {when[:1].upper()}{when[1:]}: {_kind(inspection)} ({framework.name})\n\n")
    if inspection.judgements:
        out.write(
            _table(
                ("Judgement", "Grade"),
                (
                    (framework.area(j.area).label, j.grade.label(framework))
                    for j in inspection.judgements
                ),
            )
        )
    else:
        out.write("This kind of visit is not graded.\n")
    source = inspection.source
    out.write(f"\nInspected: {_dates(inspection)}.")
    if inspection.lead_inspector:
        out.write(f" Lead inspector: {inspection.lead_inspector}.")
    out.write(f"\nSource ({source.kind.value}): [{_escape(source.title)}]({source.url})")
    if source.published:
        out.write(f", published {_day(source.published)}")
    if source.publisher:
        out.write(f" by {_escape(source.publisher)}")
    out.write(".\n")
    if source.sha256:
        out.write(f"SHA-256 of the file read: `{source.sha256}`.\n")
    if source.note:
        out.write(f"\n> {_escape(source.note)}\n")
    out.write("\n")
    return out.getvalue()


if __name__ == "__main__":
    generate(force=True)
