"""Benchmark of the letter reader over every visit letter, beside the report reader.

Run ``python benchmarks/bench_letters.py [--visits DIR] [--reports DIR] [--repeat N]``. It
prints, for the letters:

1. **text extraction only**: every page of every letter opened and extracted with
   pypdfium2 (the letter reader reads every page: its sections run to the end);
2. **the whole reader**: ``read_letter`` (open, hash, extract, parse), with how many letters
   read and how many raised a typed error;
3. **the parser alone**, on page texts extracted beforehand;

and, beside them, the report reader's ``read_report`` over the report corpus (the same
figures as ``benchmarks/bench_reader.py`` section 2). With ``--repeat N`` every section runs N
times and the fastest run counts. A corpus that is absent is skipped with a note.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
from pathlib import Path

# Run as a script, this folder is on the path: the timing helper is the report bench's.
from bench_reader import _best

from ofsted_ratings.sources.letters import LetterRecord, read_letter
from ofsted_ratings.sources.letters._parse import parse_letter
from ofsted_ratings.sources.reports import ReportError, read_report

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _files(folder: Path) -> list[Path]:
    with (folder / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        return [folder / row["file"] for row in csv.DictReader(handle)]


def _rate(count: int, seconds: float, unit: str) -> str:
    return f"{count / seconds:8.1f} {unit}/s  {seconds:7.2f} s total ({count} {unit})"


def _extract(data: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def bench_letters(files: list[Path], repeat: int) -> tuple[float, float]:
    """Sections 1 to 3; the seconds extraction and the reader take."""
    blobs = {path: path.read_bytes() for path in files}
    texts: dict[Path, list[str]] = {}

    def extract() -> None:
        for path in files:
            texts[path] = _extract(blobs[path])

    extraction = _best(repeat, extract)
    pages = sum(len(pages) for pages in texts.values())
    print("1. Text extraction only, every page (pypdfium2)")
    print(f"  {'pypdfium2':<10} {_rate(len(files), extraction, 'letters')}, {pages} pages")

    outcome: dict[Path, LetterRecord | None] = {}

    def read() -> None:
        for path in files:
            try:
                outcome[path] = read_letter(blobs[path])
            except ReportError:
                outcome[path] = None

    reader = _best(repeat, read)
    read_count = sum(record is not None for record in outcome.values())
    print("2. The whole letter reader (open, hash, extract, parse)")
    print(
        f"  {'read_letter':<10} {_rate(len(files), reader, 'letters')}; {read_count} read, "
        f"{len(files) - read_count} typed errors"
    )

    def parse() -> None:
        for path in files:
            with contextlib.suppress(ReportError):
                parse_letter(texts[path])

    parsing = _best(repeat, parse)
    print("3. The parser alone, on page texts extracted beforehand")
    print(f"  {'parser':<10} {_rate(len(files), parsing, 'letters')}")
    return extraction, reader


def bench_reports(files: list[Path], repeat: int) -> float:
    """The report reader over the report corpus; its seconds."""
    blobs = {path: path.read_bytes() for path in files}

    def read() -> None:
        for path in files:
            with contextlib.suppress(ReportError):
                read_report(blobs[path])

    seconds = _best(repeat, read)
    print("4. Beside it: the report reader (open, hash, extract the pages it needs, parse)")
    print(f"  {'read_report':<10} {_rate(len(files), seconds, 'reports')}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=Path, default=SHARED / "visits")
    parser.add_argument("--reports", type=Path, default=SHARED / "reports")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each section")
    arguments = parser.parse_args()
    if not (arguments.visits / "manifest.csv").is_file():
        print(f"no letters in {arguments.visits}: skipped")
        return
    letters = _files(arguments.visits)
    print(f"{len(letters)} letters in {arguments.visits}")
    extraction, reader = bench_letters(letters, arguments.repeat)
    summary = (
        f"Summary: the letter reader reads {len(letters) / reader:.1f} letters/s; pypdfium2 "
        f"alone extracts their text at {len(letters) / extraction:.1f} letters/s; the reader "
        f"takes {reader / extraction:.2f}x the time of extraction"
    )
    if (arguments.reports / "manifest.csv").is_file():
        reports = _files(arguments.reports)
        seconds = bench_reports(reports, arguments.repeat)
        summary += f"; the report reader reads {len(reports) / seconds:.1f} reports/s"
    else:
        print(f"no reports in {arguments.reports}: the report reader is not timed")
    print(summary)


if __name__ == "__main__":
    main()
