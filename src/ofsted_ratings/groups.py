"""Groups of authorities: the Core Cities, Ofsted's regions and statistical neighbours.

A group is named by a string:

* ``"core-cities"``: the eight English members of the Core Cities group;
* a region, e.g. ``"London"`` or ``"region:north-west"``;
* ``"neighbours:<authority>"``: an authority and its DfE statistical neighbours.

>>> from ofsted_ratings import load
>>> group = load().group("core-cities")
>>> len(group.members), group.outside_remit[0]
(8, 'Glasgow')
>>> load().group("neighbours:Leeds").members[0].name
'Leeds'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from .errors import UnknownAuthorityError, UnknownGroupError
from .models import LocalAuthority, Region

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["CORE_CITIES", "CORE_CITIES_OUTSIDE_REMIT", "Group", "group_names", "resolve_group"]

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
    """A named set of authorities, with any members outside Ofsted's remit and a note."""

    key: str
    name: str
    members: tuple[LocalAuthority, ...]
    outside_remit: tuple[str, ...] = ()
    note: str = ""

    def __contains__(self, authority: object) -> bool:
        return isinstance(authority, LocalAuthority) and any(
            member.key == authority.key for member in self.members
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


_REGIONS = {_slug(region.value): region for region in Region}


def group_names() -> tuple[str, ...]:
    """The fixed group names (statistical neighbours are ``neighbours:<authority>``).

    >>> group_names()[:2]
    ('core-cities', 'region:east-midlands')
    """
    return ("core-cities", *(f"region:{slug}" for slug in _REGIONS))


def resolve_group(dataset: Dataset, name: Group | str) -> Group:
    """The group ``name`` stands for, with its members from ``dataset``.

    Raises :class:`~ofsted_ratings.errors.UnknownGroupError` for a name that is no group.
    """
    if isinstance(name, Group):
        return name
    if type(name) is not str or not name.strip():
        raise UnknownGroupError(f"not a group name: {name!r}")
    text = name.strip()
    slug = _slug(text)
    if slug in ("core-cities", "core-city", "corecities"):
        members = tuple(dataset.authority(code) for code in CORE_CITIES)
        return Group(
            "core-cities",
            "Core Cities (England)",
            members,
            CORE_CITIES_OUTSIDE_REMIT,
            _CORE_CITIES_NOTE,
        )
    if slug.startswith("region-"):
        slug = slug[len("region-") :]
    region = _REGIONS.get(slug)
    if region is not None:
        members = tuple(a for a in dataset.authorities if a.region is region and a.current)
        return Group(f"region:{_slug(region.value)}", region.value, members)
    prefix, _, rest = text.partition(":")
    if _slug(prefix) in ("neighbours", "neighbors", "statistical-neighbours") and rest.strip():
        try:
            centre = dataset.authority(rest.strip())
        except UnknownAuthorityError:
            raise UnknownGroupError(f"no authority {rest.strip()!r} for {name!r}") from None
        neighbours = tuple(dataset.authority(code) for code in centre.statistical_neighbours)
        return Group(
            f"neighbours:{_slug(centre.name)}",
            f"{centre.name} and its statistical neighbours",
            (centre, *neighbours),
            note="DfE statistical neighbours (children's services), nearest first.",
        )
    known = ", ".join(group_names())
    raise UnknownGroupError(f"unknown group {name!r}; known: {known}, or neighbours:<authority>")
