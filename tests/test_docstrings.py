"""Every example in the package's docstrings runs and gives what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import ofsted_ratings

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(ofsted_ratings.__path__, "ofsted_ratings.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", ["ofsted_ratings", *MODULES])
def test_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
