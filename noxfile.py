"""Development tasks: ``nox -s tests lint typecheck build data``.

Each session installs what it needs from ``pyproject.toml`` (the dependency groups).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml("pyproject.toml")


def _group(session: nox.Session, *groups: str) -> None:
    for group in groups:
        session.install(*nox.project.dependency_groups(PYPROJECT, group))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the package installed from this checkout, with coverage."""
    _group(session, "test")
    session.install(".")
    session.run("pytest", "--cov", *session.posargs)


@nox.session
def tests_wheel(session: nox.Session) -> None:
    """Build a wheel, install it, and run the suite from a copy with no ``src/`` beside it."""
    _group(session, "test", "package")
    with tempfile.TemporaryDirectory() as tmp:
        session.run("python", "-m", "build", "--wheel", "--outdir", tmp)
        wheel = next(Path(tmp).glob("*.whl"))
        session.install(str(wheel))
        copy = Path(tmp) / "main"
        shutil.copytree(ROOT / "tests", copy / "tests")
        shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
        shared = ROOT.parent / "shared"
        if shared.is_dir():  # the corpus tests find ../shared beside the copy
            (Path(tmp) / "shared").symlink_to(shared)
        session.chdir(copy)
        session.run("pytest", *session.posargs)


@nox.session
def fuzz(session: nox.Session) -> None:
    """The fuzz and fault tests with thousands of cases each (slow)."""
    _group(session, "test")
    session.install(".")
    session.env["HYPOTHESIS_PROFILE"] = "long"
    session.run(
        "pytest",
        "tests/test_fuzz.py",
        "tests/test_reports.py",
        "tests/test_grades.py",
        "-q",
        *session.posargs,
    )


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing of grades, queries and frameworks (about 5 minutes on 2 cores)."""
    _group(session, "test")
    session.install(".")
    session.run("python", "tools/mutate.py", "-j", "2", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and check formatting with ruff."""
    _group(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Type-check the package, tests and this file with ``mypy --strict``."""
    _group(session, "typecheck")
    session.install("-e", ".")
    session.run("mypy")


@nox.session
def build(session: nox.Session) -> None:
    """Build sdist and wheel, and check them."""
    _group(session, "package")
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *map(str, dist.glob("*")))
    session.run("check-wheel-contents", *map(str, dist.glob("*.whl")))


@nox.session
def data(session: nox.Session) -> None:
    """Rebuild ``data/`` from ``../shared/reports`` and ``../shared/sources``."""
    _group(session, "build")
    session.install("-e", ".")
    session.run("python", "tools/build_data.py", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs and run their examples, warnings as errors."""
    _group(session, "docs")
    session.install("-e", ".[pandas,polars,xlsx,charts,testing,reports,official]")
    for builder in ("html", "doctest"):
        session.run(
            "sphinx-build",
            "-W",
            "--keep-going",
            "-n",
            "-b",
            builder,
            "docs",
            f"docs/_build/{builder}",
        )


@nox.session
def datapackage(session: nox.Session) -> None:
    """Validate data/datapackage.json and its CSV files with Frictionless."""
    _group(session, "datapackage")
    session.run("frictionless", "validate", "data/datapackage.json")


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks."""
    _group(session, "test", "bench")
    session.install(".")
    session.run("python", "benchmarks/run.py", *session.posargs)
