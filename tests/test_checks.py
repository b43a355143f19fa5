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


def test_no_confidence_in_the_calibration_cases_lies_near_an_inner_bin_edge():
    # There np.digitize with np.linspace edges and (confidence * n_bins).astype(int) may disagree by rounding.
    from dl101.checks.nb09_trust_your_model import ECE_CASES

    for probabilities, _, n_bins, _ in ECE_CASES:
        inner_edges = np.arange(1, n_bins or 10) / (n_bins or 10)
        confidence = probabilities.max(axis=1).astype(float)
        assert np.abs(confidence[:, None] - inner_edges).min(initial=1.0) > 1e-3


def _ece_by_histogram(probabilities, labels, n_bins=10):
    confidence = probabilities.max(axis=1)
    right = (probabilities.argmax(axis=1) == labels).astype(float)
    edges = np.linspace(0, 1, n_bins + 1)  # np.histogram's last bin includes 1
    confidences, _ = np.histogram(confidence, edges, weights=confidence)
    rights, _ = np.histogram(confidence, edges, weights=right)
    return float(np.sum(np.abs(rights - confidences)) / len(labels))


def _ece_by_digitize(probabilities, labels, n_bins=10):
    confidence = probabilities.max(axis=1)
    right = probabilities.argmax(axis=1) == labels
    bins = np.clip(np.digitize(confidence, np.linspace(0, 1, n_bins + 1)) - 1, 0, n_bins - 1)
    in_bins = [bins == b for b in range(n_bins) if np.any(bins == b)]
    return sum(np.mean(b) * abs(np.mean(right[b]) - np.mean(confidence[b])) for b in in_bins)


def _nll_of_sigma(y, mean, log_sigma):
    sigma = np.exp(log_sigma)
    return np.mean(np.log(sigma) + (y - mean) ** 2 / (2 * sigma**2) + 0.5 * np.log(2 * np.pi))


def _nll_of_variance(y, mean, log_sigma):
    variance = np.exp(2 * log_sigma)
    return float(np.mean(0.5 * np.log(2 * np.pi * variance) + (y - mean) ** 2 / (2 * variance)))


def _nll_by_scipy(y, mean, log_sigma):
    from scipy.stats import norm

    return -np.mean(norm.logpdf(y, mean, np.exp(log_sigma)))


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [
        ("09.expected_calibration_error", _ece_by_histogram),
        ("09.expected_calibration_error", _ece_by_digitize),
        ("09.gaussian_nll", _nll_of_sigma),
        ("09.gaussian_nll", _nll_of_variance),
        ("09.gaussian_nll", _nll_by_scipy),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_other_right_ways_of_writing_an_exercise_pass(exercise_id, answer):
    verdict = evaluate(EXERCISES[exercise_id], answer)
    assert verdict.passed, verdict.message


def test_the_calibration_error_of_the_other_sign_is_named_too():
    from dl101.checks.nb09_trust_your_model import _signed

    verdict = evaluate(
        EXERCISES["09.expected_calibration_error"], lambda p, labels, n_bins=10: -_signed(p, labels, n_bins)
    )
    assert verdict.known == "one bin" and "signed gaps" in verdict.message


def test_the_gaussian_nll_check_expects_scipys_value():
    from scipy.stats import norm

    from dl101.checks.nb09_trust_your_model import NLL_CASES, _nll

    for y, mean, log_sigma, _ in NLL_CASES:
        expected = -norm.logpdf(y.astype(float), mean.astype(float), np.exp(log_sigma.astype(float)))
        assert np.allclose(_nll(y.astype(float), mean.astype(float), log_sigma.astype(float)), expected, rtol=1e-12)
