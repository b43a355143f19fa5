"""Plain-NumPy reference implementations of what the course builds by hand, with Keras's conventions.

Activations next to their derivatives, losses as batch means, layers with (inputs, outputs)
kernels: a learner can compare each one with ``keras.activations``, ``keras.losses`` and
``keras.layers`` side by side.
"""

from dl101.nn.activations import (
    leaky_relu,
    leaky_relu_derivative,
    log_softmax,
    log_softmax_jacobian,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_jacobian,
    step,
    tanh,
    tanh_derivative,
)
from dl101.nn.layers import dense
from dl101.nn.losses import (
    EPSILON,
    binary_crossentropy,
    categorical_crossentropy,
    huber,
    mae,
    mse,
    nll,
    sparse_categorical_crossentropy,
)

__all__ = [
    "EPSILON",
    "binary_crossentropy",
    "categorical_crossentropy",
    "dense",
    "huber",
    "leaky_relu",
    "leaky_relu_derivative",
    "log_softmax",
    "log_softmax_jacobian",
    "mae",
    "mse",
    "nll",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "softmax_jacobian",
    "sparse_categorical_crossentropy",
    "step",
    "tanh",
    "tanh_derivative",
]
