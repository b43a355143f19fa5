"""The capstone notebook (08) solved: every exercise's stub replaced by its reference solution, run top to bottom.

nbval runs notebook 08 as committed, with the exercises unsolved: each check falls back on the
reference solution. This test runs a copy in which each stub cell holds its solution file's
code, as a learner's finished notebook would: every check must accept it, and every claim the
notebook checks must print what the committed notebook prints, the reference model beating
both baselines among them. It costs one run of the notebook (about a minute on 2 cores); select
it with ``python -m pytest tests/test_capstone.py`` or ``-k capstone``.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from dl101.checks import EXERCISES

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "08_build_your_own_model.ipynb"
STUB = "# YOUR CODE HERE"
CHECKED = "nbval-check-output"
CHECK_CALL = re.compile(r"""check\(\s*["'](08\.\w+)["']""")


def _exercise_of_stub(source: str) -> str:
    """The id of the exercise whose function a stub cell defines."""
    name = re.search(r"^def (\w+)\(", source, flags=re.M).group(1)
    (exercise_id,) = [key for key, exercise in EXERCISES.items() if key.startswith("08.") and exercise.name == name]
    return exercise_id


def _solved_copy() -> tuple[nbformat.NotebookNode, list[str]]:
    """The notebook with each stub cell's source replaced by its solution file; and the exercises solved."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    solved = []
    for cell in notebook.cells:
        if cell.cell_type == "code" and STUB in cell.source:
            exercise_id = _exercise_of_stub(cell.source)
            cell.source = EXERCISES[exercise_id].solution_path.read_text(encoding="utf-8")
            solved.append(exercise_id)
    return notebook, solved


def _stdout(cell: nbformat.NotebookNode) -> str:
    return "".join(output.get("text", "") for output in cell.outputs if output.get("name") == "stdout")


def _is_checked(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and CHECKED in cell.metadata.get("tags", [])


@pytest.fixture(scope="module")
def solved_run():
    """The committed notebook and its solved copy, executed."""
    committed = nbformat.read(NOTEBOOK, as_version=4)
    notebook, solved = _solved_copy()
    NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    ).execute()
    return committed, notebook, solved


def test_capstone_every_exercise_has_a_stub_to_solve():
    _, solved = _solved_copy()
    assert sorted(solved) == sorted(key for key in EXERCISES if key.startswith("08."))


def test_capstone_solved_notebook_passes_every_check(solved_run):
    _, notebook, _ = solved_run
    verdicts = {
        CHECK_CALL.search(cell.source).group(1): _stdout(cell)
        for cell in notebook.cells
        if CHECK_CALL.search(cell.source)
    }
    assert len(verdicts) == 4
    for exercise_id, verdict in verdicts.items():
        assert verdict.startswith("✓ Well done"), f"{exercise_id}: {verdict}"


def test_capstone_solved_notebook_prints_the_committed_claims(solved_run):
    committed, notebook, _ = solved_run
    pairs = [
        (before, after)
        for before, after in zip(committed.cells, notebook.cells, strict=True)
        if _is_checked(before) and not CHECK_CALL.search(before.source)
    ]
    assert len(pairs) >= 10
    for before, after in pairs:
        assert _stdout(after) == _stdout(before), before.source[:80]


def test_capstone_reference_model_beats_both_baselines(solved_run):
    _, notebook, _ = solved_run
    claims = next(_stdout(cell) for cell in notebook.cells if "report.beats" in cell.source)
    beats = re.findall(r"beats the (.+): (True|False)", claims)
    assert [name for name, _ in beats] == ["random forest", "dense network"]
    assert all(verdict == "True" for _, verdict in beats), claims
    figures = next(_stdout(cell) for cell in notebook.cells if "report.accuracy" in cell.source)
    accuracy = float(re.search(r"test accuracy (\d\.\d+)", figures).group(1))
    scores = [float(score) for score in re.findall(r"the .+: test accuracy (\d\.\d+)", figures)]
    assert len(scores) == 2 and accuracy >= 0.93 and all(accuracy > score for score in scores), figures
