"""Loss functions in NumPy, each the mean over the batch, as Keras's loss classes return by default.

``keras.losses.MeanSquaredError()(y_true, y_pred)`` and friends average the per-example loss
over the batch; so do these. Probabilities are clipped to [EPSILON, 1 − EPSILON] exactly as Keras
clips them, so a probability of exactly 0 or 1 gives a large but finite loss, never inf or NaN.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dl101.nn.activations import log_softmax, softmax
from dl101.validation import as_float

EPSILON = 1e-7  # Keras's backend epsilon: how far from 0 and 1 probabilities are clipped


def _pair(y_true: ArrayLike, y_pred: ArrayLike, names: tuple[str, str] = ("y_true", "y_pred")):
    """Both arrays as float64, checked to have the same shape."""
    a, b = as_float(y_true, names[0]), as_float(y_pred, names[1])
    if a.shape != b.shape:
        raise ValueError(f"expected {names[0]} and {names[1]} of the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError(f"expected at least one example, got {names[0]} of shape {a.shape}")
    return a, b


def _labels(labels: ArrayLike, scores: np.ndarray, what: str) -> np.ndarray:
    """Integer class labels, one per row of ``scores`` (shape (n, k)), each in [0, k)."""
    if scores.ndim != 2:
        raise ValueError(f"expected {what} of shape (n_examples, n_classes), got {scores.shape}")
    labels = np.asarray(labels)
    if labels.ndim == 2 and labels.shape[1] == 1:  # a column of labels, as Keras also accepts
        labels = labels[:, 0]
    if labels.shape != (len(scores),):
        raise ValueError(f"expected one label per example, ({len(scores)},), got shape {labels.shape}")
    if not np.all(np.equal(np.mod(labels, 1), 0)):
        raise ValueError("expected integer class labels, got values with a fractional part")
    labels = labels.astype(int)
    if labels.min(initial=0) < 0 or labels.max(initial=0) >= scores.shape[1]:
        raise ValueError(f"expected labels in [0, {scores.shape[1]}), got values from {labels.min()} to {labels.max()}")
    return labels


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean squared error: the loss of a Gaussian likelihood; it is minimised by the mean."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean((y_pred - y_true) ** 2))


def mae(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    """Mean absolute error (L1): the loss of a Laplace likelihood; it is minimised by the median."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_pred - y_true)))


def huber(y_true: ArrayLike, y_pred: ArrayLike, delta: float = 1.0) -> float:
    """Smooth L1: ½r² for |r| ≤ delta, delta·(|r| − ½delta) beyond; quadratic near 0, linear for outliers."""
    if not delta > 0:
        raise ValueError(f"expected delta > 0, got {delta!r}")
    y_true, y_pred = _pair(y_true, y_pred)
    r = np.abs(y_pred - y_true)
    return float(np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))))


def binary_crossentropy(y_true: ArrayLike, p: ArrayLike, from_logits: bool = False) -> float:
    """−[y log p + (1 − y) log(1 − p)], averaged; ``from_logits=True`` takes scores z with p = σ(z).

    Float32 probabilities are clipped as Keras clips them in float32, where 1 − 1e-7 rounds to
    1 − 1.19e-7; a probability of exactly 1 then gives log(1.19e-7), not log(1e-7).
    """
    precision = np.float32 if getattr(p, "dtype", None) == np.float32 else np.float64
    y, p = _pair(y_true, p, ("y_true", "p"))
    if from_logits:
        z = p  # log(1 + exp(−|z|)) never overflows; this equals the formula above with p = σ(z)
        return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))
    p = np.clip(p, EPSILON, float(precision(1 - EPSILON)))
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def categorical_crossentropy(y_onehot: ArrayLike, p: ArrayLike, from_logits: bool = False) -> float:
    """−Σ_k y_k log p_k per example, averaged; ``from_logits=True`` takes scores with p = softmax."""
    y, p = _pair(y_onehot, p, ("y_onehot", "p"))
    if p.ndim != 2:
        raise ValueError(f"expected p of shape (n_examples, n_classes), got {p.shape}")
    if from_logits:
        return float(np.mean(-np.sum(y * log_softmax(p), axis=-1)))
    p = np.clip(p / np.sum(p, axis=-1, keepdims=True), EPSILON, 1 - EPSILON)  # Keras renormalises, then clips
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))


def sparse_categorical_crossentropy(labels: ArrayLike, p: ArrayLike, from_logits: bool = False) -> float:
    """−log p[label] per example, averaged, with integer labels; ``from_logits=True`` takes softmax scores."""
    p = as_float(p, "p")
    labels = _labels(labels, p, "p")
    if from_logits:
        return nll(labels, log_softmax(p))
    # Keras clips, then treats log p as logits: renormalising after the clip, as here.
    return nll(labels, log_softmax(np.log(np.clip(p, EPSILON, 1 - EPSILON))))


def softmax_crossentropy_backward(labels: ArrayLike, logits: ArrayLike) -> np.ndarray:
    """The gradient of the batch-mean sparse cross-entropy from logits with respect to the logits: (p − y) / n.

    p = softmax(logits) and y the one-hot labels; the 1/n comes from the mean over the n examples.
    """
    logits = as_float(logits, "logits")
    labels = _labels(labels, logits, "logits")
    one_hot = np.eye(logits.shape[1])[labels]
    return (softmax(logits) - one_hot) / len(labels)


def nll(labels: ArrayLike, log_p: ArrayLike) -> float:
    """Negative log-likelihood: the mean of −log_p[i, labels[i]], with log-probabilities given."""
    log_p = as_float(log_p, "log_p")
    labels = _labels(labels, log_p, "log_p")
    return float(-np.mean(log_p[np.arange(len(labels)), labels]))
