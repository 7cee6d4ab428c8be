"""The dataset as typed tables, and as SQLite and Excel files.

Three tables describe the dataset:

* ``authorities``: one row per authority, the columns of ``authorities.csv``;
* ``inspections``: one row per inspection or visit, the columns of ``inspections.csv``;
* ``judgements``: the long form, one row per judgement (inspection id, area, grade word,
  grade number), with the authority and date beside it.

Their columns come from the data package's Table Schema (see
:func:`~ofsted_ratings.io.package.build_descriptor`), so every export agrees with the data
files. Grades are written with the four words of :class:`~ofsted_ratings.grades.Grade`
("requires improvement" also for the pre-2013 "adequate"); ``grade_label`` in the long
table keeps the wording the framework printed.

>>> from ofsted_ratings import load
>>> row = next(r for r in long_rows(load()) if r["inspection_id"] == "80481-2025-08-12")
>>> row["authority"], row["area"], row["grade"], row["grade_number"]
('Leeds', 'overall_effectiveness', 'outstanding', '1')
>>> [c.name for c in columns("judgements")][:4]
['inspection_id', 'authority_key', 'urn', 'authority']

The SQLite and Excel writers (:mod:`.sqlite`, :mod:`.xlsx`) and the data frames
(:mod:`.frames`) all take their columns from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

import attrs

from .._release import DATA_RELEASE
from ..errors import OfstedRatingsError
from ..frameworks import AREA_KEYS, FrameworkId, InspectionKind
from ..grades import Grade
from ..io.convert import authority_to_row, inspection_to_row
from ..io.package import build_descriptor
from ..models import DatePrecision, Inspection, KindBasis
from ..queries import subset

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = [
    "GRADE_ORDER",
    "LONG_COLUMNS",
    "TABLE_NAMES",
    "Column",
    "TableName",
    "UnknownTableError",
    "cell_text",
    "columns",
    "long_rows",
    "subset",
    "typed_rows",
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
        Column(
            "authority_key",
            "string",
            "Key of the inspected authority (authorities.key).",
            required=True,
        ),
        Column("urn", "integer", "URN of the inspected authority, where a source gives it."),
        Column("authority", "string", "Name of the inspected authority.", required=True),
        Column(
            "known_from",
            "date",
            "Publication date of the report, or of the source when the report's is not known "
            "(for an inspection known only to the month and dated by no source, the first day "
            "after its last month on site).",
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
            "Kind of inspection, where a source states it or the days on site imply it.",
            categories=tuple(k.value for k in InspectionKind),
        ),
        Column(
            "kind_basis",
            "category",
            "How the kind is known: report, official, cited or inferred.",
            categories=tuple(b.value for b in KindBasis),
        ),
        Column(
            "date_precision",
            "category",
            "How precisely the days on site are known: day, or month only.",
            required=True,
            categories=tuple(p.value for p in DatePrecision),
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

    >>> [c.kind for c in columns("inspections")][:6]
    ['string', 'string', 'integer', 'category', 'category', 'category']
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
    >>> first[0], type(first[1]).__name__, first[2]
    ('80486', 'int', 'Barking and Dagenham')
    """
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


def _inspections(dataset: Dataset) -> Iterator[Inspection]:
    for authority in dataset.authorities:
        yield from dataset.inspections_of(authority)


def _judgement_rows(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for authority in dataset.authorities:
        for inspection in dataset.inspections_of(authority):
            framework = inspection.framework_info
            for judgement in inspection.judgements:
                yield (
                    inspection.id,
                    inspection.authority_key,
                    inspection.urn,
                    authority.name,
                    inspection.known_from,
                    inspection.framework.value,
                    None if inspection.kind is None else inspection.kind.value,
                    None if inspection.kind_basis is None else inspection.kind_basis.value,
                    inspection.date_precision.value,
                    judgement.area,
                    framework.area(judgement.area).label,
                    judgement.grade.value,
                    judgement.grade.label(framework),
                    judgement.grade.number,
                )


def cell_text(value: object) -> str:
    """A typed cell as text: ``""`` for ``None``, ISO 8601 for dates."""
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
        yield {name: cell_text(value) for name, value in zip(LONG_COLUMNS, row, strict=True)}
