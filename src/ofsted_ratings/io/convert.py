"""The one cattrs converter, and the CSV and JSON forms of the records.

Dates are ISO 8601 strings, enums their values and grades lower-case words as the framework
wrote them ("adequate" before 2013, "requires improvement" after). Inspections flatten to one
CSV row each with a column per judgement area; authorities to one row each, lists joined by
``"; "``; visits to one row each, the inspectors joined by ``"; "`` and the letter's items
(areas for priority action, what needs to improve) as a JSON list of strings, because an
item is the letter's own sentences and may hold any punctuation. Every round trip is exact:

>>> from ofsted_ratings import load
>>> leeds = load().history("Leeds")
>>> [inspection_from_row(inspection_to_row(i)) for i in leeds] == list(leeds)
True
>>> inspection_to_row(leeds[-1])["overall_effectiveness"]
'outstanding'
"""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, TypedDict, TypeVar

from ..errors import GradeError, RecordError, UnknownAreaError
from ..frameworks import AREA_KEYS, FRAMEWORKS, FrameworkId, InspectionKind
from ..grades import Grade
from ..models import (
    AuthorityType,
    DatePrecision,
    Inspection,
    Judgement,
    KindBasis,
    LocalAuthority,
    OnsRegion,
    Region,
    Source,
    SourceKind,
    Visit,
    VisitKind,
    urn_of_key,
)

__all__ = [
    "AUTHORITY_COLUMNS",
    "INSPECTION_COLUMNS",
    "VISIT_COLUMNS",
    "authority_from_row",
    "authority_to_row",
    "converter",
    "from_json",
    "inspection_from_row",
    "inspection_to_row",
    "to_json",
    "visit_from_row",
    "visit_to_row",
]

T = TypeVar("T")

_SEPARATOR = "; "

#: The columns of ``inspections.csv``, in order.
INSPECTION_COLUMNS: tuple[str, ...] = (
    "id",
    "authority_key",
    "urn",
    "framework",
    "kind",
    "kind_basis",
    "start",
    "end",
    "date_precision",
    "published",
    *AREA_KEYS,
    "lead_inspector",
    "source_kind",
    "source_url",
    "source_title",
    "source_sha256",
    "source_published",
    "source_listed",
    "source_publisher",
    "source_note",
)

_INSPECTION_COLUMN_SET = frozenset(INSPECTION_COLUMNS)

_SOURCE_COLUMNS = tuple(column for column in INSPECTION_COLUMNS if column.startswith("source_"))

#: The columns of ``visits.csv``, in order.
VISIT_COLUMNS: tuple[str, ...] = (
    "id",
    "authority_key",
    "urn",
    "kind",
    "start",
    "end",
    "letter_date",
    "lead_inspector",
    "inspectors",
    "theme",
    "priority_actions",
    "improvements",
    *_SOURCE_COLUMNS,
)

_VISIT_COLUMN_SET = frozenset(VISIT_COLUMNS)

# How the data files write each grade, with and without the pre-2013 "adequate".
_WORDS = {grade.value: grade for grade in Grade}
_WORDS_ADEQUATE = {**_WORDS, "adequate": Grade.REQUIRES_IMPROVEMENT}
del _WORDS_ADEQUATE["requires improvement"]

#: The columns of ``authorities.csv``, in order.
AUTHORITY_COLUMNS: tuple[str, ...] = (
    "key",
    "urn",
    "name",
    "la_code",
    "ons_code",
    "former_ons_codes",
    "region",
    "ons_region",
    "type",
    "aliases",
    "created",
    "abolished",
    "predecessors",
    "successors",
    "statistical_neighbours",
)


if TYPE_CHECKING:
    import cattrs

    #: The converter every record goes through (to and from plain Python data).
    converter: cattrs.Converter


@functools.cache
def _make_converter() -> cattrs.Converter:
    import attrs
    import cattrs
    from cattrs.cols import is_sequence

    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook_factory(attrs.has, lambda cls: _structure_mapping(conv, cls))
    conv.register_structure_hook_factory(is_sequence, lambda cls: _structure_sequence(conv, cls))

    def unstructure_inspection(inspection: Inspection) -> dict[str, object]:
        return {**_inspection_data(inspection), "source": conv.unstructure(inspection.source)}

    def structure_inspection(data: object, _: type) -> Inspection:
        return _structure_inspection(conv, data)

    conv.register_unstructure_hook(Inspection, unstructure_inspection)
    conv.register_structure_hook(Inspection, structure_inspection)
    _register_visit(conv)
    return conv


def _register_visit(conv: cattrs.Converter) -> None:
    """Visits as plain data: their attributes, with the authority's ``urn`` after its key."""
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    unstructure = make_dict_unstructure_fn(Visit, conv)
    structure = make_dict_structure_fn(Visit, conv, _cattrs_forbid_extra_keys=True)

    def unstructure_visit(visit: Visit) -> dict[str, object]:
        data: dict[str, object] = unstructure(visit)
        key = data.pop("authority_key")
        return {"authority_key": key, "urn": visit.urn, **data}

    def structure_visit(data: object, _: type) -> Visit:
        if not isinstance(data, Mapping):
            raise RecordError(f"a visit must be a mapping, not {type(data).__name__}")
        values = {"start": None, "end": None, "letter_date": None, **data}
        key = _json_key(conv, values)
        values.pop("urn", None)
        values["authority_key"] = key
        return structure(values, Visit)

    conv.register_unstructure_hook(Visit, unstructure_visit)
    conv.register_structure_hook(Visit, structure_visit)


def _structure_mapping(conv: cattrs.Converter, cls: type[T]) -> Callable[[object, type], T]:
    """The structure hook of an attrs class, refusing anything but a mapping."""
    from cattrs.gen import make_dict_structure_fn

    structure = make_dict_structure_fn(cls, conv)

    def hook(data: object, _: type) -> T:
        if not isinstance(data, Mapping):
            raise RecordError(f"a {cls.__name__} must be a mapping, not {type(data).__name__}")
        return structure(data, cls)

    return hook


def _structure_sequence(conv: cattrs.Converter, cls: type) -> Callable[[object, type], object]:
    """The structure hook of a list or tuple type, refusing a string or a mapping."""
    from cattrs.cols import (
        homogenous_tuple_structure_factory,
        is_mutable_sequence,
        list_structure_factory,
    )

    mutable = is_mutable_sequence(cls)
    structure = (list_structure_factory if mutable else homogenous_tuple_structure_factory)(
        cls, conv
    )

    def hook(data: object, _: type) -> object:
        if isinstance(data, (str, bytes, Mapping)):
            raise RecordError(f"not a list: {data!r}")
        return structure(data, cls)

    return hook


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    raise RecordError(f"not a whole number: {value!r}")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise RecordError(f"not a string: {value!r}")
    return value


@functools.cache
def _structure_errors() -> tuple[type[Exception], ...]:
    """What structuring a bad value raises, to be turned into a :class:`RecordError`."""
    from cattrs.errors import CattrsError

    return (CattrsError, ValueError, LookupError, TypeError)


def _record_error(error: BaseException, path: str = "") -> RecordError:
    """``error`` as a :class:`RecordError` whose field is the path to the bad value."""
    from cattrs.errors import BaseValidationError

    while isinstance(error, BaseValidationError) and error.exceptions:
        error = error.exceptions[0]
        path += _step(error)
    if isinstance(error, RecordError) and error.field and not path.endswith(error.field):
        path += "." + error.field
    field = path.lstrip(".") or None
    message = "missing" if isinstance(error, KeyError) else str(error)
    if isinstance(error, RecordError) and error.field:
        message = message.removeprefix(f"{error.field}: ")
    if field and not message.startswith(field):
        message = f"{field}: {message}"
    return RecordError(message, field=field)


def _step(error: BaseException) -> str:
    """The step (``.name`` or ``[index]``) that cattrs noted on ``error``."""
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return "." + note.name
        if isinstance(note, IterableValidationNote):
            return f"[{note.index!r}]"
    return ""


_V = TypeVar("_V")


def _at(path: str, make: Callable[[object], _V], value: object) -> _V:
    """``make(value)``, any error in it a :class:`RecordError` naming ``path``."""
    try:
        return make(value)
    except _structure_errors() as error:
        raise _record_error(error, path) from None


class _InspectionData(TypedDict):
    """An inspection as plain data, but for its source."""

    authority_key: str
    urn: int | None
    framework: str
    kind: str | None
    kind_basis: str | None
    start: str | None
    end: str | None
    date_precision: str
    published: str | None
    judgements: dict[str, str]
    lead_inspector: str | None


def _inspection_data(inspection: Inspection) -> _InspectionData:
    framework = FRAMEWORKS[inspection.framework]
    return {
        "authority_key": inspection.authority_key,
        "urn": inspection.urn,
        "framework": inspection.framework.value,
        "kind": None if inspection.kind is None else inspection.kind.value,
        "kind_basis": None if inspection.kind_basis is None else inspection.kind_basis.value,
        "start": _iso(inspection.start),
        "end": _iso(inspection.end),
        "date_precision": inspection.date_precision.value,
        "published": _iso(inspection.published),
        "judgements": {j.area: j.grade.word(framework) for j in inspection.judgements},
        "lead_inspector": inspection.lead_inspector,
    }


def _structure_inspection(conv: cattrs.Converter, data: object) -> Inspection:
    if not isinstance(data, Mapping):
        raise RecordError(f"an inspection must be a mapping, not {type(data).__name__}")
    extra = set(data) - _INSPECTION_KEYS
    if extra:
        raise RecordError(f"unknown inspection fields: {', '.join(sorted(extra))}")
    missing = sorted(key for key in ("framework", "source") if key not in data)
    if "authority_key" not in data and "urn" not in data:
        missing.insert(0, "authority_key")
    if missing:
        raise RecordError(f"missing inspection fields: {', '.join(missing)}", field=missing[0])
    kind, basis = data.get("kind"), data.get("kind_basis")
    try:
        return Inspection(
            authority_key=_json_key(conv, data),
            framework=_at("framework", FrameworkId, data["framework"]),
            kind=None if kind is None else _at("kind", InspectionKind, kind),
            kind_basis=None if basis is None else _at("kind_basis", KindBasis, basis),
            start=_at("start", _structure_optional_date, data.get("start")),
            end=_at("end", _structure_optional_date, data.get("end")),
            date_precision=_at(
                "date_precision", DatePrecision, data.get("date_precision") or "day"
            ),
            published=_at("published", _structure_optional_date, data.get("published")),
            judgements=_json_judgements(data.get("judgements") or {}),
            lead_inspector=data.get("lead_inspector"),
            source=_at("source", functools.partial(conv.structure, cl=Source), data["source"]),
        )
    except UnknownAreaError as error:
        raise RecordError(str(error), field="judgements") from None


def _json_key(conv: cattrs.Converter, data: Mapping[str, object]) -> str:
    """The authority key of an inspection's plain data: its ``authority_key``, or its
    ``urn`` (the only key that data written before authority keys holds); both must agree."""
    urn = data.get("urn")
    number = None if urn is None else _at("urn", functools.partial(conv.structure, cl=int), urn)
    if "authority_key" not in data:
        if number is None:
            raise RecordError("urn: missing", field="urn")
        return str(number)
    key = _at("authority_key", functools.partial(conv.structure, cl=str), data["authority_key"])
    if number is not None and key != str(number):
        raise RecordError(f"urn {number} is not that of authority {key!r}", field="urn")
    return key


def _json_judgements(value: object) -> tuple[Judgement, ...]:
    if not isinstance(value, Mapping):
        raise RecordError("judgements must be a mapping of area to grade", field="judgements")
    return tuple(
        Judgement(str(area), _at(f"judgements.{area}", _grade, word))
        for area, word in value.items()
    )


def _grade(word: object) -> Grade:
    if not isinstance(word, str):
        raise GradeError(word)
    return Grade.parse(word)


_INSPECTION_KEYS = frozenset(
    {
        "authority_key",
        "urn",
        "framework",
        "kind",
        "kind_basis",
        "start",
        "end",
        "date_precision",
        "published",
        "judgements",
        "lead_inspector",
        "source",
    }
)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _structure_date(value: object, _: type) -> date:
    if isinstance(value, date) and type(value) is date:
        return value
    if not isinstance(value, str):
        raise RecordError(f"not a date: {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _structure_optional_date(value: object) -> date | None:
    return None if value is None or value == "" else _structure_date(value, date)


def _row_date(row: Mapping[str, str], column: str) -> date | None:
    try:
        return _structure_optional_date(row[column])
    except RecordError as error:
        raise RecordError(f"{column}: {error}", field=column) from None


def __getattr__(name: str) -> cattrs.Converter:
    # The converter is made on first use, so reading the data never imports cattrs.
    if name == "converter":
        return _make_converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def to_json(value: object, *, indent: int | None = 2) -> str:
    """Records (or lists of them) as JSON text.

    >>> from ofsted_ratings.grades import Grade
    >>> to_json([Grade.GOOD], indent=None)
    '["good"]'
    """
    return json.dumps(_make_converter().unstructure(value), indent=indent, ensure_ascii=False)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Records of type ``cls`` (e.g. ``list[Inspection]``) from JSON text.

    Text that is not JSON, or any bad value in it, raises
    :class:`~ofsted_ratings.errors.RecordError` whose ``field`` is the path to the value:

    >>> from ofsted_ratings import Inspection
    >>> from_json('[{"urn": 1, "framework": "ilacs_2099", "source": {}}]', list[Inspection])
    Traceback (most recent call last):
    ...
    ofsted_ratings.errors.RecordError: [0].framework: 'ilacs_2099' is not a valid FrameworkId
    """
    try:
        data = json.loads(text)
    except ValueError as error:
        raise RecordError(f"not valid JSON: {error}") from None
    try:
        return _make_converter().structure(data, cls)
    except _structure_errors() as error:
        raise _record_error(error) from None


def _join(values: tuple[object, ...]) -> str:
    return _SEPARATOR.join(str(value) for value in values)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def inspection_to_row(inspection: Inspection) -> dict[str, str]:
    """An inspection as a ``inspections.csv`` row (every value a string, '' for none)."""
    data = _inspection_data(inspection)
    row: dict[str, str] = dict.fromkeys(INSPECTION_COLUMNS, "")
    row["id"] = inspection.id
    for key, value in data.items():
        if key != "judgements":
            row[key] = _cell(value)
    row.update(data["judgements"])
    # cattrs unstructures to untyped plain data.
    source: dict[str, object] = _make_converter().unstructure(inspection.source)
    for key, value in source.items():
        row[f"source_{key}"] = _cell(value)
    return row


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _check_columns(row: Mapping[str, str], columns: tuple[str, ...]) -> None:
    """Raise naming the columns ``row`` lacks, or else those it should not have."""
    missing = [column for column in columns if column not in row]
    if missing:
        raise RecordError(f"missing columns: {', '.join(missing)}")
    extra = [column for column in row if column not in columns]
    if extra:
        raise RecordError(f"unknown columns: {', '.join(map(str, extra))}")


def _urn(row: Mapping[str, str]) -> int | None:
    if not row["urn"]:
        return None
    try:
        return int(row["urn"])
    except ValueError:
        raise RecordError(f"urn is not a number: {row['urn']!r}", field="urn") from None


def _check_urn(row: Mapping[str, str], column: str, key: str) -> None:
    """Raise unless the row's ``urn`` is the one its key (in ``column``) holds."""
    if _urn(row) != urn_of_key(key):
        expected = urn_of_key(key)
        should = "be empty" if expected is None else f"be {expected}"
        raise RecordError(f"urn {row['urn']!r} should {should} for {column} {key!r}", field="urn")


_E = TypeVar("_E", bound=enum.Enum)


def _member(row: Mapping[str, str], column: str, kind: type[_E], what: str) -> _E:
    """The ``kind`` member whose value is in ``column``; ``what`` names it in the error."""
    try:
        return kind(row[column])
    except ValueError:
        raise RecordError(f"unknown {what} {row[column]!r}", field=column) from None


def _optional_member(row: Mapping[str, str], column: str, kind: type[_E], what: str) -> _E | None:
    return _member(row, column, kind, what) if row[column] else None


def _row_judgements(row: Mapping[str, str], framework: FrameworkId) -> tuple[Judgement, ...]:
    """The grades of a row, each written as its framework wrote it."""
    judgements = []
    words = _WORDS_ADEQUATE if FRAMEWORKS[framework].uses_adequate else _WORDS
    for area in AREA_KEYS:
        word = row[area]
        if word:
            grade = words.get(word)
            if grade is None:
                raise _misspelt_grade(area, word, framework)
            judgements.append(Judgement(area, grade))
    return tuple(judgements)


def _misspelt_grade(area: str, word: str, framework: FrameworkId) -> RecordError:
    try:
        parsed = Grade.parse(word)
    except GradeError:
        return RecordError(f"{area}: not a grade: {word!r}", field=area)
    expected = parsed.word(FRAMEWORKS[framework])
    return RecordError(f"{area}: {word!r} should be written {expected!r}", field=area)


def _row_source(row: Mapping[str, str]) -> Source:
    return Source(
        kind=_member(row, "source_kind", SourceKind, "source_kind"),
        url=row["source_url"],
        title=row["source_title"],
        sha256=row["source_sha256"] or None,
        published=_row_date(row, "source_published"),
        listed=_row_date(row, "source_listed"),
        publisher=row["source_publisher"] or None,
        note=row["source_note"] or None,
    )


def inspection_from_row(row: Mapping[str, str]) -> Inspection:
    """The inspection an ``inspections.csv`` row describes.

    Raises :class:`~ofsted_ratings.errors.RecordError` (or a subclass) naming the fault.
    """
    if len(row) != len(INSPECTION_COLUMNS) or not _INSPECTION_COLUMN_SET.issuperset(row):
        _check_columns(row, INSPECTION_COLUMNS)
    key = row["authority_key"]
    framework = _member(row, "framework", FrameworkId, "framework")
    kind = _optional_member(row, "kind", InspectionKind, "kind")
    basis = _optional_member(row, "kind_basis", KindBasis, "kind_basis")
    if kind is not None and basis is None:
        raise RecordError("kind_basis: how the kind is known is missing", field="kind_basis")
    judgements = _row_judgements(row, framework)
    source = _row_source(row)
    inspection = Inspection(
        authority_key=key,
        framework=framework,
        kind=kind,
        kind_basis=basis,
        start=_row_date(row, "start"),
        end=_row_date(row, "end"),
        date_precision=_optional_member(row, "date_precision", DatePrecision, "date_precision")
        or DatePrecision.DAY,
        published=_row_date(row, "published"),
        judgements=judgements,
        lead_inspector=row["lead_inspector"] or None,
        source=source,
    )
    _check_urn(row, "authority_key", inspection.authority_key)
    if row["id"] != inspection.id:
        raise RecordError(f"id {row['id']!r} should be {inspection.id!r}", field="id")
    return inspection


def authority_to_row(authority: LocalAuthority) -> dict[str, str]:
    """An authority as an ``authorities.csv`` row."""
    data = _make_converter().unstructure(authority)
    row: dict[str, str] = {}
    data["key"] = authority.key
    for column in AUTHORITY_COLUMNS:
        value = data[column]
        if isinstance(value, (list, tuple)):
            row[column] = _join(tuple(value))
        else:
            row[column] = "" if value is None else str(value)
    return row


def authority_from_row(row: Mapping[str, str]) -> LocalAuthority:
    """The authority an ``authorities.csv`` row describes."""
    _check_columns(row, AUTHORITY_COLUMNS)
    urn = _urn(row)
    region = _optional_member(row, "region", Region, "region")
    ons_region = _optional_member(row, "ons_region", OnsRegion, "ONS region")
    kind = _optional_member(row, "type", AuthorityType, "authority type")
    authority = LocalAuthority(
        urn=urn,
        name=row["name"],
        la_code=row["la_code"] or None,
        ons_code=row["ons_code"] or None,
        former_ons_codes=tuple(_split(row["former_ons_codes"])),
        region=region,
        ons_region=ons_region,
        type=kind,
        aliases=tuple(_split(row["aliases"])),
        created=_row_date(row, "created"),
        abolished=_row_date(row, "abolished"),
        predecessors=_keys(row, "predecessors"),
        successors=_keys(row, "successors"),
        statistical_neighbours=tuple(_split(row["statistical_neighbours"])),
    )
    if row["key"] != authority.key:
        raise RecordError(f"key {row['key']!r} should be {authority.key!r}", field="key")
    return authority


def _keys(row: Mapping[str, str], column: str) -> tuple[str, ...]:
    return tuple(_split(row[column]))


def visit_to_row(visit: Visit) -> dict[str, str]:
    """A visit as a ``visits.csv`` row (every value a string, '' for none).

    The inspectors are joined by ``"; "`` (a name holds no ``;``); the areas for priority
    action and what needs to improve are each a JSON list of strings (``""`` when empty).

    >>> from ofsted_ratings.models import Source, SourceKind, Visit, VisitKind
    >>> visit = Visit(authority_key="80481", kind=VisitKind.FOCUSED, start=date(2018, 1, 30),
    ...     end=date(2018, 1, 31), letter_date=date(2018, 2, 22),
    ...     inspectors=("Ann Smith", "Bob Jones"), improvements=("Plans; reviews.", "Audits."),
    ...     source=Source(kind=SourceKind.REPORT, url="https://example.org/l.pdf",
    ...                   title="Focused visit", sha256="0" * 64))
    >>> row = visit_to_row(visit)
    >>> row["id"], row["inspectors"], row["improvements"], row["priority_actions"]
    ('80481-visit-2018-01-30', 'Ann Smith; Bob Jones', '["Plans; reviews.", "Audits."]', '')
    >>> visit_from_row(row) == visit
    True
    """
    row: dict[str, str] = dict.fromkeys(VISIT_COLUMNS, "")
    row.update(
        id=visit.id,
        authority_key=visit.authority_key,
        urn=_cell(visit.urn),
        kind=visit.kind.value,
        start=_cell(_iso(visit.start)),
        end=_cell(_iso(visit.end)),
        letter_date=_cell(_iso(visit.letter_date)),
        lead_inspector=_cell(visit.lead_inspector),
        inspectors=_join(visit.inspectors),
        theme=_cell(visit.theme),
        priority_actions=_json_cell(visit.priority_actions),
        improvements=_json_cell(visit.improvements),
    )
    source: dict[str, object] = _make_converter().unstructure(visit.source)
    for key, value in source.items():
        row[f"source_{key}"] = _cell(value)
    return row


def _json_cell(items: tuple[str, ...]) -> str:
    return json.dumps(list(items), ensure_ascii=False) if items else ""


def _json_items(row: Mapping[str, str], column: str) -> tuple[str, ...]:
    """The list of strings a JSON cell holds (none for an empty cell)."""
    text = row[column]
    if not text:
        return ()
    try:
        value = json.loads(text)
    except ValueError:
        raise RecordError(f"{column}: not a JSON list: {text!r}", field=column) from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecordError(f"{column}: not a JSON list of strings: {text!r}", field=column)
    if not value:
        raise RecordError(f"{column}: an empty list is written as an empty cell", field=column)
    return tuple(value)


def visit_from_row(row: Mapping[str, str]) -> Visit:
    """The visit a ``visits.csv`` row describes.

    Raises :class:`~ofsted_ratings.errors.RecordError` (or a subclass) naming the fault.
    """
    if len(row) != len(VISIT_COLUMNS) or not _VISIT_COLUMN_SET.issuperset(row):
        _check_columns(row, VISIT_COLUMNS)
    visit = Visit(
        authority_key=row["authority_key"],
        kind=_member(row, "kind", VisitKind, "kind of visit"),
        start=_row_date(row, "start"),
        end=_row_date(row, "end"),
        letter_date=_row_date(row, "letter_date"),
        inspectors=tuple(_split(row["inspectors"])),
        lead_inspector=row["lead_inspector"] or None,
        theme=row["theme"] or None,
        priority_actions=_json_items(row, "priority_actions"),
        improvements=_json_items(row, "improvements"),
        source=_row_source(row),
    )
    _check_urn(row, "authority_key", visit.authority_key)
    if row["id"] != visit.id:
        raise RecordError(f"id {row['id']!r} should be {visit.id!r}", field="id")
    return visit
