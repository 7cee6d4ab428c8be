"""Serialisation round trips are exact: JSON, CSV rows and the converter."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given

from ofsted_ratings import Inspection, LocalAuthority, RecordError
from ofsted_ratings.io.convert import (
    INSPECTION_COLUMNS,
    authority_from_row,
    authority_to_row,
    converter,
    from_json,
    inspection_from_row,
    inspection_to_row,
    to_json,
)
from ofsted_ratings.testing import authorities, inspections


@given(inspections())
def test_inspection_json_round_trip(inspection: Inspection) -> None:
    assert from_json(to_json(inspection), Inspection) == inspection
    assert converter.structure(converter.unstructure(inspection), Inspection) == inspection


@given(inspections())
def test_inspection_csv_round_trip(inspection: Inspection) -> None:
    row = inspection_to_row(inspection)
    assert tuple(row) == INSPECTION_COLUMNS
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=INSPECTION_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    (read,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert inspection_from_row(read) == inspection
    assert inspection_to_row(inspection_from_row(read)) == row


@given(authorities())
def test_authority_round_trips(authority: LocalAuthority) -> None:
    assert authority_from_row(authority_to_row(authority)) == authority
    assert from_json(to_json(authority), LocalAuthority) == authority


@given(inspections())
def test_grades_written_as_the_framework_wrote_them(inspection: Inspection) -> None:
    row = inspection_to_row(inspection)
    framework = inspection.framework_info
    for judgement in inspection.judgements:
        word = row[judgement.area]
        assert word == word.lower()
        if framework.uses_adequate:
            assert word != "requires improvement"
        else:
            assert word != "adequate"


def _row(inspection: Inspection, **changes: str) -> dict[str, str]:
    row = inspection_to_row(inspection)
    row.update(changes)
    return row


@given(inspections(graded=True))
def test_bad_rows_raise_record_errors_naming_the_field(inspection: Inspection) -> None:
    area = inspection.judgements[0].area if inspection.judgements else "overall_effectiveness"
    with pytest.raises(RecordError, match="urn"):
        inspection_from_row(_row(inspection, urn="x"))
    with pytest.raises(RecordError, match="framework"):
        inspection_from_row(_row(inspection, framework="ilacs"))
    with pytest.raises(RecordError, match="id"):
        inspection_from_row(_row(inspection, id="1-2000-01-01"))
    if inspection.judgements:
        with pytest.raises(RecordError, match=area):
            inspection_from_row(_row(inspection, **{area: "splendid"}))
    bad = _row(inspection)
    del bad["lead_inspector"]
    with pytest.raises(RecordError, match="missing columns: lead_inspector"):
        inspection_from_row(bad)


@given(inspections())
def test_json_is_plain_data(inspection: Inspection) -> None:
    data = json.loads(to_json(inspection))
    assert data["framework"] == inspection.framework.value
    assert set(data["judgements"]) == set(inspection.grades)
