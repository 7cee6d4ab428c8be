"""Hypothesis strategies for property-testing code that consumes ofsted-ratings records.

Needs the ``testing`` extra (``pip install 'ofsted-ratings[testing]'``). Every strategy makes
records that pass the models' own checks: an inspection has only the areas its framework
judges, dates inside the framework's range with ``start <= end <= published``, and ungraded
visits carry no grades; a :class:`~ofsted_ratings.models.Visit` has its days on site before
its letter.

>>> from hypothesis import given
>>> @given(inspections())
... def test_dates_in_order(inspection):
...     assert inspection.start <= inspection.end <= inspection.published
>>> test_dates_in_order()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "ofsted_ratings.testing needs hypothesis: pip install 'ofsted-ratings[testing]'"
    ) from error

from .dataset import Dataset
from .frameworks import FRAMEWORKS, Framework, FrameworkId, InspectionKind
from .grades import Grade
from .models import (
    AuthorityType,
    Inspection,
    Judgement,
    LocalAuthority,
    OnsRegion,
    Region,
    Source,
    SourceKind,
    Visit,
    VisitKind,
)

__all__ = [
    "authorities",
    "authority_histories",
    "datasets",
    "frameworks",
    "grade_labels",
    "grades",
    "inspections",
    "sources",
    "visits",
]

# The latest date strategies use for frameworks still in force.
_HORIZON = date(2030, 12, 31)


def grades() -> st.SearchStrategy[Grade]:
    """Any of the four grades."""
    return st.sampled_from(list(Grade))


def grade_labels() -> st.SearchStrategy[tuple[Grade, str]]:
    """A grade with one of the ways a framework printed it, in any case and spacing."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Grade, str]:
        grade = draw(grades())
        framework = draw(frameworks())
        label = grade.label(framework)
        style = draw(st.sampled_from(["as is", "lower", "upper", "spaced", "broken"]))
        if style == "lower":
            label = label.lower()
        elif style == "upper":
            label = label.upper()
        elif style == "spaced":
            label = f"  {label}  "
        elif style == "broken":
            label = label.replace(" ", "\n", 1)
        return grade, label

    return build()


def frameworks() -> st.SearchStrategy[Framework]:
    """Any framework."""
    return st.sampled_from(list(FRAMEWORKS.values()))


def _days(start: date, end: date) -> st.SearchStrategy[date]:
    return st.dates(min_value=start, max_value=end)


def sources(*, kind: SourceKind | None = None) -> st.SearchStrategy[Source]:
    """A source: a report (with a sha256), the official statistics, or a cited document."""

    @st.composite
    def build(draw: st.DrawFn) -> Source:
        chosen = kind or draw(st.sampled_from(list(SourceKind)))
        number = draw(st.integers(min_value=1, max_value=99_999_999))
        sha = draw(st.binary(min_size=32, max_size=32)).hex()
        return Source(
            kind=chosen,
            url=f"https://files.ofsted.gov.uk/v1/file/{number}",
            title=draw(st.sampled_from(["Children's services inspection", "Cited article"])),
            sha256=sha if chosen is SourceKind.REPORT or draw(st.booleans()) else None,
            published=draw(st.none() | _days(date(2009, 1, 1), _HORIZON)),
        )

    return build()


def inspections(
    *,
    urn: int | st.SearchStrategy[int] | None = None,
    framework: Framework | FrameworkId | None = None,
    graded: bool | None = None,
    authority_key: str | None = None,
) -> st.SearchStrategy[Inspection]:
    """An inspection consistent with its framework.

    The inspected authority is ``authority_key`` if given, else the URN ``urn`` (a number
    or a strategy for one), else a URN drawn at random.

    ``graded=True`` gives only graded inspections, ``False`` only ungraded visits (and so
    only frameworks that have them). A ``framework`` with no kind of inspection of the sort
    asked for raises :class:`hypothesis.errors.InvalidArgument`.
    """
    if framework is None:
        choices = [f for f in FRAMEWORKS.values() if _kinds(f, graded)]
    else:
        choices = [_framework(framework)]
        if not _kinds(choices[0], graded):
            sort = "graded" if graded else "ungraded"
            raise InvalidArgument(f"{choices[0].name} has no {sort} kind of inspection")

    @st.composite
    def build(draw: st.DrawFn) -> Inspection:
        chosen = draw(st.sampled_from(choices))
        kind: InspectionKind = draw(st.sampled_from(_kinds(chosen, graded)))
        last_start = chosen.end or _HORIZON
        start = draw(_days(chosen.start, last_start))
        end = start + timedelta(days=draw(st.integers(min_value=0, max_value=25)))
        published = end + timedelta(days=draw(st.integers(min_value=0, max_value=120)))
        judgements = _judgements(draw, chosen, kind)
        return Inspection(
            authority_key=authority_key if authority_key is not None else _urn(draw, urn),
            framework=chosen.id,
            kind=draw(st.sampled_from([kind, None])) if kind.graded else kind,
            start=start,
            end=end,
            published=published,
            judgements=tuple(judgements),
            lead_inspector=draw(st.none() | st.sampled_from(["A Inspector", "B Smith"])),
            source=draw(sources(kind=SourceKind.REPORT)),
        )

    return build()


def _kinds(framework: Framework, graded: bool | None) -> list[InspectionKind]:
    """The kinds of ``framework``'s inspections that are graded (or not) as asked."""
    return [k for k in framework.kinds if graded is None or k.graded == graded]


def _judgements(draw: st.DrawFn, framework: Framework, kind: InspectionKind) -> list[Judgement]:
    """Grades for some of ``framework``'s areas; the board's alone for an LSCB review, none
    for an ungraded visit."""
    if kind is InspectionKind.LSCB_REVIEW:
        return [Judgement("lscb", draw(grades()))]
    if not kind.graded:
        return []
    areas = draw(
        st.lists(
            st.sampled_from(framework.area_keys),
            min_size=1,
            unique=True,
            max_size=len(framework.area_keys),
        )
    )
    return [Judgement(area, draw(grades())) for area in areas]


def _urn(draw: st.DrawFn, urn: int | st.SearchStrategy[int] | None) -> int:
    if isinstance(urn, int):
        return urn
    if urn is not None:
        return draw(urn)
    return draw(st.integers(min_value=1, max_value=9_999_999))


def _framework(value: Framework | FrameworkId) -> Framework:
    return value if isinstance(value, Framework) else FRAMEWORKS[value]


#: Visit themes as Ofsted's official statistics name them.
_THEMES = (
    "Children in need/subject to a plan",
    "Care leavers",
    "Children in care",
    "Front door",
    "Achieving permanence",
    "Vulnerable adolescents",
)
_FOCUSED_FROM = FRAMEWORKS[FrameworkId.ILACS_2018].start
_MONITORING_FROM = date(2014, 1, 1)


def _words() -> st.SearchStrategy[str]:
    """Trimmed text such as a letter's sentences: any letters, digits, punctuation (quotes,
    ``;``, ``|``, commas) and spaces."""
    return (
        st.text(
            alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
            min_size=1,
            max_size=60,
        )
        .map(str.strip)
        .filter(bool)
    )


def _names() -> st.SearchStrategy[str]:
    """An inspector's name: words of letters, hyphens and apostrophes (never a ``;``)."""
    word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéABCDEFGHIJKLMNOPRSTW'-", min_size=1)
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


def visits(
    *,
    authority_key: str | None = None,
    urn: int | st.SearchStrategy[int] | None = None,
    kind: VisitKind | None = None,
) -> st.SearchStrategy[Visit]:
    """A visit to the authority keyed ``authority_key`` (else with the URN ``urn``, else a
    URN drawn at random): one reported by its letter (days on site, the letter's date, the
    inspectors, a theme and the letter's items, whose words may hold any punctuation), or
    one known only from Ofsted's official statistics (its first day and theme).

    >>> from hypothesis import given
    >>> @given(visits())
    ... def test_letters_follow_visits(visit):
    ...     assert visit.letter_date is None or visit.end <= visit.letter_date
    >>> test_letters_follow_visits()
    """

    @st.composite
    def build(draw: st.DrawFn) -> Visit:
        chosen = kind or draw(st.sampled_from(list(VisitKind)))
        first = _FOCUSED_FROM if chosen.focused else _MONITORING_FROM
        start = draw(_days(first, _HORIZON))
        key = authority_key if authority_key is not None else _urn(draw, urn)
        if draw(st.booleans()):
            return _official_visit(draw, key, chosen, start)
        end = start + timedelta(days=draw(st.integers(min_value=0, max_value=6)))
        letter = end + timedelta(days=draw(st.integers(min_value=0, max_value=120)))
        inspectors = draw(st.lists(_names(), min_size=1, max_size=3, unique=True))
        source = draw(sources(kind=SourceKind.REPORT))
        listed = letter + timedelta(days=draw(st.integers(min_value=-5, max_value=5)))
        return Visit(
            authority_key=key,
            kind=chosen,
            start=start,
            end=end,
            letter_date=letter,
            inspectors=tuple(inspectors),
            lead_inspector=draw(st.sampled_from([None, inspectors[0]])),
            theme=draw(_words()),
            priority_actions=tuple(draw(st.lists(_words(), max_size=3))),
            improvements=tuple(draw(st.lists(_words(), max_size=4))),
            source=attrs.evolve(source, published=letter, listed=listed),
        )

    return build()


def _official_visit(draw: st.DrawFn, key: str | int, kind: VisitKind, start: date) -> Visit:
    """A visit as only an official file lists it: no end, letter or inspectors."""
    published = start + timedelta(days=draw(st.integers(min_value=20, max_value=500)))
    listed = draw(st.none() | st.just(start + timedelta(days=30)))
    return Visit(
        authority_key=key,
        kind=kind,
        start=start,
        end=None,
        letter_date=None,
        theme=draw(st.sampled_from(_THEMES)),
        source=Source(
            kind=SourceKind.OFFICIAL_STATISTICS,
            url="https://www.gov.uk/government/collections/childrens-social-care-statistics",
            title="Local authority inspection outcomes as at 31 March 2025",
            sha256=draw(st.binary(min_size=32, max_size=32)).hex(),
            published=published,
            listed=listed,
            publisher="Ofsted",
        ),
    )


def authorities(*, urn: int | None = None) -> st.SearchStrategy[LocalAuthority]:
    """A local authority with plausible identifiers, keyed by ``urn`` if given."""

    @st.composite
    def build(draw: st.DrawFn) -> LocalAuthority:
        code = draw(st.integers(min_value=200, max_value=999))
        name = draw(
            st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=20)
            .map(lambda s: " ".join(s.split()).title())
            .filter(bool)
        )
        return LocalAuthority(
            urn=urn if urn is not None else draw(st.integers(min_value=1, max_value=9_999_999)),
            name=name,
            la_code=str(code),
            ons_code=f"E06{draw(st.integers(min_value=0, max_value=999_999)):06d}",
            region=draw(st.none() | st.sampled_from(list(Region))),
            ons_region=draw(st.none() | st.sampled_from(list(OnsRegion))),
            type=draw(st.none() | st.sampled_from(list(AuthorityType))),
        )

    return build()


def authority_histories(
    *, urn: int | None = None, min_size: int = 0, max_size: int = 8
) -> st.SearchStrategy[tuple[LocalAuthority, tuple[Inspection, ...]]]:
    """An authority and inspections of it with distinct publication dates, oldest first."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[LocalAuthority, tuple[Inspection, ...]]:
        authority = draw(authorities(urn=urn))
        items = draw(
            st.lists(
                inspections(authority_key=authority.key),
                min_size=min_size,
                max_size=max_size,
                unique_by=lambda i: i.known_from,
            )
        )
        return authority, tuple(sorted(items, key=lambda i: i.known_from))

    return build()


def datasets(
    *, max_authorities: int = 5, max_inspections: int = 8, max_visits: int = 3
) -> st.SearchStrategy[Dataset]:
    """A small dataset of authorities with distinct URNs, codes and names, their histories
    and some visits to them (see :func:`visits`).

    Now and then an authority has no URN, and is keyed by its LA code, as Dorset County
    Council is in the bundled data.
    """

    @st.composite
    def build(draw: st.DrawFn) -> Dataset:
        count = draw(st.integers(min_value=1, max_value=max_authorities))
        urns: Sequence[int] = draw(
            st.lists(
                st.integers(min_value=1, max_value=9_999_999),
                min_size=count,
                max_size=count,
                unique=True,
            )
        )
        authorities_: list[LocalAuthority] = []
        history: list[Inspection] = []
        visited: list[Visit] = []
        for number, urn in enumerate(urns):
            drawn = draw(authorities(urn=urn))
            authority = LocalAuthority(
                urn=None if draw(st.integers(min_value=0, max_value=9)) == 0 else urn,
                name=f"{drawn.name} {number}",
                la_code=f"{200 + number:03d}",
                ons_code=f"E06{number:06d}",
                region=drawn.region,
                ons_region=drawn.ons_region,
                type=drawn.type,
            )
            items = draw(
                st.lists(
                    inspections(authority_key=authority.key),
                    max_size=max_inspections,
                    unique_by=lambda i: i.known_from,
                )
            )
            authorities_.append(authority)
            history.extend(items)
            visited.extend(
                draw(
                    st.lists(
                        visits(authority_key=authority.key),
                        max_size=max_visits,
                        unique_by=lambda v: v.id,
                    )
                )
            )
        return Dataset(
            authorities=authorities_, inspections=history, visits=visited, origin="hypothesis"
        )

    return build()
