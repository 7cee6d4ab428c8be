"""Ofsted's four-point grade scale.

Ofsted numbers its grades 1 (outstanding) to 4 (inadequate). Grade 3 was called "adequate"
until 2013 and "requires improvement" (to be good) since; it is one grade under two names, and
:meth:`Grade.label` prints it the way the framework in question printed it.

Grades compare as people read them: a better grade is greater.

>>> Grade.OUTSTANDING > Grade.GOOD > Grade.REQUIRES_IMPROVEMENT > Grade.INADEQUATE
True
>>> Grade.parse("Requires improvement to be good")
<Grade.REQUIRES_IMPROVEMENT: 'requires improvement'>
>>> Grade.parse("ADEQUATE").number
3

Grades and text
---------------
A grade is not text. As for any :class:`enum.Enum`, a grade never equals a string, and
ordering a grade against a string raises :class:`TypeError` with advice, rather than
guessing:

>>> Grade.GOOD == "good"
False
>>> Grade.OUTSTANDING >= "good"
Traceback (most recent call last):
...
TypeError: a Grade compares only with a Grade, not with text 'good': use Grade.parse('good')

Ordering by parsing the text would make ``grade >= "good"`` and ``grade <= "good"`` both true
while ``grade == "good"`` stays false (equality cannot parse: grades are dictionary keys, and
a grade's hash is not its text's), so the text is refused instead. Compare with a parsed
grade, or with the grade's words:

>>> Grade.OUTSTANDING >= Grade.parse("good"), Grade.GOOD.value == "good"
(True, True)

Every function of the library that takes a grade also takes its name as text and parses it
(``ds.streaks("outstanding", 3)``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from typing import Protocol

from .errors import GradeError

__all__ = ["Grade", "GradeWording"]

_SPACES = re.compile(r"\s+")
# Characters that reports and spreadsheets put around a label: quotes, full stops, bullets.
_STRIP = " \t\r\n\"'‘’“”.:;*•◼-–—"


@enum.unique
class Grade(enum.Enum):
    """One of Ofsted's four grades; the value is the grade in lower-case words."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires improvement"
    INADEQUATE = "inadequate"

    @property
    def number(self) -> int:
        """Ofsted's number for the grade: 1 is outstanding, 4 inadequate.

        >>> Grade.GOOD.number
        2
        """
        return _NUMBERS[self]

    @classmethod
    def from_number(cls, number: int) -> Grade:
        """The grade Ofsted numbers ``number`` (1-4).

        >>> Grade.from_number(4)
        <Grade.INADEQUATE: 'inadequate'>
        """
        for grade, value in _NUMBERS.items():
            if value == number and not isinstance(number, bool):
                return grade
        raise GradeError(number)

    @classmethod
    def parse(cls, text: str) -> Grade:
        """Read a grade label as reports and official files print it.

        Case, surrounding quotes and punctuation, and runs of spaces or line breaks are
        ignored. Every wording Ofsted has used is accepted: "Requires improvement to be
        good", "requires improvement", "RI", "adequate" (the pre-2013 name of grade 3),
        "Grade 2 (good)", a bare number 1-4 and so on. Anything else raises
        :class:`~ofsted_ratings.errors.GradeError` naming the text.

        >>> Grade.parse("  Requires\\nimprovement to be good ")
        <Grade.REQUIRES_IMPROVEMENT: 'requires improvement'>
        >>> Grade.parse("Grade 4 (inadequate)")
        <Grade.INADEQUATE: 'inadequate'>
        >>> Grade.parse("Not yet inspected")
        Traceback (most recent call last):
        ...
        ofsted_ratings.errors.GradeError: not an Ofsted grade: 'Not yet inspected'
        """
        if not isinstance(text, str):
            raise GradeError(text)
        exact = _WORDS.get(text)
        if exact is not None:
            return exact
        key = _normalise(text)
        grade = _LABELS.get(key)
        if grade is not None:
            return grade
        match = _NUMBERED.fullmatch(key)
        if match:
            number = int(match.group(1))
            named = match.group(2)
            if named is None or _LABELS.get(_normalise(named)) is _BY_NUMBER.get(number):
                found = _BY_NUMBER.get(number)
                if found is not None:
                    return found
        raise GradeError(text)

    def label(self, framework: GradeWording | None = None) -> str:
        """The grade as ``framework`` printed it, or in lower-case words without one.

        >>> from ofsted_ratings.frameworks import FRAMEWORKS, FrameworkId
        >>> Grade.REQUIRES_IMPROVEMENT.label(FRAMEWORKS[FrameworkId.ILACS_2018])
        'Requires improvement to be good'
        >>> Grade.REQUIRES_IMPROVEMENT.label(FRAMEWORKS[FrameworkId.SLAC_2009])
        'Adequate'
        >>> Grade.REQUIRES_IMPROVEMENT.label()
        'requires improvement'
        """
        if framework is None:
            return self.value
        return framework.grade_labels[self]

    def word(self, framework: GradeWording | None = None) -> str:
        """The grade in lower-case words under ``framework``, as the data files write it.

        Both of Ofsted's spellings of grade 3 since 2013 give "requires improvement"; grade 3
        under the pre-2013 frameworks stays "adequate".

        >>> from ofsted_ratings.frameworks import FRAMEWORKS, FrameworkId
        >>> Grade.REQUIRES_IMPROVEMENT.word(FRAMEWORKS[FrameworkId.LAC_2013])
        'adequate'
        >>> Grade.REQUIRES_IMPROVEMENT.word(FRAMEWORKS[FrameworkId.ILACS_2023])
        'requires improvement'
        """
        if framework is not None and framework.uses_adequate and self is Grade.REQUIRES_IMPROVEMENT:
            return "adequate"
        return self.value

    def __str__(self) -> str:
        return self.value

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            _refuse_text(other)
            return NotImplemented
        return self.number > other.number

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            _refuse_text(other)
            return NotImplemented
        return self.number >= other.number

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            _refuse_text(other)
            return NotImplemented
        return self.number < other.number

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            _refuse_text(other)
            return NotImplemented
        return self.number <= other.number


def _refuse_text(other: object) -> None:
    """Raise, with advice, when a grade is ordered against text; anything else is left to
    Python (``NotImplemented``, then its own :class:`TypeError`)."""
    if isinstance(other, str):
        raise TypeError(
            f"a Grade compares only with a Grade, not with text {other!r}: "
            f"use Grade.parse({other!r})"
        )


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip(_STRIP).lower()


_NUMBERS: dict[Grade, int] = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.INADEQUATE: 4,
}
_BY_NUMBER: dict[int, Grade] = {number: grade for grade, number in _NUMBERS.items()}

# Every label seen in reports and official files, normalised by ``_normalise``.
_LABELS: dict[str, Grade] = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "require improvement": Grade.REQUIRES_IMPROVEMENT,
    "require improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement, to be good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to become good": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement, to become good": Grade.REQUIRES_IMPROVEMENT,
    "ri": Grade.REQUIRES_IMPROVEMENT,
    "ri, to become good": Grade.REQUIRES_IMPROVEMENT,
    "ri to become good": Grade.REQUIRES_IMPROVEMENT,
    "ri to be good": Grade.REQUIRES_IMPROVEMENT,
    "adequate": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}
# The words the data files write, looked up before any normalising.
_WORDS: dict[str, Grade] = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "adequate": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
}
_NUMBERED = re.compile(r"(?:grade )?([1-4])(?: ?\((.+)\))?")


class GradeWording(Protocol):
    """How a framework words its grades: a :class:`~ofsted_ratings.frameworks.Framework` is one.

    Grades need only this of a framework, so this module knows nothing of frameworks.
    """

    @property
    def grade_labels(self) -> Mapping[Grade, str]:
        """The label the framework prints for each grade."""

    @property
    def uses_adequate(self) -> bool:
        """Whether grade 3 was "adequate" (the frameworks before 2013)."""
