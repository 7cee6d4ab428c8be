"""The README's Python example runs as pasted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_python_example_runs_as_pasted() -> None:
    if not README.is_file():
        pytest.skip("README.md is not beside the tests")
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## In Python") :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    namespace: dict[str, object] = {}
    exec(compile(match.group(1), str(README), "exec"), namespace)
    assert "ds" in namespace
