"""Checks for notebook 02: the perceptron's forward pass and its learning rule.

No weighted sum in these cases is exactly 0, so whether the step gives 0 or 1 there is not tested.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, compare, run

# (X, w, b): a batch of six objects with two features (colours, say), and one of four with three features.
PREDICT_CASES = (
    (
        np.array([[0.2, 0.1], [1.8, 1.2], [0.5, 0.4], [1.0, 0.3], [-0.1, 0.2], [2.2, 0.6]]),
        np.array([-2.0, 1.0]),
        1.1,
    ),
    (
        np.array([[1.0, 0.5, 2.0], [0.5, 1.5, -1.0], [-1.0, 2.0, 0.5], [2.0, 1.0, 1.0]]),
        np.array([0.5, -1.0, 1.5]),
        -0.5,
    ),
)


def _step(z: np.ndarray) -> np.ndarray:
    return (z > 0).astype(float)


def _predict_mistakes(X: np.ndarray, w: np.ndarray, b: float) -> list[tuple]:
    """What typical wrong forward passes return on (X, w, b), with what to say about each."""
    z = X @ w + b
    return [
        (
            z,
            "You returned the weighted sums z = X @ w + b themselves, not labels.",
            "Apply the step to them: 1 where z > 0, else 0, for example (z > 0).astype(int).",
        ),
        (
            _step(X @ w),
            "Your labels are those of X @ w without the bias: the bias is missing.",
            "Add b to every weighted sum before the step: z = X @ w + b.",
        ),
        (
            _step(X @ w - b),
            "Your labels are those of X @ w − b: the bias is subtracted.",
            "The weighted sum is z = X @ w + b.",
        ),
        (
            1 - _step(z),
            "Your labels are inverted: 1 where z < 0 and 0 where z > 0.",
            "The step gives 1 where z > 0 and 0 elsewhere.",
        ),
        (
            np.sign(z),
            "You returned labels −1 and +1 (the sign of z), but the classes here are 0 and 1.",
            "Use (z > 0).astype(int) rather than np.sign(z).",
        ),
        (
            1 / (1 + np.exp(-z)),
            "You returned sigmoid(z), a number between 0 and 1, not a label.",
            "The perceptron's activation is a hard step: (z > 0).astype(int).",
        ),
        (
            _step(X[:, :2] @ w[:2] + b),
            "Your function uses only the first two features.",
            "Write the weighted sum for any number of features: X @ w + b.",
        ),
    ]


def _batch_or_single(perceptron_predict, X: np.ndarray, w: np.ndarray, b: float, expected: np.ndarray):
    """The learner's labels for the batch; a Mistake that says so if it only works for one example."""
    try:
        return run(perceptron_predict, X.copy(), w.copy(), b)
    except Mistake as on_batch:
        if type(on_batch) is not Mistake:  # an unfinished stub says so as it is
            raise
        try:
            single = as_array(run(perceptron_predict, X[0].copy(), w.copy(), b), "the label of one example")
        except Mistake:
            raise on_batch from None
        if single.size != 1 or single.ravel()[0] != expected[0]:
            raise on_batch from None
        raise Mistake(
            f"Your function works for one example x of shape {X[0].shape}, but with a batch X of shape {X.shape}: "
            f"{on_batch.message}",
            "Write it for a whole batch: z = X @ w + b gives every weighted sum at once; threshold them without "
            "if/else, for example (z > 0).astype(int).",
        ) from None


def check_perceptron_predict(perceptron_predict) -> None:
    """Labels 0/1 of shape (n,) for a batch, with the bias added before the step, for any number of features."""
    for X, w, b in PREDICT_CASES:
        expected = _step(X @ w + b)
        what = f"perceptron_predict(X, w, b) with X of shape {X.shape}"
        got = _batch_or_single(perceptron_predict, X, w, b, expected)
        if got is not None and np.shape(got) != expected.shape:
            raise Mistake(
                f"{what} returned shape {np.shape(got)}; expected one label per example, shape {expected.shape}.",
                "Sum over the features only (axis 1) and return a 1-D array: X @ w + b has shape (n,).",
            )
        compare(as_array(got, what, expected.shape), expected, what, _predict_mistakes(X, w, b))


# (w, b, x, y, learning_rate): a correctly classified example of each class, and a misclassified one of each.
UPDATE_CASES = (
    (np.array([0.5, -1.5]), -0.25, np.array([3.0, 0.5]), 1, 0.5),
    (np.array([0.5, -1.5]), -0.25, np.array([1.0, 2.0]), 1, 0.5),
    (np.array([1.0, 0.5, -0.5]), 0.5, np.array([2.0, -1.0, 0.5]), 0, 0.25),
    (np.array([0.5, -1.5]), -0.25, np.array([1.0, 2.0]), 0, 0.5),
)


def _update_mistakes(w: np.ndarray, b: float, x: np.ndarray, y: int, learning_rate: float) -> list[tuple]:
    """What typical wrong updates return on one example, as [w..., b], with what to say about each."""
    z = w @ x + b
    error = y - float(z > 0)
    wrong = error != 0
    return [
        (
            np.append(w - learning_rate * error * x, b - learning_rate * error),
            "Your update moves the line the wrong way: its sign is flipped.",
            "The error is y − ŷ (target minus prediction): w + learning_rate · (y − ŷ) · x.",
        ),
        (
            np.append(w + learning_rate * error * x, b),
            "The weights are right, but the bias is not updated.",
            "The bias learns too, like a weight whose input is always 1: b + learning_rate · (y − ŷ).",
        ),
        (
            np.append(w + error * x, b + error),
            "Your update ignores the learning rate.",
            "Multiply the change of w and of b by learning_rate.",
        ),
        (
            np.append(w + learning_rate * y * wrong * x, b + learning_rate * y * wrong),
            "A misclassified example of class 0 does not change your line: with labels 0 and 1, y · x is 0 for it.",
            "Use the error y − ŷ as the factor: it is −1 for a class-0 example predicted as 1.",
        ),
        (
            np.append(w + learning_rate * y * x, b + learning_rate * y),
            "Your update changes the weights even when the prediction is right.",
            "Use the error y − ŷ, which is 0 when the prediction is right: then nothing changes.",
        ),
        (
            np.append(w + learning_rate * (y - z) * x, b + learning_rate * (y - z)),
            "Your error uses the weighted sum z instead of the predicted label ŷ = step(z).",
            "Predict first, ŷ = 1 if w · x + b > 0 else 0, then use y − ŷ.",
        ),
        (
            np.append(w + learning_rate * error, b + learning_rate * error),
            "Every weight changed by the same amount: the input x is missing from the weight update.",
            "Each weight moves in proportion to its input: w + learning_rate · (y − ŷ) · x.",
        ),
    ]


def _pair(result, what: str, n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """The learner's (new w, new b), or a Mistake that says what the result looks like instead."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        shape = f" of shape {np.shape(result)}" if isinstance(result, np.ndarray) else ""
        raise Mistake(
            f"{what} should return a pair (w, b), got {'None' if result is None else type(result).__name__ + shape}.",
            "End with `return w_new, b_new`.",
        )
    if np.ndim(result[0]) == 0 and np.shape(result[1]) == (n_features,):
        raise Mistake(f"{what} returned (b, w); the order is (w, b).", "End with `return w_new, b_new`.")
    w_new = as_array(result[0], "the new w", (n_features,))
    b_new = as_array(result[1], "the new b")
    if b_new.shape != ():
        raise Mistake(
            f"The new b should be one number, but it has shape {b_new.shape}.",
            "Predict one example as a number (1 if w · x + b > 0 else 0), so the bias stays a number.",
        )
    return w_new, b_new


def check_perceptron_update(perceptron_update) -> None:
    """One step of the perceptron rule, for either class, with the learning rate, leaving the caller's w alone."""
    for w, b, x, y, learning_rate in UPDATE_CASES:
        what = f"perceptron_update(w={w.tolist()}, b={b}, x={x.tolist()}, y={y}, learning_rate={learning_rate})"
        given = w.copy()
        w_new, b_new = _pair(run(perceptron_update, given, b, x.copy(), y, learning_rate), what, len(w))
        expected = np.append(w, b) + learning_rate * (y - float(w @ x + b > 0)) * np.append(x, 1.0)
        compare(np.append(w_new, b_new), expected, what, _update_mistakes(w, b, x, y, learning_rate))
        if not np.array_equal(given, w):
            raise Mistake(
                "Your update changed the caller's w in place (w += ...), so the old weights are lost.",
                "Return a new array: w_new = w + ..., not w += ...; weights saved earlier would change with it.",
            )


EXERCISES = [
    Exercise("02.perceptron_predict", "perceptron_predict", check_perceptron_predict),
    Exercise("02.perceptron_update", "perceptron_update", check_perceptron_update),
]
