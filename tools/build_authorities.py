"""Build ``data/authorities.csv``: every English children's services authority.

The 153 current authorities, plus the abolished ones that Ofsted inspected under ILACS
(Bournemouth, Northamptonshire, Cumbria), Poole, which the lookup lists, and Dorset County
Council, whose SIF inspection of 2016 cited sources record (domain section 6e). It runs as
part of :mod:`ofsted_ratings.build` (``nox -s data``).

Where each field comes from (``OFF25``/``OFF24``: Ofsted's official statistics "Local authority
inspection outcomes as at 31 March" 2025 and 2024, read with :mod:`ofsted_ratings.official`;
``lookup``: ``sources/la-lookup.csv``, a third-party compilation; ``manifest``:
``reports/manifest.csv``; ``domain``: the facts in ``reference/domain.md`` with their sources):

``urn``
    lookup ``urn`` for current authorities, which equals the manifest URN of every
    authority with reports and the ``/provider/44/<URN>`` links of the OFF24 history where it
    uses URNs (checked). Bournemouth, Northamptonshire and Cumbria: the OFF24 history's link
    for the authority in its table of authorities that no longer exist (the lookup gives other
    numbers for Northamptonshire and Cumbria; the official file wins). Poole: lookup only.
    Dorset County Council: none. No source at hand gives its URN, so it has none, and it is
    keyed by its LA code (``la-835``) instead.
``name``
    OFF25 "Local authority name" (current and abolished); Poole: lookup; Dorset County
    Council: domain section 6e.
``la_code``
    lookup ``la_code``, checked against the OFF25 links ``/provider/44/<code>``; the two links
    that disagree (City of London 206, North Northamptonshire 941) point at other authorities'
    codes (Islington, West Northamptonshire) and are errata (domain section 3). Abolished
    authorities: lookup where it has them, and domain section 3a (which also gives
    Bournemouth's 837), checked against each other.
``ons_code`` / ``former_ons_codes``
    lookup ``la_code_new`` (the current GSS code), checked against the OFF25 "Local authority
    area code"; OFF25 still prints Barnsley's and Sheffield's codes from before April 2025
    (domain section 3), which become their former codes. Abolished authorities: OFF25
    (Bournemouth, Northamptonshire, Cumbria), lookup (Poole). Dorset County Council: none
    (no source at hand gives its GSS code).
``region``
    OFF25 "Ofsted region" (eight regions). Poole: the lookup's region "South West", used only
    because every authority the lookup places in the South West is in Ofsted's South West.
    Dorset County Council: the Ofsted region of its successors (Dorset, and Bournemouth,
    Christchurch and Poole), used only because they are in the same one (South West).
``ons_region``
    lookup ``rgn22nm`` (the ONS region's name; "Yorkshire and the Humber" and "Yorkshire and
    The Humber" both occur, and are matched without regard to case), checked three ways:

    * against ``rgn22cd``, the region's ONS code. Two rows give another region's code:
      Buckinghamshire (825) ``E12000004``, the East Midlands' code, for the South East, and
      Gloucestershire (916) ``E12000003``, Yorkshire and The Humber's, for the South West
      (domain section 3 notes the first). For these two the name is taken, because the
      lookup's own ``region_name`` and the authority's Ofsted region (OFF25) both agree
      with it and not with the code; they are listed in :data:`_REGION_CODE_ERRATA`, and
      any other disagreement, or an erratum that no longer occurs, stops the build;
    * against the authority's Ofsted region: Ofsted's regions are the ONS's, except that it
      joins the North East with Yorkshire and The Humber (:data:`_OFSTED_REGION_OF`); every
      authority must agree;
    * each ONS region's code in :class:`~ofsted_ratings.models.OnsRegion` is the one every
      other row of the lookup gives it.

    Bournemouth (no row in the lookup) and Dorset County Council (none either): the ONS
    region of their successors, used only because all of them are in the same one (South
    West), and checked against their Ofsted region.
``type``
    lookup ``ons_la_type``; City of London and the Isles of Scilly have their own types;
    Cumberland, Westmorland and Furness and North Yorkshire are unitary authorities (domain
    section 3a: the 2023 "new unitary authorities", GSS codes E06), though the lookup says
    "County"; Northamptonshire and Dorset County Councils: county (domain 3a). Bournemouth and
    Poole stay
    empty: no source gives their type.
``aliases``
    lookup ``also_known_as``, the lookup's ONS names (``local_authority_ons_name`` and
    ``utla23nm``), the manifest's ``la_name`` where they differ from the name by more than
    case, then the reviewed short names of :data:`REVIEWED_ALIASES` (each with its reason);
    unique, in that order. The build stops if an alias is another authority's name or alias,
    or the first words of another authority's name ("Kingston" would hide that it starts
    both Kingston upon Hull and Kingston upon Thames).
``created`` / ``abolished`` / ``predecessors`` / ``successors``
    domain section 3a: 1 April 2009 (Bedford, Central Bedfordshire, Cheshire East, Cheshire
    West and Chester), 1 April 2019 (Bournemouth and Poole into Bournemouth, Christchurch and
    Poole; Dorset County Council into Dorset and, for Christchurch, into Bournemouth,
    Christchurch and Poole), 1 April 2021 (Northamptonshire into North and West
    Northamptonshire), 1 April 2023 (Cumbria into Cumberland and Westmorland and Furness).
    Buckinghamshire, North Yorkshire and Somerset kept their children's services authority, LA
    code and URN. Bedfordshire and Cheshire County Councils (abolished 2009, before any
    inspection the data holds) are not listed; no source gives their URNs either.
``statistical_neighbours``
    lookup ``stat_neighbours`` (DfE LA codes, in the lookup's order), checked against its GSS
    list ``stat_neighbours_la_code``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

import attrs

from ofsted_ratings.dataset import normalise_name, short_name
from ofsted_ratings.errors import DataFileError
from ofsted_ratings.models import AuthorityType, LocalAuthority, OnsRegion, Region
from ofsted_ratings.sources.official import NO_LONGER_EXISTS, OfficialOutcomes, read_outcomes

__all__ = ["REVIEWED_ALIASES", "build_authorities"]

OFF25 = "sources/ofsted-official/LA_Inspection_Outcomes_as_at_31_March_2025.ods"
OFF24 = "sources/ofsted-official/LA_Inspection_Outcomes_as_at_March_2024.ods"
LOOKUP = "sources/la-lookup.csv"
MANIFEST = "reports/manifest.csv"

#: GSS codes that changed in April 2025 (domain section 3): OFF25 prints the old ones.
_CODE_CHANGES = {"E08000016": "E08000038", "E08000019": "E08000039"}

#: OFF25 links that point at another authority's page (domain section 3): ONS code -> the
#: code in the link, and the authority's own code (lookup).
_LINK_ERRATA = {"E09000001": ("206", "201"), "E06000061": ("941", "940")}

#: LA codes of the abolished authorities, as domain section 3a gives them.
_ABOLISHED_CODES = {
    "Bournemouth": "837",
    "Poole": "836",
    "Northamptonshire": "928",
    "Cumbria": "909",
    "Dorset County Council": "835",
}

#: Abolished authorities that no official file or lookup lists, from domain section 6e.
_CITED_ONLY = ("Dorset County Council",)

#: Lookup rows whose ``rgn22cd`` is another region's code (see the module docstring): LA
#: code -> the code the lookup gives. The row's ``rgn22nm`` is taken instead.
_REGION_CODE_ERRATA = {
    "825": "E12000004",  # Buckinghamshire: the East Midlands' code, for the South East
    "916": "E12000003",  # Gloucestershire: Yorkshire and The Humber's code, for the South West
}

#: The Ofsted region each ONS region lies in.
_OFSTED_REGION_OF = {
    ons: Region.NORTH_EAST_YORKSHIRE_AND_THE_HUMBER
    if ons in (OnsRegion.NORTH_EAST, OnsRegion.YORKSHIRE_AND_THE_HUMBER)
    else Region(ons.value)
    for ons in OnsRegion
}

#: Short names in common use, reviewed one by one: LA code -> (alias, why). None is another
#: authority's name or alias or the first words of another's name (the build checks).
REVIEWED_ALIASES: dict[str, tuple[tuple[str, str], ...]] = {
    "391": (
        (
            "Newcastle",
            "the city's usual name (Core Cities UK lists it so, domain section 4); "
            "Newcastle-under-Lyme is a district council, not a children's services authority",
        ),
    ),
    "882": (("Southend", "the usual short name of Southend-on-Sea City Council"),),
    "810": (("Hull", "the usual name of the city and of Hull City Council"),),
    "861": (("Stoke", "the usual short name of Stoke-on-Trent City Council"),),
    "846": (("Brighton", "the usual short name of Brighton and Hove City Council"),),
    "894": (("Telford", "the usual short name of Telford & Wrekin Council"),),
    "889": (("Blackburn", "the usual short name of Blackburn with Darwen Borough Council"),),
    "811": (("East Riding", "the usual short name of the East Riding of Yorkshire Council"),),
    "318": (
        (
            "Richmond",
            "the usual short name of the London Borough of Richmond upon Thames; "
            "Richmondshire (North Yorkshire) was a district council",
        ),
    ),
}

_TYPES = {
    "County": AuthorityType.COUNTY,
    "London Borough": AuthorityType.LONDON_BOROUGH,
    "Metropolitan District": AuthorityType.METROPOLITAN_DISTRICT,
    "Unitary Authority": AuthorityType.UNITARY_AUTHORITY,
}
#: Types by LA code where the lookup's is missing or not this authority's own (see above).
_TYPE_OVERRIDES: dict[str, AuthorityType | None] = {
    "201": AuthorityType.CITY_OF_LONDON,
    "420": AuthorityType.ISLES_OF_SCILLY,
    "942": AuthorityType.UNITARY_AUTHORITY,
    "943": AuthorityType.UNITARY_AUTHORITY,
    "815": AuthorityType.UNITARY_AUTHORITY,
    "928": AuthorityType.COUNTY,
    "909": AuthorityType.COUNTY,
    "835": AuthorityType.COUNTY,
    "836": None,
    "837": None,
}


class _Reorganisation:
    """One reorganisation of domain section 3a, by LA code."""

    def __init__(self, day: date, links: Sequence[tuple[str | None, str]]) -> None:
        self.day = day
        #: (predecessor, successor) pairs; ``None`` for a predecessor no source gives a URN.
        self.links = tuple(links)


_REORGANISATIONS = (
    # Bedfordshire CC -> Bedford Borough, Central Bedfordshire; Cheshire CC -> Cheshire East,
    # Cheshire West and Chester. The county councils have no URN in any source.
    _Reorganisation(date(2009, 4, 1), [(None, "822"), (None, "823"), (None, "895"), (None, "896")]),
    # Bournemouth and Poole -> Bournemouth, Christchurch and Poole (OFF25 links Bournemouth
    # to its page); Dorset CC -> Dorset and (Christchurch) BCP.
    _Reorganisation(
        date(2019, 4, 1), [("837", "839"), ("836", "839"), ("835", "838"), ("835", "839")]
    ),
    # Northamptonshire CC -> North and West Northamptonshire.
    _Reorganisation(date(2021, 4, 1), [("928", "940"), ("928", "941")]),
    # Cumbria CC -> Cumberland, Westmorland and Furness.
    _Reorganisation(date(2023, 4, 1), [("909", "942"), ("909", "943")]),
)

_SMALL_WORDS = frozenset({"and", "of", "on", "upon", "the", "with", "in", "under"})
_PROVIDER_URN = re.compile(r"\d{5,}")


def _key(name: str) -> str:
    """A name for matching: case, "&"/"and", full stops and runs of spaces ignored."""
    text = name.casefold().replace("&", " and ").replace(".", "")
    return " ".join(text.split())


def _title(name: str) -> str:
    """A lower-case manifest name in the case the official files use ("Stoke-on-Trent")."""
    words = []
    for index, word in enumerate(name.split(" ")):
        parts = word.split("-")
        parts = [
            part if (part in _SMALL_WORDS and (index or position)) else part[:1].upper() + part[1:]
            for position, part in enumerate(parts)
        ]
        words.append("-".join(parts))
    return " ".join(words)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as error:
        raise DataFileError(str(path), f"cannot read: {error}") from None


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def build_authorities(shared: Path) -> list[LocalAuthority]:
    """Every children's services authority, from the files in ``shared`` (sorted by name).

    Raises :class:`~ofsted_ratings.errors.DataFileError` when the sources disagree in a way
    not accounted for in this module (see the module docstring).
    """
    shared = Path(shared)
    off25 = read_outcomes(shared / OFF25)
    off24 = read_outcomes(shared / OFF24)
    lookup_path = shared / LOOKUP
    lookup = _read_csv(lookup_path)
    manifest = _read_csv(shared / MANIFEST)
    builder = _Builder(off25, off24, lookup_path, lookup, manifest)
    return builder.build()


class _Builder:
    def __init__(
        self,
        off25: OfficialOutcomes,
        off24: OfficialOutcomes,
        lookup_path: Path,
        lookup: list[dict[str, str]],
        manifest: list[dict[str, str]],
    ) -> None:
        self.off25 = off25
        self.off24 = off24
        self.lookup_path = str(lookup_path)
        self.lookup = lookup
        self.manifest = manifest
        self.by_ons = {row["la_code_new"]: row for row in lookup}
        self.by_code = {row["la_code"]: row for row in lookup}
        self.manifest_names: dict[int, list[str]] = {}
        for row in manifest:
            names = self.manifest_names.setdefault(int(row["urn"]), [])
            if row["la_name"] not in names:
                names.append(row["la_name"])

    def fail(self, message: str, *, path: str | None = None) -> DataFileError:
        return DataFileError(path or self.lookup_path, message)

    # -- one authority at a time

    def lookup_row(self, ons_code: str | None, link_code: str | None, name: str) -> dict[str, str]:
        row = self.by_ons.get(_CODE_CHANGES.get(ons_code or "", ons_code or ""))
        if row is None and link_code is not None:
            row = self.by_code.get(link_code)
        if row is None:
            raise self.fail(f"no row for {name} ({ons_code}, LA code {link_code})")
        return row

    def la_code(self, ons_code: str, link_code: str | None, row: Mapping[str, str]) -> str:
        code = row["la_code"]
        if link_code != code and _LINK_ERRATA.get(ons_code) != (link_code, code):
            raise self.fail(
                f"{row['local_authority_ons_name']}: LA code {code} but OFF25 links to "
                f"/provider/44/{link_code}",
                path=self.off25.path,
            )
        return code

    def ons_codes(self, official: str, row: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
        current = row["la_code_new"]
        if official == current:
            return current, ()
        if _CODE_CHANGES.get(official) == current:
            return current, (official,)
        raise self.fail(
            f"{row['local_authority_ons_name']}: GSS code {current} but OFF25 has {official}"
        )

    def kind(self, code: str, row: Mapping[str, str] | None) -> AuthorityType | None:
        if code in _TYPE_OVERRIDES:
            return _TYPE_OVERRIDES[code]
        text = "" if row is None else row["ons_la_type"]
        if text not in _TYPES:
            raise self.fail(f"LA code {code}: unknown ons_la_type {text!r}")
        return _TYPES[text]

    def aliases(
        self, name: str, urn: int, code: str, row: Mapping[str, str] | None
    ) -> tuple[str, ...]:
        lookup_names = [] if row is None else [row["local_authority_ons_name"], row["utla23nm"]]
        manifest_names = [_title(item) for item in self.manifest_names.get(urn, [])]
        known = {_key(item) for item in [name, *lookup_names, *manifest_names] if item}
        candidates: list[str] = []
        if row is not None:
            candidates += _also_known_as(row["also_known_as"], known)
        candidates += lookup_names + manifest_names
        candidates += [alias for alias, _ in REVIEWED_ALIASES.get(code, ())]
        seen = {name.casefold()}
        aliases = []
        for candidate in candidates:
            candidate = " ".join(candidate.split())
            if candidate and candidate.casefold() not in seen:
                seen.add(candidate.casefold())
                aliases.append(candidate)
        return tuple(aliases)

    def ons_region(self, row: Mapping[str, str], region: Region | None) -> OnsRegion:
        """The ONS region of a lookup row, checked (see the module docstring)."""
        name = row["local_authority_ons_name"]
        found = _ONS_BY_NAME.get(row["rgn22nm"].casefold())
        if found is None:
            raise self.fail(f"{name}: rgn22nm {row['rgn22nm']!r} is no ONS region")
        code, erratum = row["rgn22cd"], _REGION_CODE_ERRATA.get(row["la_code"])
        if erratum is not None:
            if code == found.code or code != erratum:
                raise self.fail(f"{name}: the erratum {erratum} no longer applies (rgn22cd {code})")
            if row["region_name"].casefold() != found.value.casefold() or (
                region is not None and _OFSTED_REGION_OF[found] is not region
            ):
                raise self.fail(f"{name}: rgn22cd {code} and rgn22nm {found} are not resolved")
        elif code != found.code:
            raise self.fail(f"{name}: rgn22cd {code} is not the code of {found} ({found.code})")
        if region is not None and _OFSTED_REGION_OF[found] is not region:
            raise self.fail(f"{name}: ONS region {found} is not in Ofsted's {region}")
        return found

    def neighbours(self, row: Mapping[str, str]) -> tuple[str, ...]:
        codes = _split(row["stat_neighbours"])
        gss = _split(row["stat_neighbours_la_code"])
        name = row["local_authority_ons_name"]
        if len(codes) != len(gss):
            raise self.fail(f"{name}: stat_neighbours and stat_neighbours_la_code differ in length")
        for code, ons in zip(codes, gss, strict=True):
            other = self.by_code.get(code)
            if other is None or other["la_code_new"] != _CODE_CHANGES.get(ons, ons):
                raise self.fail(f"{name}: statistical neighbour {code} is not {ons}")
        return tuple(codes)

    # -- all of them

    def current(self) -> list[LocalAuthority]:
        authorities = []
        for outcome in self.off25.latest:
            ons = outcome.ons_code
            if ons is None:
                raise self.fail(f"{outcome.la_name} has no area code", path=self.off25.path)
            row = self.lookup_row(ons, outcome.provider_id, outcome.la_name)
            code = self.la_code(ons, outcome.provider_id, row)
            ons_code, former = self.ons_codes(ons, row)
            urn = int(row["urn"])
            authorities.append(
                LocalAuthority(
                    urn=urn,
                    name=outcome.la_name,
                    la_code=code,
                    ons_code=ons_code,
                    former_ons_codes=former,
                    region=outcome.region,
                    ons_region=self.ons_region(row, outcome.region),
                    type=self.kind(code, row),
                    aliases=self.aliases(outcome.la_name, urn, code, row),
                    statistical_neighbours=self.neighbours(row),
                )
            )
        return authorities

    def abolished(self) -> list[LocalAuthority]:
        """The abolished authorities in OFF25's history, with URNs from OFF24's links."""
        urns: dict[str, int] = {}
        for inspection in self.off24.history:
            provider = inspection.provider_id
            if inspection.status == NO_LONGER_EXISTS and provider is not None:
                if not _PROVIDER_URN.fullmatch(provider):
                    raise self.fail(
                        f"{inspection.la_name}: link {inspection.web_link} has no URN",
                        path=self.off24.path,
                    )
                urns[_key(inspection.la_name)] = int(provider)
        authorities = []
        seen: set[str] = set()
        for inspection in self.off25.history:
            if inspection.status != NO_LONGER_EXISTS or inspection.la_name in seen:
                continue
            name = inspection.la_name
            seen.add(name)
            if name not in _ABOLISHED_CODES:
                raise self.fail(f"{name}: an abolished authority not in domain section 3a")
            urn = urns.get(_key(name))
            if urn is None:
                raise self.fail(f"{name}: no URN in the OFF24 history", path=self.off24.path)
            code = _ABOLISHED_CODES[name]
            row = self.by_code.get(code)
            if row is not None and row["la_code_new"] != inspection.ons_code:
                raise self.fail(
                    f"{name}: GSS code {row['la_code_new']}, OFF25 {inspection.ons_code}"
                )
            authorities.append(
                LocalAuthority(
                    urn=urn,
                    name=name,
                    la_code=code,
                    ons_code=inspection.ons_code,
                    region=inspection.region,
                    ons_region=None if row is None else self.ons_region(row, inspection.region),
                    type=self.kind(code, row),
                    aliases=self.aliases(name, urn, code, row),
                )
            )
        return authorities

    def lookup_only(self, authorities: Iterable[LocalAuthority]) -> list[LocalAuthority]:
        """Lookup rows that are neither current nor inspected: Poole."""
        codes = {authority.la_code for authority in authorities}
        extra = []
        for row in self.lookup:
            code = row["la_code"]
            if code in codes:
                continue
            name = row["local_authority_ons_name"]
            if _ABOLISHED_CODES.get(name) != code:
                raise self.fail(f"{name} ({code}) is neither in OFF25 nor an abolished authority")
            region = self.lookup_region(row)
            extra.append(
                LocalAuthority(
                    urn=int(row["urn"]),
                    name=name,
                    la_code=code,
                    ons_code=row["la_code_new"],
                    region=region,
                    ons_region=self.ons_region(row, region),
                    type=self.kind(code, row),
                    aliases=self.aliases(name, int(row["urn"]), code, row),
                )
            )
        return extra

    def lookup_region(self, row: Mapping[str, str]) -> Region | None:
        """The lookup's (ONS) region, if every current authority in it is in the Ofsted region
        of the same name."""
        try:
            region = Region(row["region_name"])
        except ValueError:
            return None
        for outcome in self.off25.latest:
            other = self.lookup_row(outcome.ons_code, outcome.provider_id, outcome.la_name)
            if (other["region_name"] == region.value) != (outcome.region is region):
                return None
        return region

    def cited_only(self, authorities: Sequence[LocalAuthority]) -> list[LocalAuthority]:
        """Dorset County Council: no URN, no GSS code; the region its successors share."""
        by_code = {authority.la_code: authority for authority in authorities}
        extra = []
        for name in _CITED_ONLY:
            code = _ABOLISHED_CODES[name]
            if code in by_code or code in self.by_code:
                raise self.fail(f"{name} ({code}) is listed after all: build it from its source")
            successors = [
                by_code[after]
                for reorganisation in _REORGANISATIONS
                for before, after in reorganisation.links
                if before == code
            ]
            regions = {successor.region for successor in successors}
            if len(regions) != 1:
                raise self.fail(f"{name}: its successors are in regions {regions}")
            extra.append(
                LocalAuthority(
                    urn=None,
                    name=name,
                    la_code=code,
                    region=regions.pop(),
                    type=_TYPE_OVERRIDES[code],
                )
            )
        return extra

    def build(self) -> list[LocalAuthority]:
        authorities = self.current()
        authorities += self.abolished()
        authorities += self.lookup_only(authorities)
        authorities += self.cited_only(authorities)
        authorities = _reorganise(authorities)
        authorities = self.successors_ons_regions(authorities)
        self.check(authorities)
        return sorted(authorities, key=lambda item: (item.name.casefold(), item.key))

    def successors_ons_regions(self, authorities: list[LocalAuthority]) -> list[LocalAuthority]:
        """Authorities the lookup does not list (Bournemouth, Dorset County Council) get the
        ONS region their successors share, if they share one."""
        by_key = {authority.key: authority for authority in authorities}
        result = []
        for authority in authorities:
            if authority.ons_region is None:
                if authority.la_code in self.by_code:
                    raise self.fail(f"{authority.name}: the lookup lists it, with no ONS region")
                regions = {by_key[key].ons_region for key in authority.successors}
                if len(regions) != 1 or None in regions:
                    raise self.fail(f"{authority.name}: successors in ONS regions {regions}")
                region = regions.pop()
                assert region is not None
                if (
                    authority.region is not None
                    and _OFSTED_REGION_OF[region] is not authority.region
                ):
                    raise self.fail(
                        f"{authority.name}: ONS region {region} not in {authority.region}"
                    )
                authority = attrs.evolve(authority, ons_region=region)
            result.append(authority)
        return result

    def check(self, authorities: Sequence[LocalAuthority]) -> None:
        by_own_key = {authority.key: authority for authority in authorities}
        if len(by_own_key) != len(authorities):
            raise self.fail("two authorities share a key")
        by_urn = {a.urn: a for a in authorities if a.urn is not None}
        for urn, names in self.manifest_names.items():
            if urn not in by_urn:
                raise self.fail(f"manifest URN {urn} ({names[0]}) is no authority")
        # The OFF24 history links many current authorities by URN: they must agree.
        by_key: dict[str, LocalAuthority] = {}
        for authority in authorities:
            for name in authority.names:
                by_key.setdefault(_key(name), authority)
        for inspection in self.off24.history:
            provider = inspection.provider_id
            if provider is None or not _PROVIDER_URN.fullmatch(provider):
                continue
            found = by_key.get(_key(inspection.la_name))
            if found is None or found.urn != int(provider):
                raise self.fail(
                    f"{inspection.la_name}: OFF24 links URN {provider}, built "
                    f"{None if found is None else found.urn}",
                    path=self.off24.path,
                )
        owners: dict[str, str] = {}
        for authority in authorities:
            for name in authority.names:
                other = owners.setdefault(name.casefold(), authority.name)
                if other != authority.name:
                    raise self.fail(f"{name!r} names both {other} and {authority.name}")
        _check_reviewed_aliases(authorities)


_ONS_BY_NAME = {region.value.casefold(): region for region in OnsRegion}


def _words(name: str) -> tuple[tuple[str, ...], ...]:
    """A name's words as the dataset matches them: normalised, and without council words."""
    return tuple(
        dict.fromkeys((tuple(normalise_name(name).split()), tuple(short_name(name).split())))
    )


def _check_reviewed_aliases(authorities: Sequence[LocalAuthority]) -> None:
    """Each reviewed alias belongs to an authority that has it, and names no other authority:
    it is not another's name or alias, nor the first words of one, as the dataset matches
    names (so it can neither take another's name nor hide an ambiguity)."""
    by_code = {authority.la_code: authority for authority in authorities}
    for code, reviewed in REVIEWED_ALIASES.items():
        owner = by_code.get(code)
        if owner is None:
            raise DataFileError("build_authorities.py", f"reviewed aliases of no authority: {code}")
        for alias, _ in reviewed:
            if alias not in owner.aliases:
                raise DataFileError("build_authorities.py", f"{alias!r} is not {owner.name}'s")
            for words in _words(alias):
                for other in authorities:
                    if other is owner:
                        continue
                    for name in other.names:
                        if any(theirs[: len(words)] == words for theirs in _words(name)):
                            raise DataFileError(
                                "build_authorities.py",
                                f"the alias {alias!r} of {owner.name} names {other.name} too "
                                f"({name!r})",
                            )


def _also_known_as(value: str, known: set[str]) -> list[str]:
    """The lookup's ``[a, b, ...]`` list; parts that together make a known name stay whole."""
    parts = [part.strip() for part in value.strip().strip("[]").split(",")]
    parts = [part for part in parts if part]
    names = []
    index = 0
    while index < len(parts):
        taken = 1
        for end in range(len(parts), index + 1, -1):
            if _key(", ".join(parts[index:end])) in known:
                taken = end - index
                break
        names.append(", ".join(parts[index : index + taken]))
        index += taken
    return names


def _reorganise(authorities: list[LocalAuthority]) -> list[LocalAuthority]:
    by_code = {authority.la_code: authority for authority in authorities}
    created: dict[str, date] = {}
    abolished: dict[str, date] = {}
    predecessors: dict[str, list[str]] = {}
    successors: dict[str, list[str]] = {}
    for reorganisation in _REORGANISATIONS:
        for before, after in reorganisation.links:
            if after not in by_code:
                raise DataFileError("domain.md", f"no authority with LA code {after}")
            created[after] = reorganisation.day
            if before is None:
                continue
            if before not in by_code:
                raise DataFileError("domain.md", f"no authority with LA code {before}")
            abolished[before] = reorganisation.day
            predecessors.setdefault(after, []).append(by_code[before].key)
            successors.setdefault(before, []).append(by_code[after].key)
    result = []
    for authority in authorities:
        code = authority.la_code or ""
        result.append(
            attrs.evolve(
                authority,
                created=created.get(code),
                abolished=abolished.get(code),
                predecessors=tuple(dict.fromkeys(predecessors.get(code, []))),
                successors=tuple(dict.fromkeys(successors.get(code, []))),
            )
        )
    return result
