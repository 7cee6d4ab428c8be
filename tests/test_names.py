"""Finding an authority by name: short names, ambiguity, suggestions; and reorganisations."""

from __future__ import annotations

from datetime import date

import pytest

from ofsted_ratings import load
from ofsted_ratings.dataset import AmbiguousAuthorityError, normalise_name, short_name
from ofsted_ratings.errors import UnknownAuthorityError


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Newcastle", "Newcastle upon Tyne"),
        ("newcastle city council", "Newcastle upon Tyne"),
        ("Southend", "Southend-on-Sea"),
        ("SOUTHEND", "Southend-on-Sea"),
        ("Hull", "Kingston upon Hull"),
        ("Hull City Council", "Kingston upon Hull"),
        ("Stoke", "Stoke-on-Trent"),
        ("Brighton", "Brighton and Hove"),
        ("Telford", "Telford & Wrekin"),
        ("Blackburn", "Blackburn with Darwen"),
        ("East Riding", "East Riding of Yorkshire"),
        ("Richmond", "Richmond upon Thames"),
    ],
)
def test_common_short_names(query: str, name: str) -> None:
    assert load().authority(query).name == name


def test_every_reviewed_alias_is_its_authoritys_and_only_its() -> None:
    # The maintainers' build lives in tools/ (on pytest's path), which a wheel does not carry.
    build_authorities = pytest.importorskip("build_authorities", reason="tools/ is not here")
    ds = load()
    for code, reviewed in build_authorities.REVIEWED_ALIASES.items():
        owner = ds.authority(code)
        for alias, reason in reviewed:
            assert reason.strip(), alias
            assert alias in owner.aliases
            assert ds.authority(alias) == owner
            wanted = {tuple(normalise_name(alias).split()), tuple(short_name(alias).split())}
            for other in ds.authorities:
                if other == owner:
                    continue
                for name in other.names:
                    for key in (normalise_name(name), short_name(name)):
                        words = tuple(key.split())
                        assert not any(words[: len(w)] == w for w in wanted), (alias, name)


def test_every_name_and_alias_finds_its_authority() -> None:
    """No alias collides with another authority's name (an abolished authority's name may
    be shared with the authority that took its area over, which wins)."""
    ds = load()
    for authority in ds.authorities:
        for name in authority.names:
            found = ds.authority(name)
            assert found == authority or (not authority.current and found.current), name


def test_kingston_is_ambiguous() -> None:
    with pytest.raises(AmbiguousAuthorityError) as caught:
        load().authority("Kingston")
    error = caught.value
    assert [a.name for a in error.candidates] == ["Kingston upon Hull", "Kingston upon Thames"]
    assert "Kingston upon Hull" in str(error) and "Kingston upon Thames" in str(error)
    assert error.suggestions == ("Kingston upon Hull", "Kingston upon Thames")
    assert issubclass(AmbiguousAuthorityError, UnknownAuthorityError)
    assert load().get_authority("Kingston") is None


def test_other_names_that_begin_several() -> None:
    ds = load()
    with pytest.raises(AmbiguousAuthorityError) as cheshire:
        ds.authority("Cheshire")
    assert [a.name for a in cheshire.value.candidates] == [
        "Cheshire East",
        "Cheshire West and Chester",
    ]
    with pytest.raises(AmbiguousAuthorityError) as north:
        ds.authority("north")
    assert all(a.name.startswith("North ") for a in north.value.candidates)
    assert len(north.value.candidates) > 2


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("Leds", "Leeds"),
        ("Manchster", "Manchester"),
        ("Birmingam", "Birmingham"),
        ("Westmorland", "Westmorland and Furness"),
        ("Dorset County", "Dorset County Council"),
        ("Newcastel", "Newcastle upon Tyne"),
    ],
)
def test_suggestions(query: str, suggestion: str) -> None:
    """A near miss is never taken for the name, but suggested."""
    with pytest.raises(UnknownAuthorityError) as caught:
        load().authority(query)
    error = caught.value
    assert not isinstance(error, AmbiguousAuthorityError)
    assert error.suggestions[0] == suggestion
    assert f"did you mean {suggestion}" in str(error)
    assert error.query == query


def test_no_suggestion_when_nothing_is_close() -> None:
    with pytest.raises(UnknownAuthorityError) as caught:
        load().authority("Atlantis")
    assert caught.value.suggestions == ()
    assert str(caught.value) == "no local authority matches 'Atlantis'"


# -- reorganisations -------------------------------------------------------------------------


def test_predecessors_and_successors() -> None:
    ds = load()
    bcp = ds.authority("BCP")
    assert [a.name for a in ds.predecessors(bcp)] == [
        "Bournemouth",
        "Poole",
        "Dorset County Council",
    ]
    assert ds.successors(bcp) == ()
    for predecessor in ds.predecessors(bcp):
        assert bcp in ds.successors(predecessor)
        assert predecessor.abolished == bcp.created == date(2019, 4, 1)
    assert [a.name for a in ds.successors("Northamptonshire")] == [
        "North Northamptonshire",
        "West Northamptonshire",
    ]


def test_lineage_notes() -> None:
    ds = load()
    assert ds.lineage_note("Cumbria") == (
        "became Cumberland and Westmorland and Furness on 2023-04-01"
    )
    assert ds.lineage_note("BCP") == (
        "formed on 2019-04-01 from Bournemouth, Poole and Dorset County Council"
    )
    assert ds.lineage_note("Dorset County Council") == (
        "became Dorset and Bournemouth, Christchurch & Poole on 2019-04-01"
    )
    assert ds.lineage_note("Bedford") == "formed on 2009-04-01"
    assert ds.lineage_note("Leeds") == ""


def test_authorities_on_a_day() -> None:
    ds = load()
    day = date(2021, 3, 31)
    names = {a.name for a in ds.authorities_on(day)}
    assert "Northamptonshire" in names and "North Northamptonshire" not in names
    assert "Cumbria" in names and "Bournemouth" not in names
    assert ds.authorities_on() == ds.current_authorities
