"""dl101.nn equals TensorFlow/Keras: activations, their derivatives, losses and the dense layer.

Each NumPy reference is compared with its Keras counterpart on random inputs of several shapes
and on extreme inputs (±1000, probabilities of exactly 0 and 1), where it must also stay finite
without floating-point warnings.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from dl101 import nn  # noqa: E402

SHAPES = [(7,), (4, 3), (2, 3, 5)]
EXTREMES = np.array([-1000.0, -80.0, -1.0, -1e-9, 0.0, 1e-9, 1.0, 80.0, 1000.0])
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}  # float32 tolerance
FLOAT64 = {"rtol": 1e-10, "atol": 1e-12}
# TensorFlow stores leaky ReLU's slope as a float32 (0.2 becomes 0.20000000298), even for float64 inputs.
SLOPE_IN_FLOAT32 = {"rtol": 1e-7, "atol": 1e-12}

ELEMENTWISE = {
    "sigmoid": (nn.sigmoid, nn.sigmoid_derivative, keras.activations.sigmoid),
    "tanh": (nn.tanh, nn.tanh_derivative, keras.activations.tanh),
    "relu": (nn.relu, nn.relu_derivative, keras.activations.relu),
    "leaky_relu": (nn.leaky_relu, nn.leaky_relu_derivative, keras.activations.leaky_relu),
}
TOLERANCE = {"sigmoid": FLOAT64, "tanh": FLOAT64, "relu": FLOAT64, "leaky_relu": SLOPE_IN_FLOAT32}


def random(shape, seed=0, scale=3.0):
    return scale * np.random.default_rng(seed).standard_normal(shape)


def tf_gradient(function, x):
    """d(sum of function(x))/dx by tf.GradientTape: for an elementwise function, its derivative."""
    x = tf.Variable(x)
    with tf.GradientTape() as tape:
        total = tf.reduce_sum(function(x))
    return tape.gradient(total, x).numpy()


def tf_batch_jacobian(function, x):
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = function(x)
    return tape.batch_jacobian(y, x).numpy()


@pytest.fixture(autouse=True)
def _floating_point_errors_raise():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        yield


# Activations and their derivatives.


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_activation_equals_keras_on_random_inputs(name, shape):
    ours, _, theirs = ELEMENTWISE[name]
    x = random(shape)
    np.testing.assert_allclose(ours(x), theirs(x.astype(np.float32)).numpy(), **FLOAT32)
    np.testing.assert_allclose(ours(x), theirs(x).numpy(), **TOLERANCE[name])


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_activation_is_finite_and_equals_keras_on_extreme_inputs(name):
    ours, derivative, theirs = ELEMENTWISE[name]
    assert np.all(np.isfinite(ours(EXTREMES))) and np.all(np.isfinite(derivative(EXTREMES)))
    np.testing.assert_allclose(ours(EXTREMES), theirs(EXTREMES).numpy(), **TOLERANCE[name])


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_derivative_equals_the_gradient_tape(name, shape):
    _, derivative, theirs = ELEMENTWISE[name]
    x = random(shape, seed=1)
    np.testing.assert_allclose(derivative(x), tf_gradient(theirs, x), **TOLERANCE[name])


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_derivative_at_extreme_inputs_equals_the_gradient_tape(name):
    _, derivative, theirs = ELEMENTWISE[name]
    np.testing.assert_allclose(derivative(EXTREMES), tf_gradient(theirs, EXTREMES), **TOLERANCE[name])


@pytest.mark.parametrize("slope", [0.01, 0.2, 0.3])
def test_leaky_relu_uses_its_negative_slope(slope):
    x = random((5, 4))
    expected = keras.activations.leaky_relu(x, negative_slope=slope)
    np.testing.assert_allclose(nn.leaky_relu(x, slope), expected, **SLOPE_IN_FLOAT32)
    gradient = tf_gradient(lambda t: keras.activations.leaky_relu(t, negative_slope=slope), x)
    np.testing.assert_allclose(nn.leaky_relu_derivative(x, slope), gradient, **SLOPE_IN_FLOAT32)


def test_step_is_one_only_for_positive_inputs():
    np.testing.assert_array_equal(nn.step([-2.0, -1e-12, 0.0, 1e-12, 3.0]), [0, 0, 0, 1, 1])


@pytest.mark.parametrize("shape", [(6,), (4, 5), (2, 3, 4)], ids=str)
@pytest.mark.parametrize("function", ["softmax", "log_softmax"])
def test_softmax_and_log_softmax_equal_keras(function, shape):
    x = random(shape, seed=2)
    ours, theirs = getattr(nn, function), getattr(keras.activations, function)
    np.testing.assert_allclose(ours(x), theirs(x.astype(np.float32)).numpy(), **FLOAT32)
    np.testing.assert_allclose(ours(x), theirs(x).numpy(), **FLOAT64)


@pytest.mark.parametrize("axis", [0, 1])
def test_softmax_along_another_axis_equals_keras(axis):
    x = random((4, 5), seed=3)
    np.testing.assert_allclose(nn.softmax(x, axis=axis), keras.activations.softmax(x, axis=axis).numpy(), **FLOAT64)
    np.testing.assert_allclose(nn.softmax(x, axis=axis).sum(axis=axis), 1.0, **FLOAT64)


def test_softmax_and_log_softmax_of_extreme_logits_are_finite_and_equal_keras():
    x = np.array([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, -1000.0], [-1000.0, -1000.0, -1000.0]])
    for function in ("softmax", "log_softmax"):
        ours = getattr(nn, function)(x)
        assert np.all(np.isfinite(ours))
        np.testing.assert_allclose(ours, getattr(keras.activations, function)(x).numpy(), **FLOAT64)
    np.testing.assert_allclose(nn.softmax(x)[1], [0.5, 0.5, 0.0])


@pytest.mark.parametrize("function", ["softmax", "log_softmax"])
def test_softmax_jacobians_equal_the_gradient_tape(function):
    x = np.concatenate([random((5, 4), seed=4), [[1000.0, -1000.0, 0.0, 3.0]]])
    ours = getattr(nn, f"{function}_jacobian")(x)
    assert ours.shape == (6, 4, 4)
    np.testing.assert_allclose(ours, tf_batch_jacobian(getattr(tf.nn, function), x), **FLOAT64)


# Losses: the batch mean, as Keras's loss classes.

REGRESSION = {
    "mse": (nn.mse, keras.losses.MeanSquaredError),
    "mae": (nn.mae, keras.losses.MeanAbsoluteError),
    "huber": (nn.huber, keras.losses.Huber),
}


@pytest.mark.parametrize("name", sorted(REGRESSION))
@pytest.mark.parametrize("shape", [(8,), (8, 1), (6, 3)], ids=str)
def test_regression_loss_equals_keras(name, shape):
    ours, keras_class = REGRESSION[name]
    y_true, y_pred = random(shape, seed=5), random(shape, seed=6)
    assert ours(y_true, y_pred) == pytest.approx(float(keras_class()(y_true, y_pred)), rel=1e-5)
    assert ours(y_true, y_pred) == pytest.approx(float(keras_class(dtype="float64")(y_true, y_pred)), rel=1e-10)


@pytest.mark.parametrize("delta", [0.1, 1.0, 2.5])
def test_huber_equals_keras_for_every_delta_and_extreme_residuals(delta):
    y_true = np.array([0.0, 0.0, 0.0, 0.0, 5.0])
    y_pred = np.array([0.05, -0.5, 1000.0, -1000.0, 5.0])
    expected = float(keras.losses.Huber(delta=delta, dtype="float64")(y_true, y_pred))
    assert nn.huber(y_true, y_pred, delta=delta) == pytest.approx(expected, rel=1e-10)


def test_binary_crossentropy_equals_keras_on_random_probabilities_and_logits():
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, size=(10, 1)).astype(float)
    logits = random((10, 1), seed=8)
    p = nn.sigmoid(logits)
    keras_p = float(keras.losses.BinaryCrossentropy(dtype="float64")(y, p))
    keras_logits = float(keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")(y, logits))
    assert nn.binary_crossentropy(y, p) == pytest.approx(keras_p, rel=1e-10)
    assert nn.binary_crossentropy(y, logits, from_logits=True) == pytest.approx(keras_logits, rel=1e-10)
    assert nn.binary_crossentropy(y, p.astype(np.float32)) == pytest.approx(
        float(keras.losses.BinaryCrossentropy()(y, p)), rel=1e-5
    )


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_binary_crossentropy_of_certain_probabilities_and_huge_logits_is_finite_and_equals_keras(dtype):
    y = np.array([1.0, 0.0, 1.0, 0.0], dtype=dtype)
    p = np.array([0.0, 1.0, 1.0, 0.0], dtype=dtype)  # two certain and wrong, two certain and right
    logits = np.array([-1000.0, 1000.0, 1000.0, -1000.0], dtype=dtype)
    ours_p, ours_logits = nn.binary_crossentropy(y, p), nn.binary_crossentropy(y, logits, from_logits=True)
    assert np.isfinite(ours_p) and np.isfinite(ours_logits)
    tolerance = 1e-6 if dtype == "float32" else 1e-10  # Keras computes in the given dtype, NumPy in float64
    assert ours_p == pytest.approx(float(keras.losses.BinaryCrossentropy(dtype=dtype)(y, p)), rel=tolerance)
    expected = float(keras.losses.BinaryCrossentropy(from_logits=True, dtype=dtype)(y, logits))
    assert ours_logits == pytest.approx(expected, rel=tolerance)


def one_hot(labels, k):
    return np.eye(k)[labels]


@pytest.mark.parametrize("from_logits", [False, True])
def test_categorical_and_sparse_crossentropy_equal_keras_on_random_inputs(from_logits):
    rng = np.random.default_rng(9)
    labels = rng.integers(0, 4, size=12)
    logits = random((12, 4), seed=10)
    scores = logits if from_logits else nn.softmax(logits)
    categorical = keras.losses.CategoricalCrossentropy(from_logits=from_logits, dtype="float64")
    sparse = keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits, dtype="float64")
    ours_categorical = nn.categorical_crossentropy(one_hot(labels, 4), scores, from_logits=from_logits)
    ours_sparse = nn.sparse_categorical_crossentropy(labels, scores, from_logits=from_logits)
    assert ours_categorical == pytest.approx(float(categorical(one_hot(labels, 4), scores)), rel=1e-10)
    assert ours_sparse == pytest.approx(float(sparse(labels, scores)), rel=1e-10)
    assert ours_sparse == pytest.approx(ours_categorical, rel=1e-10)


def test_crossentropies_of_zero_probabilities_and_huge_logits_are_finite_and_equal_keras():
    labels = np.array([0, 1, 2])
    p = np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    logits = np.array([[-1000.0, 1000.0, 0.0], [-1000.0, 1000.0, 0.0], [1000.0, 1000.0, -1000.0]])
    for scores, from_logits in ((p, False), (logits, True)):
        categorical = nn.categorical_crossentropy(one_hot(labels, 3), scores, from_logits=from_logits)
        sparse = nn.sparse_categorical_crossentropy(labels, scores, from_logits=from_logits)
        assert np.isfinite(categorical) and np.isfinite(sparse)
        keras_categorical = keras.losses.CategoricalCrossentropy(from_logits=from_logits, dtype="float64")
        keras_sparse = keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits, dtype="float64")
        assert categorical == pytest.approx(float(keras_categorical(one_hot(labels, 3), scores)), rel=1e-10)
        assert sparse == pytest.approx(float(keras_sparse(labels, scores)), rel=1e-10)


def test_nll_of_log_softmax_equals_keras_sparse_crossentropy_from_logits():
    labels = np.array([3, 0, 1, 1, 2])
    logits = np.vstack([random((4, 4), seed=11), [[1000.0, -1000.0, 0.0, 1.0]]])
    expected = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")(labels, logits))
    assert nn.nll(labels, nn.log_softmax(logits)) == pytest.approx(expected, rel=1e-10)


def test_sparse_labels_may_be_a_column_as_in_keras():
    p = nn.softmax(random((5, 3), seed=12))
    labels = np.array([0, 2, 1, 1, 0])
    assert nn.sparse_categorical_crossentropy(labels[:, None], p) == nn.sparse_categorical_crossentropy(labels, p)


# The dense layer.


@pytest.mark.parametrize(("batch", "n_in", "n_out"), [(1, 3, 2), (16, 5, 4), (8, 1, 1)])
def test_dense_equals_a_keras_dense_layer_with_the_same_weights(batch, n_in, n_out):
    x, W, b = random((batch, n_in), seed=13), random((n_in, n_out), seed=14), random((n_out,), seed=15)
    layer = keras.layers.Dense(n_out)
    layer.build((None, n_in))
    layer.set_weights([W.astype(np.float32), b.astype(np.float32)])
    np.testing.assert_allclose(nn.dense(x, W, b), layer(x.astype(np.float32)).numpy(), rtol=1e-5, atol=1e-5)


def test_dense_accepts_extra_leading_axes_like_keras():
    x, W, b = random((2, 3, 4), seed=16), random((4, 5), seed=17), random((5,), seed=18)
    layer = keras.layers.Dense(5)
    layer.build((None, 3, 4))
    layer.set_weights([W, b])
    np.testing.assert_allclose(nn.dense(x, W, b), layer(x).numpy(), rtol=1e-5, atol=1e-5)


# Bad input: a ValueError that says what was expected.


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: nn.mse(np.zeros(3), np.zeros(4)), r"same shape.*\(3,\) and \(4,\)"),
        (lambda: nn.huber(np.zeros(3), np.zeros(3), delta=0), "delta > 0"),
        (lambda: nn.binary_crossentropy(np.zeros((3, 1)), np.zeros(3)), "same shape"),
        (lambda: nn.categorical_crossentropy(np.zeros(3), np.zeros(3)), r"\(n_examples, n_classes\)"),
        (
            lambda: nn.sparse_categorical_crossentropy([0, 1], np.ones((3, 2)) / 2),
            r"one label per example, \(3,\)",
        ),
        (lambda: nn.sparse_categorical_crossentropy([0, 2, 1], np.ones((3, 2)) / 2), r"labels in \[0, 2\)"),
        (lambda: nn.sparse_categorical_crossentropy([0, 0.5, 1], np.ones((3, 2)) / 2), "integer class labels"),
        (lambda: nn.nll([0, 1], np.zeros(2)), r"\(n_examples, n_classes\)"),
        (lambda: nn.dense(np.zeros((2, 3)), np.zeros((4, 5)), np.zeros(5)), r"x of shape \(\.\.\., 4\)"),
        (lambda: nn.dense(np.zeros((2, 4)), np.zeros((4, 5)), np.zeros(4)), r"b of shape \(5,\)"),
        (lambda: nn.dense(np.zeros((2, 4)), np.zeros(4), np.zeros(1)), r"W of shape \(n_in, n_out\)"),
        (lambda: nn.softmax(5.0), "at least one value along axis"),
        (lambda: nn.sigmoid("bright"), "expected x to be numbers"),
    ],
)
def test_bad_input_raises_a_value_error_saying_what_was_expected(call, expected):
    with pytest.raises(ValueError, match=expected):
        call()
