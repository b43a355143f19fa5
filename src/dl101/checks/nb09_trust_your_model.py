"""Checks for notebook 09: the expected calibration error of a classifier, and the Gaussian negative
log-likelihood of a regression that predicts its own uncertainty.

The cases hold confidences of exactly 1, exactly on the edge between two bins (0.25, 0.5, 0.75, which
floats hold exactly), ties between classes and empty bins; and σ from e^−30 to e^30 with residuals of
1000, where a density computed first underflows. A wrong answer that gives NaN or inf is named too.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known


def _binned(confidence, n_bins):
    """Each confidence's bin of n_bins equal bins [lo, hi), a confidence of 1 in the last one."""
    return np.minimum((confidence * n_bins).astype(int), n_bins - 1)


def _gaps(confidence, right, bins):
    """The non-empty bins; each one's share of the predictions, and its accuracy minus its mean confidence."""
    filled = np.unique(bins)
    share = np.array([np.mean(bins == b) for b in filled])
    return filled, share, np.array([np.mean(right[bins == b]) - np.mean(confidence[bins == b]) for b in filled])


def _ece(confidence_of=None, right_of=None, bins_of=_binned, combine=None):
    """The calibration error built from its parts; each mistake below swaps one part for a wrong one.

    ``confidence_of(p, labels)`` gives each prediction's confidence (its largest probability), ``right_of(p, labels)``
    whether it is right (its first maximum is the label), ``bins_of(confidence, n_bins)`` its bin, and
    ``combine(share, gap)`` what a bin adds: its share of the predictions times |accuracy − mean confidence|.
    """
    confidence_of = confidence_of or (lambda p, labels: p.max(axis=1))
    right_of = right_of or (lambda p, labels: p.argmax(axis=1) == labels)
    combine = combine or (lambda share, gap: share * np.abs(gap))

    def error(p, labels, n_bins=10):
        confidence = confidence_of(p, labels)
        return np.sum(combine(*_gaps(confidence, right_of(p, labels), bins_of(confidence, n_bins))[1:]))

    return error


def _one_dropped(p, labels, n_bins=10):
    confidence, right = p.max(axis=1), p.argmax(axis=1) == labels
    filled, share, gap = _gaps(confidence, right, (confidence * n_bins).astype(int))  # 1 gets the bin n_bins
    return np.sum((share * np.abs(gap))[filled < n_bins])


def _empty_bins_added(p, labels, n_bins=10):
    confidence, right = p.max(axis=1), p.argmax(axis=1) == labels
    bins = _binned(confidence, n_bins)
    count = np.bincount(bins, minlength=n_bins)
    gaps = np.abs(np.bincount(bins, right, n_bins) - np.bincount(bins, confidence, n_bins)) / count  # 0 / 0: NaN
    return np.sum(count / len(labels) * gaps)


# 13 predictions of 4 classes: confidences of exactly 1 (one right, one wrong) in a last bin that also holds
# confidences below 1, ties (the label one of the tied classes, not the first), empty bins, and over- and
# under-confident bins, which 9 or 11 bins would group otherwise (0.68, wrong, with 0.72, right).
# fmt: off
FOUR_CLASSES = np.array([
    [1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.05, 0.92, 0.02, 0.01], [0.94, 0.03, 0.02, 0.01],
    [0.42, 0.42, 0.11, 0.05], [0.08, 0.15, 0.72, 0.05], [0.55, 0.25, 0.12, 0.08], [0.2, 0.58, 0.12, 0.1],
    [0.26, 0.27, 0.23, 0.24], [0.35, 0.1, 0.2, 0.35], [0.12, 0.05, 0.05, 0.78], [0.15, 0.62, 0.13, 0.1],
    [0.68, 0.12, 0.1, 0.1],
])
FOUR_LABELS = np.array([2, 1, 1, 0, 1, 2, 3, 1, 0, 3, 3, 0, 1])
# 9 predictions of 2 classes, class 1 often the less probable one, a tie (0.5, 0.5) labelled 1.
TWO_CLASSES = np.array([[0.9, 0.1], [0.7, 0.3], [0.35, 0.65], [0.15, 0.85], [0.52, 0.48], [0.03, 0.97], [0.45, 0.55],
                        [0.5, 0.5], [0.77, 0.23]])
TWO_LABELS = np.array([0, 1, 1, 0, 0, 1, 0, 1, 0])
# 31 float32 predictions of 4 classes as a Keras model gives them, one of exactly 1 (wrong); none is within
# 1e-3 of an inner edge of 7 bins (tests/test_checks.py).
_LOGITS = 1.5 * np.random.default_rng(9).standard_normal((30, 4))
FLOAT32 = np.concatenate([np.exp(_LOGITS) / np.exp(_LOGITS).sum(axis=1, keepdims=True),
                          [[0.0, 0.0, 1.0, 0.0]]]).astype("float32")
FLOAT32_LABELS = np.concatenate([np.random.default_rng(10).integers(0, 4, 30), [1]])
# Confidences exactly on inner edges, 0.25, 0.5 and 0.75, which belong to the bin above them, and of exactly 1.
ON_EDGES = np.array([[0.25, 0.25, 0.25, 0.25], [0.5, 0.25, 0.25, 0.0], [0.75, 0.25, 0.0, 0.0], [0.1, 0.5, 0.2, 0.2],
                     [0.0, 0.25, 0.75, 0.0], [0.3, 0.3, 0.3, 0.1], [0.6, 0.2, 0.2, 0.0], [0.0, 0.0, 0.5, 0.5],
                     [0.0, 0.0, 0.0, 1.0]])
ON_EDGES_LABELS = np.array([1, 0, 0, 1, 2, 0, 0, 3, 0])
ECE_CASES = tuple(
    Case(f"expected_calibration_error(probabilities, labels{f', n_bins={n_bins}' if n_bins else ''}) for {what}",
         (probabilities, labels), {"n_bins": n_bins} if n_bins else {})
    for probabilities, labels, n_bins, what in (
        (FOUR_CLASSES, FOUR_LABELS, None, "13 predictions of 4 classes"),
        (TWO_CLASSES, TWO_LABELS, 5, "9 predictions of 2 classes"),
        (FLOAT32, FLOAT32_LABELS, 7, "31 predictions of 4 classes, float32 probabilities"),
        (FOUR_CLASSES, FOUR_LABELS, 1, "13 predictions of 4 classes"),
        (np.array([[0.2, 0.65, 0.15]]), np.array([0]), None, "a batch of one prediction"),
        (ON_EDGES, ON_EDGES_LABELS, 4, "confidences of 0.25, 0.5 and 0.75, on the edges of 4 bins"),
        (ON_EDGES, ON_EDGES_LABELS, 2, "confidences of 0.25, 0.5 and 0.75, 0.5 on the edge of 2 bins"),
    )
)
LAST_BIN = "The last bin includes 1: np.minimum((confidence * n_bins).astype(int), n_bins - 1) puts 1 in it."
ECE_MISTAKES = (
    Known("unweighted", "You averaged |accuracy − confidence| over the bins, so a bin of one prediction counts as "
          "much as a bin of hundreds.",
          "Weight each bin's gap by its share of the predictions, (bin count / n), and add up the weighted gaps.",
          _ece(combine=lambda share, gap: np.abs(gap) / len(gap))),
    Known("one bin", "Your value is the gap between the overall accuracy and the overall mean confidence, as if there "
          "were one bin whatever n_bins is.",
          "Compare accuracy and confidence inside each of the n_bins bins, and add up the absolute gaps, each "
          "weighted by its bin's share of the predictions.",
          lambda p, labels, n_bins=10: np.abs(np.mean(p.argmax(axis=1) == labels) - np.mean(p.max(axis=1)))),
    Known("signed", "You added signed gaps between accuracy and confidence, so over-confident and under-confident "
          "bins cancel out (the weighted sum is only the overall accuracy − mean confidence).",
          "Take the absolute value of each bin's gap, np.abs(accuracy - confidence), before weighting and adding.",
          _ece(combine=lambda share, gap: share * gap)),
    Known("true class", "You used the probability of the true class as the confidence, not the largest probability.",
          "The confidence is how sure the model is of its own prediction: np.max(probabilities, axis=1).",
          _ece(confidence_of=lambda p, labels: p[np.arange(len(labels)), labels])),
    Known("fixed bins", "Your function uses 10 bins whatever n_bins is: the n_bins argument is not used.",
          "Compute the bins from n_bins, (confidence * n_bins), instead of the number 10.",
          _ece(bins_of=lambda confidence, n_bins: _binned(confidence, 10))),
    Known("confidence 1 dropped", "The predictions with a confidence of exactly 1 are in no bin: your last bin leaves "
          "out 1.", LAST_BIN + " Models often give exactly 1, in float32 especially.", _one_dropped),
    Known("extra bin", "The predictions with a confidence of exactly 1 are in a bin of their own, after the last one: "
          "you have n_bins + 1 bins.", LAST_BIN + " (np.digitize with np.linspace edges gives 1 a bin of its own.)",
          _ece(bins_of=lambda confidence, n_bins: (confidence * n_bins).astype(int))),
    Known("upper edges", "A confidence exactly on the edge between two bins, such as 0.5, went to the lower bin: your "
          "bins are (lo, hi]. Each bin includes its lower edge, [lo, hi), and the last one 1 too.",
          "(confidence * n_bins).astype(int) puts a confidence on an edge in the bin above; np.digitize(confidence, "
          "edges, right=True) and np.ceil put it below.",
          _ece(bins_of=lambda confidence, n_bins: np.maximum(np.ceil(confidence * n_bins).astype(int) - 1, 0))),
    Known("ties right", "Where two classes share the largest probability, you count the prediction right if the label "
          "is either.", "The predicted class is one class, np.argmax(probabilities, axis=1), the first maximum.",
          _ece(right_of=lambda p, labels: p[np.arange(len(labels)), labels] == p.max(axis=1))),
    Known("ties to another class", "Where two classes share the largest probability, your predicted class is not the "
          "first of them.",
          "Take the predicted class as the notebook does, np.argmax(probabilities, axis=1): the first maximum.",
          _ece(right_of=lambda p, labels: p.shape[1] - 1 - np.argmax(p[:, ::-1], axis=1) == labels)),
    Known("empty bins NaN", "Your value is NaN: an empty bin has no accuracy or mean confidence (0 / 0 is NaN), and "
          "you added it anyway.",
          "Skip the empty bins (`if np.any(in_bin):`): an empty bin adds nothing.", _empty_bins_added),
    Known("percentage", "Your value is a percentage: the expected calibration error is a fraction, like the accuracy "
          "it compares.", "Return the sum of the weighted gaps itself, between 0 and 1.",
          lambda p, labels, n_bins=10: 100 * _ece()(p, labels, n_bins)),
)
# fmt: on


def _nll(y, mean, log_sigma):
    """Each example's −log N(y; mean, σ²), with σ = exp(log_sigma): 1/σ² is exp(−2 log σ), σ is never needed."""
    return log_sigma + 0.5 * (y - mean) ** 2 * np.exp(-2 * log_sigma) + 0.5 * np.log(2 * np.pi)


_RNG = np.random.default_rng(11)
# First moderate values, log σ positive and none 0 or 1 (where log_sigma, its square and its log coincide);
# then σ tiny (e^−30) with residuals up to 1000, where the density underflows to 0 but the loss stays finite;
# σ huge (e^30), where the loss is about log σ; residuals exactly 0; a batch of one; a residual of 40 σ, where
# the density underflows too; float32 arrays.
# fmt: off
NLL_CASES = tuple(
    Case(f"gaussian_nll(y, mean, log_sigma) for {what}", (np.asarray(y), np.asarray(mean), np.asarray(log_sigma)))
    for y, mean, log_sigma, what in (
        ([1.2, -0.4, 3.1, 0.0, 2.2, -1.5], [0.8, 0.3, 2.0, 0.5, 2.6, -0.2], [0.3, 1.2, 0.6, 0.15, 0.9, 0.45],
         "6 examples"),
        ([1000.0, -2.0, 0.5], [0.0, -2.001, 0.4], [-30.0, -30.0, -5.0], "σ = e^−30"),
        ([1000.0, 3.0, -1.0], [0.0, 3.0, 4.0], [30.0, 30.0, 12.0], "σ = e^30"),
        ([1.5, -0.5, 2.0], [1.5, -0.5, 2.0], [-0.5, 0.7, -2.0], "residuals 0"),
        ([2.5], [1.0], [-0.7], "a batch of one example"),
        ([40.0, 0.0], [0.0, 0.5], [0.0, -1.0], "a residual of 40 with σ = 1"),
        (_RNG.normal(0, 2, 8).astype("float32"), _RNG.normal(0, 2, 8).astype("float32"),
         _RNG.uniform(-2, 2, 8).astype("float32"), "8 examples in float32"),
    )
)
HALF_LOG_2PI = 0.5 * np.log(2 * np.pi)
NLL_MISTAKES = (
    Known("no log sigma", "Your loss lacks the log σ term: without it, the model lowers the loss by predicting an "
          "ever larger σ.",
          "Add log_sigma itself to each example's loss: it is the price of a wide, unsure prediction.",
          lambda y, mean, log_sigma: np.mean(_nll(y, mean, log_sigma) - log_sigma)),
    Known("sigma not squared", "You divided the squared residual by 2σ, not by 2σ².",
          "σ² = exp(log_sigma)² = exp(2 · log_sigma): divide by 2σ², or multiply by 0.5 * np.exp(-2 * log_sigma).",
          lambda y, mean, log_sigma: np.mean(log_sigma + (y - mean) ** 2 / (2 * np.exp(log_sigma)) + HALF_LOG_2PI)),
    Known("log sigma as sigma", "You used log_sigma as σ itself (log σ = np.log(log_sigma)), but log_sigma is already "
          "the log of σ.", "log σ is log_sigma as given, and σ = np.exp(log_sigma): no np.log is needed.",
          lambda y, mean, log_sigma: np.mean(np.log(log_sigma) + (y - mean) ** 2 / (2 * log_sigma**2) + HALF_LOG_2PI)),
    Known("log variance", "You took log_sigma as the log of the variance, σ² = exp(log_sigma), but it is the log of σ.",
          "σ = exp(log_sigma), so log σ is log_sigma and σ² = exp(2 · log_sigma).",
          lambda y, mean, log_sigma: np.mean(_nll(y, mean, log_sigma / 2))),  # σ = exp(log_sigma / 2)
    Known("no half", "The squared term lacks the factor ½: you return (y − mean)²/σ², not (y − mean)²/(2σ²).",
          "The Gaussian's exponent is −(y − mean)²/(2σ²): multiply by 0.5.",
          lambda y, mean, log_sigma: np.mean(log_sigma + (y - mean) ** 2 * np.exp(-2 * log_sigma) + HALF_LOG_2PI)),
    Known("no constant", "Your loss is right up to the constant ½ log 2π ≈ 0.919; the exercise asks for the full "
          "negative log-likelihood, so that it compares with scipy.stats.norm.logpdf.",
          "Add 0.5 * np.log(2 * np.pi) to each example's loss (or to the mean: it is the same for every example).",
          lambda y, mean, log_sigma: np.mean(_nll(y, mean, log_sigma) - HALF_LOG_2PI)),
    Known("log-likelihood", "You returned the log-likelihood, not its negative: the sign is flipped.",
          "A loss is minimised: the negative log-likelihood is log σ + (y − mean)²/(2σ²) + ½ log 2π, all with a + "
          "sign.", lambda y, mean, log_sigma: -np.mean(_nll(y, mean, log_sigma))),
    Known("sum", "You summed the losses over the examples instead of averaging them.",
          "The exercise asks for the mean over the examples, as Keras's losses return: np.mean, not np.sum.",
          lambda y, mean, log_sigma: np.sum(_nll(y, mean, log_sigma))),
    Known("mean and log sigma swapped", "You used mean as log_sigma and log_sigma as mean: the arguments are swapped.",
          "The arguments come in the order gaussian_nll(y, mean, log_sigma): the residual is y − mean.",
          lambda y, mean, log_sigma: np.mean(_nll(y, log_sigma, mean))),
    Known("density first", "Your loss is inf for a residual of 1000 with σ = e^−30: you take the log of the density, "
          "whose exp(−(y − mean)²/(2σ²)) underflows to 0, and log 0 = −inf.",
          "Write the log of the density directly, log σ + (y − mean)²/(2σ²) + ½ log 2π: never compute np.exp(...) "
          "only to take its np.log.", lambda y, mean, log_sigma: np.mean(-np.log(np.exp(-_nll(y, mean, log_sigma))))),
)

EXERCISES = [
    Exercise("09.expected_calibration_error", "expected_calibration_error", ECE_CASES, ECE_MISTAKES,
             names=("probabilities", "labels"),
             hint="Put each prediction's confidence (its largest probability) in one of n_bins equal bins [lo, hi), "
                  "the last one including 1; then add up, over the non-empty bins, (bin count / n) · |accuracy − mean "
                  "confidence|.",
             tolerance=(1e-5, 1e-7)),  # float32 probabilities give float32 means
    Exercise("09.gaussian_nll", "gaussian_nll", NLL_CASES, NLL_MISTAKES, names=("y", "mean", "log_sigma"),
             hint="The mean over the examples of log σ + (y − mean)² / (2σ²) + ½ log 2π, with σ = exp(log_sigma).",
             tolerance=(1e-5, 1e-7)),
]
# fmt: on
