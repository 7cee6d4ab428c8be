"""Plain rows of authorities and inspections: the columns every table shares.

Every table the library gives, in Python (the ``rows()`` and ``to_frame()`` of each result)
or as a file (CSV, JSON, Excel, data frames), names an authority by the same columns,
:func:`authority_identity`: its key, URN, name, DfE LA code, ONS code and region. An
inspection has the same columns wherever it appears (:func:`inspection_columns`): those of
``inspections.csv``, the authority's identity, and ``known_from``, the date the queries use;
so has a visit (:func:`visit_columns`), from ``visits.csv``.

>>> from ofsted_ratings import load
>>> ds = load()
>>> leeds = ds.authority("Leeds")
>>> identity(leeds)
{'authority_key': '80481', 'urn': 80481, 'authority': 'Leeds', 'la_code': '383', ...}
>>> cells = inspection_cells(leeds, ds.history(leeds)[-1])
>>> cells["id"], cells["known_from"], cells["overall_effectiveness"]
('80481-2025-08-12', datetime.date(2025, 8, 12), 'outstanding')
>>> json_ready(cells)["known_from"]
'2025-08-12'

Values are typed: whole numbers ``int``, dates :class:`datetime.date`, a missing value
``None``, everything else text; :func:`json_ready` writes dates as ISO 8601 text, as every
``rows()`` method gives them. :func:`frame` makes a pandas ``DataFrame`` of such rows with
explicit types.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Literal

import attrs

from ._release import DATA_RELEASE
from ._util.optional import require
from .frameworks import AREA_KEYS
from .grades import Grade
from .io.convert import authority_to_row, inspection_to_row, visit_to_row
from .io.package import build_descriptor
from .models import Inspection, LocalAuthority, Visit

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GRADE_ORDER",
    "Column",
    "ColumnKind",
    "authority_cells",
    "authority_identity",
    "frame",
    "identity",
    "inspection_cells",
    "inspection_columns",
    "json_ready",
    "pandas_dtype",
    "schema_columns",
    "visit_cells",
    "visit_columns",
]

#: The grade words from worst to best: the order of an ordered categorical.
GRADE_ORDER: tuple[str, ...] = tuple(grade.value for grade in sorted(Grade))

#: What a column holds: ``category`` is one of its ``categories``; ``grade`` one of
#: :data:`GRADE_ORDER`.
ColumnKind = Literal["integer", "float", "boolean", "string", "date", "category", "grade"]


@attrs.frozen
class Column:
    """A column of a table: its name, kind, description and allowed values.

    ``kind`` is ``"integer"``, ``"float"``, ``"boolean"``, ``"string"``, ``"date"``,
    ``"category"`` (one of ``categories``) or ``"grade"`` (one of
    :data:`~ofsted_ratings.tabular.GRADE_ORDER`, worst first).
    """

    name: str
    kind: ColumnKind
    description: str
    required: bool = False
    categories: tuple[str, ...] = ()


def schema_columns(resource: str) -> tuple[Column, ...]:
    """The columns of a data file (``"authorities"`` or ``"inspections"``), from its schema.

    >>> [c.kind for c in schema_columns("inspections")][:4]
    ['string', 'string', 'integer', 'category']
    """
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


#: The columns that name an authority in every table, each with the column of
#: ``authorities.csv`` it comes from. A new column of ``authorities.csv`` that identifies
#: an authority (another kind of region, say) joins every table by one entry here.
_IDENTITY_SOURCES: tuple[tuple[str, str], ...] = (
    ("authority_key", "key"),
    ("urn", "urn"),
    ("authority", "name"),
    ("la_code", "la_code"),
    ("ons_code", "ons_code"),
    ("region", "region"),
    ("ons_region", "ons_region"),
)


@functools.cache
def _authority_columns() -> dict[str, Column]:
    return {column.name: column for column in schema_columns("authorities")}


@functools.cache
def authority_identity() -> tuple[Column, ...]:
    """The columns that name an authority in every table: key, URN, name, codes and region.

    >>> [c.name for c in authority_identity()]
    ['authority_key', 'urn', 'authority', 'la_code', 'ons_code', 'region', 'ons_region']
    """
    by_name = _authority_columns()
    return tuple(
        attrs.evolve(by_name[source], name=name, required=name in ("authority_key", "authority"))
        for name, source in _IDENTITY_SOURCES
    )


def _typed(column: Column, text: str) -> object:
    """A cell of a data file, as text, as a Python value of the column's kind."""
    if text == "":
        return None
    if column.kind == "integer":
        return int(text)
    if column.kind == "date":
        return date.fromisoformat(text)
    if column.kind == "grade":
        return Grade.parse(text).value
    return text


def authority_cells(authority: LocalAuthority) -> dict[str, object]:
    """Every column of ``authorities.csv`` for ``authority``, typed (lists stay text).

    >>> from ofsted_ratings import load
    >>> authority_cells(load().authority("Cumbria"))["abolished"]
    datetime.date(2023, 4, 1)
    """
    row = authority_to_row(authority)
    return {name: _typed(column, row[name]) for name, column in _authority_columns().items()}


def identity(authority: LocalAuthority) -> dict[str, object]:
    """The :func:`authority_identity` columns of ``authority``, typed."""
    row = authority_to_row(authority)
    kinds = _authority_columns()
    return {name: _typed(kinds[source], row[source]) for name, source in _IDENTITY_SOURCES}


@functools.cache
def inspection_columns() -> tuple[Column, ...]:
    """The columns of an inspection in every table: ``id``, the authority's identity, then
    the columns of ``inspections.csv`` with ``known_from`` after ``published``.

    >>> [c.name for c in inspection_columns()][7:9]
    ['ons_region', 'framework']
    """
    own = schema_columns("inspections")
    known_from = Column(
        "known_from",
        "date",
        "The date the result was public and the date queries use: the publication date, "
        "else the source's (for an inspection known only to the month and dated by no "
        "source, the first day after its last month on site).",
        required=True,
    )
    result: list[Column] = [own[0], *authority_identity()]
    for column in own[1:]:
        if column.name in ("authority_key", "urn"):
            continue
        result.append(column)
        if column.name == "published":
            result.append(known_from)
    return tuple(result)


@functools.cache
def _own_inspection_columns() -> dict[str, Column]:
    """The columns of ``inspections.csv`` an inspection fills (not its authority's)."""
    return {
        column.name: column
        for column in schema_columns("inspections")
        if column.name not in ("authority_key", "urn")
    }


def inspection_cells(
    authority: LocalAuthority,
    inspection: Inspection | None,
    *,
    identity_cells: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """One row of :func:`inspection_columns`: ``inspection`` of ``authority``, typed.

    With no inspection (an authority not yet inspected) every inspection column is
    ``None``. ``identity_cells`` saves working out :func:`identity` again for each of an
    authority's inspections.
    """
    cells: dict[str, object] = dict.fromkeys(column.name for column in inspection_columns())
    cells.update(identity(authority) if identity_cells is None else identity_cells)
    if inspection is None:
        return cells
    row = inspection_to_row(inspection)
    for name, column in _own_inspection_columns().items():
        cells[name] = _typed(column, row[name])
    cells["known_from"] = inspection.known_from
    return cells


#: The columns of a visit that hold a list: text in CSV, SQLite, Excel and data frames (the
#: inspectors joined by ``"; "``, the letter's items a JSON list, as in ``visits.csv``), a
#: list in JSON (``visit_cells(..., lists=True)``).
_VISIT_LISTS = ("inspectors", "priority_actions", "improvements")


@functools.cache
def visit_columns() -> tuple[Column, ...]:
    """The columns of a visit in every table: ``id``, the authority's identity, then the
    columns of ``visits.csv`` with ``known_from`` after ``letter_date`` and the number of
    areas for priority action and of improvements after the items themselves.

    >>> [c.name for c in visit_columns()][7:13]
    ['ons_region', 'kind', 'start', 'end', 'letter_date', 'known_from']
    """
    own = schema_columns("visits")
    after: dict[str, tuple[Column, ...]] = {
        "letter_date": (
            Column(
                "known_from",
                "date",
                "The date the visit's findings were public and the date queries use: the "
                "letter's date, else the date its listing or its source gives.",
                required=True,
            ),
        ),
        "improvements": (
            Column(
                "priority_action_count",
                "integer",
                "How many areas for priority action the letter gives.",
                required=True,
            ),
            Column(
                "improvement_count",
                "integer",
                "How many things the letter says need to improve.",
                required=True,
            ),
        ),
    }
    result: list[Column] = [own[0], *authority_identity()]
    for column in own[1:]:
        if column.name not in ("authority_key", "urn"):
            result.extend((column, *after.get(column.name, ())))
    return tuple(result)


@functools.cache
def _own_visit_columns() -> dict[str, Column]:
    return {
        column.name: column
        for column in schema_columns("visits")
        if column.name not in ("authority_key", "urn")
    }


def visit_cells(
    authority: LocalAuthority,
    visit: Visit,
    *,
    identity_cells: Mapping[str, object] | None = None,
    lists: bool = False,
) -> dict[str, object]:
    """One row of :func:`visit_columns`: ``visit`` to ``authority``, typed.

    The inspectors, the areas for priority action and the improvements are text as
    ``visits.csv`` writes them, or with ``lists=True`` lists of text (for JSON).

    >>> from ofsted_ratings import load
    >>> ds = load()
    >>> cells = visit_cells(ds.authority("Leeds"), ds.visits_of("80481")[0], lists=True)
    >>> cells["id"], cells["known_from"], cells["improvement_count"], len(cells["improvements"])
    ('80481-visit-2018-01-30', datetime.date(2018, 2, 22), 2, 2)
    """
    cells: dict[str, object] = dict.fromkeys(column.name for column in visit_columns())
    cells.update(identity(authority) if identity_cells is None else identity_cells)
    row = visit_to_row(visit)
    for name, column in _own_visit_columns().items():
        cells[name] = _typed(column, row[name])
    cells["known_from"] = visit.known_from
    cells["priority_action_count"] = len(visit.priority_actions)
    cells["improvement_count"] = len(visit.improvements)
    if lists:
        for name in _VISIT_LISTS:
            cells[name] = list(getattr(visit, name))
    return cells


def json_ready(row: Mapping[str, object]) -> dict[str, object]:
    """``row`` with dates as ISO 8601 text, ready for ``json`` and ``csv``.

    >>> json_ready({"as_of": date(2025, 3, 31), "urn": 80481, "kind": None})
    {'as_of': '2025-03-31', 'urn': 80481, 'kind': None}
    """
    return {key: _json_value(value) for key, value in row.items()}


def _json_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def pandas_dtype(column: Column) -> str | pd.CategoricalDtype | pd.StringDtype:
    """The pandas type of ``column``: ``int64`` (``Int64`` when it may be missing),
    ``Float64``, ``boolean``, ``datetime64[s]``, a category (grades ordered worst first) or
    ``string``."""
    import pandas as pd

    if column.kind == "integer":
        return "int64" if column.required else "Int64"
    if column.kind == "float":
        return "Float64"
    if column.kind == "boolean":
        return "boolean"
    if column.kind == "date":
        return "datetime64[s]"
    if column.kind == "grade":
        return pd.CategoricalDtype(list(GRADE_ORDER), ordered=True)
    if column.kind == "category":
        return pd.CategoricalDtype(list(column.categories), ordered=False)
    return pd.StringDtype()


def frame(
    rows: Iterable[Mapping[str, object]], columns: Sequence[Column], feature: str
) -> pd.DataFrame:
    """``rows`` as a pandas ``DataFrame`` with ``columns``, each of its :func:`pandas_dtype`.

    ``feature`` names what asked, for the error raised when pandas is missing
    (:class:`~ofsted_ratings.errors.MissingDependencyError`).
    """
    require("pandas", "pandas", feature)
    import pandas as pd

    listed = list(rows)
    result: pd.DataFrame = pd.DataFrame(
        {
            column.name: pd.Series(
                [_frame_value(column, row.get(column.name)) for row in listed],
                dtype=pandas_dtype(column),
                name=column.name,
            )
            for column in columns
        },
        columns=[column.name for column in columns],
    )
    return result


def _frame_value(column: Column, value: object) -> object:
    if column.kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value
