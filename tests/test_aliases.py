"""The top-level modules kept for earlier import paths give the very objects of their targets."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest

#: Alias module and the module it names.
ALIASES = {
    "ofsted_ratings.convert": "ofsted_ratings.io.convert",
    "ofsted_ratings.datapackage": "ofsted_ratings.io.package",
    "ofsted_ratings.userdata": "ofsted_ratings.io.userdata",
    "ofsted_ratings.official": "ofsted_ratings.sources.official",
    "ofsted_ratings.ofsted": "ofsted_ratings.sources.ofsted",
    "ofsted_ratings.reports": "ofsted_ratings.sources.reports",
    "ofsted_ratings.frames": "ofsted_ratings.exports.frames",
    "ofsted_ratings.charts": "ofsted_ratings.exports.charts",
    "ofsted_ratings.coverage": "ofsted_ratings.completeness",
}

#: ``formats`` gathers names from several modules: where each one comes from.
FORMATS = {
    "GRADE_ORDER": "ofsted_ratings.exports.tables",
    "LONG_COLUMNS": "ofsted_ratings.exports.tables",
    "TABLE_NAMES": "ofsted_ratings.exports.tables",
    "Column": "ofsted_ratings.exports.tables",
    "TableName": "ofsted_ratings.exports.tables",
    "UnknownTableError": "ofsted_ratings.exports.tables",
    "columns": "ofsted_ratings.exports.tables",
    "long_rows": "ofsted_ratings.exports.tables",
    "subset": "ofsted_ratings.exports.tables",
    "typed_rows": "ofsted_ratings.exports.tables",
    "write_sqlite": "ofsted_ratings.exports.sqlite",
    "write_xlsx": "ofsted_ratings.exports.xlsx",
    "atomic_path": "ofsted_ratings._util.atomic",
    "require": "ofsted_ratings._util.optional",
}


#: Names an alias gives beyond its module's, with the module that now holds each.
MOVED = {"ofsted_ratings.official": {"match_inspection": "ofsted_ratings.merge"}}


def _public(module: ModuleType) -> list[str]:
    names: list[str] = module.__all__
    return names


@pytest.mark.parametrize(("alias", "target"), sorted(ALIASES.items()))
def test_alias_gives_the_same_objects(alias: str, target: str) -> None:
    old = importlib.import_module(alias)
    new = importlib.import_module(target)
    assert old is not new
    assert old.__doc__ is not None and target in old.__doc__
    moved = MOVED.get(alias, {})
    assert _public(old) == [*_public(new), *moved]
    assert _public(old)  # an alias of an empty module would prove nothing
    for name in _public(new):
        assert getattr(old, name) is getattr(new, name), f"{alias}.{name}"
    for name, origin in moved.items():
        assert getattr(old, name) is getattr(importlib.import_module(origin), name), name


def test_formats_gathers_the_export_names() -> None:
    formats = importlib.import_module("ofsted_ratings.formats")
    assert sorted(_public(formats)) == sorted(FORMATS)
    for name, origin in FORMATS.items():
        assert getattr(formats, name) is getattr(importlib.import_module(origin), name), name


def test_lazy_converter_through_the_alias() -> None:
    old = importlib.import_module("ofsted_ratings.convert")
    new = importlib.import_module("ofsted_ratings.io.convert")
    assert old.converter is new.converter
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = old.no_such_name


def test_old_import_statements_still_work() -> None:
    from ofsted_ratings.datapackage import read_package
    from ofsted_ratings.io.package import read_package as current
    from ofsted_ratings.official import read_outcomes
    from ofsted_ratings.sources.official import read_outcomes as current_reader

    assert read_package is current
    assert read_outcomes is current_reader
