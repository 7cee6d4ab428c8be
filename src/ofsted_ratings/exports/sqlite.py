"""The dataset as an SQLite database with keys and a ``latest_grades`` view.

Written atomically (to a temporary file, then renamed); the tables and their columns are
those of :mod:`ofsted_ratings.exports.tables`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .._util.atomic import atomic_path
from ..errors import OfstedRatingsError
from ..frameworks import AREA_KEYS, InspectionKind
from ..queries import latest
from ..tabular import authority_identity
from .tables import TABLE_NAMES, Column, columns, typed_rows

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["write_sqlite"]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


_SQLITE_JUDGEMENT_COLUMNS = (
    "inspection_id",
    "authority_key",
    "area",
    "area_label",
    "grade",
    "grade_label",
    "grade_number",
)


def _sqlite_columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table`` in the database: the authority's name, codes and region
    stay in ``authorities`` (joined by key), and the judgements keep only their own."""
    cols = columns(table)
    if table == "judgements":
        return tuple(c for c in cols if c.name in _SQLITE_JUDGEMENT_COLUMNS)
    if table in ("inspections", "visits"):
        own = {c.name for c in authority_identity()} - {"authority_key", "urn"}
        return tuple(c for c in cols if c.name not in own)
    return cols


def _create_table(table: str) -> str:
    keys = {
        "authorities": ("key",),
        "inspections": ("id",),
        "judgements": ("inspection_id", "area"),
        "visits": ("id",),
    }[table]
    references = {
        "inspections": {"authority_key": ("authorities", "key")},
        "visits": {"authority_key": ("authorities", "key")},
        "judgements": {
            "inspection_id": ("inspections", "id"),
            "authority_key": ("authorities", "key"),
        },
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
    # The id ends with the date the inspection is known from, whatever gave it.
    known_from = "COALESCE({0}.published, {0}.source_published, substr({0}.id, -10))"
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
        "  a.key AS authority_key, a.urn, a.name AS authority, a.la_code, a.ons_code, a.region,\n"
        f"  i.id AS inspection_id, {known_from.format('i')} AS known_from,\n"
        '  i.framework, i.kind, i.kind_basis, i.start, i."end",\n'
        "  i.date_precision,\n"
        f"{grades}"
        "  i.source_url\n"
        "FROM authorities AS a\n"
        "LEFT JOIN inspections AS i ON i.id = (\n"
        "  SELECT c.id FROM inspections AS c\n"
        "  WHERE c.authority_key = a.key\n"
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

    Tables ``authorities``, ``inspections``, ``judgements`` and ``visits`` have primary
    and foreign keys (checked while writing); dates are ISO 8601 text. A visit's
    inspectors are joined by ``"; "`` and its letter's items are a JSON list, as in
    ``visits.csv`` (SQLite's ``json_each`` reads them). The view ``latest_grades`` gives
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
    >>> with sqlite3.connect(db) as con:
    ...     con.execute("SELECT v.letter_date FROM visits AS v JOIN authorities AS a "
    ...                 "ON a.key = v.authority_key WHERE a.name = 'Leeds'").fetchall()
    [('2018-02-22',), ('2021-08-31',)]
    """
    newest = [latest(dataset, a) for a in dataset.current_authorities]
    areas = [a for a in AREA_KEYS if any(i is not None and i.grade(a) for i in newest)]
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
                connection.execute(
                    'CREATE INDEX inspections_authority ON inspections ("authority_key")'
                )
                connection.execute(
                    'CREATE INDEX judgements_authority ON judgements ("authority_key")'
                )
                connection.execute('CREATE INDEX visits_authority ON visits ("authority_key")')
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
