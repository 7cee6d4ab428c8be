"""What users get from an installation: version, typing marker, data and extras."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import ofsted_ratings
from ofsted_ratings.dataset import data_files


def test_version_has_one_source() -> None:
    assert metadata.version("ofsted-ratings") == ofsted_ratings.__version__


def test_typed_and_data_are_installed() -> None:
    from importlib.resources import files

    assert (files("ofsted_ratings") / "py.typed").is_file()
    names = ("authorities.csv", "inspections.csv", "visits.csv", "datapackage.json")
    for name in (*names, "corrections.csv", "visit-corrections.csv"):
        assert (data_files() / name).is_file(), name


def test_import_is_cheap() -> None:
    code = (
        "import sys, ofsted_ratings\n"
        "heavy = {'cattrs', 'requests', 'pypdfium2', 'pandas', 'python_calamine', 'hypothesis',"
        " 'csv', 'ofsted_ratings.dataset'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_public_api_is_documented() -> None:
    for name in ofsted_ratings.__all__:
        value = getattr(ofsted_ratings, name)
        if callable(value) or isinstance(value, type):
            assert (value.__doc__ or "").strip(), name
