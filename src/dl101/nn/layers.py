"""Layers in NumPy with Keras's conventions: a batch of examples in rows, kernels of shape (inputs, outputs)."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dl101.validation import as_float


def _inputs_and_kernel(x: ArrayLike, W: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """x of shape (..., n_in) and W of shape (n_in, n_out), as float64 arrays."""
    x, W = as_float(x, "x"), as_float(W, "W")
    if W.ndim != 2:
        raise ValueError(f"expected W of shape (n_in, n_out), got {W.shape}")
    if x.ndim == 0 or x.shape[-1] != W.shape[0]:
        raise ValueError(f"expected x of shape (..., {W.shape[0]}) to match W of shape {W.shape}, got {x.shape}")
    return x, W


def dense(x: ArrayLike, W: ArrayLike, b: ArrayLike) -> np.ndarray:
    """A fully connected layer before its activation: x @ W + b, like ``keras.layers.Dense``'s kernel and bias.

    x has shape (..., n_in) (a batch of examples in rows), W (n_in, n_out), b (n_out,).
    """
    x, W = _inputs_and_kernel(x, W)
    b = as_float(b, "b")
    if b.shape != (W.shape[1],):
        raise ValueError(f"expected b of shape ({W.shape[1]},), one bias per output, got {b.shape}")
    return x @ W + b


def dense_backward(dout: ArrayLike, x: ArrayLike, W: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gradients (dx, dW, db) of x @ W + b, given dout, the gradient of its output.

    dx = dout @ Wᵀ has the shape of x; dW = xᵀ @ dout and db (dout summed over the examples) add up
    the contributions of every example of the batch (dout already carries the 1/n of a batch-mean loss).
    """
    x, W = _inputs_and_kernel(x, W)
    dout = as_float(dout, "dout")
    expected = x.shape[:-1] + (W.shape[1],)
    if dout.shape != expected:
        raise ValueError(f"expected dout of shape {expected}, one value per output of the layer, got {dout.shape}")
    rows, douts = x.reshape(-1, W.shape[0]), dout.reshape(-1, W.shape[1])
    return dout @ W.T, rows.T @ douts, douts.sum(axis=0)
