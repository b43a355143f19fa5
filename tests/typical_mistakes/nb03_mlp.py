"""Typical wrong answers to notebook 03's exercises, each with a piece of the hint it must get."""

import numpy as np


def _dense_w_first(x, W, b, activation):
    return activation(W @ x + b)


def _dense_w_transposed(x, W, b, activation):
    return activation(x @ W.T + b)


def _dense_column_convention(x, W, b, activation):
    return activation(W.T @ x + b)


def _dense_without_bias(x, W, b, activation):
    return activation(x @ W)


def _dense_without_activation(x, W, b, activation):
    return x @ W + b


def _dense_activation_before_bias(x, W, b, activation):
    return activation(x @ W) + b


def _dense_activation_on_inputs(x, W, b, activation):
    return activation(x) @ W + b


def _dense_elementwise(x, W, b, activation):
    return activation(x * W + b)


def _dense_bias_per_example(x, W, b, activation):
    return activation(x @ W + b[:, None])


def _dense_always_relu(x, W, b, activation):
    return np.maximum(0, x @ W + b)


def _dense_always_sigmoid(x, W, b, activation):
    return 1 / (1 + np.exp(-(x @ W + b)))


def _dense_last_example_only(x, W, b, activation):
    for example in x:
        out = activation(example @ W + b)
    return out


def _dense_one_example_loop(x, W, b, activation):
    return np.array([activation(sum(x[0, i] * W[i, j] for i in range(len(W))) + b[j]) for j in range(len(b))])


TYPICAL_MISTAKES = {
    "03.dense_forward": [
        (_dense_w_first, "wrong order"),
        (_dense_w_transposed, "transposed"),
        (_dense_column_convention, "column vector"),
        (_dense_without_bias, "bias is missing"),
        (_dense_without_activation, "activation is missing"),
        (_dense_activation_before_bias, "before the bias"),
        (_dense_activation_on_inputs, "applied to the inputs"),
        (_dense_elementwise, "elementwise"),
        (_dense_bias_per_example, "per example"),
        (_dense_always_relu, "applies relu, whatever activation"),
        (_dense_always_sigmoid, "applies sigmoid, whatever activation"),
        (_dense_last_example_only, "single example"),
        (_dense_one_example_loop, "single example"),
    ],
    # The network 2 → 8 → 8 → 1 has (2·8 + 8) + (8·8 + 8) + (8·1 + 1) = 105 parameters.
    "03.n_parameters": [
        (88, "not the biases"),
        (17, "weights are missing"),
        (19, "number of nodes"),
        (96, "output layer"),
        (107, "input nodes biases"),
        (24, "only the first layer"),
        (16, "only the first layer's weights"),
        (72, "only the layer 8 → 8"),
        (52, "multiplied"),
        (128, "multiplied all the layer sizes"),
        (104, "count n_in × n_out weights and n_out biases"),
        (105.5, "whole number"),
        (np.array([24, 72, 9]), "one number"),
    ],
    "03.hidden_layers": [
        ([], "straight line"),
        ([2], "Too few hidden units"),
        ([1], "Too few hidden units"),
        ([2, 2], "Every layer has 2 units or fewer"),
        ([2, 2, 2], "Every layer has 2 units or fewer"),
        ([3, 1], "does not solve circles"),
        ([8], "not the smallest"),
        ([16, 16], "not the smallest"),
        ([512], "far larger"),
        (3, "[3] is one hidden layer"),
        ([2.5], "whole numbers"),
        ([0], "whole numbers"),
    ],
}
