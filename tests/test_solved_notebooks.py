"""Every notebook solved: each exercise's stub replaced by its reference solution, run top to bottom.

nbval runs the notebooks as committed, with the exercises unsolved: each check falls back on the
reference solution. These tests run copies in which each stub cell holds its solution file's
code, as a learner's finished notebook would: every check must accept it, and every claim a
notebook checks must print what the committed notebook prints; in the capstone (08), the
reference model beats both baselines. They cost one more run of every notebook with exercises
(about two minutes on 2 cores); select them with ``python -m pytest tests/test_solved_notebooks.py``.
"""

import re
from functools import cache
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dl101.checks import EXERCISES
from dl101.course import CHECK_CALL, STUB_DEFINES, is_checked, is_stub, notebooks, stub_name


def _exercise_of_stub(notebook: Path, cell: nbformat.NotebookNode) -> str:
    """The id of the exercise whose function or value a stub cell defines."""
    number, name = notebook.name[:2], stub_name(cell)
    (exercise_id,) = [key for key, exercise in EXERCISES.items() if key[:2] == number and exercise.name == name]
    return exercise_id


def solved_copy(path: Path) -> tuple[nbformat.NotebookNode, list[str]]:
    """The notebook with each stub replaced by its solution, as a learner would write it; and the exercises solved."""
    notebook = nbformat.read(path, as_version=4)
    solved = []
    for cell in notebook.cells:
        if is_stub(cell):
            exercise_id = _exercise_of_stub(path, cell)
            before_stub = cell.source[: STUB_DEFINES.search(cell.source).start()]  # the cell's imports stay
            cell.source = before_stub + EXERCISES[exercise_id].solution_path.read_text(encoding="utf-8")
            solved.append(exercise_id)
    return notebook, solved


@cache
def solved_run(path: Path) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """The committed notebook and its solved copy, executed."""
    notebook, _ = solved_copy(path)
    NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nbformat.read(path, as_version=4), notebook


def _stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.get("name") == "stdout")


def _check_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code" and CHECK_CALL.search(cell.source)]


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_every_exercise_has_a_stub_to_solve(path):
    _, solved = solved_copy(path)
    assert sorted(solved) == sorted(key for key in EXERCISES if key[:2] == path.name[:2])


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_solved_notebook_passes_every_check(path):
    _, notebook = solved_run(path)
    checked = []
    for cell in _check_cells(notebook):
        exercise_id = CHECK_CALL.search(cell.source).group(1)
        if f'check("{exercise_id}", {EXERCISES[exercise_id].name})' in cell.source:  # not a deliberate slip
            assert _stdout(cell).startswith("✓ Well done"), f"{exercise_id}: {_stdout(cell)}"
            checked.append(exercise_id)
    assert sorted(checked) == sorted(solved_copy(path)[1])


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_solved_notebook_prints_the_committed_claims(path):
    committed, notebook = solved_run(path)
    pairs = [
        (before, after)
        for before, after in zip(committed.cells, notebook.cells, strict=True)
        if is_checked(before) and not CHECK_CALL.search(before.source)
    ]
    assert pairs
    for before, after in pairs:
        assert _stdout(after) == _stdout(before), before.source[:80]


def test_capstone_reference_model_beats_both_baselines():
    _, notebook = solved_run(notebooks()[8])
    claims = next(_stdout(cell) for cell in notebook.cells if "report.beats" in cell.source)
    beats = re.findall(r"beats the (.+): (True|False)", claims)
    assert [name for name, _ in beats] == ["random forest", "dense network"]
    assert all(verdict == "True" for _, verdict in beats), claims
    figures = next(_stdout(cell) for cell in notebook.cells if "report.accuracy" in cell.source)
    accuracy = float(re.search(r"test accuracy (\d\.\d+)", figures).group(1))
    scores = [float(score) for score in re.findall(r"the .+: test accuracy (\d\.\d+)", figures)]
    assert len(scores) == 2 and accuracy >= 0.93 and all(accuracy > score for score in scores), figures
