"""How each inspection's kind is known (``kind_basis``), and the rule that infers short or
standard from the days on site where no source states it."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import attrs
import pytest

from ofsted_ratings import load
from ofsted_ratings.errors import RecordError
from ofsted_ratings.frameworks import FrameworkId, InspectionKind
from ofsted_ratings.integrity import record_problems
from ofsted_ratings.io.convert import (
    INSPECTION_COLUMNS,
    from_json,
    inspection_from_row,
    inspection_to_row,
    to_json,
)
from ofsted_ratings.merge import infer_kinds
from ofsted_ratings.models import Inspection, KindBasis, SourceKind, kind_from_days

SHORT, STANDARD = InspectionKind.SHORT, InspectionKind.STANDARD
ILACS = FrameworkId.ILACS_2023
MONDAY = date(2025, 6, 2)

#: The ILACS inspections whose official kind the rule does not imply: three split over two
#: visits, one of three days and one of two and a half weeks.
EXCEPTIONS = {
    "80460-2019-09-19": "Derbyshire, short: 8-12 July and 7-8 August 2019",
    "80557-2023-05-10": "South Tyneside, short: 5-9 December 2022 and 14-15 February 2023",
    "80461-2025-05-13": "Devon, standard: 30 September-11 October 2024 and 13-16 January 2025",
    "80455-2023-08-25": "Isles of Scilly, short: Tuesday 11 to Thursday 13 July 2023",
    "80580-2019-07-22": "Wiltshire, standard: Monday 3 to Wednesday 19 June 2019",
}


@pytest.mark.parametrize(
    ("start", "days", "kind"),
    [
        (MONDAY, 4, SHORT),
        (MONDAY, 11, STANDARD),
        (MONDAY, 3, None),  # Monday to Thursday
        (MONDAY, 9, None),  # to the Wednesday of the next week
        (MONDAY, 18, None),  # three weeks
        (MONDAY + timedelta(days=1), 4, None),  # Tuesday to Saturday
        (MONDAY + timedelta(days=1), 11, None),
    ],
)
def test_the_rule(start: date, days: int, kind: InspectionKind | None) -> None:
    assert kind_from_days(ILACS, start, start + timedelta(days=days)) is kind


def test_the_rule_needs_both_dates_and_a_framework_with_short_inspections() -> None:
    end = MONDAY + timedelta(days=4)
    assert kind_from_days(ILACS, None, end) is None
    assert kind_from_days(ILACS, MONDAY, None) is None
    assert kind_from_days(FrameworkId.SIF, MONDAY, end) is None
    assert kind_from_days(FrameworkId.ILACS_2026, MONDAY, end) is SHORT


def test_the_evidence_every_official_kind_that_fits_a_pattern_agrees() -> None:
    """89 one-week inspections are all short, 158 two-week ones all standard; five fit
    neither pattern."""
    found: Counter[tuple[str, str | None]] = Counter()
    unfit = set()
    for inspection in load(bundled=True).inspections:
        if inspection.kind_basis is KindBasis.OFFICIAL and inspection.end is not None:
            implied = kind_from_days(inspection.framework, inspection.start, inspection.end)
            assert inspection.kind is not None
            found[inspection.kind.value, None if implied is None else implied.value] += 1
            if implied is None:
                unfit.add(inspection.id)
    assert found == {
        ("short", "short"): 89,
        ("standard", "standard"): 158,
        ("short", None): 3,
        ("standard", None): 2,
    }
    assert unfit == set(EXCEPTIONS)


def test_every_ilacs_inspection_has_a_kind_and_says_how_it_is_known() -> None:
    data = load(bundled=True)
    ilacs = [i for i in data.inspections if i.framework.value.startswith("ilacs")]
    assert all(i.kind is not None and i.kind_basis is not None for i in ilacs)
    inferred = Counter(i.kind.value for i in ilacs if i.kind and i.kind_basis is KindBasis.INFERRED)
    assert inferred == {"short": 28, "standard": 24}
    bases = Counter((i.source.kind, i.kind_basis) for i in data.inspections)
    assert bases[SourceKind.DOCUMENT, KindBasis.CITED] == 7
    assert bases[SourceKind.OFFICIAL_STATISTICS, KindBasis.OFFICIAL] == 19
    sif_and_older = [i for i in data.inspections if not i.framework.value.startswith("ilacs")]
    assert {i.kind_basis for i in sif_and_older if i.source.kind is SourceKind.REPORT} == {
        KindBasis.REPORT
    }


def _leeds_2025() -> Inspection:
    return load(bundled=True).history("Leeds")[-1]


def test_a_kind_given_without_its_basis_takes_its_sources() -> None:
    leeds = _leeds_2025()
    assert leeds.kind_basis is KindBasis.INFERRED
    unstated = attrs.evolve(leeds, kind=None, kind_basis=None)
    assert unstated.kind_basis is None
    assert attrs.evolve(unstated, kind=SHORT).kind_basis is KindBasis.REPORT


def test_a_basis_must_fit_its_kind() -> None:
    leeds = _leeds_2025()
    with pytest.raises(RecordError, match="kind_basis inferred given, but no kind"):
        attrs.evolve(leeds, kind=None)
    with pytest.raises(RecordError, match="only short and standard"):
        attrs.evolve(leeds, kind=InspectionKind.FOCUSED_VISIT, judgements=())
    with pytest.raises(RecordError, match="is not a KindBasis"):
        attrs.evolve(leeds, kind_basis="inferred")  # type: ignore[arg-type]


def test_the_data_file_states_every_basis() -> None:
    leeds = _leeds_2025()
    row = inspection_to_row(leeds)
    assert list(row) == list(INSPECTION_COLUMNS)
    assert INSPECTION_COLUMNS.index("kind_basis") == INSPECTION_COLUMNS.index("kind") + 1
    assert (row["kind"], row["kind_basis"]) == ("short", "inferred")
    assert inspection_from_row(row) == leeds
    with pytest.raises(RecordError, match="kind_basis") as info:
        inspection_from_row({**row, "kind_basis": ""})
    assert info.value.field == "kind_basis"
    with pytest.raises(RecordError, match="unknown kind_basis 'guessed'"):
        inspection_from_row({**row, "kind_basis": "guessed"})
    with pytest.raises(RecordError, match="no kind"):
        inspection_from_row({**row, "kind": ""})


def test_json_round_trip_keeps_the_basis() -> None:
    leeds = _leeds_2025()
    assert '"kind_basis": "inferred"' in to_json(leeds)
    assert from_json(to_json(leeds), Inspection) == leeds
    with pytest.raises(RecordError, match="kind_basis"):
        from_json(to_json(leeds).replace('"inferred"', '"guessed"'), Inspection)


def test_an_inferred_kind_must_agree_with_the_rule() -> None:
    leeds = _leeds_2025()
    assert record_problems(leeds) == []
    wrong = attrs.evolve(leeds, kind=STANDARD)
    (problem,) = record_problems(wrong)
    assert problem.code == "inferred-kind"
    assert "2025-06-30 to 2025-07-04 on site implies short" in problem.message
    stated = attrs.evolve(wrong, kind_basis=KindBasis.OFFICIAL)
    assert record_problems(stated) == []


def test_inference_never_overrides_a_stated_kind() -> None:
    leeds = _leeds_2025()
    stated = attrs.evolve(leeds, kind=STANDARD, kind_basis=KindBasis.REPORT)
    unknown = attrs.evolve(leeds, kind=None, kind_basis=None)
    split = attrs.evolve(unknown, end=leeds.end + timedelta(days=30) if leeds.end else None)
    merged = infer_kinds([stated, unknown, split])
    assert merged.inspections == (stated, leeds, split)
    assert merged.changed == ((unknown, leeds),)
    assert infer_kinds(merged.inspections).changed == ()


def test_exports_carry_the_basis() -> None:
    from ofsted_ratings.exports import export_rows
    from ofsted_ratings.exports.tables import columns, long_rows

    data = load(bundled=True)
    wide = next(r for r in export_rows(data) if r["id"] == "80481-2025-08-12")
    assert (wide["kind"], wide["kind_basis"]) == ("short", "inferred")
    long = next(r for r in long_rows(data) if r["inspection_id"] == "80481-2025-08-12")
    assert (long["kind"], long["kind_basis"]) == ("short", "inferred")
    (column,) = [c for c in columns("inspections") if c.name == "kind_basis"]
    assert column.categories == ("report", "official", "cited", "inferred")


def test_the_bundled_file_has_the_column() -> None:
    from ofsted_ratings.dataset import data_files

    text = (data_files() / "inspections.csv").read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    assert header[4:6] == ["kind", "kind_basis"]
