"""dl101.nn's backward functions equal tf.GradientTape and finite differences; the gradient check itself is right.

Every backward function is compared, in float64, with the gradient TensorFlow computes for the
same forward function, and with ``numerical_gradient``: the relative error must stay below 1e-6.
``numerical_gradient`` and ``rel_error`` are tested on functions whose gradients are known.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from dl101 import nn  # noqa: E402

SHAPES = [(7,), (4, 3), (2, 3, 5)]
TOLERANCE = 1e-6


def random(shape, seed=0, scale=2.0):
    return scale * np.random.default_rng(seed).standard_normal(shape)


def taped(function, *arrays):
    """The gradients of function(*arrays) (a scalar) with respect to each array, by tf.GradientTape in float64."""
    variables = [tf.Variable(np.asarray(array, dtype=np.float64)) for array in arrays]
    with tf.GradientTape() as tape:
        total = function(*variables)
    return [gradient.numpy() for gradient in tape.gradient(total, variables)]


# Activations: the gradient of Σ dout · f(x) with respect to x is backward(dout, x).
ACTIVATIONS = {
    "sigmoid": (nn.sigmoid, nn.sigmoid_backward, keras.activations.sigmoid),
    "tanh": (nn.tanh, nn.tanh_backward, keras.activations.tanh),
    "relu": (nn.relu, nn.relu_backward, keras.activations.relu),
    "leaky_relu": (nn.leaky_relu, nn.leaky_relu_backward, lambda x: tf.where(x > 0, x, 0.2 * x)),
}


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_backward_equals_the_tape_and_finite_differences(name, shape):
    forward, backward, keras_forward = ACTIVATIONS[name]
    x, dout = random(shape, seed=1), random(shape, seed=2)
    got = backward(dout, x)
    (tape_gradient,) = taped(lambda x_: tf.reduce_sum(dout * keras_forward(x_)), x)
    numerical = nn.numerical_gradient(lambda x_: np.sum(dout * forward(x_)), x)
    assert got.shape == x.shape
    assert nn.rel_error(got, tape_gradient) < TOLERANCE
    assert nn.rel_error(got, numerical) < TOLERANCE


def test_leaky_relu_backward_uses_its_negative_slope():
    x, dout = np.array([-2.0, -0.5, 0.5, 2.0]), np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(nn.leaky_relu_backward(dout, x, negative_slope=0.1), [0.1, 0.2, 3.0, 4.0])


def test_sigmoid_backward_is_finite_and_vanishes_at_extreme_inputs():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        gradient = nn.sigmoid_backward(np.ones(3), np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(gradient, [0.0, 0.25, 0.0], atol=1e-300)


@pytest.mark.parametrize(("batch", "n_in", "n_out"), [(1, 1, 1), (5, 3, 4), (8, 6, 2)])
def test_dense_backward_equals_the_tape_and_finite_differences(batch, n_in, n_out):
    x, W, b, dout = random((batch, n_in), 1), random((n_in, n_out), 2), random(n_out, 3), random((batch, n_out), 4)
    dx, dW, db = nn.dense_backward(dout, x, W)
    expected = taped(lambda x_, W_, b_: tf.reduce_sum(dout * (x_ @ W_ + b_)), x, W, b)
    for name, got, tape_gradient, array in zip(("dx", "dW", "db"), (dx, dW, db), expected, (x, W, b), strict=True):
        assert got.shape == array.shape, name
        assert nn.rel_error(got, tape_gradient) < TOLERANCE, name
    assert nn.rel_error(dx, nn.numerical_gradient(lambda x_: np.sum(dout * nn.dense(x_, W, b)), x)) < TOLERANCE
    assert nn.rel_error(dW, nn.numerical_gradient(lambda W_: np.sum(dout * nn.dense(x, W_, b)), W)) < TOLERANCE
    assert nn.rel_error(db, nn.numerical_gradient(lambda b_: np.sum(dout * nn.dense(x, W, b_)), b)) < TOLERANCE


def test_dense_backward_sums_over_extra_leading_axes_like_keras():
    x, W, dout = random((2, 3, 4), 1), random((4, 5), 2), random((2, 3, 5), 3)
    dx, dW, db = nn.dense_backward(dout, x, W)
    tape_dx, tape_dW = taped(lambda x_, W_: tf.reduce_sum(dout * (x_ @ W_)), x, W)
    assert nn.rel_error(dx, tape_dx) < TOLERANCE and nn.rel_error(dW, tape_dW) < TOLERANCE
    np.testing.assert_allclose(db, dout.sum(axis=(0, 1)))


@pytest.mark.parametrize(("n", "k"), [(1, 2), (6, 4), (10, 3)])
def test_softmax_crossentropy_backward_equals_keras_loss_gradient_and_finite_differences(n, k):
    logits = random((n, k), seed=n)
    labels = np.random.default_rng(k).integers(0, k, n)
    got = nn.softmax_crossentropy_backward(labels, logits)
    loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    (tape_gradient,) = taped(lambda z: loss(labels, z), logits)
    numerical = nn.numerical_gradient(lambda z: nn.sparse_categorical_crossentropy(labels, z, from_logits=True), logits)
    assert nn.rel_error(got, tape_gradient) < TOLERANCE
    assert nn.rel_error(got, numerical) < TOLERANCE


def test_softmax_crossentropy_backward_of_huge_logits_is_finite_and_rows_sum_to_zero():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        gradient = nn.softmax_crossentropy_backward([0, 2], np.array([[1000.0, 0.0, -1000.0], [1000.0, 0.0, -1000.0]]))
    np.testing.assert_allclose(gradient, [[0.0, 0.0, 0.0], [0.5, 0.0, -0.5]], atol=1e-12)
    np.testing.assert_allclose(gradient.sum(axis=1), 0.0, atol=1e-12)


# The gradient check itself, on functions with known gradients.


def test_numerical_gradient_of_known_functions():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    np.testing.assert_allclose(nn.numerical_gradient(lambda v: np.sum(v**2), x), 2 * x, rtol=1e-8)
    np.testing.assert_allclose(nn.numerical_gradient(lambda v: np.sum(np.sin(v)), x), np.cos(x), rtol=1e-8)
    A = np.array([[2.0, 1.0], [0.0, 3.0]])
    vector = np.array([1.0, -2.0])
    # f(v) = vᵀ A v has the gradient (A + Aᵀ) v
    np.testing.assert_allclose(nn.numerical_gradient(lambda v: v @ A @ v, vector), (A + A.T) @ vector, rtol=1e-8)


def test_numerical_gradient_of_a_scalar_and_leaves_its_input_unchanged():
    x = np.array([1.0, 2.0])
    before = x.copy()
    nn.numerical_gradient(lambda v: np.prod(v), x)
    np.testing.assert_array_equal(x, before)
    assert nn.numerical_gradient(lambda v: v**3, np.array(2.0)) == pytest.approx(12.0, rel=1e-8)


def test_rel_error_of_known_pairs():
    assert nn.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert nn.rel_error(np.zeros(3), np.zeros(3)) == 0.0  # both 0: no division by zero
    assert nn.rel_error([1.0], [3.0]) == pytest.approx(0.5)  # |1 − 3| / (1 + 3)
    assert nn.rel_error([1.0, 10.0], [1.0, -10.0]) == pytest.approx(1.0)  # opposite signs: the largest error
    assert nn.rel_error([1e-12], [0.0]) == pytest.approx(1e-4)  # tiny values are compared with 1e-8


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: nn.sigmoid_backward(np.zeros(3), np.zeros(4)), r"dout of the same shape as x, \(4,\)"),
        (lambda: nn.relu_backward(np.zeros((2, 3)), np.zeros((3, 2))), r"dout of the same shape as x"),
        (lambda: nn.dense_backward(np.zeros((2, 4)), np.zeros((2, 3)), np.zeros((3, 5))), r"dout of shape \(2, 5\)"),
        (lambda: nn.dense_backward(np.zeros((2, 5)), np.zeros((2, 4)), np.zeros((3, 5))), r"x of shape \(\.\.\., 3\)"),
        (lambda: nn.softmax_crossentropy_backward([0, 1, 2], np.zeros((2, 3))), r"one label per example"),
        (lambda: nn.softmax_crossentropy_backward([0, 3], np.zeros((2, 3))), r"labels in \[0, 3\)"),
        (lambda: nn.numerical_gradient(lambda v: v, np.zeros(3)), r"f to return one number"),
        (lambda: nn.numerical_gradient(np.sum, np.zeros(3), eps=0), r"eps > 0"),
        (lambda: nn.rel_error(np.zeros(2), np.zeros(3)), r"a and b of the same shape"),
    ],
)
def test_bad_input_raises_a_value_error_saying_what_was_expected(call, expected):
    with pytest.raises(ValueError, match=expected):
        call()
