"""The package's imports run one way: no cycles, and no layer imports a layer above it.

The checks (``tools/import_graph.py``) read every import statement, inside functions too,
and leave out only those under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ofsted_ratings

import_graph = pytest.importorskip("import_graph", reason="tools/ is not beside the tests")

PACKAGE = Path(ofsted_ratings.__file__).parent


def test_every_module_has_a_layer() -> None:
    modules, _ = import_graph.imports(PACKAGE)
    assert len(modules) > 40
    for module in modules:
        import_graph.layer_of(module)


def test_no_import_cycle() -> None:
    _, edges = import_graph.imports(PACKAGE)
    assert import_graph.cycles(edges) == []


def test_no_import_goes_up_the_layers() -> None:
    _, edges = import_graph.imports(PACKAGE)
    assert [f"{e.source}:{e.line} -> {e.target}" for e in import_graph.upward(edges)] == []


def test_the_dataset_imports_queries_and_not_the_reverse() -> None:
    _, edges = import_graph.imports(PACKAGE)
    pairs = {(e.source, e.target) for e in edges}
    assert ("dataset", "queries") in pairs
    assert not any(
        e.source in {"queries", "groups", "models"} and e.target == "dataset" for e in edges
    )


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    root.mkdir()
    for name, text in {"__init__.py": "", **files}.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "a.py": "from . import b\n",
            "b.py": "def f():\n    from .c import x\n    return x\n",
            "c.py": "from .a import y\n",
        },
    )
    _, edges = import_graph.imports(root, package="pkg")
    assert import_graph.cycles(edges) == [["a", "b", "c"]]
    assert [e.in_function for e in edges if e.source == "b"] == [True]


def test_imports_under_type_checking_do_not_count(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n",
            "b.py": "import pkg.a\n",
        },
    )
    _, edges = import_graph.imports(root, package="pkg")
    assert [(e.source, e.target) for e in edges] == [("b", "a")]
    assert import_graph.cycles(edges) == []


def test_a_planted_upward_import_and_cycle_are_found(tmp_path: Path) -> None:
    copy = tmp_path / "ofsted_ratings"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("data", "__pycache__"))
    grades = copy / "grades.py"
    grades.write_text(
        grades.read_text(encoding="utf-8")
        + "\n\ndef _planted() -> object:\n    from .dataset import load\n\n    return load\n",
        encoding="utf-8",
    )
    _, edges = import_graph.imports(copy)
    assert [(e.source, e.target, e.in_function) for e in import_graph.upward(edges)] == [
        ("grades", "dataset", True)
    ]
    assert any("grades" in group and "dataset" in group for group in import_graph.cycles(edges))


def test_the_command_prints_the_layers(capsys: pytest.CaptureFixture[str]) -> None:
    assert import_graph.main([str(PACKAGE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("7 edges:")
    assert "    dataset -> " in out
