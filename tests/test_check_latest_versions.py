"""The latest-versions check installs every dependency without its version range."""

import pytest

import check_latest_versions as latest
from dl101.paths import ROOT


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
    lines = latest.unpinned((ROOT / "requirements.txt").read_text())  # requirements-course.txt included
    assert "tensorflow" in lines and "keras" in lines and "-e ." in lines
    assert not any(sign in line for line in lines for sign in "<>=~!")


def test_a_line_that_is_not_a_requirement_is_reported():
    with pytest.raises(ValueError, match="expected a requirement"):
        latest.unpinned("numpy >= >= 2\n")


def test_included_files_are_followed_and_lose_their_ranges_too(tmp_path):
    (tmp_path / "inner.txt").write_text("keras>=3.15,<4\n")
    assert latest.unpinned("-r inner.txt\npytest>=8\n", tmp_path) == ["keras", "pytest"]
