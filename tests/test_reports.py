"""The report reader on synthetic page texts and on tiny PDFs built here.

The parser is tested on page texts written for each test (every date form, each framework
family, each error); the PDF side on PDFs written by hand below, and on truncated or altered
copies of a corpus report held in memory when the corpus is present.
"""

from __future__ import annotations

import io
import pickle
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings.errors import OfstedRatingsError
from ofsted_ratings.frameworks import FrameworkId, InspectionKind
from ofsted_ratings.grades import Grade
from ofsted_ratings.models import Judgement, SourceKind
from ofsted_ratings.sources.reports import (
    INSTALL_HINT,
    CorruptPDFError,
    EncryptedPDFError,
    InconsistentReportError,
    JudgementLabelError,
    MissingJudgementsError,
    NotAnInspectionReportError,
    NotAPDFError,
    PDFSupportMissingError,
    ReportError,
    ReportRecord,
    ReportTooLargeError,
    UnreadableFieldError,
    _text,
    read_report,
)
from ofsted_ratings.sources.reports._parse import (
    ParsedReport,
    parse_date,
    parse_pages,
    parse_period,
)
from report_texts import ILACS_2026

O, G, RI, I = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


def swap(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced, checking that ``old`` is there."""
    assert old in text, old
    return text.replace(old, new)


def grades(report: ParsedReport | ReportRecord) -> dict[str, Grade]:
    return {judgement.area: judgement.grade for judgement in report.judgements}


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("8 – 12 July 2013", date(2013, 7, 8), date(2013, 7, 12)),
        ("15-19 July 2013", date(2013, 7, 15), date(2013, 7, 19)),
        ("4 June 2018–28 June 2018", date(2018, 6, 4), date(2018, 6, 28)),
        ("20 to 24 February 2023", date(2023, 2, 20), date(2023, 2, 24)),
        ("16 September – 8 October 2014", date(2014, 9, 16), date(2014, 10, 8)),
        ("20 January 2015 – 11 February 2015", date(2015, 1, 20), date(2015, 2, 11)),
        ("28 January—5 February 2014", date(2014, 1, 28), date(2014, 2, 5)),
        ("20 June 2017 ─ 13 July 2017", date(2017, 6, 20), date(2017, 7, 13)),
        ("11 May 2015 \u2212 4 June 2015", date(2015, 5, 11), date(2015, 6, 4)),
        ("12/09/2016 to 06/10/2016", date(2016, 9, 12), date(2016, 10, 6)),
        ("1/06/2015 – 25/06/2015", date(2015, 6, 1), date(2015, 6, 25)),
        ("18 Feb 2014 – 12 March 2014", date(2014, 2, 18), date(2014, 3, 12)),
        ("3 Sept. to 7 Sept 2018", date(2018, 9, 3), date(2018, 9, 7)),
        ("2 0 June 2016 to 1 July 2016", date(2016, 6, 20), date(2016, 7, 1)),
        ("20\u00a0June\u00a02016 to 1\u00a0July 2016", date(2016, 6, 20), date(2016, 7, 1)),
        ("20 Ju\u00adne 2016 to 1 July 2016", date(2016, 6, 20), date(2016, 7, 1)),
        ("11 May to 22 May 2026", date(2026, 5, 11), date(2026, 5, 22)),
        ("28 July 2016", date(2016, 7, 28), date(2016, 7, 28)),
        ("1st to 5th July 2019", date(2019, 7, 1), date(2019, 7, 5)),
        ("29 December to 9 January 2015", date(2014, 12, 29), date(2015, 1, 9)),
        (
            "19 November-11 December 2013 and 28 – 30 January 2014",
            date(2013, 11, 19),
            date(2014, 1, 30),
        ),
        (
            "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019",
            date(2019, 7, 8),
            date(2019, 8, 8),
        ),
        (
            "30 September to 11 October 2024 and 13 to 16 January 2025",
            date(2024, 9, 30),
            date(2025, 1, 16),
        ),
        ("5 to 9 December 2022 and 14 to 15 February 2023", date(2022, 12, 5), date(2023, 2, 15)),
        ("12/09 to 14/09/2016", date(2016, 9, 12), date(2016, 9, 14)),
        ("30/06/25 - 04/07/25", date(2025, 6, 30), date(2025, 7, 4)),
    ],
)
def test_parse_period(text: str, start: date, end: date) -> None:
    assert parse_period(text) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "July 2013",
        "8 12 July 2013",
        "8 – 12 July",
        "31 February to 2 March 2015",
        "12 to 8 July 2013",
        "8 July 2013 to 12 July 2015",
        "to be confirmed",
        "8 – 12 Juli 2013",
        "8 – 12 July 2013 and",
        "12/13/2016 to 14/13/2016",
        "8 – 12 July 13",
        "99999999999999999999 July 2013",
        "1/99999999999999999999/2013 to 2/1/2013",
        "1 July 0000",
        "31 December to 1 January 0001",
        "12/09/116 to 14/09/116",
        "12/09 to 14/09",
        "8 – 12 July 2013 to. 14 July 2013",
    ],
)
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(UnreadableFieldError) as caught:
        parse_period(text)
    assert caught.value.field == "inspection dates"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 March 2015", date(2015, 3, 27)),
        ("01 September 2014", date(2014, 9, 1)),
        ("25/11/2016", date(2016, 11, 25)),
        ("3 Feb 2015 ", date(2015, 2, 3)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_refuses_a_period() -> None:
    with pytest.raises(UnreadableFieldError, match="expected one date"):
        parse_date("1 to 3 March 2015", "published")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25/11/116", "bad year '116' in '25/11/116'"),
        ("25/11", "no month or year for day 25"),
        ("25 November", "no month or year for day 25"),
        ("November 2016", "expected a day in 'November 2016'"),
        ("25 November 2016 x", "unexpected 'x'"),
        ("25 November 2016 to", "ends without a date"),
    ],
)
def test_parse_date_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(UnreadableFieldError, match=message) as caught:
        parse_date(text, "published")
    assert caught.value.field == "published"


# --- ILACS ----------------------------------------------------------------------------------

ILACS_2023 = """\
Inspection of Leeds City local authority
children’s services
Inspection dates: 30 June 2025 to 4 July 2025
Lead inspector: Catherine Heron, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Outstanding
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Requires improvement to
be good
The experiences and progress of
children care leavers
Inadequate
Overall effectiveness Outstanding
Children in Leeds continue to benefit from effective services. The experiences and
progress of children in care are good.
"""

ILACS_2018_OLD_STYLE = """\
1
Bristol City of
Inspection of children's social care services
Inspection dates: 10 September 2018 to 21 September 2018
Lead inspector: Joy Howick
Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with children
and families Good
The experiences and progress of children who need help and
protection
Requires improvement
to be good
The experiences and progress of children in care and care
leavers
Requires improvement
Overall effectiveness Requires improvement
to be good
Since the single inspection framework (SIF) inspection in 2014 ...
"""


def test_ilacs_2023() -> None:
    report = parse_pages([ILACS_2023])
    assert report.authority == "Leeds City"
    assert report.framework is FrameworkId.ILACS_2023
    assert report.kind is None
    assert (report.start, report.end) == (date(2025, 6, 30), date(2025, 7, 4))
    assert report.published is None
    assert report.lead_inspector == "Catherine Heron"
    assert report.judgements == (
        Judgement("overall_effectiveness", O),
        Judgement("impact_of_leaders", O),
        Judgement("help_and_protection", G),
        Judgement("children_in_care", RI),
        Judgement("care_leavers", I),
    )


def test_trailing_spaces_and_crlf_line_ends() -> None:
    assert parse_pages([swap(ILACS_2023, "\n", " \r\n")]) == parse_pages([ILACS_2023])


def test_ilacs_2018_old_style_header() -> None:
    report = parse_pages([ILACS_2018_OLD_STYLE])
    assert report.authority == "Bristol City of"
    assert report.framework is FrameworkId.ILACS_2018
    assert report.lead_inspector == "Joy Howick"
    assert grades(report) == {
        "overall_effectiveness": RI,
        "impact_of_leaders": G,
        "help_and_protection": RI,
        "children_in_care_and_care_leavers": RI,
    }


def test_ilacs_2026_has_no_overall_effectiveness() -> None:
    report = parse_pages([ILACS_2026])
    assert report.framework is FrameworkId.ILACS_2026
    assert [j.area for j in report.judgements] == [
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "care_leavers",
    ]
    assert grades(report)["care_leavers"] is RI


def test_ilacs_running_header_and_singular_date_label() -> None:
    table = ILACS_2018_OLD_STYLE.split("Judgement Grade", 1)[1]
    page = (
        "Inspection of Nottingham City local authority children’s services\n11 July 2022\n"
        "Inspection of Nottingham City local \nauthority children’s services \n"
        "Inspection date: 11 – 22 July 2022\n"
        "Lead inspector: Andy Waugh, HMI\n"
        "Judgement Grade" + table
    )
    report = parse_pages([page])
    assert report.authority == "Nottingham City"
    assert report.lead_inspector == "Andy Waugh"
    assert (report.start, report.end) == (date(2022, 7, 11), date(2022, 7, 22))


@pytest.mark.parametrize(
    ("title", "authority"),
    [
        ("Inspection of the Isle of Wight local \nauthority children’s services", "Isle of Wight"),
        ("Inspection of Buckinghamshire Council \nchildren’s services", "Buckinghamshire Council"),
        (
            "Inspection of Bradford Children and \nFamilies Trust",
            "Bradford Children and Families Trust",
        ),
        (
            "1\nTameside metropolitan borough\nInspection of local authority children’s social "
            "care \nservices",
            "Tameside metropolitan borough",
        ),
        (
            "1\nRoyal Borough of Kensington and \nChelsea\nInspection of children’s social care "
            "services",
            "Royal Borough of Kensington and Chelsea",
        ),
    ],
)
def test_ilacs_authority_as_printed(title: str, authority: str) -> None:
    page = title + "\n" + ILACS_2023.split("\n", 2)[2]
    assert parse_pages([page]).authority == authority


def test_ilacs_two_lead_inspectors_and_none() -> None:
    two = swap(
        ILACS_2023,
        "Lead inspector: Catherine Heron, His Majesty’s Inspector",
        "Lead inspectors: Rebecca Quested, His Majesty’s Inspector, and Matthew Reed, \n"
        "His Majesty’s Inspector",
    )
    assert parse_pages([two]).lead_inspector == "Rebecca Quested and Matthew Reed"
    none = swap(ILACS_2023, "Lead inspector: Catherine Heron, His Majesty’s Inspector\n", "")
    assert parse_pages([none]).lead_inspector is None


def test_ilacs_stray_full_stop_before_grade_and_grade_variants() -> None:
    page = swap(
        swap(
            ILACS_2023,
            "practice with children and families\nOutstanding",
            "practice with children and families. Requires improvement, to become good",
        ),
        "children in care\nRequires improvement to\nbe good",
        "children in care\nRI",
    )
    found = grades(parse_pages([page]))
    assert found["impact_of_leaders"] is RI
    assert found["children_in_care"] is RI


def test_ilacs_states_its_kind_only_when_printed() -> None:
    assert parse_pages([ILACS_2023]).kind is None
    in_prose = swap(ILACS_2023, "Children in Leeds continue", "At the last short inspection,")
    assert parse_pages([in_prose]).kind is None
    in_heading = swap(
        ILACS_2023, "Judgement Grade", "This was a short inspection.\nJudgement Grade"
    )
    assert parse_pages([in_heading]).kind is InspectionKind.SHORT


def test_ilacs_rows_that_contradict_the_start_date() -> None:
    rows_2018_in_2024 = swap(
        ILACS_2018_OLD_STYLE, "10 September 2018 to 21 September 2018", "10 to 21 June 2024"
    )
    with pytest.raises(InconsistentReportError, match=r"ILACS \(2018-22\).*2024-06-10"):
        parse_pages([rows_2018_in_2024])
    overall_in_2026 = swap(ILACS_2023, "30 June 2025 to 4 July 2025", "1 to 5 June 2026")
    with pytest.raises(InconsistentReportError, match="care leavers judgement"):
        parse_pages([overall_in_2026])
    before_ilacs = swap(ILACS_2023, "30 June 2025 to 4 July 2025", "1 to 5 June 2017")
    with pytest.raises(InconsistentReportError, match="before ILACS began"):
        parse_pages([before_ilacs])


def test_ilacs_missing_row() -> None:
    page = swap(ILACS_2023, "The experiences and progress of\nchildren care leavers\n", "")
    page = swap(page, "Inadequate\nOverall", "Overall")
    with pytest.raises(MissingJudgementsError, match="missing care_leavers"):
        parse_pages([page])


def test_ilacs_2026_rows_in_2025() -> None:
    page = swap(ILACS_2026, "11 May to 22 May 2026", "11 May to 22 May 2025")
    with pytest.raises(InconsistentReportError, match="without overall effectiveness"):
        parse_pages([page])


def test_ilacs_missing_overall_row() -> None:
    page = swap(
        ILACS_2018_OLD_STYLE, "Overall effectiveness Requires improvement\nto be good\n", ""
    )
    with pytest.raises(MissingJudgementsError, match="missing overall_effectiveness"):
        parse_pages([page])


def test_ilacs_unknown_grade_label() -> None:
    page = swap(ILACS_2023, "Overall effectiveness Outstanding", "Overall effectiveness Superb")
    with pytest.raises(
        MissingJudgementsError, match="no grade after 'Overall effectiveness Superb'"
    ):
        parse_pages([page])


def test_ilacs_row_graded_twice() -> None:
    page = swap(
        ILACS_2023,
        "Overall effectiveness Outstanding",
        "Overall effectiveness Good\nOverall effectiveness Good",
    )
    with pytest.raises(MissingJudgementsError, match="graded twice"):
        parse_pages([page])


def test_ilacs_without_dates() -> None:
    page = swap(ILACS_2023, "Inspection dates: 30 June 2025 to 4 July 2025\n", "")
    with pytest.raises(UnreadableFieldError, match="inspection dates"):
        parse_pages([page])


def test_ilacs_unreadable_dates_and_inspector() -> None:
    bad_dates = swap(ILACS_2023, "30 June 2025 to 4 July 2025", "the week of 30 June")
    with pytest.raises(UnreadableFieldError, match="inspection dates"):
        parse_pages([bad_dates])
    bad_lead = swap(ILACS_2023, "Catherine Heron", "(to be confirmed)")
    with pytest.raises(UnreadableFieldError, match="lead inspector"):
        parse_pages([bad_lead])


# --- SIF ------------------------------------------------------------------------------------

SIF_PAGE_1 = """\
1
Leeds City Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children
board1
Inspection date: 20 January 2015 – 11 February 2015
Report published: 27 March 2015
The overall judgement is that children’s services are good
The local authority leads effective services that meet the requirements for good.
The judgements on areas of the service that contribute to overall effectiveness are:
1. Children who need help and protection Good
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Requires improvement
2.2 Experiences and progress of care leavers Inadequate
3. Leadership, management and governance Outstanding

1 Ofsted produces this report under its power to combine reports ...
"""

SIF_CONTENTS = """\
2
Contents
The local authority 3
Inspection judgements about the local authority 4
The Local Safeguarding Children Board (LSCB) 5
Inspection judgement about the LSCB 5
What the inspection judgements mean 6
Information about this inspection 6
"""

SIF_LSCB = """\
5
The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board is good
The arrangements in place to evaluate the effectiveness ... are good
The LSCB is good because:
"""

SIF_LEAD = """\
6
Information about this inspection
An outstanding LSCB is highly influential in improving the care and protection of
The inspection team
Lead inspector: Tracey Metcalfe
Deputy lead inspector: Sarah Urding
"""


class CountingPages:
    """Page texts that record which pages the parser read."""

    def __init__(self, pages: list[str]) -> None:
        self.pages = pages
        self.read: set[int] = set()

    def __len__(self) -> int:
        return len(self.pages)

    def __getitem__(self, index: int) -> str:
        self.read.add(index)
        return self.pages[index]


def sif_pages(first: str = SIF_PAGE_1) -> CountingPages:
    return CountingPages([first, SIF_CONTENTS, "3\nfiller", "4\nfiller", SIF_LSCB, SIF_LEAD])


def test_sif_inspection() -> None:
    pages = sif_pages()
    report = parse_pages(pages)
    assert report.authority == "Leeds City Council"
    assert report.framework is FrameworkId.SIF
    assert report.kind is InspectionKind.INSPECTION
    assert (report.start, report.end) == (date(2015, 1, 20), date(2015, 2, 11))
    assert report.published == date(2015, 3, 27)
    assert report.lead_inspector == "Tracey Metcalfe"
    assert report.judgements == (
        Judgement("overall_effectiveness", G),
        Judgement("help_and_protection", G),
        Judgement("looked_after_and_permanence", G),
        Judgement("adoption_performance", RI),
        Judgement("care_leavers", I),
        Judgement("leadership_management_governance", O),
        Judgement("lscb", G),
    )
    # Page 1, the contents, and the pages the contents point to; not the filler.
    assert pages.read == {0, 1, 4, 5}


def test_sif_reinspection_has_no_lscb() -> None:
    first = swap(
        swap(
            swap(SIF_PAGE_1, "Inspection of services", "Re-inspection of services"),
            "and\nReview of the effectiveness of the local safeguarding children\nboard1\n",
            "",
        ),
        "The overall judgement is that children’s services are good",
        "Children’s services in Manchester require improvement to be \ngood",
    )
    report = parse_pages(
        CountingPages([first, "2\nContents\nInformation about this inspection 3", SIF_LEAD])
    )
    assert report.kind is InspectionKind.RE_INSPECTION
    assert grades(report)["overall_effectiveness"] is RI
    assert "lscb" not in grades(report)
    assert report.lead_inspector == "Tracey Metcalfe"


def test_sif_2014_layout_with_lscb_on_page_1() -> None:
    first = """\
1
Sheffield City Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board1
Inspection dates: 19 November-11 December 2013 and 28 – 30
January 2014
The overall judgement is requires improvement
1. Children who need help and protection Good
2. Children looked after and achieving permanence Requires
improvement
2.1 Adoption performance Requires
improvement
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Good
The effectiveness of the Local Safeguarding Children Board (LSCB) is
good.
"""
    contents = (
        "2\nContents\nWhat does the local authority need to improve? 3\n"
        "Information about this local authority area 5\n"
    )
    lead = "4\nInformation about this inspection\nLead inspector: Sarah Urding HMI\n"
    pages = CountingPages([first, contents, "3\nfiller", lead, "5\nfiller", "6\nfiller"])
    report = parse_pages(pages)
    assert (report.start, report.end) == (date(2013, 11, 19), date(2014, 1, 30))
    assert report.published is None
    assert report.lead_inspector == "Sarah Urding"
    assert grades(report) == {
        "overall_effectiveness": RI,
        "help_and_protection": G,
        "looked_after_and_permanence": RI,
        "adoption_performance": RI,
        "care_leavers": G,
        "leadership_management_governance": G,
        "lscb": G,
    }
    assert pages.read == {0, 1, 3}


def test_sif_finds_pages_without_contents() -> None:
    pages = CountingPages([SIF_PAGE_1, "2\nExecutive summary", SIF_LSCB, "4\nfiller", SIF_LEAD])
    report = parse_pages(pages)
    assert report.lead_inspector == "Tracey Metcalfe"
    assert grades(report)["lscb"] is G


def test_sif_reviewed_lscb_without_grade() -> None:
    pages = CountingPages([SIF_PAGE_1, SIF_CONTENTS, "3", "4", "5\nThe LSCB", SIF_LEAD])
    with pytest.raises(MissingJudgementsError, match="LSCB was reviewed"):
        parse_pages(pages)


def test_sif_appended_lscb_review() -> None:
    first = swap(
        SIF_PAGE_1,
        "and\nReview of the effectiveness of the local safeguarding children\nboard1\n",
        "",
    )
    appended = (
        "Kingston upon Hull Safeguarding \nChildren Board\n"
        "Inspection of the effectiveness of the local safeguarding \nchildren board \n"
        "The Local Safeguarding Children Board requires improvement\n"
    )
    pages = CountingPages([first, "2\nfiller", SIF_LEAD, "4\nAny complaints ...", appended])
    assert grades(parse_pages(pages))["lscb"] is RI


def test_sif_appended_review_is_sought_only_after_the_lead_inspectors_page() -> None:
    first = swap(
        SIF_PAGE_1,
        "and\nReview of the effectiveness of the local safeguarding children\nboard1\n",
        "",
    )
    appended = (
        "Inspection of the effectiveness of the local safeguarding \nchildren board \n"
        "The Local Safeguarding Children Board requires improvement\n"
    )
    lead_on_page_1 = swap(
        first, "Report published", "Lead inspector: Tracey Metcalfe\nReport published"
    )
    report = parse_pages(CountingPages([lead_on_page_1, "2\nfiller", appended]))
    assert report.lead_inspector == "Tracey Metcalfe"
    assert "lscb" not in grades(report)
    report = parse_pages(CountingPages([first, "2\nfiller", appended]))
    assert report.lead_inspector is None
    assert "lscb" not in grades(report)
    assert grades(parse_pages(CountingPages([first, SIF_LEAD, appended])))["lscb"] is RI


def test_sif_not_judged_areas_are_absent() -> None:
    first = swap(
        SIF_PAGE_1,
        "2.1 Adoption performance Requires improvement",
        "2.1 Adoption performance Not judged",
    )
    report = parse_pages(sif_pages(first))
    assert "adoption_performance" not in grades(report)
    assert len(report.judgements) == 6


def test_sif_list_running_onto_page_2() -> None:
    first, rest = SIF_PAGE_1.split("2.2 Experiences")
    first += " \n1 Ofsted produces this report ...\n"
    second = "2\n2.2 Experiences" + rest.split(" \n1 Ofsted")[0] + "\n"
    pages = CountingPages([first, second + SIF_CONTENTS[2:], "3", "4", SIF_LSCB, SIF_LEAD])
    report = parse_pages(pages)
    assert grades(report)["leadership_management_governance"] is O
    assert len(report.judgements) == 7


@pytest.mark.parametrize(
    ("headline", "grade"),
    [
        ("The overall judgement is requires improvement.", RI),
        ("The overall judgement is Inadequate", I),
        ("The overall judgement is that children’s service requires improvement.", RI),
        ("Children’s services in Rutland requires improvement to be good", RI),
        ("Children’s services in the Royal Borough of Kensington and \nChelsea are outstanding", O),
        ("Children’s services require improvement to be good", RI),
    ],
)
def test_sif_headline_forms(headline: str, grade: Grade) -> None:
    first = swap(SIF_PAGE_1, "The overall judgement is that children’s services are good", headline)
    assert grades(parse_pages(sif_pages(first)))["overall_effectiveness"] is grade


def test_sif_without_headline() -> None:
    first = swap(
        SIF_PAGE_1,
        "The overall judgement is that children’s services are good",
        "Children’s services in Leeds are not yet good",
    )
    with pytest.raises(MissingJudgementsError, match="overall judgement"):
        parse_pages(sif_pages(first))


def test_sif_without_list() -> None:
    first = SIF_PAGE_1.split("1. Children who need")[0]
    with pytest.raises(MissingJudgementsError, match="no list of judgements"):
        parse_pages(sif_pages(first))


# --- the 2013 looked after children inspections ----------------------------------------------

LAC_PAGE_1 = """\
Inspection of looked after children
services
Medway Council
Inspection dates: 15-19 July 2013
Reporting inspector Sarah Urding HMI
Age group: All
Published: 23 August 2013
"""

LAC_CONTENTS = "Contents\nSummary of findings 3\nRecord of main findings 4\n"

LAC_RECORD = """\
Medway Council Inspection of looked after children services 4
Record of main findings
Services for looked after children
Overall effectiveness Inadequate Grade 4
Capacity to improve Adequate Grade 3
Outcomes for looked after children and
young people
Inadequate Grade 4
Quality of provision Inadequate Grade 4
Leadership and management Inadequate Grade 4
"""


def test_lac_2013() -> None:
    pages = CountingPages([LAC_PAGE_1, "", LAC_CONTENTS, "filler", LAC_RECORD])
    report = parse_pages(pages)
    assert report.authority == "Medway Council"
    assert report.framework is FrameworkId.LAC_2013
    assert report.kind is InspectionKind.INSPECTION
    assert (report.start, report.end) == (date(2013, 7, 15), date(2013, 7, 19))
    assert report.published == date(2013, 8, 23)
    assert report.lead_inspector == "Sarah Urding"
    assert report.judgements == (
        Judgement("overall_effectiveness", I),
        Judgement("capacity_to_improve", RI),
        Judgement("looked_after_outcomes", I),
        Judgement("quality_of_provision", I),
        Judgement("leadership_and_management", I),
    )
    assert pages.read == {0, 4}


def test_lac_grade_number_contradicting_the_word() -> None:
    record = swap(
        LAC_RECORD, "Capacity to improve Adequate Grade 3", "Capacity to improve Good Grade 3"
    )
    with pytest.raises(InconsistentReportError, match="contradicts itself"):
        parse_pages([LAC_PAGE_1, LAC_CONTENTS, record])


def test_lac_without_record_of_main_findings() -> None:
    with pytest.raises(MissingJudgementsError, match="Record of main findings"):
        parse_pages([LAC_PAGE_1, LAC_CONTENTS, "filler"])


# --- documents that are not graded inspection reports ---------------------------------------


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (
            "Ofsted\nPiccadilly Gate\n\nDear Mr Smith\n"
            "Focused visit to Leeds children’s services\n",
            "focused visit",
        ),
        ("Dear Ms Jones\nMonitoring visit to Sandwell children’s services\n", "monitoring visit"),
        (
            "Joint targeted area inspection of the multi-agency response to abuse\n",
            "joint targeted",
        ),
        ("Annual report of Her Majesty's Chief Inspector 2015\n", "page 1 begins"),
    ],
)
def test_not_inspection_reports(page: str, message: str) -> None:
    with pytest.raises(NotAnInspectionReportError, match=message):
        parse_pages([page])


def test_lscb_review_on_its_own() -> None:
    page = (
        "1\nSurrey Safeguarding Children Board\nReview of the effectiveness of the Local "
        "Safeguarding Children \nBoard \nInspection date: 15 June 2015 – 17 June 2015\n"
        "Report published: 3 August 2015\n"
        "The Local Safeguarding Children Board requires improvement \n"
    )
    parsed = parse_pages([page, "Lead inspector: Dominic Stevens, HMI\n"])
    assert parsed.kind is InspectionKind.LSCB_REVIEW
    assert parsed.framework is FrameworkId.SIF
    assert parsed.authority == "Surrey Safeguarding Children Board"
    assert (parsed.start, parsed.end, parsed.published) == (
        date(2015, 6, 15),
        date(2015, 6, 17),
        date(2015, 8, 3),
    )
    assert parsed.judgements == (Judgement("lscb", Grade.REQUIRES_IMPROVEMENT),)
    assert parsed.lead_inspector == "Dominic Stevens"
    with pytest.raises(MissingJudgementsError):
        parse_pages([page.replace("requires improvement", "met on Tuesday")])


def test_pages_without_text() -> None:
    with pytest.raises(UnreadableFieldError, match="no extractable text"):
        parse_pages(["  \n "])
    with pytest.raises(UnreadableFieldError, match="no pages"):
        parse_pages([])


def test_errors_name_the_source() -> None:
    with pytest.raises(NotAnInspectionReportError) as caught:
        parse_pages(["Dear colleague, this is a monitoring visit"], source="letter.pdf")
    assert str(caught.value).startswith("letter.pdf: ")
    assert caught.value.source == "letter.pdf"


# --- the parser never raises anything but ReportError ----------------------------------------

FRAGMENTS = [
    *ILACS_2023.splitlines(),
    *ILACS_2018_OLD_STYLE.splitlines(),
    *SIF_PAGE_1.splitlines(),
    *SIF_LSCB.splitlines(),
    *SIF_LEAD.splitlines(),
    *SIF_CONTENTS.splitlines(),
    *LAC_PAGE_1.splitlines(),
    *LAC_RECORD.splitlines(),
    "Inspection dates: 31 – 2 February 2015",
    "Inspection dates: 99/99/9999",
    "Lead inspector:",
    "Report published: tomorrow",
    "2.1 Adoption performance Not judged",
    "Overall effectiveness Adequate Grade 1",
]


def _only_report_errors(pages: list[str]) -> None:
    report: ParsedReport | None = None
    message = ""
    try:
        report = parse_pages(pages)
    except ReportError as error:
        message = str(error)
    if report is None:
        assert message
    else:
        assert report.start <= report.end
        assert report.authority == report.authority.strip() != ""


@given(st.lists(st.text(), max_size=4))
def test_arbitrary_text_raises_only_report_errors(pages: list[str]) -> None:
    _only_report_errors(pages)


@given(
    st.lists(
        st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("\n".join), min_size=1, max_size=6
    )
)
def test_shuffled_report_lines_raise_only_report_errors(pages: list[str]) -> None:
    _only_report_errors(pages)


DATE_TOKENS = ["0", "1", "12", "29", "31", "2013", "0001", "9999", "99999999999999999999"]
DATE_TOKENS += ["July", "Feb", "Sept.", "December", "/", "-", "–", "to", "and", ",", "x"]


@given(
    st.one_of(
        st.text(alphabet="0123456789 /-–toandJulyFebMarch,.", max_size=40),
        st.lists(st.sampled_from(DATE_TOKENS), max_size=12).map(" ".join),
    )
)
def test_arbitrary_dates_raise_only_unreadable_field(text: str) -> None:
    try:
        start, end = parse_period(text)
    except UnreadableFieldError:
        return
    assert start <= end
    assert end - start <= timedelta(days=366)


# --- PDFs -----------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF with one line of Helvetica text per string, written by hand."""
    objects: list[bytes] = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    ]
    pages_number = 2 + 2 * len(pages)
    kids = []
    for lines in pages:
        operators = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
        for line in lines:
            escaped = line.encode("cp1252").replace(b"\\", b"\\\\")
            escaped = escaped.replace(b"(", b"\\(").replace(b")", b"\\)")
            operators.append(b"(" + escaped + b") Tj T*")
        operators.append(b"ET")
        stream = b"\n".join(operators)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 1 0 R >> >> /Contents %d 0 R >>"
            % (pages_number, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids)))
    objects.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_number)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


ILACS_PDF = make_pdf([[line.rstrip() for line in ILACS_2023.splitlines()], ["Page two"]])


def test_read_report_from_bytes_path_and_file(tmp_path: Path) -> None:
    record = read_report(ILACS_PDF)
    assert record.authority == "Leeds City"
    assert record.framework is FrameworkId.ILACS_2023
    assert record.grade() is O
    assert record.grade("care_leavers") is I
    assert record.pages == 2
    assert len(record.sha256) == 64
    path = tmp_path / "leeds.pdf"
    path.write_bytes(ILACS_PDF)
    assert read_report(path) == record
    assert read_report(str(path)) == record
    with path.open("rb") as handle:
        assert read_report(handle) == record
    assert read_report(io.BytesIO(ILACS_PDF)) == record
    assert read_report(bytearray(ILACS_PDF)) == record


def test_pdf_pages_are_extracted_once_on_demand() -> None:
    with _text.open_pdf(ILACS_PDF, "leeds.pdf") as pages:
        assert len(pages) == 2
        read = [pages.read]
        assert pages[-1].strip() == "Page two"
        read.append(pages.read)
        assert pages[1] is pages[-1]
        assert "Leeds City" in pages[0]
        read.append(pages.read)
        assert read == [(), (1,), (0, 1)]
        for index in (2, -3):
            with pytest.raises(IndexError, match="out of range"):
                pages[index]


def test_record_is_frozen() -> None:
    record = read_report(ILACS_PDF)
    with pytest.raises(AttributeError):
        record.authority = "Leeds"  # type: ignore[misc]


def test_to_inspection() -> None:
    record = read_report(ILACS_PDF)
    url = "https://files.ofsted.gov.uk/v1/file/50284438"
    inspection = record.to_inspection(
        80481, url=url, title="Children's services inspection", published=date(2025, 8, 12)
    )
    assert inspection.urn == 80481
    assert inspection.framework is FrameworkId.ILACS_2023
    assert inspection.published == date(2025, 8, 12)
    assert inspection.lead_inspector == "Catherine Heron"
    assert inspection.judgements == record.judgements
    assert inspection.source.kind is SourceKind.REPORT
    assert inspection.source.sha256 == record.sha256
    assert inspection.source.url == url
    with pytest.raises(UnreadableFieldError, match="pass published="):
        record.to_inspection(80481, url=url, title="t")


def test_to_inspection_published_disagreement() -> None:
    pages = [[line.rstrip() for line in LAC_PAGE_1.splitlines()], LAC_RECORD.splitlines()]
    record = read_report(make_pdf(pages))
    assert record.published == date(2013, 8, 23)
    inspection = record.to_inspection(80522, url="u", title="t")
    assert inspection.published == date(2013, 8, 23)
    same = record.to_inspection(80522, url="u", title="t", published=date(2013, 8, 23))
    assert same == inspection
    with pytest.raises(InconsistentReportError, match="2013-08-23, not 2013-08-30"):
        record.to_inspection(80522, url="u", title="t", published=date(2013, 8, 30))


def test_not_a_pdf(tmp_path: Path) -> None:
    page = tmp_path / "page.pdf"
    page.write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    with pytest.raises(NotAPDFError, match=r"page\.pdf: not a PDF: the file is HTML"):
        read_report(page)
    with pytest.raises(NotAPDFError, match="empty"):
        read_report(b"")
    with pytest.raises(NotAPDFError, match="no %PDF- header"):
        read_report(b"PK\x03\x04 a zip file")


def test_truncated_pdf() -> None:
    with pytest.raises(CorruptPDFError, match="truncated"):
        read_report(ILACS_PDF[: len(ILACS_PDF) // 2])


def test_broken_pdf() -> None:
    broken = b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n"
    with pytest.raises(CorruptPDFError, match="cannot be opened"):
        read_report(broken)


def test_encrypted_pdf() -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(ILACS_PDF))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(EncryptedPDFError, match="password"):
        read_report(out.getvalue())


def test_size_and_page_limits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(_text, "MAX_BYTES", 1000)
    with pytest.raises(ReportTooLargeError, match="over the 1,000-byte limit"):
        read_report(b"%PDF-" + b" " * 2000)
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-" + b" " * 2000)
    with pytest.raises(ReportTooLargeError, match=r"big\.pdf"):
        read_report(path)
    with pytest.raises(ReportTooLargeError):
        read_report(io.BytesIO(b"%PDF-" + b" " * 2000))
    monkeypatch.undo()
    monkeypatch.setattr(_text, "MAX_PAGES", 1)
    with pytest.raises(ReportTooLargeError, match="2 pages, over the 1-page limit"):
        read_report(ILACS_PDF)


def test_pdf_support_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(PDFSupportMissingError) as caught:
        read_report(ILACS_PDF)
    assert INSTALL_HINT in str(caught.value)
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, ValueError)


def test_wrong_input_type() -> None:
    with pytest.raises(TypeError, match="path, bytes or a binary file"):
        read_report(12345)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="binary mode"):
        read_report(io.StringIO("%PDF-"))  # type: ignore[arg-type]


def test_errors_are_typed_and_pickle() -> None:
    for error_type in (
        NotAPDFError,
        CorruptPDFError,
        EncryptedPDFError,
        ReportTooLargeError,
        NotAnInspectionReportError,
        MissingJudgementsError,
        InconsistentReportError,
        PDFSupportMissingError,
    ):
        error = error_type("what went wrong", source="x.pdf")
        assert isinstance(error, ReportError)
        assert isinstance(error, OfstedRatingsError)
        assert isinstance(error, ValueError)
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is error_type
        assert str(copy) == str(error)
        assert copy.source == "x.pdf"
    field_error = pickle.loads(pickle.dumps(UnreadableFieldError("authority", "no name")))
    assert field_error.field == "authority"
    assert str(field_error) == "authority: no name"
    label_error = pickle.loads(
        pickle.dumps(JudgementLabelError("Help", "the label 'Help' fits no area", source="x.pdf"))
    )
    assert isinstance(label_error, JudgementLabelError)
    assert isinstance(label_error, MissingJudgementsError)
    assert label_error.label == "Help"
    assert str(label_error) == "x.pdf: the label 'Help' fits no area"


def test_import_does_not_load_the_pdf_library() -> None:
    code = (
        "import sys, ofsted_ratings.sources.reports; "
        "assert 'pypdfium2' not in sys.modules, 'pypdfium2 imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- damaged copies of a corpus report (in memory only) --------------------------------------


@pytest.fixture(scope="module")
def corpus_pdf(reports_dir: Path) -> bytes:
    return (reports_dir / "pdf" / "80481" / "2025-08-12.pdf").read_bytes()


def test_corpus_report_truncated(corpus_pdf: bytes) -> None:
    for cut in (len(corpus_pdf) // 3, len(corpus_pdf) - 2000, 100):
        with pytest.raises(CorruptPDFError):
            read_report(corpus_pdf[:cut])


def test_corpus_report_bit_flipped(corpus_pdf: bytes) -> None:
    # Wreck the cross-reference table and every object header: PDFium may still recover,
    # but the reader must then either read the same record or raise a ReportError.
    expected = read_report(corpus_pdf)
    damaged = bytearray(corpus_pdf)
    for index in range(9, len(damaged), 997):
        damaged[index] ^= 0xFF
    try:
        record = read_report(bytes(damaged))
    except ReportError:
        return
    assert record.judgements == expected.judgements


@pytest.mark.parametrize(
    "page",
    [
        "Inspection date: 20 January 2015 \r\n– 11 February 2015\r\nReport published: 1 May 2015\r",
        "Inspection dates: 20 January 2015 -\n11 February 2015\nReport published: 27 March 2015",
        "Inspection dates: 20 January 2015 to\n11 February 2015\n",
        "Inspection dates: 20 January 2015\nto 11 February 2015\nReport published: 27 March 2015",
    ],
)
def test_dates_that_run_onto_the_next_line(page: str) -> None:
    from ofsted_ratings.sources.reports._parse import _dates_field

    assert _dates_field(page) == (date(2015, 1, 20), date(2015, 2, 11))


def test_dates_complete_on_their_line_stop_there() -> None:
    from ofsted_ratings.sources.reports._parse import _dates_field

    page = "Inspection dates: 20 January 2015 - 11 February 2015\n12 March 2015\n"
    assert _dates_field(page) == (date(2015, 1, 20), date(2015, 2, 11))
