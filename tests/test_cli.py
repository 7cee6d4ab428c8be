"""The command line, end to end on the bundled data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date

import pytest

from ofsted_ratings import Grade, load
from ofsted_ratings.cli import main
from ofsted_ratings.exports import EXPORT_COLUMNS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_streaks_core_cities_is_leeds_alone(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "streaks", "--grade", "outstanding", "--min", "3", "--group", "core-cities"
    )
    assert status == 0, err
    assert "1. Leeds: 3 in a row" in out
    assert "2." not in out
    for day in ("2018-12-18", "2022-05-09", "2025-08-12"):
        assert f"published {day}" in out
    assert "Glasgow" in out  # the members outside Ofsted's remit are named


def test_streaks_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "streaks",
        "--grade",
        "Outstanding",
        "--min",
        "3",
        "--group",
        "core-cities",
        "--format",
        "json",
    )
    assert status == 0
    payload = json.loads(out)
    assert [s["authority"] for s in payload["streaks"]] == ["Leeds"]
    assert payload["streaks"][0]["urn"] == 80481
    assert payload["streaks"][0]["region"] == "North East, Yorkshire and the Humber"
    assert [i["known_from"] for i in payload["streaks"][0]["inspections"]] == [
        "2018-12-18",
        "2022-05-09",
        "2025-08-12",
    ]
    assert payload["group"]["outside_remit"] == ["Glasgow", "Cardiff", "Belfast"]


def test_streaks_as_of_before_the_third(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "streaks",
        "--grade",
        "outstanding",
        "--min",
        "3",
        "--group",
        "core-cities",
        "--as-of",
        "2025-08-11",
        "--format",
        "json",
    )
    assert status == 0
    assert json.loads(out)["streaks"] == []


def test_history_leeds_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "Leeds")
    assert status == 0
    assert out.startswith("Leeds (URN 80481, LA 383, E08000035)")
    for text in (
        "2015-03-27",
        "2018-12-18",
        "2022-05-09",
        "2025-08-12",
        "2010-02-01",
        "Leadership, management and governance",
        "Outstanding",
        "The experiences and progress of children who need help and protection",
        "Overall effectiveness of safeguarding services",
        "Inadequate",
    ):
        assert text in out


def test_history_csv_has_one_row_per_inspection(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "E08000035", "--format", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(load().history("Leeds"))
    assert {r["authority"] for r in rows} == {"Leeds"}


def test_export_csv_columns_and_grades(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", "--format", "csv")
    assert status == 0
    reader = csv.DictReader(io.StringIO(out))
    required = [
        "authority",
        "urn",
        "la_code",
        "ons_code",
        "framework",
        "kind",
        "start",
        "end",
        "published",
        "overall_effectiveness",
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care_and_care_leavers",
        "children_in_care",
        "care_leavers",
        "looked_after_and_permanence",
        "adoption_performance",
        "leadership_management_governance",
        "lscb",
        "lead_inspector",
        "source_url",
        "source_sha256",
    ]
    assert reader.fieldnames == list(EXPORT_COLUMNS)
    assert set(required) <= set(reader.fieldnames or [])
    rows = list(reader)
    assert len(rows) == len(load().inspections)
    # The four words of the typed tables: grade 3 before 2013 ("adequate") is
    # "requires improvement" here as in pandas, SQLite and Excel.
    words = {"", "outstanding", "good", "requires improvement", "inadequate"}
    for row in rows:
        for area in required[9:19]:
            assert row[area] in words


def test_export_to_file(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    out_file = Path(str(tmp_path)) / "core.json"
    status, out, _ = run(
        capsys, "export", "--format", "json", "--group", "core-cities", "--out", str(out_file)
    )
    assert status == 0 and out == ""
    rows = json.loads(out_file.read_text(encoding="utf-8"))
    assert {r["authority"] for r in rows} == {a.name for a in load().group("core-cities").members}


def test_latest_and_compare(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "latest", "Leeds", "Bristol, City of")
    assert status == 0
    assert "Leeds" in out and "Bristol" in out
    status, out, _ = run(capsys, "compare", "--group", "core-cities")
    assert status == 0
    assert len(out.strip().splitlines()) == 2 + 8


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["history", "Atlantis"], 1, "Atlantis"),
        (["streaks", "--grade", "outstanding", "--group", "moon-cities"], 1, "moon-cities"),
        (["history", "Leeds", "--as-of", "2025-13-01"], 2, "2025-13-01"),
        (["streaks", "--grade", "splendid"], 2, "splendid"),
        (["streaks", "--grade", "good", "--min", "0"], 2, "at least 1"),
        (["streaks", "--grade", "good", "--area", "overall"], 2, "overall"),
        (["history", "Leeds", "--format", "xml"], 2, "xml"),
        (["frobnicate"], 2, "frobnicate"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], status: int, message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == status
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert "Traceback" not in err


def test_python_dash_m() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ofsted_ratings", "latest", "Leeds", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"] == "80481-2025-08-12"


def test_export_sqlite_xlsx_and_long_csv(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3
    from pathlib import Path

    folder = Path(str(tmp_path))
    status, _, err = run(capsys, "export", "--format", "sqlite", "--out", str(folder / "o.db"))
    assert status == 0, err
    with sqlite3.connect(folder / "o.db") as db:
        count = db.execute("select count(*) from inspections").fetchone()[0]
        leeds = db.execute(
            "select count(*) from inspections join authorities using (urn) where name = 'Leeds'"
        ).fetchone()[0]
    assert count == len(load().inspections)
    assert leeds == len(load().history("Leeds"))
    status, out, _ = run(capsys, "export", "--format", "long-csv", "--group", "core-cities")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    core = load().group("core-cities").members
    expected = sum(len(i.judgements) for a in core for i in load().history(a))
    assert len(rows) == expected
    status, _, err = run(capsys, "export", "--format", "xlsx")
    assert status == 2
    assert "--out" in err


def test_plot(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("matplotlib")
    from pathlib import Path

    target = Path(str(tmp_path)) / "leeds.png"
    status, _, err = run(capsys, "plot", "Leeds", "--out", str(target))
    assert status == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    status, _, err = run(capsys, "plot", "Leeds", "--group", "core-cities", "--out", str(target))
    assert status == 2
    assert "not both" in err
    national = Path(str(tmp_path)) / "england.png"
    status, _, err = run(capsys, "plot", "--out", str(national), "--as-of", "2018-12-31")
    assert status == 0, err
    assert national.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_read_a_report(capsys: pytest.CaptureFixture[str], reports_dir: object) -> None:
    from pathlib import Path

    report = Path(str(reports_dir)) / "pdf" / "80481" / "2018-12-18.pdf"
    status, out, _ = run(capsys, "read", str(report), "--format", "json")
    assert status == 0
    payload = json.loads(out)
    assert payload["start"] == "2018-10-29"
    assert payload["judgements"]["children_in_care_and_care_leavers"] == "good"
    status, out, _ = run(capsys, "read", str(report))
    assert status == 0
    assert "Lead inspector: Matt Reed" in out


def test_read_errors_are_one_line(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    from pathlib import Path

    fake = Path(str(tmp_path)) / "report.pdf"
    fake.write_text("<html>not a report</html>", encoding="utf-8")
    for argv, status in (([str(fake)], 1), ([str(fake) + ".missing"], 1), ([str(tmp_path)], 2)):
        code, out, err = run(capsys, "read", *argv)
        assert code == status
        assert out == ""
        assert len(err.strip().splitlines()) == 1


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone, as with ``| head``."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    "argv",
    [["export", "--format", "csv"], ["export", "--format", "long-csv"], ["history", "Leeds"]],
)
def test_a_closed_pipe_ends_quietly(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(argv) == 0
    assert capsys.readouterr().err == ""


def test_read_a_path_the_system_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    name = "a" * 300 + ".pdf"  # longer than a file name may be
    code, out, err = run(capsys, "read", name)
    assert code == 1
    assert out == ""
    assert err == f"ofsted-ratings: cannot read {name}: File name too long\n"


# -- the parser -----------------------------------------------------------------------------


def test_parse_gives_typed_options() -> None:
    from datetime import date

    from ofsted_ratings import Grade
    from ofsted_ratings.cli.parser import Format, StreaksOptions, parse

    options = parse(
        ["streaks", "--grade", "Good", "--min", "4", "--or-better", "--as-of", "2020-01-31"]
    )
    assert options == StreaksOptions(
        grade=Grade.GOOD,
        min_length=4,
        area="overall_effectiveness",
        group=None,
        or_better=True,
        format=Format.TABLE,
        as_of=date(2020, 1, 31),
    )


@pytest.mark.parametrize(
    ("argv", "kind", "fields"),
    [
        (["history", "Leeds"], "HistoryOptions", {"authority": "Leeds", "format": "table"}),
        (["latest", "A", "B"], "LatestOptions", {"authorities": ("A", "B"), "group": None}),
        (["compare", "--group", "g"], "CompareOptions", {"authorities": (), "group": "g"}),
        (["export"], "ExportOptions", {"format": "csv", "out": None}),
        (["export", "--format", "long-csv"], "ExportOptions", {"format": "long-csv"}),
        (["plot", "--out", "x.png"], "PlotOptions", {"authority": None, "out": "x.png"}),
        (["update", "--dry-run"], "UpdateOptions", {"dry_run": True, "since": None}),
        (["info"], "InfoOptions", {}),
        (["read", "r.pdf", "--format", "json"], "ReadOptions", {"report": "r.pdf"}),
        (["coverage"], "CoverageOptions", {"format": "table"}),
    ],
)
def test_every_command_has_its_options(
    argv: list[str], kind: str, fields: dict[str, object]
) -> None:
    import enum

    from ofsted_ratings.cli.parser import parse

    options = parse(argv)
    assert type(options).__name__ == kind
    for name, value in fields.items():
        got = getattr(options, name)
        assert (got.value if isinstance(got, enum.Enum) else got) == value


def test_build_parser_lists_the_commands_in_order() -> None:
    from ofsted_ratings.cli.parser import build_parser

    usage = build_parser().format_help()
    names = ["history", "latest", "streaks", "compare", "export", "plot", "update", "info"]
    positions = [usage.index(f"    {name} ") for name in [*names, "read", "coverage"]]
    assert positions == sorted(positions)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from ofsted_ratings import __version__

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"ofsted-ratings {__version__}\n"


# -- what each command prints ---------------------------------------------------------------


def test_info(capsys: pytest.CaptureFixture[str]) -> None:
    dataset = load()
    status, out, _ = run(capsys, "info")
    assert status == 0
    assert out == (
        f"data: bundled\nrelease: {dataset.release}\n"
        f"authorities: {len(dataset.authorities)}\ninspections: {len(dataset.inspections)}\n"
        f"visits: {len(dataset.visits)}\n"
    )
    assert len(dataset.visits) > 0


def test_history_before_any_inspection(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "Leeds", "--as-of", "2000-01-01")
    assert status == 0
    assert out.splitlines()[1:] == ["", "No inspections recorded by 2000-01-01."]
    status, out, _ = run(capsys, "history", "Leeds", "--as-of", "2000-01-01", "--format", "json")
    assert out == "[]\n"


def test_history_of_a_former_authority(capsys: pytest.CaptureFixture[str]) -> None:
    poole = load().authority("Poole")
    status, out, _ = run(capsys, "history", "Poole")
    assert status == 0
    assert out.splitlines()[0].endswith(f" (abolished {poole.abolished})")
    assert "\npublication date not known, inspected in September 2017 (month only), " in out
    # Known only to the month and undated by publication: not known inside the month.
    status, out, _ = run(capsys, "history", "Poole", "--as-of", "2017-09-30")
    assert out.endswith("\nNo inspections recorded by 2017-09-30.\n")


def test_history_json_is_the_export_rows(capsys: pytest.CaptureFixture[str]) -> None:
    from ofsted_ratings.exports import export_rows

    dataset = load()
    status, out, _ = run(capsys, "history", "Leeds", "--format", "json")
    assert status == 0
    assert json.loads(out) == list(export_rows(dataset, dataset.history("Leeds")))


def test_latest_of_an_authority_never_inspected(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "latest", "Leeds", "Poole", "--as-of", "2017-09-30")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["authority", "published", "framework", "kind", "headline", "grade"]
    assert lines[2].split() == ["Leeds", "2015-03-27", "sif", "inspection", "Good"]
    assert lines[3].split("  ")[0] == "Poole"
    assert lines[3].endswith("not inspected in our data")
    status, out, _ = run(capsys, "latest", "Poole")
    assert out.splitlines()[2].split()[1:4] == ["after", "September", "2017"]
    status, out, _ = run(
        capsys, "latest", "Leeds", "Poole", "Leeds", "--as-of", "2017-09-30", "--format", "csv"
    )
    # Poole keeps its row, with empty cells for the inspection it did not yet have.
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["authority"], r["id"]) for r in rows] == [
        ("Leeds", "80481-2015-03-27"),
        ("Poole", ""),
    ]
    status, out, _ = run(capsys, "latest", "Poole", "--as-of", "2017-09-30", "--format", "json")
    [row] = json.loads(out)
    assert (row["authority"], row["id"], row["urn"]) == ("Poole", None, 137316)


def test_streaks_csv_has_a_row_per_inspection(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        *("streaks", "--grade", "outstanding", "--min", "3", "--group", "core-cities"),
        *("--format", "csv"),
    )
    assert status == 0
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == [
        *("authority_key", "urn", "authority", "la_code", "ons_code", "region", "ons_region"),
        *("length", "reached", "ongoing", "inspection", "id", "published", "known_from"),
        *("start", "end", "date_precision", "framework", "kind", "source_url"),
    ]
    rows = list(reader)
    assert {(r["urn"], r["la_code"], r["ons_code"]) for r in rows} == {
        ("80481", "383", "E08000035")
    }
    assert [(r["authority"], r["inspection"], r["known_from"]) for r in rows] == [
        ("Leeds", "1", "2018-12-18"),
        ("Leeds", "2", "2022-05-09"),
        ("Leeds", "3", "2025-08-12"),
    ]
    assert {(r["length"], r["reached"], r["ongoing"]) for r in rows} == {
        ("3", "2025-08-12", "true")
    }
    assert rows[0]["start"] == "2018-10-29" and rows[2]["kind"] == "short"


def test_streaks_heading_says_what_was_asked(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        *("streaks", "--grade", "good", "--min", "9", "--or-better"),
        *("--as-of", "2020-01-01", "--group", "region:london", "--area", "help_and_protection"),
    )
    assert status == 0
    assert out == (
        "Runs of at least 9 successive graded inspections with help_and_protection good or "
        "better in London as of 2020-01-01, in the order they reached 9:\n\nNone.\n"
    )


def test_compare_table_and_rows(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "compare", "Leeds", "Poole", "Leeds")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["authority", "latest", "framework", "overall_effectiveness"]
    assert lines[0].endswith("graded inspections  overall O/G/RI/I")
    row = load().compare("Leeds").rows[0]
    counts = "/".join(str(n) for n in row.counts().values())
    assert lines[2].split()[:4] == ["Leeds", "2025-08-12", "ilacs_2023", "outstanding"]
    assert lines[2].split()[-2:] == [str(len(row.history)), counts]
    # Poole's inspection is known only to the month: its date is shown as approximate.
    assert lines[3].split()[:4] == ["Poole", "after", "September", "2017"]
    assert len(lines) == 4
    status, out, _ = run(capsys, "compare", "Leeds", "Poole", "--as-of", "2017-09-30")
    assert status == 0
    assert out.splitlines()[3].split() == ["Poole", "-", "-", "0", "0/0/0/0"]
    for fmt in ("csv", "json"):
        status, out, _ = run(capsys, "compare", "Leeds", "Poole", "--format", fmt)
        rows = json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
        assert [r["id"] for r in rows] == ["80481-2025-08-12", "137316-2017-10-01"]


def test_coverage_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    from ofsted_ratings.completeness import coverage

    report = coverage(load())
    status, out, _ = run(capsys, "coverage")
    assert status == 0
    table, gaps = out.split("\nGaps:\n")
    former = [r.authority.name for r in report.rows if not r.authority.current]
    assert former and all(f"\n{name} (former) " in table for name in former)
    assert len(table.splitlines()) == 2 + len(report.rows)
    expected = [f"- {gap}" for gap in report.gaps]
    expected += [f"- {r.authority.name}: {gap}" for r in report.rows for gap in r.gaps]
    assert gaps.splitlines() == expected
    status, out, _ = run(capsys, "coverage", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["urn"] for r in rows] == [str(r.authority.urn or "") for r in report.rows]
    assert [r["gaps"] for r in rows] == ["; ".join(r.gaps) for r in report.rows]
    assert all(int(rows[0][key]) == n for key, n in report.rows[0].counts.items())


def test_export_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    status, out, _ = run(capsys, "export", "--format", "json", "--as-of", "2019-06-30")
    assert status == 0
    ids = [r["id"] for r in json.loads(out)]
    assert sorted(ids) == sorted(i.id for i in load().as_of(date(2019, 6, 30)).inspections)


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err == "ofsted-ratings: error: the following arguments are required: COMMAND\n"


# -- update's report and progress bar -------------------------------------------------------


def test_update_text_lists_every_outcome() -> None:
    from pathlib import Path

    import attrs

    from ofsted_ratings.cli.render import update_text
    from ofsted_ratings.merge import Conflict, Disagreement
    from ofsted_ratings.update import Failure, UpdateResult

    conflict = Conflict("x.ods", "row 12", "no authority for 'Nowhere'")
    dataset = load()
    new = dataset.history("Leeds")[-1]
    old = dataset.history("Leeds")[-2]
    moved = attrs.evolve(new, source=attrs.evolve(new.source, url="https://example.org/9"))
    result = UpdateResult(
        new=(new,),
        changed=((attrs.evolve(old, kind=None, kind_basis=None), old), (new, moved)),
        failed=(Failure("https://example.org/1", "not a PDF"),),
        skipped=(Failure("https://example.org/2", "a focused visit"),),
        requests=7,
        written=Path("data") / "v0002",
        dataset=dataset,
        disagreements=(Disagreement("80481-2022-05-09", "kind", "x.ods", "standard", "short"),),
        conflicts=(conflict,),
        listed=3,
        downloads=2,
        not_modified=1,
    )
    filled = "(a gap filled from Ofsted's official statistics)"
    assert update_text(result, dry_run=False) == (
        "1 new inspections (added):\n"
        "  80481-2025-08-12  Leeds: ILACS with the care leavers judgement, Outstanding\n"
        "1 known reports found at new addresses (each downloaded once: same sha256); only "
        "their source_url changes\n"
        "1 changed inspections:\n"
        f"  80481-2022-05-09 kind: '' -> 'standard' {filled}\n"
        f"  80481-2022-05-09 kind_basis: '' -> 'official' {filled}\n"
        "a source disagrees (ours kept): "
        "80481-2022-05-09 kind: ours 'standard', x.ods 'short'\n"
        f"left out for review: {conflict}\n"
        "could not read https://example.org/1: not a PDF\n"
        "3 reports listed; 1 listings skipped (not inspection reports); 7 requests, "
        "2 downloads, 1 not modified\n"
        f"wrote {Path('data') / 'v0002'}\n"
    )
    quiet = attrs.evolve(
        result, new=(), changed=(), failed=(), disagreements=(), conflicts=(), written=None
    )
    assert update_text(quiet, dry_run=False).endswith("nothing changed; nothing written\n")
    assert update_text(quiet, dry_run=True) == (
        "0 new inspections (would add):\n3 reports listed; 1 listings skipped (not inspection "
        "reports); 7 requests, 2 downloads, 1 not modified\n"
    )


def test_progress_bar() -> None:
    from ofsted_ratings.cli.commands import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream)
    bar.finish()
    assert stream.getvalue() == ""
    bar(0, 4, "listing")
    bar(3, 4, "report")
    bar.finish()
    assert stream.getvalue() == (
        "\r[..............................] 0/4\r[######################........] 3/4\n"
    )


def test_usage_errors_and_version_do_not_load_the_library() -> None:
    code = (
        "import contextlib, io, sys\n"
        "from ofsted_ratings.cli import main\n"
        "with contextlib.redirect_stderr(io.StringIO()):\n"
        "    assert main(['streaks', '--grade', 'splendid']) == 2\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['--version'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('ofsted_ratings.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout
    assert "ofsted_ratings.cli.parser" in loaded
    for heavy in ("dataset", "queries", "exports", "cli.commands"):
        assert f"'ofsted_ratings.{heavy}" not in loaded


def test_text_output_marks_an_inferred_kind(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "latest", "Leeds")
    assert status == 0
    assert out.splitlines()[2].split()[3:5] == ["short", "(inferred)"]
    status, out, _ = run(capsys, "history", "Leeds")
    assert "ILACS (2018-22) short\n" in out  # stated by the official file: not marked
    assert "care leavers judgement short (inferred from the days on site)\n" in out


def test_latest_is_national_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    """With no authority and no group, every authority of the day, each once."""
    status, out, _ = run(capsys, "latest", "--as-of", "2018-12-18", "--format", "table")
    assert status == 0
    table, _, notes = out.partition("\n\nReorganised:\n")
    names = [line.split("  ")[0] for line in table.splitlines()[2:]]
    assert "Bournemouth: became Bournemouth, Christchurch & Poole on 2019-04-01" in notes
    day = date(2018, 12, 18)
    existing = [
        a.name
        for a in load().authorities
        if (a.created is None or a.created <= day) and (a.abolished is None or a.abolished > day)
    ]
    assert sorted(names) == sorted(existing)
    assert {"Bournemouth", "Poole", "Dorset County Council", "Cumbria"} <= set(names)
    assert "Bournemouth, Christchurch & Poole" not in names
    status, explicit, _ = run(capsys, "latest", "--group", "england", "--as-of", "2018-12-18")
    assert (status, explicit) == (0, out)


def test_latest_by_area(capsys: pytest.CaptureFixture[str]) -> None:
    """A 2026 inspection has no overall grade; --area asks for the last one that gave it."""
    ds = load()
    plain = {a.name: ds.latest(a) for a in ds.current_authorities}
    newest = next(
        name for name, i in plain.items() if i is not None and i.headline is None
    )  # an ILACS 2026 inspection
    status, out, _ = run(capsys, "latest", newest, "--area", "overall_effectiveness")
    assert status == 0
    inspection = ds.latest(newest, area="overall_effectiveness")
    assert inspection is not None
    grade = inspection.grade("overall_effectiveness")
    assert grade is not None and grade.label(inspection.framework_info) in out


def test_counts_reproduce_ofsted_31_march_2025(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "counts", "--as-of", "2025-03-31", "--convention", "ofsted", "--format", "json"
    )
    assert status == 0
    [row] = json.loads(out)
    grades = [row[k] for k in ("outstanding", "good", "requires_improvement", "inadequate")]
    assert (grades, row["total"]) == ([36, 67, 31, 19], 153)
    status, out, _ = run(capsys, "counts", "--as-of", "2024-03-31", "--convention", "ofsted")
    assert status == 0
    england = next(line for line in out.splitlines() if line.startswith("England"))
    assert england.split()[1::2][:4] == ["30", "61", "43", "17"]
    assert england.split()[-3:] == ["2", "0", "153"]
    status, out, _ = run(
        capsys, "counts", "--as-of", "2025-03-31", "--authorities", "--format", "csv"
    )
    assert status == 0
    assert len(out.splitlines()) == 1 + 153


def test_excel_csv_has_a_byte_order_mark_and_crlf(
    capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    from pathlib import Path

    status, out, _ = run(capsys, "latest", "Leeds", "--format", "csv", "--excel")
    assert status == 0
    assert out.startswith("\ufeff") and out.endswith("\r\n")
    target = Path(str(tmp_path)) / "all.csv"
    status, _, _ = run(capsys, "export", "--format", "csv", "--excel", "--out", str(target))
    assert status == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\r\r\n" not in data


@pytest.mark.parametrize(
    "argv",
    [
        ["transitions", "--format", "json"],
        ["transitions", "--moves", "--group", "core-cities", "--format", "csv"],
        ["changes", "--from", "inadequate", "--to", "good", "--format", "json"],
        ["since", "--as-of", "2024-03-31", "--group", "ofsted:north-west", "--format", "json"],
    ],
)
def test_new_questions_on_the_command_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert out.strip()


def test_transitions_changes_and_since_agree_with_the_library(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ds = load()
    status, out, _ = run(capsys, "transitions", "--format", "json")
    cells = {(r["from_grade"], r["to_grade"]): r["count"] for r in json.loads(out)}
    found = ds.transitions()
    assert cells == {(a.value, b.value): found.count(a, b) for a in Grade for b in Grade}
    status, out, _ = run(
        capsys, "changes", "--from", "inadequate", "--to", "good", "--format", "json"
    )
    assert len(json.loads(out)) == found.count(Grade.INADEQUATE, Grade.GOOD)
    status, out, _ = run(capsys, "since", "--as-of", "2024-03-31", "--format", "json")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == len(ds.authorities_on(date(2024, 3, 31)))


def test_read_a_visit_letter(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    letter = Path(__file__).resolve().parents[2] / "shared/visits/pdf/80481/2018-02-22.pdf"
    if not letter.is_file():
        pytest.skip("the focused-visit letters are not beside the project")
    status, out, _ = run(capsys, "read", str(letter), "--format", "json")
    assert status == 0
    payload = json.loads(out)
    # From the letter, dated 22 February 2018: "This letter summarises the findings of a
    # focused visit to Leeds City Council children's services on 30 and 31 January 2018.
    # The inspectors were Nigel Parkes HMI and Kate Malleson HMI."
    assert (payload["document"], payload["kind"]) == ("visit letter", "focused visit")
    assert (payload["start"], payload["end"], payload["letter_date"]) == (
        "2018-01-30",
        "2018-01-31",
        "2018-02-22",
    )
    assert payload["inspectors"] == ["Nigel Parkes", "Kate Malleson"]
    assert len(payload["improvements"]) == 2 and payload["priority_actions"] == []
    status, out, _ = run(capsys, "read", str(letter))
    assert status == 0
    assert "Focused visit\nOn site 2018-01-30 to 2018-01-31" in out


def test_map_command(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    pytest.importorskip("matplotlib")
    from pathlib import Path

    folder = Path(str(tmp_path))
    png = folder / "england.png"
    argv = ["map", "--out", str(png), "--as-of", "2025-03-31", "--convention", "ofsted"]
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert out == f"wrote {png}\n" and png.read_bytes()[:4] == b"\x89PNG"
    svg = folder / "series.svg"
    status, _, err = run(
        capsys, "map", "--out", str(svg), "--series", "2019-2020", "--style", "hex"
    )
    assert status == 0, err
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    status, _, err = run(capsys, "map", "--out", str(folder / "london.pdf"), "--group", "london")
    assert status == 0, err
    status, _, err = run(capsys, "map", "--out", str(folder / "x.txt"))
    assert status == 2 and "'.txt' is not one of .png, .svg, .pdf" in err
    status, _, err = run(capsys, "map", "--out", str(png), "--series", "2020-2019")
    assert status == 2 and "not a range of years" in err
