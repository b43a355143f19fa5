"""One timetable: README, notebook 00 and the instructor guide show the minutes docs/timetable.toml gives.

The core path's session must fit its three hours, and its notebooks must run top to bottom with
the sections it skips left out (about a minute and a half on 2 cores).
"""

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import timetable
from dl101.course import notebooks, section
from dl101.paths import ROOT


def copy_of_the_course(tmp_path: Path) -> Path:
    for name in ("README.md", "docs", "notebooks"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_readme_notebook_00_and_the_guide_show_the_timetable():
    assert timetable.problems() == []


def test_minutes_changed_by_hand_in_any_of_the_three_are_found(tmp_path):
    root = copy_of_the_course(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("**How long it takes.**", "**How long it takes, roughly.**"))
    guide = root / "docs" / "instructor.md"
    guide.write_text(
        guide.read_text().replace("## 05 · Backpropagation and training (", "## 05 · Backpropagation and training (1")
    )
    welcome = root / "notebooks" / "00_welcome.ipynb"
    notebook = json.loads(welcome.read_text())
    for cell in notebook["cells"]:
        cell["source"] = [
            line.replace("<!-- /timetable -->", "It takes an afternoon.\n<!-- /timetable -->")
            for line in cell["source"]
        ]
    welcome.write_text(json.dumps(notebook))
    found = timetable.problems(root)
    assert [problem.split()[0] for problem in found] == [
        "README.md",
        "docs/instructor.md",
        "notebooks/00_welcome.ipynb",
    ]
    for path, text in timetable.written(root).items():
        path.write_text(text)
    assert timetable.problems(root) == []


def test_a_core_path_longer_than_its_session_is_refused(tmp_path):
    root = copy_of_the_course(tmp_path)
    settings = root / "docs" / "timetable.toml"
    settings.write_text(settings.read_text().replace("session_minutes = 180", "session_minutes = 60"))
    for path, text in timetable.written(root).items():
        path.write_text(text)
    (problem,) = timetable.problems(root)
    assert "more than 60" in problem


def test_minutes_follow_the_pace():
    pace = {"words_per_minute": 100, "code_lines_per_minute": 10, "minutes_per_exercise": 6}
    text = nbformat.v4.new_markdown_cell("word " * 1000)  # 10 minutes
    code = nbformat.v4.new_code_cell("x = 1\n" * 100)  # 10 minutes
    stub = nbformat.v4.new_code_cell("def f(x):\n    ...  # YOUR CODE HERE\n")  # 6 minutes, and 2 lines
    assert timetable.minutes([text, code, stub], pace) == 25  # 26.2, rounded to 5
    assert timetable.minutes([], pace) == 5


SESSION = [path for path in notebooks() if path.name[:2] in timetable.load().numbers("session")]


@pytest.mark.parametrize("path", SESSION, ids=lambda path: path.name)
def test_core_path_runs_top_to_bottom_without_the_sections_it_skips(path):
    notebook = nbformat.read(path, as_version=4)
    skipped = {i for heading in timetable.load().skip[path.name[:2]] for i in section(notebook.cells, heading)}
    notebook.cells = [cell for i, cell in enumerate(notebook.cells) if i not in skipped]
    NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [output for cell in notebook.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert not errors
