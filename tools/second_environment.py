"""A second virtual environment beside the course's, for the checks that run the course on other versions.

``check_latest_versions.py`` (the newest releases) and ``check_colab_versions.py`` (Colab's own
packages) both build one here and run the tests inside it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from checkout import ROOT


def python_of(venv: Path) -> Path:
    """The Python interpreter of the virtual environment ``venv``."""
    return (
        venv
        / ("Scripts" if sys.platform == "win32" else "bin")
        / ("python.exe" if sys.platform == "win32" else "python")
    )


def run(*command: str | Path) -> None:
    """Run ``command`` from the repository root, echoing it; stop at a failure."""
    print("$", " ".join(map(str, command)), flush=True)
    subprocess.run([str(part) for part in command], cwd=ROOT, check=True)


def fresh_venv(venv: Path, base_python: str | Path, keep: bool) -> Path:
    """Create ``venv`` with ``base_python`` (reused when ``keep`` and it exists) and return its interpreter."""
    if venv.exists() and not keep:
        shutil.rmtree(venv)
    python = python_of(venv)
    if not python.exists():
        run(base_python, "-m", "venv", venv)
        run(python, "-m", "pip", "install", "--upgrade", "pip", "--quiet")
    return python
