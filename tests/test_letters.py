"""The letter reader's parser on letters made up for the purpose (no corpus needed).

Each made-up letter follows the wording of real ones (see ``test_letters_golden.py`` for the
real ones); each test changes one thing and checks what the parser reads, or the typed error
it raises. A monitoring visit letter is among them: the corpus has none, so the reader's
handling of the heading "Monitoring visit to ..." is checked here only.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings.errors import RecordError
from ofsted_ratings.models import VisitKind
from ofsted_ratings.sources.documents import DocumentKind, detect_kind, read_document
from ofsted_ratings.sources.letters import (
    MAX_LETTER_CHARS,
    MAX_LETTER_PAGES,
    InconsistentReportError,
    LetterRecord,
    NotAVisitLetterError,
    ReportError,
    ReportTooLargeError,
    UnreadableFieldError,
)
from ofsted_ratings.sources.letters._parse import (
    ParsedLetter,
    _inspectors,
    is_letter,
    parse_letter,
)

ADDRESS = (
    "Ofsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\nT 0300 123 1231\n"
    "Textphone 0161 618 8524\nenquiries@ofsted.gov.uk\nwww.gov.uk/ofsted"
)
SUMMARY = (
    "This letter summarises the findings of the focused visit to Leeds children\u2019s\n"
    "services on 1 and 2 April 2025. His Majesty\u2019s Inspectors for this visit were Ann\n"
    "Smith and Bob Jones.\n"
)
THEME = "Inspectors looked at the local authority\u2019s arrangements for care leavers.\n"
IMPROVE = (
    "What needs to improve in this area of social work practice?\n"
    "\u25fc The quality of pathway plans so that they are specific, measurable and reviewed\n"
    "with young people.\n"
    "\u25fc Supervision.\n"
)


def letter(
    *,
    dated: str = "12 May 2025",
    heading: str = "Focused visit to Leeds children\u2019s services",
    summary: str = SUMMARY,
    theme: str = THEME,
    method: str = "This visit was carried out in line with the inspection of local authority "
    "children\u2019s\nservices (ILACS) framework.\n",
    sections: str = IMPROVE,
    findings: str = "Main findings\nCare leavers are well supported by their personal advisers.\n",
) -> list[str]:
    """A made-up letter as page texts: page 1 to the headline findings, then the rest."""
    first = (
        f"{ADDRESS}\n{dated}\nJane Doe\nDirector of Children\u2019s Services\nDear Ms Doe\n"
        f"{heading}\n{summary}{theme}{method}Headline findings\nLeaders know their services "
        "well.\n"
    )
    second = f"2\n{sections}{findings}Ofsted will take the findings from this focused visit "
    second += "into account when planning your next inspection or visit.\nYours sincerely\n"
    second += "Ann Smith\nHis Majesty\u2019s Inspector"
    return [first, second]


def test_a_letter() -> None:
    parsed = parse_letter(letter())
    assert parsed == ParsedLetter(
        authority="Leeds",
        kind=VisitKind.FOCUSED,
        start=date(2025, 4, 1),
        end=date(2025, 4, 2),
        letter_date=date(2025, 5, 12),
        inspectors=("Ann Smith", "Bob Jones"),
        lead_inspector=None,
        theme="the local authority's arrangements for care leavers",
        priority_actions=(),
        improvements=(
            "The quality of pathway plans so that they are specific, measurable and reviewed "
            "with young people.",
            "Supervision.",
        ),
    )


def test_a_monitoring_visit() -> None:
    pages = letter(
        heading="Monitoring visit to Sandwell children\u2019s services",
        summary="This letter summarises the findings of the monitoring visit to Sandwell "
        "children\u2019s\nservices on 5 and 6 March 2025. This visit was the fifth monitoring "
        "visit since\nthe local authority was judged inadequate in June 2024. The inspectors "
        "were Ann\nSmith, His Majesty\u2019s Inspector, and Bob Jones, His Majesty\u2019s "
        "Inspector.\nAreas covered by the visit\n",
        theme="Inspectors reviewed the progress made in the quality of practice for children "
        "in\ncare.\n",
        sections="",
    )
    parsed = parse_letter(pages)
    assert parsed.kind is VisitKind.MONITORING
    assert parsed.authority == "Sandwell"
    assert (parsed.start, parsed.end) == (date(2025, 3, 5), date(2025, 3, 6))
    assert parsed.inspectors == ("Ann Smith", "Bob Jones")
    assert parsed.theme == "the progress made in the quality of practice for children in care"
    assert parsed.improvements == parsed.priority_actions == ()


COVID_OPENING = (
    "Her Majesty\u2019s Chief Inspector of Education, Children\u2019s Services and Skills is "
    "leading\nOfsted\u2019s work into how England\u2019s social care system has delivered "
    "child-centred\npractice and care within the context of the restrictions placed on "
    "society during the\nCOVID-19 (coronavirus) pandemic.\n"
)
COVID_METHOD = (
    "The methodology for this visit was in line with the inspection of local authority\n"
    "children\u2019s services (ILACS) framework. However, the delivery model was adapted to\n"
    "reflect the COVID-19 context. This visit was carried out fully by remote means.\n"
)


def test_a_covid_visit_with_a_theme() -> None:
    parsed = parse_letter(
        letter(
            dated="9 August 2021",
            summary=COVID_OPENING + SUMMARY.replace("2025", "2021"),
            method=COVID_METHOD,
        )
    )
    assert parsed.kind is VisitKind.FOCUSED_COVID
    assert parsed.theme == "the local authority's arrangements for care leavers"


def test_a_covid_visit_without_a_theme_looked_at_ofsteds_work() -> None:
    summary = COVID_OPENING + SUMMARY.replace("2025", "2020")
    parsed = parse_letter(
        letter(dated="13 November 2020", summary=summary, theme="", method=COVID_METHOD)
    )
    assert parsed.kind is VisitKind.FOCUSED_COVID
    assert parsed.theme.startswith("how England's social care system has delivered")
    assert parsed.theme.endswith("during the COVID-19 (coronavirus) pandemic")


def test_a_remote_visit_not_said_to_be_adapted_is_a_focused_visit() -> None:
    method = "This visit was carried out fully by remote means.\n"
    assert parse_letter(letter(method=method)).kind is VisitKind.FOCUSED


def test_no_theme_outside_covid_visits_is_an_error() -> None:
    with pytest.raises(UnreadableFieldError, match="theme"):
        parse_letter(letter(theme="Inspectors looked at a range of evidence.\n"))


@pytest.mark.parametrize(
    ("theme", "expected"),
    [
        (
            "The focus of this visit was on planning and achieving permanence.\n",
            "planning and achieving permanence",
        ),
        (
            "During this visit, inspectors evaluated the local authority\u2019s arrangements "
            "for\nchildren subject to a child protection plan.\n",
            "the local authority's arrangements for children subject to a child protection plan",
        ),
        (
            "Inspectors looked at the local authority\u2019s arrangements for the \u2018front "
            "door.\u2019\n",
            "the local authority's arrangements for the 'front door'",
        ),
        (
            "Inspectors looked at the local authority\u2019s arrangements for care leavers, "
            "with a\nparticular focus on:\n\u25fc Support into adulthood.\n\u25fc Staying close "
            "and in touch\n",
            "the local authority's arrangements for care leavers, with a particular focus on: "
            "Support into adulthood; Staying close and in touch",
        ),
        (
            "Inspectors looked at the local authority\u2019s arrangements for care leavers. "
            "This\nincluded:\n\u25fc support into adulthood\n\u25fc keeping in touch\nInspectors "
            "spoke to care leavers.\n",
            "the local authority's arrangements for care leavers. This included: support into "
            "adulthood; keeping in touch",
        ),
    ],
)
def test_themes(theme: str, expected: str) -> None:
    assert parse_letter(letter(theme=theme)).theme == expected


@pytest.mark.parametrize(
    ("dated", "dates", "expected"),
    [
        ("12 May 2025", "on 30 April and 1 May 2025", (date(2025, 4, 30), date(2025, 5, 1))),
        ("22 February 2018", "on 30 and 31 January", (date(2018, 1, 30), date(2018, 1, 31))),
        ("20 January 2021", "on 30 and 31 December", (date(2020, 12, 30), date(2020, 12, 31))),
        ("12 May 2025", "on the 15 and 16 of April 2025", (date(2025, 4, 15), date(2025, 4, 16))),
        ("12 May 2025", "on 15, 16 and 21 April 2025", (date(2025, 4, 15), date(2025, 4, 21))),
        ("12 May 2025", "between 29 April and 1 May 2025", (date(2025, 4, 29), date(2025, 5, 1))),
        ("12 May 2025", "on 1 April 2025", (date(2025, 4, 1), date(2025, 4, 1))),
    ],
)
def test_visit_dates(dated: str, dates: str, expected: tuple[date, date]) -> None:
    summary = SUMMARY.replace("on 1 and 2 April 2025", dates)
    parsed = parse_letter(letter(dated=dated, summary=summary))
    assert (parsed.start, parsed.end) == expected


def test_the_visit_on_dates_before_the_authority() -> None:
    summary = (
        "This letter summarises the findings of the focused visit on 25 and 26 March 2025\n"
        "to Together for Children, who deliver children\u2019s services on behalf of\n"
        "Sunderland Council. His Majesty\u2019s Inspectors for this visit were Ann Smith and\n"
        "Bob Jones.\n"
    )
    parsed = parse_letter(letter(summary=summary))
    assert (parsed.start, parsed.end) == (date(2025, 3, 25), date(2025, 3, 26))


@pytest.mark.parametrize(
    ("dated", "dates", "error", "words"),
    [
        ("12 May 2025", "on 1 January to 2 April 2025", InconsistentReportError, "span 92 days"),
        ("12 March 2025", "on 1 and 2 April 2025", InconsistentReportError, "before the visit"),
        ("", "on 1 and 2 April", UnreadableFieldError, "no year, nor has the letter"),
        ("12 May 2025", "soon", UnreadableFieldError, "visit dates"),
        ("12 May 2025", "on 31 and 32 April 2025", UnreadableFieldError, "visit dates"),
    ],
)
def test_visit_dates_that_cannot_be_read(
    dated: str, dates: str, error: type[ReportError], words: str
) -> None:
    summary = SUMMARY.replace("on 1 and 2 April 2025", dates)
    with pytest.raises(error, match=words):
        parse_letter(letter(dated=dated, summary=summary), source="letter.pdf")


def test_errors_name_the_file() -> None:
    with pytest.raises(UnreadableFieldError) as raised:
        parse_letter(letter(theme=""), source="letters/leeds.pdf")
    assert str(raised.value).startswith("letters/leeds.pdf: theme:")


@pytest.mark.parametrize(
    ("dated", "expected"),
    [("12 May 2025", date(2025, 5, 12)), ("", None), ("6 November 20205", None)],
)
def test_letter_dates(dated: str, expected: date | None) -> None:
    assert parse_letter(letter(dated=dated)).letter_date == expected


def test_a_date_after_page_ones_body() -> None:
    pages = letter(dated="")
    pages[0] += "\n12 May 2025\nJane Doe"
    assert parse_letter(pages).letter_date == date(2025, 5, 12)


@pytest.mark.parametrize(
    ("clause", "expected", "lead"),
    [
        ("The inspectors were Ann Smith HMI and Bob Jones HMI.", ("Ann Smith", "Bob Jones"), None),
        (
            "The inspectors were Ann Smith, Her Majesty's Inspector, and Bob Jones, Her "
            "Majesty's Inspector. The quality assurance manager was Cy Young, Senior HMI.",
            ("Ann Smith", "Bob Jones"),
            None,
        ),
        (
            "The visit was carried out by Her Majesty's Inspectors Ann Smith, Bob Jones and "
            "Cy Young.",
            ("Ann Smith", "Bob Jones", "Cy Young"),
            None,
        ),
        (
            "The inspectors were Her Majesty's Inspectors (HMI) Social Care, Ann Smith and "
            "Bob Jones, and Cy Young, Senior HMI.",
            ("Ann Smith", "Bob Jones", "Cy Young"),
            None,
        ),
        (
            "His Majesty's Inspectors for this visit were Bob Jones, Cy Young and Ann Smith, "
            "lead inspector.",
            ("Ann Smith", "Bob Jones", "Cy Young"),
            "Ann Smith",
        ),
        (
            "His Majesty's Inspectors for this visit were lead inspector Ann Smith and team "
            "inspectors Bob Jones and Cy Young.",
            ("Ann Smith", "Bob Jones", "Cy Young"),
            "Ann Smith",
        ),
        (
            "The inspectors for this visit were Ann Smith, His Majesty's Inspector, and Bob "
            "Jones, Ofsted Inspector.",
            ("Ann Smith", "Bob Jones"),
            None,
        ),
        (
            "Her Majesty's Inspectors (HMI) for this visit were Ann Smith and Bob Jones, "
            "with Cy Young, HMI designate.",
            ("Ann Smith", "Bob Jones", "Cy Young"),
            None,
        ),
        (
            "The visit was conducted by Ann Smith and Bob Jones, two of Her Majesty's Inspectors.",
            ("Ann Smith", "Bob Jones"),
            None,
        ),
    ],
)
def test_inspectors(clause: str, expected: tuple[str, ...], lead: str | None) -> None:
    assert _inspectors(clause) == (expected, lead)


@pytest.mark.parametrize(
    "clause",
    [
        "Inspectors looked at care leavers.",
        "The inspectors were Ann Smith and the team.",
        "His Majesty's Inspectors for this visit were lead inspector.",
        "The inspectors were HMI.",
    ],
)
def test_inspectors_that_cannot_be_read(clause: str) -> None:
    with pytest.raises(UnreadableFieldError, match="inspectors"):
        _inspectors(clause)


_NAMES = st.builds(
    lambda first, last: f"{first} {last}",
    st.text(string.ascii_lowercase, min_size=2, max_size=8).map(str.title),
    st.text(string.ascii_lowercase, min_size=2, max_size=10).map(str.title),
)
_TITLES = ("", " HMI", ", HMI,", ", His Majesty's Inspector,", " (HMI designate)")


@given(
    names=st.lists(_NAMES, min_size=1, max_size=6, unique=True),
    title=st.sampled_from(_TITLES),
)
def test_inspectors_round_trip(names: list[str], title: str) -> None:
    """However many inspectors and whatever their titles, the names come back in order."""
    titled = [f"{name}{title}".rstrip(",") for name in names]
    listed = titled[0] if len(titled) == 1 else f"{', '.join(titled[:-1])} and {titled[-1]}"
    assert _inspectors(f"The inspectors were {listed}.") == (tuple(names), None)


@pytest.mark.parametrize(
    ("sections", "priority", "improvements"),
    [
        (
            "Areas for priority action\nThe local authority needs to take swift and decisive "
            "action to address the\nfollowing areas of weakness:\n\u25fc the timeliness of "
            "assessments\n\u25fc management oversight.\n" + IMPROVE,
            ("the timeliness of assessments", "management oversight."),
            2,
        ),
        (
            "Areas for priority action\nThere are no priority actions following this focused "
            "visit.\n" + IMPROVE,
            (),
            2,
        ),
        (
            "Areas for priority action\nThe areas for priority action set at the last focused "
            "visit in February 2025 remain.\nThere are no additional priority actions.\n"
            "What needs to improve in this area of social work practice?\nThe areas for "
            "improvement set at the last focused visit in February 2025 remain.\nThere are no "
            "additional areas for improvement.\n",
            (
                "The areas for priority action set at the last focused visit in February 2025 "
                "remain.",
            ),
            1,
        ),
        ("", (), 0),
    ],
)
def test_sections(sections: str, priority: tuple[str, ...], improvements: int) -> None:
    parsed = parse_letter(letter(sections=sections))
    assert parsed.priority_actions == priority
    assert len(parsed.improvements) == improvements


def test_sub_bullets_footnotes_and_furniture() -> None:
    """A footnote ends its page; Ofsted's address and page numbers are not text."""
    sections = (
        "What needs to improve in this area of social work practice?\n1\n"
        "\u25fc The quality of children\u2019s written records, including:\n"
        "\u23af the child\u2019s written plan\n\u23af the records of supervision.\n"
        "1 The areas for improvement have been cross-referenced with the outcomes\n"
        "the Children\u2019s Social Care: National Framework.\n"
    )
    first, second = letter(sections=sections, findings="")
    head, _, tail = second.partition("Ofsted will take")
    third = (
        f"{ADDRESS}\n3\n\u25fc Letters before proceedings that are clear. (Outcome 3, "
        "national\nframework)\nMain findings\nCare leavers are well supported.\nOfsted will take"
        f"{tail}"
    )
    parsed = parse_letter([first, head, third])
    assert parsed.improvements == (
        "The quality of children's written records, including: the child's written plan; the "
        "records of supervision.",
        "Letters before proceedings that are clear. (Outcome 3, national framework)",
    )


def test_improvements_in_paragraphs() -> None:
    long = "Assessments do not always describe the changes in children\u2019s lives and the"
    sections = (
        "What needs to improve in this area of social work practice\n"
        f"{long}\nneeds of their families.\n"
        f"{long}\nimpact of neglect on them. Plans are not specific enough.\n"
    )
    parsed = parse_letter(letter(sections=sections))
    assert parsed.improvements == (
        f"{long.replace(chr(0x2019), chr(39))} needs of their families.",
        f"{long.replace(chr(0x2019), chr(39))} impact of neglect on them. Plans are not "
        "specific enough.",
    )


@pytest.mark.parametrize(
    ("first", "words"),
    [
        (
            "Inspection of Leeds City Council local authority children\u2019s services\n"
            "Inspection dates: 30 June to 4 July 2025",
            "headed as an inspection report",
        ),
        ("Joint targeted area inspection of the multi-agency response", "joint targeted area"),
        ("Dear Ms Doe\nThank you for your letter.", "no 'Focused visit to'"),
        ("Focused visit to Leeds children\u2019s services\nDear Ms Doe", "no 'Focused visit to'"),
    ],
)
def test_not_a_letter(first: str, words: str) -> None:
    assert not is_letter(first)
    with pytest.raises(NotAVisitLetterError, match=words) as raised:
        parse_letter([first], source="report.pdf")
    assert raised.value.source == "report.pdf"


def test_an_authority_only_the_summary_names() -> None:
    heading = "Focused visit to children\u2019s services"
    assert parse_letter(letter(heading=heading)).authority == "Leeds"
    summary = SUMMARY.replace("visit to Leeds children\u2019s\nservices on", "visit on")
    with pytest.raises(UnreadableFieldError, match="names no authority"):
        parse_letter(letter(heading=heading, summary=summary))


def test_a_heading_over_two_lines() -> None:
    heading = "Focused visit to the Royal Borough of Kingston-upon-Thames local\nauthority "
    heading += "children\u2019s services"
    assert parse_letter(letter(heading=heading)).authority == (
        "Royal Borough of Kingston-upon-Thames"
    )


def test_page_and_size_limits() -> None:
    pages = letter()
    with pytest.raises(ReportTooLargeError, match=f"{MAX_LETTER_PAGES}-page limit"):
        parse_letter([*pages, *["more"] * MAX_LETTER_PAGES])
    parse_letter([*pages, *["more"] * (MAX_LETTER_PAGES - 2)])
    with pytest.raises(ReportTooLargeError, match="characters"):
        parse_letter([pages[0], "x" * MAX_LETTER_CHARS])


@given(st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_any_text_reads_or_raises_a_typed_error(pages: Sequence[str]) -> None:
    try:
        parse_letter(pages)
    except ReportError as error:
        message = str(error)
        assert message


@given(st.lists(st.sampled_from(letter()[0].split("\n") + letter()[1].split("\n")), max_size=60))
def test_letter_lines_in_any_order_read_or_raise_a_typed_error(lines: list[str]) -> None:
    try:
        parsed = parse_letter(["\n".join(lines)])
    except ReportError as error:
        message = str(error)
        assert message
        return
    assert parsed.start <= parsed.end


# --- the record -----------------------------------------------------------------------------


def record(**changes: object) -> LetterRecord:
    """The made-up letter's record, with ``changes``."""
    values = {
        **attrs.asdict(parse_letter(letter()), recurse=False),
        "sha256": "ab" * 32,
        "pages": 2,
        **changes,
    }
    return LetterRecord(**values)  # type: ignore[arg-type]


def test_to_visit() -> None:
    visit = record().to_visit(80481, url="https://example.org/leeds.pdf", title="Focused visit")
    assert visit.authority_key == "80481"
    assert visit.letter_date == visit.source.published == date(2025, 5, 12)
    assert visit.source.sha256 == "ab" * 32
    assert visit.inspectors == ("Ann Smith", "Bob Jones")
    assert visit.id == "80481-visit-2025-04-01"  # named by its first day on site
    assert visit.known_from == date(2025, 5, 12)


def test_to_visit_dates() -> None:
    undated = record(letter_date=None)
    with pytest.raises(UnreadableFieldError, match="pass published="):
        undated.to_visit("80481", url="u", title="t")
    visit = undated.to_visit("80481", url="u", title="t", published=date(2025, 5, 13))
    assert visit.letter_date == date(2025, 5, 13)
    with pytest.raises(InconsistentReportError, match="dated 2025-05-12, not 2025-05-13"):
        record().to_visit("80481", url="u", title="t", published=date(2025, 5, 13))
    same = record().to_visit("80481", url="u", title="t", published=date(2025, 5, 12))
    assert same.letter_date == date(2025, 5, 12)


def test_to_visit_checks_the_visit() -> None:
    with pytest.raises(RecordError, match="before ILACS began"):
        record(start=date(2017, 12, 1), end=date(2017, 12, 2)).to_visit("1", url="u", title="t")


@pytest.mark.parametrize("data", [b"", b"<html>Focused visit to Leeds</html>", b"%PDF-1.7\n"])
def test_documents_that_are_not_pdfs(data: bytes) -> None:
    assert str(DocumentKind.LETTER) == "visit letter"
    with pytest.raises(ReportError):
        detect_kind(data)
    with pytest.raises(ReportError):
        read_document(data)
