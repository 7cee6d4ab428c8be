"""Golden values for 45 visit letters, written by hand from each letter's text.

The letters are spread over the years (2018, 2019, the COVID-19 visits of 2020-21, and
2022-26) and over the letters' variations: dates without a year, inspectors with titles
before or after their names, a quality assurance manager or a shadowing inspector who is not
one of the visit's inspectors, a lead inspector named, themes with lists, "no priority
actions", priority actions carried over from an earlier visit, improvements as paragraphs
rather than bullets, the national framework's footnote, and letters that print no date.

Each expectation was typed from the letter as extracted with the report reader's PDF text
helpers and read in full; none was copied from the letter reader's output. Themes and items
are compared as the reader gives them: the letter's words with its line breaks, curly quotes
and dashes made plain. Items are checked by their opening words, in order, so their number is
checked too; a few are checked whole.
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from letter_corpus import letter_path
from ofsted_ratings.models import VisitKind
from ofsted_ratings.sources.letters import LetterRecord, read_letter

pytestmark = pytest.mark.corpus

FOCUSED, COVID = VisitKind.FOCUSED, VisitKind.FOCUSED_COVID
#: What the COVID-19 letters of 2020-21 that name no theme say Ofsted's work was into.
COVID_WORK = (
    "how England's social care system has delivered child-centred practice and care within "
    "the context of the restrictions placed on society during the COVID-19 (coronavirus) "
    "pandemic"
)


@attrs.frozen(kw_only=True)
class Golden:
    """What one letter prints. ``priority`` and ``improvements`` hold the opening words of
    each item, in order; ``whole`` some items in full, by (section, index)."""

    name: str
    authority: str
    letter_date: date | None
    kind: VisitKind
    start: date
    end: date
    inspectors: tuple[str, ...]
    lead: str | None = None
    theme: str
    priority: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    whole: dict[tuple[str, int], str] = attrs.field(factory=dict)


GOLDEN = (
    # --- 2018 ---------------------------------------------------------------------------
    Golden(
        name="80481/2018-02-22",
        authority="Leeds City Council",
        letter_date=date(2018, 2, 22),
        kind=FOCUSED,
        start=date(2018, 1, 30),
        end=date(2018, 1, 31),
        inspectors=("Nigel Parkes", "Kate Malleson"),
        theme="the local authority's arrangements for the quality of matching, placement and "
        "decision-making for children in care, including the quality of planning and the "
        "identification and management of risk and vulnerability",
        improvements=(
            "The way in which information is presented in performance management reports",
            "Personal Education Plans are of variable quality.",
        ),
    ),
    Golden(
        # "on 30 and 31 January": the year is the letter's.
        name="80456/2018-02-22",
        authority="Coventry City Council",
        letter_date=date(2018, 2, 22),
        kind=FOCUSED,
        start=date(2018, 1, 30),
        end=date(2018, 1, 31),
        inspectors=("Alison Smale", "Peter McEntee"),
        theme="the local authority's arrangements for contacts and referrals in the "
        "multi-agency safeguarding hub (MASH) and thresholds for children in need and child "
        "protection, with a particular focus on children in need",
        improvements=(
            "Management oversight in area teams is not sufficiently robust",
            "Some staff have a high number of cases.",
            "While inspectors saw some good assessments",
            "The quality of children's plans varies",
            "Social workers endeavour to engage with children",
        ),
    ),
    Golden(
        name="80451/2018-03-22",
        authority="Wakefield Council",
        letter_date=date(2018, 3, 22),
        kind=FOCUSED,
        start=date(2018, 2, 27),
        end=date(2018, 2, 28),
        inspectors=("Neil Penswick", "Matthew Brazier"),
        theme="the local authority's arrangements for the 'front door', the service that "
        "receives both single and multi-agency contacts and referrals",
        priority=(
            "delays in case allocation, assessment and seeing children at risk of harm",
            "management oversight and decision-making in relation to safeguarding",
            "social work recording, performance management",
        ),
        improvements=(
            "Audits need to recognise good practice",
            "There needs to be a sufficient number of experienced social workers",
            "The relationships between the local authority and partners through the LSCB",
        ),
        whole={
            ("priority", 2): "social work recording, performance management and quality "
            "assurance arrangements.",
        },
    ),
    Golden(
        # The quality assurance manager, Sean Tarpey, is not one of the visit's inspectors.
        name="80511/2018-03-01",
        authority="London Borough of Newham",
        letter_date=date(2018, 3, 1),
        kind=FOCUSED,
        start=date(2018, 2, 6),
        end=date(2018, 2, 7),
        inspectors=("Mandy Nightingale", "Tara Geere"),
        theme="the local authority's arrangements for child in need and child protection in "
        "accordance with the Inspection of Local Authority Children's Services framework "
        "(ILACS)",
        improvements=(
            "Timeliness of partners' responses in the MASH needs to improve",
            "Management oversight is not consistent or sufficiently robust.",
            "The 0-25 team does not respond effectively enough",
            "The local authority has not yet developed sufficiently robust performance",
        ),
    ),
    Golden(
        name="80560/2018-08-08",
        authority="St Helens",
        letter_date=date(2018, 8, 8),
        kind=FOCUSED,
        start=date(2018, 7, 11),
        end=date(2018, 7, 12),
        inspectors=("Stella Elliott", "Caroline Walsh"),
        theme="the local authority's arrangements for children in need and children subject "
        "to a child protection plan",
        priority=(
            "There are significant delays in escalating children's cases",
            "The deficit in oversight of, and supervision and challenge by, leaders",
            "Quality assurance and audit processes do not appropriately challenge",
        ),
        improvements=(
            "Social workers, managers and key professionals from other agencies",
            "Services do not meet children's levels of need",
            "Assessments of children's needs are not kept up to date",
            "Pre-proceedings letters to families do not clearly identify",
        ),
    ),
    Golden(
        # "There are no priority actions following this focused visit."
        name="80575/2018-02-23",
        authority="Warrington",
        letter_date=date(2018, 2, 23),
        kind=FOCUSED,
        start=date(2018, 1, 31),
        end=date(2018, 2, 1),
        inspectors=("Lorna Schlechte", "Neil Penswick"),
        theme="the local authority's arrangements for children in need and children subject "
        "to a child protection plan. Inspectors looked specifically at: thresholds; "
        "step-up/step-down between children in need and child protection; children on the "
        "edge of care; children subject to a letter before proceedings and the quality and "
        "impact of pre-proceedings interventions; children in need at risk of family "
        "breakdown",
        improvements=(
            "Although the number of children subject to a child protection plan has reduced",
            "Assessments vary in quality.",
            "The quality of plans is variable.",
            "A recently revised auditing framework has been implemented.",
        ),
    ),
    Golden(
        # "Areas for Improvement" comes last, after the findings.
        name="80534/2018-02-22",
        authority="Nottinghamshire County Council",
        letter_date=date(2018, 2, 22),
        kind=FOCUSED,
        start=date(2018, 1, 30),
        end=date(2018, 1, 31),
        inspectors=("John Roughton", "Caroline Walsh"),
        theme="the local authority's arrangements for its care leavers, including the "
        "preparation of relevant children in care for the transition to adulthood",
        improvements=(
            "Where new risks emerge for children and young people",
            "High caseloads in both the looked after and care leaving service",
            "For most children, the transition and planning for adulthood",
            "There is no dedicated support available for 16- and 17-year-old children",
            "A small minority of care leavers placed in larger semi-independent settings",
            "More could be done to engage the wider cohort of care leavers",
            "Older children in care and care leavers with complex needs",
            "There is no independent review and scrutiny of plans for care leavers.",
            "Auditing arrangements for the care leaving service are under developed",
            "The local authority has a good awareness of the challenges",
        ),
    ),
    Golden(
        # What needs to improve, in paragraphs without bullets.
        name="80583/2018-10-04",
        authority="City of Wolverhampton council",
        letter_date=date(2018, 10, 4),
        kind=FOCUSED,
        start=date(2018, 9, 11),
        end=date(2018, 9, 12),
        inspectors=("Alison Smale", "John Roughton"),
        theme="the local authority's arrangements for children in need and those on child "
        "protection plans",
        improvements=(
            "In locality team hubs, many assessments do not sufficiently describe",
            "Plans are not sufficiently effective in reducing needs.",
            "Social workers in some locality teams experienced excessively high caseloads",
            "While supervision is regular in locality team hubs",
            "The local authority recognises that the audit programme is not applied",
        ),
        whole={
            ("improvements", 0): "In locality team hubs, many assessments do not sufficiently "
            "describe the changes and emerging needs being experienced by children and "
            "families.",
        },
    ),
    # --- 2019 ---------------------------------------------------------------------------
    Golden(
        name="80526/2019-05-08",
        authority="North East Lincolnshire",
        letter_date=date(2019, 5, 8),
        kind=FOCUSED,
        start=date(2019, 3, 14),
        end=date(2019, 3, 14),
        inspectors=("Lisa Summers", "Neil Penswick"),
        theme="the local authority's arrangements for responding to contacts and referrals at "
        "their 'front door', the Families First Access Point (FFAP)",
        priority=(
            "The identification and screening of risk and need",
            "The quality of assessments and decision-making.",
            "The quality and effectiveness of managerial oversight and supervision.",
        ),
        improvements=(
            "Decision-making and timing of premature case closures",
            "The analysis and use of all relevant information",
            "Proportionate decision-making for the most vulnerable children at risk.",
            "Ensuring that children are at the heart of practice.",
            "Multi-agency working, including partners' understanding of thresholds",
            "The recording and quality assurance of key documents",
            "The quality and effectiveness of case file audits.",
            "The sufficiency and experience of the social work workforce",
        ),
    ),
    Golden(
        # "The focus of this visit was on ..."; no section on what needs to improve.
        name="80428/2019-12-18",
        authority="Bedford Borough council",
        letter_date=date(2019, 12, 18),
        kind=FOCUSED,
        start=date(2019, 10, 23),
        end=date(2019, 10, 24),
        inspectors=("Nigel Parkes", "Brenda McInerney"),
        theme="planning and achieving permanence for children, whether by way of adoption, "
        "living with family or friends under the terms of a special guardianship order, "
        "long-term fostering or residential care, or children returning to live with their "
        "birth families",
    ),
    Golden(
        # A priority action broken by a page.
        name="80496/2019-03-04",
        authority="London Borough of Hackney",
        letter_date=date(2019, 3, 4),
        kind=FOCUSED,
        start=date(2019, 2, 5),
        end=date(2019, 2, 6),
        inspectors=("Kate Malleson", "Brenda McLaughlin"),
        theme="the local authority's arrangements for children in need and those made subject "
        "to a child protection plan",
        priority=(
            "the timeliness and effectiveness of social work practice",
            "the quality and effectiveness of managerial oversight and supervision",
        ),
        improvements=(
            "children's daily lived experiences to be central to all work",
            "the application of thresholds to protect children on child in need plans",
            "performance data regarding the timeliness and impact",
            "plans to be more specific and detailed",
            "the greater consideration of men, including abusive partners",
        ),
        whole={
            ("priority", 0): "the timeliness and effectiveness of social work practice and "
            "interventions to safeguard children from harm",
        },
    ),
    # --- 2020 ---------------------------------------------------------------------------
    Golden(
        name="80533/2020-02-27",
        authority="Nottingham City Council",
        letter_date=date(2020, 2, 27),
        kind=FOCUSED,
        start=date(2020, 2, 4),
        end=date(2020, 2, 4),
        inspectors=("Paula Thomson-Jones", "Amanda Maxwell", "Caroline Walsh"),
        theme="the local authority's arrangements for children in need and those subject to a "
        "child protection plan, with a focus on children at risk of neglect",
        priority=("Address the systemic failures in social work practice", "Stabilise the "),
        improvements=(
            "The quality of assessments and plans",
            "Management oversight of work to provide effective support",
            "Quality assurance activity to make sure",
            "The capacity of senior leaders and managers",
        ),
    ),
    Golden(
        # "There are no priority actions." stands before the heading on what needs to improve.
        name="80536/2020-02-28",
        authority="Oxfordshire county council",
        letter_date=date(2020, 2, 28),
        kind=FOCUSED,
        start=date(2020, 2, 5),
        end=date(2020, 2, 6),
        inspectors=("Kate Malleson", "Brenda McInerney"),
        theme="the local authority's arrangements for children in need and those subject to a "
        "child protection plan",
        improvements=(
            "Practice and management oversight so that drift and delay",
            "The quality of planning to enable the pace of progress",
            "The attendance of partners at child protection conferences and reviews.",
            "Children's participation in child protection conferences and reviews.",
            "Quality assurance processes so that they have more impact",
        ),
    ),
    Golden(
        name="80443/2020-11-13",
        authority="Bury",
        letter_date=date(2020, 11, 13),
        kind=COVID,
        start=date(2020, 9, 29),
        end=date(2020, 10, 1),
        inspectors=(
            "Lisa Summers",
            "Pauline Higham",
            "Diane Partridge",
            "Emmy Tomsett",
            "Andrew Hemmings",
        ),
        theme=COVID_WORK,
        improvements=(
            "Management direction and decision-making in the MASH",
            "The quality of strategy meetings",
            "The assessment of parental ability to sustain change",
            "The quality of child protection and child in need plans",
        ),
    ),
    Golden(
        name="2532287/2020-11-27",
        authority="Bournemouth, Christchurch and Poole",
        letter_date=date(2020, 11, 27),
        kind=COVID,
        start=date(2020, 10, 13),
        end=date(2020, 10, 13),
        inspectors=(
            "Neil Penswick",
            "Louise Hollick",
            "Peter McEntee",
            "Jan Edwards",
            "Chris Smith",
        ),
        theme="the quality and impact of key decision-making across help and protection, "
        "children in care and care leavers services, together with the impact of leadership",
        priority=(
            "the arrangements for management oversight and quality assurance",
            "the quality of practice, including the application of thresholds",
        ),
        improvements=(
            "Social work supervision.",
            "The quality of children's plans.",
            "Attendance by partner agencies at strategy meetings.",
            "Placement sufficiency.",
            "Support given to children in care, and care leavers",
            "The quality and timeliness of social work recording.",
            "The profile of the virtual school",
            "The quality of personal education plans (PEPs).",
            "Plans to prevent exclusions from school for children in care.",
            "The response to electively home-educated children.",
        ),
    ),
    Golden(
        # Titles before the names ("Her Majesty's Inspectors (HMI) Social Care") and after
        # them ("Senior HMI").
        name="80470/2020-11-20",
        authority="Gloucestershire",
        letter_date=date(2020, 11, 20),
        kind=COVID,
        start=date(2020, 10, 6),
        end=date(2020, 10, 8),
        inspectors=(
            "Nigel Parkes",
            "Rachel Griffiths",
            "Steve Lowe",
            "Diane Partridge",
            "Stephen Lee",
        ),
        theme=COVID_WORK,
        improvements=(
            "the use and tracking of pre-proceedings",
            "services for children and families at the edge of care",
            "the number and choice of suitable placements",
            "personal education plans to be more ambitious",
        ),
    ),
    Golden(
        # "The methodology was adapted to reflect the COVID-19 context"; an HMI designate.
        name="80510/2020-11-20",
        authority="Merton",
        letter_date=date(2020, 11, 20),
        kind=COVID,
        start=date(2020, 10, 6),
        end=date(2020, 10, 8),
        inspectors=("Kate Malleson", "Nick Stacey", "Sean Tarpey", "Jon Bowman", "Tom Anthony"),
        theme=COVID_WORK,
        improvements=(
            "Planning and intervention to minimise the risk of harm",
            "Earlier permanence planning and life-story work",
        ),
    ),
    Golden(
        # "Area for priority action", in the singular.
        name="80464/2020-11-27",
        authority="Dudley MBC",
        letter_date=date(2020, 11, 27),
        kind=COVID,
        start=date(2020, 10, 13),
        end=date(2020, 10, 13),
        inspectors=(
            "John Roughton",
            "Pauline Higham",
            "Diane Partridge",
            "Andrew Waugh",
            "Stephen Bentham",
        ),
        theme="the quality and impact of decision-making in help and protection, children in "
        "care and care leavers services, together with the impact of leadership on service "
        "development",
        priority=(
            "timely application of the pre-proceedings stage",
            "prioritising the swifter progression of plans",
        ),
        improvements=(
            "The timeliness and quality of decision-making in the multi-agency",
            "The case transition points across all service areas",
            "The pace of progress in the development of responses",
            "The quality of assessments and child-focused plans.",
            "The effectiveness of supervision, quality assurance arrangements",
            "The quality and impact of education for children in care",
        ),
        whole={
            ("improvements", 5): "The quality and impact of education for children in care at "
            "key stage 4, and post-16 qualifications and attainment.",
        },
    ),
    # --- 2021 ---------------------------------------------------------------------------
    Golden(
        name="80481/2021-08-31",
        authority="Leeds",
        letter_date=date(2021, 8, 31),
        kind=COVID,
        start=date(2021, 7, 20),
        end=date(2021, 7, 21),
        inspectors=("Victoria Horsefield", "Matt Reed"),
        theme="the local authority's arrangements for the front door, including "
        "decision-making for contacts and referrals, child protection enquiries, the decision "
        "to step down or step up from early help, and child in need assessments",
        improvements=(
            "The quality and consistency of assessments",
            "The quality and impact of management oversight and supervision",
            "The quality and independence of audits",
        ),
    ),
    Golden(
        name="80431/2021-04-09",
        authority="Blackpool",
        letter_date=date(2021, 4, 9),
        kind=COVID,
        start=date(2021, 2, 23),
        end=date(2021, 2, 24),
        inspectors=(
            "Lorna Schlechte",
            "Brenda McLaughlin",
            "Nick Stacey",
            "Kathryn Grindrod",
            "Paul Williams",
        ),
        theme=COVID_WORK,
        improvements=(
            "The consistency and quality of work for children subject to child protection",
            "The development of pre-proceedings work",
            "The quality assurance of casework",
        ),
    ),
    Golden(
        # Priority actions and improvements carried over from the last visit.
        name="80533/2021-08-09",
        authority="Nottingham",
        letter_date=date(2021, 8, 9),
        kind=COVID,
        start=date(2021, 6, 30),
        end=date(2021, 6, 30),
        inspectors=("Rachel Griffiths", "Victoria Horsefield"),
        theme="the local authority's arrangements for children in need and those subject to a "
        "child protection plan",
        priority=("The areas for priority action set at the last focused visit",),
        improvements=("The areas for improvement set at the last focused visit",),
        whole={
            ("priority", 0): "The areas for priority action set at the last focused visit in "
            "February 2020 remain.",
            ("improvements", 0): "The areas for improvement set at the last focused visit in "
            "February 2020 remain.",
        },
    ),
    Golden(
        # "on 13 and 14 July" without a year; headings end with colons.
        name="80465/2021-08-23",
        authority="Durham",
        letter_date=date(2021, 8, 23),
        kind=COVID,
        start=date(2021, 7, 13),
        end=date(2021, 7, 14),
        inspectors=("Louise Hollick", "Vicky Metheringham"),
        theme="the local authority's arrangements for children in care",
        priority=(
            "The quality of plans and arrangements for a minority of children",
            "The sufficiency of suitable placements",
        ),
        improvements=("The quality of assessment work carried out under Section 22 (a)",),
    ),
    Golden(
        # A supernumerary inspector, named among the inspectors.
        name="80577/2021-07-19",
        authority="West Berkshire",
        letter_date=date(2021, 7, 19),
        kind=COVID,
        start=date(2021, 6, 9),
        end=date(2021, 6, 9),
        inspectors=("Tracey Scott", "Maire Atherton", "Sarah Canto"),
        theme="the local authority's arrangements for children in need and children in need "
        "of protection",
        improvements=(
            "social work capacity across the service",
            "rigorous oversight of children in need",
        ),
        whole={
            ("improvements", 0): "social work capacity across the service to meet increasing "
            "demand",
        },
    ),
    Golden(
        # Carried out by remote means, but the letter does not say the model was adapted.
        name="80490/2021-10-19",
        authority="London Borough of Bromley",
        letter_date=date(2021, 10, 19),
        kind=FOCUSED,
        start=date(2021, 9, 14),
        end=date(2021, 9, 15),
        inspectors=("Louise Hocking", "Anna Gravelle"),
        theme="the local authority's arrangements for children in care, including disabled "
        "children in care",
        improvements=("That data and intelligence for return home interviews",),
    ),
    Golden(
        name="80523/2021-07-15",
        authority="Middlesbrough",
        letter_date=date(2021, 7, 15),
        kind=COVID,
        start=date(2021, 5, 26),
        end=date(2021, 5, 27),
        inspectors=(
            "Jan Edwards",
            "Victoria Horsefield",
            "Alison Smale",
            "Kathryn Grindrod",
            "Michele Costello",
        ),
        theme=COVID_WORK,
        improvements=(
            "Management oversight and actions to ensure",
            "The understanding of identity and the diverse needs",
        ),
    ),
    # --- 2022 ---------------------------------------------------------------------------
    Golden(
        # The lead inspector named after her name; an observer among the inspectors.
        name="80486/2022-06-10",
        authority="London Borough of Barking and Dagenham",
        letter_date=date(2022, 6, 10),
        kind=FOCUSED,
        start=date(2022, 5, 4),
        end=date(2022, 5, 5),
        inspectors=("Brenda McLaughlin", "Tracey Ledder", "Nhlanganiso Nyathi"),
        lead="Brenda McLaughlin",
        theme="the local authority's arrangements for planning and achieving permanence, with "
        "a particular focus on early permanence across all age groups and services",
        improvements=(
            "Planning for children to ensure that permanence is achieved",
            "Timely and effective parallel and contingency planning",
            "The quality of staff supervision",
            "An increased sufficiency of suitable foster care homes",
            "The quality and availability of life-story work for all children.",
            "Additional management capacity at a senior operational level.",
        ),
    ),
    Golden(
        name="80483/2022-03-02",
        authority="Leicestershire County Council",
        letter_date=date(2022, 3, 2),
        kind=COVID,
        start=date(2022, 1, 26),
        end=date(2022, 1, 27),
        inspectors=("Victoria Horsefield", "Julie Knight"),
        theme="the local authority's arrangements for children in need and those subject to a "
        "child protection plan, including children receiving help and support from the "
        "disabled children's service",
        improvements=(
            "Consistency in the quality of children's plans.",
            "Consistency in the recording of supervisions",
        ),
    ),
    Golden(
        # Made "within national and local guidelines for responding to COVID-19", but the
        # letter does not say the model was adapted.
        name="80563/2022-01-31",
        authority="Stockton-on-Tees",
        letter_date=date(2022, 1, 31),
        kind=FOCUSED,
        start=date(2021, 12, 7),
        end=date(2021, 12, 8),
        inspectors=("Vicky Metheringham", "Mandy Nightingale"),
        theme="the local authority's arrangements for planning and achieving permanence for "
        "children",
        improvements=("The timeliness and quality of the assessment of regulation 24 carers.",),
    ),
    Golden(
        name="80517/2022-07-01",
        authority="Waltham Forest",
        letter_date=date(2022, 7, 1),
        kind=FOCUSED,
        start=date(2022, 5, 25),
        end=date(2022, 5, 26),
        inspectors=("Russel Breyer", "Victoria Metheringham", "Teresa Godfrey"),
        theme="the local authority's arrangements for children in need or subject to a child "
        "protection plan",
        improvements=(
            "The regularity, quality and recording of supervision.",
            "The size of caseloads for some workers.",
        ),
    ),
    # --- 2023 ---------------------------------------------------------------------------
    Golden(
        # The heading names no authority ("Focused visit to children's services").
        name="80491/2023-12-05",
        authority="Camden",
        letter_date=date(2023, 12, 5),
        kind=FOCUSED,
        start=date(2023, 10, 31),
        end=date(2023, 11, 1),
        inspectors=("Naintara Khosla", "Russel Breyer"),
        theme="the local authority's arrangements for children in need and children subject "
        "to a child protection plan",
        improvements=(
            "Evaluation and challenge of social work practice",
            "Management oversight of practice and timely decision making",
        ),
    ),
    Golden(
        # The dates come before the authority: "... the focused visit on 25 and 26 October
        # 2023 to Together for Children, ...".
        name="80566/2023-11-29",
        authority="Sunderland",
        letter_date=date(2023, 11, 29),
        kind=FOCUSED,
        start=date(2023, 10, 25),
        end=date(2023, 10, 26),
        inspectors=("Catherine Heron", "Louise Walker"),
        theme="the local authority's arrangements for children in need or subject to a child "
        "protection plan",
        improvements=(
            "The earlier identification of neglect.",
            "The written records of supervision, case discussions and management direction.",
        ),
    ),
    Golden(
        # "... the 'front door.'": the full stop inside the quotation mark.
        name="2637548/2023-11-22",
        authority="West Northamptonshire",
        letter_date=date(2023, 11, 22),
        kind=FOCUSED,
        start=date(2023, 10, 18),
        end=date(2023, 10, 19),
        inspectors=("Rachel Griffiths", "Naintara Khosla"),
        theme="the local authority's arrangements for the 'front door'",
        improvements=(
            "The quality and effectiveness of decision-making and management oversight",
            "Initial responses in the MASH to children who go missing",
            "Responses to children in need of help and protection out of hours.",
        ),
    ),
    Golden(
        # A shadowing inspector, in a sentence of her own, is not one of the inspectors.
        name="80444/2023-06-22",
        authority="Calderdale",
        letter_date=date(2023, 6, 22),
        kind=FOCUSED,
        start=date(2023, 5, 17),
        end=date(2023, 5, 18),
        inspectors=("Matt Reed", "Nicholas McMullen"),
        theme="the local authority's arrangements for children in need and child protection "
        "planning",
        improvements=("Evidence of sustainable change when decisions are made",),
    ),
    # --- 2024 ---------------------------------------------------------------------------
    Golden(
        name="80563/2024-10-18",
        authority="Stockton-on-Tees Borough Council",
        letter_date=date(2024, 10, 18),
        kind=FOCUSED,
        start=date(2024, 9, 18),
        end=date(2024, 9, 19),
        inspectors=("Ceri Evans", "Monique Lindsay"),
        lead="Ceri Evans",
        theme="the local authority's arrangements for placement decision-making for older children",
        improvements=("The quality and frequency of social work supervision",),
    ),
    Golden(
        # A theme with a list; no section on what needs to improve.
        name="80436/2024-01-12",
        authority="Bracknell Forest",
        letter_date=date(2024, 1, 12),
        kind=FOCUSED,
        start=date(2023, 11, 21),
        end=date(2023, 11, 22),
        inspectors=("Joy Howick", "Michelle Woodward"),
        theme="the local authority's arrangements for children in care, with a particular "
        "focus on: Decision-making for children in long-term care; The effectiveness of the "
        "support and permanence planning for children living long term with foster carers; "
        "The experiences of disabled children in care",
    ),
    Golden(
        # The date and address come after page 1's body in the text; the list is introduced
        # by a sentence of its own.
        name="2637539/2024-10-31",
        authority="North Northamptonshire",
        letter_date=date(2024, 10, 31),
        kind=FOCUSED,
        start=date(2024, 10, 1),
        end=date(2024, 10, 2),
        inspectors=("Jenny-ellen Scotland", "Russel Breyer"),
        theme="the local authority's arrangements for care leavers aged 18 to 25. This visit "
        "focused specifically on: Preparation and support into adulthood; Keeping in touch; "
        "The local offer for care leavers; Support for former unaccompanied asylum-seeking "
        "children",
        improvements=(
            "Housing provision for care-experienced young people.",
            "Ease of access to hub-type services",
        ),
    ),
    Golden(
        name="80552/2024-01-12",
        authority="Shropshire",
        letter_date=date(2024, 1, 12),
        kind=FOCUSED,
        start=date(2023, 11, 23),
        end=date(2023, 11, 23),
        inspectors=("Rebekah Tucker", "Rebecca Quested"),
        theme="the local authority's arrangements for children subject to a child protection "
        "plan, with a particular focus on the quality and impact of pre-proceedings "
        "interventions",
        priority=("Weaknesses in child protection practice",),
        improvements=(
            "The consistent understanding, and application of, pre-proceedings",
            "The quality and effectiveness of child protection plans.",
            "The quality and timeliness of strategy discussions",
            "The effectiveness of multi-agency core groups",
            "The quality of quality assurance activity",
            "The training and support provided to social workers",
        ),
    ),
    # --- 2025 ---------------------------------------------------------------------------
    Golden(
        # Three days on site, not in a row.
        name="80477/2025-08-28",
        authority="Kingston-upon-Hull",
        letter_date=date(2025, 8, 28),
        kind=FOCUSED,
        start=date(2025, 7, 15),
        end=date(2025, 7, 21),
        inspectors=("Christine Kennet", "Sally Sinclair"),
        theme="the local authority's arrangements for placement decision-making for older "
        "children, with a particular focus on children over 14 but not care leavers",
        improvements=(
            "The timeliness of 'placed with parents' assessments",
            "Planning for children to ensure that permanence is achieved",
        ),
    ),
    Golden(
        # The national framework's footnote, marked after the heading.
        name="80431/2025-11-06",
        authority="Blackpool",
        letter_date=date(2025, 11, 6),
        kind=FOCUSED,
        start=date(2025, 10, 7),
        end=date(2025, 10, 8),
        inspectors=("Rachel Fairhurst", "Rebekah Tucker"),
        theme="the local authority's arrangements for children in need and those children "
        "subject to a child protection plan",
        improvements=(
            "The consistency and quality of safety planning",
            "The quality of supervision and management oversight",
            "The consistency and quality of decision-making for families in pre-proceedings",
        ),
        whole={
            ("improvements", 1): "The quality of supervision and management oversight, ensuring "
            "that actions and timescales are recorded and tracked to prevent drift and delay. "
            "(Enabler 3, national framework)",
        },
    ),
    Golden(
        # The letter prints no date.
        name="80445/2025-08-29",
        authority="Cambridgeshire",
        letter_date=None,
        kind=FOCUSED,
        start=date(2025, 7, 29),
        end=date(2025, 7, 30),
        inspectors=("Sophie Wales", "Margaret Burke"),
        theme="the local authority's arrangements for care leavers, which included a specific "
        "focus on: The quality and suitability of accommodation; Staying close and in touch; "
        "Employment, education and training; The impact of leaders on practice with care "
        "leavers",
        improvements=(
            "The quality and impact of frontline managers' supervision",
            "The quality and impact of frontline managers' oversight",
            "The quality and consistency of pathway planning.",
            "The range and accessibility of suitable accommodation",
        ),
    ),
    Golden(
        # The letter is dated "6 November 20205"; the footnote falls inside the list.
        name="80528/2025-11-06",
        authority="North Somerset",
        letter_date=None,
        kind=FOCUSED,
        start=date(2025, 10, 7),
        end=date(2025, 10, 8),
        inspectors=("Steve Bailey", "Zafer Yilkan"),
        theme="the local authority's arrangements for children in care",
        improvements=(
            "Responses to children in care who go missing",
            "Transitions to adulthood, specifically the timeliness",
            "Children's collective influence and participation",
        ),
        whole={
            ("improvements", 0): "Responses to children in care who go missing, including the "
            "timeliness and quality of return home interviews and tracking of resulting actions "
            "to help reduce the likelihood of reoccurrence. (Outcome 3, national framework)",
        },
    ),
    Golden(
        # A name broken over a line: "Jenny-" / "ellen Scotland".
        name="80503/2025-08-29",
        authority="Hounslow",
        letter_date=date(2025, 8, 29),
        kind=FOCUSED,
        start=date(2025, 7, 29),
        end=date(2025, 7, 30),
        inspectors=("Jenny-ellen Scotland", "Monique Lindsay", "Michele Henry"),
        theme="how the local authority supports children in need, those on child protection "
        "plans, and children in pre-proceedings",
        improvements=(
            "Caseloads for workers and managers in the intake team",
            "The impact of quality assurance, management oversight, and supervision",
            "The response to children who are experiencing, or have experienced",
        ),
    ),
    # --- 2026 ---------------------------------------------------------------------------
    Golden(
        # "Nick Stacey, Ofsted Inspector".
        name="80534/2026-01-12",
        authority="Nottinghamshire",
        letter_date=date(2026, 1, 12),
        kind=FOCUSED,
        start=date(2025, 11, 26),
        end=date(2025, 11, 26),
        inspectors=("Parveen Hussain", "Nick Stacey"),
        theme="the local authority's arrangements for the 'front door'",
        improvements=(
            "Management oversight and timely progression of all contacts",
            "The analysis of children's experiences and management challenge",
        ),
    ),
    Golden(
        # "lead inspector Sophie Wales and team inspectors Sally Sinclair and Mark Scanlon".
        name="80563/2026-01-27",
        authority="Stockton-on-Tees",
        letter_date=date(2026, 1, 27),
        kind=FOCUSED,
        start=date(2025, 12, 9),
        end=date(2025, 12, 10),
        inspectors=("Sophie Wales", "Sally Sinclair", "Mark Scanlon"),
        lead="Sophie Wales",
        theme="the local authority's practice once a decision has been made to enter child "
        "protection enquiries and practice for children in need and those subject to a child "
        "protection plan",
        improvements=(
            "The quality of supervision to ensure it is sufficiently reflective",
            "The identification and response to neglect.",
        ),
        whole={
            ("improvements", 1): "The identification and response to neglect. (outcome 3, "
            "national framework)",
        },
    ),
    Golden(
        name="80553/2026-01-12",
        authority="Slough Borough Council",
        letter_date=date(2026, 1, 12),
        kind=FOCUSED,
        start=date(2025, 11, 19),
        end=date(2025, 11, 20),
        inspectors=("Christine Kennet", "David Cohen", "Penny Ademuyiwa"),
        theme="the local authority's arrangements for care leavers aged 18 to 25 years, in "
        "particular care leavers with specific needs, care leavers at risk of specific types of "
        "harm, staying close and in touch",
        priority=("Keeping in touch with and supporting care leavers over the age of 18",),
        improvements=(
            "Management oversight, including the supervision of staff.",
            "Performance management and quality assurance arrangements.",
            "The consistency of planning for care leavers.",
            "How manageable workers' caseloads are",
        ),
    ),
)


@pytest.fixture(scope="module")
def records() -> dict[str, LetterRecord]:
    """Every golden letter, read once."""
    return {golden.name: read_letter(letter_path(golden.name)) for golden in GOLDEN}


def test_the_golden_letters_span_the_years() -> None:
    years = {golden.name.split("/")[1][:4] for golden in GOLDEN}
    assert years == {str(year) for year in range(2018, 2027)}
    assert len(GOLDEN) >= 30
    assert len({golden.name for golden in GOLDEN}) == len(GOLDEN)
    assert sum(golden.kind is COVID for golden in GOLDEN) >= 10


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda golden: golden.name)
def test_golden_letter(records: dict[str, LetterRecord], golden: Golden) -> None:
    record = records[golden.name]
    assert record.authority == golden.authority
    assert record.letter_date == golden.letter_date
    assert record.kind is golden.kind
    assert (record.start, record.end) == (golden.start, golden.end)
    assert record.inspectors == golden.inspectors
    assert record.lead_inspector == golden.lead
    assert record.theme == golden.theme
    for section, expected in (
        ("priority", golden.priority),
        ("improvements", golden.improvements),
    ):
        items = record.priority_actions if section == "priority" else record.improvements
        assert len(items) == len(expected), (section, items)
        for item, opening in zip(items, expected, strict=True):
            assert item.startswith(opening), (section, item, opening)
    for (section, index), text in golden.whole.items():
        items = record.priority_actions if section == "priority" else record.improvements
        assert items[index] == text


@pytest.mark.parametrize("golden", GOLDEN, ids=lambda golden: golden.name)
def test_golden_letter_as_a_visit(records: dict[str, LetterRecord], golden: Golden) -> None:
    """Each golden letter makes a valid visit, dated by the letter or else by the manifest."""
    record = records[golden.name]
    urn, published = golden.name.split("/")
    visit = record.to_visit(
        int(urn),
        url=f"https://example.org/visits/{golden.name}.pdf",
        title="Focused visit",
        published=None if record.letter_date else date.fromisoformat(published),
    )
    assert visit.authority_key == urn
    assert visit.letter_date == (golden.letter_date or date.fromisoformat(published))
    assert visit.id == f"{urn}-visit-{golden.start.isoformat()}"
    assert visit.known_from == visit.letter_date
    assert visit.source.sha256 == record.sha256
    assert not visit.graded
