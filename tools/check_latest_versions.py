"""Run the tests against the newest release of every dependency, to see breakage before learners do.

Run from the repository root (it needs the internet for the package index):

    python tools/check_latest_versions.py            # builds .venv-latest, then runs python -m pytest
    python tools/check_latest_versions.py --keep     # reuse .venv-latest if it exists

It reads ``requirements.txt``, drops every version range (``tensorflow>=2.21,<2.22`` becomes
``tensorflow``), installs the result with ``pip install --upgrade`` in a fresh virtual
environment, prints the versions it got, and runs the test suite there. The exit code is the
tests': 0 means the course works with today's releases; otherwise the failing tests show what to
fix before raising the ranges in ``requirements.txt``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from checkout import ROOT
from second_environment import fresh_venv, run

VENV = ROOT / ".venv-latest"


def unpinned(requirements: str, folder: Path = ROOT) -> list[str]:
    """The lines of a requirements file, and of the files it includes with ``-r``, without version ranges."""
    lines = []
    for raw in requirements.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            included = folder / line.removeprefix("-r ").strip()
            lines += unpinned(included.read_text(encoding="utf-8"), included.parent)
            continue
        if line.startswith("-"):  # -e . and other options: kept as they are
            lines.append(line)
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement as error:
            raise ValueError(f"expected a requirement such as 'numpy>=2,<3', got {line!r}: {error}") from None
        extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
        marker = f"; {requirement.marker}" if requirement.marker else ""
        lines.append(f"{requirement.name}{extras}{marker}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="reuse .venv-latest instead of rebuilding it")
    args = parser.parse_args()
    python = fresh_venv(VENV, sys.executable, args.keep)
    latest = VENV / "requirements-latest.txt"
    latest.write_text("\n".join(unpinned((ROOT / "requirements.txt").read_text())) + "\n")
    run(python, "-m", "pip", "install", "--upgrade", "-r", latest)
    run(python, "-m", "pip", "list", "--format=freeze")
    return subprocess.run([str(python), "-m", "pytest"], cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
