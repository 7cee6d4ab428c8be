"""Derive the map shapes the package ships from ONS boundaries and a hexagon layout.

``python tools/build_shapes.py [--root DIR] [--geo DIR] [--check]`` run in the repository
checkout reads ``<geo>`` (default ``../shared/geo``) and ``data/authorities.csv``, and writes
into ``src/ofsted_ratings/_geo/``:

``shapes.json``
    one (multi)polygon per authority, keyed by its current ONS code: every current
    upper-tier authority (the union of its districts' polygons in ``lad_2023_buc.geojson``,
    by ``ltla_to_utla_2023.csv``), plus every abolished authority whose area is exactly the
    union of its successors' (each successor has it as its only predecessor: Cumbria,
    Northamptonshire), keyed by its own ONS code. The 2023 files' codes are matched to the
    authorities' current codes through ``ons_code`` and ``former_ons_codes`` (Barnsley
    E08000016 is now E08000038, Sheffield E08000019 E08000039).
``hexes.json``
    the one-hexagon-per-authority layout ``utla_2023.hexjson``, keyed by current ONS code,
    plus :data:`FORMER_HEXES`, three hexes placed by hand for Bournemouth, Poole and Dorset
    County Council (keyed by DfE LA code: no source at hand gives Dorset County Council's
    ONS code).
``NOTICE``
    the licences and attribution lines of both.

How the shapes are made small (about 80 KB in all):

* polygons that self-intersect are repaired (``shapely.make_valid``) before the union;
* the union is simplified with a tolerance of :data:`TOLERANCE` degrees (about 150 to 220
  metres; the source is generalised to 500 metres already), keeping topology;
* islands smaller than :data:`MIN_ISLAND` square degrees (about 0.7 km²) are dropped, except
  an authority's largest polygon, and so are holes smaller than :data:`MIN_HOLE` (the
  slivers generalisation leaves between neighbours; the enclaves of Derby, Leicester,
  Nottingham and Stoke-on-Trent stay as holes in their counties);
* coordinates are longitude and latitude (WGS84) in thousandths of a degree, as whole
  numbers (about 70 by 110 metres), each ring stored as its first point and then the
  difference from one point to the next: ``[x0, y0, dx1, dy1, ...]``;
* outer rings run anticlockwise and holes clockwise, so a renderer filling by winding
  leaves the holes empty;
* each shape carries a label point inside it (``shapely.ops.polylabel``).

Every current authority must get exactly one shape and one hexagon, and every code in the
files must be an authority's: anything else stops the build. With ``--check`` nothing is
written, and the exit status is 1 when any file would change. The output is byte for byte
the same on every run with the same GEOS version (shapely 2 and GEOS 3.11 or later made the
committed files); geometry libraries are needed here only, never by the package.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

from ofsted_ratings._util.atomic import write_text
from ofsted_ratings.dataset import read_folder
from ofsted_ratings.errors import OfstedRatingsError
from ofsted_ratings.models import LocalAuthority

#: Where the shipped files go, relative to the repository root.
OUTPUT = Path("src/ofsted_ratings/_geo")

#: Simplification tolerance, in degrees.
TOLERANCE = 0.002
#: Islands (polygons) smaller than this, in square degrees, are dropped (not an
#: authority's largest).
MIN_ISLAND = 0.0001
#: Holes smaller than this, in square degrees, are filled: slivers between districts.
MIN_HOLE = 0.002
#: Coordinates are stored in units of 1/SCALE degree.
SCALE = 1000

#: Hexagons placed by hand for the authorities abolished in April 2019, which neither hex
#: layout has, keyed by DfE LA code, ``(q, r)`` in ``utla_2023.hexjson``'s ``odd-r`` grid:
#: Dorset County Council takes the cell of Dorset, its main successor; Bournemouth the cell
#: of Bournemouth, Christchurch and Poole; Poole the free cell between the two (4, 1), next
#: to both, west of Bournemouth as Poole is. They are drawn only for dates before April
#: 2019, when neither successor existed, so no two authorities of one date share a cell.
FORMER_HEXES: Mapping[str, tuple[int, int]] = {
    "835": (3, 1),  # Dorset County Council
    "837": (5, 2),  # Bournemouth
    "836": (4, 1),  # Poole
}

ATTRIBUTION: tuple[str, ...] = (
    "Boundaries: Source: Office for National Statistics licensed under the Open Government "
    "Licence v.3.0. Contains OS data © Crown copyright and database right 2023.",
    "Hexagons: adapted from Open Innovations' hexmaps, MIT licence, "
    "Copyright (c) 2017- Open Innovations.",
)

NOTICE = """\
Map shapes shipped with ofsted-ratings
======================================

shapes.json: England's upper-tier local authorities, derived by tools/build_shapes.py
(union of districts, simplified) from the ONS "Local Authority Districts (May 2023)
Boundaries UK BUC" and the ONS "Lower Tier Local Authority to Upper Tier Local Authority
(April 2023) Lookup in England and Wales".

  Source: Office for National Statistics licensed under the Open Government Licence v.3.0.
  Contains OS data © Crown copyright and database right 2023.
  https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/

hexes.json: one hexagon per upper-tier authority, adapted from Open Innovations'
upper-tier layout (odileeds/hexmaps, uk-upper-tier-local-authorities.hexjson): recoded to
current codes, Cumbria and Northamptonshire split into their successors, Herefordshire and
Warwickshire moved one hexagon west, and three hexagons placed by hand for Bournemouth,
Poole and Dorset County Council (before April 2019).

  MIT License. Copyright (c) 2017- Open Innovations.

  Permission is hereby granted, free of charge, to any person obtaining a copy of this
  software and associated documentation files (the "Software"), to deal in the Software
  without restriction, including without limitation the rights to use, copy, modify,
  merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
  persons to whom the Software is furnished to do so, subject to the following conditions:

  The above copyright notice and this permission notice shall be included in all copies or
  substantial portions of the Software.

  THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
  INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
  PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
  FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
  OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
  DEALINGS IN THE SOFTWARE.

The House of Commons Library's population-scaled hex cartogram is not shipped; were it
used, its attribution would be:

  Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""


class ShapeBuildError(OfstedRatingsError):
    """The inputs do not give every current authority exactly one shape and one hexagon."""


Geometry = Any  # shapely has no type information


def _current_by_code(authorities: Iterable[LocalAuthority]) -> dict[str, LocalAuthority]:
    """Each current authority by its current and former ONS codes."""
    found: dict[str, LocalAuthority] = {}
    for authority in authorities:
        if not authority.current or authority.ons_code is None:
            continue
        for code in (authority.ons_code, *authority.former_ons_codes):
            if code in found:
                raise ShapeBuildError(f"ONS code {code} is both {found[code]} and {authority}")
            found[code] = authority
    return found


def _districts(geo: Path) -> dict[str, list[str]]:
    """The English districts of each upper-tier authority (2023 codes)."""
    with (geo / "ltla_to_utla_2023.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    upper: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if row["UTLA23CD"].startswith("E"):
            upper[row["UTLA23CD"]].append(row["LTLA23CD"])
    return dict(upper)


def _unions(geo: Path, by_code: Mapping[str, LocalAuthority]) -> dict[str, Geometry]:
    """The repaired union of each current authority's districts, by its current code."""
    collection = json.loads((geo / "lad_2023_buc.geojson").read_text(encoding="utf-8"))
    districts = {
        feature["properties"]["LAD23CD"]: shapely.make_valid(shape(feature["geometry"]))
        for feature in collection["features"]
    }
    unions: dict[str, Geometry] = {}
    for code, members in sorted(_districts(geo).items()):
        authority = by_code.get(code)
        if authority is None:
            raise ShapeBuildError(f"the lookup's upper-tier code {code} is no current authority's")
        missing = [d for d in members if d not in districts]
        if missing:
            raise ShapeBuildError(f"no boundary for districts {', '.join(missing)} of {code}")
        assert authority.ons_code is not None
        if authority.ons_code in unions:
            raise ShapeBuildError(f"{authority} has two upper-tier codes in the lookup")
        union = shapely.union_all([districts[d] for d in members])
        unions[authority.ons_code] = shapely.make_valid(union)
    return unions


def _former_unions(
    authorities: Sequence[LocalAuthority], unions: Mapping[str, Geometry]
) -> dict[str, Geometry]:
    """The shapes of abolished authorities whose area is exactly their successors'."""
    by_key = {a.key: a for a in authorities}
    former: dict[str, Geometry] = {}
    for authority in authorities:
        if authority.current or authority.ons_code is None or not authority.successors:
            continue
        successors = [by_key[key] for key in authority.successors]
        if all(s.predecessors == (authority.key,) and s.ons_code in unions for s in successors):
            parts = [unions[s.ons_code] for s in successors if s.ons_code is not None]
            former[authority.ons_code] = shapely.make_valid(shapely.union_all(parts))
    return former


def _polygons(geometry: Geometry) -> list[Geometry]:
    parts = getattr(geometry, "geoms", [geometry])
    found: list[Geometry] = []
    for part in parts:
        if part.geom_type == "Polygon":
            found.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            found.extend(_polygons(part))
    return found


def _ring(coords: Iterable[tuple[float, float]]) -> list[int]:
    """A ring as whole thousandths of a degree: the first point, then each step."""
    points = [(round(x * SCALE), round(y * SCALE)) for x, y in coords]
    kept = [p for n, p in enumerate(points) if n == 0 or p != points[n - 1]]
    flat = [*kept[0]]
    for (x0, y0), (x1, y1) in itertools.pairwise(kept):
        flat += [x1 - x0, y1 - y0]
    return flat


def _encode(geometry: Geometry) -> dict[str, Any]:
    """One shape: its polygons (each a list of rings, outer first) and a label point."""
    polygons = sorted(_polygons(geometry), key=lambda p: -p.area)
    kept = [polygons[0], *(p for p in polygons[1:] if p.area >= MIN_ISLAND)]
    encoded = []
    for polygon in kept:
        simple = polygon.simplify(TOLERANCE, preserve_topology=True)
        for found in sorted(_polygons(simple), key=lambda p: -p.area)[:1]:
            # Outer rings anticlockwise, holes clockwise: how a renderer tells them apart.
            part = orient(found, 1.0)
            holes = [r for r in part.interiors if shapely.Polygon(r).area >= MIN_HOLE]
            encoded.append([_ring(part.exterior.coords), *(_ring(r.coords) for r in holes)])
    label = polylabel(kept[0], tolerance=0.005)
    return {"label": [round(label.x * SCALE), round(label.y * SCALE)], "polygons": encoded}


def _lines(header: Mapping[str, Any], key: str, items: Mapping[str, Any]) -> str:
    """JSON with one line per item, so that a change reads as a diff of the lines changed."""
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":"))[:-1]
    body = ",\n".join(
        f"{json.dumps(code)}:{json.dumps(value, separators=(',', ':'), ensure_ascii=False)}"
        for code, value in sorted(items.items())
    )
    return f'{head},"{key}":{{\n{body}\n}}}}\n'


def _hexes(geo: Path, authorities: Sequence[LocalAuthority]) -> str:
    layout = json.loads((geo / "utla_2023.hexjson").read_text(encoding="utf-8"))
    by_code = _current_by_code(authorities)
    hexes: dict[str, Any] = {}
    for entry in layout["hexes"].values():
        authority = by_code.get(entry["ons_code"])
        if authority is None or authority.ons_code in hexes:
            raise ShapeBuildError(f"hexagon {entry['n']} ({entry['ons_code']}): no authority")
        assert authority.ons_code is not None
        hexes[authority.ons_code] = {"n": entry["n"], "q": entry["q"], "r": entry["r"]}
    by_la = {a.la_code: a for a in authorities if a.la_code is not None}
    former: dict[str, Any] = {}
    for la_code, (q, r) in FORMER_HEXES.items():
        authority = by_la[la_code]
        if authority.current or authority.ons_code in hexes:
            raise ShapeBuildError(f"{authority} needs no hexagon placed by hand")
        former[la_code] = {"n": authority.name, "q": q, "r": r}
    header = {"layout": layout["layout"], "attribution": ATTRIBUTION[1]}
    return _lines({**header, "former": former}, "hexes", hexes)


def build(root: Path, geo: Path) -> dict[Path, str]:
    """The files to write under ``root``, with their text."""
    authorities = read_folder(root / "data").authorities
    by_code = _current_by_code(authorities)
    unions = _unions(geo, by_code)
    missing = sorted(a.name for a in authorities if a.current and (a.ons_code not in unions))
    if missing:
        raise ShapeBuildError(f"no shape for {', '.join(missing)}")
    unions.update(_former_unions(authorities, unions))
    header = {
        "coordinates": f"WGS84 longitude, latitude in 1/{SCALE} degree; rings as the first "
        "point then steps",
        "attribution": ATTRIBUTION[0],
    }
    shapes = _lines(header, "shapes", {code: _encode(g) for code, g in unions.items()})
    out = root / OUTPUT
    return {
        out / "shapes.json": shapes,
        out / "hexes.json": _hexes(geo, authorities),
        out / "NOTICE": NOTICE,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python tools/build_shapes.py",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the repository checkout")
    parser.add_argument(
        "--geo", type=Path, default=None, help="the boundary files (default ../shared/geo)"
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any file would change"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()
    geo = args.geo or root.parent / "shared" / "geo"
    try:
        files = build(root, geo)
    except OfstedRatingsError as error:
        sys.stderr.write(f"build failed: {error}\n")
        return 1
    changed = [
        path
        for path, text in files.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    for path, text in files.items():
        sys.stdout.write(f"{path.relative_to(root)}: {len(text.encode())} bytes\n")
    if args.check:
        for path in changed:
            sys.stdout.write(f"out of date: {path}\n")
        return 1 if changed else 0
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, files[path])
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
