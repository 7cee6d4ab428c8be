"""Every code example in the README and the docs runs as shown.

The pages are ``README.md`` and ``docs/*.md`` (the generated pages are not examples).
Fenced blocks are read by their language:

* ``python``: run, the blocks of a page in order in one namespace, in an empty temporary
  working directory. A ``python`` or ``pycon`` block of ``>>>`` lines is a doctest.
* ``{doctest}``: run with :mod:`doctest`, the blocks of a page in one namespace, with the
  flags of Sphinx's doctest builder (which runs them too when the docs are built).
* ``console``, ``sh``, ``bash``, ``shell``: each command (a ``$`` line of a console block,
  every line of the others; ``&&``, ``;`` and ``|`` separate commands) that runs
  ``ofsted-ratings`` (or ``python -m ofsted_ratings``) is run through
  :func:`ofsted_ratings.cli.main` and must exit with status 0; where a console block shows
  the output, the command must print exactly that. Any other command must be one of
  :data:`NOT_RUN`, which says why it is not run here; an unknown one fails, so that a new
  kind of example gets a decision.

An example that needs the network (``update``) or an optional extra that is not installed
is skipped with the reason. A block can be marked as not runnable by an HTML comment on the
line before its fence, giving the reason: ``<!-- example: not run: the reason -->``. No
block is so marked at present.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from ofsted_ratings.errors import MissingDependencyError

ROOT = Path(__file__).resolve().parents[1]
SHARED_REPORTS = ROOT.parent / "shared" / "reports"

#: Commands in the examples that are not run here, and why. A command matches an entry when
#: its words (the program's file name first) start with the entry's words.
NOT_RUN: dict[tuple[str, ...], str] = {
    ("pip", "install"): "installs a package (CI builds, installs and tests the wheel)",
    ("python", "-m", "pip"): "installs a package (CI builds, installs and tests the wheel)",
    ("python3", "-m", "venv"): "creates a virtual environment",
    ("python", "-m", "pytest"): "the test suite itself",
    ("nox",): "runs a session of the development tools",
    ("python", "tools/mutate.py"): "mutation testing takes minutes (nox -s mutate)",
}

#: The optional module each command needs, as ``(command, option value or None)``.
EXTRAS: dict[tuple[str, str | None], str] = {
    ("plot", None): "matplotlib",
    ("export", "xlsx"): "openpyxl",
    ("read", None): "pypdfium2",
}

_FENCE = re.compile(r"^(`{3,})\s*(\S*)[^\n]*$")
_NOT_RUN = re.compile(r"<!--\s*example:\s*not run:\s*(.+?)\s*-->")
_SHELLS = {"console", "sh", "bash", "shell"}
_PYTHON = {"python", "py", "pycon"}
# Sphinx's doctest builder's default flags.
_FLAGS = doctest.ELLIPSIS | doctest.IGNORE_EXCEPTION_DETAIL | doctest.DONT_ACCEPT_TRUE_FOR_1


@attrs.frozen
class Block:
    """A fenced code block of a page."""

    page: Path
    line: int  # the fence's line, from 1
    language: str
    text: str
    not_run: str | None  # the reason given by a "not run" marker

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"


def _pages() -> list[Path]:
    pages = [ROOT / "README.md"]
    docs = ROOT / "docs"
    if docs.is_dir():
        pages.extend(sorted(docs.glob("*.md")))
    return [page for page in pages if page.is_file()]


def blocks(page: Path) -> Iterator[Block]:
    """The fenced blocks of ``page``, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        match = _FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        fence, language = match.groups()
        before = next((s for s in reversed(lines[:index]) if s.strip()), "")
        marker = _NOT_RUN.search(before)
        end = index + 1
        while end < len(lines) and not lines[end].startswith(fence):
            end += 1
        yield Block(
            page=page,
            line=index + 1,
            language=language,
            text="\n".join(lines[index + 1 : end]) + "\n",
            not_run=marker.group(1) if marker else None,
        )
        index = end + 1


def _is_doctest(block: Block) -> bool:
    if block.language == "{doctest}":
        return True
    return block.language in _PYTHON and block.text.lstrip().startswith(">>>")


# -- Python -----------------------------------------------------------------------------------


def _python_pages() -> list[Path]:
    return [
        page
        for page in _pages()
        if any(_is_doctest(b) or b.language in _PYTHON for b in blocks(page))
    ]


class _Runner(doctest.DocTestRunner):
    """A doctest runner that remembers a missing optional library instead of failing on it."""

    missing: MissingDependencyError | None = None

    def report_unexpected_exception(
        self, out: object, test: doctest.DocTest, example: doctest.Example, exc_info: object
    ) -> None:
        error = exc_info[1] if isinstance(exc_info, tuple) else None
        if isinstance(error, MissingDependencyError):
            self.missing = error
            return
        super().report_unexpected_exception(out, test, example, exc_info)  # type: ignore[arg-type]


@pytest.mark.parametrize("page", _python_pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_python_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__example__"}
    runner = _Runner(optionflags=_FLAGS)
    parser = doctest.DocTestParser()
    report = io.StringIO()
    ran = 0
    for block in blocks(page):
        if block.not_run is not None:
            continue
        if _is_doctest(block):
            test = parser.get_doctest(block.text, namespace, block.where, str(page), block.line)
            with contextlib.redirect_stdout(report):
                runner.run(test, out=report.write, clear_globs=False)
            namespace.update(test.globs)  # a DocTest runs in a copy of the namespace
        elif block.language in _PYTHON:
            try:
                exec(compile(block.text, block.where, "exec"), namespace)
            except MissingDependencyError as error:
                pytest.skip(f"{block.where}: {error}")
        else:
            continue
        ran += 1
        if runner.missing is not None:
            pytest.skip(f"{block.where}: {runner.missing}")
    assert ran, f"{page.name}: no example was run"
    assert runner.failures == 0, report.getvalue()


# -- the command line -------------------------------------------------------------------------


@attrs.frozen
class Command:
    """One command of a shell example, with the output the example shows (if any)."""

    block: Block
    words: tuple[str, ...]
    shown: str | None  # the output a console block shows, or None


def _split(line: str) -> list[list[str]]:
    """The commands of a shell line: words, split at ``&&``, ``||``, ``;`` and ``|``."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    commands: list[list[str]] = [[]]
    for token in lexer:
        if token in ("&&", "||", ";", "|"):
            commands.append([])
        else:
            commands[-1].append(token)
    return [words for words in commands if words]


def commands(block: Block) -> Iterator[Command]:
    """The commands of a shell block, each with the output shown after it."""
    lines = block.text.replace("\\\n", " ").splitlines()
    if block.language != "console":
        for line in lines:
            for words in _split(line):
                yield Command(block, tuple(words), None)
        return
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith("$ "):
            continue
        output = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        shown = "\n".join(output).strip("\n")
        parts = _split(line[2:])
        for number, words in enumerate(parts):
            last = number == len(parts) - 1
            yield Command(block, tuple(words), (shown or None) if last else None)


def _program(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words with the program named by its file name (``.venv/bin/python``: ``python``)."""
    return (Path(words[0]).name, *words[1:])


def _cli_arguments(words: tuple[str, ...]) -> list[str] | None:
    """The arguments to give :func:`ofsted_ratings.cli.main`, or None if not our program."""
    words = _program(words)
    if words[0] == "ofsted-ratings":
        return list(words[1:])
    if words[0] in ("python", "python3") and words[1:3] == ("-m", "ofsted_ratings"):
        return list(words[3:])
    return None


def _all_commands() -> list[Command]:
    return [
        command
        for page in _pages()
        for block in blocks(page)
        if block.language in _SHELLS
        for command in commands(block)
    ]


def _command_id(command: Command) -> str:
    return f"{command.block.where} {' '.join(command.words)}"[:100]


def _skip_reason(command: Command, arguments: list[str]) -> str | None:
    if command.block.not_run is not None:
        return command.block.not_run
    if not arguments:
        return None
    name = arguments[0]
    if name == "update":
        return "update reads Ofsted's site; the tests reach no network"
    option = None
    if "--format" in arguments[:-1]:
        option = arguments[arguments.index("--format") + 1]
    for key in ((name, option), (name, None)):
        module = EXTRAS.get(key)
        if module is not None and importlib.util.find_spec(module) is None:
            return f"{name} needs {module}, which is not installed"
    return None


def _with_report(arguments: list[str]) -> list[str]:
    """``read``'s report path: the example's if it exists, else one from the corpus."""
    if arguments[:1] != ["read"]:
        return arguments
    paths = [a for a in arguments[1:] if a.lower().endswith(".pdf")]
    if not paths or Path(paths[0]).is_file():
        return arguments
    reports = sorted(SHARED_REPORTS.rglob("*.pdf")) if SHARED_REPORTS.is_dir() else []
    if not reports:
        pytest.skip("the example reads a report, and ../shared/reports is not here")
    return [str(reports[0]) if a == paths[0] else a for a in arguments]


def _not_run_reason(words: tuple[str, ...]) -> str | None:
    words = _program(words)
    return next((why for prefix, why in NOT_RUN.items() if words[: len(prefix)] == prefix), None)


def test_every_other_command_is_listed_as_not_run() -> None:
    unknown = [
        f"{c.block.where}: {' '.join(c.words)}"
        for c in _all_commands()
        if _cli_arguments(c.words) is None and _not_run_reason(c.words) is None
    ]
    assert not unknown, "neither ofsted-ratings commands nor listed in NOT_RUN"


@pytest.mark.parametrize(
    "command", [c for c in _all_commands() if _cli_arguments(c.words) is not None], ids=_command_id
)
def test_shell_examples_run(
    command: Command, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arguments = _cli_arguments(command.words)
    assert arguments is not None
    reason = _skip_reason(command, arguments)
    if reason is not None:
        pytest.skip(reason)
    from ofsted_ratings.cli import main

    monkeypatch.chdir(tmp_path)
    arguments = _with_report(arguments)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(arguments)
    assert status == 0, f"{command.block.where}: exit status {status}\n{err.getvalue()}"
    if command.shown is not None:
        printed = "\n".join(line.rstrip() for line in out.getvalue().strip("\n").splitlines())
        shown = "\n".join(line.rstrip() for line in command.shown.splitlines())
        assert printed == shown, f"{command.block.where}: the output shown is not what it prints"


# -- the reading of the pages itself ----------------------------------------------------------


def test_the_examples_are_found() -> None:
    readme = ROOT / "README.md"
    if not readme.is_file() or not (ROOT / "docs").is_dir():
        pytest.skip("README.md and docs/ are not beside the tests")
    found = [b for page in _pages() for b in blocks(page)]
    languages = {b.language for b in found}
    assert {"python", "console", "sh", "{doctest}"} <= languages
    assert not [b.where for b in found if b.not_run is not None]
    run = [(c, _cli_arguments(c.words)) for c in _all_commands()]
    assert any(c.shown for c, arguments in run if arguments)  # the README's streaks output
    assert {"streaks", "history"} <= {arguments[0] for _, arguments in run if arguments}


def test_blocks_and_commands_are_read_as_written(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n"
        "```console\n$ ofsted-ratings info\nsome output\n\n$ pip install x && ofsted-ratings"
        " history 'Leeds City Council'\n```\n\n"
        "<!-- example: not run: it needs a printer -->\n"
        "````sh\nnox -s data   # a comment\n"
        ".venv/bin/python -m ofsted_ratings latest Leeds | head\n````\n",
        encoding="utf-8",
    )
    first, second = list(blocks(page))
    assert (first.language, first.line, first.not_run) == ("console", 3, None)
    assert second.not_run == "it needs a printer"
    found = [(c.words, c.shown) for block in (first, second) for c in commands(block)]
    assert found == [
        (("ofsted-ratings", "info"), "some output"),
        (("pip", "install", "x"), None),
        (("ofsted-ratings", "history", "Leeds City Council"), None),
        (("nox", "-s", "data"), None),
        ((".venv/bin/python", "-m", "ofsted_ratings", "latest", "Leeds"), None),
        (("head",), None),
    ]
    assert _cli_arguments(found[4][0]) == ["latest", "Leeds"]
    assert _cli_arguments(("pip", "install", "x")) is None
    assert _not_run_reason(found[3][0]) == NOT_RUN[("nox",)]
    assert _not_run_reason(found[5][0]) is None  # head: not listed
