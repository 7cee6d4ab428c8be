"""The package's import graph, its layers, and the checks that keep the flow one way.

``python tools/import_graph.py`` prints each layer with the modules in it and what each
imports at run time, then every violation; it exits 1 when there is one. The suite runs the
same checks (``tests/test_architecture.py``).

Every ``import`` and ``from ... import`` statement counts, at module level or inside a
function, except those under ``if TYPE_CHECKING:``, which never run. Two rules:

1. no cycle among the package's modules;
2. a module imports only modules of its own layer or of a lower one (:data:`LAYERS`).

A package's ``__init__`` counts as a module of its own; importing ``a.b`` also imports
``a`` (its ``__init__``), which the graph records only when ``a/__init__.py`` imports
something itself would not be imported otherwise.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs

#: The layers, bottom first. A module belongs to the first entry that names it or a
#: package holding it; the aliases kept for earlier import paths sit in the layer of the
#: module they name.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("_version", "_release", "errors", "_util")),
    ("domain", ("grades", "frameworks", "models", "groups")),
    (
        "io and sources",
        ("io", "sources", "convert", "datapackage", "userdata", "ofsted", "reports"),
    ),
    (
        "queries",
        (
            "queries",
            "visit_queries",
            "grade_counts",
            "grade_transitions",
            "tabular",
            "integrity",
            "completeness",
            "coverage",
        ),
    ),
    ("exports", ("exports", "formats", "frames", "charts")),
    ("dataset", ("dataset",)),
    # The alias ofsted_ratings.official also names merge.match_inspection, moved there.
    ("pipeline", ("merge", "update", "official")),
    ("edges", ("cli", "testing", "__main__", "__init__")),
)


@attrs.frozen
class Import:
    """One run-time import of a package module by another."""

    source: str
    target: str
    line: int
    in_function: bool


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1] or ["__init__"]
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _statements(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Import statements that run, with whether each sits inside a function."""

    def walk(
        node: ast.AST, in_function: bool
    ) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for other in child.orelse:
                    yield from walk(other, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                yield child, in_function
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            yield from walk(child, inner)

    yield from walk(tree, False)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = [] if module == "__init__" else module.split(".")
    package = parts if is_package else parts[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _targets(name: str, package: str, modules: set[str]) -> Iterator[str]:
    """The package modules an import of ``name`` (a dotted name under ``package``) runs."""
    if name != package and not name.startswith(package + "."):
        return
    inner = name[len(package) + 1 :] if name != package else "__init__"
    if inner in modules:
        yield inner


def _names(
    module: str, is_package: bool, node: ast.Import | ast.ImportFrom, package: str, known: set[str]
) -> list[str]:
    """The dotted names an import statement runs.

    ``from X import a`` runs ``X`` and, when ``a`` is a module, ``X.a``; when every name
    imported is a module, ``X`` is only their package, imported anyway, and is left out.
    """
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = _resolve(module, is_package, node)
    prefix = base if node.level == 0 else f"{package}.{base}".rstrip(".")
    submodules = [f"{prefix}.{alias.name}" for alias in node.names]
    inner = [s[len(package) + 1 :] for s in submodules if s.startswith(package + ".")]
    if inner and len(inner) == len(submodules) and all(s in known for s in inner):
        return submodules
    return [prefix, *submodules]


def imports(root: Path, package: str = "ofsted_ratings") -> tuple[list[str], list[Import]]:
    """Every module under ``root`` (the package folder) and every run-time import among them."""
    paths = sorted(p for p in root.rglob("*.py") if "data" not in p.relative_to(root).parts)
    modules = {_module_name(root, p): p for p in paths}
    found: list[Import] = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node, in_function in _statements(tree):
            for name in _names(module, is_package, node, package, set(modules)):
                for target in _targets(name, package, set(modules)):
                    if target != module:
                        found.append(Import(module, target, node.lineno, in_function))
    return sorted(modules), found


def layer_of(module: str, layers: Sequence[tuple[str, tuple[str, ...]]] = LAYERS) -> int:
    """The index of the layer ``module`` (a name inside the package) belongs to."""
    head = module.split(".")[0]
    for index, (_, members) in enumerate(layers):
        if module in members or head in members:
            return index
    raise LookupError(f"module {module!r} is in no layer: add it to LAYERS")


def cycles(edges: Iterable[Import]) -> list[list[str]]:
    """The strongly connected groups of two or more modules (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, set()).add(edge.target)
        graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def upward(
    edges: Iterable[Import], layers: Sequence[tuple[str, tuple[str, ...]]] = LAYERS
) -> list[Import]:
    """The imports that go from a lower layer to a higher one."""
    return [e for e in edges if layer_of(e.target, layers) > layer_of(e.source, layers)]


def describe(modules: Sequence[str], edges: Sequence[Import]) -> str:
    """The layers, top first, each module with the package modules it imports at run time."""
    targets: Mapping[str, set[str]] = {
        m: {e.target for e in edges if e.source == m} for m in modules
    }
    lines = []
    for number in reversed(range(len(LAYERS))):
        name = LAYERS[number][0]
        members = [m for m in modules if layer_of(m) == number]
        lines.append(f"{number} {name}:")
        for module in members:
            used = ", ".join(sorted(targets[module])) or "-"
            lines.append(f"    {module} -> {used}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Print the layered graph and every violation; 1 if there is any."""
    parser = argparse.ArgumentParser(prog="python tools/import_graph.py", description=__doc__)
    default = Path(__file__).resolve().parents[1] / "src" / "ofsted_ratings"
    parser.add_argument("root", nargs="?", type=Path, default=default)
    args = parser.parse_args(argv)
    modules, edges = imports(args.root)
    sys.stdout.write(describe(modules, edges))
    problems = [f"cycle: {' <-> '.join(group)}" for group in cycles(edges)]
    problems += [f"upward: {e.source} (line {e.line}) imports {e.target}" for e in upward(edges)]
    for problem in problems:
        sys.stdout.write(problem + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
