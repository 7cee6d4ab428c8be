"""Bad values from users get a typed error naming the value, never another exception."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ofsted_ratings import (
    DateError,
    Grade,
    GradeError,
    OfstedRatingsError,
    UnknownAreaError,
    UnknownAuthorityError,
    UnknownGroupError,
    load,
)
from ofsted_ratings.cli import main


@pytest.mark.parametrize("query", [None, 3.5, b"Leeds", ["Leeds"], True, -1, 0, "   "])
def test_authority_lookups(query: Any) -> None:
    with pytest.raises(UnknownAuthorityError):
        load().authority(query)
    with pytest.raises(UnknownAuthorityError):
        load().history(query)


@pytest.mark.parametrize(
    "group", [5, None, "", "region:mars", "neighbours:", "neighbours:Atlantis"]
)
def test_groups(group: Any) -> None:
    if group is None:
        assert len(load().streaks(Grade.GOOD, 1, group=None)) > 0
        return
    with pytest.raises(UnknownGroupError):
        load().group(group)


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda ds: ds.streaks("splendid", 2), GradeError, "splendid"),
        (lambda ds: ds.streaks(Grade.GOOD, 2, area="overall"), UnknownAreaError, "overall"),
        (lambda ds: ds.streaks(Grade.GOOD, -3), OfstedRatingsError, "-3"),
        (lambda ds: ds.streaks(Grade.GOOD, 2.5), OfstedRatingsError, "2.5"),
        (lambda ds: ds.latest("Leeds", "01/01/2020"), DateError, "01/01/2020"),
        (lambda ds: ds.history("Leeds", as_of=20200101), OfstedRatingsError, "20200101"),
        (lambda ds: ds.as_of(None), OfstedRatingsError, "date"),
        (lambda ds: ds.rated("brilliant"), GradeError, "brilliant"),
        (lambda ds: ds.trajectory("Leeds", "lscbs"), UnknownAreaError, "lscbs"),
        (lambda ds: ds.latest("Leeds", area="nope"), UnknownAreaError, "nope"),
        (lambda ds: ds.compare("Leeds", "Atlantis"), UnknownAuthorityError, "Atlantis"),
    ],
)
def test_query_arguments(call: Any, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        call(load())


def test_errors_are_also_builtin_kinds() -> None:
    assert issubclass(GradeError, ValueError)
    assert issubclass(UnknownAuthorityError, LookupError)
    assert issubclass(UnknownAreaError, LookupError)


@pytest.mark.parametrize(
    "argv",
    [
        ["latest", "Leeds", "--as-of", "yesterday"],
        ["history", "Leeds", "--as-of", "2025-02-30"],
        ["streaks", "--grade", "good", "--min", "two"],
        ["streaks", "--grade", "good", "--group", "neighbours:"],
        ["compare", "Leeds", "--group", "region:mars"],
        ["export", "--format", "sqlite"],
        ["export", "--out", "/nonexistent-folder/x.csv"],
        ["plot", "Leeds", "--out", "/nonexistent-folder/x.png"],
        ["update", "--since", "soon"],
        ["update", "--base-url", "ftp://example.org", "--dry-run"],
        [],
        ["history"],
        ["info", "--format", "json"],
        ["coverage", "--format", "xml"],
        ["latest", "--group", ""],
        ["plot", "Leeds", "--group", "core-cities", "--out", "x.png"],
        ["export", "--format", "xlsx", "--out", "/nonexistent-folder/x.xlsx"],
        ["export", "--format", "sqlite", "--out", "/nonexistent-folder/x.db"],
        ["read", "/nonexistent-folder/x.pdf"],
        ["read", "a" * 300 + ".pdf"],
        ["read", "/dev/null"],
    ],
)
def test_cli_rejects_bad_values_in_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(argv)
    out, err = capsys.readouterr()
    assert status in (1, 2)
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_as_of_before_any_data() -> None:
    past = load().as_of(date(2000, 1, 1))
    assert past.inspections == ()
    assert past.latest("Leeds") is None
