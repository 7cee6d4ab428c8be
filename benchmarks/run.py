"""Benchmarks of ofsted-ratings, each beside a baseline measured in the same run.

Run with ``nox -s bench`` or ``python benchmarks/run.py [--quick] [--json FILE]``. Every
figure is the median of repeated runs in fresh processes where start-up matters (import, first
load, the command line) and of many calls where it does not (the streak query).

Figures and targets:

* ``import ofsted_ratings``: under 50 ms; baseline ``python -c pass``. Also lists any PDF,
  HTTP or dataframe library that the import pulled in (there should be none).
* first ``load()`` of the national dataset: under 30 ms; baseline ``pandas.read_csv`` of the
  same CSV files.
* "outstanding three times in a row" over all authorities after load: under 1 ms; baseline
  the same question answered with pandas.
* national counts at 31 March 2025 in Ofsted's convention, by region: under 50 ms; baseline
  each authority's latest published grade counted with pandas.
* the command line end to end (``ofsted-ratings streaks ...``): under 150 ms; baseline
  ``python -c pass``.
* peak RSS of ``load()``; baseline the interpreter alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path

HEAVY = (
    "pypdfium2",
    "pypdf",
    "requests",
    "urllib3",
    "pandas",
    "polars",
    "numpy",
    "python_calamine",
    "matplotlib",
    "openpyxl",
    "hypothesis",
    "cattrs",
)


def _median_subprocess(code: str, repeat: int) -> float:
    """Median wall time (s) of ``python -c code`` in fresh processes."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _median_command(argv: Sequence[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(list(argv), check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _in_process(code: str, repeat: int) -> float:
    """Median time (s) a snippet takes inside a fresh process, timed by the process itself."""
    wrapped = f"import time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)\n"
    values = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", wrapped], check=True, capture_output=True, text=True
        )
        values.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


def _in_process_after(setup: str, code: str, repeat: int) -> float:
    """Median time (s) of ``code`` in a fresh process, after ``setup`` has run untimed."""
    return _in_process_timed(setup, code, repeat)


def _in_process_timed(setup: str, code: str, repeat: int) -> float:
    wrapped = (
        f"{setup}\nimport time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)\n"
    )
    values = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", wrapped], check=True, capture_output=True, text=True
        )
        values.append(float(done.stdout.strip().splitlines()[-1]))
    return statistics.median(values)


def _best_per_call(function: Callable[[], object], number: int) -> float:
    return min(timeit.repeat(function, number=number, repeat=5)) / number


def _peak_rss_kib(code: str) -> int:
    """Peak resident memory (VmHWM) of a fresh process after running ``code``."""
    wrapped = (
        f"{code}\n"
        "for line in open('/proc/self/status'):\n"
        "    if line.startswith('VmHWM:'):\n"
        "        print(line.split()[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapped], check=True, capture_output=True, text=True
    )
    return int(done.stdout.strip().splitlines()[-1])


def _pandas_streaks(path: str) -> Callable[[], list[str]]:
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)

    def question() -> list[str]:
        graded = frame[
            frame[
                [
                    c
                    for c in frame.columns
                    if c.endswith("_effectiveness")
                    or c in ("impact_of_leaders", "help_and_protection")
                ]
            ]
            .ne("")
            .any(axis=1)
        ]
        graded = graded.sort_values(["urn", "published"])
        found = []
        for urn, group in graded.groupby("urn", sort=False):
            run = 0
            for grade in group["overall_effectiveness"]:
                run = run + 1 if grade == "outstanding" else 0
                if run == 3:
                    found.append(str(urn))
                    break
        return found

    return question


def _pandas_counts(path: str, day: str) -> Callable[[], dict[str, int]]:
    """Each authority's latest overall grade published by ``day``, counted, in pandas."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)

    def question() -> dict[str, int]:
        known = frame["published"].where(frame["published"] != "", frame["source_published"])
        graded = frame[(frame["overall_effectiveness"] != "") & (known <= day)]
        latest = graded.assign(known=known).sort_values("known").groupby("authority_key").last()
        return {str(k): int(v) for k, v in latest["overall_effectiveness"].value_counts().items()}

    return question


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else 15

    import ofsted_ratings
    from ofsted_ratings import Grade, load
    from ofsted_ratings.dataset import data_files

    figures: dict[str, dict[str, object]] = {}

    def record(
        name: str, value: float, baseline: float, unit: str, target: float | None, note: str = ""
    ) -> None:
        ratio = value / baseline if baseline else float("nan")
        met = None if target is None else value <= target
        figures[name] = {
            "value": value,
            "baseline": baseline,
            "ratio": ratio,
            "unit": unit,
            "target": target,
            "met": met,
            "note": note,
        }
        target_text = (
            ""
            if target is None
            else f"  target {target:g} {unit}: " + ("met" if met else "NOT met")
        )
        print(
            f"{name:<34} {value:10.3f} {unit}  baseline {baseline:10.3f} {unit}"
            f"  ratio {ratio:6.2f}{target_text}{'  ' + note if note else ''}"
        )

    print(
        f"ofsted-ratings {ofsted_ratings.__version__}, data release {ofsted_ratings.DATA_RELEASE}"
    )
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}"
        f" {platform.release()}, {__import__('os').cpu_count()} CPUs\n"
    )

    imported = _in_process("import ofsted_ratings", repeat) * 1000
    json_import = _in_process("import json", repeat) * 1000
    leaked = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, ofsted_ratings; print(' '.join(sorted(m for m in "
            f"{HEAVY!r} if m in sys.modules)))",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    interp = _median_subprocess("pass", repeat) * 1000
    record(
        "import ofsted_ratings",
        imported,
        json_import,
        "ms",
        50,
        f"(baseline import json; whole process "
        f"{_median_subprocess('import ofsted_ratings', repeat) * 1000:.1f} ms vs python -c pass"
        f" {interp:.1f} ms; heavy modules imported: {leaked or 'none'})",
    )

    folder = data_files()
    csvs = [str(folder / "authorities.csv"), str(folder / "inspections.csv")]
    first_load = _in_process("import ofsted_ratings; ofsted_ratings.load()", repeat) * 1000
    pandas_read = (
        _in_process(
            "import pandas as pd\n" + "\n".join(f"pd.read_csv({p!r})" for p in csvs), repeat
        )
        * 1000
    )
    record(
        "first load() with its imports",
        first_load,
        pandas_read,
        "ms",
        30,
        "(baseline import pandas + read_csv; includes importing attrs and the models)",
    )
    read_only = (
        _in_process_after(
            "import ofsted_ratings.dataset, ofsted_ratings.io.convert, ofsted_ratings.queries",
            "ofsted_ratings.load()",
            repeat,
        )
        * 1000
    )
    pandas_only = (
        _in_process_after(
            "import pandas as pd", "\n".join(f"pd.read_csv({p!r})" for p in csvs), repeat
        )
        * 1000
    )
    record(
        "first load() (modules imported)",
        read_only,
        pandas_only,
        "ms",
        30,
        "(baseline pandas.read_csv with pandas imported)",
    )

    dataset = load()
    ours = _best_per_call(lambda: dataset.streaks(Grade.OUTSTANDING, 3), 200) * 1000
    theirs_question = _pandas_streaks(csvs[1])
    theirs = _best_per_call(theirs_question, 5) * 1000
    record("outstanding 3 in a row (query)", ours, theirs, "ms", 1, "(baseline pandas)")

    from ofsted_ratings import counts

    national = (
        _best_per_call(
            lambda: counts(dataset, as_of="2025-03-31", convention="ofsted", by="region"), 20
        )
        * 1000
    )
    theirs_counts = _best_per_call(_pandas_counts(csvs[1], "2025-03-31"), 5) * 1000
    record(
        "national counts by region (query)",
        national,
        theirs_counts,
        "ms",
        50,
        "(Ofsted's convention at 31 March 2025; baseline pandas, published by the date)",
    )

    cli = [
        sys.executable,
        "-m",
        "ofsted_ratings",
        "streaks",
        "--grade",
        "outstanding",
        "--min",
        "3",
        "--group",
        "core-cities",
    ]
    end_to_end = _median_command(cli, repeat) * 1000
    record("CLI streaks end to end", end_to_end, interp, "ms", 150, "(baseline python -c pass)")

    if importlib.util.find_spec("matplotlib") is not None:
        setup = (
            "import tempfile, pathlib\n"
            "from ofsted_ratings import load\n"
            "from ofsted_ratings.exports.charts import plot_group\n"
            "from ofsted_ratings.exports.maps import plot_map\n"
            "import matplotlib.backends.backend_agg\n"
            "ds = load()\n"
            "out = pathlib.Path(tempfile.mkdtemp())\n"
        )
        drawn = _in_process_after(
            setup, "plot_map(ds, out / 'map.png', as_of='2025-03-31')", repeat
        )
        chart = _in_process_after(setup, "plot_group(ds, 'core-cities', out / 'g.png')", repeat)
        record(
            "map of England (geographic)",
            drawn * 1000,
            chart * 1000,
            "ms",
            None,
            "(first map in a process, PNG; baseline the core cities' chart)",
        )

    rss_load = _peak_rss_kib("import ofsted_ratings; ofsted_ratings.load()") / 1024
    rss_empty = _peak_rss_kib("pass") / 1024
    record("peak RSS of load()", rss_load, rss_empty, "MiB", None, "(baseline interpreter)")
    corpus = Path(__file__).resolve().parents[2] / "shared" / "reports"
    if (corpus / "manifest.csv").is_file():
        rss_reading = (
            _peak_rss_kib(
                "import csv\nfrom pathlib import Path\n"
                "from ofsted_ratings.sources.reports import read_report\n"
                f"root = Path({str(corpus)!r})\n"
                "with (root / 'manifest.csv').open() as handle:\n"
                "    for row in csv.DictReader(handle):\n"
                "        read_report(root / row['file'])\n"
            )
            / 1024
        )
        rss_pdfium = _peak_rss_kib("import pypdfium2") / 1024
        record(
            "peak RSS reading the corpus",
            rss_reading,
            rss_pdfium,
            "MiB",
            None,
            "(baseline import pypdfium2)",
        )

    reader = Path(__file__).with_name("bench_reader.py")
    if reader.exists():
        print("\nReport reading (benchmarks/bench_reader.py):")
        subprocess.run(
            [sys.executable, str(reader), *(["--sample", "5"] if args.quick else [])], check=False
        )

    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
