"""Run the course on Google Colab's own package versions, the ones a learner who clicks a Colab badge gets.

Run from the repository root (it needs the package index, and a Python of the version the pin
file names, such as ``python3.13``, on the PATH or given with ``--python``):

    python tools/check_colab_versions.py            # builds .venv-colab, tests, writes the table
    python tools/check_colab_versions.py --keep     # reuse .venv-colab if it exists

Colab keeps its own TensorFlow, Keras, NumPy and ipywidgets (7, not 8); the notebooks' first cell
installs the course on top of them with ``--no-deps``. This script does the same in a fresh
virtual environment: the versions pinned in ``tools/colab_runtime.txt``, the course with
``--no-deps``, and pytest and nbval held to those pins (``pip check`` must then pass). Inside it,
it runs the widget and environment tests and every notebook under nbval (every cell runs, every
checked claim holds), then runs each notebook in a fresh kernel for its time and peak memory, and
writes ``tools/colab_versions_results.md``. The exit code is 0 when all of that passed.

It emulates Colab's packages, not Colab itself: there is no ``google.colab`` module, no Colab
front end and no Colab hardware.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from checkout import ROOT
from second_environment import fresh_venv, run

PINS = ROOT / "tools" / "colab_runtime.txt"
VENV = ROOT / ".venv-colab"
OUTPUT = ROOT / "tools" / "colab_versions_results.md"
TESTS = ["tests/test_widgets.py", "tests/test_environment.py", "notebooks"]
# Only what running the tests needs, none of them a package Colab pins.
TEST_TOOLS = ["pytest>=8.3,<10", "pytest-xdist>=3.6,<4", "nbval>=0.11,<0.12"]


def pinned_python(pins: str) -> str:
    """The Python version that the pin file's ``# python: X.Y`` line names."""
    match = re.search(r"^# python: (\d+\.\d+)\s*$", pins, flags=re.M)
    if not match:
        raise ValueError(f"expected a '# python: X.Y' line in {PINS.name}")
    return match.group(1)


def pinned_versions(pins: str) -> dict[str, str]:
    """Package name → version, for every ``name==version`` line of the pin file."""
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)\s*$", pins, flags=re.M))


def build(python: str | None, keep: bool) -> Path:
    """The Colab-like environment: Colab's pins, the course without dependencies, the test tools."""
    pins = PINS.read_text(encoding="utf-8")
    base = python or shutil.which(f"python{pinned_python(pins)}")
    if base is None:
        raise SystemExit(f"no python{pinned_python(pins)} on the PATH: install it or pass --python")
    venv_python = fresh_venv(VENV, base, keep)
    run(venv_python, "-m", "pip", "install", "-r", PINS)
    run(venv_python, "-m", "pip", "install", "--no-deps", "-e", ".")
    run(venv_python, "-m", "pip", "install", "-c", PINS, *TEST_TOOLS)
    run(venv_python, "-m", "pip", "check")
    return venv_python


def report(tests_passed: bool, tests_seconds: float, tests_summary: str) -> int:
    """Inside the Colab-like environment: time every notebook and write the results file."""
    import benchmark
    from dl101.course import notebooks

    results = [benchmark.run_notebook(path) for path in notebooks()]
    installed = ", ".join(
        f"{name} {benchmark.package_version(name)}"
        for name in ("tensorflow", "keras", "numpy", "scikit-learn", "matplotlib", "ipywidgets", "ipykernel")
    )
    lines = [
        *benchmark.report_header(
            "The course on Colab's package versions",
            "check_colab_versions.py",
            f"- Packages: {installed}, pinned in `tools/colab_runtime.txt`; the course installed with --no-deps",
            "- Colab's packages only: no `google.colab` module, Colab front end or Colab hardware",
        ),
        "## Tests",
        "",
        f"`python -m pytest {' '.join(TESTS)}` in that environment: {tests_summary} "
        f"({'passed' if tests_passed else 'FAILED'}, {tests_seconds:.0f} s).",
        "",
        "## Notebooks, each in a fresh kernel",
        "",
        benchmark.format_table(results),
        "",
    ]
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"written to {OUTPUT}")
    return 0 if tests_passed and all(result.error is None for result in results) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="reuse .venv-colab instead of rebuilding it")
    parser.add_argument("--python", help="the Python to build the environment with (default: pythonX.Y on the PATH)")
    parser.add_argument("--report", nargs=3, metavar=("PASSED", "SECONDS", "SUMMARY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.report:  # the second half, run by the first inside the Colab-like environment
        passed, seconds, summary = args.report
        return report(passed == "1", float(seconds), summary)
    venv_python = build(args.python, args.keep)
    start = time.perf_counter()
    tests = subprocess.run(
        # Colab's older Jupyter packages warn about deprecations by the hundred: those are not the course's
        [str(venv_python), "-m", "pytest", *TESTS, "-q", "-p", "no:warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    print(tests.stdout, tests.stderr, sep="\n")
    summary = tests.stdout.strip().splitlines()[-1].strip("= ") if tests.stdout.strip() else "no output"
    passed = "1" if tests.returncode == 0 else "0"
    return subprocess.run(
        [str(venv_python), __file__, "--report", passed, f"{seconds:.1f}", summary],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
