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
    "03.dense_forward": {},
    "03.n_parameters": {"line 2: `8 * 1` → `8`": "multiplying by one: the same int 105"},
    "03.hidden_layers": {},
    "04.softmax": {},
    "04.cross_entropy": {},
    "04.huber": {
        "line 7: `r <= delta` → `r < delta`": "at |r| = delta both parts give ½·delta²: the same loss",
    },
    "05.sigmoid_backward": {},
    "05.dense_backward": {},
    "05.softmax_crossentropy_backward": {
        "line 6: `-1` → `1`": "logits are always 2-D (n, k) in the text and every later cell: axis 1 is the last axis",
        "line 7: `-1` → `1`": "logits are always 2-D (n, k) in the text and every later cell: axis 1 is the last axis",
    },
    "05.train_step": {},
    "05.train": {
        "line 4: `0.1` → `1.1`": "a default the notebook never uses: every call passes learning_rate",
        "line 4: `0.1` → `-0.9`": "a default the notebook never uses: every call passes learning_rate",
        "line 4: `32` → `33`": "a default the notebook never uses: every call passes batch_size",
        "line 4: `32` → `31`": "a default the notebook never uses: every call passes batch_size",
        "line 4: `100` → `101`": "a default the notebook never uses: every call passes epochs",
        "line 4: `100` → `99`": "a default the notebook never uses: every call passes epochs",
        "line 4: `5` → `6`": "a default the notebook never uses: every call passes patience",
        "line 4: `5` → `4`": "a default the notebook never uses: every call passes patience",
        "line 7: `0` → `1`": "epoch 1 always improves on the initial best, np.inf: the count is reset before use",
        "line 7: `0` → `-1`": "epoch 1 always improves on the initial best, np.inf: the count is reset before use",
        "line 15: `float(np.mean(batch_losses))` → `np.mean(batch_losses)`": (
            "np.float64 is a float: the history prints, indexes and compares the same"
        ),
        "line 16: `float(val_loss)` → `val_loss`": "evaluate is mlp_loss, which already returns a Python float",
    },
    "06.conv2d_single": {},
    "06.output_size": {},
    "06.max_pool": {},
    "06.n_conv_parameters": {},
    "07.embedding_model": {},
    "07.nearest_neighbours": {},
    "08.make_dataset": {
        "line 11: `64` → `65`": "a default the notebook never uses: every call passes batch_size",
        "line 11: `64` → `63`": "a default the notebook never uses: every call passes batch_size",
    },
    "08.build_model": {
        f"line {line}: `{a}` → `{b}`": "the architecture is the learner's choice: any softmax model of CPU size"
        for line, n in ((9, 16), (11, 32), (13, 64))
        for a, b in ((n, n + 1), (n, n - 1), (3, 4), (3, 2))
    },
    "08.compile_model": {},
    "08.make_callbacks": {
        "line 6: `return [keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)]` → "
        "`return list([keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)])`": (
            "the same list"
        ),
        "line 6: `3` → `4`": "another patience of a few epochs (2 to 5), as the text allows",
        "line 6: `3` → `2`": "another patience of a few epochs (2 to 5), as the text allows",
    },
    "09.expected_calibration_error": {},
    "09.gaussian_nll": {},
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
