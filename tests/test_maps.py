"""Maps: the shipped shapes, the colours and counts drawn, and the authorities of each date."""

from __future__ import annotations

import itertools
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from conftest import SHARED
from ofsted_ratings import load
from ofsted_ratings.dataset import Dataset
from ofsted_ratings.errors import OfstedRatingsError, UnsupportedFormatError
from ofsted_ratings.exports import maps
from ofsted_ratings.exports.charts import GRADE_COLOURS
from ofsted_ratings.grade_counts import counts
from ofsted_ratings.grades import Grade

pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parents[1]
GEO = SHARED / "geo"

#: The most the shipped map files may weigh together, in bytes.
SIZE_BOUND = 400_000


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return load()


def _gids(figure: object) -> set[str]:
    axes = figure.axes[0]  # type: ignore[attr-defined]
    return {str(p.get_gid()) for p in axes.patches if p.get_gid()}


def _key(ds: Dataset, name: str) -> str:
    return ds.authority(name).key


# -- the shipped files ---------------------------------------------------------------------


def test_every_current_authority_has_exactly_one_shape_and_one_hex(ds: Dataset) -> None:
    shapes, hexes = maps.shapes(), maps.hexes()
    for authority in ds.current_authorities:
        codes = [c for c in (authority.ons_code, *authority.former_ons_codes) if c]
        assert sum(c in shapes for c in codes) == 1, authority
        assert sum(c in hexes for c in codes) == 1, authority
    cells = [cell for code, cell in hexes.items() if not code.startswith("la:")]
    assert len(cells) == len(set(cells)) == len(ds.current_authorities)


def test_no_shape_or_hex_for_an_unknown_code(ds: Dataset) -> None:
    known = {a.ons_code for a in ds.authorities} | {
        f"la:{a.la_code}" for a in ds.authorities if not a.current
    }
    assert set(maps.shapes()) <= known
    assert set(maps.hexes()) <= known
    # Abolished authorities have a shape only where their successors' areas are exactly theirs.
    former = {a.name for a in ds.authorities if a.ons_code in maps.shapes() and not a.current}
    assert former == {"Cumbria", "Northamptonshire"}


def test_no_two_authorities_of_one_day_share_a_hex(ds: Dataset) -> None:
    changes = sorted({d for a in ds.authorities for d in (a.created, a.abolished) if d})
    for day in [date(2010, 1, 1), *changes]:
        plan = maps._plan(ds, day, "hex")
        cells = [maps.hexes()[c] for place in plan.places for c in place.cells]
        cells += [maps.hexes()[c] for c in plan.empty]
        assert len(cells) == len(set(cells)), day


def test_the_shipped_files_are_small() -> None:
    folder = resources.files("ofsted_ratings") / "_geo"
    sizes = {item.name: len(item.read_bytes()) for item in folder.iterdir() if item.is_file()}
    assert {"shapes.json", "hexes.json", "NOTICE"} <= set(sizes)
    assert sum(sizes.values()) < SIZE_BOUND


def test_the_notice_carries_every_attribution() -> None:
    notice = (resources.files("ofsted_ratings") / "_geo" / "NOTICE").read_text(encoding="utf-8")
    for words in (
        "Open Government Licence v.3.0",
        "Contains OS data © Crown copyright and database right 2023",
        "Copyright (c) 2017- Open Innovations",
        "Open Parliament Licence v3.0",
    ):
        assert words in notice


def test_the_shipped_files_are_what_the_build_makes() -> None:
    pytest.importorskip("shapely")
    build_shapes = pytest.importorskip("build_shapes", reason="tools/ is not beside the tests")
    if not (GEO / "lad_2023_buc.geojson").is_file():
        pytest.skip("the boundary files (../shared/geo) are not present")
    if not (ROOT / "data" / "authorities.csv").is_file():
        pytest.skip("not run from a checkout")
    assert build_shapes.main(["--root", str(ROOT), "--geo", str(GEO), "--check"]) == 0


# -- what a map draws ----------------------------------------------------------------------

LEGEND = re.compile(r"^(?P<label>.+) \((?P<count>\d+)\)$")


def _legend_counts(figure: object) -> dict[str, int]:
    texts = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]  # type: ignore[attr-defined]
    found = {}
    for text in texts:
        if text == maps._MIXED:
            continue  # an area, not a count: each authority is counted under its own grade
        match = LEGEND.match(text)
        assert match, text
        found[match["label"]] = int(match["count"])
    return found


@pytest.mark.parametrize(
    ("day", "area", "convention", "style"),
    [
        ("2025-03-31", "overall_effectiveness", "ofsted", "geographic"),
        ("2024-03-31", "care_leavers", "ofsted", "hex"),
        ("2018-12-31", "overall_effectiveness", "published", "hex"),
        ("2022-12-31", "help_and_protection", "published", "geographic"),
        ("2026-08-01", "overall_effectiveness", "published", "hex"),
        ("2015-06-30", "overall_effectiveness", "published", "geographic"),
    ],
)
def test_the_legend_counts_are_the_counts(
    ds: Dataset, day: str, area: str, convention: str, style: maps.MapStyle
) -> None:
    expected = counts(ds, as_of=day, area=area, convention=convention).whole
    figure = maps.map_figure(ds, as_of=day, area=area, convention=convention, style=style)
    found = _legend_counts(figure)
    for grade in Grade:
        assert found[grade.value.capitalize()] == expected.count(grade)
    assert found.get("Not yet inspected", 0) == expected.not_inspected
    no_grade = [n for label, n in found.items() if label.startswith("No ")]
    assert sum(no_grade) == expected.not_graded
    assert sum(found.values()) == expected.total


def test_each_authority_is_coloured_by_its_grade(ds: Dataset) -> None:
    figure = maps.map_figure(ds, as_of="2025-03-31", style="hex")
    entries = {e.authority.key: e for e in counts(ds, as_of="2025-03-31").entries}
    patches = {p.get_gid(): p for p in figure.axes[0].patches}
    for key, entry in entries.items():
        patch = patches[f"authority:{key}"]
        assert entry.grade is not None
        expected = GRADE_COLOURS[entry.grade]
        assert patch.get_facecolor()[:3] == pytest.approx(_rgb(expected)), entry


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[n : n + 2], 16) / 255 for n in (1, 3, 5))  # type: ignore[return-value]


def test_not_inspected_and_not_graded_are_drawn_apart(ds: Dataset) -> None:
    # Cumberland was not yet inspected at 31 March 2024; care leavers had no separate
    # grade before 2023, so at 2024 many authorities had none.
    figure = maps.map_figure(ds, as_of="2024-03-31", area="care_leavers", convention="ofsted")
    result = counts(ds, as_of="2024-03-31", area="care_leavers", convention="ofsted")
    patches = {p.get_gid(): p for p in figure.axes[0].patches}
    styles = {
        (e.status, patches[f"authority:{e.authority.key}"].get_hatch()) for e in result.entries
    }
    statuses = {status for status, _ in styles}
    assert len(statuses) == 3
    hatch_of = dict(styles)
    assert len({hatch_of[s] for s in statuses}) == 3 or len(styles) == 3
    not_inspected = [e for e in result.entries if e.grade is None and e.inspection is None]
    assert [e.authority.name for e in not_inspected] == ["Cumberland", "Westmorland and Furness"]


# -- maps of the past ----------------------------------------------------------------------


@pytest.mark.parametrize("style", maps.MAP_STYLES)
def test_2022_shows_cumbria_not_its_successors(ds: Dataset, style: maps.MapStyle) -> None:
    gids = _gids(maps.map_figure(ds, as_of="2022-12-31", style=style))
    assert f"authority:{_key(ds, 'Cumbria')}" in gids
    for name in ("Cumberland", "Westmorland and Furness", "Bournemouth", "Northamptonshire"):
        assert f"authority:{_key(ds, name)}" not in gids
    drawn = [g for g in gids if g.startswith("authority:")]
    assert len(drawn) == len(ds.authorities_on(date(2022, 12, 31))) == 152


@pytest.mark.parametrize("style", maps.MAP_STYLES)
def test_2018_shows_northamptonshire_and_dorset_before_2019(
    ds: Dataset, style: maps.MapStyle
) -> None:
    figure = maps.map_figure(ds, as_of="2018-12-31", style=style)
    gids = _gids(figure)
    assert f"authority:{_key(ds, 'Northamptonshire')}" in gids
    assert f"authority:{_key(ds, 'Cumbria')}" in gids
    for name in ("North Northamptonshire", "Bournemouth, Christchurch & Poole", "Dorset"):
        assert f"authority:{_key(ds, name)}" not in gids
    old = [_key(ds, n) for n in ("Bournemouth", "Poole", "Dorset County Council")]
    if style == "hex":
        # A hexagon each, placed by hand.
        assert {f"authority:{k}" for k in old} <= gids
    else:
        # Bournemouth and Poole have no shape of their own: they share today's Bournemouth,
        # Christchurch and Poole with part of Dorset County Council; the rest of Dorset
        # County Council is today's Dorset.
        shared = [g for g in gids if g.startswith("shared:")]
        assert len(shared) == 1
        assert set(shared[0].removeprefix("shared:").split("+")) == set(old)
        assert f"authority:{old[2]}" in gids
        notes = [t.get_text() for t in figure.texts if "cannot split" in t.get_text()]
        assert notes
        assert "part of Dorset County Council" in notes[0]


def test_the_hexes_of_a_former_authority_are_outlined_as_one(ds: Dataset) -> None:
    plan = maps._plan(ds, date(2022, 12, 31), "hex")
    cumbria = next(p for p in plan.places if p.authorities[0].name == "Cumbria")
    successors = {ds.authority(n).ons_code for n in ("Cumberland", "Westmorland and Furness")}
    assert set(cumbria.cells) == successors
    outline = maps._hex_outline(maps.hexes()[c] for c in cumbria.cells)
    assert len(outline) == 10  # two hexagons side by side: twelve edges less the shared one twice


def test_every_authority_of_every_day_is_placed(ds: Dataset) -> None:
    for year, style in itertools.product(range(2010, 2027), maps.MAP_STYLES):
        day = date(year, 3, 31)
        plan = maps._plan(ds, day, style)
        placed = {a.key for place in plan.places for a in place.authorities}
        assert placed == {a.key for a in ds.authorities_on(day)}, (day, style)


def test_labels_name_the_authorities(ds: Dataset) -> None:
    figure = maps.map_figure(ds, as_of="2018-12-31", style="hex", labels=True)
    texts = {t.get_gid(): t.get_text() for t in figure.axes[0].texts}
    assert texts[f"label:{_key(ds, 'Leeds')}"] == "Leeds"
    assert texts[f"label:{_key(ds, 'Cumbria')}"] == "Cumbria"
    assert maps.short_label("North East Lincolnshire") == "N.E.\nLincolnshire"


def test_a_group_map_counts_the_group(ds: Dataset) -> None:
    figure = maps.map_figure(ds, as_of="2025-03-31", group="London", style="geographic")
    expected = counts(ds, as_of="2025-03-31", group="London").whole
    assert sum(_legend_counts(figure).values()) == expected.total == 33


# -- files ---------------------------------------------------------------------------------


def test_plot_map_writes_each_format(ds: Dataset, tmp_path: Path) -> None:
    for suffix in (".png", ".svg", ".pdf"):
        out = maps.plot_map(ds, tmp_path / f"map{suffix}", as_of="2020-03-31", style="hex")
        assert out.stat().st_size > 5_000


def test_an_unsupported_suffix_is_refused_before_drawing(ds: Dataset, tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"'\.jpg' is not one of"):
        maps.plot_map(ds, tmp_path / "map.jpg")
    with pytest.raises(UnsupportedFormatError):
        maps.map_series(ds, ["2020-03-31"], tmp_path / "maps.gif")
    assert list(tmp_path.iterdir()) == []


def test_bad_options_are_refused(ds: Dataset) -> None:
    with pytest.raises(OfstedRatingsError, match="unknown map style"):
        maps.map_figure(ds, style="cartogram")  # type: ignore[arg-type]
    with pytest.raises(OfstedRatingsError, match="at least one date"):
        maps.series_figure(ds, [])


def test_a_series_draws_a_map_per_day(ds: Dataset, tmp_path: Path) -> None:
    days = [date(year, 3, 31) for year in range(2018, 2026)]
    figure = maps.series_figure(ds, days, style="geographic")
    assert len(figure.axes) == len(days)
    for axes, day in zip(figure.axes, days, strict=True):
        gids = {str(p.get_gid()) for p in axes.patches}
        assert f"authority:{_key(ds, 'Cumbria')}" in gids or day.year >= 2024
        shared = any(g.startswith("shared:") for g in gids)
        assert shared == (day < date(2019, 4, 1))
    out = maps.map_series(ds, days[:2], tmp_path / "series.png", style="hex")
    assert out.stat().st_size > 10_000
