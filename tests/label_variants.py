"""Rewordings of judgement labels for the property tests of the report reader.

A variant keeps a label's meaning: it drops or adds words that carry none, reflows it over
lines, changes its case, quotes it or adds punctuation. :func:`without_concept` does the
opposite: it takes out every word that expresses one of the label's key concepts.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from hypothesis import strategies as st

from ofsted_ratings.sources.reports import _parse
from ofsted_ratings.sources.reports._labels import CONCEPTS, Concept, LabelMap, key_words, words

#: The reader's tables by the name the tests give them.
TABLES: dict[str, LabelMap] = {
    "ilacs": _parse._ILACS_TABLE.labels,
    "sif": _parse._SIF_TABLE.labels,
    "lac": _parse._LAC_TABLE.labels,
}

#: Every distinct label of a judgement table in the corpus, as the reader reads it (white
#: space squashed), with its table and area.
REAL_LABELS: dict[tuple[str, str], str] = {
    ("ilacs", "Overall effectiveness"): "overall_effectiveness",
    (
        "ilacs",
        "The impact of leaders on social work practice with children and families",
    ): "impact_of_leaders",
    (
        "ilacs",
        "The experiences and progress of children who need help and protection",
    ): "help_and_protection",
    (
        "ilacs",
        "The experiences and progress of children in care and care leavers",
    ): "children_in_care_and_care_leavers",
    ("ilacs", "The experiences and progress of children in care"): "children_in_care",
    ("ilacs", "The experiences and progress of care leavers"): "care_leavers",
    ("ilacs", "The experiences and progress of children care leavers"): "care_leavers",
    ("sif", "Children who need help and protection"): "help_and_protection",
    ("sif", "Children looked after and achieving permanence"): "looked_after_and_permanence",
    ("sif", "Adoption performance"): "adoption_performance",
    ("sif", "Experiences and progress of care leavers"): "care_leavers",
    ("sif", "Experiences and progress of Care Leavers"): "care_leavers",
    ("sif", "Leadership, management and governance"): "leadership_management_governance",
    ("lac", "Overall effectiveness"): "overall_effectiveness",
    ("lac", "Capacity to improve"): "capacity_to_improve",
    ("lac", "Outcomes for looked after children and young people"): "looked_after_outcomes",
    ("lac", "Quality of provision"): "quality_of_provision",
    ("lac", "Leadership and management"): "leadership_and_management",
}
#: A label that ends a table rather than being read in it: the LSCB's grade after the SIF
#: list of 2014 (it is read on its own).
ENDING_LABELS: dict[tuple[str, str], str] = {
    ("sif", "The effectiveness of the Local Safeguarding Children Board (LSCB)"): "lscb",
}

#: Words that carry no meaning for the mapping (none is a key word, a grade or a verb).
FILLERS = (
    "the",
    "of",
    "all",
    "young",
    "people",
    "local",
    "their",
    "social",
    "work",
    "with",
    "for",
    "families",
    "our",
    "council's",
)
_KEY_WORDS = key_words()
_QUOTES = (('"', '"'), ("'", "'"), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("(", ")"))


def _is_key(token: str) -> bool:
    return not _KEY_WORDS.isdisjoint(words(token))


@st.composite
def _drop(draw: st.DrawFn, tokens: list[str]) -> list[str]:
    optional = [index for index, token in enumerate(tokens) if not _is_key(token)]
    if not optional or len(tokens) < 2:
        return tokens
    index = draw(st.sampled_from(optional))
    return tokens[:index] + tokens[index + 1 :]


@st.composite
def _add(draw: st.DrawFn, tokens: list[str]) -> list[str]:
    index = draw(st.integers(min_value=0, max_value=len(tokens)))
    return [*tokens[:index], draw(st.sampled_from(FILLERS)), *tokens[index:]]


@st.composite
def _punctuate(draw: st.DrawFn, tokens: list[str]) -> list[str]:
    index = draw(st.integers(min_value=0, max_value=len(tokens) - 1))
    mark = draw(st.sampled_from([",", ";", " -", " &", ":"]))
    return [*tokens[:index], tokens[index] + mark, *tokens[index + 1 :]]


@st.composite
def _quote_word(draw: st.DrawFn, tokens: list[str]) -> list[str]:
    index = draw(st.integers(min_value=0, max_value=len(tokens) - 1))
    opening, closing = draw(st.sampled_from(_QUOTES))
    return [*tokens[:index], f"{opening}{tokens[index]}{closing}", *tokens[index + 1 :]]


def _cased(text: str, case: str) -> str:
    return {
        "upper": text.upper(),
        "lower": text.lower(),
        "title": text.title(),
        "sentence": text[:1].upper() + text[1:].lower(),
        "swap": text.swapcase(),
    }[case]


@st.composite
def variants(draw: st.DrawFn, label: str, *, in_report: bool = False) -> str:
    """A rewording of ``label`` with the same key concepts.

    ``in_report`` keeps what marks a table row in a report: the label starts with a capital
    letter and ends without a sentence.
    """
    tokens = label.split()
    adds = 0
    steps = draw(st.lists(st.sampled_from(["drop", "add", "punctuate", "quote"]), max_size=4))
    for step in steps:
        if step == "drop":
            tokens = draw(_drop(tokens))
        elif step == "add" and adds < 2:
            tokens = draw(_add(tokens))
            adds += 1
        elif step == "punctuate":
            tokens = draw(_punctuate(tokens))
        elif step == "quote":
            tokens = draw(_quote_word(tokens))
    separators = draw(
        st.lists(
            st.sampled_from([" ", "  ", "\n", " \n"]), min_size=len(tokens), max_size=len(tokens)
        )
    )
    text = "".join(
        token + separator for token, separator in zip(tokens, separators, strict=True)
    ).strip()
    case = draw(st.sampled_from(["upper", "lower", "title", "sentence", "swap", "none"]))
    if case != "none":
        text = _cased(text, case)
    if draw(st.booleans()):
        opening, closing = draw(st.sampled_from(_QUOTES[:4]))
        text = f"{opening}{text}{closing}"
    if in_report and text[:1].islower():
        text = text[:1].upper() + text[1:]
    return text + draw(st.sampled_from(["", ":", ".", " :"]))


def without_concept(label: str, concept: Concept) -> str:
    """``label`` (as words) with every phrasing of ``concept`` taken out."""
    label_words = words(label)
    for _ in range(len(label_words)):
        found = concept.spans(label_words)
        if not found:
            break
        start, end = found[0]
        label_words = label_words[:start] + label_words[end:]
    return " ".join(label_words)


def concepts_of(key: str) -> tuple[Concept, ...]:
    """The key concepts of the area ``key``."""
    return CONCEPTS[key]


#: A judgement table read: the text it was read from, its name and its rows (label, area).
TableRead = tuple[str, str, tuple[tuple[str, str], ...]]


@contextlib.contextmanager
def recording_tables() -> Iterator[list[TableRead]]:
    """Record every judgement table the reader reads while the block runs."""
    names = {id(_parse._ILACS_TABLE): "ilacs", id(_parse._SIF_TABLE): "sif"}
    names[id(_parse._LAC_TABLE)] = "lac"
    calls: list[TableRead] = []
    original = _parse._read_table

    def spy(text: str, table: _parse._Table, *, what: str) -> _parse._Rows:
        found = original(text, table, what=what)
        rows = tuple((row.label, row.key) for row in found.rows)
        calls.append((text, names[id(table)], rows))
        return found

    _parse._read_table = spy
    try:
        yield calls
    finally:
        _parse._read_table = original
