"""Plain-NumPy reference implementations of what the course builds by hand, with Keras's conventions.

Activations next to their derivatives and backward functions, losses as batch means, layers with
(inputs, outputs) kernels, convolution and pooling on NHWC images with HWIO kernels, and the
numerical gradient that checks every backward function: a learner can compare each one with
``keras.activations``, ``keras.losses``, ``keras.layers``, ``tf.nn`` and ``tf.GradientTape``
side by side.
"""

from dl101.nn.activations import (
    leaky_relu,
    leaky_relu_backward,
    leaky_relu_derivative,
    log_softmax,
    log_softmax_jacobian,
    relu,
    relu_backward,
    relu_derivative,
    sigmoid,
    sigmoid_backward,
    sigmoid_derivative,
    softmax,
    softmax_jacobian,
    step,
    tanh,
    tanh_backward,
    tanh_derivative,
)
from dl101.nn.conv import avg_pool2d, conv2d, conv2d_loop, conv_output_size, max_pool2d
from dl101.nn.gradcheck import numerical_gradient, rel_error
from dl101.nn.layers import dense, dense_backward
from dl101.nn.losses import (
    EPSILON,
    binary_crossentropy,
    categorical_crossentropy,
    huber,
    mae,
    mse,
    nll,
    softmax_crossentropy_backward,
    sparse_categorical_crossentropy,
)

__all__ = [
    "EPSILON",
    "avg_pool2d",
    "binary_crossentropy",
    "categorical_crossentropy",
    "conv2d",
    "conv2d_loop",
    "conv_output_size",
    "dense",
    "dense_backward",
    "huber",
    "leaky_relu",
    "leaky_relu_backward",
    "leaky_relu_derivative",
    "log_softmax",
    "log_softmax_jacobian",
    "mae",
    "max_pool2d",
    "mse",
    "nll",
    "numerical_gradient",
    "rel_error",
    "relu",
    "relu_backward",
    "relu_derivative",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_derivative",
    "softmax",
    "softmax_crossentropy_backward",
    "softmax_jacobian",
    "sparse_categorical_crossentropy",
    "step",
    "tanh",
    "tanh_backward",
    "tanh_derivative",
]
