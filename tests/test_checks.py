"""The exercise checks: each accepts its solution, names typical mistakes, and never raises."""

import re
from dataclasses import replace

import numpy as np
import pytest

from dl101.checks import EXERCISES, check, evaluate, show_solution
from dl101.checks.core import is_right, run

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


RUNNER_MISTAKES = [
    (exercise_id, known)
    for exercise_id in IDS
    for known in EXERCISES[exercise_id].mistakes
    if EXERCISES[exercise_id].check is None and known.answer is not None
]


@pytest.mark.parametrize(("exercise_id", "known"), RUNNER_MISTAKES, ids=lambda value: getattr(value, "name", value))
def test_each_catalogued_wrong_answer_can_be_confirmed_on_a_second_case(exercise_id, known):
    exercise = EXERCISES[exercise_id]
    if exercise.kind == "value":
        assert known.answer != exercise.reference()  # a value is its own confirmation
        return
    reference = exercise.reference()
    told_apart = [
        case.what
        for case in exercise.cases
        if not is_right(exercise, known.outcome(case), reference(*case.args, **case.kwargs), case)
    ]
    assert len(told_apart) >= 2, told_apart


@pytest.mark.parametrize(("exercise_id", "known"), RUNNER_MISTAKES, ids=lambda value: getattr(value, "name", value))
def test_each_catalogued_wrong_answer_is_named_with_its_message_filled_in(exercise_id, known):
    verdict = evaluate(EXERCISES[exercise_id], known.answer)  # no earlier entry gives the same on every case
    assert verdict.known == known.name, f"recognised as {verdict.known!r}: {verdict.message}"


def test_check_returns_the_learners_answer_when_right(capsys):
    solution = EXERCISES["00.magnitude_to_flux"].reference()
    assert check("00.magnitude_to_flux", solution) is solution
    assert capsys.readouterr().out.startswith("✓")


def test_check_returns_the_reference_and_says_so_when_wrong(capsys):
    returned = check("00.magnitude_to_flux", _stub)
    out = capsys.readouterr().out
    assert returned is not _stub
    assert evaluate(EXERCISES["00.magnitude_to_flux"], returned).passed
    assert 'show_solution("00.magnitude_to_flux")' in out and "reference solution" in out


def test_check_of_an_unknown_exercise_names_the_known_ones(capsys):
    assert check("99.nothing", 1) == 1
    assert "00.magnitude_to_flux" in capsys.readouterr().out


def test_show_solution_of_an_unknown_exercise_names_the_known_ones(capsys):
    show_solution("99.x")
    show_solution(None)
    out = capsys.readouterr().out
    assert "'99.x'" in out and "None" in out and "00.magnitude_to_flux" in out


def test_a_missing_solution_file_is_the_courses_fault_and_keeps_the_answer(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr("dl101.checks.core.SOLUTIONS_DIR", tmp_path)
    answer = lambda magnitude, zero_point=22.5: 0.0  # noqa: E731 -- a wrong answer, not judged
    assert check("00.magnitude_to_flux", answer) is answer
    show_solution("00.magnitude_to_flux")
    out = capsys.readouterr().out
    assert out.count("FileNotFoundError") == 2 and "fault in the course's check" in out


def test_a_change_made_in_place_is_seen_through_the_copies_the_check_makes():
    def shifted_in_place(magnitude, zero_point=22.5):
        magnitude += 1.0
        return 10 ** (-0.4 * (magnitude - 1.0 - zero_point))

    verdict = evaluate(EXERCISES["00.magnitude_to_flux"], shifted_in_place)
    assert "changed the caller's magnitudes in place" in verdict.message


def _checked_by(check_code):
    """Notebook 00's exercise, judged by ``check_code`` instead of its cases."""
    return replace(EXERCISES["00.magnitude_to_flux"], check=check_code)


def _raises_inside_the_check(answer, reference):
    run(answer, np.zeros(2))  # the learner's code runs, and is right...
    return {}["a key the check's author forgot"]  # ...then the check's own code fails


def test_a_crash_in_the_courses_check_says_so_and_returns_the_learners_answer(capsys, monkeypatch):
    exercise = _checked_by(_raises_inside_the_check)
    monkeypatch.setitem(EXERCISES, exercise.id, exercise)
    answer = EXERCISES["00.magnitude_to_flux"].reference()
    verdict = evaluate(exercise, answer)
    assert verdict.fault and not verdict.passed and "KeyError" in verdict.message
    assert "this is a fault in the course's check, not in your answer: please report it" in verdict.message
    assert check(exercise.id, answer) is answer
    out = capsys.readouterr().out
    assert "please report it" in out and "reference solution" not in out


def test_an_exception_in_the_learners_code_is_feedback_not_a_fault():
    def raises(magnitude, zero_point=22.5):
        raise KeyError("the learner's bug")

    for exercise in (
        EXERCISES["00.magnitude_to_flux"],
        _checked_by(lambda answer, reference: run(answer, np.zeros(2))),
    ):
        verdict = evaluate(exercise, raises)
        assert not verdict.fault and "raises raised KeyError" in verdict.message


def test_an_error_in_the_checks_reading_of_a_pipeline_is_not_blamed_on_the_learners_map(monkeypatch):
    def fails(*args):
        raise IndexError("the check's own bug")

    monkeypatch.setattr("dl101.checks.nb08_build_your_own_model._batch", fails)
    exercise = EXERCISES["08.make_dataset"]
    verdict = evaluate(exercise, exercise.reference())
    assert verdict.fault and "IndexError: the check's own bug" in verdict.message and ".map()" not in verdict.hint


def test_a_value_exercise_accepts_its_value_and_refuses_a_function():
    exercise = EXERCISES["03.n_parameters"]
    assert evaluate(exercise, exercise.reference()).passed
    assert "not the number of parameters" in evaluate(exercise, exercise.reference() + 1000).message
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


def test_a_confidence_near_an_inner_bin_edge_lies_on_it_exactly_in_floats():
    # Near an edge, np.digitize with np.linspace edges and (confidence * n_bins).astype(int) may disagree by rounding;
    # exactly on it (0.25, 0.5, 0.75 for 2 or 4 bins) both put the confidence in the bin above.
    for case in EXERCISES["09.expected_calibration_error"].cases:
        n_bins = case.kwargs.get("n_bins", 10)
        edges = np.linspace(0, 1, n_bins + 1)
        for confidence in case.args[0].max(axis=1).astype(float):
            edge = edges[np.argmin(np.abs(edges - confidence))]
            if 0 < edge < 1 and abs(confidence - edge) < 1e-3:
                assert confidence == edge and float(confidence * n_bins).is_integer(), (case.what, confidence)
