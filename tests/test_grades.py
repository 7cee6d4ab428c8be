"""The grade scale: order, numbers, parsing and printing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings import FRAMEWORKS, FrameworkId, Grade, GradeError
from ofsted_ratings.testing import grade_labels, grades


def test_numbers_follow_ofsted() -> None:
    assert [g.number for g in Grade] == [1, 2, 3, 4]
    assert [Grade.from_number(n) for n in (1, 2, 3, 4)] == list(Grade)


@pytest.mark.parametrize("number", [0, 5, -1, True])
def test_from_number_rejects(number: int) -> None:
    with pytest.raises(GradeError):
        Grade.from_number(number)


@given(grades(), grades())
def test_better_is_greater(a: Grade, b: Grade) -> None:
    assert (a > b) == (a.number < b.number)
    assert (a >= b) == (a.number <= b.number)
    assert (a < b) == (b > a)
    assert (a <= b) == (b >= a)
    assert sorted([a, b]) == sorted([b, a])


def test_comparison_with_other_types_is_refused() -> None:
    with pytest.raises(TypeError):
        _ = Grade.GOOD < 2


@given(grade_labels())
def test_every_label_of_every_framework_parses_back(pair: tuple[Grade, str]) -> None:
    grade, label = pair
    assert Grade.parse(label) is grade


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("GOOD", Grade.GOOD),
        ("Requires improvement to be good", Grade.REQUIRES_IMPROVEMENT),
        ("Requires\nimprovement to be\r\n good", Grade.REQUIRES_IMPROVEMENT),
        ("require improvement to be good", Grade.REQUIRES_IMPROVEMENT),
        ("Requires improvement", Grade.REQUIRES_IMPROVEMENT),
        ("RI, to become good", Grade.REQUIRES_IMPROVEMENT),
        ("Adequate", Grade.REQUIRES_IMPROVEMENT),
        ("‘inadequate’", Grade.INADEQUATE),
        ("Inadequate.", Grade.INADEQUATE),
        ("Grade 4 (inadequate)", Grade.INADEQUATE),
        ("Grade 1", Grade.OUTSTANDING),
        ("2", Grade.GOOD),
        ("good\u00a0", Grade.GOOD),
    ],
)
def test_real_labels(text: str, grade: Grade) -> None:
    assert Grade.parse(text) is grade


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Not yet inspected",
        "excellent",
        "goods",
        "Grade 2 (inadequate)",
        "5",
        "good good",
    ],
)
def test_unknown_labels_raise_naming_the_text(text: str) -> None:
    with pytest.raises(GradeError) as info:
        Grade.parse(text)
    assert repr(text) in str(info.value)
    assert info.value.text == text


def test_non_strings_raise_grade_error() -> None:
    with pytest.raises(GradeError):
        Grade.parse(3)  # type: ignore[arg-type]


@given(st.text())
def test_parse_only_ever_raises_grade_error(text: str) -> None:
    try:
        grade = Grade.parse(text)
    except GradeError:
        return
    assert isinstance(grade, Grade)


def test_labels_as_the_framework_printed_them() -> None:
    ri = Grade.REQUIRES_IMPROVEMENT
    assert ri.label(FRAMEWORKS[FrameworkId.SLAC_2009]) == "Adequate"
    assert ri.label(FRAMEWORKS[FrameworkId.LAC_2013]) == "Adequate"
    assert ri.label(FRAMEWORKS[FrameworkId.SIF]) == "Requires improvement"
    assert ri.label(FRAMEWORKS[FrameworkId.ILACS_2018]) == "Requires improvement to be good"
    assert ri.word(FRAMEWORKS[FrameworkId.SLAC_2009]) == "adequate"
    assert ri.word(FRAMEWORKS[FrameworkId.SIF]) == "requires improvement"
    assert ri.word() == str(ri) == "requires improvement"
    for framework in FRAMEWORKS.values():
        assert Grade.GOOD.label(framework) == "Good"


def test_a_grade_without_a_framework_prints_as_the_data_files_write_it() -> None:
    assert [g.label() for g in Grade] == [g.word() for g in Grade] == [str(g) for g in Grade]
    assert Grade.REQUIRES_IMPROVEMENT.label() == "requires improvement"


def test_errors_keep_what_was_not_a_grade() -> None:
    with pytest.raises(GradeError) as number:
        Grade.from_number(7)
    assert number.value.text == 7
    with pytest.raises(GradeError) as other:
        Grade.parse(3)  # type: ignore[arg-type]
    assert other.value.text == 3


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("requires\u00a0improvement", Grade.REQUIRES_IMPROVEMENT),
        ("\u00a0good\u00a0", Grade.GOOD),
        ("RI\u00a0to be\u00a0good", Grade.REQUIRES_IMPROVEMENT),
    ],
)
def test_non_breaking_spaces_are_spaces(text: str, grade: Grade) -> None:
    assert Grade.parse(text) is grade


# -- grades and text ----------------------------------------------------------------------


@given(grades(), st.sampled_from([g.value for g in Grade] + ["Good", "RI", "adequate"]))
def test_a_grade_is_never_equal_to_text(grade: Grade, text: str) -> None:
    assert grade != text  # type: ignore[comparison-overlap]
    assert text != grade  # type: ignore[comparison-overlap]
    assert (grade == Grade.parse(text)) is (grade is Grade.parse(text))
    found: dict[object, int] = {grade: 1}
    assert found.get(text) is None  # text never finds a grade in a dict


@pytest.mark.parametrize(
    "compare",
    [
        lambda g, t: g < t,
        lambda g, t: g <= t,
        lambda g, t: g > t,
        lambda g, t: g >= t,
        lambda g, t: t < g,
        lambda g, t: t >= g,
    ],
)
def test_ordering_a_grade_against_text_is_refused_with_advice(
    compare: Callable[[Grade, str], bool],
) -> None:
    with pytest.raises(TypeError, match=r"use Grade\.parse\('good'\)"):
        compare(Grade.OUTSTANDING, "good")


def test_ordering_a_grade_against_other_things_is_pythons_type_error() -> None:
    with pytest.raises(TypeError, match="not supported between instances of 'Grade' and 'int'"):
        assert Grade.GOOD < 2


@given(grades(), grades())
def test_ordering_with_parsed_text_is_ordering_of_grades(a: Grade, b: Grade) -> None:
    assert (a >= Grade.parse(b.value)) is (a >= b)
    assert (a < Grade.parse(b.value.upper())) is (a.number > b.number)
