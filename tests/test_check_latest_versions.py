"""The latest-versions check installs every dependency without its version range."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_latest_versions", ROOT / "tools" / "check_latest_versions.py")
latest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(latest)


def test_version_ranges_extras_and_markers_are_handled():
    text = (
        "# a comment\n"
        "tensorflow>=2.21,<2.22\n"
        "tensorflow[and-cuda]>=2.21 ; sys_platform == 'linux'\n"
        "numpy>=2.1,<3  # NumPy 2\n"
        "\n"
        "-e .\n"
    )
    assert latest.unpinned(text) == [
        "tensorflow",
        'tensorflow[and-cuda]; sys_platform == "linux"',
        "numpy",
        "-e .",
    ]


def test_every_line_of_the_real_requirements_loses_its_range():
    lines = latest.unpinned((ROOT / "requirements.txt").read_text())
    assert "tensorflow" in lines and "keras" in lines and "-e ." in lines
    assert not any(sign in line for line in lines for sign in "<>=~!")


def test_a_line_that_is_not_a_requirement_is_reported():
    with pytest.raises(ValueError, match="expected a requirement"):
        latest.unpinned("numpy >= >= 2\n")
