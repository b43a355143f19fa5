"""Mutation testing of the exercise checks: every small change to a reference solution that changes
what the notebook computes must be rejected by the exercise's check.

tests/mutants.py makes the mutants. A mutant that passes its check must be listed in SURVIVORS with
the reason it computes the same as the solution wherever the notebook uses it; a mutant is named by
its change and the text of its line, so that a line added to a solution renumbers nothing.

The mutants and the learners' answers of tests/learner_answers.py are also the answers from outside
the catalogue: every catalogued mistake must be named for one of them, so that an entry that no
learner writes (or one that only recognises itself) fails.
"""

from dataclasses import replace
from functools import cache

import pytest

from dl101.checks import EXERCISES, evaluate
from dl101.checks.core import Known, Verdict
from learner_answers import ANSWERS, in_tier, verdict
from mutants import mutants

# A default argument the notebook always passes explicitly: changing it changes nothing the notebook computes.
UNUSED_DEFAULT = "a default the notebook never uses: every call passes this argument"

# Exercise id → {mutant: why the check is right to accept it}.
SURVIVORS = {
    "00.magnitude_to_flux": {},
    "01.split_train_test": {
        "`0.25` → `1.25` in `def split_train_test(X, y, test_fraction=0.25, seed=0):`": UNUSED_DEFAULT,
        "`0.25` → `-0.75` in `def split_train_test(X, y, test_fraction=0.25, seed=0):`": UNUSED_DEFAULT,
        "`0` → `1` in `def split_train_test(X, y, test_fraction=0.25, seed=0):`": UNUSED_DEFAULT,
        "`0` → `-1` in `def split_train_test(X, y, test_fraction=0.25, seed=0):`": UNUSED_DEFAULT,
    },
    "01.accuracy": {},
    "02.perceptron_predict": {},
    "02.perceptron_update": {
        "`0.1` → `1.1` in `def perceptron_update(w, b, x, y, learning_rate=0.1):`": UNUSED_DEFAULT,
        "`0.1` → `-0.9` in `def perceptron_update(w, b, x, y, learning_rate=0.1):`": UNUSED_DEFAULT,
    },
    "03.dense_forward": {},
    "03.n_parameters": {
        "`8 * 1` → `8` in `n_parameters = (2 * 8 + 8) + (8 * 8 + 8) + (8 * 1 + 1)`": "times one: the same int 105"
    },
    "03.hidden_layers": {},
    "04.softmax": {},
    "04.cross_entropy": {},
    "04.huber": {
        "`r <= delta` → `r < delta` in `return np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta)))`": (
            "at |r| = delta both parts give ½·delta²: the same loss"
        ),
    },
    "05.sigmoid_backward": {},
    "05.dense_backward": {},
    "05.softmax_crossentropy_backward": {
        f"`-1` → `1` in `{line}`": "logits are always 2-D (n, k) in the text and every later cell: axis 1 is the last"
        for line in (
            "e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))",
            "p = e / np.sum(e, axis=-1, keepdims=True)",
        )
    },
    "05.train_step": {},
    "05.train": {
        **{
            f"`{a}` → `{b}` in `def train(step, evaluate, params, X, y, X_val, y_val, learning_rate=0.1, "
            f"batch_size=32, epochs=100, patience=5):`": UNUSED_DEFAULT
            for a, b in (("0.1", "1.1"), ("0.1", "-0.9"), ("32", "33"), ("32", "31"), ("100", "101"), ("100", "99"))
            + (("5", "6"), ("5", "4"))
        },
        **{
            f"`0` → `{b}` in `best_params, best_val_loss, epochs_without_improvement = params, np.inf, 0`": (
                "epoch 1 always improves on the initial best, np.inf: the count is reset before use"
            )
            for b in ("1", "-1")
        },
        "`float(np.mean(batch_losses))` → `np.mean(batch_losses)` in "
        '`history["loss"].append(float(np.mean(batch_losses)))`': (
            "np.float64 is a float: the history prints, indexes and compares the same"
        ),
        '`float(val_loss)` → `val_loss` in `history["val_loss"].append(float(val_loss))`': (
            "evaluate is mlp_loss, which already returns a Python float"
        ),
    },
    "06.conv2d_single": {},
    "06.output_size": {},
    "06.max_pool": {},
    "06.n_conv_parameters": {},
    "07.embedding_model": {},
    "07.nearest_neighbours": {},
    "08.make_dataset": {
        f"`64` → `{b}` in `def make_dataset(images, labels, training, batch_size=64):`": UNUSED_DEFAULT
        for b in ("65", "63")
    },
    "08.build_model": {
        f'`{a}` → `{b}` in `keras.layers.Conv2D({n}, 3, padding="same", activation="relu"),`': (
            "the architecture is the learner's choice: any softmax model of CPU size"
        )
        for n in (16, 32, 64)
        for a, b in ((n, n + 1), (n, n - 1), (3, 4), (3, 2))
    },
    "08.compile_model": {},
    "08.make_callbacks": {
        "`return [keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)]` → "
        "`return list([keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)])` in "
        '`return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)]`': (
            "the same list"
        ),
        **{
            f"`3` → `{b}` in "
            '`return [keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)]`': (
                "another patience of a few epochs (2 to 5), as the text allows"
            )
            for b in ("4", "2")
        },
    },
    "09.expected_calibration_error": {},
    "09.gaussian_nll": {},
    "10.cutout_flux": {},
}


@cache
def verdicts(exercise_id: str) -> dict[str, Verdict]:
    """Each mutant of an exercise's solution, described, and its check's verdict."""
    exercise = EXERCISES[exercise_id]
    source = exercise.solution_path.read_text(encoding="utf-8")
    return {m.description: evaluate(exercise, m.function(exercise.name)) for m in mutants(source)}


EXERCISE_IDS = [in_tier(exercise_id, exercise_id) for exercise_id in sorted(SURVIVORS)]


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_the_check_rejects_every_mutant_that_changes_the_result(exercise_id):
    survivors = [description for description, verdict in verdicts(exercise_id).items() if verdict.passed]
    assert sorted(survivors) == sorted(SURVIVORS[exercise_id])


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_every_solution_has_mutants(exercise_id):
    assert list(mutants(EXERCISES[exercise_id].solution_path.read_text(encoding="utf-8")))


def _named_outside_the_catalogue(exercise_id: str) -> set[str]:
    """The catalogued mistakes the check names for a mutant of the solution or a learner's answer in tests/."""
    names = {verdict.known for verdict in verdicts(exercise_id).values()}
    return names | {verdict(i).known for i, answer in enumerate(ANSWERS) if answer.exercise_id == exercise_id}


@pytest.mark.parametrize("exercise_id", EXERCISE_IDS)
def test_every_catalogued_mistake_is_named_for_an_answer_written_outside_the_catalogue(exercise_id):
    named = _named_outside_the_catalogue(exercise_id)
    assert [known.name for known in EXERCISES[exercise_id].mistakes if known.name not in named] == []


def test_an_absurd_catalogue_entry_fails_the_catalogue_test(monkeypatch):
    exercise = EXERCISES["00.magnitude_to_flux"]
    absurd = Known("absurd", "Your fluxes are all 42.", answer=lambda m, zero_point=22.5: m * 0 + 42)
    monkeypatch.setitem(EXERCISES, exercise.id, replace(exercise, mistakes=(*exercise.mistakes, absurd)))
    verdicts.cache_clear()
    try:
        assert evaluate(EXERCISES[exercise.id], absurd.answer).known == "absurd"  # it names itself, as before
        with pytest.raises(AssertionError, match="absurd"):
            test_every_catalogued_mistake_is_named_for_an_answer_written_outside_the_catalogue(exercise.id)
    finally:
        verdicts.cache_clear()
