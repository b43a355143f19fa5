"""Mutation testing of the exercise checks: every small change to a reference solution that changes
what the notebook computes must be rejected by the exercise's check.

tests/mutants.py makes the mutants. A mutant that passes its check must be listed in SURVIVORS with
the reason it computes the same as the solution wherever the notebook uses it.
"""

import pytest

from dl101.checks import EXERCISES, evaluate
from mutants import mutants

# Exercise id → {mutant: why the check is right to accept it}.
SURVIVORS = {
    "00.magnitude_to_flux": {},
    "01.split_train_test": {
        "line 4: `0.25` → `1.25`": "a default the notebook never uses: it passes test_fraction=0.25",
        "line 4: `0.25` → `-0.75`": "a default the notebook never uses: it passes test_fraction=0.25",
        "line 4: `0` → `1`": "a default the notebook never uses: it passes seed=0",
        "line 4: `0` → `-1`": "a default the notebook never uses: it passes seed=0",
    },
    "01.accuracy": {},
    "02.perceptron_predict": {},
    "02.perceptron_update": {
        "line 4: `0.1` → `1.1`": "a default the notebook never uses: train_perceptron passes the learning rate",
        "line 4: `0.1` → `-0.9`": "a default the notebook never uses: train_perceptron passes the learning rate",
    },
}


def survivors(exercise_id: str) -> list[str]:
    """The mutants of an exercise's solution that its check accepts."""
    exercise = EXERCISES[exercise_id]
    source = exercise.solution_path.read_text(encoding="utf-8")
    return [m.description for m in mutants(source) if evaluate(exercise, m.function(exercise.name)).passed]


@pytest.mark.parametrize("exercise_id", sorted(SURVIVORS))
def test_the_check_rejects_every_mutant_that_changes_the_result(exercise_id):
    assert sorted(survivors(exercise_id)) == sorted(SURVIVORS[exercise_id])


@pytest.mark.parametrize("exercise_id", sorted(SURVIVORS))
def test_every_solution_has_mutants(exercise_id):
    assert list(mutants(EXERCISES[exercise_id].solution_path.read_text(encoding="utf-8")))
