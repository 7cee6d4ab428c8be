"""The dataset as typed tables, and as SQLite and Excel files.

Three tables describe the dataset:

* ``authorities``: one row per authority, the columns of ``authorities.csv``;
* ``inspections``: one row per inspection or visit, the columns of ``inspections.csv``;
* ``judgements``: the long form, one row per judgement (inspection id, area, grade word,
  grade number), with the authority and date beside it.

Their columns come from the data package's Table Schema (see
:func:`~ofsted_ratings.datapackage.build_descriptor`), so every export agrees with the data
files. Grades are written with the four words of :class:`~ofsted_ratings.grades.Grade`
("requires improvement" also for the pre-2013 "adequate"); ``grade_label`` in the long
table keeps the wording the framework printed.

>>> from ofsted_ratings import load
>>> row = next(r for r in long_rows(load()) if r["inspection_id"] == "80481-2025-08-12")
>>> row["authority"], row["area"], row["grade"], row["grade_number"]
('Leeds', 'overall_effectiveness', 'outstanding', '1')
>>> [c.name for c in columns("judgements")][:3]
['inspection_id', 'urn', 'authority']

Files are written atomically: to a temporary file in the same directory, then renamed, so a
reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .errors import MissingDependencyError, OfstedRatingsError
from .frameworks import AREA_KEYS, FrameworkId, InspectionKind
from .grades import Grade

if TYPE_CHECKING:
    from .dataset import Dataset
    from .models import LocalAuthority

__all__ = [
    "GRADE_ORDER",
    "LONG_COLUMNS",
    "TABLE_NAMES",
    "Column",
    "TableName",
    "UnknownTableError",
    "atomic_path",
    "columns",
    "long_rows",
    "require",
    "subset",
    "typed_rows",
    "write_sqlite",
    "write_xlsx",
]

#: The names of the tables, in the order files hold them.
TABLE_NAMES: tuple[str, ...] = ("authorities", "inspections", "judgements")

#: A table name.
TableName = Literal["authorities", "inspections", "judgements"]

#: The grade words from worst to best: the order of an ordered categorical.
GRADE_ORDER: tuple[str, ...] = tuple(grade.value for grade in sorted(Grade))

ColumnKind = Literal["integer", "string", "date", "category", "grade"]


class UnknownTableError(OfstedRatingsError, ValueError):
    """A table name that is not one of :data:`TABLE_NAMES`."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import the optional ``module`` for ``feature``.

    Raises :class:`~ofsted_ratings.errors.MissingDependencyError` naming the extra to install.

    >>> require("sqlite3", "sqlite", "write_sqlite").__name__
    'sqlite3'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(module.partition(".")[0], extra, feature) from error


@attrs.frozen
class Column:
    """A column of a table: its name, kind, description and allowed values.

    ``kind`` is ``"integer"``, ``"string"``, ``"date"``, ``"category"`` (one of
    ``categories``) or ``"grade"`` (one of :data:`GRADE_ORDER`, worst first).
    """

    name: str
    kind: ColumnKind
    description: str
    required: bool = False
    categories: tuple[str, ...] = ()


def _schema_columns(resource: str) -> tuple[Column, ...]:
    from ._release import DATA_RELEASE
    from .datapackage import build_descriptor

    descriptor = build_descriptor(release=DATA_RELEASE)
    fields = next(r for r in descriptor["resources"] if r["name"] == resource)["schema"]["fields"]
    result = []
    for field in fields:
        constraints = field.get("constraints", {})
        enum = tuple(constraints.get("enum", ()))
        kind: ColumnKind
        if field["name"] in AREA_KEYS:
            kind, enum = "grade", GRADE_ORDER
        elif enum:
            kind = "category"
        elif field["type"] in ("integer", "date"):
            kind = field["type"]
        else:
            kind = "string"
        result.append(
            Column(
                field["name"],
                kind,
                field["description"],
                required=bool(constraints.get("required", False)),
                categories=enum,
            )
        )
    return tuple(result)


def _judgement_columns() -> tuple[Column, ...]:
    return (
        Column("inspection_id", "string", "The inspection (inspections.id).", required=True),
        Column("urn", "integer", "URN of the inspected authority.", required=True),
        Column("authority", "string", "Name of the inspected authority.", required=True),
        Column(
            "known_from",
            "date",
            "Publication date of the report, or of the source when the report's is not known.",
            required=True,
        ),
        Column(
            "framework",
            "category",
            "Inspection framework.",
            required=True,
            categories=tuple(f.value for f in FrameworkId),
        ),
        Column(
            "kind",
            "category",
            "Kind of inspection, where a source states it.",
            categories=tuple(k.value for k in InspectionKind),
        ),
        Column("area", "category", "Judgement area key.", required=True, categories=AREA_KEYS),
        Column(
            "area_label", "string", "The judgement area as the report prints it.", required=True
        ),
        Column("grade", "grade", "The grade.", required=True, categories=GRADE_ORDER),
        Column(
            "grade_label",
            "string",
            "The grade as the framework printed it ('Adequate' before 2013).",
            required=True,
        ),
        Column(
            "grade_number",
            "integer",
            "Ofsted's number for the grade: 1 outstanding to 4 inadequate.",
            required=True,
        ),
    )


_COLUMNS: dict[str, tuple[Column, ...]] = {}


def columns(table: TableName | str) -> tuple[Column, ...]:
    """The columns of ``table`` (one of :data:`TABLE_NAMES`).

    >>> [c.kind for c in columns("inspections")][:5]
    ['string', 'integer', 'category', 'category', 'date']
    """
    if table not in TABLE_NAMES:
        raise UnknownTableError(f"unknown table {table!r}; known: {', '.join(TABLE_NAMES)}")
    if table not in _COLUMNS:
        _COLUMNS[table] = _judgement_columns() if table == "judgements" else _schema_columns(table)
    return _COLUMNS[table]


#: Columns of the long table (``export --format long-csv``).
LONG_COLUMNS: tuple[str, ...] = tuple(c.name for c in _judgement_columns())


def _typed(column: Column, text: str) -> object:
    if text == "":
        return None
    if column.kind == "integer":
        return int(text)
    if column.kind == "date":
        return date.fromisoformat(text)
    if column.kind == "grade":
        return Grade.parse(text).value
    return text


def typed_rows(dataset: Dataset, table: TableName | str) -> list[tuple[object, ...]]:
    """The rows of ``table`` as tuples of Python values, in :func:`columns` order.

    Integers are ``int``, dates ``datetime.date``, a missing value ``None``; everything
    else is a string. Authorities come in the data file's order and each authority's
    inspections oldest first.

    >>> from ofsted_ratings import load
    >>> first = typed_rows(load(), "authorities")[0]
    >>> type(first[0]).__name__, first[1]
    ('int', 'Barking and Dagenham')
    """
    from .convert import authority_to_row, inspection_to_row

    cols = columns(table)
    if table == "authorities":
        return [
            tuple(_typed(c, row[c.name]) for c in cols)
            for row in map(authority_to_row, dataset.authorities)
        ]
    if table == "inspections":
        return [
            tuple(_typed(c, row[c.name]) for c in cols)
            for row in map(inspection_to_row, _inspections(dataset))
        ]
    return list(_judgement_rows(dataset))


def _inspections(dataset: Dataset) -> Iterator[Any]:
    for authority in dataset.authorities:
        yield from dataset.inspections_of(authority.urn)


def _judgement_rows(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for authority in dataset.authorities:
        for inspection in dataset.inspections_of(authority.urn):
            framework = inspection.framework_info
            for judgement in inspection.judgements:
                yield (
                    inspection.id,
                    inspection.urn,
                    authority.name,
                    inspection.known_from,
                    inspection.framework.value,
                    None if inspection.kind is None else inspection.kind.value,
                    judgement.area,
                    framework.area(judgement.area).label,
                    judgement.grade.value,
                    judgement.grade.label(framework),
                    judgement.grade.number,
                )


def subset(dataset: Dataset, authorities: Iterable[LocalAuthority | str | int]) -> Dataset:
    """The part of ``dataset`` about ``authorities``: them and their inspections.

    Every writer here takes a dataset; pass a subset to write one group only.

    >>> from ofsted_ratings import load
    >>> core = subset(load(), load().group("core-cities").members)
    >>> len(core.authorities), all(i.urn in {a.urn for a in core} for i in core.inspections)
    (8, True)
    """
    from .dataset import Dataset

    chosen: dict[int, LocalAuthority] = {}
    for query in authorities:
        found = dataset.authority(query)
        chosen.setdefault(found.urn, found)
    return Dataset(
        authorities=tuple(chosen.values()),
        inspections=tuple(i for urn in chosen for i in dataset.inspections_of(urn)),
        release=dataset.release,
        origin=dataset.origin,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def long_rows(dataset: Dataset) -> Iterator[dict[str, str]]:
    """One dict of strings per judgement, keyed by :data:`LONG_COLUMNS`.

    Ungraded visits have no judgements and so no rows; a missing value is ``""``.
    """
    for row in _judgement_rows(dataset):
        yield {name: _text(value) for name, value in zip(LONG_COLUMNS, row, strict=True)}


# -- writing files ---------------------------------------------------------------------------


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` that replaces ``path`` when the block succeeds.

    On an error the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        temporary.chmod(mode)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_SQLITE_JUDGEMENT_COLUMNS = (
    "inspection_id",
    "urn",
    "area",
    "area_label",
    "grade",
    "grade_label",
    "grade_number",
)


def _sqlite_columns(table: str) -> tuple[Column, ...]:
    cols = columns(table)
    if table == "judgements":
        return tuple(c for c in cols if c.name in _SQLITE_JUDGEMENT_COLUMNS)
    return cols


def _create_table(table: str) -> str:
    keys = {
        "authorities": ("urn",),
        "inspections": ("id",),
        "judgements": ("inspection_id", "area"),
    }[table]
    references = {
        "inspections": {"urn": ("authorities", "urn")},
        "judgements": {"inspection_id": ("inspections", "id"), "urn": ("authorities", "urn")},
    }.get(table, {})
    lines = []
    for column in _sqlite_columns(table):
        line = f"  {_quote(column.name)} {'INTEGER' if column.kind == 'integer' else 'TEXT'}"
        if column.required or column.name in keys:
            line += " NOT NULL"
        if column.categories:
            allowed = ", ".join(map(_literal, column.categories))
            line += f" CHECK ({_quote(column.name)} IN ({allowed}))"
        if column.name in references:
            other, key = references[column.name]
            line += f" REFERENCES {_quote(other)} ({_quote(key)})"
        lines.append(line)
    lines.append(f"  PRIMARY KEY ({', '.join(map(_quote, keys))})")
    return f"CREATE TABLE {_quote(table)} (\n" + ",\n".join(lines) + "\n)"


def _latest_view(areas: Sequence[str]) -> str:
    grades = "".join(f"  i.{_quote(area)},\n" for area in areas)
    known_from = "COALESCE({0}.published, {0}.source_published)"
    # Graded kinds that do not judge the authority's services (reviews of the LSCB).
    others = [k.value for k in InspectionKind if k.graded and not k.judges_services]
    exclude = (
        f"    AND (c.kind IS NULL OR c.kind NOT IN ({', '.join(map(_literal, others))}))\n"
        if others
        else ""
    )
    return (
        "CREATE VIEW latest_grades AS\n"  # noqa: S608 (quoted identifiers of our own schema)
        "SELECT\n"
        "  a.urn, a.name AS authority, a.la_code, a.ons_code, a.region,\n"
        f"  i.id AS inspection_id, {known_from.format('i')} AS known_from,\n"
        '  i.framework, i.kind, i.start, i."end",\n'
        f"{grades}"
        "  i.source_url\n"
        "FROM authorities AS a\n"
        "LEFT JOIN inspections AS i ON i.id = (\n"
        "  SELECT c.id FROM inspections AS c\n"
        "  WHERE c.urn = a.urn\n"
        "    AND EXISTS (SELECT 1 FROM judgements AS j WHERE j.inspection_id = c.id)\n"
        f"{exclude}"
        f"  ORDER BY {known_from.format('c')} DESC,\n"
        f"    COALESCE(c.start, {known_from.format('c')}) DESC\n"
        "  LIMIT 1)\n"
        "WHERE a.abolished IS NULL\n"
        "ORDER BY a.name"
    )


def _sql_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def write_sqlite(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write ``dataset`` to an SQLite database at ``path``; return the path.

    Tables ``authorities``, ``inspections`` and ``judgements`` have primary and foreign
    keys (checked while writing); dates are ISO 8601 text. The view ``latest_grades`` gives
    each current authority's latest graded inspection of its services (as
    :meth:`~ofsted_ratings.dataset.Dataset.latest` does) and its grades. The file opens as it
    is in Datasette (``datasette ofsted.db``); turn on ``PRAGMA foreign_keys`` in your own
    connections to keep the keys enforced.

    >>> import sqlite3, tempfile, pathlib
    >>> from ofsted_ratings import load
    >>> db = write_sqlite(load(), pathlib.Path(tempfile.mkdtemp()) / "ofsted.db")
    >>> with sqlite3.connect(db) as con:
    ...     con.execute("SELECT overall_effectiveness FROM latest_grades "
    ...                 "WHERE authority = 'Leeds'").fetchone()
    ('outstanding',)
    """
    latest = [dataset.latest(a) for a in dataset.current_authorities]
    areas = [a for a in AREA_KEYS if any(i is not None and i.grade(a) for i in latest)]
    with atomic_path(path) as temporary:
        connection = sqlite3.connect(temporary)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            with connection:
                for table in TABLE_NAMES:
                    connection.execute(_create_table(table))
                    cols = _sqlite_columns(table)
                    names = [c.name for c in columns(table)]
                    keep = [names.index(c.name) for c in cols]
                    placeholders = ", ".join("?" * len(cols))
                    connection.executemany(
                        f"INSERT INTO {_quote(table)} VALUES ({placeholders})",  # noqa: S608
                        (
                            tuple(_sql_value(row[i]) for i in keep)
                            for row in typed_rows(dataset, table)
                        ),
                    )
                connection.execute('CREATE INDEX inspections_urn ON inspections ("urn")')
                connection.execute('CREATE INDEX judgements_urn ON judgements ("urn")')
                connection.execute(
                    'CREATE INDEX judgements_area_grade ON judgements ("area", "grade")'
                )
                connection.execute(_latest_view(areas))
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise OfstedRatingsError(f"foreign keys broken in {path}: {broken[:5]}")
        finally:
            connection.close()
    return Path(path)


def write_xlsx(dataset: Dataset, path: str | os.PathLike[str]) -> Path:
    """Write ``dataset`` to an Excel workbook at ``path``; return the path.

    One sheet per table, with a bold, frozen header row, filters, and dates as Excel
    dates. Needs openpyxl (``pip install 'ofsted-ratings[xlsx]'``).
    """
    openpyxl = require("openpyxl", "xlsx", "write_xlsx")
    styles = require("openpyxl.styles", "xlsx", "write_xlsx")
    utils = require("openpyxl.utils", "xlsx", "write_xlsx")
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold = styles.Font(bold=True)
    for table in TABLE_NAMES:
        sheet = workbook.create_sheet(table)
        cols = columns(table)
        sheet.append([c.name for c in cols])
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(c.name) for c in cols]
        dates = [c.kind == "date" for c in cols]
        for row in typed_rows(dataset, table):
            sheet.append(list(row))
            for index, value in enumerate(row):
                if value is not None:
                    widths[index] = max(widths[index], len(_text(value)))
        for index, (width, is_date) in enumerate(zip(widths, dates, strict=True), start=1):
            sheet.column_dimensions[utils.get_column_letter(index)].width = min(width, 60) + 2
            if is_date:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    with atomic_path(path) as temporary:
        workbook.save(temporary)
    return Path(path)
