"""Checks for notebook 02: the perceptron's forward pass and its learning rule."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe

# (X, w, b): binary fractions, so that two weighted sums are exactly 0, where the step gives 0;
# a batch of four objects with three features; and a batch of one, as notebook 02 uses it.
PREDICT_CASES = (
    (
        np.array([[0.25, 0.125], [1.75, 1.25], [0.75, 0.5], [1.0, 0.25], [-0.125, 0.25], [0.5, 0.0], [2.25, 0.5]]),
        np.array([-2.0, 1.0]),
        1.0,
    ),
    (
        np.array([[1.0, 0.5, 2.0], [0.5, 1.5, -1.0], [-1.0, 2.0, 0.5], [2.0, 1.0, 1.0]]),
        np.array([0.5, -1.0, 1.5]),
        -0.5,
    ),
    (np.array([[0.75, 0.25]]), np.array([-2.0, 1.0]), 1.5),
)


def _step(z):
    return (z > 0).astype(int)


def _weighted_sums(X, w, b):
    return X @ w + b


def _without_bias(X, w, b):
    return (X @ w > 0).astype(int)


def _bias_subtracted(X, w, b):
    return (X @ w - b > 0).astype(int)


def _inverted(X, w, b):
    return (X @ w + b < 0).astype(int)


def _one_at_zero(X, w, b):
    return (X @ w + b >= 0).astype(int)


def _plus_minus_one(X, w, b):
    return np.sign(X @ w + b)


def _sigmoid(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def _two_features_only(X, w, b):
    return (X[:, 0] * w[0] + X[:, 1] * w[1] + b > 0).astype(int)


def _one_example_only(x, w, b):
    return 1 if np.dot(x, w) + b > 0 else 0


def _everything_summed(X, w, b):
    return int(np.sum(X * w) + b > 0)


def _column(X, w, b):
    return (X @ w[:, None] + b > 0).astype(int)


def _list_of_labels(X, w, b):
    return [int(x @ w + b > 0) for x in X]


WEIGHTED_SUMS = Known(
    "weighted sums",
    _weighted_sums,
    "You returned the weighted sums z = X @ w + b themselves, not labels.",
    "Apply the step to them: 1 where z > 0, else 0, for example (z > 0).astype(int).",
)
WITHOUT_BIAS = Known(
    "bias missing",
    _without_bias,
    "Your labels are those of X @ w without the bias: the bias is missing.",
    "Add b to every weighted sum before the step: z = X @ w + b.",
)
BIAS_SUBTRACTED = Known(
    "bias subtracted",
    _bias_subtracted,
    "Your labels are those of X @ w − b: the bias is subtracted.",
    "The weighted sum is z = X @ w + b.",
)
INVERTED = Known(
    "inverted",
    _inverted,
    "Your labels are inverted: 1 where z < 0 and 0 where z > 0.",
    "The step gives 1 where z > 0 and 0 elsewhere.",
)
ONE_AT_ZERO = Known(
    "one at zero",
    _one_at_zero,
    "Where the weighted sum is exactly 0, your step gives 1; the step of the notebook gives 0 there.",
    "Compare with a strict inequality: z > 0, not z >= 0.",
)
PLUS_MINUS_ONE = Known(
    "plus minus one",
    _plus_minus_one,
    "You returned labels −1 and +1 (the sign of z), but the classes here are 0 and 1.",
    "Use (z > 0).astype(int) rather than np.sign(z).",
)
SIGMOID = Known(
    "sigmoid",
    _sigmoid,
    "You returned sigmoid(z), a number between 0 and 1, not a label.",
    "The perceptron's activation is a hard step: (z > 0).astype(int).",
)
TWO_FEATURES_ONLY = Known(
    "two features only",
    _two_features_only,
    "Your function uses only the first two features.",
    "Write the weighted sum for any number of features: X @ w + b.",
)
ONE_EXAMPLE_ONLY = Known(
    "one example only",
    _one_example_only,
    "Your function works for one example x of shape {one}, but not for a batch X of shape {batch}: {error}",
    "Write it for a whole batch: z = X @ w + b gives every weighted sum at once; threshold them without "
    "if/else, for example (z > 0).astype(int).",
)
EVERYTHING_SUMMED = Known(
    "everything summed",
    _everything_summed,
    "For a batch of {n} examples your function returned one number: it sums over the examples too.",
    "Sum over the features only: X @ w + b has one weighted sum per example, shape (n,).",
)
COLUMN = Known(
    "column",
    _column,
    "Your labels come as a column of shape {shape}; the notebook expects one label per example, shape {expected}.",
    "Use w as it is, shape (d,): X @ w + b has shape (n,); w[:, None] makes a column.",
)
LIST_OF_LABELS = Known(
    "list",
    _list_of_labels,
    "Your labels are right, but they come as {what}; the exercise asks for an array.",
    "Compute them for the whole batch with NumPy, (X @ w + b > 0).astype(int), rather than a Python loop.",
)
PREDICT_MISTAKES = (
    WEIGHTED_SUMS,
    WITHOUT_BIAS,
    BIAS_SUBTRACTED,
    INVERTED,
    ONE_AT_ZERO,
    PLUS_MINUS_ONE,
    SIGMOID,
    TWO_FEATURES_ONLY,
    ONE_EXAMPLE_ONLY,
    EVERYTHING_SUMMED,
    COLUMN,
    LIST_OF_LABELS,
)


def _labels(perceptron_predict, X, w, b) -> np.ndarray:
    """The learner's labels for a batch; the catalogued mistake when they are not one array entry per example."""
    what = f"perceptron_predict(X, w, b) with X of shape {X.shape}"
    try:
        got = call(perceptron_predict, X, w, b, names=("X", "w"))
    except Mistake as on_batch:
        if type(on_batch) is not Mistake:  # an unfinished stub says so as it is
            raise
        try:
            single = call(perceptron_predict, X[0], w, b)
        except Mistake:
            raise on_batch from None
        if _same_labels(np.ravel(single), _step(X[:1] @ w + b)):
            raise ONE_EXAMPLE_ONLY(one=X[0].shape, batch=X.shape, error=on_batch.message) from None
        raise on_batch from None
    if got is None:
        raise Mistake(f"{what} returned None.", "Did you forget the `return` statement?")
    if np.ndim(got) == 0:
        if len(X) > 1:
            raise EVERYTHING_SUMMED(n=len(X))
        raise Mistake(
            f"For a batch of one example your function returned {describe(got)}, not an array of one label.",
            "Later cells take label [0] of a batch of one: return an array of shape (1,) for X of shape (1, d).",
        )
    if np.shape(got) == (len(X), 1):
        raise COLUMN(shape=np.shape(got), expected=(len(X),))
    labels = as_array(got, what, (len(X),))
    if not isinstance(got, np.ndarray):
        if _same_labels(labels, _step(X @ w + b)):
            raise LIST_OF_LABELS(what=describe(got))
        raise Mistake(f"{what} should return an array, but it returned {describe(got)}.")
    return labels


def _same_labels(got, expected) -> bool:
    """Whether labels agree exactly (0 and 1, as integers, floats or booleans)."""
    return np.shape(got) == np.shape(expected) and np.array_equal(np.asarray(got, dtype=float), expected)


def check_perceptron_predict(perceptron_predict) -> None:
    """An array of labels 0/1, shape (n,), for a batch (of one too): the step of X @ w + b, 0 where it is exactly 0."""
    for X, w, b in PREDICT_CASES:
        got = _labels(perceptron_predict, X, w, b)
        compare(
            got,
            _step(X @ w + b),
            f"perceptron_predict(X, w, b) with X of shape {X.shape}",
            PREDICT_MISTAKES,
            (X, w, b),
            hint="The label is 1 where X @ w + b > 0 and 0 elsewhere, exactly 0 included.",
        )


# (w, b, x, y, learning_rate): a correctly classified example of each class (class 0 first, where
# updating always and updating by ±x differ), a misclassified one of each, and one whose
# weighted sum is exactly 0 (predicted 0, so a class-1 example moves the line).
UPDATE_CASES = (
    (np.array([0.5, -1.5]), -0.25, np.array([1.0, 2.0]), np.int64(0), 0.5),
    (np.array([0.5, -1.5]), -0.25, np.array([3.0, 0.5]), 1, 0.5),
    (np.array([0.5, -1.5]), -0.25, np.array([1.0, 2.0]), 1, 0.5),
    (np.array([1.0, 0.5, -0.5]), 0.5, np.array([2.0, -1.0, 0.5]), 0, 0.25),
    (np.array([0.5, 0.25]), -1.0, np.array([1.5, 1.0]), np.int64(1), 0.125),
)


def _prediction(w, x, b):
    return 1 if np.dot(w, x) + b > 0 else 0


def _wrong_sign(w, b, x, y, learning_rate=0.1):
    error = _prediction(w, x, b) - y
    return w + learning_rate * error * x, b + learning_rate * error


def _bias_not_updated(w, b, x, y, learning_rate=0.1):
    return w + learning_rate * (y - _prediction(w, x, b)) * x, b


def _ignoring_learning_rate(w, b, x, y, learning_rate=0.1):
    error = y - _prediction(w, x, b)
    return w + error * x, b + error


def _always(w, b, x, y, learning_rate=0.1):
    return w + learning_rate * y * x, b + learning_rate * y


def _always_plus_minus(w, b, x, y, learning_rate=0.1):
    sign = 2 * y - 1
    return w + learning_rate * sign * x, b + learning_rate * sign


def _class_zero_ignored(w, b, x, y, learning_rate=0.1):
    if _prediction(w, x, b) != y:
        return w + learning_rate * y * x, b + learning_rate * y
    return w, b


def _in_place(w, b, x, y, learning_rate=0.1):
    error = y - _prediction(w, x, b)
    w += learning_rate * error * x
    return w, b + learning_rate * error


def _with_weighted_sum(w, b, x, y, learning_rate=0.1):
    error = y - (np.dot(w, x) + b)
    return w + learning_rate * error * x, b + learning_rate * error


def _x_forgotten(w, b, x, y, learning_rate=0.1):
    error = y - _prediction(w, x, b)
    return w + learning_rate * error, b + learning_rate * error


def _one_at_zero_update(w, b, x, y, learning_rate=0.1):
    error = y - (1 if np.dot(w, x) + b >= 0 else 0)
    return w + learning_rate * error * x, b + learning_rate * error


def _b_first(w, b, x, y, learning_rate=0.1):
    error = y - _prediction(w, x, b)
    return b + learning_rate * error, w + learning_rate * error * x


def _only_w(w, b, x, y, learning_rate=0.1):
    return w + learning_rate * (y - _prediction(w, x, b)) * x


def _batch_prediction(w, b, x, y, learning_rate=0.1):
    error = y - (np.atleast_2d(x) @ w + b > 0).astype(int)  # shape (1,): the bias becomes an array
    return w + learning_rate * error * x, b + learning_rate * error


WRONG_SIGN = Known(
    "sign flipped",
    _wrong_sign,
    "Your update moves the line the wrong way: its sign is flipped.",
    "The error is y − ŷ (target minus prediction): w + learning_rate · (y − ŷ) · x.",
)
BIAS_NOT_UPDATED = Known(
    "bias not updated",
    _bias_not_updated,
    "The weights are right, but the bias is not updated.",
    "The bias learns too, like a weight whose input is always 1: b + learning_rate · (y − ŷ).",
)
IGNORING_LEARNING_RATE = Known(
    "learning rate ignored",
    _ignoring_learning_rate,
    "Your update ignores the learning rate.",
    "Multiply the change of w and of b by learning_rate.",
)
ALWAYS = Known(
    "always",
    _always,
    "Your update changes the weights even when the prediction is right.",
    "Use the error y − ŷ, which is 0 when the prediction is right: then nothing changes.",
)
ALWAYS_PLUS_MINUS = Known(
    "always plus minus",
    _always_plus_minus,
    "Your update moves the line by ±learning_rate · x for every example, even when the prediction is right.",
    "Use the error y − ŷ, which is 0 when the prediction is right: then nothing changes.",
)
CLASS_ZERO_IGNORED = Known(
    "class zero ignored",
    _class_zero_ignored,
    "A misclassified example of class 0 does not change your line: with labels 0 and 1, y · x is 0 for it.",
    "Use the error y − ŷ as the factor: it is −1 for a class-0 example predicted as 1.",
)
IN_PLACE = Known(
    "in place",
    _in_place,
    "Your update changed the caller's {name} in place, so its old values are lost.",
    "Return new values: w_new = w + ..., not w += ...; the weights saved after each epoch would change with it.",
)
WITH_WEIGHTED_SUM = Known(
    "weighted sum as prediction",
    _with_weighted_sum,
    "Your error uses the weighted sum z instead of the predicted label ŷ = step(z).",
    "Predict first, ŷ = 1 if w · x + b > 0 else 0, then use y − ŷ.",
)
X_FORGOTTEN = Known(
    "x forgotten",
    _x_forgotten,
    "Every weight changed by the same amount: the input x is missing from the weight update.",
    "Each weight moves in proportion to its input: w + learning_rate · (y − ŷ) · x.",
)
ONE_AT_ZERO_UPDATE = Known(
    "one at zero",
    _one_at_zero_update,
    "Where w · x + b is exactly 0, your prediction is 1; the step of the notebook gives 0 there.",
    "Predict with a strict inequality: ŷ = 1 if w · x + b > 0 else 0.",
)
B_FIRST = Known(
    "b first",
    _b_first,
    "Your function returned (b, w); the order is (w, b).",
    "End with `return w_new, b_new`.",
)
ONLY_W = Known(
    "only w",
    _only_w,
    "Your function returned only the new weights, an array of shape {shape}; the bias is missing.",
    "Return both as a pair: `return w_new, b_new`.",
)
BATCH_PREDICTION = Known(
    "bias as an array",
    _batch_prediction,
    "The new b should be one number, but it is an array of shape {shape}.",
    "Predict one example as a number (1 if w · x + b > 0 else 0), so the bias stays a number.",
)
UPDATE_MISTAKES = (
    WRONG_SIGN,
    BIAS_NOT_UPDATED,
    IGNORING_LEARNING_RATE,
    CLASS_ZERO_IGNORED,  # before ALWAYS: on a misclassified class-0 example both leave the line alone
    ALWAYS,
    ALWAYS_PLUS_MINUS,
    IN_PLACE,
    WITH_WEIGHTED_SUM,
    X_FORGOTTEN,
    ONE_AT_ZERO_UPDATE,
    B_FIRST,
    ONLY_W,
    BATCH_PREDICTION,
)


def _new_weights_and_bias(result, n_features: int, what: str) -> np.ndarray:
    """The learner's (w_new, b_new) joined into one array [w..., b]; the catalogued mistake when not a pair."""
    if isinstance(result, np.ndarray) and result.shape == (n_features,):
        raise ONLY_W(shape=result.shape)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mistake(
            f"{what} should return a pair (w_new, b_new), but it returned {describe(result)}.",
            "End with `return w_new, b_new`.",
        )
    w_new, b_new = result
    if np.ndim(w_new) == 0 and np.shape(b_new) == (n_features,):
        raise B_FIRST()
    if not isinstance(w_new, np.ndarray):
        raise Mistake(
            f"The new w should be an array, but it is {describe(w_new)}.",
            "Compute it from the array w: w_new = w + ...",
        )
    if np.ndim(b_new) != 0:
        raise BATCH_PREDICTION(shape=np.shape(b_new))
    return np.append(as_array(w_new, "the new w", (n_features,)), as_array(b_new, "the new b"))


def check_perceptron_update(perceptron_update) -> None:
    """One step of the perceptron rule for either class, 0 predicted at exactly 0, leaving the caller's arrays alone."""
    for w, b, x, y, learning_rate in UPDATE_CASES:
        what = f"perceptron_update(w={w.tolist()}, b={b}, x={x.tolist()}, y={y}, learning_rate={learning_rate})"
        inputs = (w, b, x, y, learning_rate)
        result = call(perceptron_update, *inputs, in_place=IN_PLACE, names=("w", "b", "x"))
        got = _new_weights_and_bias(result, len(w), what)
        expected = np.append(w, b) + learning_rate * (y - float(w @ x + b > 0)) * np.append(x, 1.0)
        compare(
            got,
            expected,
            what,
            UPDATE_MISTAKES,
            inputs,
            project=lambda pair: np.append(*pair),
            hint="The rule: ŷ = 1 if w · x + b > 0 else 0, then w + η (y − ŷ) x and b + η (y − ŷ).",
        )


EXERCISES = [
    Exercise("02.perceptron_predict", "perceptron_predict", check_perceptron_predict, mistakes=PREDICT_MISTAKES),
    Exercise("02.perceptron_update", "perceptron_update", check_perceptron_update, mistakes=UPDATE_MISTAKES),
]
