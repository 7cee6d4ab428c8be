"""The command line, end to end on the bundled data."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from ofsted_ratings import load
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
    assert [i["published"] for i in payload["streaks"][0]["inspections"]] == [
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
    words = {"", "outstanding", "good", "requires improvement", "adequate", "inadequate"}
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
        (["latest"], 2, "at least one authority"),
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
    status, _, err = run(capsys, "plot", "--out", str(target))
    assert status == 2
    assert "AUTHORITY or a --group" in err


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
