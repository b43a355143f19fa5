"""dl101.nn's convolution and pooling equal TensorFlow: tf.nn.conv2d, Keras's Conv2D, MaxPooling2D and AveragePooling2D.

Random images and kernels over a grid of batch sizes, image sizes (odd and even), channel counts,
kernel sizes 1–5, strides 1–3 (square and not) and both paddings, compared in float64 (TensorFlow
computes these ops in float64 when given float64) and, against Keras's float32 layers, with a
float32 tolerance. Small hand-worked examples pin down where "same" puts its padding.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from dl101 import nn  # noqa: E402

FLOAT32 = {"rtol": 1e-5, "atol": 1e-5}
FLOAT64 = {"rtol": 1e-10, "atol": 1e-12}
PADDINGS = ["valid", "same"]

# (batch, height, width, in_channels, kernel (height, width), out_channels, stride)
CONV_CASES = [
    (1, 5, 5, 1, (1, 1), 1, 1),
    (2, 6, 7, 3, (3, 3), 4, 1),
    (3, 7, 6, 2, (2, 2), 3, 2),
    (2, 8, 8, 3, (3, 3), 2, 2),
    (1, 9, 9, 4, (5, 5), 2, 1),
    (2, 10, 9, 1, (4, 4), 3, 3),
    (1, 7, 8, 2, (3, 5), 2, (1, 2)),
    (2, 9, 6, 3, (2, 3), 1, (3, 1)),
    (1, 6, 10, 2, (5, 1), 4, (2, 3)),
    (4, 11, 11, 3, (3, 3), 8, 3),
]
# (batch, height, width, channels, pool_size, stride); a stride of None is the pool size, as in Keras.
POOL_CASES = [
    (1, 4, 4, 1, 2, None),
    (2, 7, 7, 3, 2, None),
    (3, 6, 9, 2, 3, None),
    (2, 8, 7, 1, 3, 2),
    (1, 9, 9, 4, 2, 1),
    (2, 5, 6, 3, 1, 2),
    (1, 10, 11, 2, 4, 3),
    (2, 7, 8, 2, (2, 3), None),
    (1, 9, 7, 3, (3, 2), (1, 2)),
    (2, 8, 9, 1, (1, 4), (3, 1)),
    (1, 5, 7, 5, 5, 1),
]
POOLS = {
    "max": (nn.max_pool2d, keras.layers.MaxPooling2D),
    "avg": (nn.avg_pool2d, keras.layers.AveragePooling2D),
}
CONVS = {"conv2d": nn.conv2d, "conv2d_loop": nn.conv2d_loop}


def random(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def tf_conv2d(x, w, b, stride, padding):
    """TensorFlow's convolution plus a bias, computed in the inputs' dtype."""
    return tf.nn.conv2d(x, w, strides=stride, padding=padding.upper()).numpy() + b


def keras_pool(layer_class, x, pool_size, stride, padding):
    layer = layer_class(pool_size=pool_size, strides=stride, padding=padding, dtype="float64")
    return layer(x).numpy()


def conv_inputs(case, seed=0):
    batch, height, width, c_in, (kh, kw), c_out, _ = case
    return random((batch, height, width, c_in), seed), random((kh, kw, c_in, c_out), seed + 1), random(c_out, seed + 2)


# Convolution.


@pytest.mark.parametrize("function", sorted(CONVS))
@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("case", CONV_CASES, ids=str)
def test_conv2d_equals_tf_nn_conv2d_in_float64(function, padding, case):
    x, w, b = conv_inputs(case)
    stride = case[-1]
    ours = CONVS[function](x, w, b, stride=stride, padding=padding)
    expected = tf_conv2d(x, w, b, stride, padding)
    assert ours.dtype == np.float64 and ours.shape == expected.shape
    np.testing.assert_allclose(ours, expected, **FLOAT64)


@pytest.mark.parametrize("function", sorted(CONVS))
def test_conv2d_without_bias_equals_tf_nn_conv2d(function):
    x, w, _ = conv_inputs(CONV_CASES[3], seed=3)
    np.testing.assert_allclose(CONVS[function](x, w, stride=2), tf_conv2d(x, w, 0.0, 2, "valid"), **FLOAT64)


@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("case", [CONV_CASES[1], CONV_CASES[6], CONV_CASES[9]], ids=str)
def test_conv2d_equals_a_keras_conv2d_layer_in_float32(padding, case):
    x, w, b = conv_inputs(case, seed=4)
    layer = keras.layers.Conv2D(w.shape[3], w.shape[:2], strides=case[-1], padding=padding)
    layer.build(x.shape)
    layer.set_weights([w.astype(np.float32), b.astype(np.float32)])
    expected = layer(x.astype(np.float32)).numpy()
    np.testing.assert_allclose(nn.conv2d(x, w, b, case[-1], padding), expected, **FLOAT32)


def test_same_padding_puts_the_extra_pixel_at_the_bottom_and_right():
    # A row 1..5 and a 1×2 kernel of ones: "same" pads one zero, after the last pixel, so the sums are
    # 1+2, 2+3, 3+4, 4+5, 5+0; the column 1..5 with a 2×1 kernel likewise pads at the bottom.
    row = np.arange(1.0, 6.0).reshape(1, 1, 5, 1)
    expected = np.array([3.0, 5.0, 7.0, 9.0, 5.0])
    np.testing.assert_array_equal(nn.conv2d(row, np.ones((1, 2, 1, 1)), padding="same").ravel(), expected)
    column = row.reshape(1, 5, 1, 1)
    np.testing.assert_array_equal(nn.conv2d_loop(column, np.ones((2, 1, 1, 1)), padding="same").ravel(), expected)
    np.testing.assert_array_equal(tf_conv2d(row, np.ones((1, 2, 1, 1)), 0.0, 1, "same").ravel(), expected)


def test_the_kernel_is_not_flipped():
    # Cross-correlation, as in TensorFlow: the kernel [1, 10] on 1..4 gives 1·1 + 10·2 = 21, not 1·10 + 2·1 = 12.
    row = np.arange(1.0, 5.0).reshape(1, 1, 4, 1)
    kernel = np.array([1.0, 10.0]).reshape(1, 2, 1, 1)
    np.testing.assert_array_equal(nn.conv2d(row, kernel).ravel(), [21.0, 32.0, 43.0])
    np.testing.assert_array_equal(nn.conv2d_loop(row, kernel).ravel(), [21.0, 32.0, 43.0])


def test_a_kernel_larger_than_the_image_is_allowed_with_same_padding():
    x, w = random((2, 3, 2, 2), seed=5), random((5, 4, 2, 3), seed=6)
    expected = tf_conv2d(x, w, 0.0, 1, "same")
    np.testing.assert_allclose(nn.conv2d(x, w, padding="same"), expected, **FLOAT64)
    np.testing.assert_allclose(nn.conv2d_loop(x, w, padding="same"), expected, **FLOAT64)


def test_padding_names_are_case_insensitive_as_tf_nn_spells_them_in_capitals():
    x, w, _ = conv_inputs(CONV_CASES[2], seed=7)
    np.testing.assert_array_equal(nn.conv2d(x, w, padding="SAME"), nn.conv2d(x, w, padding="same"))
    np.testing.assert_array_equal(nn.max_pool2d(x, padding="Same"), nn.max_pool2d(x, padding="same"))


# Pooling.


@pytest.mark.parametrize("kind", sorted(POOLS))
@pytest.mark.parametrize("padding", PADDINGS)
@pytest.mark.parametrize("case", POOL_CASES, ids=str)
def test_pooling_equals_keras_in_float64(kind, padding, case):
    batch, height, width, channels, pool_size, stride = case
    ours_function, layer_class = POOLS[kind]
    x = random((batch, height, width, channels), seed=8)
    ours = ours_function(x, pool_size, stride, padding)
    expected = keras_pool(layer_class, x, pool_size, stride, padding)
    assert ours.dtype == np.float64 and ours.shape == expected.shape
    np.testing.assert_allclose(ours, expected, **FLOAT64)


@pytest.mark.parametrize("kind", sorted(POOLS))
def test_pooling_float32_inputs_equal_keras_float32_layers(kind):
    ours_function, layer_class = POOLS[kind]
    x = random((2, 7, 9, 3), seed=9).astype(np.float32)
    expected = layer_class(pool_size=3, strides=2, padding="same")(x).numpy()
    np.testing.assert_allclose(ours_function(x, 3, 2, "same"), expected, **FLOAT32)


def test_average_pooling_with_same_padding_averages_only_the_real_pixels():
    # 1..4 with a window of 3 and stride 2: "same" pads one pixel on the right, so the windows are
    # [1, 2, 3] and [3, 4]; their means are 2 and 3.5 (3.5 · 2 / 3 ≈ 2.33 if the padding counted).
    row = np.arange(1.0, 5.0).reshape(1, 1, 4, 1)
    expected = np.array([2.0, 3.5])
    np.testing.assert_array_equal(nn.avg_pool2d(row, (1, 3), 2, "same").ravel(), expected)
    np.testing.assert_array_equal(keras_pool(keras.layers.AveragePooling2D, row, (1, 3), 2, "same").ravel(), expected)


def test_max_pooling_with_same_padding_never_picks_the_padding():
    # −1..−4: a padded zero would win the second window [−3, −4, pad]; it must not.
    row = -np.arange(1.0, 5.0).reshape(1, 1, 4, 1)
    expected = np.array([-1.0, -3.0])
    np.testing.assert_array_equal(nn.max_pool2d(row, (1, 3), 2, "same").ravel(), expected)
    np.testing.assert_array_equal(keras_pool(keras.layers.MaxPooling2D, row, (1, 3), 2, "same").ravel(), expected)


def test_pooling_keeps_channels_and_examples_apart():
    x = np.zeros((2, 4, 4, 3))
    x[1, 0, 0, 2] = 8.0  # one bright pixel: second example, last channel
    expected = np.zeros((2, 2, 2, 3))
    expected[1, 0, 0, 2] = 8.0
    np.testing.assert_array_equal(nn.max_pool2d(x), expected)
    np.testing.assert_array_equal(nn.avg_pool2d(x), expected / 4)


# Output sizes.


def test_conv_output_size_equals_the_shapes_tensorflow_returns():
    for padding in PADDINGS:
        for n in range(1, 10):
            for k in range(1, 6):
                if padding == "valid" and k > n:
                    continue  # TensorFlow returns an empty output; conv_output_size raises (tested below)
                for stride in (1, 2, 3):
                    expected = tf.nn.conv2d(np.zeros((1, n, 1, 1)), np.zeros((k, 1, 1, 1)), stride, padding.upper())
                    assert nn.conv_output_size(n, k, stride, padding) == expected.shape[1], (n, k, stride, padding)


def test_conv_output_size_by_hand():
    assert nn.conv_output_size(32, 3) == 30
    assert nn.conv_output_size(32, 3, 2) == 15
    assert nn.conv_output_size(32, 3, 2, "same") == 16
    assert nn.conv_output_size(7, 7) == 1
    assert nn.conv_output_size(7, 2, 3, "same") == 3


# Bad input: a ValueError that says what was expected.

X = np.zeros((2, 6, 6, 3))
W = np.zeros((3, 3, 3, 4))


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: nn.conv2d(X, np.zeros((3, 3, 2, 4))), r"x of shape \(n, height, width, 2\).*got \(2, 6, 6, 3\)"),
        (lambda: nn.conv2d_loop(X, np.zeros((3, 3, 2, 4))), r"x of shape \(n, height, width, 2\)"),
        (lambda: nn.conv2d(X[0], W), r"x of shape \(n, height, width, channels\), got \(6, 6, 3\)"),
        (lambda: nn.conv2d(X, W[0]), r"w of shape \(kernel_height, kernel_width, in_channels, out_channels\)"),
        (lambda: nn.conv2d(X, W, np.zeros(3)), r"b of shape \(4,\)"),
        (lambda: nn.conv2d(X, W, padding="full"), r"padding \"valid\" or \"same\", got 'full'"),
        (lambda: nn.conv2d(X, W, padding=1), r"padding \"valid\" or \"same\", got 1"),
        (lambda: nn.conv2d(X, np.zeros((7, 3, 3, 4))), r"window no larger than the image.*\(7, 3\).*\(2, 6, 6, 3\)"),
        (lambda: nn.conv2d_loop(X, np.zeros((3, 7, 3, 4))), r"window no larger than the image"),
        (lambda: nn.conv2d(X, W, stride=0), "stride to be a positive int or a pair"),
        (lambda: nn.conv2d(X, W, stride=(1, 2, 1)), "stride to be a positive int or a pair"),
        (lambda: nn.conv2d(X, W, stride=1.5), "stride to be a positive int or a pair"),
        (lambda: nn.conv2d("image", W), "expected x to be numbers"),
        (lambda: nn.max_pool2d(X[0]), r"x of shape \(n, height, width, channels\), got \(6, 6, 3\)"),
        (lambda: nn.avg_pool2d(np.zeros(5)), r"x of shape \(n, height, width, channels\), got \(5,\)"),
        (lambda: nn.max_pool2d(X, 7), r"window no larger than the image.*\(7, 7\)"),
        (lambda: nn.avg_pool2d(X, (2, 7)), r"window no larger than the image.*\(2, 7\)"),
        (lambda: nn.avg_pool2d(X, padding="causal"), r"padding \"valid\" or \"same\""),
        (lambda: nn.max_pool2d(X, pool_size=0), "pool_size to be a positive int or a pair"),
        (lambda: nn.max_pool2d(X, stride=(2, -1)), "stride to be a positive int or a pair"),
        (lambda: nn.conv_output_size(3, 5), r"kernel no larger than the input.*kernel 5 > input 3"),
        (lambda: nn.conv_output_size(0, 1), "n to be a positive int"),
        (lambda: nn.conv_output_size(5, 2, 0), "stride to be a positive int"),
        (lambda: nn.conv_output_size(5, 2, 1, "SAMEE"), r"padding \"valid\" or \"same\""),
    ],
)
def test_bad_input_raises_a_value_error_saying_what_was_expected(call, expected):
    with pytest.raises(ValueError, match=expected):
        call()
