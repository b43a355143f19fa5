"""The vocabulary the exercise checks are written in (dl101.checks.core)."""

import numpy as np
import pytest

from dl101.checks.core import Known, Mistake, call, compare, describe, difference, returned, whole_number


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


def test_whole_number_takes_python_and_numpy_integers_only():
    assert whole_number(3, "n") == 3 and whole_number(np.int32(3), "n") == 3
    for value, expected in ((3.0, "a float"), ("3", "the string '3'"), (True, "the boolean"), (None, "None")):
        with pytest.raises(Mistake, match=expected):
            whole_number(value, "n")


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


def test_compare_names_the_catalogued_mistake_whose_answer_gives_the_same_result():
    doubled = Known("doubled", lambda x: 2 * x, "You doubled {what}.")
    halved = Known("halved", lambda x: x / 2, "You halved it.")
    failing = Known("fails", lambda x: x.no_such_method(), "never matched")
    x = np.array([1.0, 2.0])
    compare(x + 0, x, "f(x)", (failing, doubled, halved), (x,))  # right: no Mistake
    with pytest.raises(Mistake) as raised:
        compare(x / 2, x, "f(x)", (failing, doubled, halved), (x,))
    assert raised.value.known == "halved"
    with pytest.raises(Mistake, match=r"f\(x\) is wrong: every value differs; at index 0: expected 1, got 5") as raised:
        compare(x + 4, x, "f(x)", (failing, doubled, halved), (x,), hint="Add nothing.")
    assert raised.value.known is None and raised.value.hint == "Add nothing."
    assert doubled(what="x").message == "You doubled x."


def test_compare_keeps_a_secret_expected_value_out_of_its_message():
    with pytest.raises(Mistake) as raised:
        compare(96, 105, "n", secret="the number of parameters", hint="Count the biases.")
    assert raised.value.message == "n is the int 96, not the number of parameters."
    assert "105" not in raised.value.message + raised.value.hint


def test_compare_runs_catalogued_answers_on_copies_of_the_inputs():
    in_place = Known("in place", lambda x: x.__imul__(0), "Zeroed.")
    x = np.array([1.0, 2.0])
    with pytest.raises(Mistake):
        compare(np.zeros(2), x, "f(x)", (in_place,), (x,))
    assert x.tolist() == [1.0, 2.0]


def test_call_sees_a_change_made_in_place_and_names_the_argument():
    def shuffles(X, y):
        X[::-1] = X.copy()
        return X

    X = np.arange(4.0)
    with pytest.raises(Mistake, match="changed the caller's X in place"):
        call(shuffles, X, np.zeros(2), names=("X", "y"))
    assert X.tolist() == [0.0, 1.0, 2.0, 3.0]
    catalogued = Known("shuffled", shuffles, "You shuffled {name}.")
    with pytest.raises(Mistake, match="You shuffled X.") as raised:
        call(shuffles, X, np.zeros(2), in_place=catalogued, names=("X",))
    assert raised.value.known == "shuffled"
    assert call(lambda X, y: X.sum(), X, 1.0) == 6.0
