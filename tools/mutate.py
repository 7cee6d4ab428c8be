"""Mutation testing of the domain and query rules, with nothing but the standard library.

``python tools/mutate.py [-j N] [-v] [--list] [--module M ...] [--tests T ...]`` run from the
repository checkout makes every mutant of the chosen modules (by default ``grades``,
``queries`` and ``frameworks``), runs the chosen tests against each (by default the fast
unit tests) with ``-x``, and prints each surviving mutant with its ``file:line`` and the
change, then the score per file. The exit status is 1 when a mutant that is not known to be
equivalent survives.

Operators, applied one at a time anywhere in a module (function bodies and module-level data
alike, but not in annotations or docstrings):

* comparisons: ``<`` to ``<=`` and ``>``; ``<=`` to ``<`` and ``>=``; likewise ``>`` and
  ``>=``; ``==``/``!=``, ``is``/``is not`` and ``in``/``not in`` swapped;
* ``and``/``or`` swapped; ``not x`` to ``x``;
* ``+``/``-`` swapped, in expressions and in ``+=``/``-=``;
* whole-number constants one up and one down; ``True``/``False`` swapped;
* ``continue``/``break`` swapped; ``return x`` to ``return None``.

The source files are never changed. The runner imports the test tools once, then forks one
child per mutant; the child installs an import hook that compiles the mutated tree in place
of the module's file, and runs pytest in-process. An interrupted run therefore leaves the
checkout as it was. Hypothesis runs derandomised (the same examples every run) with
``--examples`` examples per property, so a score is reproducible.

Some mutants cannot change behaviour (a check that another check already makes, say); those
are listed in ``EQUIVALENT`` with the reason, counted apart, and do not fail the run.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.abc
import importlib.machinery
import importlib.util
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "ofsted_ratings"
MODULES = ("grades", "queries", "frameworks")
TESTS = (
    "tests/test_rules.py",
    "tests/test_grades.py",
    "tests/test_queries.py",
    "tests/test_frameworks.py",
    "tests/test_models.py",
    "tests/test_dataset.py",
)

#: Mutants that cannot change behaviour, by (module, source line stripped, change): why.
EQUIVALENT: dict[tuple[str, str, str], str] = {}


@attrs.frozen
class Mutant:
    """One change to one module: where it is and what it does."""

    module: str
    index: int
    line: int
    source_line: str
    change: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.module, self.source_line, self.change)

    def __str__(self) -> str:
        return f"{self.module}.py:{self.line}: {self.change}"


# -- making mutants ------------------------------------------------------------------------------

_COMPARE_SWAPS: dict[type[ast.cmpop], tuple[type[ast.cmpop], ...]] = {
    ast.Lt: (ast.LtE, ast.Gt),
    ast.LtE: (ast.Lt, ast.GtE),
    ast.Gt: (ast.GtE, ast.Lt),
    ast.GtE: (ast.Gt, ast.LtE),
    ast.Eq: (ast.NotEq,),
    ast.NotEq: (ast.Eq,),
    ast.Is: (ast.IsNot,),
    ast.IsNot: (ast.Is,),
    ast.In: (ast.NotIn,),
    ast.NotIn: (ast.In,),
}
_BIN_SWAPS: dict[type[ast.operator], type[ast.operator]] = {ast.Add: ast.Sub, ast.Sub: ast.Add}


def _compare(node: ast.Compare) -> Iterator[ast.AST]:
    for position, op in enumerate(node.ops):
        for swap in _COMPARE_SWAPS.get(type(op), ()):
            new = copy.copy(node)
            new.ops = [*node.ops[:position], swap(), *node.ops[position + 1 :]]
            yield new


def _constant(node: ast.Constant) -> Iterator[ast.AST]:
    if isinstance(node.value, bool):
        yield ast.Constant(not node.value)
    elif isinstance(node.value, int):
        yield ast.Constant(node.value + 1)
        yield ast.Constant(node.value - 1)


def _replacements(node: ast.AST) -> Iterator[ast.AST]:
    """Every mutant of ``node`` itself (not of its children)."""
    if isinstance(node, ast.Compare):
        yield from _compare(node)
    elif isinstance(node, ast.BoolOp):
        yield ast.BoolOp(ast.Or() if isinstance(node.op, ast.And) else ast.And(), node.values)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield node.operand
    elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _BIN_SWAPS:
        new = copy.copy(node)
        new.op = _BIN_SWAPS[type(node.op)]()
        yield new
    elif isinstance(node, ast.Constant):
        yield from _constant(node)
    elif isinstance(node, ast.Continue):
        yield ast.Break()
    elif isinstance(node, ast.Break):
        yield ast.Continue()
    elif isinstance(node, ast.Return) and not _is_none(node.value):
        yield ast.Return(ast.Constant(None))


def _is_none(node: ast.expr | None) -> bool:
    return node is None or (isinstance(node, ast.Constant) and node.value is None)


def _skipped(parent: ast.AST, field: str, child: ast.AST) -> bool:
    """Annotations are never evaluated here; docstrings and ``TYPE_CHECKING`` are not code."""
    if field in ("annotation", "returns"):
        return True
    return isinstance(child, ast.Expr) and isinstance(child.value, ast.Constant)


Setter = Callable[[ast.AST], None]


def _slots(tree: ast.AST) -> Iterator[tuple[ast.AST, Setter]]:
    """Every node that may be mutated, with a function that puts a replacement in its place."""
    stack: list[ast.AST] = [tree]
    while stack:
        parent = stack.pop()
        if isinstance(parent, ast.If) and ast.unparse(parent.test) == "TYPE_CHECKING":
            continue
        found: list[ast.AST] = []
        for field, value in ast.iter_fields(parent):
            items = value if isinstance(value, list) else [value]
            for position, child in enumerate(items):
                if not isinstance(child, ast.AST) or _skipped(parent, field, child):
                    continue
                yield child, _setter(parent, field, position if value is items else None)
                found.append(child)
        stack.extend(reversed(found))


def _setter(parent: ast.AST, field: str, position: int | None) -> Setter:
    def put(new: ast.AST) -> None:
        if position is None:
            setattr(parent, field, new)
        else:
            getattr(parent, field)[position] = new

    return put


def _describe(old: ast.AST, new: ast.AST) -> str:
    def short(node: ast.AST) -> str:
        text = " ".join(ast.unparse(node).split())
        return text if len(text) <= 70 else text[:67] + "..."

    return f"`{short(old)}` -> `{short(new)}`"


def _mutations(source: str) -> Iterator[tuple[ast.Module, ast.AST, ast.AST, Setter]]:
    """(tree, old node, new node, setter) for every mutant, in a fixed order.

    The setter belongs to ``tree``: calling it with the new node yields the mutated module.
    Each mutant gets a fresh tree, so mutants never mix.
    """
    count = sum(1 for node, _ in _slots(ast.parse(source)) for _ in _replacements(node))
    for number in range(count):
        tree = ast.parse(source)
        seen = 0
        for node, put in _slots(tree):
            for new in _replacements(node):
                if seen == number:
                    yield tree, node, new, put
                    break
                seen += 1
            else:
                continue
            break


def mutants(module: str) -> list[tuple[Mutant, ast.Module]]:
    """Every mutant of ``module`` with the mutated tree, ready to compile."""
    path = ROOT / "src" / PACKAGE / f"{module}.py"
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found: list[tuple[Mutant, ast.Module]] = []
    for index, (tree, old, new, put) in enumerate(_mutations(source)):
        line = getattr(old, "lineno", 0)
        change = _describe(old, new)
        put(new)
        ast.fix_missing_locations(tree)
        mutant = Mutant(module, index, line, lines[line - 1].strip() if line else "", change)
        found.append((mutant, tree))
    return sorted(found, key=lambda pair: pair[0].line)


# -- running one mutant ----------------------------------------------------------------------------


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the mutated tree for one module; every other import goes the usual way."""

    def __init__(self, name: str, path: Path, tree: ast.Module) -> None:
        self.name, self.path, self.tree = name, path, tree

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.name:
            return None
        return importlib.util.spec_from_file_location(fullname, self.path, loader=self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        code = compile(self.tree, str(self.path), "exec", dont_inherit=True)
        exec(code, module.__dict__)  # noqa: S102 - the point: run the mutated module


class _ExamplesFirst:
    """Runs example tests before property tests, so most mutants die in the first second."""

    @pytest.hookimpl(trylast=True)  # after Hypothesis has marked its tests
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items.sort(key=lambda item: item.get_closest_marker("hypothesis") is not None)


def _child(job: tuple[Mutant, ast.Module] | None, tests: Sequence[str]) -> int:
    """In the forked child: install the hook, run pytest quietly, give its exit code."""
    if job is not None:
        mutant, tree = job
        path = ROOT / "src" / PACKAGE / f"{mutant.module}.py"
        sys.meta_path.insert(0, _Finder(f"{PACKAGE}.{mutant.module}", path, tree))
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    # Hypothesis is loaded before pytest starts, which pytest warns of; nothing else is waived.
    quiet = "ignore::pytest.PytestAssertRewriteWarning"
    args = ["-x", "-q", "-p", "no:cacheprovider", "-W", quiet, *tests]
    return int(pytest.main(args, plugins=[_ExamplesFirst()]))


def _start(job: tuple[Mutant, ast.Module] | None, tests: Sequence[str]) -> int:
    """Fork a child that runs ``tests`` against ``job`` (the unmutated package for ``None``)."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        code = 3
        try:
            code = _child(job, tests)
        finally:
            os._exit(code)
    return pid


def _baseline(tests: Sequence[str]) -> float:
    """Seconds the tests take on the unmutated package; they must pass there."""
    started = time.monotonic()
    pid = _start(None, tests)
    try:
        _, status = os.waitpid(pid, 0)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    if _outcome(status) != "survived":
        raise SystemExit("the tests fail without any mutant: fix them first")
    return time.monotonic() - started


@attrs.define
class _Running:
    mutant: Mutant
    pid: int
    started: float


def _outcome(status: int) -> str:
    """``survived`` when every test passed; a failure, an error or a crash kills the mutant."""
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return "survived"
    return "killed"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(
    jobs: list[tuple[Mutant, ast.Module]],
    tests: Sequence[str],
    workers: int,
    timeout: float,
    report: Callable[[Mutant, str], None],
) -> None:
    """Run every mutant, ``workers`` at a time; a mutant past ``timeout`` seconds is killed.

    On an interrupt the running children are killed before leaving.
    """
    waiting = list(reversed(jobs))
    running: dict[int, _Running] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                job = waiting.pop()
                pid = _start(job, tests)
                running[pid] = _Running(job[0], pid, time.monotonic())
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid in running:
                report(running.pop(pid).mutant, _outcome(status))
                continue
            for item in list(running.values()):
                if time.monotonic() - item.started > timeout:
                    os.kill(item.pid, signal.SIGKILL)
                    os.waitpid(item.pid, 0)
                    del running[item.pid]
                    report(item.mutant, "killed (timeout)")
            time.sleep(0.05)
    finally:
        for item in running.values():
            os.kill(item.pid, signal.SIGKILL)
            os.waitpid(item.pid, 0)


# -- the command -----------------------------------------------------------------------------------


def _prepare(examples: int) -> None:
    """Load the test tools once, before forking; the package itself stays unimported."""
    sys.path.insert(0, str(ROOT / "src"))
    for name in list(sys.modules):
        if name == PACKAGE or name.startswith(f"{PACKAGE}."):
            raise SystemExit(f"{PACKAGE} was imported before forking; run this file directly")
    import hypothesis

    hypothesis.settings.register_profile(
        "mutation",
        deadline=None,
        max_examples=examples,
        derandomize=True,
        database=None,
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    os.environ["HYPOTHESIS_PROFILE"] = "mutation"


def _summary(results: dict[Mutant, str]) -> list[str]:
    lines = []
    for module in dict.fromkeys(m.module for m in results):
        mine = {m: r for m, r in results.items() if m.module == module}
        equivalent = sum(1 for m in mine if m.key in EQUIVALENT)
        total = len(mine) - equivalent
        killed = sum(1 for r in mine.values() if r.startswith("killed"))
        score = 100 * killed / total if total else 100.0
        lines.append(
            f"{module}.py: {killed} / {total} killed ({score:.1f}%), "
            f"{equivalent} equivalent, {len(mine)} mutants"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--module", action="append", help="module of the package to mutate")
    parser.add_argument("--tests", action="append", help="test file or node id to run")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutants run at once")
    parser.add_argument("--examples", type=int, default=20, help="Hypothesis examples")
    parser.add_argument("--timeout", type=float, default=60.0, help="least seconds a mutant")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("-v", "--verbose", action="store_true", help="print killed ones too")
    options = parser.parse_args(argv)
    os.chdir(ROOT)
    modules = options.module or list(MODULES)
    tests = options.tests or list(TESTS)
    jobs = [job for module in modules for job in mutants(module)]
    if options.list:
        for mutant, _ in jobs:
            sys.stdout.write(f"{mutant}\n")
        return 0
    _prepare(options.examples)
    # Ctrl-C or SIGTERM stops the run; the children are killed, and no file was ever changed.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _run_all(jobs, tests, options)
    except KeyboardInterrupt:
        sys.stdout.write("interrupted\n")
        return 130


def _run_all(
    jobs: list[tuple[Mutant, ast.Module]], tests: list[str], options: argparse.Namespace
) -> int:
    modules = {m.module for m, _ in jobs}
    started = time.monotonic()
    baseline = _baseline(tests)
    timeout = max(options.timeout, 10 * baseline)
    sys.stdout.write(f"tests pass unmutated in {baseline:.1f} s; {len(jobs)} mutants\n")
    results: dict[Mutant, str] = {}

    def report(mutant: Mutant, outcome: str) -> None:
        results[mutant] = outcome
        equivalent = EQUIVALENT.get(mutant.key)
        if outcome == "survived" and equivalent is None:
            sys.stdout.write(f"SURVIVED {mutant}\n")
        elif options.verbose:
            note = f" (equivalent: {equivalent})" if equivalent else ""
            sys.stdout.write(f"{outcome} {mutant}{note}\n")
        sys.stdout.flush()

    run(jobs, tests, max(1, options.jobs), timeout, report)
    for line in _summary({m: results[m] for m, _ in jobs if m in results}):
        sys.stdout.write(f"{line}\n")
    known = {m.key for m, _ in jobs}
    stale = [key for key in EQUIVALENT if key not in known and key[0] in modules]
    for key in stale:
        sys.stdout.write(f"no such mutant any more (remove from EQUIVALENT): {key}\n")
    sys.stdout.write(f"{len(results)} mutants in {time.monotonic() - started:.0f} s\n")
    bad = [m for m, r in results.items() if r == "survived" and m.key not in EQUIVALENT]
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
