"""The repository keeps its promises: the README's commands, its learning path, and the exercises' solutions."""

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from xdist.scheduler import LoadScopeScheduling

import check_latest_versions
import checkout
import course_home
from dl101.checks import EXERCISES
from dl101.course import notebooks
from dl101.paths import ROOT

README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
NOTEBOOKS_DIR = ROOT / "notebooks"

SETUP_COMMAND = "python -m pip install -r requirements.txt"
OPEN_COMMAND = "jupyter lab notebooks/00_welcome.ipynb"
TEST_COMMAND = "python -m pytest"

HOME, BRANCH = re.escape(course_home.home()), re.escape(course_home.branch())
BINDER_LINK = re.compile(rf"\(https://mybinder\.org/v2/gh/{HOME}/{BRANCH}\?urlpath=lab/tree/notebooks/([^)\s]+)\)")
COLAB_LINK = re.compile(rf"\(https://colab\.research\.google\.com/github/{HOME}/blob/{BRANCH}/notebooks/([^)\s]+)\)")
BINDER_BADGE = "[![Binder](https://mybinder.org/badge_logo.svg)]"
COLAB_BADGE = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    """The body of the level-2 section ``## heading``, up to the next level-2 heading."""
    match = re.search(rf"^## {re.escape(heading)}[ \t]*\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"the README has no '## {heading}' section"
    return match.group(1)


def quickstart_block() -> list[str]:
    """The non-blank lines of the Quickstart section's fenced bash block."""
    blocks = re.findall(r"^```bash[ \t]*\n(.*?)^```", section(readme(), "Quickstart"), flags=re.M | re.S)
    assert len(blocks) == 1, f"the Quickstart should hold exactly one ```bash block, found {len(blocks)}"
    return [line.strip() for line in blocks[0].splitlines() if line.strip()]


def table_rows() -> list[str]:
    """The rows of the learning-path table (header and separator excluded)."""
    rows = [line for line in section(readme(), "Learning path").splitlines() if line.startswith("|")]
    assert len(rows) > 2, "the learning path has no table"
    return rows[2:]


# (a) The README's commands, and the CI script that runs them.


def test_quickstart_has_exactly_the_three_commands():
    lines = quickstart_block()
    commands = [line for line in lines if not line.startswith("#")]
    assert commands == [SETUP_COMMAND, OPEN_COMMAND, TEST_COMMAND]


def test_quickstart_comments_one_line_above_each_command():
    lines = quickstart_block()
    assert len(lines) == 6, f"expected a comment line and a command, three times; got {lines}"
    assert all(line.startswith("#") for line in lines[0::2]), f"every command needs one comment line above: {lines}"
    assert not any(line.startswith("#") for line in lines[1::2]), f"one comment line per command: {lines}"


def test_ci_runs_the_readme_setup_and_test_commands_verbatim():
    assert CI_RUN.is_file(), ".ci/run is missing"
    assert CI_RUN.stat().st_mode & 0o111, ".ci/run is not executable"
    script = CI_RUN.read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    lines = [line.strip() for line in script.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert SETUP_COMMAND in lines, f".ci/run does not run {SETUP_COMMAND!r} as a command of its own"
    assert TEST_COMMAND in lines, f".ci/run does not run {TEST_COMMAND!r} as a command of its own"
    assert lines.index(SETUP_COMMAND) < lines.index(TEST_COMMAND), ".ci/run must set up before it tests"
    assert "python3 -m venv .venv-ci" in lines, ".ci/run must test in a fresh virtual environment"


# (b) The learning path: every notebook listed with its badges, and every badge pointing to a notebook.


def rows_linking(filename: str) -> list[str]:
    """The table rows whose Binder and Colab badges both open ``filename``."""
    return [
        row
        for row in table_rows()
        if filename in BINDER_LINK.findall(row)
        and filename in COLAB_LINK.findall(row)
        and BINDER_BADGE in row
        and COLAB_BADGE in row
    ]


def test_welcome_notebook_row_has_both_badges():
    assert len(rows_linking("00_welcome.ipynb")) == 1, "no learning-path row opens 00_welcome.ipynb on Binder and Colab"


def test_every_notebook_is_in_the_learning_path_with_both_badges():
    missing = [path.name for path in notebooks() if len(rows_linking(path.name)) != 1]
    assert not missing, f"notebooks without exactly one learning-path row with Binder and Colab badges: {missing}"


def test_every_badge_opens_a_notebook_that_exists():
    text = readme()
    targets = set(BINDER_LINK.findall(text)) | set(COLAB_LINK.findall(text))
    assert targets, "the README has no Binder or Colab links"
    absent = sorted(name for name in targets if not (NOTEBOOKS_DIR / name).is_file())
    assert not absent, f"badges point to notebooks that do not exist: {absent}"


def requirement_names(path: Path) -> set[str]:
    """The packages a requirements file installs, following its ``-r`` includes (``-e .`` as ``dl101``)."""
    lines = check_latest_versions.unpinned(path.read_text(encoding="utf-8"), path.parent)
    return {"dl101" if line == "-e ." else Requirement(line).name.lower() for line in lines}


def test_binder_installs_the_course_versions_without_the_test_tools():
    course = requirement_names(ROOT / "requirements-course.txt")
    everything = requirement_names(ROOT / "requirements.txt")
    binder = requirement_names(ROOT / "binder" / "requirements.txt")
    assert {"tensorflow", "keras", "ipywidgets", "jupyterlab"} <= course
    assert binder == course | {"dl101"}, "Binder should install the course's packages and its helper package"
    assert course < everything and {"pytest", "nbval", "playwright", "ruff"} <= everything - binder


def test_binder_and_conda_install_the_readme_requirements():
    binder_requirements = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^-r \.\./requirements-course\.txt$", binder_requirements, flags=re.M)
    assert re.search(r"^-r requirements-course\.txt$", (ROOT / "requirements.txt").read_text(), flags=re.M)
    environment = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- -r requirements\.txt$", environment, flags=re.M)
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    conda_python = re.search(r"^\s*- python=(\d+\.\d+)\s*$", environment, flags=re.M)
    assert conda_python and runtime == f"python-{conda_python.group(1)}", "Binder and conda should use one Python"


# (c) Every exercise has its reference solution.


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_exercise_has_a_solution_defining_its_name(exercise_id):
    exercise = EXERCISES[exercise_id]
    path = Path(exercise.solution_path)
    assert path.is_file(), f"{exercise_id}: no solution file {path.relative_to(ROOT)}"
    source = path.read_text(encoding="utf-8")
    name = re.escape(exercise.name)
    defines = re.search(rf"^(def {name}\s*\(|{name}\s*(:[^=\n]*)?=[^=])", source, flags=re.M)
    assert defines, f"{exercise_id}: {path.relative_to(ROOT)} does not define {exercise.name} at module level"


# (d) The tools, the tests and the notebooks' kernels work on this checkout, and only on it.


def test_the_tests_the_tools_and_the_kernels_import_this_checkout_s_dl101():
    here = Path(__file__).resolve().parents[1]
    assert ROOT == here and checkout.ROOT == here
    kernel = [sys.executable, "-c", "import dl101.paths; print(dl101.paths.ROOT)"]  # how nbval starts one
    assert Path(subprocess.run(kernel, capture_output=True, text=True, check=True).stdout.strip()) == here


def test_tools_refuse_a_dl101_installed_from_another_checkout_and_say_how_to_fix_it(tmp_path):
    assert checkout.mismatch(ROOT, ROOT) is None
    problem = checkout.mismatch(tmp_path / "fork", ROOT)
    assert f"these tools belong to {tmp_path / 'fork'}" in problem and f"the one in {ROOT}" in problem
    assert f"pip install -e {tmp_path / 'fork'}" in problem


def test_the_processes_take_a_file_at_a_time_and_the_named_tests_case_by_case(pytestconfig, request, monkeypatch):
    (root_conftest,) = [plugin for plugin in pytestconfig.pluginmanager.get_plugins() if hasattr(plugin, "ONE_BY_ONE")]
    monkeypatch.setattr(pytestconfig.option, "dist", "each")  # asked for on the command line: xdist's own
    assert root_conftest.pytest_xdist_make_scheduler(pytestconfig, None) is None
    monkeypatch.setattr(pytestconfig.option, "dist", "load")  # what pyproject's -n 3 gives
    monkeypatch.setattr(pytestconfig.option, "tx", ["3*popen"])
    scheduler = pytestconfig.hook.pytest_xdist_make_scheduler(config=pytestconfig, log=None)
    assert type(scheduler) is root_conftest.FileScheduling
    # xdist asks each test's unit through this private method: if it is renamed, the split would quietly stop.
    assert "self._split_scope(" in inspect.getsource(LoadScopeScheduling.schedule)
    tests = {
        node.name
        for path in (ROOT / "tests").glob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef)
    }
    assert set(root_conftest.ONE_BY_ONE) <= tests  # a renamed test would otherwise quietly run with its file
    solved = "tests/test_solved_notebooks.py::test_solved_notebook_passes_every_check"
    collected = [item.nodeid for item in request.session.items]
    written = [f"{solved}[07_representation_learning.ipynb]", "notebooks/08_build_your_own_model.ipynb::Cell 3"]
    for nodeid in collected + written + [f"{solved}_too[00_welcome.ipynb]"]:
        file, _, test = nodeid.partition("::")
        alone = test.split("[")[0] in root_conftest.ONE_BY_ONE
        assert scheduler._split_scope(nodeid) == (nodeid if alone else file), nodeid
    assert scheduler._split_scope(written[0]) == written[0]
    assert scheduler._split_scope(f"{solved}_too[00_welcome.ipynb]") == "tests/test_solved_notebooks.py"
