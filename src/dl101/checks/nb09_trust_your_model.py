"""Checks for notebook 09: the expected calibration error of a classifier, and the Gaussian negative
log-likelihood of a regression that predicts its own uncertainty.

The expected calibration error is computed from :func:`dl101.metrics.reliability`, the per-bin
statistics the notebook's reliability diagrams show, so that the learner's number and the diagram
agree. The Gaussian negative log-likelihood is the exercise text's formula, which equals
−scipy.stats.norm.logpdf(y, mean, exp(log_sigma)) averaged over the examples. A wrong answer that
gives NaN or inf is named too: the comparison counts NaN and inf as values (:func:`_judge`).
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe, same
from dl101.metrics import reliability


def _flagged(values) -> np.ndarray:
    """Numbers with NaN, inf and −inf as three distinct finite markers, so that compare can match them."""
    return np.nan_to_num(np.asarray(values, dtype=float), nan=1e299, posinf=1e300, neginf=-1e300)


def _one_number(got, what: str, hint: str) -> None:
    if isinstance(got, (list, tuple)) or np.ndim(got) != 0:
        raise Mistake(f"{what} should be one number, but it is {describe(got)}.", hint)


def _judge(got, expected: float, what: str, mistakes, inputs, hint: str, number_hint: str, **tolerance) -> None:
    """compare ``got``, which should be one number, with ``expected``, naming the catalogued mistake even where
    it gives NaN or inf; an unnamed one is told its type, its shape, NaN or inf, else the two values."""
    if got is None or isinstance(got, str):
        as_array(got, what)
    try:
        numbers = _flagged(got)
    except (TypeError, ValueError):
        raise Mistake(f"{what} should be one number, but it is {describe(got)}.", number_hint) from None
    try:
        compare(numbers, expected, what, mistakes, inputs, project=_flagged, hint=hint, **tolerance)
    except Mistake as mistake:
        if mistake.known is None:
            _one_number(got, what, number_hint)
            as_array(got, what)  # NaN or inf
        raise
    _one_number(got, what, number_hint)  # a list or an array of one number equal to the expected one


# Exercise 1: the expected calibration error.


def _ece(probabilities, labels, n_bins=10) -> float:
    """The reference: Σ over the non-empty bins of (count / n) · |accuracy − mean confidence|."""
    bins = reliability(probabilities, labels, n_bins)
    filled = bins.count > 0
    gaps = np.abs(bins.accuracy[filled] - bins.confidence[filled])
    return float(np.sum(bins.count[filled] / len(labels) * gaps))


def _predictions(probabilities, labels):
    """Each prediction's confidence (its largest probability), and whether its class (the first maximum) is right."""
    return np.max(probabilities, axis=1), np.argmax(probabilities, axis=1) == labels


def _bins(confidence, right, n_bins):
    """For each non-empty bin: its share of the predictions, its mean confidence and its accuracy."""
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    filled = [b for b in range(n_bins) if np.any(bins == b)]
    share = np.array([np.mean(bins == b) for b in filled])
    mean_confidence = np.array([np.mean(confidence[bins == b]) for b in filled])
    accuracy = np.array([np.mean(right[bins == b]) for b in filled])
    return share, mean_confidence, accuracy


def _calibration_error(confidence, right, n_bins):
    share, mean_confidence, accuracy = _bins(confidence, right, n_bins)
    return np.sum(share * np.abs(accuracy - mean_confidence))


def _unweighted(probabilities, labels, n_bins=10):
    _, mean_confidence, accuracy = _bins(*_predictions(probabilities, labels), n_bins)
    return np.mean(np.abs(accuracy - mean_confidence))


def _signed(probabilities, labels, n_bins=10):
    share, mean_confidence, accuracy = _bins(*_predictions(probabilities, labels), n_bins)
    return np.sum(share * (accuracy - mean_confidence))


def _squared(probabilities, labels, n_bins=10):
    share, mean_confidence, accuracy = _bins(*_predictions(probabilities, labels), n_bins)
    return np.sum(share * (accuracy - mean_confidence) ** 2)


def _one_bin(probabilities, labels, n_bins=10):
    confidence, right = _predictions(probabilities, labels)
    return np.abs(np.mean(right) - np.mean(confidence))


def _true_class(probabilities, labels, n_bins=10):
    confidence = probabilities[np.arange(len(labels)), labels]
    return _calibration_error(confidence, np.argmax(probabilities, axis=1) == labels, n_bins)


def _class_one(probabilities, labels, n_bins=10):
    return _calibration_error(probabilities[:, 1], np.argmax(probabilities, axis=1) == labels, n_bins)


def _rounded_confidence(probabilities, labels, n_bins=10):
    confidence = np.max(probabilities, axis=1)
    return _calibration_error(confidence, labels == np.round(confidence), n_bins)


def _ties_right(probabilities, labels, n_bins=10):
    confidence = np.max(probabilities, axis=1)
    return _calibration_error(confidence, probabilities[np.arange(len(labels)), labels] == confidence, n_bins)


def _one_dropped(probabilities, labels, n_bins=10):
    confidence, right = _predictions(probabilities, labels)
    edges = np.linspace(0, 1, n_bins + 1)
    ece = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        in_bin = (confidence >= low) & (confidence < high)  # a confidence of exactly 1 is in no bin
        if np.any(in_bin):
            ece += np.mean(in_bin) * np.abs(np.mean(right[in_bin]) - np.mean(confidence[in_bin]))
    return ece


def _extra_bin(probabilities, labels, n_bins=10):
    confidence, right = _predictions(probabilities, labels)
    bins = np.digitize(confidence, np.linspace(0, 1, n_bins + 1))  # 1 … n_bins, and n_bins + 1 for exactly 1
    ece = 0.0
    for b in np.unique(bins):
        in_bin = bins == b
        ece += np.mean(in_bin) * np.abs(np.mean(right[in_bin]) - np.mean(confidence[in_bin]))
    return ece


def _per_bin(probabilities, labels, n_bins=10):
    confidence, right = _predictions(probabilities, labels)
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore"):
        gaps = np.abs(np.bincount(bins, right, n_bins) - np.bincount(bins, confidence, n_bins)) / count
    return np.nan_to_num(count / len(labels) * gaps)  # 0 for an empty bin


def _empty_bins_nan(probabilities, labels, n_bins=10):
    confidence, right = _predictions(probabilities, labels)
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    accuracy = np.bincount(bins, right, n_bins) / count  # 0 / 0 = NaN for an empty bin
    mean_confidence = np.bincount(bins, confidence, n_bins) / count
    return np.sum(count / len(labels) * np.abs(accuracy - mean_confidence))


def _ece_in_place(probabilities, labels, n_bins=10):
    np.clip(probabilities, 0, 1 - 1e-9, out=probabilities)  # so that a confidence of 1 falls in the last bin
    confidence, right = _predictions(probabilities, labels)
    share, mean_confidence, accuracy = _bins(confidence, right, n_bins)
    return np.sum(share * np.abs(accuracy - mean_confidence))


ECE_HINT = (
    "Put each prediction's confidence (its largest probability) in one of n_bins equal bins, the last one "
    "including 1; then add up, over the non-empty bins, (bin count / n) · |accuracy − mean confidence|."
)
ECE_NUMBER_HINT = "Return the sum over the bins itself, one number: later cells print it and compare models with it."
PER_BIN = Known(
    "per bin",
    _per_bin,
    "You returned one value per bin ({n_bins} values), not the expected calibration error, one number.",
    "Add up the weighted gaps of all the bins: np.sum(...) gives the expected calibration error.",
)
UNWEIGHTED = Known(
    "unweighted",
    _unweighted,
    "You averaged |accuracy − confidence| over the bins, so a bin of one prediction counts as much as a bin of "
    "hundreds.",
    "Weight each bin's gap by its share of the predictions, (bin count / n), and add up the weighted gaps.",
)
MEAN_OVER_BINS = Known(
    "mean over bins",
    lambda probabilities, labels, n_bins=10: _calibration_error(*_predictions(probabilities, labels), n_bins) / n_bins,
    "Your value is the expected calibration error divided by the number of bins: you averaged the weighted "
    "gaps over the bins instead of adding them up.",
    "The weights (bin count / n) already add up to 1: take the sum of the weighted gaps, np.sum, not np.mean.",
)
# Adding the signed gaps, weighted, gives the overall accuracy − mean confidence: the one-bin value, or its
# negative. So a positive one is named ONE_BIN (whose message says so), a negative one SIGNED; the first case
# is over-confident overall, so that accuracy − confidence, as the formula writes the gap, comes out negative.
ONE_BIN = Known(
    "one bin",
    _one_bin,
    "Your value is the gap between the overall accuracy and the overall mean confidence, as if there were one "
    "bin whatever n_bins is (adding signed gaps bin by bin gives the same: the signs cancel).",
    "Compare accuracy and confidence inside each of the n_bins bins, and add up the absolute gaps "
    "|accuracy − confidence|, each weighted by its bin's share of the predictions.",
)
SIGNED = Known(
    "signed",
    _signed,
    "Your value is negative: you added signed gaps between accuracy and confidence, so over-confident and "
    "under-confident bins cancel out.",
    "Take the absolute value of each bin's gap, np.abs(accuracy - confidence), before weighting and adding.",
)
TRUE_CLASS = Known(
    "true class",
    _true_class,
    "You used the probability of the true class as the confidence, not the largest probability.",
    "The confidence is how sure the model is of its own prediction: np.max(probabilities, axis=1).",
)
CLASS_ONE = Known(
    "class one",
    _class_one,
    "You used the probability of class 1 as the confidence, as for a binary classifier, not the largest probability.",
    "The confidence of a prediction is its largest probability, whatever the class: np.max(probabilities, axis=1).",
)
SQUARED = Known(
    "squared",
    _squared,
    "You squared the gaps between accuracy and confidence instead of taking their absolute value.",
    "The expected calibration error weights |accuracy − confidence|, not (accuracy − confidence)²: use np.abs.",
)
ROOT_SQUARED = Known(
    "root of squares",
    lambda probabilities, labels, n_bins=10: np.sqrt(_squared(probabilities, labels, n_bins)),
    "You took the square root of the weighted squared gaps (a root-mean-square calibration error).",
    "The expected calibration error weights |accuracy − confidence| and adds them up, with no squares and no root.",
)
FIXED_BINS = Known(
    "fixed bins",
    lambda probabilities, labels, n_bins=10: _calibration_error(*_predictions(probabilities, labels), 10),
    "With n_bins={n_bins} your function still uses 10 bins: the n_bins argument is not used.",
    "Compute the bins from n_bins, (confidence * n_bins), instead of the number 10.",
)
ONE_DROPPED = Known(
    "confidence 1 dropped",
    _one_dropped,
    "The predictions with a confidence of exactly 1 are in no bin: your last bin leaves out 1.",
    "The last bin includes 1, [1 − 1/n_bins, 1]: np.minimum((confidence * n_bins).astype(int), n_bins - 1) puts "
    "a confidence of 1 in it. Models often give exactly 1, in float32 especially.",
)
EXTRA_BIN = Known(
    "extra bin",
    _extra_bin,
    "The predictions with a confidence of exactly 1 are in a bin of their own, after the last one: you have "
    "n_bins + 1 bins.",
    "The last bin includes 1, [1 − 1/n_bins, 1]: np.minimum((confidence * n_bins).astype(int), n_bins - 1) puts "
    "a confidence of 1 in it. (np.digitize with np.linspace edges gives 1 a bin of its own.)",
)
ROUNDED_CONFIDENCE = Known(
    "rounded confidence",
    _rounded_confidence,
    "Your accuracy compares the labels with the rounded confidence, not with the predicted classes.",
    "A prediction is right when its class, np.argmax(probabilities, axis=1), equals the label.",
)
TIES_RIGHT = Known(
    "ties right",
    _ties_right,
    "Where two classes share the largest probability, you count the prediction right if the label is either of them.",
    "The predicted class is one class, np.argmax(probabilities, axis=1), the first maximum: right means that "
    "class equals the label.",
)
EMPTY_BINS_NAN = Known(
    "empty bins NaN",
    _empty_bins_nan,
    "Your value is NaN: an empty bin has no accuracy or mean confidence (0 / 0 is NaN), and you added it anyway.",
    "Skip the empty bins (`if np.any(in_bin):`), or add only the bins whose count is above 0: an empty bin adds "
    "nothing.",
)
ECE_IN_PLACE = Known(
    "in place",
    _ece_in_place,
    "Your function changed the caller's {name} in place (np.clip(..., out=...) or {name}[...] = ...).",
    "Compute new arrays (confidence = np.max(probabilities, axis=1)) and change those: later cells still use the "
    "caller's probabilities. Put a confidence of 1 in the last bin with np.minimum(..., n_bins - 1).",
)
ECE_MISTAKES = (
    PER_BIN,
    UNWEIGHTED,
    MEAN_OVER_BINS,
    ONE_BIN,
    SIGNED,
    TRUE_CLASS,
    CLASS_ONE,
    SQUARED,
    ROOT_SQUARED,
    FIXED_BINS,
    ONE_DROPPED,
    EXTRA_BIN,
    ROUNDED_CONFIDENCE,
    TIES_RIGHT,
    EMPTY_BINS_NAN,
    ECE_IN_PLACE,
)
# Recognised by what they return; PER_BIN and FIXED_BINS by the check itself, which fills in n_bins.
ECE_COMPUTED = tuple(known for known in ECE_MISTAKES if known not in (PER_BIN, FIXED_BINS, ECE_IN_PLACE))
ECE_TOLERANCE = (1e-5, 1e-7)  # float32 probabilities give float32 means


def _probabilities(rows, dtype="float64") -> np.ndarray:
    return np.array(rows, dtype=dtype)


# No confidence lies on an inner bin edge (0.3, 0.5 for 2 bins, …): np.digitize with np.linspace edges and
# (confidence * n_bins).astype(int) legitimately put such a value in different bins, by rounding.
# 13 predictions of 4 classes: confidences of exactly 1 (one right, one wrong) in a last bin that also holds
# confidences below 1, ties (the label one of the tied classes, not the first), empty bins (0, 1 and 8), and
# over- and under-confident bins, which 9 or 11 bins would group otherwise (0.68, wrong, with 0.72, right).
FOUR_CLASSES = _probabilities(
    [
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
        [0.05, 0.92, 0.02, 0.01],
        [0.94, 0.03, 0.02, 0.01],
        [0.42, 0.42, 0.11, 0.05],
        [0.08, 0.15, 0.72, 0.05],
        [0.55, 0.25, 0.12, 0.08],
        [0.2, 0.58, 0.12, 0.1],
        [0.26, 0.27, 0.23, 0.24],
        [0.35, 0.1, 0.2, 0.35],
        [0.12, 0.05, 0.05, 0.78],
        [0.15, 0.62, 0.13, 0.1],
        [0.68, 0.12, 0.1, 0.1],
    ]
)
FOUR_LABELS = np.array([2, 1, 1, 0, 1, 2, 3, 1, 0, 3, 3, 0, 1])
# 9 predictions of 2 classes, class 1 often the less probable one, a tie (0.5, 0.5) labelled 1.
TWO_CLASSES = _probabilities(
    [[0.9, 0.1], [0.7, 0.3], [0.35, 0.65], [0.15, 0.85], [0.52, 0.48], [0.03, 0.97], [0.45, 0.55], [0.5, 0.5]]
    + [[0.77, 0.23]]
)
TWO_LABELS = np.array([0, 1, 1, 0, 0, 1, 0, 1, 0])


def _softmax_float32(seed: int, n: int, classes: int) -> np.ndarray:
    logits = 1.5 * np.random.default_rng(seed).standard_normal((n, classes))
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True)).astype("float32")


# 30 float32 predictions of 4 classes as a Keras model gives them, and one of exactly 1 (wrong); none is
# within 1e-3 of an inner edge of 7 bins (tests/test_checks.py).
FLOAT32 = np.concatenate([_softmax_float32(9, 30, 4), np.array([[0.0, 0.0, 1.0, 0.0]], dtype="float32")])
FLOAT32_LABELS = np.concatenate([np.random.default_rng(10).integers(0, 4, 30), [1]])
# (probabilities, labels, n_bins or None for the default, what): the default 10 bins first, then other numbers.
ECE_CASES = (
    (FOUR_CLASSES, FOUR_LABELS, None, "13 predictions of 4 classes"),
    (TWO_CLASSES, TWO_LABELS, 5, "9 predictions of 2 classes"),
    (FLOAT32, FLOAT32_LABELS, 7, "31 predictions of 4 classes, float32 probabilities"),
    (FOUR_CLASSES, FOUR_LABELS, 1, "13 predictions of 4 classes"),
    (_probabilities([[0.2, 0.65, 0.15]]), np.array([0]), None, "a batch of one prediction"),
)


def check_expected_calibration_error(expected_calibration_error) -> None:
    """One number, Σ over n_bins equal confidence bins (the last one including 1, ties going to the first class)
    of (count / n) · |accuracy − mean confidence|, n_bins=10 by default and as given, for 2 and 4 classes,
    float32 and float64 probabilities and a batch of one, leaving the caller's arrays unchanged."""
    for probabilities, labels, n_bins, description in ECE_CASES:
        options = {} if n_bins is None else {"n_bins": n_bins}
        what = f"expected_calibration_error(probabilities, labels{f', n_bins={n_bins}' if options else ''})"
        what += f" for {description}"
        got = call(
            expected_calibration_error,
            probabilities,
            labels,
            in_place=ECE_IN_PLACE,
            names=("probabilities", "labels"),
            **options,
        )
        inputs = (probabilities, labels, n_bins or 10)
        expected = _ece(*inputs)
        if isinstance(got, np.ndarray) and n_bins != 1 and got.shape == (inputs[2],):
            raise PER_BIN(n_bins=inputs[2])
        if not same(got, expected, *ECE_TOLERANCE) and same(got, FIXED_BINS.result(inputs), *ECE_TOLERANCE):
            raise FIXED_BINS(n_bins=inputs[2])
        _judge(got, expected, what, ECE_COMPUTED, inputs, ECE_HINT, ECE_NUMBER_HINT, rtol=1e-5, atol=1e-7)


# Exercise 2: the Gaussian negative log-likelihood, averaged over the examples.

HALF_LOG_2PI = 0.5 * np.log(2 * np.pi)


def _nll(y, mean, log_sigma):
    """Each example's −log N(y; mean, σ²), with σ = exp(log_sigma): 1/σ² is exp(−2 log σ), σ is never needed."""
    return log_sigma + 0.5 * (y - mean) ** 2 * np.exp(-2 * log_sigma) + HALF_LOG_2PI


def _density_first(y, mean, log_sigma):
    sigma = np.exp(log_sigma)
    density = np.exp(-((y - mean) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))
    return np.mean(-np.log(density))


def _nll_in_place(y, mean, log_sigma):
    y -= mean  # the residual, in the caller's targets
    return np.mean(log_sigma + 0.5 * y**2 * np.exp(-2 * log_sigma) + HALF_LOG_2PI)


NLL_HINT = "The mean over the examples of log σ + (y − mean)² / (2σ²) + ½ log 2π, with σ = exp(log_sigma)."
NLL_NUMBER_HINT = "Return the mean over the examples itself, np.mean(...): later cells print it as one number."
NO_LOG_SIGMA = Known(
    "no log sigma",
    lambda y, mean, log_sigma: np.mean(0.5 * (y - mean) ** 2 * np.exp(-2 * log_sigma) + HALF_LOG_2PI),
    "Your loss lacks the log σ term: without it, the model lowers the loss by predicting an ever larger σ.",
    "Add log_sigma itself to each example's loss: it is the price of a wide, unsure prediction.",
)
SIGMA_NOT_SQUARED = Known(
    "sigma not squared",
    lambda y, mean, log_sigma: np.mean(log_sigma + (y - mean) ** 2 / (2 * np.exp(log_sigma)) + HALF_LOG_2PI),
    "You divided the squared residual by 2σ, not by 2σ².",
    "σ² = exp(log_sigma)² = exp(2 · log_sigma): divide by 2σ², or multiply by 0.5 * np.exp(-2 * log_sigma).",
)
NO_EXP = Known(
    "no exp",
    lambda y, mean, log_sigma: np.mean(log_sigma + (y - mean) ** 2 / (2 * log_sigma**2) + HALF_LOG_2PI),
    "You divided the squared residual by 2 · log_sigma², but σ is exp(log_sigma), not log_sigma.",
    "1/σ² = exp(−2 · log_sigma): multiply the squared residual by 0.5 * np.exp(-2 * log_sigma).",
)
LOG_SIGMA_AS_SIGMA = Known(
    "log sigma as sigma",
    lambda y, mean, log_sigma: np.mean(np.log(log_sigma) + (y - mean) ** 2 / (2 * log_sigma**2) + HALF_LOG_2PI),
    "You used log_sigma as σ itself (log σ = np.log(log_sigma)), but log_sigma is already the log of σ.",
    "log σ is log_sigma as given, and σ = np.exp(log_sigma): no np.log is needed.",
)
LOG_VARIANCE = Known(
    "log variance",
    lambda y, mean, log_sigma: np.mean(0.5 * log_sigma + (y - mean) ** 2 / (2 * np.exp(log_sigma)) + HALF_LOG_2PI),
    "You took log_sigma as the log of the variance, σ² = exp(log_sigma), but it is the log of σ.",
    "σ = exp(log_sigma), so log σ is log_sigma and σ² = exp(2 · log_sigma).",
)
NO_HALF = Known(
    "no half",
    lambda y, mean, log_sigma: np.mean(log_sigma + (y - mean) ** 2 * np.exp(-2 * log_sigma) + HALF_LOG_2PI),
    "The squared term lacks the factor ½: you return (y − mean)²/σ², not (y − mean)²/(2σ²).",
    "The Gaussian's exponent is −(y − mean)²/(2σ²): multiply by 0.5.",
)
NO_CONSTANT = Known(
    "no constant",
    lambda y, mean, log_sigma: np.mean(log_sigma + 0.5 * (y - mean) ** 2 * np.exp(-2 * log_sigma)),
    "Your loss is right up to the constant ½ log 2π ≈ 0.919; the exercise asks for the full negative "
    "log-likelihood, so that it compares with scipy.stats.norm.logpdf.",
    "Add 0.5 * np.log(2 * np.pi) to each example's loss (or to the mean: it is the same for every example).",
)
LOG_LIKELIHOOD = Known(
    "log-likelihood",
    lambda y, mean, log_sigma: -np.mean(_nll(y, mean, log_sigma)),
    "You returned the log-likelihood, not its negative: the sign is flipped.",
    "A loss is minimised: the negative log-likelihood is log σ + (y − mean)²/(2σ²) + ½ log 2π, all with a + sign.",
)
NLL_SUM = Known(
    "sum",
    lambda y, mean, log_sigma: np.sum(_nll(y, mean, log_sigma)),
    "You summed the losses over the examples instead of averaging them.",
    "The exercise asks for the mean over the examples, as Keras's losses return: np.mean, not np.sum.",
)
NLL_PER_EXAMPLE = Known(
    "per example",
    _nll,
    "Your function returns one loss per example, not one number.",
    "The exercise asks for the mean over the examples: finish with np.mean(...).",
)
MEAN_AND_LOG_SIGMA_SWAPPED = Known(
    "mean and log sigma swapped",
    lambda y, mean, log_sigma: np.mean(_nll(y, log_sigma, mean)),
    "You used mean as log_sigma and log_sigma as mean: the arguments are swapped.",
    "The arguments come in the order gaussian_nll(y, mean, log_sigma): the residual is y − mean.",
)
DENSITY_FIRST = Known(
    "density first",
    _density_first,
    "Your loss is inf for a residual of 1000 with σ = e^−30: you take the log of the density, whose "
    "exp(−(y − mean)²/(2σ²)) underflows to 0, and log 0 = −inf.",
    "Write the log of the density directly, log σ + (y − mean)²/(2σ²) + ½ log 2π: never compute np.exp(...) "
    "only to take its np.log.",
)
NLL_IN_PLACE = Known(
    "in place",
    _nll_in_place,
    "Your function changed the caller's {name} in place ({name} -= ... or {name}[...] = ...).",
    "Compute the residual as a new array, residual = y - mean: the caller still uses its targets and predictions.",
)
NLL_MISTAKES = (
    NO_LOG_SIGMA,
    SIGMA_NOT_SQUARED,
    NO_EXP,
    LOG_SIGMA_AS_SIGMA,
    LOG_VARIANCE,
    NO_HALF,
    NO_CONSTANT,
    LOG_LIKELIHOOD,
    NLL_SUM,
    NLL_PER_EXAMPLE,
    MEAN_AND_LOG_SIGMA_SWAPPED,
    DENSITY_FIRST,
    NLL_IN_PLACE,
)
NLL_COMPUTED = NLL_MISTAKES[:-1]  # all but NLL_IN_PLACE, which call recognises

_RNG = np.random.default_rng(11)
# (y, mean, log_sigma, what): first moderate values, log σ positive and none 0 or 1 (where log_sigma, its square
# and its log coincide); then σ tiny (e^−30) with residuals up to 1000, where the density underflows to 0 but
# the loss stays finite; σ huge (e^30), where the loss is about log σ; residuals exactly 0; a batch of one;
# float32 arrays, as a Keras model gives them.
NLL_CASES = (
    (
        np.array([1.2, -0.4, 3.1, 0.0, 2.2, -1.5]),
        np.array([0.8, 0.3, 2.0, 0.5, 2.6, -0.2]),
        np.array([0.3, 1.2, 0.6, 0.15, 0.9, 0.45]),
        "6 examples",
    ),
    (np.array([1000.0, -2.0, 0.5]), np.array([0.0, -2.001, 0.4]), np.array([-30.0, -30.0, -5.0]), "σ = e^−30"),
    (np.array([1000.0, 3.0, -1.0]), np.array([0.0, 3.0, 4.0]), np.array([30.0, 30.0, 12.0]), "σ = e^30"),
    (np.array([1.5, -0.5, 2.0]), np.array([1.5, -0.5, 2.0]), np.array([-0.5, 0.7, -2.0]), "residuals 0"),
    (np.array([2.5]), np.array([1.0]), np.array([-0.7]), "a batch of one example"),
    (
        _RNG.normal(0, 2, 8).astype("float32"),
        _RNG.normal(0, 2, 8).astype("float32"),
        _RNG.uniform(-2, 2, 8).astype("float32"),
        "8 examples in float32",
    ),
)


def check_gaussian_nll(gaussian_nll) -> None:
    """One number, the mean over the examples of log σ + (y − mean)²/(2σ²) + ½ log 2π with σ = exp(log_sigma),
    finite and accurate for σ from e^−30 to e^30 and residuals of 1000, for float64 and float32 arrays and a
    batch of one, leaving the caller's arrays unchanged."""
    for y, mean, log_sigma, description in NLL_CASES:
        got = call(gaussian_nll, y, mean, log_sigma, in_place=NLL_IN_PLACE, names=("y", "mean", "log_sigma"))
        inputs = (y, mean, log_sigma)
        expected = float(np.mean(_nll(*(np.asarray(value, dtype=float) for value in inputs))))
        what = f"gaussian_nll(y, mean, log_sigma) for {description}"
        _judge(got, expected, what, NLL_COMPUTED, inputs, NLL_HINT, NLL_NUMBER_HINT, rtol=1e-5, atol=1e-7)


EXERCISES = [
    Exercise(
        "09.expected_calibration_error",
        "expected_calibration_error",
        check_expected_calibration_error,
        mistakes=ECE_MISTAKES,
    ),
    Exercise("09.gaussian_nll", "gaussian_nll", check_gaussian_nll, mistakes=NLL_MISTAKES),
]
