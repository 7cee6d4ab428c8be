"""``ofsted-ratings update`` against a real server on 127.0.0.1 serving corpus reports."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pytest

from fake_ofsted import FakeOfsted, Listing, serve
from ofsted_ratings import Dataset, load
from ofsted_ratings.cli import main
from ofsted_ratings.io import userdata
from ofsted_ratings.sources.ofsted import DownloadError, OfstedClient
from ofsted_ratings.update import UpdateError, update

#: Reports the fake site serves as "new": (URN, publication date, provider name).
NEW = [(80481, "2025-08-12", "Leeds City Council"), (80485, "2026-07-07", "Liverpool City Council")]
#: A report the base data already has, listed too.
OLD = (80429, "2023-04-18", "Birmingham City Council")


def _snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "update.lock"
    }


@pytest.fixture
def base() -> Dataset:
    """The bundled data without the two reports the site will offer as new."""
    bundled = load(bundled=True)
    drop = {f"{urn}-{day}" for urn, day, _ in NEW}
    return Dataset(
        authorities=bundled.authorities,
        inspections=[i for i in bundled.inspections if i.id not in drop],
        release=date(2025, 6, 1),
        origin="test",
    )


@pytest.fixture
def site(reports_dir: Path) -> Iterator[FakeOfsted]:
    fake = FakeOfsted()
    for number, (urn, day, name) in enumerate([*NEW, OLD]):
        data = (reports_dir / "pdf" / str(urn) / f"{day}.pdf").read_bytes()
        fake.add(
            Listing(
                str(urn),
                name,
                "Children's services inspection",
                date.fromisoformat(day),
                f"9000{number}",
                data,
            )
        )
    fake.add(
        Listing(
            "80481",
            "Leeds City Council",
            "Joint targeted area inspection",
            date(2025, 9, 1),
            "90009",
            b"%PDF-1.4 not read\n%%EOF",
        )
    )
    with serve(fake) as running:
        yield running


def _client(site: FakeOfsted, tmp_path: Path, **options: object) -> OfstedClient:
    settings: dict[str, object] = {
        "cache_dir": tmp_path / "cache",
        "sleep": lambda s: None,
        "timeout": 5.0,
    }
    settings.update(options)
    return OfstedClient(site.base_url, **settings)  # type: ignore[arg-type]


def _seed(base: Dataset, root: Path) -> Path:
    from ofsted_ratings.io.package import package_files

    assert base.release is not None
    return userdata.write_version(package_files(base, base.release), root)


def test_dry_run_lists_exactly_the_new_inspections(
    site: FakeOfsted, base: Dataset, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    result = update(dataset=base, out=root, dry_run=True, client=_client(site, tmp_path))
    assert sorted(i.id for i in result.new) == ["80481-2025-08-12", "80485-2026-07-07"]
    # The report the data has, listed at another address: downloaded once, not read again.
    (moved,) = result.changes
    assert (moved.id, moved.field, moved.after) == (
        "80429-2023-04-18",
        "source_url",
        site.base_url + "/v1/file/90002",
    )
    assert result.repointed == (moved,)
    assert result.failed == ()
    assert [s.url.rsplit("/", 1)[1] for s in result.skipped] == ["90009"]
    assert (result.listed, result.downloads, result.not_modified) == (3, 3, 0)
    assert result.written is None
    assert not root.exists()


def test_update_writes_a_new_version_and_history_shows_it(
    site: FakeOfsted, base: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    first = _seed(base, root)
    before = _snapshot(first)
    result = update(out=root, client=_client(site, tmp_path))
    assert result.written is not None and result.written != first
    assert _snapshot(first) == before  # the previous version is kept, untouched
    monkeypatch.setenv("OFSTED_RATINGS_DATA_DIR", str(root))
    current = load()
    assert current.origin == str(result.written)
    assert [i.known_from for i in current.history("Leeds")][-1] == date(2025, 8, 12)
    assert load(bundled=True).origin == "bundled"
    written = _snapshot(root)
    again = update(out=root, client=_client(site, tmp_path))
    assert again.new == () and again.written is None  # nothing new: nothing written
    assert (again.changes, again.downloads) == ((), 0)
    assert _snapshot(root) == written


def test_a_report_that_cannot_be_read_does_not_stop_the_others(
    site: FakeOfsted, base: Dataset, tmp_path: Path
) -> None:
    site.faults["/v1/file/90000"] = ["truncate"] * 10
    result = update(
        dataset=base,
        out=tmp_path / "data",
        dry_run=True,
        client=_client(site, tmp_path, max_retries=1),
    )
    assert [i.id for i in result.new] == ["80485-2026-07-07"]
    assert [f.url.rsplit("/", 1)[1] for f in result.failed] == ["90000"]


@pytest.mark.parametrize(
    ("path", "faults"),
    [
        ("/search", ["500"] * 10),
        ("/search", ["garbage"]),
        ("/search", ["reset"] * 10),
        ("/search", ["sleep:1"] * 10),
    ],
)
def test_failures_leave_the_data_byte_for_byte(
    site: FakeOfsted, base: Dataset, tmp_path: Path, path: str, faults: list[str]
) -> None:
    root = tmp_path / "data"
    _seed(base, root)
    before = _snapshot(root)
    site.faults[path] = list(faults)
    with pytest.raises(Exception) as info:
        update(out=root, client=_client(site, tmp_path, max_retries=1, timeout=0.3))
    assert info.type is not AssertionError
    assert _snapshot(root) == before


def test_html_and_429_are_handled(site: FakeOfsted, base: Dataset, tmp_path: Path) -> None:
    site.faults["/v1/file/90001"] = ["html"]
    site.faults["/provider/44/80481"] = ["429:0"]
    result = update(dataset=base, out=tmp_path / "d", dry_run=True, client=_client(site, tmp_path))
    assert [i.id for i in result.new] == ["80481-2025-08-12"]
    assert "HTML" in result.failed[0].reason


def test_an_interrupted_write_leaves_the_data_unchanged(
    site: FakeOfsted, base: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    _seed(base, root)
    before = _snapshot(root)
    calls = []

    def dies(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        Path(path).write_text(text, encoding="utf-8")

    monkeypatch.setattr(userdata, "_write_file", dies)
    with pytest.raises(KeyboardInterrupt):
        update(out=root, client=_client(site, tmp_path))
    assert _snapshot(root) == before
    assert not list((root / "versions").glob(".staging-*"))


def test_an_interrupted_download_leaves_the_data_unchanged(
    site: FakeOfsted, base: Dataset, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    _seed(base, root)
    before = _snapshot(root)

    def stop(done: int, total: int, label: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update(out=root, client=_client(site, tmp_path), progress=stop)
    assert _snapshot(root) == before
    assert not (root / "update.lock").exists()


def test_two_updates_at_once(site: FakeOfsted, base: Dataset, tmp_path: Path) -> None:
    root = tmp_path / "data"
    _seed(base, root)
    with userdata.lock(root), pytest.raises(userdata.UpdateInProgressError):
        update(out=root, client=_client(site, tmp_path))
    stale = root / "update.lock"
    stale.write_text("999999999", encoding="utf-8")  # a lock whose process is gone
    assert update(out=root, client=_client(site, tmp_path)).written is not None


def test_integrity_failure_writes_nothing(
    site: FakeOfsted, base: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ofsted_ratings import update as update_module
    from ofsted_ratings.integrity import Problem

    root = tmp_path / "data"
    _seed(base, root)
    before = _snapshot(root)
    monkeypatch.setattr(update_module, "check", lambda ds: [Problem("test", "broken")])
    with pytest.raises(UpdateError, match="broken"):
        update(out=root, client=_client(site, tmp_path))
    assert _snapshot(root) == before


def test_cli_update_dry_run(
    site: FakeOfsted,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    base: Dataset,
) -> None:
    root = tmp_path / "data"
    _seed(base, root)
    monkeypatch.setattr("ofsted_ratings.sources.ofsted.time.sleep", lambda s: None)
    status = main(
        [
            "update",
            "--dry-run",
            "--since",
            "2025-06-01",
            "--base-url",
            site.base_url,
            "--out",
            str(root),
            "--cache",
            str(tmp_path / "cache"),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "2 new inspections (would add)" in out
    assert "80481-2025-08-12  Leeds" in out
    assert "80485-2026-07-07  Liverpool" in out


def test_damaged_user_data_names_file_line_and_field(
    base: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ofsted_ratings import DataFileError

    root = tmp_path / "data"
    folder = _seed(base, root)
    path = folder / "inspections.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",20", ",x20", 1)
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("OFSTED_RATINGS_DATA_DIR", str(root))
    with pytest.raises(DataFileError) as info:
        load()
    message = str(info.value)
    assert "inspections.csv" in message and "line 4" in message
    assert load(bundled=True).origin == "bundled"
    status = main(["history", "Leeds"])
    assert status == 3  # no data
    monkeypatch.setenv("OFSTED_RATINGS_DATA", "bundled")
    assert load().origin == "bundled"
    del os.environ["OFSTED_RATINGS_DATA"]


def test_official_file_adds_kinds_and_missing_inspections(
    site: FakeOfsted, base: Dataset, tmp_path: Path, sources_dir: Path
) -> None:

    from ofsted_ratings import InspectionKind

    ods = sources_dir / "ofsted-official" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    site.files["/stats/outcomes.ods"] = ods.read_bytes()
    leeds_2018 = next(i for i in base.inspections if i.id == "80481-2018-12-18")
    essex = next(i for i in base.inspections if i.id == "80468-2019-01-07")
    older = Dataset(
        authorities=base.authorities,
        inspections=[
            attrs.evolve(i, kind=None, kind_basis=None) if i is leeds_2018 else i
            for i in base.inspections
            if i is not essex
        ],
        release=base.release,
    )
    result = update(
        dataset=older,
        out=tmp_path / "d",
        dry_run=True,
        client=_client(site, tmp_path),
        official_url=site.base_url + "/stats/outcomes.ods",
    )
    (added,) = [i for i in result.new if i.id == essex.id]
    assert (added.grades, added.kind, added.start) == (essex.grades, essex.kind, essex.start)
    assert added.source.url == site.base_url + "/stats/outcomes.ods"
    assert ("80481-2018-12-18", None, InspectionKind.SHORT) in [
        (old.id, old.kind, new.kind) for old, new in result.changed
    ]
    assert result.disagreements == ()
    site.files["/stats/page.ods"] = b"<!DOCTYPE html><html>moved</html>"
    with pytest.raises(DownloadError, match="not an ODS spreadsheet"):
        update(
            dataset=older,
            out=tmp_path / "d",
            dry_run=True,
            client=_client(site, tmp_path),
            official_url=site.base_url + "/stats/page.ods",
        )


def _in_use(root: Path) -> dict[str, str]:
    """The pointer and the files of the version in use."""
    current = userdata.current_version(root)
    assert current is not None
    found = _snapshot(current)
    found["CURRENT"] = (root / "CURRENT").read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize("step", ["download", "read", "merge", "write", "switch"])
def test_killed_at_every_step(
    site: FakeOfsted, base: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    import ofsted_ratings.sources.reports
    from ofsted_ratings import update as update_module

    root = tmp_path / "data"
    _seed(base, root)
    before = _in_use(root)

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    if step == "download":
        monkeypatch.setattr(OfstedClient, "download", killed)
    elif step == "read":
        monkeypatch.setattr(ofsted_ratings.sources.reports, "read_report", killed)
    elif step == "merge":
        monkeypatch.setattr(update_module, "check", killed)
    else:
        calls: list[object] = []
        target = "_write_file" if step == "write" else "_fsync_dir"
        real = getattr(userdata, target)

        def dies_second_time(*args: object) -> None:
            calls.append(args)
            if len(calls) == 2:
                raise KeyboardInterrupt
            real(*args)

        monkeypatch.setattr(userdata, target, dies_second_time)
    with pytest.raises(KeyboardInterrupt):
        update(out=root, client=_client(site, tmp_path))
    assert _in_use(root) == before
    assert not (root / "update.lock").exists()
    monkeypatch.undo()
    assert update(out=root, client=_client(site, tmp_path)).written is not None


def test_an_official_file_merges_by_the_builds_rules(
    site: FakeOfsted, base: Dataset, tmp_path: Path, sources_dir: Path
) -> None:
    """The 2024 file gives no inspection dates in its history: a row that matches nothing
    is left out for review, and the reviewed corrections bundled with the data settle the
    disagreements the build settled."""
    ods = sources_dir / "ofsted-official" / "LA_Inspection_Outcomes_as_at_March_2024.ods"
    site.files["/stats/" + ods.name] = ods.read_bytes()
    essex = "80468-2019-01-07"
    older = Dataset(
        authorities=base.authorities,
        inspections=[i for i in base.inspections if i.id != essex],
        release=base.release,
    )
    result = update(
        dataset=older,
        out=tmp_path / "d",
        dry_run=True,
        client=_client(site, tmp_path),
        official_url=site.base_url + "/stats/" + ods.name,
    )
    assert sorted(i.id for i in result.new) == ["80481-2025-08-12", "80485-2026-07-07"]
    (conflict,) = result.conflicts
    assert (conflict.source, "no inspection date") == (ods.name, conflict.message[-18:])
    assert [(d.id, d.field, d.ours, d.theirs) for d in result.disagreements] == [
        ("80510-2022-05-09", "kind", "short", "standard")
    ]
    assert [c.field for c in result.changes] == ["source_url"]  # the known report, moved
    kept = result.dataset.inspections[: len(older.inspections)]
    assert [i.id for i in kept] == [i.id for i in older.inspections]


def test_every_gap_is_found_and_since_only_narrows(
    site: FakeOfsted, base: Dataset, tmp_path: Path
) -> None:
    """The data's release is after Leeds 2025 was published: a plain update still finds it."""
    late = attrs.evolve(base, release=date(2026, 8, 1))
    result = update(dataset=late, out=tmp_path / "d", dry_run=True, client=_client(site, tmp_path))
    assert sorted(i.id for i in result.new) == ["80481-2025-08-12", "80485-2026-07-07"]
    narrowed = update(
        dataset=late,
        out=tmp_path / "d",
        dry_run=True,
        since=date(2026, 1, 1),
        client=_client(site, tmp_path),
    )
    assert [i.id for i in narrowed.new] == ["80485-2026-07-07"]
    assert (narrowed.listed, narrowed.downloads, narrowed.changes) == (1, 0, ())  # cached


def test_a_known_file_listed_at_two_addresses_stays_where_it_is(
    site: FakeOfsted, base: Dataset, tmp_path: Path
) -> None:
    (birmingham,) = [i for i in base.inspections if i.id == "80429-2023-04-18"]
    at_site = attrs.evolve(
        birmingham, source=attrs.evolve(birmingham.source, url=site.base_url + "/v1/file/90002")
    )
    (listing,) = [x for x in site.listings if x.file_id == "90002"]
    site.add(attrs.evolve(listing, file_id="90003"))
    data = attrs.evolve(
        base, inspections=[at_site if i is birmingham else i for i in base.inspections]
    )
    result = update(dataset=data, out=tmp_path / "d", dry_run=True, client=_client(site, tmp_path))
    assert result.changes == ()
    assert sorted(i.id for i in result.new) == ["80481-2025-08-12", "80485-2026-07-07"]
