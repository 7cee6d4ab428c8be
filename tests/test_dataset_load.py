"""Building a dataset, finding authorities by name, and which data :func:`load` reads."""

from __future__ import annotations

import csv
import importlib
import io
import runpy
import subprocess
import sys
from datetime import date
from pathlib import Path

import attrs
import pytest

import ofsted_ratings as ofr
from ofsted_ratings import (
    AmbiguousAuthorityError,
    Dataset,
    Grade,
    LocalAuthority,
    OfstedRatingsError,
    UnknownAuthorityError,
    load,
)
from ofsted_ratings.errors import DataFileError
from ofsted_ratings.io.convert import INSPECTION_COLUMNS
from ofsted_ratings.io.package import INSPECTIONS_FILE, package_files, rows_to_csv
from ofsted_ratings.io.userdata import DATA_DIR_VARIABLE, SOURCE_VARIABLE, write_version

OLD = date(1998, 4, 1)


def _authority(urn: int, name: str, **values: object) -> LocalAuthority:
    return LocalAuthority(urn=urn, name=name, **values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def leeds_inspection() -> ofr.Inspection:
    return load(bundled=True).history("Leeds")[-1]


# -- finding authorities ---------------------------------------------------------------------


def test_a_name_shared_by_a_current_and_an_abolished_authority_is_the_current_one() -> None:
    gone = _authority(1, "Newtown Borough Council", la_code="901", abolished=OLD)
    now = _authority(2, "Newtown Council", la_code="901", created=OLD)
    for order in ([gone, now], [now, gone]):
        ds = Dataset(authorities=order, inspections=[])
        assert ds.authority("Newtown").urn == 2
        assert ds.authority("901").urn == 2  # the code goes to the authority that has it now
    assert len(ds) == 2
    assert list(ds) == [now, gone]
    assert ds.current_authorities == (now,)


def test_a_name_shared_by_two_current_authorities_is_ambiguous() -> None:
    city = _authority(11, "Newtown City Council")
    county = _authority(12, "Newtown County Council")
    ds = Dataset(authorities=[city, county], inspections=[])
    assert ds.authority("Newtown City Council") is city  # the full name is not ambiguous
    with pytest.raises(AmbiguousAuthorityError) as caught:
        ds.authority("Newtown")
    message = str(caught.value)
    assert message == (
        "'Newtown' matches more than one authority: "
        "Newtown City Council (URN 11), Newtown County Council (URN 12)"
    )
    assert issubclass(AmbiguousAuthorityError, UnknownAuthorityError)
    assert ds.get_authority("Newtown") is None


def test_two_abolished_authorities_with_one_name_are_ambiguous() -> None:
    first = _authority(21, "Oldshire", la_code="902", abolished=date(2009, 4, 1))
    second = _authority(
        22, "Oldshire", la_code="902", created=date(2009, 4, 1), abolished=date(2019, 4, 1)
    )
    ds = Dataset(authorities=[first, second], inspections=[])
    with pytest.raises(AmbiguousAuthorityError, match=r"URN 21.*URN 22"):
        ds.authority("oldshire")
    assert ds.authority("902") is first  # neither is current: the first listed keeps the code


def test_an_authority_record_from_another_dataset() -> None:
    ds = Dataset(authorities=[_authority(31, "Here")], inspections=[])
    assert ds.authority(_authority(31, "Here, as another dataset has it")).name == "Here"
    with pytest.raises(UnknownAuthorityError, match="'Elsewhere'"):
        ds.authority(_authority(32, "Elsewhere"))


def test_repr_says_what_and_where_from() -> None:
    ds = Dataset(authorities=[_authority(41, "A")], inspections=[], origin="test")
    assert repr(ds) == "<Dataset 1 authorities, 0 inspections, 0 visits, test, release None>"
    bundled = load(bundled=True)
    assert repr(bundled).endswith(f"bundled, release {bundled.release}>")


# -- records that contradict each other ------------------------------------------------------


def test_two_authorities_with_one_urn() -> None:
    with pytest.raises(OfstedRatingsError, match="two authorities have the key 51"):
        Dataset(authorities=[_authority(51, "A"), _authority(51, "B")], inspections=[])


def test_an_inspection_of_an_unknown_authority(leeds_inspection: ofr.Inspection) -> None:
    message = f"{leeds_inspection.id} is of unknown authority 80481"
    with pytest.raises(OfstedRatingsError, match=message):
        Dataset(authorities=[_authority(61, "A")], inspections=[leeds_inspection])


def test_one_inspection_twice(leeds_inspection: ofr.Inspection) -> None:
    leeds = load(bundled=True).authority("Leeds")
    copy = attrs.evolve(leeds_inspection, lead_inspector="Someone Else")
    with pytest.raises(OfstedRatingsError, match=f"two inspections have id {copy.id}"):
        Dataset(authorities=[leeds], inspections=[leeds_inspection, copy])


# -- which data load() reads ---------------------------------------------------------------------


@pytest.fixture
def user_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "user"
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(root))
    monkeypatch.delenv(SOURCE_VARIABLE, raising=False)
    return root


def _older(release: date) -> Dataset:
    bundled = load(bundled=True)
    return Dataset(
        authorities=bundled.authorities,
        inspections=[i for i in bundled.inspections if i.known_from <= release],
        release=release,
    )


def test_without_user_data_load_gives_the_bundled_data(
    user_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load() is load(bundled=True)
    monkeypatch.setenv(SOURCE_VARIABLE, "user")
    with pytest.raises(
        OfstedRatingsError, match="no updated data yet: run 'ofsted-ratings update'"
    ):
        load()
    monkeypatch.setenv(SOURCE_VARIABLE, "  bundled ")
    assert load() is load(bundled=True)


def test_user_data_is_read_when_there_is_some(
    user_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = date(2020, 1, 1)
    folder = write_version(package_files(_older(release), release), user_root)
    for choice in ("", "user"):
        monkeypatch.setenv(SOURCE_VARIABLE, choice)
        found = load()
        assert found.origin == str(folder)
        assert found.release == release
        assert max(i.known_from for i in found.inspections) <= release
        assert load() is found
    assert load(bundled=True).origin == "bundled"
    monkeypatch.setenv(SOURCE_VARIABLE, "bundled")
    assert load().origin == "bundled"


def test_the_variable_can_name_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = date(2019, 6, 30)
    folder = tmp_path / "package"
    folder.mkdir()
    for name, text in package_files(_older(release), release).items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv(SOURCE_VARIABLE, str(folder))
    found = load()
    assert (found.origin, found.release) == (str(folder), release)
    assert load() is found


def test_a_damaged_pointer_stops_load_but_not_the_bundled_data(
    user_root: Path,
) -> None:
    write_version(package_files(_older(date(2020, 1, 1)), date(2020, 1, 1)), user_root)
    (user_root / "CURRENT").write_text("v0007\n", encoding="utf-8")
    with pytest.raises(OfstedRatingsError, match="names 'v0007', which does not exist"):
        load()
    assert load(bundled=True).origin == "bundled"


def test_a_damaged_user_file_names_itself(user_root: Path) -> None:
    release = date(2021, 1, 1)
    files = package_files(_older(release), release)
    rows = list(csv.DictReader(io.StringIO(files[INSPECTIONS_FILE], newline="")))
    rows[2]["framework"] = "ilacs_2099"
    damaged = rows_to_csv(rows, INSPECTION_COLUMNS)
    folder = write_version({**files, INSPECTIONS_FILE: damaged}, user_root)
    with pytest.raises(DataFileError, match="unknown framework") as caught:
        load()
    assert (caught.value.path, caught.value.line) == (str(folder / INSPECTIONS_FILE), 4)
    assert load(bundled=True).origin == "bundled"


# -- the package-level shortcuts -------------------------------------------------------------


def test_shortcuts_answer_from_the_default_dataset(user_root: Path) -> None:
    ds = load()
    assert ofr.history("Leeds") == ds.history("Leeds")
    assert ofr.latest("Leeds") == ds.latest("Leeds")
    assert ofr.latest("Leeds", date(2019, 1, 1)) == ds.latest("Leeds", date(2019, 1, 1))
    assert ofr.latest("Leeds", date(2019, 1, 1)) != ofr.latest("Leeds")
    assert ofr.streaks(Grade.OUTSTANDING, 3, group="core-cities") == ds.streaks(
        Grade.OUTSTANDING, 3, group="core-cities"
    )
    assert [s.authority.name for s in ofr.streaks("outstanding", 3, group="core-cities")] == [
        "Leeds"
    ]


def test_dir_lists_the_public_names_before_they_are_loaded() -> None:
    names = dir(ofr)
    assert set(ofr.__all__) <= set(names)
    assert names == sorted(names)
    with pytest.raises(AttributeError, match="has no attribute 'Datasett'"):
        _ = ofr.Datasett


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ofsted_ratings", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert ofr.__version__ in done.stdout


def test_importing_the_main_module_does_not_run_the_command_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["ofsted-ratings", "--version"])
    monkeypatch.delitem(sys.modules, "ofsted_ratings.__main__", raising=False)
    module = importlib.import_module("ofsted_ratings.__main__")
    assert callable(module.main)
    assert capsys.readouterr() == ("", "")


def test_the_main_module_exits_with_the_command_line_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["ofsted-ratings", "--version"])
    monkeypatch.delitem(sys.modules, "ofsted_ratings.__main__", raising=False)
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("ofsted_ratings", run_name="__main__")
    assert caught.value.code == 0
    assert ofr.__version__ in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["ofsted-ratings", "latest", "Atlantis"])
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("ofsted_ratings", run_name="__main__")
    assert caught.value.code != 0
    assert "Atlantis" in capsys.readouterr().err
