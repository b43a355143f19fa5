"""The exercise checks: each accepts its solution, names typical mistakes, and never raises."""

import re

import numpy as np
import pytest

from dl101.checks import EXERCISES, check, evaluate, show_solution
from dl101.checks.core import Exercise, Mistake

IDS = sorted(EXERCISES)


def _stub(*args, **kwargs):
    raise NotImplementedError


def _returns_none(*args, **kwargs):
    return None


def _returns_nan(*args, **kwargs):
    return np.full((7, 3), np.nan)


def _returns_wrong_shape(*args, **kwargs):
    return np.zeros((7, 3))


def _raises_value_error(*args, **kwargs):
    raise ValueError("something inside went wrong")


# Garbage every exercise must turn into feedback: (answer, a piece of the expected message).
GARBAGE_FOR_FUNCTIONS = {
    "None": (None, "None"),
    "stub": (_stub, "not written yet"),
    "returns None": (_returns_none, "None"),
    "returns NaN": (_returns_nan, r"NaN|shape|four arrays"),
    "wrong shape": (_returns_wrong_shape, r"shape|four arrays"),
    "raises": (_raises_value_error, "raised ValueError: something inside went wrong"),
    "not a function": (42, "should be a function"),
    "a string": ("def f(x): return x", "should be a function"),
}
GARBAGE_FOR_VALUES = {
    "None": (None, "None"),
    "a function": (_stub, "should be a value"),
    "a string": ("twelve", "should be numbers"),
    "NaN": (float("nan"), "NaN"),
    "wrong shape": (np.zeros((7, 3)), "shape"),
}
GARBAGE = {"function": GARBAGE_FOR_FUNCTIONS, "value": GARBAGE_FOR_VALUES}


def _message(verdict) -> str:
    return f"{verdict.message} {verdict.hint}"


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_passes(exercise_id):
    exercise = EXERCISES[exercise_id]
    verdict = evaluate(exercise, exercise.reference())
    assert verdict.passed, verdict.message


@pytest.mark.parametrize(
    ("exercise_id", "garbage"),
    [(id_, garbage) for id_ in IDS for garbage in sorted(GARBAGE[EXERCISES[id_].kind])],
)
def test_garbage_gets_feedback_not_an_exception(exercise_id, garbage):
    exercise = EXERCISES[exercise_id]
    answer, expected = GARBAGE[exercise.kind][garbage]
    verdict = evaluate(exercise, answer)
    assert not verdict.passed
    assert re.search(expected, _message(verdict)), _message(verdict)


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_exercise_has_at_least_three_typical_mistakes(exercise_id):
    assert len(EXERCISES[exercise_id].mistakes) >= 3


@pytest.mark.parametrize("exercise_id", IDS)
def test_catalogued_mistakes_have_distinct_names_and_messages(exercise_id):
    mistakes = EXERCISES[exercise_id].mistakes
    assert len({known.name for known in mistakes}) == len(mistakes)
    assert len({known.message for known in mistakes}) == len(mistakes)


@pytest.mark.parametrize(
    ("exercise_id", "known"),
    [(exercise_id, known) for exercise_id in IDS for known in EXERCISES[exercise_id].mistakes],
    ids=lambda value: getattr(value, "name", value),
)
def test_each_catalogued_mistake_given_as_the_answer_gets_its_own_message(exercise_id, known):
    verdict = evaluate(EXERCISES[exercise_id], known.answer)
    assert not verdict.passed
    assert verdict.known == known.name, f"recognised as {verdict.known!r}: {verdict.message}"


def test_check_returns_the_learners_answer_when_right(capsys):
    solution = EXERCISES["01.accuracy"].reference()
    assert check("01.accuracy", solution) is solution
    assert capsys.readouterr().out.startswith("✓")


def test_check_returns_the_reference_and_says_so_when_wrong(capsys):
    returned = check("01.accuracy", _stub)
    out = capsys.readouterr().out
    assert returned is not _stub
    assert evaluate(EXERCISES["01.accuracy"], returned).passed
    assert 'show_solution("01.accuracy")' in out and "reference solution" in out


def test_check_of_an_unknown_exercise_names_the_known_ones(capsys):
    assert check("99.nothing", 1) == 1
    assert "01.accuracy" in capsys.readouterr().out


def test_show_solution_of_an_unknown_exercise_names_the_known_ones(capsys):
    show_solution("99.x")
    show_solution(None)
    out = capsys.readouterr().out
    assert "'99.x'" in out and "None" in out and "01.accuracy" in out


def test_a_missing_solution_file_is_reported_not_raised(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("dl101.checks.core.SOLUTIONS_DIR", tmp_path)
    answer = lambda y_true, y_pred: 0.0  # noqa: E731 -- a wrong answer
    assert check("01.accuracy", answer) is answer
    show_solution("01.accuracy")
    out = capsys.readouterr().out
    assert out.count("FileNotFoundError") == 2 and "keeping your answer" in out


def test_a_change_made_in_place_is_seen_through_the_copies_the_check_makes():
    def shifted_in_place(magnitude, zero_point=22.5):
        magnitude += 1.0
        return 10 ** (-0.4 * (magnitude - 1.0 - zero_point))

    assert evaluate(EXERCISES["00.magnitude_to_flux"], shifted_in_place).known == "in place"


def test_a_broken_check_is_reported_not_raised():
    def broken_check(answer):
        raise KeyError("bug in the check")

    verdict = evaluate(Exercise("99.broken", "f", broken_check), lambda: 0)
    assert not verdict.passed and "could not judge" in verdict.message


def test_a_value_exercise_accepts_a_number_and_refuses_a_function():
    def is_twelve(answer):
        if answer != 12:
            raise Mistake(f"{answer} is not twelve.")

    exercise = Exercise("99.twelve", "twelve", is_twelve, kind="value")
    assert evaluate(exercise, 12).passed
    assert "not twelve" in evaluate(exercise, 11).message
    assert "should be a value" in evaluate(exercise, lambda: 12).message


def test_warnings_from_learner_code_do_not_escape(recwarn):
    def noisy(magnitude, zero_point=22.5):
        return np.log(-np.asarray(magnitude))  # RuntimeWarning and NaN

    verdict = evaluate(EXERCISES["00.magnitude_to_flux"], noisy)
    assert "NaN" in verdict.message
    assert len(recwarn) == 0


def test_show_solution_prints_the_solution_file_outside_ipython(capsys):
    show_solution("00.magnitude_to_flux")
    assert "def magnitude_to_flux" in capsys.readouterr().out
