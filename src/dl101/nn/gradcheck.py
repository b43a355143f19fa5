"""Gradient checking: the numerical gradient by centred differences, and the relative error between two gradients.

Compare a gradient derived by hand with ``numerical_gradient`` of the same scalar function:
in float64, a ``rel_error`` below about 1e-7 means the derivation is right; a mistake gives
errors near 1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from dl101.validation import as_float


def numerical_gradient(f: Callable[[np.ndarray], float], x: ArrayLike, eps: float = 1e-5) -> np.ndarray:
    """∂f/∂x by centred differences, (f(x + eps) − f(x − eps)) / (2 eps) one element at a time; shaped like x.

    ``f`` takes an array shaped like ``x`` and returns one number; ``x`` itself is not changed.
    """
    if not eps > 0:
        raise ValueError(f"expected eps > 0, got {eps!r}")
    x = as_float(x).copy()
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        f_plus = _scalar(f(x))
        x[index] = original - eps
        f_minus = _scalar(f(x))
        x[index] = original
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value: object) -> float:
    value = np.asarray(value, dtype=np.float64)
    if value.size != 1:
        raise ValueError(f"expected f to return one number, got an array of shape {value.shape}")
    return float(value.reshape(()))


def rel_error(a: ArrayLike, b: ArrayLike) -> float:
    """The largest elementwise |a − b| / max(|a| + |b|, 1e-8): 0 when both are 0, about 1 when they disagree."""
    a, b = as_float(a, "a"), as_float(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"expected a and b of the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-8)))
