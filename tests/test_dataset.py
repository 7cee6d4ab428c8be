"""The bundled dataset: lookups, Leeds' history and the core cities."""

from __future__ import annotations

import json
from datetime import date

import pytest

import ofsted_ratings as ofr
from ofsted_ratings import (
    AmbiguousAuthorityError,
    Dataset,
    FrameworkId,
    Grade,
    InspectionKind,
    LocalAuthority,
    OfstedRatingsError,
    SourceKind,
    UnknownAuthorityError,
    UnknownGroupError,
    load,
)
from ofsted_ratings.dataset import data_files
from ofsted_ratings.integrity import check

O, G, RI, I = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE


def test_load_is_cached_and_lazy() -> None:
    assert load() is load()
    assert load().origin == "bundled"
    assert load().release == ofr.DATA_RELEASE


def test_release_matches_the_descriptor() -> None:
    descriptor = json.loads((data_files() / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == ofr.DATA_RELEASE.isoformat()
    assert max(i.known_from for i in load().inspections) <= ofr.DATA_RELEASE


@pytest.mark.parametrize(
    "query",
    [
        "Leeds",
        "leeds",
        "LEEDS CITY COUNCIL",
        "Leeds City",
        " Leeds ",
        80481,
        "80481",
        "383",
        "E08000035",
        "e08000035",
    ],
)
def test_find_leeds_every_way(query: str | int) -> None:
    assert load().authority(query).name == "Leeds"


@pytest.mark.parametrize(
    ("query", "urn"),
    [
        ("Bristol, City of", 80441),
        ("Bristol", 80441),
        ("Bristol City Council", 80441),
        ("Newcastle upon Tyne", 80525),
        ("Newcastle Upon Tyne City Council", 80525),
        ("Sheffield", 80551),
        ("E08000019", 80551),
        ("E08000039", 80551),
        ("Nottingham City Council", 80533),
    ],
)
def test_aliases_and_former_codes(query: str, urn: int) -> None:
    assert load().authority(query).urn == urn


@pytest.mark.parametrize("query", ["Atlantis", "", "999", "E08999999", 1, "Leedsx"])
def test_unknown_authorities(query: str | int) -> None:
    with pytest.raises(UnknownAuthorityError):
        load().authority(query)
    assert load().get_authority(query) is None


def test_leeds_history() -> None:
    history = load().history("Leeds")
    assert [i.known_from for i in history] == [
        date(2010, 2, 1),
        date(2015, 3, 27),
        date(2018, 12, 18),
        date(2022, 5, 9),
        date(2025, 8, 12),
    ]
    slac, sif, first, second, third = history
    assert slac.framework is FrameworkId.SLAC_2009 and slac.grades == {"overall_effectiveness": I}
    assert slac.published is None and slac.start is None
    assert slac.source.kind is SourceKind.DOCUMENT
    assert sif.framework is FrameworkId.SIF
    assert sif.grades == {
        "overall_effectiveness": G,
        "help_and_protection": G,
        "looked_after_and_permanence": G,
        "adoption_performance": G,
        "care_leavers": G,
        "leadership_management_governance": O,
        "lscb": G,
    }
    assert (sif.start, sif.end) == (date(2015, 1, 20), date(2015, 2, 11))
    assert first.grades == {
        "overall_effectiveness": O,
        "impact_of_leaders": O,
        "help_and_protection": O,
        "children_in_care_and_care_leavers": G,
    }
    assert (first.start, first.end, first.kind) == (
        date(2018, 10, 29),
        date(2018, 11, 2),
        InspectionKind.SHORT,
    )
    assert second.grades == {
        "overall_effectiveness": O,
        "impact_of_leaders": O,
        "help_and_protection": G,
        "children_in_care_and_care_leavers": O,
    }
    assert (second.start, second.end, second.kind) == (
        date(2022, 2, 21),
        date(2022, 3, 4),
        InspectionKind.STANDARD,
    )
    assert second.lead_inspector == "Louise Hollick"
    assert third.framework is FrameworkId.ILACS_2023
    assert third.grades == {
        "overall_effectiveness": O,
        "impact_of_leaders": O,
        "help_and_protection": G,
        "children_in_care": O,
        "care_leavers": O,
    }
    assert (third.start, third.end) == (date(2025, 6, 30), date(2025, 7, 4))
    assert third.lead_inspector == "Catherine Heron"
    for inspection in history[1:]:
        assert inspection.source.kind is SourceKind.REPORT
        assert inspection.source.sha256 and inspection.source.url.startswith("https://")


def test_core_cities_three_outstanding_in_a_row_is_leeds_first_and_only() -> None:
    found = load().streaks(O, 3, group="core-cities")
    assert [s.authority.name for s in found] == ["Leeds"]
    assert [i.published for i in found[0].inspections] == [
        date(2018, 12, 18),
        date(2022, 5, 9),
        date(2025, 8, 12),
    ]
    assert found[0].reached == date(2025, 8, 12)


def test_core_cities_group() -> None:
    group = load().group("core-cities")
    assert sorted(a.name for a in group.members) == sorted(
        [
            "Birmingham",
            "Bristol",
            "Leeds",
            "Liverpool",
            "Manchester",
            "Newcastle upon Tyne",
            "Nottingham",
            "Sheffield",
        ]
    )
    assert group.outside_remit == ("Glasgow", "Cardiff", "Belfast")
    assert "outside England" in group.note


def test_other_groups() -> None:
    ds = load()
    london = ds.group("London")
    assert len(london.members) == 33
    assert ds.group("region:north-west").members
    neighbours = ds.group("neighbours:Leeds")
    assert neighbours.members[0].name == "Leeds"
    assert len(neighbours.members) == 11
    with pytest.raises(UnknownGroupError):
        ds.group("moon")


def test_as_of_leeds() -> None:
    ds = load()
    assert ds.latest("Leeds", date(2018, 12, 17)).published == date(2015, 3, 27)  # type: ignore[union-attr]
    assert ds.latest("Leeds", date(2009, 1, 1)) is None
    assert [a.name for a, _ in ds.rated(O, as_of=date(2018, 12, 18), group="core-cities")] == [
        "Leeds"
    ]


def test_the_bundled_data_passes_the_integrity_checks() -> None:
    assert check(load()) == []


def _authority(urn: int, name: str, **values: object) -> LocalAuthority:
    return LocalAuthority(urn=urn, name=name, **values)  # type: ignore[arg-type]


def test_names_shared_by_several_authorities() -> None:
    both = Dataset(
        authorities=[_authority(1, "Twin Town", la_code="801"), _authority(2, "Twin Town")],
        inspections=[],
    )
    with pytest.raises(AmbiguousAuthorityError, match=r"Twin Town \(URN 1\), Twin Town \(URN 2\)"):
        both.authority("Twin Town")
    with pytest.raises(AmbiguousAuthorityError):
        both.authority("Twin Town Council")  # the short name is shared too
    assert both.get_authority("Twin Town") is None
    one_left = Dataset(
        authorities=[
            _authority(1, "Twin Town", la_code="801", abolished=date(2019, 4, 1)),
            _authority(2, "Twin Town", la_code="801"),
        ],
        inspections=[],
    )
    assert one_left.authority("Twin Town").urn == 2
    assert one_left.authority("Twin Town City Council").urn == 2
    assert one_left.authority("801").urn == 2  # the LA code goes to the authority that exists


def test_queries_that_are_not_names_or_codes() -> None:
    ds = load()
    stranger = _authority(99_999_999, "Leeds")
    with pytest.raises(UnknownAuthorityError, match="'Leeds'"):
        ds.authority(stranger)
    assert ds.authority(ds.authority("Leeds")).name == "Leeds"
    for query in (True, 80481.0, "   ", "12345678"):
        assert ds.get_authority(query) is None  # type: ignore[arg-type]


def test_inconsistent_records_are_refused() -> None:
    leeds = load().authority("Leeds")
    inspection = load().history("Leeds")[-1]
    with pytest.raises(OfstedRatingsError, match="two authorities have the key 80481"):
        Dataset(authorities=[leeds, leeds], inspections=[])
    with pytest.raises(OfstedRatingsError, match="of unknown authority 80481"):
        Dataset(authorities=[], inspections=[inspection])
    with pytest.raises(OfstedRatingsError, match="two inspections have id"):
        Dataset(authorities=[leeds], inspections=[inspection, inspection])


def test_module_level_queries_use_every_option() -> None:
    ds = load()
    options = {"area": "help_and_protection", "group": "core-cities", "as_of": date(2024, 1, 1)}
    assert ofr.streaks(G, 2, **options) == ds.streaks(G, 2, **options)  # type: ignore[arg-type]
    assert ofr.streaks(G, 2, or_better=True, group="core-cities") == ds.streaks(
        G, 2, group="core-cities", or_better=True
    )
    assert ofr.streaks(G, 2, or_better=True) != ofr.streaks(G, 2)
    assert ofr.history("Leeds", as_of=date(2016, 1, 1)) == ds.history("Leeds")[:2]
    assert ofr.latest("Leeds", date(2016, 1, 1)) == ds.latest("Leeds", date(2016, 1, 1))
