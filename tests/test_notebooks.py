"""Every notebook keeps the course's conventions, and nbval has real claims to compare.

nbval re-executes each notebook and compares the outputs of the cells tagged
``nbval-check-output`` with the committed ones, which an earlier, separate run produced: a
notebook whose checked outputs differ between two runs fails. These tests make sure that
comparison has teeth: every notebook is committed executed, top to bottom, with checked claims,
and no checked output holds something that changes from run to run.
"""

import re

import pytest

from dl101.checks import EXERCISES
from dl101.course import CHECK_CALL, CHECKED_TAG, cells, is_checked, notebooks, source

NOTEBOOKS = notebooks()
VOLATILE = {
    "a timing": re.compile(r"\d\s?(ms|s|us|µs)/step|Wall time|CPU times|\d+\.\d+ ?s elapsed"),
    "a Keras progress bar": re.compile(r"Epoch \d+/\d+|━━"),
    "a memory address": re.compile(r"0x[0-9a-f]{8,}"),
}


def output_text(output: dict) -> str:
    if "text" in output:
        return "".join(output["text"])
    return "".join(output.get("data", {}).get("text/plain", ""))


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_opens_with_its_title_then_the_setup_cell(path):
    all_cells = cells(path)
    assert all_cells[0]["cell_type"] == "markdown"
    assert source(all_cells[0]).startswith(f"# {path.name[:2]} · ")
    first_code = next(cell for cell in all_cells if cell["cell_type"] == "code")
    assert "from dl101 import setup" in source(first_code) and "setup(" in source(first_code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_learning_goals_and_a_summary(path):
    markdown = "\n".join(source(cell) for cell in cells(path) if cell["cell_type"] == "markdown")
    assert re.search(r"^## Learning goals", markdown, flags=re.M)
    assert re.search(r"^## Summary", markdown, flags=re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_executed_top_to_bottom_without_errors(path):
    code = [cell for cell in cells(path) if cell["cell_type"] == "code"]
    counts = [cell["execution_count"] for cell in code]
    assert counts == list(range(1, len(code) + 1)), "run it with Restart & Run All, then save"
    errors = [output for cell in code for output in cell["outputs"] if output["output_type"] == "error"]
    assert not errors, f"committed with an error: {errors[0].get('ename')}: {errors[0].get('evalue')}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_checked_claims_and_each_one_has_an_output(path):
    checked = [cell for cell in cells(path) if cell["cell_type"] == "code" and is_checked(cell)]
    assert checked, f"no cell is tagged {CHECKED_TAG}: nbval would compare nothing"
    empty = [source(cell)[:60] for cell in checked if not cell["outputs"]]
    assert not empty, f"checked cells without output compare nothing: {empty}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checked_outputs_hold_nothing_that_changes_between_runs(path):
    for cell in cells(path):
        if cell["cell_type"] != "code" or not is_checked(cell):
            continue
        for output in cell["outputs"]:
            for what, pattern in VOLATILE.items():
                match = pattern.search(output_text(output))
                assert not match, f"checked cell {source(cell)[:60]!r} prints {what}: {match.group(0)!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_check_is_registered_belongs_to_its_notebook_and_is_checked(path):
    for cell in cells(path):
        for exercise_id in CHECK_CALL.findall(source(cell)):
            assert exercise_id in EXERCISES, f"{exercise_id} is not in the registry"
            assert exercise_id.startswith(path.name[:2] + "."), f"{exercise_id} is checked in {path.name}"
            assert is_checked(cell), f"the verdict of {exercise_id} is not compared by nbval"


def test_every_registered_exercise_is_checked_in_a_notebook():
    checked = {
        exercise_id for path in NOTEBOOKS for cell in cells(path) for exercise_id in CHECK_CALL.findall(source(cell))
    }
    assert sorted(set(EXERCISES) - checked) == []


# A seed written into a notebook would pin its training to one run, so DL101_SEED (which the
# second nbval run of .ci/run sets) could not show that the checked claims hold for another.
FIXED_TRAINING_SEED = re.compile(r"set_random_seed\(\d+\)|random_state=\d+")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_everything_trained_takes_the_seed_setup_returns(path):
    code = [source(cell) for cell in cells(path) if cell["cell_type"] == "code"]
    assert re.search(r"^from dl101 import setup; SEED = setup\(", code[0], flags=re.M), "the first cell sets SEED"
    fixed = [line.strip() for text in code[1:] for line in text.splitlines() if FIXED_TRAINING_SEED.search(line)]
    assert not fixed, f"training seeded with a number instead of SEED: {fixed}"
