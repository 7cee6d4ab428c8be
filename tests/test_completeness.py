"""The coverage report lists every inspection by framework and every known gap."""

from __future__ import annotations

import json

import pytest

from ofsted_ratings import SourceKind, load
from ofsted_ratings.cli import main
from ofsted_ratings.completeness import coverage


def test_every_inspection_is_counted_once() -> None:
    report = coverage(load())
    assert sum(sum(row.counts.values()) for row in report.rows) == len(load().inspections)
    assert len(report.rows) == len(load().authorities)


def test_inspections_without_a_report_are_gaps() -> None:
    report = coverage(load())
    listed = " ".join(gap for row in report.rows for gap in row.gaps)
    for inspection in load().inspections:
        if inspection.source.kind is not SourceKind.REPORT:
            assert inspection.id in listed


def test_leeds() -> None:
    row = next(r for r in coverage(load()).rows if r.authority.name == "Leeds")
    assert row.counts == {
        "slac_2009": 1,
        "lac_2013": 0,
        "sif": 1,
        "ilacs_2018": 2,
        "ilacs_2023": 1,
        "ilacs_2026": 0,
    }
    assert row.gaps == (
        "80481-2010-02-01: report not in the corpus; from a cited document",
        "80481-2025-08-12: kind (short or standard) not stated by any source; "
        "short inferred from the days on site",
    )


def test_cli_coverage_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["authorities"]) == len(load().authorities)
    assert payload["gaps"]
