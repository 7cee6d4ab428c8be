"""The data package descriptor matches the model and the files."""

from __future__ import annotations

import csv
import io
import json
import re

import attrs

from ofsted_ratings import AREA_KEYS, FrameworkId, Grade, InspectionKind, LocalAuthority
from ofsted_ratings.dataset import data_files
from ofsted_ratings.io.convert import AUTHORITY_COLUMNS, INSPECTION_COLUMNS
from ofsted_ratings.io.package import CORRECTION_COLUMNS, Descriptor, Resource, build_descriptor


def _descriptor() -> Descriptor:
    """The committed descriptor (its shape is checked against the generated one below)."""
    text = (data_files() / "datapackage.json").read_text(encoding="utf-8")
    data: Descriptor = json.loads(text)
    return data


def _resource(name: str) -> Resource:
    return next(r for r in _descriptor()["resources"] if r["name"] == name)


def test_committed_descriptor_is_the_generated_one() -> None:
    descriptor = _descriptor()
    from datetime import date

    assert descriptor == build_descriptor(release=date.fromisoformat(descriptor["version"]))


def test_schema_fields_match_the_model() -> None:
    authorities = [f["name"] for f in _resource("authorities")["schema"]["fields"]]
    assert authorities == list(AUTHORITY_COLUMNS)
    assert set(authorities) == {a.name for a in attrs.fields(LocalAuthority)} | {"key"}
    inspections = _resource("inspections")["schema"]
    names = [f["name"] for f in inspections["fields"]]
    assert names == list(INSPECTION_COLUMNS)
    assert set(AREA_KEYS) <= set(names)
    by_name = {f["name"]: f for f in inspections["fields"]}
    assert by_name["framework"]["constraints"]["enum"] == [f.value for f in FrameworkId]
    assert by_name["kind"]["constraints"]["enum"] == [k.value for k in InspectionKind]
    for key in AREA_KEYS:
        assert set(by_name[key]["constraints"]["enum"]) == {g.value for g in Grade} | {"adequate"}
    assert inspections["primaryKey"] == ["id"]
    assert inspections["foreignKeys"][0]["reference"] == {
        "resource": "authorities",
        "fields": ["key"],
    }
    assert _resource("authorities")["schema"]["primaryKey"] == ["key"]
    corrections = [f["name"] for f in _resource("corrections")["schema"]["fields"]]
    assert corrections == list(CORRECTION_COLUMNS)


def test_files_follow_their_schema() -> None:
    for resource in _descriptor()["resources"]:
        text = (data_files() / resource["path"]).read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        fields = resource["schema"]["fields"]
        assert next(iter(csv.reader(io.StringIO(text)))) == [f["name"] for f in fields]
        for number, row in enumerate(rows, 2):
            for field in fields:
                value = row[field["name"]]
                constraints = field.get("constraints", {})
                where = f"{resource['path']} line {number} {field['name']}"
                if constraints.get("required"):
                    assert value, where
                if not value:
                    continue
                if "enum" in constraints:
                    assert value in constraints["enum"], where
                if "pattern" in constraints:
                    assert re.fullmatch(constraints["pattern"], value), where
                if field["type"] == "integer":
                    assert value.isdigit(), where
                if field["type"] == "date":
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), where
        for key in [f["name"] for f in fields if f.get("constraints", {}).get("unique")]:
            values = [row[key] for row in rows]
            assert len(values) == len(set(values)), f"{resource['path']} {key} not unique"
