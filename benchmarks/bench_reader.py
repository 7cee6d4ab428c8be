"""Benchmark of the report reader over the whole corpus, against other PDF libraries.

Run ``python benchmarks/bench_reader.py [--reports DIR] [--sample N] [--repeat N]``. It
prints, for each library, reports per second and total seconds, and how many records agree
with the reader's:

1. **text extraction only, the same pages**: the pages the reader reads for each report
   (page 1; the last page for 2013 reports; the contents, summary, LSCB and lead inspector
   pages for the SIF), opened and extracted with pypdfium2 and with pypdf;
2. **the whole reader**: ``read_report`` (pypdfium2), and the same parser fed by pypdf, with
   the number of records equal to pypdfium2's; then the parser alone, on page texts
   extracted beforehand (labels mapped by concept, dates, names, re-inspection wording);
3. **baseline: PyPDF2 and tabula-py** on a sample of ILACS reports (page 1 text with PyPDF2
   for the header, the judgement table with tabula, which starts a Java process per call),
   with the number whose table grades equal the reader's.

A summary line sets the reader's speed beside raw pypdfium2 extraction of the same pages.
With ``--repeat N`` sections 1 and 2 run N times and the fastest run counts.

A library that is not installed is skipped with a note. Target: the whole corpus in under
5 s with pypdfium2 on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import math
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from ofsted_ratings.errors import GradeError
from ofsted_ratings.grades import Grade
from ofsted_ratings.sources.reports import ReportError, ReportRecord, _text, read_report
from ofsted_ratings.sources.reports._parse import ParsedReport, parse_pages

DEFAULT_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "reports"


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.1f} reports/s  {seconds:7.2f} s total ({count} reports)"


def _files(reports: Path) -> list[Path]:
    with (reports / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return [reports / row["file"] for row in csv.DictReader(handle)]


def _pages_read(files: list[Path]) -> dict[Path, tuple[int, ...]]:
    """The pages the reader reads for each report (0-based)."""
    used: dict[Path, tuple[int, ...]] = {}
    for path in files:
        data, name = _text.load_input(path)
        with _text.open_pdf(data, name) as pages:
            with contextlib.suppress(ReportError):
                parse_pages(pages, source=name)
            used[path] = pages.read
    return used


def _extract_pdfium(data: bytes, indexes: tuple[int, ...]) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in indexes:
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _extract_pypdf(data: bytes, indexes: tuple[int, ...]) -> list[str]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [reader.pages[index].extract_text() for index in indexes]


class _PypdfPages:
    """Page texts from pypdf, extracted on first access, for the reader's parser."""

    def __init__(self, data: bytes) -> None:
        import pypdf

        self._reader = pypdf.PdfReader(io.BytesIO(data))
        self._texts: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._reader.pages)

    def __getitem__(self, index: int) -> str:
        if index not in self._texts:
            self._texts[index] = self._reader.pages[index].extract_text()
        return self._texts[index]


def _fields(record: ReportRecord | ParsedReport) -> tuple[object, ...]:
    return (
        record.authority,
        record.framework,
        record.kind,
        record.start,
        record.end,
        record.published,
        record.lead_inspector,
        record.judgements,
    )


def _available(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        print(f"  {module}: not installed, skipped")
        return False
    return True


def _best(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of ``repeat`` timed runs of ``run``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_extraction(files: list[Path], used: dict[Path, tuple[int, ...]], repeat: int) -> float:
    """Section 1; the seconds pypdfium2 takes."""
    print("1. Text extraction only, the pages the reader reads")
    blobs = {path: path.read_bytes() for path in files}
    pages = sum(len(indexes) for indexes in used.values())
    libraries: list[tuple[str, str, Callable[[bytes, tuple[int, ...]], list[str]]]] = [
        ("pypdfium2", "pypdfium2", _extract_pdfium),
        ("pypdf", "pypdf", _extract_pypdf),
    ]
    pdfium_seconds = math.nan
    for label, module, extract in libraries:
        if not _available(module):
            continue

        def run(extract: Callable[[bytes, tuple[int, ...]], list[str]] = extract) -> None:
            for path in files:
                extract(blobs[path], used[path])

        seconds = _best(repeat if label == "pypdfium2" else 1, run)
        if label == "pypdfium2":
            pdfium_seconds = seconds
        print(f"  {label:<10} {_rate(len(files), seconds)}, {pages} pages")
    return pdfium_seconds


def _read_all(files: list[Path]) -> dict[Path, ReportRecord | None]:
    records: dict[Path, ReportRecord | None] = {}
    for path in files:
        try:
            records[path] = read_report(path)
        except ReportError:
            records[path] = None
    return records


class _Texts:
    """Page texts extracted beforehand, for timing the parser alone."""

    def __init__(self, count: int, texts: dict[int, str]) -> None:
        self._count = count
        self._texts = texts

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        return self._texts[index]


def bench_parser(files: list[Path], used: dict[Path, tuple[int, ...]], repeat: int) -> float:
    """The parser alone on the pages it reads, extracted beforehand; its seconds."""
    texts = {}
    for path in files:
        data = path.read_bytes()
        with _text.open_pdf(data, str(path)) as pages:
            texts[path] = _Texts(len(pages), {index: pages[index] for index in used[path]})

    def run() -> None:
        for path in files:
            with contextlib.suppress(ReportError):
                parse_pages(texts[path], source=str(path))

    seconds = _best(repeat, run)
    print(f"  {'parser':<10} {_rate(len(files), seconds)} (page texts extracted beforehand)")
    return seconds


def bench_reader(files: list[Path], repeat: int) -> tuple[dict[Path, ReportRecord | None], float]:
    """Section 2; the records and the seconds the reader takes."""
    print("2. The whole reader (open, hash, extract, parse)")
    records: dict[Path, ReportRecord | None] = {}

    def run() -> None:
        records.update(_read_all(files))

    reader_seconds = _best(repeat, run)
    read = sum(record is not None for record in records.values())
    print(f"  {'pypdfium2':<10} {_rate(len(files), reader_seconds)}; {read} records")
    if _available("pypdf"):
        same = failed = 0
        start = time.perf_counter()
        for path in files:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    parsed = parse_pages(_PypdfPages(path.read_bytes()), source=str(path))
            except ReportError:
                failed += 1
                continue
            except Exception:  # pypdf's own errors count as failures here
                failed += 1
                continue
            expected = records[path]
            same += expected is not None and _fields(parsed) == _fields(expected)
        seconds = time.perf_counter() - start
        print(
            f"  {'pypdf':<10} {_rate(len(files), seconds)}; {same} records equal to "
            f"pypdfium2's, {failed} not read"
        )
    return records, reader_seconds


class _Frame(Protocol):
    """What the baseline uses of a pandas data frame from tabula."""

    @property
    def columns(self) -> Iterable[object]: ...

    def __getitem__(self, key: object, /) -> Iterable[object]: ...


def _tabula_grades(frame: _Frame) -> list[Grade | str]:
    """The grade column of tabula's table, each cell read as a grade where it is one."""
    column = next((name for name in frame.columns if str(name).strip().lower() == "grade"), None)
    if column is None:
        return []
    found: list[Grade | str] = []
    for value in frame[column]:
        if isinstance(value, str) and value.strip():
            try:
                found.append(Grade.parse(value))
            except GradeError:
                found.append(value)
    return found


def bench_baseline(files: list[Path], records: dict[Path, ReportRecord | None], size: int) -> None:
    print(f"3. Baseline: PyPDF2 (page 1 text) + tabula-py (table), {size} ILACS reports")
    if not (_available("PyPDF2") and _available("tabula")):
        return
    import PyPDF2
    from tabula.io import read_pdf

    ilacs = [
        path
        for path, record in records.items()
        if record is not None and record.framework.value.startswith("ilacs")
    ]
    step = max(1, math.floor(len(ilacs) / size))
    sample = ilacs[::step][:size]
    same = 0
    start = time.perf_counter()
    for path in sample:
        PyPDF2.PdfReader(str(path)).pages[0].extract_text()
        try:
            frames: Sequence[_Frame] = read_pdf(str(path), pages=1, silent=True)
        except Exception as error:  # report and carry on
            print(f"  tabula failed on {path}: {error}")
            continue
        record = records[path]
        assert record is not None
        # The table prints the overall row last; the record lists it first.
        order = [j for j in record.judgements if j.area != "overall_effectiveness"]
        order += [j for j in record.judgements if j.area == "overall_effectiveness"]
        found = _tabula_grades(frames[0]) if frames else []
        if found == [judgement.grade for judgement in order]:
            same += 1
        else:
            print(f"  {path.parent.name}/{path.name}: tabula {found}")
    seconds = time.perf_counter() - start
    print(
        f"  {'PyPDF2+tabula':<14} {_rate(len(sample), seconds)}; {same} of {len(sample)} "
        "tables with the reader's grades"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS)
    parser.add_argument("--sample", type=int, default=20, help="reports for the baseline")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs of sections 1 and 2")
    arguments = parser.parse_args()
    files = _files(arguments.reports)
    print(f"{len(files)} reports in {arguments.reports}")
    used = _pages_read(files)
    extraction = bench_extraction(files, used, arguments.repeat)
    records, reader = bench_reader(files, arguments.repeat)
    parsing = bench_parser(files, used, arguments.repeat)
    print(
        f"Summary: the reader reads {len(files) / reader:.1f} reports/s; pypdfium2 alone "
        f"extracts the same pages at {len(files) / extraction:.1f} reports/s; the reader takes "
        f"{reader / extraction:.2f}x the time of extraction (parsing alone "
        f"{len(files) / parsing:.1f} reports/s)"
    )
    if not arguments.no_baseline:
        bench_baseline(files, records, arguments.sample)


if __name__ == "__main__":
    main()
