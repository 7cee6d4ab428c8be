"""The dataset as typed tables, and as SQLite and Excel files.

Four tables describe the dataset:

* ``authorities``: one row per authority, the columns of ``authorities.csv``;
* ``inspections``: one row per inspection: the columns of ``inspections.csv``, the
  authority's name, codes and region beside its key, and ``known_from``, the date the
  queries use (see :func:`~ofsted_ratings.tabular.inspection_columns`);
* ``judgements``: the long form, one row per judgement (inspection id, area, grade word,
  grade number), with the authority's name, codes and region and the dates beside it;
* ``visits``: one row per ungraded focused or monitoring visit: the columns of
  ``visits.csv``, the authority's name, codes and region beside its key, ``known_from``, and
  how many areas for priority action and improvements its letter gives (see
  :func:`~ofsted_ratings.tabular.visit_columns`).

A fourth, ``latest_grades`` (:func:`latest_rows`), has one row per authority with the
columns of ``inspections``: its latest graded inspection, or only its name and codes when
it has none.

Every table names an authority by the same columns
(:func:`~ofsted_ratings.tabular.authority_identity`), and the tables share their names for
the same things: ``known_from`` is the date the queries use in both the wide and the long
form, and ``published`` the report's own publication date (empty where no source gives it).
The columns of the data files come from the data package's Table Schema (see
:func:`~ofsted_ratings.io.package.build_descriptor`), so every export agrees with them.
Grades are written with the four words of :class:`~ofsted_ratings.grades.Grade`
("requires improvement" also for the pre-2013 "adequate"); ``grade_label`` in the long
table keeps the wording the framework printed.

>>> from ofsted_ratings import load
>>> row = next(r for r in long_rows(load()) if r["inspection_id"] == "80481-2025-08-12")
>>> row["authority"], row["region"], row["area"], row["grade"], row["grade_number"]
('Leeds', 'North East, Yorkshire and the Humber', 'overall_effectiveness', 'outstanding', 1)
>>> [c.name for c in columns("judgements")][:4]
['inspection_id', 'authority_key', 'urn', 'authority']
>>> row = next(r for r in visit_rows(load()) if r["id"] == "80481-visit-2021-07-20")
>>> row["authority"], row["kind"], row["letter_date"], row["improvement_count"]
('Leeds', 'focused visit (adapted to COVID-19)', '2021-08-31', 3)

The SQLite and Excel writers (:mod:`.sqlite`, :mod:`.xlsx`) and the data frames
(:mod:`.frames`) all take their columns from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Literal

from ..errors import OfstedRatingsError
from ..frameworks import AREA_KEYS, FrameworkId, InspectionKind
from ..models import DatePrecision, Inspection, KindBasis, LocalAuthority
from ..queries import latest, subset
from ..tabular import (
    GRADE_ORDER,
    Column,
    ColumnKind,
    authority_cells,
    authority_identity,
    identity,
    inspection_cells,
    inspection_columns,
    json_ready,
    schema_columns,
    visit_cells,
    visit_columns,
)

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = [
    "GRADE_ORDER",
    "LATEST_TABLE",
    "LONG_COLUMNS",
    "TABLE_NAMES",
    "Column",
    "ColumnKind",
    "TableName",
    "UnknownTableError",
    "cell_text",
    "columns",
    "latest_pairs",
    "latest_rows",
    "long_rows",
    "subset",
    "typed_rows",
    "visit_rows",
]

#: The names of the tables, in the order files hold them.
TABLE_NAMES: tuple[str, ...] = ("authorities", "inspections", "judgements", "visits")

#: The name of the table of each authority's latest graded inspection (a sheet of the
#: Excel workbook, a view of the SQLite database).
LATEST_TABLE = "latest_grades"

#: A table name: one of :data:`TABLE_NAMES` or :data:`LATEST_TABLE`.
TableName = Literal["authorities", "inspections", "judgements", "visits", "latest_grades"]


class UnknownTableError(OfstedRatingsError, ValueError):
    """A table name that is not one of :data:`TABLE_NAMES`."""


def _judgement_columns() -> tuple[Column, ...]:
    shared = {column.name: column for column in inspection_columns()}
    return (
        Column("inspection_id", "string", "The inspection (inspections.id).", required=True),
        *authority_identity(),
        shared["published"],
        shared["known_from"],
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


def columns(table: TableName | str) -> tuple[Column, ...]:
    """The columns of ``table`` (one of :data:`TABLE_NAMES`, or :data:`LATEST_TABLE`,
    which has the columns of ``inspections``).

    >>> [c.kind for c in columns("inspections")][:4]
    ['string', 'string', 'integer', 'string']
    """
    if table == "authorities":
        return schema_columns("authorities")
    if table in ("inspections", LATEST_TABLE):
        return inspection_columns()
    if table == "judgements":
        return _judgement_columns()
    if table == "visits":
        return visit_columns()
    known = ", ".join((*TABLE_NAMES, LATEST_TABLE))
    raise UnknownTableError(f"unknown table {table!r}; known: {known}")


#: Columns of the long table (``export --format long-csv``).
LONG_COLUMNS: tuple[str, ...] = tuple(c.name for c in _judgement_columns())


def typed_rows(dataset: Dataset, table: TableName | str) -> list[tuple[object, ...]]:
    """The rows of ``table`` as tuples of Python values, in :func:`columns` order.

    Integers are ``int``, dates ``datetime.date``, a missing value ``None``; everything
    else is a string. Authorities come in the data file's order and each authority's
    inspections (and visits) oldest first; :data:`LATEST_TABLE` has a row for each
    authority of :func:`latest_pairs`.

    >>> from ofsted_ratings import load
    >>> first = typed_rows(load(), "authorities")[0]
    >>> first[0], type(first[1]).__name__, first[2]
    ('80486', 'int', 'Barking and Dagenham')
    """
    columns(table)  # an unknown table raises
    if table == "authorities":
        return [tuple(authority_cells(a).values()) for a in dataset.authorities]
    if table == "inspections":
        return [tuple(cells.values()) for cells in _inspection_cells(dataset)]
    if table == LATEST_TABLE:
        return [
            tuple(inspection_cells(authority, inspection).values())
            for authority, inspection in latest_pairs(dataset)
        ]
    if table == "visits":
        return [tuple(cells.values()) for cells in _visit_cells(dataset)]
    return list(_judgement_rows(dataset))


def _visit_cells(dataset: Dataset, *, lists: bool = False) -> Iterator[dict[str, object]]:
    for authority in dataset.authorities:
        names = identity(authority)
        for visit in dataset.visits_of(authority):
            yield visit_cells(authority, visit, identity_cells=names, lists=lists)


def visit_rows(dataset: Dataset, *, lists: bool = False) -> Iterator[dict[str, object]]:
    """One dict per visit, keyed by the columns of the ``visits`` table: authority by
    authority (by name), each authority's visits by first day on site.

    Values are ready for ``json`` and ``csv`` (dates as ISO 8601 text). The inspectors and
    the letter's items are text as ``visits.csv`` writes them, or with ``lists=True``
    lists (for JSON).
    """
    for authority in sorted(dataset.authorities, key=lambda a: (a.name, a.key)):
        names = identity(authority)
        for visit in dataset.visits_of(authority):
            yield json_ready(visit_cells(authority, visit, identity_cells=names, lists=lists))


def _inspection_cells(dataset: Dataset) -> Iterator[dict[str, object]]:
    for authority in dataset.authorities:
        names = identity(authority)
        for inspection in dataset.inspections_of(authority):
            yield inspection_cells(authority, inspection, identity_cells=names)


def _judgement_rows(dataset: Dataset) -> Iterator[tuple[object, ...]]:
    for authority in dataset.authorities:
        names = tuple(identity(authority).values())
        for inspection in dataset.inspections_of(authority):
            framework = inspection.framework_info
            for judgement in inspection.judgements:
                yield (
                    inspection.id,
                    *names,
                    inspection.published,
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


def long_rows(dataset: Dataset) -> Iterator[dict[str, object]]:
    """One dict per judgement, keyed by :data:`LONG_COLUMNS`.

    Values are ready for ``json`` and ``csv``: whole numbers ``int``, dates ISO 8601
    text, a missing value ``None``. Ungraded visits have no judgements and so no rows.
    """
    for row in _judgement_rows(dataset):
        yield json_ready(dict(zip(LONG_COLUMNS, row, strict=True)))


def _existed(authority: LocalAuthority, day: date | None) -> bool:
    if day is None:
        return authority.current
    if authority.created is not None and authority.created > day:
        return False
    return authority.abolished is None or authority.abolished > day


def latest_pairs(
    dataset: Dataset, authorities: Iterable[LocalAuthority] | None = None
) -> list[tuple[LocalAuthority, Inspection | None]]:
    """Each authority with its latest graded inspection (``None`` if it has none), by name.

    By default the authorities are those that existed on the dataset's release date (every
    current authority when the release is not known), so a dataset cut at a date
    (:meth:`~ofsted_ratings.dataset.Dataset.as_of`) lists the councils of that date.
    """
    day = dataset.release
    chosen = (
        [a for a in dataset.authorities if _existed(a, day)]
        if authorities is None
        else list(authorities)
    )
    return [
        (authority, latest(dataset, authority))
        for authority in sorted(chosen, key=lambda a: (a.name, a.key))
    ]


def latest_rows(
    pairs: Iterable[tuple[LocalAuthority, Inspection | None]],
) -> Iterator[dict[str, object]]:
    """One dict per authority of ``pairs``, with the columns of the ``inspections`` table:
    its inspection's, or only its name and codes (every other value ``None``) when it has
    none. Values are ready for ``json`` and ``csv``, as :func:`long_rows` gives them.

    >>> from ofsted_ratings import load
    >>> ds = load()
    >>> rows = list(latest_rows(latest_pairs(ds, [ds.authority("Leeds")])))
    >>> rows[0]["authority"], rows[0]["known_from"], rows[0]["overall_effectiveness"]
    ('Leeds', '2025-08-12', 'outstanding')
    """
    for authority, inspection in pairs:
        yield json_ready(inspection_cells(authority, inspection))
