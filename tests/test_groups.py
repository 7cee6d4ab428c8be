"""Groups: England, regions of both schemes with forgiving names, and members at a date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ofsted_ratings import Grade, load
from ofsted_ratings.dataset import Dataset
from ofsted_ratings.errors import AmbiguousGroupError, OfstedRatingsError, UnknownGroupError
from ofsted_ratings.groups import Group, group_names, region_group_key, resolve_group
from ofsted_ratings.models import LocalAuthority, OnsRegion, Region

REORGANISED = date(2019, 4, 1)


def _names(group: Group) -> set[str]:
    return {authority.name for authority in group.members}


# -- members at a date --------------------------------------------------------------------


def test_south_west_before_and_after_2019() -> None:
    ds = load()
    old = {"Bournemouth", "Poole", "Dorset County Council"}
    new = {"Bournemouth, Christchurch & Poole", "Dorset"}
    for name in ("south-west", "ons:south-west", "ofsted:South West"):
        before = _names(ds.group(name, as_of=REORGANISED - timedelta(days=1)))
        after = _names(ds.group(name, as_of=REORGANISED))
        assert old <= before and not new & before
        assert new <= after and not old & after
        assert before - old == after - new  # the rest of the region is the same
    assert not old & _names(ds.group("south-west"))


@pytest.mark.parametrize(
    ("group", "day", "old", "new"),
    [
        ("north-west", date(2023, 4, 1), {"Cumbria"}, {"Cumberland", "Westmorland and Furness"}),
        (
            "east midlands",
            date(2021, 4, 1),
            {"Northamptonshire"},
            {"North Northamptonshire", "West Northamptonshire"},
        ),
    ],
)
def test_reorganised_counties(group: str, day: date, old: set[str], new: set[str]) -> None:
    ds = load()
    before = _names(ds.group(group, as_of=day - timedelta(days=1)))
    after = _names(ds.group(group, as_of=day))
    assert old <= before and not new & before
    assert new <= after and not old & after


def test_england_at_dates() -> None:
    """152 authorities at the end of 2018 (Ofsted's annual report of December 2018, domain.md
    section 3) and 153 today (the official files of 2024 and 2025)."""
    ds = load()
    assert len(ds.group("england", as_of=date(2018, 12, 31)).members) == 152
    today = ds.group("England")
    assert (today.key, today.name, len(today.members)) == ("england", "England", 153)
    assert all(member.current for member in today.members)


def test_every_group_takes_the_date() -> None:
    ds = load()
    day = date(2018, 12, 31)
    for name in (*group_names(), "neighbours:Leeds"):
        group = ds.group(name, as_of=day)
        assert group.as_of == day
        assert all(member.existed_on(day) for member in group.members), name
        assert ds.group(name).as_of is None
        assert all(member.current for member in ds.group(name).members), name


def test_a_group_object_is_used_as_it_is() -> None:
    ds = load()
    today = ds.group("south-west")
    assert resolve_group(ds, today, as_of=date(2018, 1, 1)) is today


def test_as_of_is_a_date_or_iso_text() -> None:
    ds = load()
    assert ds.group("london", as_of="2018-01-01") == ds.group("london", as_of=date(2018, 1, 1))
    assert ds.authorities_on("2018-12-31") == ds.authorities_on(date(2018, 12, 31))
    for bad in ("2018-02-30", "yesterday", 20180101):
        with pytest.raises(OfstedRatingsError, match="as_of"):
            ds.group("london", as_of=bad)  # type: ignore[arg-type]


def test_rated_in_a_group_counts_abolished_councils_then() -> None:
    """Bournemouth's ILACS inspection of July 2018 required improvement (domain.md section
    3a, from Ofsted's official history); Poole's and Dorset County Council's SIF ones too
    (section 6e)."""
    ds = load()
    then = ds.rated(Grade.REQUIRES_IMPROVEMENT, as_of=date(2018, 12, 31), group="south-west")
    names = {authority.name for authority, _ in then}
    assert {"Bournemouth", "Poole", "Dorset County Council"} <= names
    later = ds.rated(Grade.REQUIRES_IMPROVEMENT, as_of=REORGANISED, group="south-west")
    assert not {"Bournemouth", "Poole", "Dorset County Council"} & {a.name for a, _ in later}


def test_streaks_in_a_group_at_a_date() -> None:
    """Cumbria's SIF re-inspection of 2017 and its ILACS inspection of 2022 both required
    improvement (domain.md sections 6e and 3a): a run of two in the North West then."""
    ds = load()
    then = ds.streaks(Grade.REQUIRES_IMPROVEMENT, 2, group="north-west", as_of=date(2023, 3, 31))
    assert "Cumbria" in {s.authority.name for s in then}
    today = ds.streaks(Grade.REQUIRES_IMPROVEMENT, 2, group="north-west")
    assert "Cumbria" not in {s.authority.name for s in today}
    after = ds.streaks(Grade.REQUIRES_IMPROVEMENT, 2, as_of=date(2023, 4, 1))
    assert "Cumbria" not in {s.authority.name for s in after}


def test_counts_in_a_group_at_a_date() -> None:
    ds = load()
    result = ds.counts(as_of=date(2018, 12, 31), group="yorkshire")
    assert result.whole.key == "ons:yorkshire-and-the-humber"
    assert result.whole.total == len(ds.group("yorkshire", as_of=date(2018, 12, 31)).members)
    south_west = ds.counts(as_of=date(2018, 12, 31), group="south west")
    assert "Bournemouth" in {entry.authority.name for entry in south_west.entries}


def test_counts_by_ons_region() -> None:
    ds = load()
    result = ds.counts(as_of=date(2025, 3, 31), convention="ofsted", by="ons_region")
    regions = result.tallies[1:]
    assert [tally.name for tally in regions] == [region.value for region in OnsRegion]
    assert [tally.key for tally in regions] == [region_group_key(r) for r in OnsRegion]
    assert sum(tally.total for tally in regions) == result.whole.total == 153
    by_ofsted = ds.counts(as_of=date(2025, 3, 31), convention="ofsted", by="region")
    north_east = result.tally("ons:north-east").outstanding
    yorkshire = result.tally("Yorkshire and The Humber").outstanding
    joined = by_ofsted.tally(Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER).outstanding
    assert north_east + yorkshire == joined


# -- region names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("yorkshire", "ons:yorkshire-and-the-humber"),
        ("Yorkshire and The Humber", "ons:yorkshire-and-the-humber"),
        ("Yorkshire & Humber", "ons:yorkshire-and-the-humber"),
        ("YORKSHIRE AND THE HUMBER", "ons:yorkshire-and-the-humber"),
        ("region:yorkshire", "ons:yorkshire-and-the-humber"),
        ("North East", "ons:north-east"),
        ("north-east", "ons:north-east"),
        ("North East, Yorkshire and the Humber", "ofsted:north-east-yorkshire-and-the-humber"),
        ("north east yorkshire", "ofsted:north-east-yorkshire-and-the-humber"),
        ("ofsted:north east", "ofsted:north-east-yorkshire-and-the-humber"),
        ("london", "ofsted:london"),
        ("London", "ofsted:london"),
        ("region:london", "ofsted:london"),
        ("ofsted:london", "ofsted:london"),
        ("ons:london", "ons:london"),
        ("ONS: London", "ons:london"),
        ("ons-region:london", "ons:london"),
        ("South West", "ofsted:south-west"),
        ("region:north-west", "ofsted:north-west"),
        ("east of england", "ofsted:east-of-england"),
        ("East England", "ofsted:east-of-england"),
        ("west", "ofsted:west-midlands"),
        ("england", "england"),
        ("Core Cities", "core-cities"),
    ],
)
def test_forgiving_names(name: str, key: str) -> None:
    assert load().group(name).key == key


def test_the_keys_are_names() -> None:
    ds = load()
    for name in group_names():
        assert ds.group(name).key == name
    for region in (*Region, *OnsRegion):
        group = ds.group(region_group_key(region))
        assert group.name == region.value
        attribute = "region" if isinstance(region, Region) else "ons_region"
        assert {a.key for a in group.members} == {
            a.key for a in ds.current_authorities if getattr(a, attribute) is region
        }


def test_the_joined_region_is_one_name_not_two() -> None:
    ds = load()
    joined = ds.group("North East, Yorkshire and the Humber")
    parts = ds.group("ons:north-east").members + ds.group("ons:yorkshire-and-the-humber").members
    assert {a.key for a in joined.members} == {a.key for a in parts}
    assert len(joined.members) == 27


def test_a_shared_name_is_ofsteds_when_the_members_agree() -> None:
    ds = load()
    for region in Region:
        if region is Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER:
            continue
        plain = ds.group(region.value)
        ons = ds.group(region_group_key(OnsRegion(region.value)))
        assert plain.key == region_group_key(region)
        assert plain.members == ons.members


def _authority(number: int, region: Region, ons: OnsRegion) -> LocalAuthority:
    return LocalAuthority(
        urn=number,
        name=f"Council {number}",
        la_code=f"{200 + number}",
        region=region,
        ons_region=ons,
    )


def test_a_shared_name_with_other_members_is_ambiguous() -> None:
    ds = Dataset(
        authorities=[
            _authority(1, Region.LONDON, OnsRegion.LONDON),
            _authority(2, Region.LONDON, OnsRegion.SOUTH_EAST),
        ],
        inspections=[],
    )
    for name in ("London", "region:london"):
        with pytest.raises(AmbiguousGroupError, match="'ofsted:london' or 'ons:london'") as caught:
            ds.group(name)
        assert caught.value.candidates == ("ofsted:london", "ons:london")
    assert len(ds.group("ofsted:london").members) == 2
    assert len(ds.group("ons:london").members) == 1
    assert len(ds.group("ons:south-east").members) == 1


def test_authorities_without_an_ons_region_make_no_name_ambiguous() -> None:
    """Data written before authorities had ONS regions has none: plain names are Ofsted's."""
    unplaced = LocalAuthority(urn=3, name="Council 3", la_code="203", region=Region.LONDON)
    ds = Dataset(
        authorities=[_authority(1, Region.LONDON, OnsRegion.LONDON), unplaced], inspections=[]
    )
    assert ds.group("London").key == "ofsted:london"
    assert len(ds.group("London").members) == 2
    assert len(ds.group("ons:london").members) == 1


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        (
            "north",
            {
                "ofsted:north-east-yorkshire-and-the-humber",
                "ofsted:north-west",
                "ons:north-west",
                "ons:north-east",
            },
        ),
        (
            "east",
            {
                "ofsted:east-midlands",
                "ofsted:east-of-england",
                "ons:east-midlands",
                "ons:east-of-england",
            },
        ),
        ("ons:south", {"ons:south-east", "ons:south-west"}),
    ],
)
def test_a_name_that_starts_several_regions_is_ambiguous(name: str, candidates: set[str]) -> None:
    with pytest.raises(AmbiguousGroupError) as caught:
        load().group(name)
    assert set(caught.value.candidates) == candidates
    for key in candidates:
        assert key in str(caught.value)
    assert isinstance(caught.value, UnknownGroupError)


def test_an_unknown_name_lists_the_valid_ones_and_suggests() -> None:
    ds = load()
    with pytest.raises(UnknownGroupError) as caught:
        ds.group("moon")
    message = str(caught.value)
    for name in group_names():
        assert name in message
    assert "neighbours:<authority>" in message
    assert caught.value.suggestions == ()
    with pytest.raises(UnknownGroupError, match="did you mean london") as near:
        ds.group("Londn")
    assert near.value.suggestions == ("london",)
    with pytest.raises(UnknownGroupError):
        ds.group("ons:north east yorkshire")  # Ofsted's region, not the ONS's
    with pytest.raises(UnknownGroupError):
        ds.group("region:")


def test_neighbours_of_an_unclear_authority() -> None:
    ds = load()
    with pytest.raises(AmbiguousGroupError) as ambiguous:
        ds.group("neighbours:Kingston")
    assert ambiguous.value.candidates == (
        "neighbours:Kingston upon Hull",
        "neighbours:Kingston upon Thames",
    )
    with pytest.raises(UnknownGroupError, match="did you mean Leeds") as unknown:
        ds.group("neighbours:Leds")
    assert unknown.value.suggestions == ("neighbours:Leeds",)
    assert ds.group("neighbours:Newcastle").members[0].name == "Newcastle upon Tyne"


# -- properties ------------------------------------------------------------------------------

_DAYS = st.dates(min_value=date(2005, 1, 1), max_value=date(2030, 12, 31))


@given(day=_DAYS)
def test_england_holds_each_authority_of_the_day_once(day: date) -> None:
    ds = load()
    england = ds.group("england", as_of=day)
    keys = [a.key for a in england.members]
    assert len(keys) == len(set(keys))
    assert set(keys) == {a.key for a in ds.authorities if a.existed_on(day)}
    assert england.members == ds.authorities_on(day)
    for scheme in (Region, OnsRegion):
        regions = [ds.group(region_group_key(region), as_of=day) for region in scheme]
        placed = [a.key for group in regions for a in group.members]
        assert sorted(placed) == sorted(keys)


@given(
    spans=st.lists(
        st.tuples(st.none() | _DAYS, st.none() | _DAYS).filter(
            lambda span: span[0] is None or span[1] is None or span[0] < span[1]
        ),
        min_size=1,
        max_size=6,
    ),
    day=_DAYS,
)
def test_members_at_a_date_are_those_that_existed(
    spans: list[tuple[date | None, date | None]], day: date
) -> None:
    authorities = [
        LocalAuthority(
            urn=number + 1,
            name=f"Council {number}",
            la_code=f"{300 + number}",
            region=Region.LONDON,
            ons_region=OnsRegion.LONDON,
            created=created,
            abolished=abolished,
        )
        for number, (created, abolished) in enumerate(spans)
    ]
    ds = Dataset(authorities=authorities, inspections=[])
    for name in ("england", "london", "ons:london"):
        members = ds.group(name, as_of=day).members
        expected = [
            a
            for a in authorities
            if (a.created is None or a.created <= day)
            and (a.abolished is None or day < a.abolished)
        ]
        assert list(members) == expected
        assert list(ds.group(name).members) == [a for a in authorities if a.abolished is None]
