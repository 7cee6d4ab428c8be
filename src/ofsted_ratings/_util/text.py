"""Text normalising for matching: one place for how labels and names are compared.

>>> squash("Requires\\u00a0improvement \\n to be good")
'Requires improvement to be good'
>>> fold("  The  LOCAL authority ")
'the local authority'
>>> name_key("Bournemouth, Christchurch & Poole")
'bournemouth christchurch and poole'
"""

from __future__ import annotations

import re

__all__ = ["fold", "name_key", "squash"]

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def squash(text: str, strip: str | None = None) -> str:
    """``text`` with every run of white space (no-break spaces too) as one space.

    Leading and trailing white space goes, and so do the characters in ``strip``.
    """
    squashed = _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()
    return squashed if strip is None else squashed.strip(strip)


def fold(text: str, strip: str | None = None) -> str:
    """:func:`squash`, then case-folded: the key for comparing labels."""
    return squash(text, strip).casefold()


def name_key(name: str) -> str:
    """A name reduced for matching: lower case, '&' as 'and', apostrophes dropped,
    other punctuation as spaces."""
    text = name.lower().replace("&", " and ").replace("’", "").replace("'", "")
    return " ".join(_NON_WORD.split(text)).strip()
