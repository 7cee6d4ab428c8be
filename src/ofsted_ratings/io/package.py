"""The data package on disk: reading and writing ``data/`` and its Frictionless descriptor.

A data package is a folder holding ``authorities.csv``, ``inspections.csv``, ``visits.csv``
and ``datapackage.json`` (a package written before there were visits has no ``visits.csv``,
and has no visits). :func:`read_package`, :func:`read_records` and :func:`read_visits` read
one into records;
:func:`package_files` gives the text of the files for a dataset; :func:`rows_to_csv` is the
one CSV writer. The descriptor is built from the same column lists the CSV writers use, so
the schema and the model cannot drift apart.

>>> descriptor = build_descriptor(release=date(2025, 8, 12))
>>> [r["name"] for r in descriptor["resources"]]
['authorities', 'inspections', 'visits', 'corrections', 'visit-corrections']
>>> descriptor["resources"][1]["schema"]["primaryKey"]
['id']
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, TypeVar

import attrs

from ..errors import DataFileError, OfstedRatingsError, RecordError
from ..frameworks import AREA_KEYS, FRAMEWORKS, FrameworkId, InspectionKind
from ..grades import Grade
from ..models import (
    AuthorityType,
    DatePrecision,
    Inspection,
    KindBasis,
    LocalAuthority,
    OnsRegion,
    Region,
    SourceKind,
    Visit,
    VisitKind,
)
from .convert import (
    AUTHORITY_COLUMNS,
    INSPECTION_COLUMNS,
    VISIT_COLUMNS,
    authority_from_row,
    authority_to_row,
    inspection_from_row,
    inspection_to_row,
    visit_from_row,
    visit_to_row,
)

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from ..dataset import Dataset

__all__ = [
    "AUTHORITIES_FILE",
    "CORRECTION_COLUMNS",
    "DESCRIPTOR_FILE",
    "INSPECTIONS_FILE",
    "VISITS_FILE",
    "VISIT_CORRECTIONS_FILE",
    "Descriptor",
    "PackageText",
    "build_descriptor",
    "descriptor_json",
    "package_files",
    "read_package",
    "read_records",
    "read_visits",
    "rows_to_csv",
]

AUTHORITIES_FILE = "authorities.csv"
INSPECTIONS_FILE = "inspections.csv"
VISITS_FILE = "visits.csv"
DESCRIPTOR_FILE = "datapackage.json"
#: The reviewed disagreements about visits, as ``corrections.csv`` holds those about
#: inspections (same columns).
VISIT_CORRECTIONS_FILE = "visit-corrections.csv"

#: Columns of ``corrections.csv``: each reviewed disagreement between a report and
#: Ofsted's official files, and how it was resolved.
CORRECTION_COLUMNS: tuple[str, ...] = (
    "id",
    "field",
    "file",
    "report",
    "official",
    "resolution",
    "reason",
)

_GRADE_WORDS = sorted({g.value for g in Grade} | {"adequate"})


class Constraints(TypedDict, total=False):
    """A Table Schema field's constraints."""

    required: bool
    unique: bool
    minimum: int
    pattern: str
    enum: list[str]


class _FieldBase(TypedDict):
    name: str
    type: Literal["integer", "string", "date"]
    description: str


class FieldDescriptor(_FieldBase, total=False):
    """A Table Schema field: name, type, description and, where it has them, a format and
    constraints."""

    format: str
    constraints: Constraints


class _Reference(TypedDict):
    resource: str
    fields: list[str]


class _ForeignKey(TypedDict):
    fields: list[str]
    reference: _Reference


class _SchemaBase(TypedDict):
    fields: list[FieldDescriptor]
    primaryKey: list[str]
    missingValues: list[str]


class Schema(_SchemaBase, total=False):
    """A Table Schema."""

    foreignKeys: list[_ForeignKey]


class Resource(TypedDict):
    """A tabular data resource: one CSV file and its schema."""

    name: str
    path: str
    profile: str
    format: str
    mediatype: str
    encoding: str
    schema: Schema


class _Link(TypedDict):
    title: str
    path: str


class _License(TypedDict):
    name: str
    title: str
    path: str


class Descriptor(TypedDict):
    """A ``datapackage.json`` descriptor (Frictionless tabular data package)."""

    profile: str
    name: str
    title: str
    description: str
    version: str
    licenses: list[_License]
    sources: list[_Link]
    resources: list[Resource]


def _field(
    name: str,
    kind: Literal["integer", "string", "date"],
    description: str,
    *,
    format: str | None = None,
    constraints: Constraints | None = None,
) -> FieldDescriptor:
    field: FieldDescriptor = {"name": name, "type": kind, "description": description}
    if format is not None:
        field["format"] = format
    if constraints is not None:
        field["constraints"] = constraints
    return field


def _authority_fields() -> list[FieldDescriptor]:
    fields = {
        "key": _field(
            "key",
            "string",
            "The authority's key: its URN, or 'la-' and its DfE LA code where no source "
            "gives its URN.",
            constraints={"required": True, "unique": True, "pattern": "[1-9][0-9]*|la-[0-9]{3}"},
        ),
        "urn": _field(
            "urn",
            "integer",
            "Ofsted's unique reference number of the authority; empty where no source gives it.",
            constraints={"unique": True, "minimum": 1},
        ),
        "name": _field(
            "name",
            "string",
            "The authority's name, as Ofsted's statistics give it.",
            constraints={"required": True},
        ),
        "la_code": _field(
            "la_code",
            "string",
            "DfE three-digit local authority code.",
            constraints={"pattern": "[0-9]{3}"},
        ),
        "ons_code": _field(
            "ons_code",
            "string",
            "Current ONS (GSS) code of the area.",
            constraints={"pattern": "E(06|08|09|10|11)[0-9]{6}"},
        ),
        "former_ons_codes": _field(
            "former_ons_codes", "string", "Earlier ONS codes of the same authority, '; '-separated."
        ),
        "region": _field(
            "region", "string", "Ofsted region.", constraints={"enum": [r.value for r in Region]}
        ),
        "ons_region": _field(
            "ons_region",
            "string",
            "ONS region (one of the nine English regions), as the ONS names it.",
            constraints={"enum": [r.value for r in OnsRegion]},
        ),
        "type": _field(
            "type",
            "string",
            "Kind of council.",
            constraints={"enum": [t.value for t in AuthorityType]},
        ),
        "aliases": _field("aliases", "string", "Other names of the authority, '; '-separated."),
        "created": _field("created", "date", "When the authority came into being, if since 2009."),
        "abolished": _field("abolished", "date", "When the authority ceased to exist."),
        "predecessors": _field(
            "predecessors", "string", "Keys of the authorities it replaced, '; '-separated."
        ),
        "successors": _field(
            "successors", "string", "Keys of the authorities that replaced it, '; '-separated."
        ),
        "statistical_neighbours": _field(
            "statistical_neighbours",
            "string",
            "DfE statistical neighbours (LA codes, nearest first), '; '-separated.",
        ),
    }
    return [fields[column] for column in AUTHORITY_COLUMNS]


def _area_description(key: str) -> str:
    labels = []
    for framework in FRAMEWORKS.values():
        if framework.has_area(key):
            labels.append(f"{framework.name}: '{framework.area(key).label}'")
    return "Grade for the judgement area " + "; ".join(labels) + "."


def _inspection_fields() -> list[FieldDescriptor]:
    fields: dict[str, FieldDescriptor] = {
        "id": _field(
            "id",
            "string",
            "'<authority_key>-<publication date>' (the source's date where the report's is "
            "not known; for an inspection known only to the month and dated by no source, the "
            "first day after its last month on site): unique key.",
            constraints={"required": True, "unique": True},
        ),
        "authority_key": _field(
            "authority_key",
            "string",
            "Key of the inspected authority (authorities.key).",
            constraints={"required": True},
        ),
        "urn": _field(
            "urn",
            "integer",
            "URN of the inspected authority (authorities.urn); empty where no source gives it.",
        ),
        "framework": _field(
            "framework",
            "string",
            "Inspection framework.",
            constraints={"required": True, "enum": [f.value for f in FrameworkId]},
        ),
        "kind": _field(
            "kind",
            "string",
            "Kind of inspection, where a source states it or the days on site imply it.",
            constraints={"enum": [k.value for k in InspectionKind]},
        ),
        "kind_basis": _field(
            "kind_basis",
            "string",
            "How the kind is known: the report says so, Ofsted's official statistics list it, "
            "a cited document states it, or it is inferred from the days on site (Monday to "
            "Friday of one week: short; of two weeks: standard). Empty when kind is.",
            constraints={"enum": [b.value for b in KindBasis]},
        ),
        "start": _field("start", "date", "First day of the inspection."),
        "end": _field("end", "date", "Last day of the inspection."),
        "date_precision": _field(
            "date_precision",
            "string",
            "How precisely the sources give start and end: 'day', or 'month' when only the "
            "month is known (each date is then the first day of its month). A publication "
            "date, when given, is always to the day.",
            constraints={"required": True, "enum": [p.value for p in DatePrecision]},
        ),
        "published": _field("published", "date", "Publication date of the report."),
        "lead_inspector": _field("lead_inspector", "string", "Lead (or reporting) inspector."),
        **_source_fields(),
    }
    for key in AREA_KEYS:
        fields[key] = _field(
            key, "string", _area_description(key), constraints={"enum": _GRADE_WORDS}
        )
    return [fields[column] for column in INSPECTION_COLUMNS]


def _source_fields(
    descriptions: Mapping[str, str] | None = None,
) -> dict[str, FieldDescriptor]:
    """The columns that describe the source, with ``descriptions`` instead of those
    written for ``inspections.csv`` where given."""
    fields = {
        "source_kind": _field(
            "source_kind",
            "string",
            "What the values come from.",
            constraints={"required": True, "enum": [k.value for k in SourceKind]},
        ),
        "source_url": _field(
            "source_url",
            "string",
            "Where the source is published.",
            format="uri",
            constraints={"required": True},
        ),
        "source_title": _field(
            "source_title", "string", "Title of the source.", constraints={"required": True}
        ),
        "source_sha256": _field(
            "source_sha256",
            "string",
            "SHA-256 of the file read.",
            constraints={"pattern": "[0-9a-f]{64}"},
        ),
        "source_published": _field(
            "source_published", "date", "Publication date of the source document."
        ),
        "source_listed": _field(
            "source_listed",
            "date",
            "The date Ofsted's reports site lists the report on (for six SIF reports, days "
            "after the date the report prints).",
        ),
        "source_publisher": _field("source_publisher", "string", "Publisher of a cited document."),
        "source_note": _field("source_note", "string", "What the source does and does not say."),
    }
    for name, description in (descriptions or {}).items():
        fields[name] = {**fields[name], "description": description}
    return fields


def _visit_fields() -> list[FieldDescriptor]:
    fields: dict[str, FieldDescriptor] = {
        "id": _field(
            "id",
            "string",
            "'<authority_key>-visit-<first day on site>': unique key. Every source gives the "
            "first day of a visit; not every one its publication date.",
            constraints={"required": True, "unique": True},
        ),
        "authority_key": _field(
            "authority_key",
            "string",
            "Key of the visited authority (authorities.key).",
            constraints={"required": True},
        ),
        "urn": _field(
            "urn",
            "integer",
            "URN of the visited authority (authorities.urn); empty where no source gives it.",
        ),
        "kind": _field(
            "kind",
            "string",
            "Kind of visit: a focused visit; a focused visit made under the COVID-19 "
            "arrangements (its letter says the visit's delivery model or methodology was "
            "adapted to the COVID-19 context); or a monitoring visit to an authority judged "
            "inadequate.",
            constraints={"required": True, "enum": [k.value for k in VisitKind]},
        ),
        "start": _field("start", "date", "First day on site."),
        "end": _field(
            "end",
            "date",
            "Last day on site; empty for a visit only Ofsted's official statistics list "
            "(they give the first day alone).",
        ),
        "letter_date": _field(
            "letter_date",
            "date",
            "The date of the letter reporting the visit; where the letter prints none, the "
            "date its listing gives (source_note says so). Empty where no letter is at hand.",
        ),
        "lead_inspector": _field(
            "lead_inspector", "string", "The lead inspector, where the letter says who led."
        ),
        "inspectors": _field(
            "inspectors",
            "string",
            "The inspectors the letter names, lead first, '; '-separated (a name holds no "
            "';'). Empty where no letter is at hand.",
        ),
        "theme": _field(
            "theme",
            "string",
            "What the visit looked at, in the letter's own words; where only Ofsted's "
            "official statistics list the visit, their visit theme (for example 'Front "
            "door').",
        ),
        "priority_actions": _field(
            "priority_actions",
            "string",
            "The letter's areas for priority action, each in its own words, as a JSON list "
            "of strings (an item is one or more sentences and may hold any punctuation, "
            "'; ' among it). Empty when the letter names none, or no letter is at hand.",
        ),
        "improvements": _field(
            "improvements",
            "string",
            "What the letter says needs to improve, each point in its own words, as a JSON "
            "list of strings like priority_actions. Empty when it says nothing needs to, or "
            "no letter is at hand.",
        ),
        **_source_fields(
            {
                "source_kind": (
                    "What the values come from: 'report' for the letter reporting the visit; "
                    "'official statistics' for Ofsted's official file, where no letter is "
                    "at hand."
                ),
                "source_url": (
                    "Where the source is: for a letter, the copy in the public archive it "
                    "was taken from (a GitHub address of the archive's repository, commit "
                    "and file; Ofsted's own address for the letter is not known); for the "
                    "official statistics, their collection page."
                ),
                "source_sha256": "SHA-256 of the file read (the letter, or the official file).",
                "source_published": (
                    "The source's date: the letter's date, for a letter; the official "
                    "file's publication date, for the official statistics."
                ),
                "source_listed": (
                    "The date the letter was published, as a list of Ofsted's publications "
                    "gives it: the date Ofsted's reports site listed the letter on (the date "
                    "in the archive's file name), or, for a visit only the official "
                    "statistics list, the publication date they give (the 2024 file gives "
                    "none)."
                ),
                "source_publisher": "Publisher of the source.",
            }
        ),
    }
    return [fields[column] for column in VISIT_COLUMNS]


def _correction_fields(*, visits: bool = False) -> list[FieldDescriptor]:
    """The columns of ``corrections.csv`` (or, with ``visits``, ``visit-corrections.csv``)."""
    record, table, document = (
        ("visit", "visits", "letter") if visits else ("inspection", "inspections", "report")
    )
    fields = {
        "id": _field(
            "id",
            "string",
            f"The {record} concerned ({table}.id).",
            constraints={"required": True},
        ),
        "field": _field(
            "field",
            "string",
            f"The {table}.csv column in dispute.",
            constraints={"required": True},
        ),
        "file": _field(
            "file",
            "string",
            f"The source that disagrees: an official file, or manifest.csv (the list of "
            f"{document}s and the dates Ofsted's site lists them on).",
            constraints={"required": True},
        ),
        "report": _field(
            "report", "string", f"The value the {document} prints ('' where it prints none)."
        ),
        "official": _field("official", "string", "The value the source that disagrees gives."),
        "resolution": _field(
            "resolution",
            "string",
            f"Which value the dataset uses: the {document}'s, this source's, or (where the "
            f"{document} prints none) another official file's.",
            constraints={"required": True, "enum": ["report", "official", "other official file"]},
        ),
        "reason": _field("reason", "string", "Why, after review.", constraints={"required": True}),
    }
    return [fields[column] for column in CORRECTION_COLUMNS]


def build_descriptor(*, release: date) -> Descriptor:
    """The ``datapackage.json`` descriptor for a release dated ``release``."""
    return {
        "profile": "tabular-data-package",
        "name": "ofsted-ratings",
        "title": "Ofsted judgements of English local authority children's services",
        "description": (
            "Every English local authority's graded inspections of children's services, "
            "the focused and monitoring visits between them, with identifiers and the "
            "source of each record."
        ),
        "version": release.isoformat(),
        "licenses": [
            {
                "name": "OGL-UK-3.0",
                "title": "Open Government Licence v3.0",
                "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            }
        ],
        "sources": [
            {
                "title": "Ofsted inspection reports of local authority children's services",
                "path": "https://reports.ofsted.gov.uk/",
            },
            {
                "title": "Ofsted: Local authority inspection outcomes as at 31 March (2024, 2025)",
                "path": "https://www.gov.uk/government/collections/childrens-social-care-statistics",
            },
            {
                "title": (
                    "Ofsted's letters on focused visits, as kept by data-to-insight's "
                    "focused-visit scraper"
                ),
                "path": "https://github.com/data-to-insight/ofsted-focused-visit-scrape-tool",
            },
        ],
        "resources": [
            _resource("authorities", _authority_fields(), ["key"]),
            _resource(
                "inspections",
                _inspection_fields(),
                ["id"],
                ("authority_key", "authorities", "key"),
            ),
            _resource("visits", _visit_fields(), ["id"], ("authority_key", "authorities", "key")),
            _resource(
                "corrections",
                _correction_fields(),
                ["id", "field", "file"],
                ("id", "inspections", "id"),
            ),
            _resource(
                "visit-corrections",
                _correction_fields(visits=True),
                ["id", "field", "file"],
                ("id", "visits", "id"),
            ),
        ],
    }


def _resource(
    name: str,
    fields: list[FieldDescriptor],
    primary_key: list[str],
    foreign_key: tuple[str, str, str] | None = None,
) -> Resource:
    """The CSV resource ``name``; ``foreign_key`` is (column, resource, its column)."""
    schema: Schema
    if foreign_key is None:
        schema = {"fields": fields, "primaryKey": primary_key, "missingValues": [""]}
    else:
        column, resource, key = foreign_key
        schema = {
            "fields": fields,
            "primaryKey": primary_key,
            "foreignKeys": [
                {"fields": [column], "reference": {"resource": resource, "fields": [key]}}
            ],
            "missingValues": [""],
        }
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def descriptor_json(*, release: date) -> str:
    """The descriptor as the text written to ``datapackage.json``."""
    return json.dumps(build_descriptor(release=release), indent=2, ensure_ascii=False) + "\n"


def _file_order(inspection: Inspection) -> tuple[int, str, date]:
    """Inspections by URN (those of authorities keyed by LA code last), then by date."""
    urn = inspection.urn
    return (urn if urn is not None else 10**9, inspection.authority_key, inspection.known_from)


def _visit_order(visit: Visit) -> tuple[int, str, date]:
    """Visits by URN (those of authorities keyed by LA code last), then by first day."""
    urn = visit.urn
    return (urn if urn is not None else 10**9, visit.authority_key, visit.start or visit.known_from)


def package_files(dataset: Dataset, release: date) -> dict[str, str]:
    """The text of the data package's files for ``dataset`` (file name to text)."""
    ordered = sorted(dataset.inspections, key=_file_order)
    visits = sorted(dataset.visits, key=_visit_order)
    return {
        AUTHORITIES_FILE: rows_to_csv(
            (authority_to_row(a) for a in dataset.authorities), AUTHORITY_COLUMNS
        ),
        INSPECTIONS_FILE: rows_to_csv((inspection_to_row(i) for i in ordered), INSPECTION_COLUMNS),
        VISITS_FILE: rows_to_csv((visit_to_row(v) for v in visits), VISIT_COLUMNS),
        DESCRIPTOR_FILE: descriptor_json(release=release),
    }


def rows_to_csv(
    rows: Iterable[Mapping[str, object]], columns: Iterable[str], *, excel: bool = False
) -> str:
    """CSV text (with a header line, ``\\n`` line endings) for ``rows``.

    A value of ``None`` is an empty cell; any other value is written as ``str`` gives it.
    ``excel=True`` starts the text with a byte order mark (``\\ufeff``) and ends lines with
    CRLF: written as UTF-8, that is the CSV Excel reads without garbling non-ASCII names.

    >>> rows_to_csv([{"a": "1", "b": "x, y"}], ["a", "b"])
    'a,b\\n1,"x, y"\\n'
    >>> rows_to_csv([{"a": 1, "b": None}], ["a", "b"], excel=True)
    '\\ufeffa,b\\r\\n1,\\r\\n'
    """
    out = io.StringIO(newline="")
    if excel:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n" if excel else "\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# -- reading ----------------------------------------------------------------------------------


@attrs.frozen
class PackageText:
    """The text of a data package's tables, their file names and its release date.

    ``visits_csv`` is ``None`` for a package written before there were visits.
    """

    authorities_csv: str
    inspections_csv: str
    release: date | None
    names: tuple[str, str] = (AUTHORITIES_FILE, INSPECTIONS_FILE)
    visits_csv: str | None = None
    visits_name: str = VISITS_FILE


def _read_text(folder: Traversable | Path, name: str) -> str:
    try:
        return (folder / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(str(folder / name), "file not found") from None
    except UnicodeDecodeError as error:
        raise DataFileError(str(folder / name), f"not UTF-8 text ({error.reason})") from None


def read_package(folder: Traversable | Path) -> PackageText:
    """The text of the data package in ``folder`` and the release its descriptor names.

    A missing or unreadable file raises :class:`~ofsted_ratings.errors.DataFileError`
    naming it; ``visits.csv`` may be missing (a package written before there were visits).
    """
    descriptor_text = _read_text(folder, DESCRIPTOR_FILE)
    try:
        descriptor = json.loads(descriptor_text)
        release_text = descriptor.get("version")
        release = date.fromisoformat(release_text) if release_text else None
    except (ValueError, AttributeError) as error:
        raise DataFileError(
            str(folder / DESCRIPTOR_FILE), f"not a valid descriptor: {error}"
        ) from None
    visits = folder / VISITS_FILE
    return PackageText(
        _read_text(folder, AUTHORITIES_FILE),
        _read_text(folder, INSPECTIONS_FILE),
        release,
        (str(folder / AUTHORITIES_FILE), str(folder / INSPECTIONS_FILE)),
        _read_text(folder, VISITS_FILE) if visits.is_file() else None,
        str(visits),
    )


def _read_rows(
    name: str, text: str, columns: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = tuple(reader.fieldnames or ())
    added = _ADDED_LATER.get(columns, {})
    absent = [c for c in columns if c not in header]
    if absent and set(absent) <= set(added) and header == tuple(c for c in columns if c in header):
        yield from _completed(name, reader, {column: added[column] for column in absent})
        return
    if header != columns:
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected {', '.join(extra)}")
        raise DataFileError(name, "wrong columns: " + ("; ".join(detail) or "wrong order"), line=1)
    yield from _completed(name, reader, {})


def _from_urn(row: Mapping[str, str]) -> str:
    return row["urn"]


def _empty(row: Mapping[str, str]) -> str:
    return ""


#: The columns each file gained since the first release, which files written before then
#: lack, with how to fill them in: when authorities got keys, every authority had a URN, and
#: its key is that URN; the ONS region came later still, and such a file has none.
_ADDED_LATER: dict[tuple[str, ...], dict[str, Callable[[Mapping[str, str]], str]]] = {
    AUTHORITY_COLUMNS: {"key": _from_urn, "ons_region": _empty},
    INSPECTION_COLUMNS: {"authority_key": _from_urn},
}


def _completed(
    name: str, reader: csv.DictReader[str], fill: Mapping[str, Callable[[Mapping[str, str]], str]]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a file, each with the columns in ``fill`` added (see :data:`_ADDED_LATER`)."""
    try:
        for row in reader:
            if None in row or None in row.values():
                raise DataFileError(name, "wrong number of fields", line=reader.line_num)
            if fill:
                row = {**{column: how(row) for column, how in fill.items()}, **row}
            yield reader.line_num, row
    except csv.Error as error:  # reader.line_num is only updated once a row is read
        raise DataFileError(name, f"not valid CSV: {error}", line=reader.reader.line_num) from None


_R = TypeVar("_R")


def _parse(name: str, line: int, row: dict[str, str], parse: Callable[[dict[str, str]], _R]) -> _R:
    try:
        return parse(row)
    except RecordError as error:
        field = next(
            (f for f in (error.field, f"source_{error.field}") if error.field and f in row), None
        )
        raise DataFileError(name, str(error), line=line, field=field) from None
    except (OfstedRatingsError, ValueError, KeyError, TypeError) as error:
        raise DataFileError(name, str(error), line=line) from None


def read_records(
    authorities_csv: str,
    inspections_csv: str,
    names: tuple[str, str] = (AUTHORITIES_FILE, INSPECTIONS_FILE),
) -> tuple[list[LocalAuthority], list[Inspection]]:
    """The records in the text of the two CSV files.

    A bad value raises :class:`~ofsted_ratings.errors.DataFileError` naming the file (from
    ``names``), line and field.
    """
    authorities = [
        _parse(names[0], line, row, authority_from_row)
        for line, row in _read_rows(names[0], authorities_csv, AUTHORITY_COLUMNS)
    ]
    inspections = [
        _parse(names[1], line, row, inspection_from_row)
        for line, row in _read_rows(names[1], inspections_csv, INSPECTION_COLUMNS)
    ]
    return authorities, inspections


def read_visits(visits_csv: str, name: str = VISITS_FILE) -> list[Visit]:
    """The visits in the text of ``visits.csv``.

    A bad value raises :class:`~ofsted_ratings.errors.DataFileError` naming the file
    (``name``), line and field.
    """
    return [
        _parse(name, line, row, visit_from_row)
        for line, row in _read_rows(name, visits_csv, VISIT_COLUMNS)
    ]
