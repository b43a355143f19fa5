"""Checks for notebook 04: a stable softmax, the cross-entropy and the Huber loss, each against Keras.

The expected values come from ``keras.activations`` and ``keras.losses`` (in float64), on random
inputs and on extreme ones: logits of ±1000, probabilities of exactly 0 and 1, residuals of 1000.
Keras is imported inside the checks only, so that notebooks without TensorFlow can import this module.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, compare, run
from dl101.nn import EPSILON, softmax

_RNG = np.random.default_rng(4)
LOGITS = 3 * _RNG.standard_normal((4, 5))  # not square, so that a wrong axis cannot hide
LABELS = np.array([2, 0, 1, 1, 3, 0])
PROBABILITIES = softmax(2 * _RNG.standard_normal((6, 4)))
RESIDUALS = np.array([-3.0, -1.6, -0.9, -0.2, 0.0, 0.4, 1.0, 1.5, 2.5])


def _keras_softmax(x: np.ndarray) -> np.ndarray:
    import keras

    return np.asarray(keras.activations.softmax(x, axis=-1))


def _keras_loss(name: str, y_true: np.ndarray, y_pred: np.ndarray, **options) -> float:
    """``keras.losses.<name>(**options)`` on a batch, in float64: the batch mean."""
    import keras

    return float(getattr(keras.losses, name)(dtype="float64", **options)(y_true, y_pred))


def _output(function: Callable, *args) -> object:
    """Run the learner's function; name the missing ``keepdims=True`` behind a broadcasting error."""
    try:
        return run(function, *args)
    except Mistake as mistake:
        if "broadcast" not in mistake.message:
            raise
        raise Mistake(
            mistake.message,
            "A reduction like x.max(axis=-1) drops the last axis: keep it with keepdims=True, so that "
            "an array of shape (n, k) is combined with one of shape (n, 1).",
        ) from None


def _is_not_finite(value: object) -> bool:
    """True when ``value`` is numbers with an inf or a NaN among them."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return not np.isfinite(array).all()


def _one_number(value: object, what: str, n_examples: int) -> np.ndarray:
    """The learner's loss as a float array of shape (); a loss per example is named as such."""
    got = as_array(value, what)
    if got.shape == (n_examples,):
        raise Mistake(
            f"{what} returned one loss per example (shape {got.shape}), not one number.",
            "Keras's loss classes return the mean over the batch: finish with np.mean(...).",
        )
    return as_array(got, what, shape=())


# Exercise: a numerically stable softmax over the last axis.


def check_softmax(learner_softmax) -> None:
    """Rows of probabilities as keras.activations.softmax gives them, for any logits, ±1000 included.

    Subtracting the maximum of the whole array instead of each row's is accepted: softmax does
    not change when every logit is shifted by the same constant, and each call here stays finite.
    """
    x = LOGITS.copy()
    what = "softmax(x) for x of shape (4, 5)"
    got = as_array(_output(learner_softmax, x), what, shape=LOGITS.shape)
    if not np.array_equal(x, LOGITS):
        raise Mistake(
            "Your softmax changed the caller's array x (an in-place operation such as x -= ...).",
            "Write the shifted logits to a new array: shifted = x - np.max(x, axis=-1, keepdims=True).",
        )
    e = np.exp(LOGITS - LOGITS.max(axis=-1, keepdims=True))
    compare(
        got,
        _keras_softmax(LOGITS),
        what,
        [
            (
                softmax(LOGITS, axis=0),
                "Your softmax normalises over axis 0, down the columns: each column sums to 1, not each row.",
                "The classes are on the last axis: reduce with axis=-1 and keepdims=True.",
            ),
            (
                np.exp(LOGITS) / np.exp(LOGITS).sum(),
                "Your softmax normalises over the whole array: all the values together sum to 1, not each row.",
                "Sum over the classes only: np.sum(e, axis=-1, keepdims=True).",
            ),
            (
                e,  # also what dividing by the largest exponential gives: it is exp(0) = 1 after the shift
                "Your result is not normalised by the sum: the rows do not sum to 1.",
                "Divide the exponentials by their sum over the classes, not by their maximum: "
                "e / np.sum(e, axis=-1, keepdims=True).",
            ),
            (
                LOGITS / LOGITS.sum(axis=-1, keepdims=True),
                "You forgot the exponential: softmax normalises exp(x), not x.",
                "Take np.exp of the (shifted) logits before normalising; only then are all values positive.",
            ),
            (
                (LOGITS - LOGITS.max(axis=-1, keepdims=True))
                / (LOGITS - LOGITS.max(axis=-1, keepdims=True)).sum(axis=-1, keepdims=True),
                "You forgot the exponential: softmax normalises exp(x − max), not x − max.",
                "Take np.exp of the shifted logits before normalising.",
            ),
        ],
    )
    _check_extreme_softmax(learner_softmax)


def _check_extreme_softmax(learner_softmax) -> None:
    """Logits of ±1000, where exp overflows or underflows, and a single vector of logits."""
    cases = [
        (np.array([[1000.0, 999.0, 0.0, -1000.0, 1000.0], [1000.0] * 5]), "x = 1000", "exp(1000) is inf, inf/inf NaN"),
        (np.array([[-1000.0, -1000.0, -999.0, -1000.0, -1001.0]]), "x = -1000", "exp(-1000) is 0, and 0/0 NaN"),
    ]
    for x, where, why in cases:
        values = _output(learner_softmax, x.copy())
        if _is_not_finite(values):
            raise Mistake(
                f"Your softmax returns NaN or inf for logits like {where}: in float64 {why}.",
                "Subtract each row's maximum before np.exp: softmax(x) = softmax(x − max), "
                "and then the largest exponential is exp(0) = 1.",
            )
        compare(
            as_array(values, f"softmax(x) for {where}", shape=x.shape), _keras_softmax(x), f"softmax(x) for {where}"
        )
    vector = np.array([1000.0, 0.0, -1000.0])
    try:
        values = run(learner_softmax, vector.copy())
    except Mistake as mistake:
        raise Mistake(
            f"Your softmax works on a batch but not on one vector of logits: {mistake.message}",
            "Reduce over axis=-1 (the last axis, whatever the number of dimensions), not axis=1.",
        ) from None
    compare(as_array(values, "softmax([1000, 0, -1000])", shape=(3,)), [1.0, 0.0, 0.0], "softmax([1000, 0, -1000])")


# Exercise: the cross-entropy of integer labels and probabilities, averaged over the batch.


def check_cross_entropy(cross_entropy) -> None:
    """keras.losses.SparseCategoricalCrossentropy() on probabilities: the batch mean of −log p[label]."""
    what = "cross_entropy(labels, p) for 6 examples of 4 classes"
    got = _one_number(_output(cross_entropy, LABELS.copy(), PROBABILITIES.copy()), what, len(LABELS))
    p_true = PROBABILITIES[np.arange(len(LABELS)), LABELS]
    expected = _keras_loss("SparseCategoricalCrossentropy", LABELS, PROBABILITIES)
    compare(
        got,
        expected,
        what,
        [
            (
                len(LABELS) * expected,
                "You summed the losses over the batch instead of averaging them.",
                "Keras's loss classes return the mean over the batch: np.mean, not np.sum.",
            ),
            (
                -expected,
                "Your loss is negative: the minus sign is missing.",
                "log p is negative for p < 1; the loss is −log p, so that it is positive and falls as p[label] rises.",
            ),
            (
                np.mean(-np.log(PROBABILITIES[:, LABELS])),
                "You took the log of the wrong entries: p[:, labels] is a whole column per label, not one "
                "probability per example.",
                "Pick each example's probability of its own class: p[np.arange(len(labels)), labels].",
            ),
            (
                np.mean(-np.log(PROBABILITIES.max(axis=1))),
                "You took the log of the most probable class, not of the true class.",
                "The loss uses the probability given to the label: p[np.arange(len(labels)), labels].",
            ),
            (
                np.mean(-np.log(PROBABILITIES)),
                "You averaged −log p over every class, not only the true class of each example.",
                "Only the probability of the label counts: p[np.arange(len(labels)), labels].",
            ),
            (
                np.mean(np.sum(-np.log(PROBABILITIES), axis=1)),
                "You summed −log p over every class, not only the true class of each example.",
                "Only the probability of the label counts: p[np.arange(len(labels)), labels].",
            ),
            (
                np.mean(-np.log10(p_true)),
                "You used the base-10 logarithm.",
                "The cross-entropy uses the natural logarithm, np.log, as Keras does.",
            ),
            (
                np.mean(-np.log(1 - p_true)),
                "You took log(1 − p) of the true class: that is the binary cross-entropy's term for label 0.",
                "For integer labels the loss is −log p[label].",
            ),
        ],
    )
    _check_extreme_cross_entropy(cross_entropy)


def _check_extreme_cross_entropy(cross_entropy) -> None:
    """Probabilities of exactly 0 and 1: Keras clips them to [1e-7, 1 − 1e-7], so the loss stays finite."""
    labels = np.array([0, 2, 2])
    p = np.eye(3)  # sure and right, sure and wrong (p[label] = 0), sure and right
    what = "cross_entropy([0, 2, 2], p) with probabilities of exactly 0 and 1"
    values = _output(cross_entropy, labels.copy(), p.copy())
    if _is_not_finite(values):
        raise Mistake(
            "Your cross-entropy is inf or NaN when the true class has probability exactly 0: log(0) = −inf.",
            f"Clip the probabilities first, as Keras does: np.clip(p, {EPSILON}, 1 - {EPSILON}).",
        )
    got = _one_number(values, what, len(labels))
    expected = _keras_loss("SparseCategoricalCrossentropy", labels, p)
    if not np.isclose(got, expected, rtol=1e-6):
        raise Mistake(
            f"{what} is {float(got):.6g}; Keras gives {expected:.6g}.",
            f"Clip to [{EPSILON}, 1 − {EPSILON}], Keras's epsilon: −log(1e-7) ≈ 16.1 is the largest loss "
            "one example can add.",
        )


# Exercise: the Huber (smooth L1) loss.


def _huber_variants(r: np.ndarray, delta: float) -> dict[str, float]:
    """What typical wrong Huber losses return for residuals r."""
    a = np.abs(r)
    linear = delta * (a - 0.5 * delta)
    return {
        "no half": np.mean(np.where(a <= delta, r**2, linear)),
        "no offset": np.mean(np.where(a <= delta, 0.5 * r**2, delta * a)),
        "signed": np.mean(np.where(r <= delta, 0.5 * r**2, linear)),
        "swapped": np.mean(np.where(a <= delta, linear, 0.5 * r**2)),
        "sum": np.sum(np.where(a <= delta, 0.5 * r**2, linear)),
        "mse": np.mean(r**2),
        "mae": np.mean(a),
    }


HUBER_MISTAKES = {
    "no half": (
        "The quadratic part lacks the factor ½: for small residuals you return r², not ½r².",
        "Use 0.5 * r**2 where |r| ≤ delta; with the ½ the two parts join smoothly at |r| = delta.",
    ),
    "no offset": (
        "The linear part lacks the −½δ²: you return δ·|r|, which jumps where the two parts meet.",
        "Use delta * (abs(r) - 0.5 * delta) where |r| > delta, so that both parts give ½δ² at |r| = delta.",
    ),
    "signed": (
        "You switch between the parts on r instead of |r|: large negative residuals stay quadratic.",
        "Compare the absolute residual with delta: np.abs(r) <= delta.",
    ),
    "swapped": (
        "The two parts are swapped: quadratic for large residuals, linear for small ones.",
        "Huber is quadratic near 0 (|r| ≤ delta) and linear beyond, which makes it robust to outliers.",
    ),
    "sum": (
        "You summed over the batch instead of averaging.",
        "Keras's loss classes return the mean over the batch: np.mean, not np.sum.",
    ),
    "mse": ("That is the mean squared error, not the Huber loss.", "Use ½r² only where |r| ≤ delta, linear beyond."),
    "mae": ("That is the mean absolute error, not the Huber loss.", "Use ½r² where |r| ≤ delta, linear beyond."),
}


def _huber_case(huber, y_true: np.ndarray, y_pred: np.ndarray, delta: float) -> None:
    what = f"huber(y_true, y_pred, delta={delta}) for residuals {np.round(np.ravel(y_pred - y_true), 2).tolist()}"
    got = _one_number(_output(huber, y_true.copy(), y_pred.copy(), delta), what, len(y_true))
    variants = _huber_variants(y_pred - y_true, delta)
    known = [(variants[name], *HUBER_MISTAKES[name]) for name in HUBER_MISTAKES]
    if delta != 1.0:
        known.insert(
            0,
            (
                _keras_loss("Huber", y_true, y_pred, delta=1.0),
                f"With delta={delta} you return the loss for delta=1: the delta argument is not used.",
                "Use delta in the condition and in the linear part instead of the number 1.",
            ),
        )
    compare(got, _keras_loss("Huber", y_true, y_pred, delta=delta), what, known)


def check_huber(huber) -> None:
    """keras.losses.Huber(delta): ½r² for |r| ≤ delta, delta·(|r| − ½delta) beyond, averaged over the batch."""
    y_true = np.linspace(10.0, 18.0, len(RESIDUALS))
    _huber_case(huber, y_true, y_true + RESIDUALS, 1.0)
    _huber_case(huber, y_true, y_true + RESIDUALS, 2.0)
    extreme_true = np.array([[0.0], [5.0], [-3.0], [1.0]])  # a column, as a Keras model predicts
    _huber_case(huber, extreme_true, extreme_true + np.array([[1000.0], [-1000.0], [0.0], [0.5]]), 1.0)


EXERCISES = [
    Exercise("04.softmax", "softmax", check_softmax),
    Exercise("04.cross_entropy", "cross_entropy", check_cross_entropy),
    Exercise("04.huber", "huber", check_huber),
]
