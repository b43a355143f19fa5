"""Checks for notebook 04: a stable softmax, the cross-entropy and the Huber loss.

The cases hold moderate inputs and extreme ones: logits of ±1000 and rows 2000 apart, probabilities
of exactly 0 and 1, residuals exactly ±delta and of 1000; a wrong answer that gives NaN or inf there
is named like any other.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known
from dl101.nn import EPSILON, huber, softmax


def _normalised(e):
    return e / np.sum(e, axis=-1, keepdims=True)


def _shifted(x):
    return x - np.max(x, axis=-1, keepdims=True)


def _softmax_over(x, axis):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _clipped(p):
    return np.clip(p, EPSILON, 1 - EPSILON)


def _p_true(labels, p):
    """Each example's probability of its own class, clipped to [1e-7, 1 − 1e-7]."""
    return _clipped(p)[np.arange(len(labels)), labels]


def _piecewise(small, large, residual=np.abs):
    """A loss averaged over the values: small(r, delta) where residual(r) ≤ delta, large(|r|, delta) beyond."""
    return lambda y_true, y_pred, delta=1.0: np.mean(
        np.where(
            residual(y_pred - y_true) <= delta, small(y_pred - y_true, delta), large(np.abs(y_pred - y_true), delta)
        )
    )


def _half_square(r, delta):
    return 0.5 * r**2


def _linear(r, delta):
    return delta * (np.abs(r) - 0.5 * delta)


# A square batch first, where a missing keepdims gives wrong rows rather than an error; logits near 1000
# (overflow); rows 2000 and 1300 apart (one maximum for the batch underflows); a batch of one; vectors.
SOFTMAX_CASES = tuple(
    Case(f"softmax(x) for {what}", (x,))
    for x, what in (
        (np.array([[1.5, -0.5, 2.0], [0.0, 3.0, -1.0], [-2.0, 0.5, 1.0]]), "a batch of 3 rows of 3 logits"),
        (np.array([[1000.0, 999.0, 997.0], [998.0, 999.5, 996.0]]), "logits near 1000"),
        (np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]]), "rows 2000 apart"),
        (np.array([[500.0, 501.0, 499.0, 500.5], [-800.0, -799.0, -801.0, -800.0]]), "rows 1300 apart"),
        (np.array([[0.5, -1.0, 2.0, 0.0]]), "a batch of one, shape (1, 4)"),
        (np.array([1000.0, 0.0, -1000.0]), "one vector, [1000, 0, -1000]"),
        (np.array([0.5, 2.0, -1.0, 0.0]), "one vector, [0.5, 2, -1, 0]"),
    )
)
SHIFT = "Subtract each row's own maximum before np.exp: x - np.max(x, axis=-1, keepdims=True)."
LAST_AXIS = "The classes are on the last axis: reduce with axis=-1 and keepdims=True."
# fmt: off
SOFTMAX_MISTAKES = (
    Known("naive", "Your softmax gives NaN for logits near 1000: exp(1000) overflows to inf, and inf / inf is NaN.",
          SHIFT + " Then the largest exponential is exp(0) = 1 and nothing overflows.",
          lambda x: _normalised(np.exp(x))),
    Known("global maximum", "Your softmax subtracts one maximum for the whole batch: every exponential of a row far "
          "below another underflows to 0, and 0 / 0 is NaN.", SHIFT, lambda x: _normalised(np.exp(x - np.max(x)))),
    Known("axis 0", "Your softmax normalises over axis 0, down the columns: each column sums to 1, not each row.",
          LAST_AXIS, lambda x: _softmax_over(x, 0)),
    Known("not normalised", "Your rows do not sum to 1: you return exp(x − max) without dividing by its sum.",
          "Divide the exponentials by their sum over the classes: e / np.sum(e, axis=-1, keepdims=True).",
          lambda x: np.exp(_shifted(x))),
    Known("no exponential", "You forgot the exponential: softmax normalises exp(x − max), not x or x − max.",
          "Take np.exp of the shifted logits before normalising; only then are all values positive.",
          lambda x: _normalised(_shifted(x))),
    Known("no keepdims", "For a square batch your softmax gives wrong rows: np.max(x, axis=-1) without keepdims has "
          "shape (n,), which is subtracted along the columns, not the rows.",
          "Keep the reduced axis, np.max(x, axis=-1, keepdims=True), of shape (n, 1): it combines row by row.",
          lambda x: np.exp(x - np.max(x, axis=-1)) / np.sum(np.exp(x - np.max(x, axis=-1)), axis=-1)),
    Known("batch only", "Your softmax works on a batch of shape (n, K) but not on one vector of shape (K,): {error}",
          "Reduce over axis=-1, the last axis whatever the number of dimensions; axis=1 exists only for a batch.",
          lambda x: _softmax_over(x, 1)),
)

# A square batch first (labels taken as one-hot rows broadcast, not fail), labels not all the most probable
# class and not a permutation; float32 probabilities as a Keras model gives them; probabilities of exactly
# 0 and 1 (sure and right, sure and wrong); batches of one and two, sure and right, where the clip to 1 − 1e-7 gives a
# loss of 1e-7 (atol=3e-8 accepts it computed in float32, 1.2e-7). These two have two classes: Keras renormalises the
# clipped probabilities, which with three classes makes its own loss of a sure and right example 2e-7 (2.4e-7 in
# float32), but with two leaves them summing to 1, so keras.losses.SparseCategoricalCrossentropy() passes too.
CROSS_ENTROPY_CASES = tuple(
    Case(f"cross_entropy(labels, p) for {what}", (np.array(labels), np.asarray(p)))
    for labels, p, what in (
        ([2, 0, 2], [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1], [0.1, 0.7, 0.2]], "3 examples of 3 classes"),
        ([2, 0, 1, 1, 3, 0], softmax(2 * np.random.default_rng(4).standard_normal((6, 4))).astype(np.float32),
         "6 examples of 4 classes, float32 probabilities"),
        ([0, 2, 2], np.eye(3), "probabilities of exactly 0 and 1"),
        ([1], [[0.0, 1.0]], "one example, p[label] = 1"),
        ([1, 0], [[0.0, 1.0], [1.0, 0.0]], "two examples, both p[label] = 1"),
    )
)
PICK = "Pick each example's probability of its own class: p[np.arange(len(labels)), labels]."
CLIP = f"Clip the probabilities to [1e-7, 1 − 1e-7], as Keras does: np.clip(p, {EPSILON}, 1 - {EPSILON})."
CROSS_ENTROPY_MISTAKES = (
    Known("sum", "You summed the losses over the batch instead of averaging them.",
          "The text asks for the mean over the batch, as Keras's loss classes return: np.mean, not np.sum.",
          lambda labels, p: np.sum(-np.log(_p_true(labels, p)))),
    Known("epsilon added", "Where p[label] = 1 exactly your loss is negative: you added 1e-7 to p instead of clipping "
          "it.", CLIP, lambda labels, p: np.mean(-np.log(p[np.arange(len(labels)), labels] + EPSILON))),
    Known("no minus", "Your loss is negative: the minus sign is missing.",
          "log p is negative for p < 1; the loss is −log p, so that it is positive and falls as p[label] rises.",
          lambda labels, p: np.mean(np.log(_p_true(labels, p)))),
    Known("columns", "You took the log of p[:, labels], a whole column per label, not one probability per example.",
          PICK, lambda labels, p: np.mean(-np.log(_clipped(p)[:, labels]))),
    Known("log10", "You used the base-10 logarithm.",
          "The cross-entropy uses the natural logarithm, np.log, as Keras does.",
          lambda labels, p: np.mean(-np.log10(_p_true(labels, p)))),
    Known("log(1 - p)", "You took log(1 − p) of the true class: that is the binary cross-entropy's term for label 0.",
          "For integer labels the loss is −log p[label].", lambda labels, p: np.mean(-np.log(1 - _p_true(labels, p)))),
    Known("one-hot labels", "Your loss multiplies labels * log p as if the labels were one-hot rows, but they are "
          "class indices.", PICK + " Or make one-hot rows first: np.eye(p.shape[1])[labels].",
          lambda labels, p: np.mean(-np.sum(labels * np.log(_clipped(p)), axis=1))),
    Known("lower clip only", "Where p[label] = 1 exactly your loss is 0: you clip the probabilities from below only.",
          CLIP, lambda labels, p: np.mean(-np.log(np.maximum(p, EPSILON)[np.arange(len(labels)), labels]))),
    Known("no clipping", "Your cross-entropy is inf when the true class has probability exactly 0: log(0) = −inf.",
          CLIP, lambda labels, p: np.mean(-np.log(p[np.arange(len(labels)), labels]))),
)

_Y = np.linspace(10.0, 18.0, 9)
# Residuals on both sides of ±delta and exactly ±delta, with the default delta, then delta=2 and 0.5;
# a column with one large outlier, like the catastrophic redshift of notebook 04.
HUBER_CASES = tuple(
    Case(f"huber(y_true, y_pred{f', delta={delta}' if delta else ''}) for residuals "
         f"{np.round(np.ravel(y_pred - y_true), 2).tolist()}", (y_true, y_pred), {"delta": delta} if delta else {})
    for y_true, y_pred, delta in (
        (_Y, _Y + np.array([-3.0, -1.6, -1.0, -0.2, 0.0, 0.4, 1.0, 1.5, 2.5]), None),
        (_Y[:6], _Y[:6] + np.array([-4.0, -2.0, -0.5, 0.3, 2.0, 3.5]), 2.0),
        (_Y[:5], _Y[:5] + np.array([-1.5, -0.5, 0.25, 0.5, 0.75]), 0.5),
        (np.array([[0.0], [5.0], [-3.0], [1.0]]), np.array([[1000.0], [4.0], [-3.0], [1.5]]), None),
    )
)
HUBER_MISTAKES = (
    Known("no half", "The quadratic part lacks the factor ½: for small residuals you return r², not ½r².",
          "Use 0.5 * r**2 where |r| ≤ delta; with the ½ the two parts join smoothly at |r| = delta.",
          _piecewise(lambda r, delta: r**2, _linear)),
    Known("no offset", "The linear part lacks the −½δ²: you return δ·|r|, which jumps where the two parts meet.",
          "Use delta * (abs(r) - 0.5 * delta) where |r| > delta, so that both parts give ½δ² at |r| = delta.",
          _piecewise(_half_square, lambda r, delta: delta * r)),
    Known("signed", "You switch between the parts on r instead of |r|: large negative residuals stay quadratic.",
          "Compare the absolute residual with delta: np.abs(r) <= delta.",
          _piecewise(_half_square, _linear, residual=lambda r: r)),
    Known("swapped", "The two parts are swapped: linear for small residuals, quadratic for large ones.",
          "Huber is quadratic near 0 (|r| ≤ delta) and linear beyond, which makes it robust to outliers.",
          _piecewise(_linear, _half_square)),
    Known("sum", "You summed over the batch instead of averaging.",
          "The text asks for the mean over all the values, as keras.losses.Huber returns: np.mean, not np.sum.",
          lambda y_true, y_pred, delta=1.0: np.size(y_true) * huber(y_true, y_pred, delta)),
    Known("mse", "That is the mean squared error, not the Huber loss.",
          "Use ½r² only where |r| ≤ delta, linear beyond.",
          lambda y_true, y_pred, delta=1.0: np.mean((y_pred - y_true) ** 2)),
    Known("delta ignored", "Your loss is the one for delta=1 whatever delta is: the delta argument is not used.",
          "Use delta in the condition and in the linear part instead of the number 1.",
          lambda y_true, y_pred, delta=1.0: huber(y_true, y_pred)),
)

EXERCISES = [
    Exercise("04.softmax", "softmax", SOFTMAX_CASES, SOFTMAX_MISTAKES, names=("x",),
             hint="softmax(x) = exp(x − max) / sum(exp(x − max)), max and sum over the last axis: "
                  "axis=-1, keepdims=True."),
    Exercise("04.cross_entropy", "cross_entropy", CROSS_ENTROPY_CASES, CROSS_ENTROPY_MISTAKES, names=("labels", "p"),
             hint="The mean over the batch of −log p[label], with p clipped to [1e-7, 1 − 1e-7] first.",
             tolerance=(1e-6, 3e-8)),
    Exercise("04.huber", "huber", HUBER_CASES, HUBER_MISTAKES, names=("y_true", "y_pred"),
             hint="½r² where |r| ≤ delta, delta·(|r| − ½delta) beyond, with r = y_pred − y_true, then np.mean."),
]
# fmt: on
