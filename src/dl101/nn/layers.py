"""Layers in NumPy with Keras's conventions: a batch of examples in rows, kernels of shape (inputs, outputs)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dl101.nn.activations import _as_float


def dense(x: ArrayLike, W: ArrayLike, b: ArrayLike) -> np.ndarray:
    """A fully connected layer before its activation: x @ W + b, like ``keras.layers.Dense``'s kernel and bias.

    x has shape (..., n_in) (a batch of examples in rows), W (n_in, n_out), b (n_out,).
    """
    x, W, b = _as_float(x, "x"), _as_float(W, "W"), _as_float(b, "b")
    if W.ndim != 2:
        raise ValueError(f"expected W of shape (n_in, n_out), got {W.shape}")
    if x.ndim == 0 or x.shape[-1] != W.shape[0]:
        raise ValueError(f"expected x of shape (..., {W.shape[0]}) to match W of shape {W.shape}, got {x.shape}")
    if b.shape != (W.shape[1],):
        raise ValueError(f"expected b of shape ({W.shape[1]},), one bias per output, got {b.shape}")
    return x @ W + b
