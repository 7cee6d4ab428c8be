"""Judgement labels to areas by the words that carry their meaning.

A report's judgement table names each area in words that Ofsted rewords from time to time:
"The experiences and progress of children in care" was "... of children in care and care
leavers" before 2023, and a label may gain or lose a word, be reflowed, re-cased or quoted.
So an area is recognised by its *concepts*, not by a fixed wording: each concept is one idea
the label must express, in any of a few phrasings. A label fits an area when it expresses
every concept of the area; of the areas it fits, one whose concepts are a subset of
another's gives way ("children in care and care leavers" fits both the 2018 combined area
and the 2023 "children in care", and is the combined one).

>>> labels = LabelMap(["impact_of_leaders", "help_and_protection", "children_in_care"])
>>> labels.area('The impact of "leaders" on social work practice')
'impact_of_leaders'
>>> labels.area("The experiences and progress of children\\nwho need help and protection")
'help_and_protection'
>>> labels.area("Experiences of CHILDREN IN LOCAL AUTHORITY CARE")
'children_in_care'
>>> labels.area("The experiences and progress of children") is None
True

Words are compared in lower case, without punctuation, a final plural "s" dropped; the words
of a phrase come in order, each at most two words after the one before.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

__all__ = ["CONCEPTS", "Concept", "LabelMap", "key_words", "words"]

_WORD = re.compile(r"[a-z0-9]+")
#: How many other words may stand between two words of one phrase.
_GAP = 2


def _stem(word: str) -> str:
    """``word`` without a plural "s" ("leaders" and "leader" are one word)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as they are compared: lower case, no punctuation, no plural "s".

    >>> words("The experiences and progress of care-leavers’")
    ('the', 'experience', 'and', 'progress', 'of', 'care', 'leaver')
    """
    return tuple(_stem(word) for word in _WORD.findall(text.lower()))


def _phrase_pattern(phrase: str) -> str:
    parts = [re.escape(word) for word in words(phrase)]
    return rf"(?:\S+ ){{0,{_GAP}}}".join(rf"{part} " for part in parts)


@attrs.frozen
class Concept:
    """An idea a label must express: any one of ``phrases``.

    >>> Concept("in care", ("in care", "looked after")).found(words("children looked after"))
    True
    """

    name: str
    phrases: tuple[str, ...]
    _regex: re.Pattern[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        alternatives = "|".join(_phrase_pattern(phrase) for phrase in self.phrases)
        object.__setattr__(self, "_regex", re.compile(rf"(?<!\S)(?:{alternatives})"))

    def found(self, label_words: Iterable[str]) -> bool:
        """Whether the words of a label express this concept."""
        return self.found_in(" ".join(label_words) + " ")

    def found_in(self, joined: str) -> bool:
        """:meth:`found` for words joined as ``"word word "`` (each followed by a space)."""
        return self._regex.search(joined) is not None

    def spans(self, label_words: tuple[str, ...]) -> list[tuple[int, int]]:
        """The word ranges ``[start, end)`` of each phrasing of the concept in ``label_words``."""
        text = " ".join(label_words) + " "
        found = []
        for match in self._regex.finditer(text):
            start = text.count(" ", 0, match.start())
            found.append((start, start + match.group(0).count(" ")))
        return found


_OVERALL = Concept("overall", ("overall",))
_EFFECTIVENESS = Concept("effectiveness", ("effectiveness", "effective"))
_LEADERS = Concept("leaders", ("leaders", "leadership"))
_HELP = Concept("help", ("help", "helped"))
_PROTECTION = Concept("protection", ("protection", "protect", "protected"))
_IN_CARE = Concept("in care", ("in care", "looked after"))
_CARE_LEAVERS = Concept("care leavers", ("care leavers", "leaving care", "left care"))
_PERMANENCE = Concept("permanence", ("permanence", "permanency"))
_ADOPTION = Concept("adoption", ("adoption", "adopted"))
_MANAGEMENT = Concept("management", ("management", "managers"))
_GOVERNANCE = Concept("governance", ("governance",))
_LSCB = Concept("LSCB", ("LSCB", "safeguarding children board", "safeguarding board"))

#: The concepts of each judgement area read from reports, by area key. An area key means one
#: thing in every framework that has it, so its concepts hold for all of them.
CONCEPTS: Mapping[str, tuple[Concept, ...]] = MappingProxyType(
    {
        "overall_effectiveness": (_OVERALL, _EFFECTIVENESS),
        # ILACS
        "impact_of_leaders": (_LEADERS,),
        "help_and_protection": (_HELP, _PROTECTION),
        "children_in_care_and_care_leavers": (_IN_CARE, _CARE_LEAVERS),
        "children_in_care": (_IN_CARE,),
        "care_leavers": (_CARE_LEAVERS,),
        # SIF
        "looked_after_and_permanence": (_IN_CARE, _PERMANENCE),
        "adoption_performance": (_ADOPTION,),
        "leadership_management_governance": (_LEADERS, _MANAGEMENT, _GOVERNANCE),
        "lscb": (_LSCB,),
        # The 2013 inspections of looked after children services
        "capacity_to_improve": (
            Concept("capacity", ("capacity",)),
            Concept("improve", ("improve", "improvement")),
        ),
        "looked_after_outcomes": (Concept("outcomes", ("outcomes",)),),
        "quality_of_provision": (
            Concept("quality", ("quality",)),
            Concept("provision", ("provision",)),
        ),
        "leadership_and_management": (_LEADERS, _MANAGEMENT),
    }
)


def key_words() -> frozenset[str]:
    """Every word of every concept's phrasings (as :func:`words` gives them).

    A word outside this set carries no meaning for the mapping: adding or dropping it never
    changes the area of a label.
    """
    return frozenset(
        word
        for concepts in CONCEPTS.values()
        for concept in concepts
        for phrase in concept.phrases
        for word in words(phrase)
    )


class LabelMap:
    """Labels to the areas ``keys`` (those of one judgement table), by concept."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = tuple(dict.fromkeys(keys))
        unknown = [key for key in self.keys if key not in CONCEPTS]
        if unknown:
            raise ValueError(f"no concepts for the areas {', '.join(unknown)}")

    def fits(self, label: str) -> list[str]:
        """The areas ``label`` fits, less those that give way to a more specific one."""
        return list(_fits(self.keys, label))

    def area(self, label: str) -> str | None:
        """The one area ``label`` fits, ``None`` if none; :class:`ValueError` if several."""
        fitting = self.fits(label)
        if len(fitting) > 1:
            raise ValueError(f"the label {label!r} fits {' and '.join(fitting)}")
        return fitting[0] if fitting else None


@functools.lru_cache(maxsize=4096)
def _fits(keys: tuple[str, ...], label: str) -> tuple[str, ...]:
    joined = " ".join(words(label)) + " "
    fitting = [key for key in keys if all(concept.found_in(joined) for concept in CONCEPTS[key])]
    return tuple(
        key
        for key in fitting
        if not any(set(CONCEPTS[key]) < set(CONCEPTS[other]) for other in fitting if other != key)
    )
