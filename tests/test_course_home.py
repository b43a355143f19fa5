"""One home address: the README and every notebook follow pyproject.toml, and one command moves them all."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course_home
from dl101.course import notebooks
from dl101.paths import ROOT

HOME = course_home.home()
BRANCH = course_home.branch()


def copy_of_the_course(tmp_path: Path) -> Path:
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


def first_code_cell(path: Path) -> str:
    notebook = json.loads(path.read_text())
    return "".join(next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")["source"])


def test_readme_and_every_notebook_follow_the_address_in_pyproject():
    assert course_home.problems() == []


def test_a_notebook_or_badge_left_at_another_address_or_branch_is_found(tmp_path):
    root = copy_of_the_course(tmp_path)
    readme = root / "README.md"
    text = readme.read_text()
    text = text.replace(f"gh/{HOME}/", "gh/someone/old/", 1)
    text = text.replace(f"github/{HOME}/blob/{BRANCH}/", f"github/{HOME}/blob/old-branch/", 1)
    readme.write_text(text)
    path = root / "notebooks" / "03_mlp.ipynb"
    notebook = json.loads(path.read_text())
    cell = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    cell["source"] = [line.replace(HOME, "someone/old") for line in cell["source"]]
    path.write_text(json.dumps(notebook))
    found = course_home.problems(root)
    assert f"README.md links to someone/old, not {HOME}" in found
    assert f"README.md opens the branch old-branch, not {BRANCH}" in found
    assert any(problem.startswith("03_mlp.ipynb: its first cell") for problem in found)


def test_move_points_everything_at_the_fork_in_one_step(tmp_path):
    root = copy_of_the_course(tmp_path)
    course_home.move("astro-school/dl-course", root)
    assert course_home.home(root) == "astro-school/dl-course" and course_home.branch(root) == BRANCH
    assert course_home.problems(root) == []
    for path in [root / "README.md", *notebooks(root / "notebooks")]:
        assert HOME not in path.read_text(), f"{path.name} still names {HOME}"
    readme = (root / "README.md").read_text()
    assert "git clone https://github.com/astro-school/dl-course.git" in readme and "`cd dl-course`" in readme
    first = first_code_cell(root / "notebooks" / "00_welcome.ipynb")
    assert first.startswith(course_home.colab_bootstrap("astro-school/dl-course"))
    assert "/content/dl-course" in first


def test_move_with_a_branch_points_every_badge_at_it(tmp_path):
    root = copy_of_the_course(tmp_path)
    course_home.move("astro-school/dl-course", root, new_branch="summer-school")
    assert course_home.branch(root) == "summer-school"
    assert course_home.problems(root) == []
    readme = (root / "README.md").read_text()
    assert course_home.badge_targets(readme) == {("astro-school/dl-course", "summer-school")}
    for path in notebooks(root / "notebooks"):
        assert course_home.badges("astro-school/dl-course", "summer-school", path.name) in readme


def test_move_refuses_an_address_that_is_not_owner_slash_name_or_a_bad_branch(tmp_path):
    root = copy_of_the_course(tmp_path)
    with pytest.raises(ValueError, match="OWNER/NAME"):
        course_home.move("https://github.com/x/y", root)
    with pytest.raises(ValueError, match="branch name"):
        course_home.move("x/y", root, new_branch="two words")
    assert course_home.home(root) == HOME and course_home.branch(root) == BRANCH


def test_a_missing_branch_setting_is_reported(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project.urls]\nRepository = "https://github.com/x/y"\n')
    with pytest.raises(ValueError, match=r"\[tool.dl101\] branch"):
        course_home.branch(tmp_path)


def test_readme_badges_are_the_ones_the_address_makes():
    readme = (ROOT / "README.md").read_text()
    for path in notebooks():
        assert course_home.badges(HOME, BRANCH, path.name) in readme, f"no badges for {path.name}"


# A fork holds what git tracks: not the environments, builds and caches .gitignore leaves out.
NOT_IN_A_FORK = shutil.ignore_patterns(
    ".git", ".venv*", "build", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints"
)


@pytest.mark.slow
def test_a_fork_moved_to_its_own_address_passes_the_address_and_slide_tests(tmp_path):
    fork = tmp_path / "dl101"
    shutil.copytree(ROOT, fork, ignore=NOT_IN_A_FORK)
    # The fork's own helper package, as `pip install -e .` in the fork's environment would give it.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(fork / "src"), os.environ.get("PYTHONPATH")]))}
    step = [sys.executable, "tools/course_home.py", "move", "my-group/dl101"]
    moved = subprocess.run(step, cwd=fork, env=env, capture_output=True, text=True, timeout=120)
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert course_home.home(fork) == "my-group/dl101"
    tests = ["tests/test_course_home.py", "tests/test_repository.py", "tests/test_teaching_kit.py"]
    # The slides' content and addresses; their browser runs (slow, like this test) need no fork.
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-m", "not slow", *tests]
    result = subprocess.run(command, cwd=fork, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
