"""Checks for notebook 04: a stable softmax, the cross-entropy and the Huber loss.

The expected values are the exercise text's formulas, which the notebook then compares with Keras,
on moderate inputs and on extreme ones: logits of ±1000 and rows 2000 apart, probabilities of
exactly 0 and 1, residuals exactly ±delta and of 1000. A wrong answer that gives NaN or inf is
named too: the comparison counts NaN and inf as values (:func:`_judge`).
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe
from dl101.nn import EPSILON, softmax


def _flagged(values) -> np.ndarray:
    """Numbers with NaN, inf and −inf as three distinct finite markers, so that compare can match them."""
    return np.nan_to_num(np.asarray(values, dtype=float), nan=1e299, posinf=1e300, neginf=-1e300)


def _judge(got, expected, what: str, mistakes, inputs, hint: str, *, array: bool = False, **tolerance) -> None:
    """compare ``got`` with ``expected``, naming the catalogued mistake even where it gives NaN or inf;
    an unnamed one is told its type, shape, NaN or inf (as_array), else its first differing value."""
    if got is None or isinstance(got, str) or (array and not isinstance(got, np.ndarray)):
        as_array(got, what, array=array)
    try:
        numbers = _flagged(got)
    except (TypeError, ValueError):
        raise Mistake(f"{what} should be numbers, but it is {describe(got)}.") from None
    try:
        compare(numbers, expected, what, mistakes, inputs, project=_flagged, hint=hint, **tolerance)
    except Mistake as mistake:
        if mistake.known is None and np.ndim(expected) == 0 and np.ndim(got) != 0:
            raise Mistake(
                f"{what} should be one number, but it is {describe(got)}.",
                "Return the mean itself, np.mean(...): later cells format it as one number.",
            ) from None
        if mistake.known is None:
            as_array(got, what, np.shape(expected))
        raise


# Exercise 1: a numerically stable softmax over the last axis.


def _row_max(x):
    return np.max(x, axis=-1, keepdims=True)


def _normalised(e):
    return e / np.sum(e, axis=-1, keepdims=True)


def _axis_1(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def _softmax_in_place(x):
    x -= _row_max(x)
    return _normalised(np.exp(x))


SHIFT_HINT = "Subtract each row's own maximum before np.exp: x - np.max(x, axis=-1, keepdims=True)."
NAIVE = Known(
    "naive",
    lambda x: _normalised(np.exp(x)),
    "Your softmax gives NaN for logits near 1000: exp(1000) overflows to inf, and inf / inf is NaN.",
    SHIFT_HINT + " Then the largest exponential is exp(0) = 1 and nothing overflows.",
)
GLOBAL_MAX = Known(
    "global maximum",
    lambda x: _normalised(np.exp(x - np.max(x))),
    "Your softmax subtracts one maximum for the whole batch. It is right for one row, but in a batch whose "
    "rows are 2000 apart, every exponential of the lower row underflows to 0, and 0 / 0 is NaN.",
    SHIFT_HINT + " Each row then has a largest exponential exp(0) = 1.",
)
AXIS_0 = Known(
    "axis 0",
    lambda x: softmax(x, axis=0),
    "Your softmax normalises over axis 0, down the columns: each column sums to 1, not each row.",
    "The classes are on the last axis: reduce with axis=-1 and keepdims=True.",
)
WHOLE_ARRAY = Known(
    "whole array",
    lambda x: np.exp(x - np.max(x)) / np.sum(np.exp(x - np.max(x))),
    "Your softmax normalises over the whole array: all the values together sum to 1, not each row.",
    "Sum over the classes only: np.sum(e, axis=-1, keepdims=True).",
)
NOT_NORMALISED = Known(
    "not normalised",
    lambda x: np.exp(x - _row_max(x)),
    "Your rows do not sum to 1: you return exp(x − max) without dividing by its sum (dividing by the "
    "largest exponential changes nothing, as it is exp(0) = 1).",
    "Divide the exponentials by their sum over the classes: e / np.sum(e, axis=-1, keepdims=True).",
)
NO_EXP = Known(
    "no exponential",
    _normalised,
    "You forgot the exponential: softmax normalises exp(x), not x.",
    "Take np.exp of the shifted logits before normalising; only then are all values positive.",
)
SHIFTED_NO_EXP = Known(
    "shifted, no exponential",
    lambda x: _normalised(x - _row_max(x)),
    "You forgot the exponential: softmax normalises exp(x − max), not x − max.",
    "Take np.exp of the shifted logits before normalising.",
)
NO_KEEPDIMS = Known(
    "no keepdims",
    lambda x: np.exp(x - np.max(x, axis=-1)) / np.sum(np.exp(x - np.max(x, axis=-1)), axis=-1),
    "For a square batch your softmax gives wrong rows: np.max(x, axis=-1) without keepdims has shape (n,), "
    "which is subtracted along the columns, not the rows.",
    "Keep the reduced axis, np.max(x, axis=-1, keepdims=True), of shape (n, 1): it combines row by row.",
)
BATCH_ONLY = Known(
    "batch only",
    _axis_1,
    "Your softmax works on a batch of shape (n, K) but not on one vector of shape (K,): {error}",
    "Reduce over axis=-1, the last axis whatever the number of dimensions; axis=1 exists only for a batch.",
)
SOFTMAX_IN_PLACE = Known(
    "in place",
    _softmax_in_place,
    "Your softmax changed the caller's logits {name} in place (x -= ...).",
    "Write the shifted logits to a new array: shifted = x - np.max(x, axis=-1, keepdims=True).",
)
SOFTMAX_MISTAKES = (
    NAIVE,
    GLOBAL_MAX,
    AXIS_0,
    WHOLE_ARRAY,
    NOT_NORMALISED,
    NO_EXP,
    SHIFTED_NO_EXP,
    NO_KEEPDIMS,
    BATCH_ONLY,
    SOFTMAX_IN_PLACE,
)

# (logits, what they are): a square batch first, where a missing keepdims gives wrong rows rather than
# an error; logits near 1000 (overflow); the notebook's rows 2000 apart (one global maximum underflows);
# a batch of one.
SOFTMAX_CASES = (
    (np.array([[1.5, -0.5, 2.0], [0.0, 3.0, -1.0], [-2.0, 0.5, 1.0]]), "a batch of 3 rows of 3 logits"),
    (np.array([[1000.0, 999.0, 997.0], [998.0, 999.5, 996.0]]), "logits near 1000"),
    (np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]]), "rows 2000 apart"),
    (np.array([[0.5, -1.0, 2.0, 0.0]]), "a batch of one, shape (1, 4)"),
)
VECTOR = np.array([1000.0, 0.0, -1000.0])
SOFTMAX_HINT = "softmax(x) = exp(x − max) / sum(exp(x − max)), max and sum over the last axis: axis=-1, keepdims=True."


def check_softmax(learner_softmax) -> None:
    """An array of each row's probabilities, for a batch (of one too) and one vector, finite for any logits
    (overflow, and rows far apart), leaving the caller's logits unchanged."""
    for x, description in SOFTMAX_CASES:
        got = call(learner_softmax, x, in_place=SOFTMAX_IN_PLACE, names=("x",))
        _judge(got, softmax(x), f"softmax(x) for {description}", SOFTMAX_MISTAKES, (x,), SOFTMAX_HINT, array=True)
    try:
        got = call(learner_softmax, VECTOR, in_place=SOFTMAX_IN_PLACE, names=("x",))
    except Mistake as mistake:
        if type(mistake) is not Mistake or mistake.known is not None:
            raise
        raise BATCH_ONLY(error=mistake.message) from None
    _judge(got, softmax(VECTOR), "softmax([1000, 0, -1000])", SOFTMAX_MISTAKES, (VECTOR,), SOFTMAX_HINT, array=True)


# Exercise 2: the cross-entropy of integer labels and probabilities, averaged over the batch.


def _p_true(labels, p, low=EPSILON, high=1 - EPSILON):
    """Each example's probability of its own class, clipped to [low, high]."""
    return np.clip(p, low, high)[np.arange(len(labels)), labels]


def _one_hot_without_clipping(labels, p):
    return np.mean(-np.sum(np.eye(p.shape[1])[labels] * np.log(p), axis=1))


def _clipped_in_place(labels, p):
    np.clip(p, EPSILON, 1 - EPSILON, out=p)
    return np.mean(-np.log(p[np.arange(len(labels)), labels]))


PICK_HINT = "Pick each example's probability of its own class: p[np.arange(len(labels)), labels]."
SUM = Known(
    "sum",
    lambda labels, p: np.sum(-np.log(_p_true(labels, p))),
    "You summed the losses over the batch instead of averaging them.",
    "The text asks for the mean over the batch, as Keras's loss classes return: np.mean, not np.sum.",
)
EPSILON_ADDED = Known(
    "epsilon added",
    lambda labels, p: np.mean(-np.log(p[np.arange(len(labels)), labels] + EPSILON)),
    "Where p[label] = 1 exactly your loss is negative: you added 1e-7 to p instead of clipping it.",
    f"Clip the probabilities to [1e-7, 1 − 1e-7] as the text says: np.clip(p, {EPSILON}, 1 - {EPSILON}).",
)
NO_MINUS = Known(
    "no minus",
    lambda labels, p: np.mean(np.log(_p_true(labels, p))),
    "Your loss is negative: the minus sign is missing.",
    "log p is negative for p < 1; the loss is −log p, so that it is positive and falls as p[label] rises.",
)
COLUMNS = Known(
    "columns",
    lambda labels, p: np.mean(-np.log(np.clip(p, EPSILON, 1 - EPSILON)[:, labels])),
    "You took the log of the wrong entries: p[:, labels] is a whole column per label, not one probability per example.",
    PICK_HINT,
)
MOST_PROBABLE = Known(
    "most probable",
    lambda labels, p: np.mean(-np.log(np.clip(np.max(p, axis=1), EPSILON, 1 - EPSILON))),
    "You took the log of the most probable class, not of the true class.",
    "The loss uses the probability given to the label. " + PICK_HINT,
)
MEAN_OVER_CLASSES = Known(
    "mean over classes",
    lambda labels, p: np.mean(-np.log(np.clip(p, EPSILON, 1 - EPSILON))),
    "You averaged −log p over every class, not only the true class of each example.",
    "Only the probability of the label counts. " + PICK_HINT,
)
SUM_OVER_CLASSES = Known(
    "sum over classes",
    lambda labels, p: np.mean(np.sum(-np.log(np.clip(p, EPSILON, 1 - EPSILON)), axis=1)),
    "You summed −log p over every class, not only the true class of each example.",
    "Only the probability of the label counts. " + PICK_HINT,
)
LOG10 = Known(
    "log10",
    lambda labels, p: np.mean(-np.log10(_p_true(labels, p))),
    "You used the base-10 logarithm.",
    "The cross-entropy uses the natural logarithm, np.log, as Keras does.",
)
ONE_MINUS_P = Known(
    "log(1 - p)",
    lambda labels, p: np.mean(-np.log(1 - _p_true(labels, p))),
    "You took log(1 − p) of the true class: that is the binary cross-entropy's term for label 0.",
    "For integer labels the loss is −log p[label].",
)
ONE_HOT_LABELS = Known(
    "one-hot labels",
    lambda labels, p: np.mean(-np.sum(labels * np.log(np.clip(p, EPSILON, 1 - EPSILON)), axis=1)),
    "Your loss multiplies labels * log p as if the labels were one-hot rows, but they are integer class "
    "indices of shape (n,).",
    PICK_HINT + " Or make one-hot rows first: np.eye(p.shape[1])[labels].",
)
NO_CLIPPING = Known(
    "no clipping",
    lambda labels, p: np.mean(-np.log(p[np.arange(len(labels)), labels])),
    "Your cross-entropy is inf when the true class has probability exactly 0: log(0) = −inf.",
    f"Clip the probabilities first, as the text says: np.clip(p, {EPSILON}, 1 - {EPSILON}).",
)
ONE_HOT_WITHOUT_CLIPPING = Known(
    "one-hot without clipping",
    _one_hot_without_clipping,
    "Your cross-entropy is NaN when some probability is exactly 0: one-hot · log p has 0 · log(0) = 0 · (−inf).",
    f"Clip the probabilities before the log: np.clip(p, {EPSILON}, 1 - {EPSILON}).",
)
OTHER_EPSILON = Known(
    "other epsilon",
    lambda labels, p: np.mean(-np.log(_p_true(labels, p, 1e-15, 1 - 1e-15))),
    "Your loss for a probability of exactly 0 is not Keras's: you clip with another epsilon than 1e-7.",
    f"Clip to [{EPSILON}, 1 − {EPSILON}], Keras's epsilon: −log(1e-7) ≈ 16.1 is the most one example can add.",
)
LOWER_CLIP_ONLY = Known(
    "lower clip only",
    lambda labels, p: np.mean(-np.log(np.maximum(p, EPSILON)[np.arange(len(labels)), labels])),
    "Where p[label] = 1 exactly your loss is 0: you clip the probabilities from below only.",
    f"Clip to both ends as the text says, [1e-7, 1 − 1e-7]: np.clip(p, {EPSILON}, 1 - {EPSILON}).",
)
PER_EXAMPLE = Known(
    "per example",
    lambda labels, p: -np.log(_p_true(labels, p)),
    "Your cross-entropy returns one loss per example, not one number.",
    "The text asks for the mean over the batch, as Keras's loss classes return: finish with np.mean(...).",
)
CE_IN_PLACE = Known(
    "in place",
    _clipped_in_place,
    "Your cross-entropy changed the caller's {name} in place (np.clip(..., out=p) or p[...] = ...).",
    "Clip into a new array, p = np.clip(p, 1e-7, 1 - 1e-7): the caller still uses its probabilities.",
)
CROSS_ENTROPY_MISTAKES = (
    SUM,
    EPSILON_ADDED,  # before NO_MINUS: for p[label] = 1 both give −1e-7
    NO_MINUS,
    COLUMNS,
    MOST_PROBABLE,
    MEAN_OVER_CLASSES,
    SUM_OVER_CLASSES,
    LOG10,
    ONE_MINUS_P,
    ONE_HOT_LABELS,
    LOWER_CLIP_ONLY,  # before NO_CLIPPING: for p[label] = 1 both give 0
    NO_CLIPPING,
    ONE_HOT_WITHOUT_CLIPPING,
    OTHER_EPSILON,
    PER_EXAMPLE,
    CE_IN_PLACE,
)

# (labels, p, what): a square batch first (labels taken as one-hot rows broadcast, not fail), labels not
# all the most probable class and not a permutation; float32 probabilities as a Keras model gives them;
# probabilities of exactly 0 and 1 (sure and right, sure and wrong); a batch of one, sure and right, where
# the clip to 1 − 1e-7 gives a loss of 1e-7 (atol=3e-8 accepts it computed in float32, 1.2e-7).
CROSS_ENTROPY_CASES = (
    (np.array([2, 0, 2]), np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1], [0.1, 0.7, 0.2]]), "3 examples of 3 classes"),
    (
        np.array([2, 0, 1, 1, 3, 0]),
        softmax(2 * np.random.default_rng(4).standard_normal((6, 4))).astype(np.float32),
        "6 examples of 4 classes, float32 probabilities",
    ),
    (np.array([0, 2, 2]), np.eye(3), "probabilities of exactly 0 and 1"),
    (np.array([1]), np.array([[0.0, 1.0, 0.0]]), "one example, p[label] = 1"),
)


def check_cross_entropy(cross_entropy) -> None:
    """One number, the batch mean of −log p[label] for integer labels, with p clipped to [1e-7, 1 − 1e-7]
    (0 and 1 exactly included), for float64 and float32 probabilities, leaving the caller's arrays unchanged."""
    for labels, p, description in CROSS_ENTROPY_CASES:
        got = call(cross_entropy, labels, p, in_place=CE_IN_PLACE, names=("labels", "p"))
        expected = np.mean(-np.log(_p_true(labels, p.astype(float))))
        what = f"cross_entropy(labels, p) for {description}"
        hint = "The mean over the batch of −log p[label], with p clipped to [1e-7, 1 − 1e-7] first."
        _judge(got, expected, what, CROSS_ENTROPY_MISTAKES, (labels, p), hint, atol=3e-8)


# Exercise 3: the Huber (smooth L1) loss, averaged over all the values.


def _losses(y_true, y_pred, delta=1.0):
    """The Huber loss of each value: ½r² where |r| ≤ delta, delta·(|r| − ½delta) beyond."""
    r = np.abs(y_pred - y_true)
    return np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))


def _no_half(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r <= delta, r**2, delta * (r - 0.5 * delta)))


def _no_offset(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r <= delta, 0.5 * r**2, delta * r))


def _signed(y_true, y_pred, delta=1.0):
    r = y_pred - y_true
    return np.mean(np.where(r <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)))


def _swapped(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r <= delta, delta * (r - 0.5 * delta), 0.5 * r**2))


def _huber_in_place(y_true, y_pred, delta=1.0):
    y_pred -= y_true
    return np.mean(_losses(0.0, y_pred, delta))


HUBER_HINT = "½r² where |r| ≤ delta, delta·(|r| − ½delta) beyond, with r = y_pred − y_true, then np.mean."
NO_HALF = Known(
    "no half",
    _no_half,
    "The quadratic part lacks the factor ½: for small residuals you return r², not ½r².",
    "Use 0.5 * r**2 where |r| ≤ delta; with the ½ the two parts join smoothly at |r| = delta.",
)
NO_OFFSET = Known(
    "no offset",
    _no_offset,
    "The linear part lacks the −½δ²: you return δ·|r|, which jumps where the two parts meet.",
    "Use delta * (abs(r) - 0.5 * delta) where |r| > delta, so that both parts give ½δ² at |r| = delta.",
)
SIGNED = Known(
    "signed",
    _signed,
    "You switch between the parts on r instead of |r|: large negative residuals stay quadratic.",
    "Compare the absolute residual with delta: np.abs(r) <= delta.",
)
SWAPPED = Known(
    "swapped",
    _swapped,
    "The two parts are swapped: linear for small residuals, quadratic for large ones.",
    "Huber is quadratic near 0 (|r| ≤ delta) and linear beyond, which makes it robust to outliers.",
)
HUBER_SUM = Known(
    "sum",
    lambda y_true, y_pred, delta=1.0: np.sum(_losses(y_true, y_pred, delta)),
    "You summed over the batch instead of averaging.",
    "The text asks for the mean over all the values, as keras.losses.Huber returns: np.mean, not np.sum.",
)
MSE = Known(
    "mse",
    lambda y_true, y_pred, delta=1.0: np.mean((y_pred - y_true) ** 2),
    "That is the mean squared error, not the Huber loss.",
    "Use ½r² only where |r| ≤ delta, linear beyond.",
)
MAE = Known(
    "mae",
    lambda y_true, y_pred, delta=1.0: np.mean(np.abs(y_pred - y_true)),
    "That is the mean absolute error, not the Huber loss.",
    "Use ½r² where |r| ≤ delta, linear beyond.",
)
DELTA_IGNORED = Known(
    "delta ignored",
    lambda y_true, y_pred, delta=1.0: np.mean(_losses(y_true, y_pred)),
    "With delta=2 you return the loss for delta=1: the delta argument is not used.",
    "Use delta in the condition and in the linear part instead of the number 1.",
)
SMOOTH_L1 = Known(
    "smooth L1",
    lambda y_true, y_pred, delta=1.0: np.mean(_losses(y_true, y_pred, delta)) / delta,
    "With delta=2 your loss is half Keras's: that is PyTorch's SmoothL1Loss, the Huber loss divided by delta.",
    "Keras's Huber loss is ½r² where |r| ≤ delta and delta·(|r| − ½delta) beyond, not divided by delta.",
)
MEAN_OVER_AXIS_0 = Known(
    "mean over axis 0",
    lambda y_true, y_pred, delta=1.0: np.mean(_losses(y_true, y_pred, delta), axis=0),
    "For a column of predictions, shape (n, 1), your loss has shape (1,): np.mean(..., axis=0) keeps the "
    "column's axis, and later cells need one number.",
    "Average over all the values: np.mean(...) without an axis.",
)
HUBER_PER_EXAMPLE = Known(
    "per example",
    _losses,
    "Your Huber loss returns one loss per value, not one number.",
    "The text asks for the mean over all the values: finish with np.mean(...).",
)
HUBER_IN_PLACE = Known(
    "in place",
    _huber_in_place,
    "Your Huber loss changed the caller's {name} in place (y_pred -= y_true).",
    "Compute the residual as a new array, r = y_pred - y_true: the caller still uses its predictions.",
)
HUBER_MISTAKES = (
    NO_HALF,
    NO_OFFSET,
    SIGNED,
    SWAPPED,
    HUBER_SUM,
    MSE,
    MAE,
    DELTA_IGNORED,
    SMOOTH_L1,
    MEAN_OVER_AXIS_0,
    HUBER_PER_EXAMPLE,
    HUBER_IN_PLACE,
)

_Y = np.linspace(10.0, 18.0, 9)
# (y_true, y_pred, delta or None for the default): residuals on both sides of ±delta and exactly ±delta,
# with the default delta, then delta=2; a column with an outlier of 1000, as notebook 04 uses it.
HUBER_CASES = (
    (_Y, _Y + np.array([-3.0, -1.6, -1.0, -0.2, 0.0, 0.4, 1.0, 1.5, 2.5]), None),
    (_Y[:6], _Y[:6] + np.array([-4.0, -2.0, -0.5, 0.3, 2.0, 3.5]), 2.0),
    (np.array([[0.0], [5.0], [-3.0], [1.0]]), np.array([[1000.0], [4.0], [-3.0], [1.5]]), None),
)


def check_huber(huber) -> None:
    """One number, the mean over all the values of Keras's Huber loss, delta=1 by default and as given,
    exactly ±delta included, for a vector and a column, leaving the caller's arrays unchanged."""
    for y_true, y_pred, delta in HUBER_CASES:
        options = {} if delta is None else {"delta": delta}
        got = call(huber, y_true, y_pred, in_place=HUBER_IN_PLACE, names=("y_true", "y_pred"), **options)
        residuals = np.round(np.ravel(y_pred - y_true), 2).tolist()
        what = f"huber(y_true, y_pred{f', delta={delta}' if options else ''}) for residuals {residuals}"
        inputs = (y_true, y_pred, *options.values())
        _judge(got, np.mean(_losses(*inputs)), what, HUBER_MISTAKES, inputs, HUBER_HINT)


EXERCISES = [
    Exercise("04.softmax", "softmax", check_softmax, mistakes=SOFTMAX_MISTAKES),
    Exercise("04.cross_entropy", "cross_entropy", check_cross_entropy, mistakes=CROSS_ENTROPY_MISTAKES),
    Exercise("04.huber", "huber", check_huber, mistakes=HUBER_MISTAKES),
]
