"""The ONS regions: the enum, the ``ons_region`` column and how it was derived from the lookup."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings import load
from ofsted_ratings.errors import RecordError
from ofsted_ratings.io.package import build_descriptor
from ofsted_ratings.models import LocalAuthority, OnsRegion, Region

LOOKUP = Path(__file__).resolve().parents[2] / "shared" / "sources" / "la-lookup.csv"

#: Ofsted's regions, with their counts of current authorities in domain.md section 3 (from
#: Ofsted's official statistics as at 31 March 2025).
OFSTED_COUNTS = {
    Region.LONDON: 33,
    Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER: 27,
    Region.NORTH_WEST: 24,
    Region.SOUTH_EAST: 19,
    Region.SOUTH_WEST: 15,
    Region.WEST_MIDLANDS: 14,
    Region.EAST_OF_ENGLAND: 11,
    Region.EAST_MIDLANDS: 10,
}


@pytest.fixture(scope="module")
def lookup() -> list[dict[str, str]]:
    if not LOOKUP.is_file():
        pytest.skip("the lookup (../shared/sources/la-lookup.csv) is not present")
    with LOOKUP.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _named(text: str) -> OnsRegion:
    (found,) = [region for region in OnsRegion if region.value.casefold() == text.casefold()]
    return found


def test_nine_regions_with_their_codes() -> None:
    assert len(OnsRegion) == 9
    assert [region.code for region in OnsRegion] == [f"E1200000{n}" for n in range(1, 10)]
    for region in OnsRegion:
        assert OnsRegion.from_code(region.code) is region
        assert str(region) == region.value
    with pytest.raises(RecordError, match="E12000010"):
        OnsRegion.from_code("E12000010")


def test_the_codes_are_the_ones_the_lookup_gives(lookup: list[dict[str, str]]) -> None:
    """Every region's code is the one most rows naming it give (two rows are errata)."""
    codes: dict[OnsRegion, Counter[str]] = {}
    for row in lookup:
        codes.setdefault(_named(row["rgn22nm"]), Counter())[row["rgn22cd"]] += 1
    assert set(codes) == set(OnsRegion)
    for region, counter in codes.items():
        assert counter.most_common(1)[0][0] == region.code, region


def test_every_current_authority_is_in_one_ons_region() -> None:
    current = load().current_authorities
    assert all(isinstance(a.ons_region, OnsRegion) for a in current)
    counts = Counter(a.ons_region for a in current)
    assert set(counts) == set(OnsRegion)
    assert sum(counts.values()) == 153


def test_ons_region_counts_are_the_lookups(lookup: list[dict[str, str]]) -> None:
    """Per region, the current authorities the lookup places there (by ``rgn22nm``), and
    Ofsted's counts where its regions are the ONS's."""
    by_code = {row["la_code"]: row for row in lookup}
    current = load().current_authorities
    ours = Counter(a.ons_region for a in current)
    theirs = Counter(_named(by_code[a.la_code or ""]["rgn22nm"]) for a in current)
    assert ours == theirs
    for region in Region:
        if region is Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER:
            joined = ours[OnsRegion.NORTH_EAST] + ours[OnsRegion.YORKSHIRE_AND_THE_HUMBER]
            assert joined == OFSTED_COUNTS[region]
        else:
            assert ours[OnsRegion(region.value)] == OFSTED_COUNTS[region]


def test_every_listed_authority_has_the_lookups_region(lookup: list[dict[str, str]]) -> None:
    by_code = {a.la_code: a for a in load().authorities}
    for row in lookup:
        authority = by_code[row["la_code"]]
        assert authority.ons_region is _named(row["rgn22nm"]), authority.name


def test_the_lookups_wrong_region_codes(lookup: list[dict[str, str]]) -> None:
    """Buckinghamshire and Gloucestershire carry another region's code in the lookup; the
    region's name, which the lookup's ``region_name`` and Ofsted's region confirm, wins."""
    rows = {row["la_code"]: row for row in lookup}
    ds = load()
    for code, wrong, region in (
        ("825", "E12000004", OnsRegion.SOUTH_EAST),
        ("916", "E12000003", OnsRegion.SOUTH_WEST),
    ):
        assert rows[code]["rgn22cd"] == wrong != region.code
        assert rows[code]["region_name"] == rows[code]["rgn22nm"] == region.value
        authority = ds.authority(code)
        assert authority.ons_region is region
        assert authority.region is Region(region.value)
    mismatched = [row["la_code"] for row in lookup if row["rgn22cd"] != _named(row["rgn22nm"]).code]
    assert sorted(mismatched) == ["825", "916"]


def test_authorities_the_lookup_lacks_take_their_successors_region(
    lookup: list[dict[str, str]],
) -> None:
    ds = load()
    listed = {row["la_code"] for row in lookup}
    missing = [a for a in ds.authorities if a.la_code not in listed]
    assert sorted(a.name for a in missing) == ["Bournemouth", "Dorset County Council"]
    for authority in missing:
        regions = {s.ons_region for s in ds.successors(authority)}
        assert regions == {authority.ons_region} == {OnsRegion.SOUTH_WEST}


def test_ofsted_regions_are_ons_regions_joined() -> None:
    """Ofsted's regions are the ONS's, except that the North East and Yorkshire and The
    Humber make one."""
    joined = {OnsRegion.NORTH_EAST, OnsRegion.YORKSHIRE_AND_THE_HUMBER}
    for authority in load().authorities:
        assert authority.region is not None and authority.ons_region is not None
        if authority.ons_region in joined:
            assert authority.region is Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER
        else:
            assert authority.region.value == authority.ons_region.value


def test_the_descriptor_describes_the_column() -> None:
    (resource,) = [
        r
        for r in build_descriptor(release=date(2026, 1, 1))["resources"]
        if r["name"] == "authorities"
    ]
    (field,) = [f for f in resource["schema"]["fields"] if f["name"] == "ons_region"]
    assert field["constraints"]["enum"] == [region.value for region in OnsRegion]
    assert "ONS region" in field["description"]


def test_ons_region_is_optional() -> None:
    authority = LocalAuthority(urn=1, name="Somewhere")
    assert authority.ons_region is None
