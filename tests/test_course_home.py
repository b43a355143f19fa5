"""One home address: the README and every notebook follow pyproject.toml, and one command moves them all."""

import json
import shutil
from pathlib import Path

import pytest

import course_home
from dl101.course import notebooks
from dl101.paths import ROOT


def copy_of_the_course(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


def test_readme_and_every_notebook_follow_the_address_in_pyproject():
    assert course_home.problems() == []


def test_a_notebook_or_badge_left_at_another_address_is_found(tmp_path):
    root = copy_of_the_course(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("gh/deep-learning-101/deep-learning-101/", "gh/someone/old/", 1))
    path = root / "notebooks" / "03_mlp.ipynb"
    notebook = json.loads(path.read_text())
    cell = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    cell["source"] = [line.replace("deep-learning-101/deep-learning-101", "someone/old") for line in cell["source"]]
    path.write_text(json.dumps(notebook))
    found = course_home.problems(root)
    assert "README.md links to someone/old, not deep-learning-101/deep-learning-101" in found
    assert any(problem.startswith("03_mlp.ipynb: its first cell") for problem in found)


def test_move_points_everything_at_the_fork_in_one_step(tmp_path):
    root = copy_of_the_course(tmp_path)
    old = course_home.home(root)
    course_home.move("astro-school/dl-course", root)
    assert course_home.home(root) == "astro-school/dl-course"
    assert course_home.problems(root) == []
    for path in [root / "README.md", *notebooks(root / "notebooks")]:
        assert old not in path.read_text(), f"{path.name} still names {old}"
    readme = (root / "README.md").read_text()
    assert "git clone https://github.com/astro-school/dl-course.git" in readme and "`cd dl-course`" in readme
    first = next(
        c
        for c in json.loads((root / "notebooks" / "00_welcome.ipynb").read_text())["cells"]
        if c["cell_type"] == "code"
    )
    assert "".join(first["source"]).startswith(course_home.colab_bootstrap("astro-school/dl-course"))
    assert "/content/dl-course" in "".join(first["source"])


def test_move_refuses_an_address_that_is_not_owner_slash_name(tmp_path):
    root = copy_of_the_course(tmp_path)
    with pytest.raises(ValueError, match="OWNER/NAME"):
        course_home.move("https://github.com/x/y", root)
    assert course_home.home(root) == course_home.home()


def test_readme_badges_are_the_ones_the_address_makes():
    readme = (ROOT / "README.md").read_text()
    for path in notebooks():
        assert course_home.badges(course_home.home(), path.name) in readme, f"no badges for {path.name}"
