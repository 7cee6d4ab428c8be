"""Groups of authorities: England, the Core Cities, regions and statistical neighbours.

A group is named by a string:

* ``"england"``: every authority;
* ``"core-cities"``: the eight English members of the Core Cities group;
* a region, one of Ofsted's eight or of the ONS's nine, e.g. ``"London"``, ``"yorkshire"``,
  ``"ons:north-east"`` or ``"ofsted:north-west"`` (see *Region names* below);
* ``"neighbours:<authority>"``: an authority and its DfE statistical neighbours.

>>> from datetime import date
>>> from ofsted_ratings import load
>>> group = load().group("core-cities")
>>> len(group.members), group.outside_remit[0]
(8, 'Glasgow')
>>> load().group("neighbours:Leeds").members[0].name
'Leeds'
>>> load().group("Yorkshire and the Humber").key
'ons:yorkshire-and-the-humber'

Groups at a date
----------------
A group's members are the authorities that exist today, or, with ``as_of``, those that
existed on that date: created on or before it and abolished, if at all, after it (see
:meth:`LocalAuthority.existed_on <ofsted_ratings.models.LocalAuthority.existed_on>`). So the
South West on 31 December 2018 holds Bournemouth, Poole and Dorset County Council, and from
1 April 2019 Bournemouth, Christchurch and Poole and Dorset instead:

>>> south_west = load().group("south-west", as_of=date(2018, 12, 31))
>>> [a.name for a in south_west.members if not a.current]
['Bournemouth', 'Dorset County Council', 'Poole']
>>> "Bournemouth, Christchurch & Poole" in [a.name for a in south_west.members]
False
>>> len(load().group("england", as_of=date(2018, 12, 31)).members)
152

A :class:`Group` passed where a name is expected is used as it is, whatever the date asked
about: resolve the name at that date instead.

Region names
------------
Ofsted names eight regions (:class:`~ofsted_ratings.models.Region`), the ONS nine
(:class:`~ofsted_ratings.models.OnsRegion`). Ofsted's are the ONS's, except that Ofsted joins
the North East with Yorkshire and The Humber, so seven names are in both. A region's name
matches without regard to case, punctuation, "&" for "and", and the words "and", "the" and
"of"; the first words of a name are enough when they start no other region's ("yorkshire",
"north east, yorkshire"). A name is never split at a comma: "North East, Yorkshire and the
Humber" is one region, Ofsted's. Which region a name means:

1. ``ofsted:<name>`` is one of Ofsted's regions and ``ons:<name>`` one of the ONS's. These are
   also the keys of the region groups (``ofsted:london``, ``ons:north-east``).
2. A plain name, or ``region:<name>``, that only one scheme has is that scheme's region:
   "North East" and "Yorkshire and The Humber" are the ONS's, "North East, Yorkshire and the
   Humber" is Ofsted's.
3. A plain name that both schemes have ("London", "South West", ...) is Ofsted's region when
   the two regions have the same members in the dataset, as all seven do in the bundled
   data (an authority with no region in one of the schemes counts against neither). Where
   they differ (in a dataset of one's own), the name is ambiguous:
   :class:`~ofsted_ratings.errors.AmbiguousGroupError` lists ``ofsted:<name>`` and
   ``ons:<name>``.
4. A name whose words start several regions' names ("north", "east") is ambiguous too, and
   the error lists those regions.

A name that is no group raises :class:`~ofsted_ratings.errors.UnknownGroupError`, which
lists the valid names and suggests close ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import attrs

from ._util.dates import optional_date
from ._util.text import name_key
from .errors import (
    AmbiguousGroupError,
    UnknownAuthorityError,
    UnknownGroupError,
)
from .models import LocalAuthority, OnsRegion, Region

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = [
    "CORE_CITIES",
    "CORE_CITIES_OUTSIDE_REMIT",
    "Group",
    "group_names",
    "region_group_key",
    "resolve_group",
]

#: DfE LA codes of the English Core Cities: Birmingham, Bristol, Leeds, Liverpool,
#: Manchester, Newcastle upon Tyne, Nottingham and Sheffield (Core Cities UK; codes from
#: Ofsted's official statistics).
CORE_CITIES: tuple[str, ...] = ("330", "801", "383", "341", "352", "391", "892", "373")

#: Core Cities members outside England, whose children's services Ofsted does not inspect.
CORE_CITIES_OUTSIDE_REMIT: tuple[str, ...] = ("Glasgow", "Cardiff", "Belfast")

_CORE_CITIES_NOTE = (
    "Core Cities UK has twelve members; Glasgow, Cardiff and Belfast (and, by some accounts, "
    "Edinburgh) are outside England, where children's services are inspected by other "
    "bodies, so only the eight English members have Ofsted judgements."
)


@attrs.frozen
class Group:
    """A named set of authorities, with any members outside Ofsted's remit and a note.

    ``as_of`` is the date the members are of (``None``: today).
    """

    key: str
    name: str
    members: tuple[LocalAuthority, ...]
    outside_remit: tuple[str, ...] = ()
    note: str = ""
    as_of: date | None = None

    def __contains__(self, authority: object) -> bool:
        return isinstance(authority, LocalAuthority) and any(
            member.key == authority.key for member in self.members
        )

    def __repr__(self) -> str:
        """One line: the key, how many members, and the date they are of.

        >>> Group("england", "England", (), as_of=date(2018, 12, 31))
        <Group england: 0 members on 2018-12-31>
        """
        when = "" if self.as_of is None else f" on {self.as_of.isoformat()}"
        return f"<Group {self.key}: {len(self.members)} members{when}>"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


#: Words a region's name is matched without.
_FILLER = frozenset({"and", "the", "of"})


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in name_key(text).split() if word not in _FILLER)


_OFSTED = "ofsted"
_ONS = "ons"


def region_group_key(region: Region | OnsRegion) -> str:
    """The key of a region's group: ``ofsted:<name>`` or ``ons:<name>``.

    >>> region_group_key(Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER)
    'ofsted:north-east-yorkshire-and-the-humber'
    >>> region_group_key(OnsRegion.NORTH_EAST)
    'ons:north-east'
    """
    scheme = _OFSTED if isinstance(region, Region) else _ONS
    return f"{scheme}:{_slug(region.value)}"


_REGIONS: tuple[Region | OnsRegion, ...] = (*Region, *OnsRegion)
#: Prefixes of a region's name and the schemes each allows.
_REGION_PREFIXES = {
    "region": (_OFSTED, _ONS),
    "ofsted": (_OFSTED,),
    "ofsted-region": (_OFSTED,),
    "ons": (_ONS,),
    "ons-region": (_ONS,),
}
_NEIGHBOURS = frozenset({"neighbours", "neighbors", "statistical-neighbours"})
_ENGLAND = frozenset({"england", "all"})
_CORE = frozenset({"core-cities", "core-city", "corecities"})


def group_names() -> tuple[str, ...]:
    """The fixed group names (statistical neighbours are ``neighbours:<authority>``).

    >>> group_names()[:3]
    ('england', 'core-cities', 'ofsted:east-midlands')
    >>> group_names()[-1]
    'ons:south-west'
    """
    return ("england", "core-cities", *(region_group_key(region) for region in _REGIONS))


def _scheme(region: Region | OnsRegion) -> str:
    return _OFSTED if isinstance(region, Region) else _ONS


def _in_region(authority: LocalAuthority, region: Region | OnsRegion) -> bool:
    if isinstance(region, Region):
        return authority.region is region
    return authority.ons_region is region


def _check_day(as_of: object) -> date | None:
    return optional_date(as_of, "as_of")


def resolve_group(dataset: Dataset, name: Group | str, *, as_of: date | str | None = None) -> Group:
    """The group ``name`` stands for, with its members from ``dataset`` that existed on
    ``as_of`` (``None``: that exist today).

    Raises :class:`~ofsted_ratings.errors.UnknownGroupError` for a name that is no group, and
    :class:`~ofsted_ratings.errors.AmbiguousGroupError` for one that could be several.

    >>> from ofsted_ratings import load
    >>> load().group("North East").name, load().group("ofsted:North East, Yorkshire").key
    ('North East', 'ofsted:north-east-yorkshire-and-the-humber')
    >>> load().group("east")
    Traceback (most recent call last):
    ...
    ofsted_ratings.errors.AmbiguousGroupError: 'east' could be any of these regions: ...
    """
    if isinstance(name, Group):
        return name
    day = _check_day(as_of)
    if type(name) is not str or not name.strip():
        raise UnknownGroupError(f"not a group name: {name!r}")
    text = name.strip()
    slug = _slug(text)
    if slug in _ENGLAND:
        return Group(
            "england",
            "England",
            dataset.authorities_on(day),
            note="Every children's services authority in England.",
            as_of=day,
        )
    if slug in _CORE:
        members = tuple(dataset.authority(code) for code in CORE_CITIES)
        return Group(
            "core-cities",
            "Core Cities (England)",
            _existing(members, day),
            CORE_CITIES_OUTSIDE_REMIT,
            _CORE_CITIES_NOTE,
            as_of=day,
        )
    prefix, colon, rest = text.partition(":")
    prefix_slug = _slug(prefix) if colon else ""
    if prefix_slug in _NEIGHBOURS and rest.strip():
        return _neighbours(dataset, name, rest.strip(), day)
    schemes = _REGION_PREFIXES.get(prefix_slug)
    region_text = rest if schemes is not None else text
    region = _region(dataset, name, region_text, schemes or (_OFSTED, _ONS))
    if region is not None:
        return _region_group(dataset, region, day)
    raise _unknown(name, text if schemes is None else rest)


def _existing(members: Iterable[LocalAuthority], day: date | None) -> tuple[LocalAuthority, ...]:
    if day is None:
        return tuple(member for member in members if member.current)
    return tuple(member for member in members if member.existed_on(day))


def _neighbours(dataset: Dataset, name: str, centre_name: str, day: date | None) -> Group:
    try:
        centre = dataset.authority(centre_name)
    except UnknownAuthorityError as error:
        candidates: tuple[LocalAuthority, ...] = getattr(error, "candidates", ())
        if candidates:
            raise AmbiguousGroupError(
                f"{name!r}: {error}", [f"neighbours:{a.name}" for a in candidates]
            ) from None
        raise UnknownGroupError(
            f"{name!r}: {error}", suggestions=[f"neighbours:{s}" for s in error.suggestions]
        ) from None
    neighbours = tuple(dataset.authority(code) for code in centre.statistical_neighbours)
    return Group(
        f"neighbours:{_slug(centre.name)}",
        f"{centre.name} and its statistical neighbours",
        _existing((centre, *neighbours), day),
        note="DfE statistical neighbours (children's services), nearest first.",
        as_of=day,
    )


def _region(
    dataset: Dataset, name: str, text: str, schemes: tuple[str, ...]
) -> Region | OnsRegion | None:
    """The region ``text`` names among those of ``schemes`` (see the module's rules)."""
    words = _words(text)
    if not words:
        return None
    regions = [region for region in _REGIONS if _scheme(region) in schemes]
    found = [region for region in regions if _words(region.value) == words]
    if not found:
        found = [region for region in regions if _words(region.value)[: len(words)] == words]
    if not found:
        return None
    if len({region.value for region in found}) > 1:
        keys: dict[str, list[str]] = {}
        for region in found:
            keys.setdefault(region.value, []).append(region_group_key(region))
        names = ", ".join(f"{value} ({' or '.join(each)})" for value, each in keys.items())
        raise AmbiguousGroupError(
            f"{name!r} could be any of these regions: {names}",
            [key for each in keys.values() for key in each],
        )
    if len(found) == 1:
        return found[0]
    (ofsted,) = [region for region in found if isinstance(region, Region)]
    (ons,) = [region for region in found if isinstance(region, OnsRegion)]
    if _same_members(dataset, ofsted, ons):
        return ofsted
    both = (region_group_key(ofsted), region_group_key(ons))
    raise AmbiguousGroupError(
        f"{name!r} is a region of Ofsted's and of the ONS's, with different members in this "
        f"data: say which, {both[0]!r} or {both[1]!r}",
        both,
    )


def _same_members(dataset: Dataset, ofsted: Region, ons: OnsRegion) -> bool:
    """Whether no authority with a region in both schemes is in one region but not the
    other (an authority with no ONS region, as in data written before there were any,
    counts against neither)."""
    return all(
        _in_region(a, ofsted) == _in_region(a, ons)
        for a in dataset.authorities
        if a.region is not None and a.ons_region is not None
    )


def _region_group(dataset: Dataset, region: Region | OnsRegion, day: date | None) -> Group:
    note = "" if isinstance(region, Region) else f"ONS region {region.code}."
    members = tuple(a for a in dataset.authorities_on(day) if _in_region(a, region))
    return Group(region_group_key(region), region.value, members, note=note, as_of=day)


def _unknown(name: str, text: str) -> UnknownGroupError:
    import difflib

    names = group_names()
    choices = [*names, *dict.fromkeys(_slug(region.value) for region in _REGIONS)]
    suggestions = tuple(difflib.get_close_matches(_slug(text), choices, n=3, cutoff=0.75))
    hint = f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""
    return UnknownGroupError(
        f"unknown group {name!r}{hint}; known: {', '.join(names)}, or neighbours:<authority>",
        suggestions=suggestions,
    )
