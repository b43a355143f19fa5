"""The vocabulary the exercise checks are written in, and the runner of pure functions (dl101.checks.core)."""

import numpy as np
import pytest

from dl101.checks.core import (
    Case,
    Exercise,
    Known,
    Mistake,
    call,
    check_cases,
    compare,
    describe,
    difference,
    one_number,
    returned,
    whole_number,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "None"),
        ("12", "the string '12'"),
        (12.0, "the float 12.0"),
        (np.int64(3), "the int64 3"),
        (True, "the boolean True"),
        ([1, 2, 3], "a list of 3 items"),
        ((1,), "a tuple of 1 item"),
        (np.zeros((2, 3), dtype=np.float32), "an array of shape (2, 3) of float32"),
        (len, "a function"),
        (object(), "an object"),
    ],
)
def test_describe_says_what_a_value_is(value, expected):
    assert describe(value) == expected


def test_describe_names_a_tensorflow_tensor():
    tf = pytest.importorskip("tensorflow")
    assert describe(tf.constant(0.5)) == "a TensorFlow tensor of shape ()"


def test_whole_number_takes_python_and_numpy_integers_only():
    assert whole_number(3, "n") == 3 and whole_number(np.int32(3), "n") == 3
    for value, expected in ((3.0, "a float"), ("3", "the string '3'"), (True, "the boolean"), (None, "None")):
        with pytest.raises(Mistake, match=expected):
            whole_number(value, "n")


def test_one_number_takes_python_and_numpy_numbers_only():
    assert one_number(0.5, "e") == 0.5 and one_number(np.float32(0.5), "e") == 0.5 and one_number(np.array(2), "e") == 2
    for value in ([0.5], np.array([0.5]), True, "0.5", None):
        with pytest.raises(Mistake, match="should be one number"):
            one_number(value, "e")
    with pytest.raises(Mistake, match="NaN"):
        one_number(float("nan"), "e")


def test_returned_takes_exactly_that_many_things():
    assert returned([1, 2], 2, "f()", "a, b") == (1, 2)
    with pytest.raises(Mistake, match=r"should return 2 things \(a, b\), but it returned the int 1") as raised:
        returned(1, 2, "f()", "a, b")
    assert "return a, b" in raised.value.hint


def test_difference_names_the_first_value_that_differs_and_how_many_do():
    assert difference([1.0, 2.0, 3.0], [1.0, 2.5, 3.5]) == "2 of 3 values differ; at index 1: expected 2.5, got 2"
    assert difference([[1.0, 2.0]], [[0.0, 0.0]]).startswith("every value differs; at index (0, 0)")
    assert difference(0.4, 0.6) == "expected 0.6, got 0.4"
    assert difference(np.zeros((5, 5)), np.zeros(5)) == "it has shape (5, 5), expected (5,)"


def test_compare_says_what_differs_in_one_line():
    compare([1.0, 2.0], np.array([1.0, 2.0]), "f(x)")  # equal: no Mistake
    with pytest.raises(Mistake, match=r"f\(x\) is wrong: expected 1, got 5") as raised:
        compare(5.0, 1.0, "f(x)", "Add nothing.")
    assert raised.value.hint == "Add nothing."


def test_call_sees_a_change_made_in_place_and_names_the_argument():
    def shuffles(X, y):
        X[::-1] = X.copy()
        return X

    X = np.arange(4.0)
    with pytest.raises(Mistake, match="changed the caller's X in place"):
        call(shuffles, X, np.zeros(2), names=("X", "y"))
    assert X.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert call(lambda X, y: X.sum(), X, 1.0) == 6.0


# A small exercise for the runner: doubling an array. "halved" and "tripled" are catalogued; "squared" gives
# what tripled gives on the first case (x = [3]) only, so it must not be named tripled.
DOUBLE_CASES = (Case("double([3])", (np.array([3.0]),)), Case("double([1, 2])", (np.array([1.0, 2.0]),)))
HALVED = Known("halved", "You halved {what}.", "Multiply by 2.", lambda x: x / 2)
TRIPLED = Known("tripled", "You tripled it: got {got}.", "Multiply by 2.", lambda x: 3 * x)
DOUBLE = Exercise("99.double", "double", DOUBLE_CASES, (HALVED, TRIPLED), names=("x",), hint="2 * x.")


def _verdict(answer) -> Mistake | None:
    try:
        check_cases(DOUBLE, answer, lambda x: 2 * x)
    except Mistake as mistake:
        return mistake
    return None


def test_the_runner_accepts_what_the_reference_gives():
    assert _verdict(lambda x: x + x) is None


def test_the_runner_names_a_catalogued_mistake_only_when_it_gives_the_same_on_every_case():
    assert _verdict(lambda x: x * 0.5).known == "halved"
    assert _verdict(lambda x: x * 0.5).message == "You halved double([3])."
    assert _verdict(lambda x: 3.0 * x).message.startswith("You tripled it: got an array of shape (1,)")
    squared = _verdict(lambda x: x**2)  # 9 = 3 · 3 on the first case, 1 ≠ 3 on the second
    assert squared.known is None
    assert squared.message == "double([3]) is wrong: every value differs; at index 0: expected 6, got 9."


def test_the_runner_requires_the_form_of_the_references_result():
    assert "should be a NumPy array, but it is a list" in _verdict(lambda x: list(2 * x)).message
    assert "has shape (1, 1)" in _verdict(lambda x: 2 * x[:, None]).message
    assert "changed the caller's x in place" in _verdict(lambda x: x.__imul__(2)).message


def test_the_runner_tells_the_learners_exception_as_feedback():
    def fails(x):
        raise KeyError("oops")

    assert _verdict(fails).message == "fails raised KeyError: 'oops'"
