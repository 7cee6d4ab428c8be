"""No argument list makes the command line end in a traceback.

Hypothesis runs malformed argument lists through every command: each ends with one of the
exit statuses the README defines, and a failure prints a single line to standard error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ofsted_ratings.cli import ExitStatus, main
from ofsted_ratings.cli.parser import build_parser

#: Statuses a user may see; INTERNAL (a fault in the program) must never happen.
_ALLOWED = {
    ExitStatus.OK,
    ExitStatus.NOT_FOUND,
    ExitStatus.USAGE,
    ExitStatus.NO_DATA,
    ExitStatus.MISSING_EXTRA,
}

_OPTIONS = [
    "--as-of",
    "--group",
    "--area",
    "--format",
    "--out",
    "--grade",
    "--min",
    "--or-better",
    "--convention",
    "--published-by",
    "--framework",
    "--by-region",
    "--authorities",
    "--since",
    "--kind",
    "--from",
    "--to",
    "--with-priority-actions",
    "--since-latest-inspection",
    "--no-visits",
    "--table",
    "--help-me",
    "-x",
]
_VALUES = [
    "",
    " ",
    "Leeds",
    "Leds",
    "Kingston",
    "80481",
    "383",
    "E08000035",
    "la-835",
    "Dorset County Council",
    "england",
    "core-cities",
    "London",
    "region:mars",
    "neighbours:",
    "neighbours:Leeds",
    "2025-03-31",
    "2025-02-30",
    "1900-01-01",
    "9999-12-31",
    "yesterday",
    "outstanding",
    "Requires improvement to be good",
    "adequate",
    "brilliant",
    "0",
    "-1",
    "3",
    "two",
    "table",
    "csv",
    "long-csv",
    "json",
    "xml",
    "sqlite",
    "xlsx",
    "focused",
    "covid",
    "monitoring",
    "visits",
    "judgements",
    "latest_grades",
    "ofsted",
    "published",
    "sif",
    "ilacs_2099",
    "overall_effectiveness",
    "care_leavers",
    "lscb",
    "nope",
    "out.csv",
    "out.txt",
    "out/x.db",
    "\x00",
    "Máire",
    "--",
]
_TOKENS = st.one_of(
    st.sampled_from(_OPTIONS),
    st.sampled_from(_VALUES),
    st.text(max_size=12),
)
#: Every command but ``update`` (which would reach for the network; its bad arguments are
#: tested in test_hardening) and ``plot``, which draws (below, with fewer examples).
_COMMANDS = [
    name
    for name in build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if name not in ("update", "plot")
]


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def _check(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    status = main(argv)
    captured = capsys.readouterr()
    assert status in _ALLOWED, (argv, status, captured.err)
    assert "Traceback" not in captured.err
    if status != ExitStatus.OK:
        assert captured.err.startswith("ofsted-ratings: "), (argv, captured.err)
        assert captured.err.count("\n") == 1, (argv, captured.err)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(_COMMANDS), tokens=st.lists(_TOKENS, max_size=6))
def test_no_argument_list_ends_in_a_traceback(
    command: str, tokens: list[str], in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check([command, *tokens], capsys)


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tokens=st.lists(
        st.sampled_from(["Leeds", "--group", "nowhere", "--area", "lscb", "--as-of", "1900-01-01"]),
        max_size=4,
    ),
    out=st.sampled_from(["chart.txt", "chart", "no/such/folder/chart.png", "chart.png"]),
)
def test_plot_never_ends_in_a_traceback(
    tokens: list[str], out: str, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(["plot", *tokens, "--out", out], capsys)


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["history", "Leds"], ExitStatus.NOT_FOUND),
        (["latest", "--group", "atlantis"], ExitStatus.NOT_FOUND),
        (["read", "no-such-report.pdf"], ExitStatus.NOT_FOUND),
        (["latest", "--as-of", "yesterday"], ExitStatus.USAGE),
        (["counts", "--as-of", "2023-03-31", "--convention", "ofsted"], ExitStatus.USAGE),
        (["plot", "Leeds", "--group", "core-cities", "--out", "x.png"], ExitStatus.USAGE),
        (["export", "--format", "sqlite"], ExitStatus.USAGE),
    ],
)
def test_exit_statuses_follow_the_readme(
    argv: list[str], status: ExitStatus, in_tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == status
    assert capsys.readouterr().err.count("\n") == 1


def test_no_data_and_network_statuses(
    in_tmp: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OFSTED_RATINGS_DATA", str(in_tmp / "missing"))
    assert main(["latest", "Leeds"]) == ExitStatus.NO_DATA
    assert capsys.readouterr().err.startswith("ofsted-ratings: no data: ")
    monkeypatch.setenv("OFSTED_RATINGS_DATA", "bundled")
    status = main(
        ["update", "--base-url", "http://127.0.0.1:9", "--out", "u", "--cache", "c", "--dry-run"]
    )
    assert status == ExitStatus.NETWORK
    assert capsys.readouterr().err.startswith("ofsted-ratings: network: ")


@pytest.mark.parametrize(
    ("module", "argv"),
    [
        ("pypdfium2", ["read", "report.pdf"]),
        ("matplotlib", ["plot", "Leeds", "--out", "leeds.png"]),
        ("openpyxl", ["export", "--format", "xlsx", "--out", "out.xlsx"]),
    ],
)
def test_a_missing_extra_is_status_4_with_a_quoted_install_hint(
    module: str,
    argv: list[str],
    in_tmp: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    (in_tmp / "report.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    for name in [m for m in sys.modules if m == module or m.startswith(module + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    assert main(argv) == ExitStatus.MISSING_EXTRA
    err = capsys.readouterr().err
    assert err.startswith("ofsted-ratings: missing extra: ")
    assert "pip install 'ofsted-ratings[" in err
