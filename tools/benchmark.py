"""Benchmark the course notebooks: wall time, execution time and peak memory of each one.

Run from the repository root:

    python tools/benchmark.py                      # every notebooks/*.ipynb
    python tools/benchmark.py --series --setup fresh   # the whole course: also nbval's run and the set-up
    python tools/benchmark.py --notebooks notebooks/00_welcome.ipynb --output /tmp/bench.md

Each notebook runs top to bottom in a fresh kernel of the current Python environment, on an
in-memory copy (the file is never written). One extra cell appended at the end reports the
kernel process's own peak resident memory. On Linux that is VmHWM from /proc/self/status:
`ru_maxrss` is not used there because a process started with fork/exec inherits its
launcher's high-water mark, so it would report at least this script's own peak. Elsewhere
the probe falls back to `ru_maxrss` (kilobytes on Linux, bytes on macOS).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from checkout import ROOT
from dl101.course import notebooks
from dl101.environment import installed_version, nvidia_gpus

DEFAULT_OUTPUT = ROOT / "tools" / "benchmark_results.md"
CELL_TIMEOUT_S = 1800
MB = 1e6
GB = 1e9
MARKER = "BENCHMARK_PEAK_RSS_BYTES="
PROBE_CELL = f"""\
import resource as _bench_resource
import sys as _bench_sys

def _bench_peak_rss_bytes():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    maxrss = _bench_resource.getrusage(_bench_resource.RUSAGE_SELF).ru_maxrss
    return maxrss if _bench_sys.platform == "darwin" else maxrss * 1024

print("{MARKER}" + str(_bench_peak_rss_bytes()))
"""


@dataclass(frozen=True)
class Target:
    """A notebook's budget: wall time in seconds (None: no time limit) and peak memory in bytes."""

    max_wall_s: float | None
    max_peak_bytes: float


# Keyed by the notebook's two-digit prefix, e.g. "03" for notebooks/03_cnn.ipynb.
TARGETS: dict[str, Target] = {
    "00": Target(20, 1.0 * GB),
    "01": Target(20, 1.0 * GB),
    "02": Target(30, 1.2 * GB),
    "03": Target(30, 1.2 * GB),
    "04": Target(30, 1.2 * GB),
    "05": Target(30, 1.2 * GB),
    "06": Target(45, 1.5 * GB),
    "07": Target(45, 1.5 * GB),
    "08": Target(90, 1.5 * GB),
    "09": Target(60, 1.5 * GB),
    "10": Target(90, 1.5 * GB),
}
SERIES_TARGET_S = 300  # the whole series, executed by nbval as the test suite does, on 2 cores
DEFAULT_TARGET = Target(None, 1.5 * GB)


@dataclass
class Result:
    """The measurements of one notebook, or the name of the error that stopped it."""

    name: str
    target: Target
    wall_s: float = 0.0
    exec_s: float = 0.0
    peak_bytes: int = 0
    error: str | None = None


def target_for(path: Path) -> Target:
    """Return the target of a notebook, looked up by its two-digit file-name prefix."""
    return TARGETS.get(path.name[:2], DEFAULT_TARGET)


def target_label(target: Target) -> str:
    """Describe a target in words, e.g. '< 20 s, < 1 GB'."""
    memory = f"< {target.max_peak_bytes / GB:g} GB"
    if target.max_wall_s is None:
        return f"{memory} peak"
    return f"< {target.max_wall_s:g} s, {memory}"


def meets_target(result: Result) -> bool:
    """Whether a notebook ran without error within its time and memory budget."""
    target = result.target
    fast_enough = target.max_wall_s is None or result.wall_s < target.max_wall_s
    return result.error is None and fast_enough and result.peak_bytes < target.max_peak_bytes


def parse_peak(cell: nbformat.NotebookNode) -> int:
    """Read the peak resident memory in bytes from the probe cell's output."""
    for output in cell.get("outputs", []):
        for line in output.get("text", "").splitlines():
            if line.startswith(MARKER):
                return int(line[len(MARKER) :])
    raise RuntimeError("the memory probe cell printed no result")


def run_notebook(path: Path) -> Result:
    """Execute one notebook in a fresh kernel and measure it; never writes the file."""
    result = Result(name=path.name, target=target_for(path))
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE_CELL))
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(path.parent)}},
    )
    try:
        start = time.perf_counter()
        with client.setup_kernel():
            ready = time.perf_counter()
            for index, cell in enumerate(nb.cells[:-1]):
                client.execute_cell(cell, index)
            done = time.perf_counter()
            client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
        result.wall_s, result.exec_s = done - start, done - ready
        result.peak_bytes = parse_peak(nb.cells[-1])
    except CellExecutionError as error:
        result.error = error.ename
    except (RuntimeError, TimeoutError) as error:  # dead kernel, cell timeout, kernel not starting
        result.error = type(error).__name__
    return result


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, else what platform reports."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def package_version(name: str) -> str:
    """The installed version of a distribution, or "not installed"."""
    return installed_version(name) or "not installed"


def machine_lines() -> list[str]:
    """Describe this machine and software environment, one Markdown bullet per item."""
    gpus = nvidia_gpus()
    return [
        f"- CPU: {cpu_model()}, {os.cpu_count()} cores",
        f"- RAM: {psutil.virtual_memory().total / GB:.1f} GB",
        f"- GPU: {', '.join(gpus) if gpus else 'none'}",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, "
        f"TensorFlow {package_version('tensorflow')}, "
        f"NumPy {package_version('numpy')}",
    ]


def report_header(title: str, script: str, *machine_notes: str) -> list[str]:
    """The opening lines of every benchmark report in tools/: title, how to regenerate it, date and machine."""
    return [
        f"# {title}",
        "",
        f"Regenerate with `python tools/{script}` (from the repository root).",
        "",
        f"Date: {datetime.date.today().isoformat()}",
        "",
        "## Machine",
        "",
        *machine_lines(),
        *machine_notes,
        "",
    ]


@dataclass(frozen=True)
class SeriesRun:
    """The notebooks executed by nbval, as ``python -m pytest notebooks`` runs them in the test suite."""

    seconds: float
    passed: bool


def run_series_with_nbval() -> SeriesRun:
    """Time ``python -m pytest notebooks``: every notebook executed and its checked outputs compared."""
    start = time.perf_counter()
    completed = subprocess.run([sys.executable, "-m", "pytest", "notebooks", "-q"], cwd=ROOT, capture_output=True)
    return SeriesRun(time.perf_counter() - start, completed.returncode == 0)


@dataclass(frozen=True)
class SetupRun:
    """The README's set-up command in a new virtual environment: how long it took and how big the result is."""

    seconds: float
    size_bytes: int
    pip_cache: bool


def directory_size(path: Path) -> int:
    """Bytes in the files under path (links not followed)."""
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file() and not entry.is_symlink())


def measure_setup(use_pip_cache: bool) -> SetupRun:
    """Create a virtual environment in a temporary folder and time ``python -m pip install -r requirements.txt``."""
    with tempfile.TemporaryDirectory(prefix="dl101-setup-") as folder:
        venv = Path(folder) / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        python = venv / ("Scripts" if sys.platform == "win32" else "bin") / "python"
        command = [str(python), "-m", "pip", "install", "-r", "requirements.txt", "--quiet"]
        if not use_pip_cache:
            command.append("--no-cache-dir")
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True)
        seconds = time.perf_counter() - start
        return SetupRun(seconds, directory_size(venv), use_pip_cache)


def table_row(result: Result) -> str:
    """Format one notebook's Markdown table row."""
    target = target_label(result.target)
    if result.error is not None:
        return f"| {result.name} | — | — | — | {target} | failed: {result.error} |"
    return (
        f"| {result.name} | {result.wall_s:.2f} | {result.exec_s:.2f} | {result.peak_bytes / MB:.0f} "
        f"| {target} | {'yes' if meets_target(result) else 'no'} |"
    )


def format_table(results: list[Result]) -> str:
    """Format the results as a Markdown table with a total row."""
    measured = [result for result in results if result.error is None]
    wall = sum(result.wall_s for result in measured)
    execution = sum(result.exec_s for result in measured)
    peak = max((result.peak_bytes for result in measured), default=0)
    all_met = "yes" if all(meets_target(result) for result in results) else "no"
    failed = len(results) - len(measured)
    total_name = f"**total** ({failed} failed, not counted)" if failed else "**total**"
    return "\n".join(
        [
            "| notebook | wall time (s) | execution (s) | peak memory (MB) | target | meets target |",
            "|---|---:|---:|---:|---|---|",
            *(table_row(result) for result in results),
            f"| {total_name} | {wall:.2f} | {execution:.2f} | {peak / MB:.0f} (max) | | {all_met} |",
        ]
    )


def series_lines(results: list[Result], series: SeriesRun | None, setup: SetupRun | None) -> list[str]:
    """The whole course: the series' time as the benchmark and as nbval measure it, and the set-up."""
    lines = ["## The whole series", ""]
    wall = sum(result.wall_s for result in results if result.error is None)
    lines.append(f"- Notebooks one after another, each in a fresh kernel: {wall:.0f} s in all.")
    if series is not None:
        verdict = "passed" if series.passed else "FAILED"
        within = "within" if series.seconds < SERIES_TARGET_S else "over"
        lines.append(
            f"- `python -m pytest notebooks` (nbval: every notebook run and its checked outputs compared): "
            f"{series.seconds:.0f} s, {verdict}; {within} the {SERIES_TARGET_S} s target."
        )
    peak = max((result.peak_bytes for result in results if result.error is None), default=0)
    lines.append(f"- Peak memory of the largest notebook: {peak / MB:.0f} MB (Binder gives about 2 GB).")
    if setup is not None:
        cache = "pip's cache warm" if setup.pip_cache else "no pip cache (`--no-cache-dir`): every package downloaded"
        lines += [
            "",
            "## Set-up on a fresh machine",
            "",
            f"- `python -m pip install -r requirements.txt` in a new virtual environment: {setup.seconds:.0f} s "
            f"({cache}).",
            f"- Size of the environment: {setup.size_bytes / GB:.2f} GB.",
        ]
    return [*lines, ""]


def render_report(table: str, extra: list[str] = ()) -> str:
    """Return the whole Markdown results file around the table, with any extra sections after it."""
    return "\n".join(
        [
            *report_header("Notebook benchmark", "benchmark.py"),
            "## Results",
            "",
            "Wall time: kernel start and all cells; execution: the cells alone; peak memory: the kernel",
            "process's high-water resident memory (1 MB = 10^6 bytes). Each notebook runs in a fresh kernel.",
            "",
            table,
            "",
            *extra,
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Measure wall time and peak memory of the course notebooks.")
    parser.add_argument(
        "--notebooks",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="notebooks to benchmark (default: every notebooks/*.ipynb, sorted)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="Markdown file to write (default: tools/benchmark_results.md)",
    )
    parser.add_argument(
        "--series", action="store_true", help="also time `python -m pytest notebooks`, as the test suite runs them"
    )
    parser.add_argument(
        "--setup",
        choices=["cached", "fresh"],
        help="also time the set-up command in a new virtual environment, with pip's cache or without",
    )
    args = parser.parse_args(argv)
    if args.notebooks is None:
        args.notebooks = notebooks()
        if not args.notebooks:
            parser.error("no notebooks found in notebooks/")
    return args


def main(argv: list[str] | None = None) -> int:
    """Benchmark the notebooks, write the report and print the table; 1 if any notebook failed."""
    args = parse_args(argv)
    results = []
    for path in args.notebooks:
        print(f"running {path} ...", file=sys.stderr, flush=True)
        results.append(run_notebook(path.resolve()))
    table = format_table(results)
    series = run_series_with_nbval() if args.series else None
    setup = measure_setup(use_pip_cache=args.setup == "cached") if args.setup else None
    extra = series_lines(results, series, setup) if (series or setup) else []
    args.output.write_text(render_report(table, extra), encoding="utf-8")
    print(table)
    print(f"\nwritten to {args.output}", file=sys.stderr)
    return 1 if any(result.error is not None for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
