"""Activation functions in NumPy, each next to its derivative and backward, as ``keras.activations`` computes them.

All are numerically stable: inputs of ±1000 give no overflow, no NaN and no inf. Results are
float64 arrays of the input's shape (softmax Jacobians add one axis).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dl101.validation import as_float


def _class_axis(x: np.ndarray, axis: int) -> None:
    if x.ndim == 0 or not -x.ndim <= axis < x.ndim or x.shape[axis] == 0:
        raise ValueError(f"expected x with at least one value along axis {axis} (the classes), got shape {x.shape}")


def _upstream(dout: ArrayLike, x: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The upstream gradient and the forward input as float64 arrays of the same shape."""
    dout, x = as_float(dout, "dout"), as_float(x, "x")
    if dout.shape != x.shape:
        raise ValueError(f"expected dout of the same shape as x, {x.shape}, got {dout.shape}")
    return dout, x


def step(x: ArrayLike) -> np.ndarray:
    """The perceptron's step: 1 where x > 0, else 0."""
    return (as_float(x) > 0).astype(np.float64)


def sigmoid(x: ArrayLike) -> np.ndarray:
    """1 / (1 + exp(-x)), computed from exp(-|x|) so that it never overflows."""
    x = as_float(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: no overflow for any x
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_derivative(x: ArrayLike) -> np.ndarray:
    """σ'(x) = σ(x) (1 − σ(x)); it vanishes for large |x| (saturation)."""
    s = sigmoid(x)
    return s * (1 - s)


def sigmoid_backward(dout: ArrayLike, x: ArrayLike) -> np.ndarray:
    """The gradient with respect to the input x of sigmoid(x), given the gradient dout of its output."""
    dout, x = _upstream(dout, x)
    return dout * sigmoid_derivative(x)


def tanh(x: ArrayLike) -> np.ndarray:
    """The hyperbolic tangent, in (−1, 1)."""
    return np.tanh(as_float(x))


def tanh_derivative(x: ArrayLike) -> np.ndarray:
    """tanh'(x) = 1 − tanh(x)²."""
    return 1 - np.tanh(as_float(x)) ** 2


def tanh_backward(dout: ArrayLike, x: ArrayLike) -> np.ndarray:
    """The gradient with respect to the input x of tanh(x), given the gradient dout of its output."""
    dout, x = _upstream(dout, x)
    return dout * tanh_derivative(x)


def relu(x: ArrayLike) -> np.ndarray:
    """max(0, x)."""
    return np.maximum(as_float(x), 0.0)


def relu_derivative(x: ArrayLike) -> np.ndarray:
    """1 where x > 0, else 0 (0 at x = 0, as TensorFlow's gradient)."""
    return (as_float(x) > 0).astype(np.float64)


def relu_backward(dout: ArrayLike, x: ArrayLike) -> np.ndarray:
    """The gradient with respect to the input x of relu(x): dout where x > 0, else 0."""
    dout, x = _upstream(dout, x)
    return dout * relu_derivative(x)


def leaky_relu(x: ArrayLike, negative_slope: float = 0.2) -> np.ndarray:
    """x where x > 0, else negative_slope·x (Keras's function default: 0.2)."""
    x = as_float(x)
    return np.where(x > 0, x, negative_slope * x)


def leaky_relu_derivative(x: ArrayLike, negative_slope: float = 0.2) -> np.ndarray:
    """1 where x > 0, else negative_slope: the gradient never dies."""
    return np.where(as_float(x) > 0, 1.0, float(negative_slope))


def leaky_relu_backward(dout: ArrayLike, x: ArrayLike, negative_slope: float = 0.2) -> np.ndarray:
    """The gradient with respect to the input x of leaky_relu(x): dout where x > 0, else negative_slope·dout."""
    dout, x = _upstream(dout, x)
    return dout * leaky_relu_derivative(x, negative_slope)


def softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    """exp(x) normalised to sum to 1 along ``axis``; the maximum is subtracted first so exp never overflows."""
    x = as_float(x)
    _class_axis(x, axis)
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(x: ArrayLike) -> np.ndarray:
    """∂softmax(x)_i / ∂x_j = s_i (δ_ij − s_j) over the last axis: shape (..., k, k)."""
    s = softmax(x)
    return s[..., :, None] * (np.eye(s.shape[-1]) - s[..., None, :])


def log_softmax(x: ArrayLike, axis: int = -1) -> np.ndarray:
    """log(softmax(x)) without taking the log of 0: x − max − log Σ exp(x − max)."""
    x = as_float(x)
    _class_axis(x, axis)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def log_softmax_jacobian(x: ArrayLike) -> np.ndarray:
    """∂log_softmax(x)_i / ∂x_j = δ_ij − s_j over the last axis: shape (..., k, k)."""
    s = softmax(x)
    return np.eye(s.shape[-1]) - s[..., None, :]
