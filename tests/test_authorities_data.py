"""``data/authorities.csv``: the children's services authorities and their identifiers."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ofsted_ratings.dataset import data_files
from ofsted_ratings.exports import rows_to_csv
from ofsted_ratings.io.convert import AUTHORITY_COLUMNS, authority_from_row, authority_to_row
from ofsted_ratings.models import AuthorityType, LocalAuthority, Region

DATA = Path(str(data_files() / "authorities.csv"))
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == AUTHORITY_COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def authorities(rows: list[dict[str, str]]) -> list[LocalAuthority]:
    return [authority_from_row(row) for row in rows]


@pytest.fixture(scope="module")
def by_name(authorities: list[LocalAuthority]) -> dict[str, LocalAuthority]:
    return {authority.name: authority for authority in authorities}


def test_counts(authorities: list[LocalAuthority]) -> None:
    current = [authority for authority in authorities if authority.current]
    assert len(current) == 153
    abolished = sorted(authority.name for authority in authorities if not authority.current)
    assert abolished == [
        "Bournemouth",
        "Cumbria",
        "Dorset County Council",
        "Northamptonshire",
        "Poole",
    ]


def test_unique_identifiers(authorities: list[LocalAuthority]) -> None:
    keys = [authority.key for authority in authorities]
    assert len(set(keys)) == len(keys)
    urns = [authority.urn for authority in authorities if authority.urn is not None]
    assert len(set(urns)) == len(urns)
    # Only Dorset County Council has neither URN nor GSS code (no source gives them).
    unknown = [a.name for a in authorities if a.urn is None or a.ons_code is None]
    assert unknown == ["Dorset County Council"]
    codes = [authority.la_code for authority in authorities]
    assert None not in codes
    assert len(set(codes)) == len(codes)
    ons = [code for a in authorities for code in (a.ons_code, *a.former_ons_codes) if code]
    assert len(set(ons)) == len(ons)
    names = [name.casefold() for authority in authorities for name in authority.names]
    assert len(set(names)) == len(names)


def test_sorted_by_name(authorities: list[LocalAuthority]) -> None:
    keys = [(authority.name.casefold(), authority.key) for authority in authorities]
    assert keys == sorted(keys)


def test_current_are_complete(authorities: list[LocalAuthority]) -> None:
    for authority in authorities:
        if authority.current:
            assert authority.region is not None, authority.name
            assert authority.type is not None, authority.name
            assert len(authority.statistical_neighbours) == 10, authority.name


def test_regions(authorities: list[LocalAuthority]) -> None:
    """Ofsted's eight regions, with the counts of domain.md section 3."""
    counts = Counter(authority.region for authority in authorities if authority.current)
    assert counts == {
        Region.LONDON: 33,
        Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER: 27,
        Region.NORTH_WEST: 24,
        Region.SOUTH_EAST: 19,
        Region.SOUTH_WEST: 15,
        Region.WEST_MIDLANDS: 14,
        Region.EAST_OF_ENGLAND: 11,
        Region.EAST_MIDLANDS: 10,
    }


def test_types(by_name: dict[str, LocalAuthority]) -> None:
    assert by_name["City of London"].type is AuthorityType.CITY_OF_LONDON
    assert by_name["Isles of Scilly"].type is AuthorityType.ISLES_OF_SCILLY
    for name in ("Cumberland", "Westmorland and Furness", "North Yorkshire", "Somerset"):
        assert by_name[name].type is AuthorityType.UNITARY_AUTHORITY
    assert by_name["Leeds"].type is AuthorityType.METROPOLITAN_DISTRICT
    assert by_name["Northamptonshire"].type is AuthorityType.COUNTY
    assert by_name["Cumbria"].type is AuthorityType.COUNTY


def test_statistical_neighbours_are_authorities(authorities: list[LocalAuthority]) -> None:
    codes = {authority.la_code for authority in authorities if authority.current}
    for authority in authorities:
        assert authority.la_code not in authority.statistical_neighbours
        assert len(set(authority.statistical_neighbours)) == len(authority.statistical_neighbours)
        for code in authority.statistical_neighbours:
            assert code in codes, f"{authority.name}: neighbour {code}"


def test_predecessors_and_successors_are_symmetric(authorities: list[LocalAuthority]) -> None:
    by_key = {authority.key: authority for authority in authorities}
    for authority in authorities:
        for key in authority.successors:
            successor = by_key[key]
            assert authority.key in successor.predecessors
            assert successor.created == authority.abolished
        for key in authority.predecessors:
            predecessor = by_key[key]
            assert authority.key in predecessor.successors
            assert predecessor.abolished == authority.created
        assert bool(authority.successors) == (authority.abolished is not None)


def test_reorganisations(by_name: dict[str, LocalAuthority]) -> None:
    """domain.md section 3a."""

    def urns(*names: str) -> tuple[str, ...]:
        return tuple(by_name[name].key for name in names)

    bcp = by_name["Bournemouth, Christchurch & Poole"]
    assert (bcp.created, bcp.predecessors) == (
        date(2019, 4, 1),
        urns("Bournemouth", "Poole", "Dorset County Council"),
    )
    assert (by_name["Dorset"].created, by_name["Dorset"].predecessors) == (
        date(2019, 4, 1),
        urns("Dorset County Council"),
    )
    dorset_cc = by_name["Dorset County Council"]
    assert (dorset_cc.urn, dorset_cc.key, dorset_cc.ons_code) == (None, "la-835", None)
    assert dorset_cc.successors == urns("Dorset", "Bournemouth, Christchurch & Poole")
    northants = by_name["Northamptonshire"]
    assert northants.abolished == date(2021, 4, 1)
    assert northants.successors == urns("North Northamptonshire", "West Northamptonshire")
    cumbria = by_name["Cumbria"]
    assert cumbria.abolished == date(2023, 4, 1)
    assert cumbria.successors == urns("Cumberland", "Westmorland and Furness")
    for name in ("Bedford", "Central Bedfordshire", "Cheshire East", "Cheshire West and Chester"):
        assert by_name[name].created == date(2009, 4, 1)
    for name in ("Buckinghamshire", "North Yorkshire", "Somerset"):
        authority = by_name[name]
        assert (authority.created, authority.predecessors) == (None, ())


def test_core_cities(by_name: dict[str, LocalAuthority]) -> None:
    """The English Core Cities' codes, as domain.md section 4 gives them."""
    expected = {
        "Birmingham": ("330", "E08000025", ()),
        "Bristol": ("801", "E06000023", ()),
        "Leeds": ("383", "E08000035", ()),
        "Liverpool": ("341", "E08000012", ()),
        "Manchester": ("352", "E08000003", ()),
        "Newcastle upon Tyne": ("391", "E08000021", ()),
        "Nottingham": ("892", "E06000018", ()),
        "Sheffield": ("373", "E08000039", ("E08000019",)),
    }
    for name, codes in expected.items():
        authority = by_name[name]
        assert (authority.la_code, authority.ons_code, authority.former_ons_codes) == codes
    assert by_name["Leeds"].urn == 80481
    assert by_name["Barnsley"].former_ons_codes == ("E08000016",)


def test_identifiers_from_domain(by_name: dict[str, LocalAuthority]) -> None:
    """URNs and codes stated in domain.md section 3, and the errata it notes."""
    urns = {
        "Leeds": 80481,
        "Birmingham": 80429,
        "Norfolk": 80418,
        "Bournemouth, Christchurch & Poole": 2532287,
        "Dorset": 2532283,
        "North Northamptonshire": 2637539,
        "West Northamptonshire": 2637548,
        "Cumberland": 2733690,
        "Westmorland and Furness": 2733698,
    }
    for name, urn in urns.items():
        assert by_name[name].urn == urn
    assert by_name["City of London"].la_code == "201"
    assert by_name["North Northamptonshire"].la_code == "940"
    # The official 2024 history links the abolished authorities to these provider pages.
    assert by_name["Bournemouth"].urn == 80434
    assert by_name["Northamptonshire"].urn == 80531
    assert by_name["Cumbria"].urn == 80457


def test_aliases(by_name: dict[str, LocalAuthority]) -> None:
    assert "Bristol, City of" in by_name["Bristol"].aliases
    assert "Hull" in by_name["Kingston upon Hull"].aliases
    assert "BCP" in by_name["Bournemouth, Christchurch & Poole"].aliases
    assert "County Durham" in by_name["Durham"].aliases
    for authority in by_name.values():
        folded = [alias.casefold() for alias in authority.aliases]
        assert authority.name.casefold() not in folded
        assert len(set(folded)) == len(folded)
        assert all(alias == " ".join(alias.split()) for alias in authority.aliases)


def test_round_trip(rows: list[dict[str, str]], authorities: list[LocalAuthority]) -> None:
    for row, authority in zip(rows, authorities, strict=True):
        assert authority_to_row(authority) == row
        assert authority_from_row(authority_to_row(authority)) == authority


def test_file_bytes_are_what_the_writer_makes(
    tmp_path: Path, authorities: list[LocalAuthority]
) -> None:
    data = DATA.read_bytes()
    written = rows_to_csv((authority_to_row(a) for a in authorities), AUTHORITY_COLUMNS)
    assert written.encode("utf-8") == data
    assert b"\r" not in data
    assert data.endswith(b"\n")
    data.decode("utf-8")
    assert next(io.StringIO(data.decode("utf-8"))).rstrip("\n") == ",".join(AUTHORITY_COLUMNS)


def test_every_manifest_urn_is_an_authority(authorities: list[LocalAuthority]) -> None:
    manifest = SHARED / "reports" / "manifest.csv"
    if not manifest.is_file():
        pytest.skip("the report corpus (../shared/reports) is not present")
    urns = {authority.urn for authority in authorities}
    with manifest.open(encoding="utf-8", newline="") as handle:
        corpus = {int(row["urn"]) for row in csv.DictReader(handle)}
    assert corpus <= urns
    assert len(corpus) == 153
