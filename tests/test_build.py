"""The committed data is exactly what the build makes from the corpus and official files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The maintainers' build lives in tools/ (on pytest's path), which a wheel does not carry.
build_data = pytest.importorskip("build_data", reason="tools/ is not beside the tests")


@pytest.mark.corpus
def test_committed_data_is_up_to_date(reports_dir: Path, sources_dir: Path) -> None:
    if not (ROOT / "data" / "corrections.csv").is_file():
        pytest.skip("not run from a checkout")
    result = build_data.build(ROOT, reports_dir.parent)
    stale = [
        str(path.relative_to(ROOT))
        for path, text in result.files.items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run `nox -s data` (python tools/build_data.py) and review the diff"
    assert ROOT / build_data.RELEASE_MODULE in result.files
    unique = {(d.id, d.field, d.file) for d in result.disagreements}
    corrections = (ROOT / "data" / "corrections.csv").read_text(encoding="utf-8")
    assert len(unique) == len(corrections.splitlines()) - 1


def test_the_build_stops_on_what_needs_review() -> None:
    from ofsted_ratings.merge import Conflict, Disagreement, Merged, Resolution, read_corrections

    header = "id,field,file,report,official,resolution,reason\n"
    corrections = read_corrections(header + "1-2020-01-02,start,x.ods,a,b,report,why\n")
    settled = Disagreement("1-2020-01-02", "start", "x.ods", "a", "b", Resolution.REPORT)
    build_data._require_decided(
        Merged(before=(), inspections=(), disagreements=(settled,)), corrections
    )
    unresolved = Disagreement("1-2020-01-02", "kind", "x.ods", "", "short")
    cases = {
        "rows need review": Merged(
            before=(), inspections=(), conflicts=(Conflict("x.ods", "row 2", "no authority"),)
        ),
        "need a reviewed row": Merged(
            before=(), inspections=(), disagreements=(settled, unresolved)
        ),
        "match no disagreement": Merged(before=(), inspections=()),
    }
    for message, merged in cases.items():
        with pytest.raises(build_data.BuildError, match=message):
            build_data._require_decided(merged, corrections)


def test_a_cited_record_that_a_report_now_gives_stops_the_build() -> None:
    import attrs

    from ofsted_ratings import load
    from ofsted_ratings.models import Source, SourceKind

    data = load()
    cited = [i for i in data.inspections if i.source.kind is SourceKind.DOCUMENT]
    others = [i for i in data.inspections if i.source.kind is not SourceKind.DOCUMENT]
    build_data._check_cited(others, cited)
    (cumbria,) = [i for i in cited if i.id == "80457-2015-05-13"]
    source = Source(kind=SourceKind.REPORT, url="https://example.org/r", title="r", sha256="0" * 64)
    reported = attrs.evolve(cumbria, source=source)
    with pytest.raises(
        build_data.BuildError, match=r"80457-2015-05-13 \(cited\) is 80457-2015-05-13"
    ):
        build_data._check_cited([*others, reported], cited)
