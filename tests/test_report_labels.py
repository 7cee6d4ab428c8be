"""Judgement labels mapped by concept, and SIF re-inspections read from the report's words.

The property tests reword every real label (the literal list of ``label_variants``, which
``test_reports_corpus`` checks against the labels the reader finds in the corpus) and check
that each rewording maps to the same area, and that a label without one of its key concepts
does not. The rest reads synthetic report texts.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from label_variants import (
    ENDING_LABELS,
    FILLERS,
    REAL_LABELS,
    TABLES,
    concepts_of,
    variants,
    without_concept,
)
from ofsted_ratings.frameworks import FRAMEWORKS, FrameworkId, InspectionKind
from ofsted_ratings.grades import Grade
from ofsted_ratings.sources.reports import JudgementLabelError, MissingJudgementsError
from ofsted_ratings.sources.reports._labels import CONCEPTS, LabelMap, key_words, words
from ofsted_ratings.sources.reports._parse import parse_pages, says_reinspection
from report_texts import ILACS_2026

O, G, RI, I = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE

ALL_LABELS = REAL_LABELS | ENDING_LABELS
LABELS = sorted(ALL_LABELS)


# --- the mapping ------------------------------------------------------------------------------


@pytest.mark.parametrize(("table", "label"), LABELS)
def test_real_labels_map_to_their_area(table: str, label: str) -> None:
    assert TABLES[table].fits(label) == [ALL_LABELS[table, label]]


@pytest.mark.parametrize(
    ("framework", "table"),
    [
        (FrameworkId.LAC_2013, "lac"),
        (FrameworkId.SIF, "sif"),
        (FrameworkId.ILACS_2018, "ilacs"),
        (FrameworkId.ILACS_2023, "ilacs"),
        (FrameworkId.ILACS_2026, "ilacs"),
    ],
)
def test_framework_labels_map_to_their_area(framework: FrameworkId, table: str) -> None:
    for area in FRAMEWORKS[framework].areas:
        if area.key in TABLES[table].keys:
            for label in (area.label, *area.aliases):
                assert TABLES[table].fits(label) == [area.key], label


def test_every_area_read_from_a_table_has_concepts() -> None:
    for table in TABLES.values():
        assert all(CONCEPTS[key] for key in table.keys)
    with pytest.raises(ValueError, match="no concepts for the areas safeguarding_capacity"):
        LabelMap(["overall_effectiveness", "safeguarding_capacity"])


def test_fillers_carry_no_meaning() -> None:
    assert key_words().isdisjoint(word for filler in FILLERS for word in words(filler))


@given(data=st.data(), entry=st.sampled_from(LABELS))
def test_rewordings_map_to_the_same_area(data: st.DataObject, entry: tuple[str, str]) -> None:
    table, label = entry
    reworded = data.draw(variants(label))
    assert TABLES[table].fits(reworded) == [ALL_LABELS[entry]]


@given(data=st.data(), entry=st.sampled_from(LABELS))
def test_a_label_without_a_key_concept_is_not_its_area(
    data: st.DataObject, entry: tuple[str, str]
) -> None:
    table, label = entry
    key = ALL_LABELS[entry]
    concept = data.draw(st.sampled_from(concepts_of(key)))
    assert key not in TABLES[table].fits(without_concept(label, concept))


@pytest.mark.parametrize(
    ("label", "area"),
    [
        ("The experiences and progress of children and young people in care", "children_in_care"),
        ("Experiences and progress of children looked after", "children_in_care"),
        ("The experiences and progress of young people leaving care", "care_leavers"),
        ("The impact of leadership on practice with children and families", "impact_of_leaders"),
        ("Help and protection of children", "help_and_protection"),
        ("'Overall' effectiveness", "overall_effectiveness"),
        ("THE EXPERIENCES AND PROGRESS OF CARE-LEAVERS", "care_leavers"),
    ],
)
def test_new_wordings(label: str, area: str) -> None:
    assert TABLES["ilacs"].area(label) == area


@pytest.mark.parametrize(
    "label",
    [
        "The experiences and progress of children",  # in care? care leavers?
        "The impact of on social work practice",  # no leaders
        "The experiences and progress of children who need help",  # no protection
        "Overall",
        "Effectiveness",
    ],
)
def test_labels_without_a_key_concept_map_to_nothing(label: str) -> None:
    assert TABLES["ilacs"].area(label) is None


def test_a_label_fitting_two_areas_is_refused() -> None:
    assert TABLES["ilacs"].fits("The impact of leaders on help and protection") == [
        "impact_of_leaders",
        "help_and_protection",
    ]
    with pytest.raises(ValueError, match="fits impact_of_leaders and help_and_protection"):
        TABLES["ilacs"].area("The impact of leaders on help and protection")


# --- labels in a report ------------------------------------------------------------------------

ILACS_2026_GRADES = {
    "impact_of_leaders": G,
    "help_and_protection": G,
    "children_in_care": G,
    "care_leavers": RI,
}


def swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


def grades(text: str) -> dict[str, Grade | None]:
    return {judgement.area: judgement.grade for judgement in parse_pages([text]).judgements}


def test_reworded_labels_in_a_report() -> None:
    page = swap(
        ILACS_2026,
        "The experiences and progress of\nchildren in care\n",
        "“The experiences and progress of children and young\npeople in care”:\n",
    )
    page = swap(
        page,
        "The impact of leaders on social work\npractice with children and families\n",
        "The IMPACT of LEADERSHIP on practice\n",
    )
    page = swap(
        page,
        "The experiences and progress of care\nleavers\n",
        "Experiences and progress of young people leaving care.\n",
    )
    assert grades(page) == ILACS_2026_GRADES


def test_an_unknown_label_is_named() -> None:
    page = swap(
        ILACS_2026,
        "The experiences and progress of care\nleavers\n",
        "The experiences and progress of young adults\n",
    )
    with pytest.raises(
        JudgementLabelError, match="'The experiences and progress of young adults'"
    ) as error:
        parse_pages([page], source="report.pdf")
    assert error.value.label == "The experiences and progress of young adults"
    assert str(error.value).startswith("report.pdf: judgement table: the label")
    assert isinstance(error.value, MissingJudgementsError)


def test_two_labels_of_one_area_are_refused() -> None:
    page = swap(
        ILACS_2026,
        "The experiences and progress of care\nleavers\n",
        "Children looked after by the council\n",
    )
    with pytest.raises(JudgementLabelError, match="both fit children_in_care") as error:
        parse_pages([page])
    assert error.value.label == "Children looked after by the council"


def test_a_label_fitting_two_areas_in_a_report_is_refused() -> None:
    page = swap(
        ILACS_2026,
        "The experiences and progress of care\nleavers\n",
        "The impact of leaders on care leavers\n",
    )
    with pytest.raises(JudgementLabelError, match="fits more than one area"):
        parse_pages([page])


@pytest.mark.parametrize(
    "prose",
    [
        # A sentence that runs on after a grade at the end of a line is not a row, even when
        # its words fit an area (Portsmouth 2026, Wakefield 2025, Haringey 2018).
        "Children, care leavers and families in Liverpool benefit greatly from outstanding\n"
        "services. Since the last inspection in 2023, leaders have sustained ...\n",
        "Since the last inspection in 2021, services for children and families remain good\n"
        "overall. The early help offer is extensive.\n",
        "While children, young people and their carers do not consistently receive a good\n"
        "service, this is improving.\n",
        # A grade inside a line, or a sentence with a verb, is not a row either.
        "The experiences and progress of children in care are good.\n",
        "Leaders have made outstanding progress. Care leavers are\ngood\n",
    ],
)
def test_prose_after_the_table_is_not_read(prose: str) -> None:
    page = swap(
        ILACS_2026,
        "Services for children and families in Liverpool have significantly improved.\n",
        prose,
    )
    assert grades(page) == ILACS_2026_GRADES


def test_a_row_without_a_grade_is_named() -> None:
    page = swap(ILACS_2026, "leavers\nRequires improvement to be good\n", "leavers\nExcellent\n")
    with pytest.raises(MissingJudgementsError, match="no grade after 'The experiences"):
        parse_pages([page])


SIF_PAGE_1 = """\
1
Bolton Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board1
Inspection dates: 14 January 2014 – 5 February 2014
The overall judgement is requires improvement
1. Children who need help and protection Requires
improvement
2. Children looked after and achieving permanence Good
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Requires
improvement
The effectiveness of the Local Safeguarding Children Board (LSCB)
requires improvement
The LSCB is not yet demonstrating the characteristics of good.
"""
SIF_LEAD = "2\nInformation about this inspection\nLead inspector: Robert Hackeson\n"


def test_sif_lscb_row_ends_the_list() -> None:
    report = parse_pages([SIF_PAGE_1, SIF_LEAD])
    assert {j.area: j.grade for j in report.judgements} == {
        "overall_effectiveness": RI,
        "help_and_protection": RI,
        "looked_after_and_permanence": G,
        "adoption_performance": G,
        "care_leavers": G,
        "leadership_management_governance": RI,
        "lscb": RI,
    }


def test_sif_list_found_by_its_first_row_whatever_its_wording() -> None:
    page = swap(
        SIF_PAGE_1,
        "1. Children who need help and protection",
        "1. The experiences and progress of children who need help and protection",
    )
    page = swap(page, "2.1 Adoption performance", "2.1 Adoption")
    report = parse_pages([page, SIF_LEAD])
    assert len(report.judgements) == 7


# --- re-inspections ---------------------------------------------------------------------------

SIF_2018 = """\
1
London Borough of Lambeth
Inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection date: 29 January to 22 February 2018
Report published: 9 May 2018
Children’s services in London Borough of Lambeth require
improvement to be good
1. Children who need help and protection Requires Improvement
2. Children looked after and achieving
permanence
Requires Improvement
2.1 Adoption performance Inadequate
2.2 Experiences and progress of care leavers Requires Improvement
3. Leadership, management and governance Requires Improvement
"""
SUMMARY = "2\nExecutive summary\n{}\nChildren in Lambeth are safe.\n"
CONTENTS = "4\nContents\nExecutive summary 2\nInformation about this inspection 5\n"
LEAD = "5\nInformation about this inspection\nLead inspector: Marcie Taylor\n"

REINSPECTION_SAYINGS = [
    # Lambeth 2018, Manchester 2017, Wandsworth 2018, Birmingham 2016
    "This is a re-inspection of children’s services in Lambeth, after they were judged to be "
    "inadequate in 2015.",
    "This is a re-inspection of children's services in Manchester, following a judgement of\n"
    "inadequate for overall effectiveness in 2014.",
    "This was a re-inspection of children's services in Wandsworth, as the last inspection in "
    "December 2015 judged the local authority to be inadequate overall.",
    "This re-inspection has identified that serious and widespread failings remain.",
    # Spelled or broken otherwise
    "This is a reinspection of children's services in Lambeth.",
    "This is a re-\ninspection of children's services in Lambeth.",
    "This is a re\u00adinspection of children's services in Lambeth.",
    "THIS IS A RE-INSPECTION of children's services in Lambeth.",
    "The re-inspection of the local authority was carried out under section 136 of the "
    "Education and Inspections Act 2006.",
    "Ofsted carried out a re-inspection of children's services in Lambeth following a "
    "judgement of inadequate in 2015.",
]
TRAPS = [
    # Leicester 2017, Darlington 2018: back-references to an inadequate judgement
    "Services for children have improved significantly since the last inspection in 2015, "
    "which judged them overall to be inadequate.",
    "It has been a considerable achievement for the local authority to have improved the "
    "services that were judged to be inadequate at the previous inspection in 2015.",
    "Since the last inspection in 2015, when services were judged inadequate overall, leaders "
    "have improved services.",
    # First SIF reports about the inspections before the SIF (Essex 2014, Brent 2015)
    "In August 2010 the Ofsted Safeguarding and Looked After Children Inspection judged "
    "safeguarding in Essex as inadequate. In October 2011 Ofsted re-inspected safeguarding "
    "arrangements and judged them adequate.",
    "Where re-inspections judged them to be below good, leaders acted quickly.",
    "A re-inspection in 2011, following a judgement of inadequate in 2010, found services "
    "adequate.",
    "The previous inspection of the local authority's safeguarding arrangements was in "
    "November 2012. The local authority was judged to be inadequate.",
    "Services are no longer inadequate.",
]


@pytest.mark.parametrize("saying", REINSPECTION_SAYINGS)
def test_says_reinspection(saying: str) -> None:
    assert says_reinspection(saying)


@pytest.mark.parametrize("trap", TRAPS)
def test_back_references_are_not_reinspections(trap: str) -> None:
    assert not says_reinspection(trap)


def sif_kind(summary: str, first: str = SIF_2018) -> InspectionKind | None:
    pages = [first, SUMMARY.format(summary), "3\nMore summary", CONTENTS, LEAD]
    return parse_pages(pages).kind


@pytest.mark.parametrize("saying", REINSPECTION_SAYINGS)
def test_sif_report_whose_summary_says_reinspection(saying: str) -> None:
    assert sif_kind(saying) is InspectionKind.RE_INSPECTION


@pytest.mark.parametrize("trap", TRAPS)
def test_sif_report_with_back_references_only(trap: str) -> None:
    assert sif_kind(trap) is InspectionKind.INSPECTION


@pytest.mark.parametrize("title", ["Re-inspection", "Reinspection", "Re- inspection"])
def test_sif_title_says_reinspection(title: str) -> None:
    first = swap(SIF_2018, "Inspection of services", f"{title} of services")
    assert sif_kind("Children are safe.", first) is InspectionKind.RE_INSPECTION


def test_only_the_summary_before_the_contents_is_read_for_it() -> None:
    pages = [SIF_2018, SUMMARY.format("Children are safe."), CONTENTS, LEAD, "This re-inspection"]
    assert parse_pages(pages).kind is InspectionKind.INSPECTION
