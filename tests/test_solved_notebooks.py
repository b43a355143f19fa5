"""Every exercise solved in its notebook: each stub holding its reference solution passes its check.

nbval runs the notebooks as committed, with the exercises unsolved: each check falls back on the
reference solution, every cell runs and every checked claim is compared. A solved copy, as a
learner's finished notebook would be, differs from the committed notebook only in its stub cells,
which hold their solution file's code (``test_a_solved_copy_changes_only_the_stubs``). Its other
cells are the committed ones, which nbval runs; from each check they receive the learner's answer,
here the solution file's code, where the unsolved notebook receives that same code as the
reference, and the claims they check hold under any seed (``.ci/run`` runs them again with
another). What is new in a solved copy is each solved stub and its check, so these tests run
exactly those, after the cells they need: the set-up cell and, for each name they read, the last
cell before them that defines it, and so on (``cells_needed_by``), in a kernel of the notebook's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dl101.checks import EXERCISES
from dl101.course import CHECK_CALL, STUB_DEFINES, is_checked, is_stub, names, notebooks, stub_name


def cells_needed_by(cells: list[nbformat.NotebookNode], targets: Iterable[int]) -> list[int]:
    """The cells to run for ``targets``: themselves, the set-up cell, each last earlier definer of a name read, ..."""
    code = {index: names(cell.source) for index, cell in enumerate(cells) if cell.cell_type == "code"}
    needed = {min(code), *targets}  # the first code cell sets the notebook up
    pending = sorted(needed)
    while pending:
        index = pending.pop()
        for name in code[index][1]:
            definers = [earlier for earlier in code if earlier < index and name in code[earlier][0]]
            if definers and definers[-1] not in needed:
                needed.add(definers[-1])
                pending.append(definers[-1])
    return sorted(needed)


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


def _checks_the_learner_s_answer(cell: nbformat.NotebookNode) -> bool:
    """A check cell that checks what the stub defines (not a deliberate slip shown to the learner)."""
    found = CHECK_CALL.search(cell.source) if cell.cell_type == "code" else None
    return found is not None and f'check("{found[1]}", {EXERCISES[found[1]].name})' in cell.source


def solved_run(path: Path) -> list[nbformat.NotebookNode]:
    """The solved stubs and their checks, run after the cells they need in a fresh kernel; the cells run."""
    solved, _ = solved_copy(path)
    exercises = [i for i, cell in enumerate(solved.cells) if is_stub(cell) or _checks_the_learner_s_answer(cell)]
    solved.cells = [solved.cells[i] for i in cells_needed_by(solved.cells, exercises)]
    NotebookClient(
        solved, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return solved.cells


def _stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.get("name") == "stdout")


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_every_exercise_has_a_stub_to_solve(path):
    _, solved = solved_copy(path)
    assert sorted(solved) == sorted(key for key in EXERCISES if key[:2] == path.name[:2])


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_a_solved_copy_changes_only_the_stubs(path):
    committed = nbformat.read(path, as_version=4).cells
    solved, _ = solved_copy(path)
    changed = [i for i, (before, after) in enumerate(zip(committed, solved.cells, strict=True)) if before != after]
    assert changed == [i for i, cell in enumerate(committed) if is_stub(cell)]


@pytest.mark.slow
@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_solved_notebook_passes_every_check(path):
    checked = []
    for cell in solved_run(path):
        if _checks_the_learner_s_answer(cell):
            exercise_id = CHECK_CALL.search(cell.source)[1]
            assert _stdout(cell).startswith("✓ Well done"), f"{exercise_id}: {_stdout(cell)}"
            checked.append(exercise_id)
    assert sorted(checked) == sorted(solved_copy(path)[1])


def test_the_cells_run_are_the_exercises_and_what_they_read():
    cells = [
        nbformat.v4.new_code_cell("from dl101 import setup; SEED = setup()"),
        nbformat.v4.new_code_cell("import numpy as np\nimport matplotlib.pyplot as plt"),
        nbformat.v4.new_markdown_cell("## Data"),
        nbformat.v4.new_code_cell("x = np.arange(3)\nplt.plot(x)"),
        nbformat.v4.new_code_cell("x = np.ones(SEED + 3)"),
        nbformat.v4.new_code_cell("model = train(plt)"),
        nbformat.v4.new_code_cell("def f(values):\n    return np.sum(values * x)"),
        nbformat.v4.new_code_cell("f = check('01.f', f)"),
    ]
    assert cells_needed_by(cells, [6, 7]) == [0, 1, 4, 6, 7]


def test_a_stub_whose_parameter_is_named_like_a_notebook_variable_does_not_need_its_cell():
    cells = [
        nbformat.v4.new_code_cell("from dl101 import setup; SEED = setup()"),
        nbformat.v4.new_code_cell("values = train_for_an_hour()"),
        nbformat.v4.new_code_cell("def f(values):\n    total = values.sum()\n    return total"),
        nbformat.v4.new_code_cell("f = check('01.f', f)"),
    ]
    assert cells_needed_by(cells, [2, 3]) == [0, 2, 3]  # the hour of training is not needed


def test_capstone_reference_model_is_measured_against_both_baselines():
    notebook = nbformat.read(notebooks()[8], as_version=4)  # as committed: trained with the reference, as nbval runs it
    (claims,) = [cell for cell in notebook.cells if is_checked(cell) and "shape_gains" in cell.source]
    verdicts = re.findall(r": (True|False)\n", _stdout(claims))
    assert verdicts == ["True"] * 3, _stdout(claims)  # nbval compares them in every run
    figures = next(_stdout(cell) for cell in notebook.cells if "report = evaluate_model" in cell.source)
    accuracy = float(re.search(r"Test accuracy: (\d\.\d+)", figures).group(1))
    dense = float(re.search(r"dense network \((\d\.\d+)\)", figures).group(1))
    assert accuracy >= 0.93 and accuracy > dense, figures
