"""The committed data is exactly what the build makes from the corpus and official files."""

from __future__ import annotations

from pathlib import Path

import pytest

from letter_corpus import require_visits

ROOT = Path(__file__).resolve().parents[1]

# The maintainers' build lives in tools/ (on pytest's path), which a wheel does not carry.
build_data = pytest.importorskip("build_data", reason="tools/ is not beside the tests")


@pytest.mark.corpus
def test_committed_data_is_up_to_date(reports_dir: Path, sources_dir: Path) -> None:
    if not (ROOT / "data" / "corrections.csv").is_file():
        pytest.skip("not run from a checkout")
    result = build_data.build(ROOT, reports_dir.parent)
    require_visits()
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
    visits = {(d.id, d.field, d.file) for d in result.visit_disagreements}
    reviewed = (ROOT / "data" / "visit-corrections.csv").read_text(encoding="utf-8")
    assert len(visits) == len(reviewed.splitlines()) - 1
    assert all(d.resolution is not None for d in result.visit_disagreements)
    assert {row.how for row in result.visit_rows} == {"matched", "added"}


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


@pytest.mark.corpus
def test_a_letter_whose_dates_contradict_themselves_needs_its_reviewed_correction() -> None:
    from ofsted_ratings.merge import NO_CORRECTIONS, read_corrections

    visits = require_visits()
    shared = visits.parent
    entries = [
        e for e in build_data._read_letter_manifest(visits) if e.file == "pdf/80458/2023-11-28.pdf"
    ]
    with pytest.raises(build_data.BuildError, match="1 letters cannot be read"):
        build_data._read_letters(shared, entries, NO_CORRECTIONS)
    header = "id,field,file,report,official,resolution,reason\n"
    row = "start,x.ods,2022-10-24,2023-10-24,official,misprint\n"
    elsewhere = read_corrections(header + "80458-visit-2023-10-31," + row)
    with pytest.raises(build_data.BuildError, match="span 367 days"):
        build_data._read_letters(shared, entries, elsewhere)
    (lettered,) = build_data._read_letters(
        shared, entries, read_corrections(header + "80458-visit-2023-10-24," + row)
    )
    assert lettered.visit.start.isoformat() == "2023-10-24"
    assert [d.key for d in lettered.disagreements] == [("80458-visit-2023-10-24", "start", "x.ods")]
