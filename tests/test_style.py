"""The code is ruff clean: the same rules a maintainer sees in an editor, checked on every run."""

import subprocess
import sys

from dl101.paths import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "tools", "conftest.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
