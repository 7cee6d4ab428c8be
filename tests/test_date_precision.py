"""Dates known only to the month, and the cited SIF inspections of councils abolished since."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import attrs
import pytest

from ofsted_ratings import DatePrecision, Grade, Inspection, load
from ofsted_ratings.errors import RecordError
from ofsted_ratings.exports import export_rows
from ofsted_ratings.exports.sqlite import write_sqlite
from ofsted_ratings.exports.tables import long_rows
from ofsted_ratings.frameworks import FRAMEWORKS, FrameworkId, InspectionKind
from ofsted_ratings.integrity import check
from ofsted_ratings.io.convert import (
    INSPECTION_COLUMNS,
    from_json,
    inspection_from_row,
    inspection_to_row,
    to_json,
)
from ofsted_ratings.io.package import build_descriptor
from ofsted_ratings.models import (
    KindBasis,
    Source,
    SourceKind,
    approximate_date,
    inspected_text,
    known_from_text,
)

DATA = Path(__file__).resolve().parents[1] / "data"
RI, GOOD, INADEQUATE = Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.INADEQUATE

#: The cited inspections exactly as the cited sources give them: dates, their precision,
#: kind and every grade stated; every other area empty.
CITED = {
    "80434-2014-05-01": {
        "authority_key": "80434",
        "kind": InspectionKind.INSPECTION,
        "start": date(2014, 4, 1),
        "end": None,
        "published": None,
        "precision": DatePrecision.MONTH,
        "grades": {"overall_effectiveness": RI, "adoption_performance": GOOD, "lscb": RI},
    },
    "137316-2017-10-01": {
        "authority_key": "137316",
        "kind": InspectionKind.INSPECTION,
        "start": date(2017, 9, 1),
        "end": None,
        "published": None,
        "precision": DatePrecision.MONTH,
        "grades": {"overall_effectiveness": RI},
    },
    "80531-2016-04-27": {
        "authority_key": "80531",
        "kind": InspectionKind.INSPECTION,
        "start": date(2016, 2, 1),
        "end": None,
        "published": date(2016, 4, 27),
        "precision": DatePrecision.MONTH,
        "grades": {"overall_effectiveness": RI},
    },
    "80457-2015-05-13": {
        "authority_key": "80457",
        "kind": InspectionKind.INSPECTION,
        "start": date(2015, 3, 3),
        "end": date(2015, 3, 25),
        "published": date(2015, 5, 13),
        "precision": DatePrecision.DAY,
        "grades": {
            "overall_effectiveness": INADEQUATE,
            "help_and_protection": RI,
            "looked_after_and_permanence": INADEQUATE,
            "adoption_performance": RI,
            "care_leavers": RI,
            "leadership_management_governance": INADEQUATE,
            "lscb": RI,
        },
    },
    "80457-2017-12-01": {
        "authority_key": "80457",
        "kind": InspectionKind.RE_INSPECTION,
        "start": date(2017, 11, 1),
        "end": None,
        "published": None,
        "precision": DatePrecision.MONTH,
        "grades": {
            "overall_effectiveness": RI,
            "help_and_protection": RI,
            "looked_after_and_permanence": RI,
            "adoption_performance": GOOD,
            "care_leavers": RI,
            "leadership_management_governance": GOOD,
        },
    },
    "la-835-2016-05-23": {
        "authority_key": "la-835",
        "kind": InspectionKind.INSPECTION,
        "start": date(2016, 2, 22),
        "end": date(2016, 3, 17),
        "published": date(2016, 5, 23),
        "precision": DatePrecision.DAY,
        "grades": {
            "overall_effectiveness": RI,
            "help_and_protection": RI,
            "looked_after_and_permanence": RI,
            "care_leavers": RI,
            "adoption_performance": GOOD,
            "lscb": INADEQUATE,
        },
    },
}

#: The words of the sources each note must quote, one per judgement or date given.
QUOTES = {
    "80434-2014-05-01": (
        "their last inspection in April 2014",
        "Inspectors gave both the council and the LSCB a verdict of 'requires improvement'",
        "a 'good' rating for adoption performance",
        "everything else they assessed needed to be improved",
        "https://cypnow.co.uk/cyp/news/2005724",
    ),
    "137316-2017-10-01": (
        "An in-depth inspection was carried out in September",
        "Children's services in Poole require improvement to be good",
        '"strong"',
        "about November 2017",
        "unverified",
        "https://bournemouthecho.co.uk/news/15707228",
    ),
    "80531-2016-04-27": (
        "five weeks from February 2016",
        "rated 'requires improvement to be good'",
        "published by Ofsted today",
        "https://cypnow.co.uk/content/news/councils-childrens-services-move-out-of-inadequate-1",
    ),
    "80457-2015-05-13": (
        "Inspection date: 3 March - 25 March 2015",
        "Report published: 13 May 2015",
        "The overall judgement is that children's services are inadequate",
        "now requires improvement",
        "https://www.bbc.co.uk/news/uk-england-cumbria-32717692",
    ),
    "80457-2017-12-01": (
        "overall effectiveness now requires improvement to be good",
        "'requiring improvement' in a 2017 inspection",
        "https://willispalmer.com/significant-improvement-highlighted-at-cumbria/",
    ),
    "la-835-2016-05-23": (
        "published today (Monday 23 May)",
        "children in need of help and protection and those both in and leaving care, "
        "'require improvement to be good'",
        "Adoption services were rated as Good",
        "has been graded Inadequate",
        "all of it's service - except adoption - was in need of improvement",
        "https://www.bournemouthecho.co.uk/news/14510867",
        "https://www.wessexfm.com/news/dorset-news/2980707",
    ),
}


def _month_only(**changes: object) -> Inspection:
    values: dict[str, object] = {
        "authority_key": "137316",
        "framework": FrameworkId.SIF,
        "kind": InspectionKind.INSPECTION,
        "start": date(2017, 9, 1),
        "end": None,
        "published": None,
        "date_precision": DatePrecision.MONTH,
        "judgements": {"overall_effectiveness": RI},
        "source": Source(kind=SourceKind.DOCUMENT, url="https://example.org/a", title="An article"),
    }
    values.update(changes)
    return Inspection(**values)  # type: ignore[arg-type]


def test_day_is_the_default_precision() -> None:
    leeds = load().history("Leeds")[-1]
    assert leeds.date_precision is DatePrecision.DAY
    assert str(DatePrecision.MONTH) == "month"


def test_a_month_precise_date_is_the_first_of_its_month() -> None:
    with pytest.raises(RecordError, match="first of its month"):
        _month_only(start=date(2017, 9, 4))
    with pytest.raises(RecordError, match="first of its month"):
        _month_only(end=date(2017, 10, 2))
    with pytest.raises(RecordError, match="needs a start or an end month"):
        _month_only(
            start=None, source=attrs.evolve(_month_only().source, published=date(2017, 11, 1))
        )


def test_an_undated_inspection_still_needs_a_month() -> None:
    with pytest.raises(RecordError, match="publication date"):
        _month_only(date_precision=DatePrecision.DAY)


def test_known_from_the_first_day_after_the_last_month_on_site() -> None:
    assert _month_only().known_from == date(2017, 10, 1)
    assert _month_only(start=date(2017, 12, 1)).known_from == date(2018, 1, 1)
    assert _month_only(end=date(2017, 10, 1)).known_from == date(2017, 11, 1)
    # A publication date, of the inspection or of its source, places it by that day.
    assert _month_only(published=date(2017, 9, 20)).known_from == date(2017, 9, 20)
    source = attrs.evolve(_month_only().source, published=date(2017, 11, 8))
    assert _month_only(source=source).known_from == date(2017, 11, 8)
    with pytest.raises(RecordError, match="published 2017-08-31 before"):
        _month_only(published=date(2017, 8, 31))


@pytest.mark.parametrize("precision", list(DatePrecision))
def test_precision_round_trips_through_rows_and_json(precision: DatePrecision) -> None:
    inspection = _month_only(date_precision=precision, published=date(2017, 11, 2))
    row = inspection_to_row(inspection)
    assert list(row) == list(INSPECTION_COLUMNS)
    assert row["date_precision"] == precision.value
    assert inspection_from_row(row) == inspection
    assert from_json(to_json([inspection]), list[Inspection]) == [inspection]


def test_an_empty_precision_cell_is_day_and_a_bad_one_is_an_error() -> None:
    inspection = load().history("Leeds")[-1]
    row = inspection_to_row(inspection)
    assert inspection_from_row({**row, "date_precision": ""}) == inspection
    with pytest.raises(RecordError, match="date_precision"):
        inspection_from_row({**row, "date_precision": "year"})


def test_the_descriptor_and_exports_carry_the_precision(tmp_path: Path) -> None:
    data = load()
    assert data.release is not None
    resources = build_descriptor(release=data.release)["resources"]
    (inspections,) = [r for r in resources if r["name"] == "inspections"]
    fields = {f["name"]: f for f in inspections["schema"]["fields"]}
    assert fields["date_precision"]["constraints"]["enum"] == ["day", "month"]

    wide = {r["id"]: r for r in export_rows(data)}
    assert wide["80434-2014-05-01"]["date_precision"] == "month"
    assert wide["80481-2025-08-12"]["date_precision"] == "day"
    long = [r for r in long_rows(data) if r["inspection_id"] == "137316-2017-10-01"]
    assert [r["date_precision"] for r in long] == ["month"]
    db = write_sqlite(data, tmp_path / "ofsted.db")
    with sqlite3.connect(db) as con:
        got = con.execute(
            "SELECT date_precision FROM inspections WHERE id = '80457-2017-12-01'"
        ).fetchall()
    assert got == [("month",)]


def test_as_of_inside_the_month_never_counts_it() -> None:
    data = load()
    for authority, month_end in (("Poole", date(2017, 9, 30)), ("Bournemouth", date(2014, 4, 30))):
        before = data.history(authority, as_of=month_end)
        after = data.history(authority, as_of=date.fromordinal(month_end.toordinal() + 1))
        assert len(after) == len(before) + 1
        assert after[-1].date_precision is DatePrecision.MONTH
        assert after[-1] not in data.as_of(month_end).inspections
        assert after[-1] in data.as_of(after[-1].known_from).inspections
    cumbria_2017 = data.history("Cumbria", as_of=date(2017, 12, 1))[-1]
    assert cumbria_2017.id == "80457-2017-12-01"
    assert data.history("Cumbria", as_of=date(2017, 11, 30))[-1].id == "80457-2015-05-13"


def test_a_month_precise_start_with_a_publication_date_is_placed_by_that_day() -> None:
    data = load()
    assert data.history("Northamptonshire", as_of=date(2016, 4, 26))[-1:] == ()
    northants = data.history("Northamptonshire", as_of=date(2016, 4, 27))[-1]
    assert (northants.start, northants.published) == (date(2016, 2, 1), date(2016, 4, 27))


def test_history_and_streaks_order_it_by_the_day_it_is_known_from() -> None:
    data = load()
    cumbria = data.history("Cumbria")
    assert [i.id for i in cumbria][:2] == ["80457-2015-05-13", "80457-2017-12-01"]
    assert [i.known_from for i in cumbria] == sorted(i.known_from for i in cumbria)
    runs = [s for s in data.streaks(RI, 2) if s.authority.name == "Cumbria"]
    assert len(runs) == 1
    assert runs[0].first == date(2017, 12, 1)
    assert runs[0].inspections[0].date_precision is DatePrecision.MONTH
    inside = [
        s for s in data.streaks(RI, 1, as_of=date(2017, 11, 30)) if s.authority.name == "Cumbria"
    ]
    assert inside == []


def test_shown_as_approximate() -> None:
    data = load()
    poole = data.history("Poole")[0]
    assert inspected_text(poole) == ("inspected in September 2017 (month only)",)
    assert known_from_text(poole) == "after September 2017"
    northants = data.history("Northamptonshire")[0]
    assert known_from_text(northants) == "2016-04-27"
    assert inspected_text(_month_only(end=date(2017, 10, 1))) == (
        "inspected in September 2017 to October 2017 (month only)",
    )
    assert approximate_date(date(2014, 4, 1), DatePrecision.MONTH) == "April 2014"


def _cited_rows() -> dict[str, dict[str, str]]:
    """The reviewed rows of ``data/cited-inspections.csv`` in a checkout; elsewhere (an
    installed wheel, which does not carry the build's inputs) the same records as the
    bundled data writes them."""
    path = DATA / "cited-inspections.csv"
    if not path.is_file():
        return {i.id: inspection_to_row(i) for i in load().inspections if i.id in CITED}
    with path.open(newline="", encoding="utf-8") as file:
        return {row["id"]: row for row in csv.DictReader(file)}


def test_cited_rows_are_exactly_what_the_sources_say() -> None:
    rows = _cited_rows()
    assert set(CITED) <= set(rows)
    data = load()
    by_id = {i.id: i for i in data.inspections}
    sif_areas = FRAMEWORKS[FrameworkId.SIF].area_keys
    for key, expected in CITED.items():
        inspection = by_id[key]
        assert inspection == inspection_from_row(rows[key])
        assert inspection.authority_key == expected["authority_key"]
        assert inspection.framework is FrameworkId.SIF
        assert (inspection.kind, inspection.kind_basis) == (expected["kind"], KindBasis.CITED)
        assert (inspection.start, inspection.end, inspection.published) == (
            expected["start"],
            expected["end"],
            expected["published"],
        )
        assert inspection.date_precision is expected["precision"]
        assert inspection.grades == expected["grades"]
        assert inspection.lead_inspector is None
        source = inspection.source
        assert source.kind is SourceKind.DOCUMENT and source.sha256 is None
        assert source.published is None and source.listed is None
        assert source.url.startswith("https://") and source.title and source.publisher
        # Every area the sources do not grade is empty in the row.
        empty = [a for a in sif_areas if a not in expected["grades"]]
        assert all(rows[key][area] == "" for area in empty)


def test_inferred_cells_stay_empty_and_the_notes_quote_the_sources() -> None:
    rows = _cited_rows()
    # Bournemouth: "other areas RI [inferred]".
    for area in ("help_and_protection", "looked_after_and_permanence", "care_leavers"):
        assert rows["80434-2014-05-01"][area] == ""
    assert rows["80434-2014-05-01"]["leadership_management_governance"] == ""
    # Poole: adoption and care leavers "strong", no grade quoted.
    assert rows["137316-2017-10-01"]["adoption_performance"] == ""
    assert rows["137316-2017-10-01"]["care_leavers"] == ""
    # Dorset County Council: leadership, management and governance RI [inferred].
    assert rows["la-835-2016-05-23"]["leadership_management_governance"] == ""
    for key, quotes in QUOTES.items():
        note = rows[key]["source_note"]
        for quote in quotes:
            assert quote in note, (key, quote)


def test_no_urn_is_invented_for_dorset_county_council() -> None:
    """No source gives its URN or GSS code: it is keyed by its DfE LA code, and the codes
    no source gives stay empty."""
    data = load()
    dorset = data.authority("Dorset County Council")
    assert (dorset.urn, dorset.key, dorset.la_code, dorset.ons_code) == (
        None,
        "la-835",
        "835",
        None,
    )
    assert data.authority("la-835") is dorset
    assert [i.id for i in data.history(dorset)] == ["la-835-2016-05-23"]
    assert data.history(dorset)[0].urn is None
    assert data.authority("Dorset").la_code == "838"
    assert all(a.urn is not None for a in data.authorities if a is not dorset)


def test_the_cited_inspections_pass_the_integrity_checks() -> None:
    data = load()
    cited = [i for i in data.inspections if i.id in CITED]
    assert len(cited) == len(CITED)
    assert check(data) == []


def _poole_report(**changes: object) -> Inspection:
    values: dict[str, object] = {
        "authority_key": "137316",
        "framework": FrameworkId.SIF,
        "kind": InspectionKind.INSPECTION,
        "start": date(2017, 9, 18),
        "end": date(2017, 10, 12),
        "published": date(2017, 11, 14),
        "judgements": {"overall_effectiveness": RI, "help_and_protection": RI},
        "lead_inspector": "A Inspector",
        "source": Source(
            kind=SourceKind.REPORT,
            url="https://files.ofsted.gov.uk/v1/file/1",
            title="Children's services inspection",
            sha256="0" * 64,
        ),
    }
    values.update(changes)
    return Inspection(**values)  # type: ignore[arg-type]


def test_a_report_upgrades_a_cited_month_precise_record() -> None:
    from ofsted_ratings.merge import Reported, merge_reports

    data = load()
    merged = merge_reports(data.inspections, [Reported(_poole_report())], data)
    assert merged.conflicts == () and merged.disagreements == ()
    (poole,) = [i for i in merged.inspections if i.urn == 137316 and i.framework.value == "sif"]
    # The report's days replace the month they fall in; its values fill the rest.
    assert (poole.start, poole.end, poole.date_precision) == (
        date(2017, 9, 18),
        date(2017, 10, 12),
        DatePrecision.DAY,
    )
    assert poole.source.kind is SourceKind.REPORT and poole.published == date(2017, 11, 14)
    assert poole.grades == {"overall_effectiveness": RI, "help_and_protection": RI}


def test_a_report_that_differs_from_a_cited_record_is_a_disagreement() -> None:
    from ofsted_ratings.merge import Reported, merge_reports

    data = load()
    report = _poole_report(judgements={"overall_effectiveness": GOOD})
    merged = merge_reports(data.inspections, [Reported(report)], data)
    assert [(d.field, d.ours, d.theirs) for d in merged.disagreements] == [
        ("overall_effectiveness", "good", "requires improvement")
    ]
