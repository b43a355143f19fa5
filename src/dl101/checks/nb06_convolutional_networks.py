"""Checks for notebook 06: a 2-D convolution by hand, the output size, max pooling, a conv layer's parameters."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe, same, whole_number
from dl101.nn import conv2d, conv_output_size, max_pool2d


def _array(got, expected: np.ndarray, what: str, lists: Known) -> np.ndarray:
    """The learner's output as later cells use it: a NumPy array of float64 (the right numbers in a list: ``lists``)."""
    if isinstance(got, (list, tuple)) and same(got, expected):
        raise lists(what=describe(got))
    as_array(got, what, array=True)
    if got.dtype != np.float64:
        raise Mistake(
            f"{what} is an array of {got.dtype}, but the inputs are float64: later cells compare it with TensorFlow's.",
            "Create the output as float64, for example np.zeros(shape), and keep the arithmetic in NumPy floats.",
        )
    return got


# Exercise 1: one filter on one channel, "valid" padding, stride 1, plus a bias. (image, kernel, bias):
# a square image and a kernel with no symmetry, so a flipped or transposed kernel gives other numbers;
# a non-square image and kernel; a kernel as tall as the image (one output row) and the bias 0.0 of the notebook.
CONV_CASES = (
    (
        np.arange(36.0).reshape(6, 6) % 7 - 0.5 * np.arange(6),
        np.array([[1.0, 0.0, -2.0], [0.5, 3.0, 0.0], [-1.0, 0.0, 0.25]]),
        0.5,
    ),
    (
        np.random.default_rng(6).integers(-4, 5, size=(5, 7)).astype(float),
        np.array([[0.0, 1.0, -1.0], [2.0, 0.5, 0.0]]),
        -1.0,
    ),
    (np.arange(15.0).reshape(3, 5) ** 2 / 10, np.array([[1.0, -1.0], [0.5, 2.0], [0.0, -0.5]]), 0.0),
)


def _slide(image, kernel, bias, stop_early=0, window=lambda image, i, j, kh, kw: image[i : i + kh, j : j + kw]):
    """A loop over the "valid" positions, as the text suggests; ``window`` picks what meets the kernel."""
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0] - stop_early):
        for j in range(out.shape[1] - stop_early):
            out[i, j] = np.sum(window(image, i, j, kh, kw) * kernel) + bias
    return out


def _conv_bias_in_the_sum(image, kernel, bias):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel + bias)
    return out


def _conv_without_plus_one(image, kernel, bias):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh, image.shape[1] - kw))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel) + bias
    return out


def _conv_same_size(image, kernel, bias):
    kh, kw = kernel.shape
    return _slide(np.pad(image, ((kh // 2, kh - 1 - kh // 2), (kw // 2, kw - 1 - kw // 2))), kernel, bias)


def _conv_fixed_three_by_three(image, kernel, bias):
    out = np.zeros((image.shape[0] - 2, image.shape[1] - 2))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + 3, j : j + 3] * kernel) + bias
    return out


def _conv_matrix_product(image, kernel, bias):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + kh, j : j + kw] @ kernel) + bias
    return out


def _conv_window_missing(image, kernel, bias):
    kh, kw = kernel.shape
    return image[: image.shape[0] - kh + 1, : image.shape[1] - kw + 1] * np.sum(kernel) + bias


def _conv_window_multiplied_in_place(image, kernel, bias):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i, j in np.ndindex(out.shape):
        window = image[i : i + kh, j : j + kw]  # a view of the caller's image
        window *= kernel
        out[i, j] = np.sum(window) + bias
    return out


def _conv_lists(image, kernel, bias):
    kh, kw = kernel.shape
    rows, columns = image.shape[0] - kh + 1, image.shape[1] - kw + 1
    return [[np.sum(image[i : i + kh, j : j + kw] * kernel) + bias for j in range(columns)] for i in range(rows)]


WINDOW = "out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel) + bias"
CONV_VALUE_MISTAKES = (
    Known(
        "flipped kernel",
        lambda image, kernel, bias: _slide(image, kernel[::-1, ::-1], bias),
        "Your kernel is flipped: that is the convolution of signal processing, but TensorFlow (and every deep "
        "learning library) computes the cross-correlation, with the kernel as it is.",
        f"Do not reverse the kernel: {WINDOW}.",
    ),
    Known(
        "bias missing",
        lambda image, kernel, bias: _slide(image, kernel, 0.0),
        "The bias is missing.",
        "Add the bias once to each output pixel: np.sum(window * kernel) + bias.",
    ),
    Known(
        "bias in the sum",
        _conv_bias_in_the_sum,
        "The bias is added to each product of the window, not once per output pixel.",
        "Sum the products first, then add the bias: np.sum(window * kernel) + bias.",
    ),
    Known(
        "stops early",
        lambda image, kernel, bias: _slide(image, kernel, bias, stop_early=1),
        "The last row and column of the output are wrong: your loops stop one window early.",
        "The last window starts at row h − kh: loop with range(h − kh + 1) and range(w − kw + 1).",
    ),
    Known(
        "plus one missing",
        _conv_without_plus_one,
        "The last row and column of the output are missing: the output has h − kh rows, not h − kh + 1.",
        "An image of h rows holds h − kh + 1 windows of kh rows: the first position counts too.",
    ),
    Known(
        "rows and columns swapped",
        lambda image, kernel, bias: _slide(
            image, kernel, bias, window=lambda im, i, j, kh, kw: im[j : j + kh, i : i + kw]
        ),
        "Rows and columns are swapped: your window is image[j:j + kh, i:i + kw].",
        f"The row index i selects rows, the first axis: {WINDOW}.",
    ),
    Known(
        "same padding",
        _conv_same_size,
        'Your output has the shape of the input: that is "same" padding.',
        'With "valid" padding the kernel stays inside the image: the output is (h − kh + 1, w − kw + 1).',
    ),
    Known(
        "matrix product",
        _conv_matrix_product,
        "You multiplied each window by the kernel with a matrix product (@).",
        "Multiply elementwise, then sum: np.sum(window * kernel).",
    ),
    Known(
        "transposed kernel",
        lambda image, kernel, bias: _slide(
            image, kernel.T, bias, window=lambda im, i, j, kh, kw: im[i : i + kw, j : j + kh]
        ),
        "The kernel is transposed.",
        f"Use it as given: {WINDOW}.",
    ),
    Known(
        "window missing",
        _conv_window_missing,
        "Every output pixel multiplies one image pixel by the sum of the kernel: the window is missing.",
        f"Each output pixel is the sum over a window of kh × kw pixels: {WINDOW}.",
    ),
)
CONV_FIXED_THREE = Known(
    "fixed 3x3",
    _conv_fixed_three_by_three,
    "Your function works with a 3×3 kernel, but not with a kernel of shape {shape}: {error}",
    "Take kh, kw = kernel.shape rather than a fixed 3, and the output's size from the image's shape.",
)
CONV_IN_PLACE = Known(
    "in place",
    _conv_window_multiplied_in_place,
    "Your function changed the caller's {name} in place; later cells still use it.",
    "A slice image[i:i + kh, j:j + kw] is a view: `window *= kernel` changes the image itself (and the notebook's "
    "r band is a view of a galaxy). Compute new arrays instead: np.sum(window * kernel).",
)
CONV_LISTS = Known(
    "list",
    _conv_lists,
    "Your numbers are right, but they come as {what}; later cells use the output as an array.",
    "Fill an array, out = np.zeros((h - kh + 1, w - kw + 1)), or wrap the result in np.array(...).",
)
CONV_MISTAKES = (*CONV_VALUE_MISTAKES, CONV_FIXED_THREE, CONV_IN_PLACE, CONV_LISTS)


def check_conv2d_single(conv2d_single) -> None:
    """The "valid" cross-correlation plus a bias, a float64 array; square, non-square, one output row; inputs kept."""
    for image, kernel, bias in CONV_CASES:
        what = f"conv2d_single(image of shape {image.shape}, kernel of shape {kernel.shape}, bias={bias})"
        try:
            got = call(conv2d_single, image, kernel, bias, in_place=CONV_IN_PLACE, names=("image", "kernel"))
        except Mistake as mistake:  # after the 3×3 case has passed
            if type(mistake) is not Mistake or mistake.known or kernel.shape == (3, 3):
                raise
            raise CONV_FIXED_THREE(shape=kernel.shape, error=mistake.message) from None
        expected = conv2d(image[None, :, :, None], kernel[:, :, None, None])[0, :, :, 0] + bias
        compare(
            _array(got, expected, what, CONV_LISTS),
            expected,
            what,
            CONV_VALUE_MISTAKES,
            (image, kernel, bias),
            hint=f"For every position of the window, {WINDOW}.",
            rtol=1e-12,
            atol=1e-10,  # the notebook compares with tf.nn.conv2d to 1e-10
        )


# Exercise 2: the output size along one axis. The cases tell every formula below from the right one:
# strides that divide n − k and strides that do not (rounding), and even kernels with "same" padding.
SIZE_CASES = (
    (32, 3, 1, "valid"),
    (32, 3, 2, "valid"),
    (7, 3, 2, "valid"),
    (9, 4, 2, "valid"),
    (10, 5, 3, "valid"),
    (32, 3, 1, "same"),
    (32, 3, 2, "same"),
    (7, 3, 2, "same"),
    (28, 5, 3, "same"),
    (9, 2, 4, "same"),
    (32, 4, 1, "same"),
    (32, 4, 2, "same"),
)


ROUNDS = '"valid": (n − k) // stride + 1 (a window that sticks out is dropped); "same": ⌈n / stride⌉.'
SIZE_VALUE_MISTAKES = (
    Known(
        "plus one missing",
        lambda n, k, stride, padding: -(-n // stride) if padding == "same" else (n - k) // stride,
        'With "valid" padding you forgot the + 1: the first window counts too.',
        "n_out = (n − k) // stride + 1: a kernel as large as the image still has one position.",
    ),
    Known(
        "stride ignored",
        lambda n, k, stride, padding: n if padding == "same" else n - k + 1,
        "The stride is ignored.",
        "A stride s moves the window s pixels at a time: divide the positions by it.",
    ),
    Known(
        "valid ignores stride",
        lambda n, k, stride, padding: -(-n // stride) if padding == "same" else n - k + 1,
        'With "valid" padding the stride is ignored.',
        "n_out = (n − k) // stride + 1.",
    ),
    Known(
        "same ignores stride",
        lambda n, k, stride, padding: n if padding == "same" else (n - k) // stride + 1,
        'With "same" padding the stride is ignored: the output has the input\'s size only when the stride is 1.',
        '"same" pads so that n_out = ⌈n / stride⌉.',
    ),
    Known(
        "same as valid",
        lambda n, k, stride, padding: (n - k) // stride + 1,
        '"same" padding is treated like "valid".',
        '"same" pads the input so that n_out = ⌈n / stride⌉, whatever the kernel size.',
    ),
    Known(
        "same rounded down",
        lambda n, k, stride, padding: n // stride if padding == "same" else (n - k) // stride + 1,
        'With "same" padding you rounded down: n // stride.',
        "Round up: ⌈n / stride⌉ is -(-n // stride) in integer arithmetic.",
    ),
    Known(
        "valid rounded up",
        lambda n, k, stride, padding: -(-n // stride) if padding == "same" else -(-(n - k) // stride) + 1,
        'With "valid" padding you rounded up: a window that would stick out of the image is not used.',
        "Round down: n_out = (n − k) // stride + 1.",
    ),
    Known(
        "rounded to nearest",
        lambda n, k, stride, padding: round(n / stride) if padding == "same" else round((n - k) / stride) + 1,
        "You rounded to the nearest integer, where one way is down and the other up.",
        ROUNDS,
    ),
    Known(
        "paddings swapped",
        lambda n, k, stride, padding: (n - k) // stride + 1 if padding == "same" else -(-n // stride),
        '"valid" and "same" are swapped.',
        ROUNDS,
    ),
    Known(
        "precedence",
        lambda n, k, stride, padding: -(-n // stride) if padding == "same" else n - k // stride + 1,
        'With "valid" padding you divided k alone by the stride: n - k // stride is n - (k // stride).',
        "Put the difference in parentheses: (n - k) // stride + 1.",
    ),
    Known(
        "positions divided",
        lambda n, k, stride, padding: -(-n // stride) if padding == "same" else (n - k + 1) // stride,
        'With "valid" padding you divided the n − k + 1 positions by the stride, rounding down.',
        "The first window counts on its own, then one more every stride pixels: (n − k) // stride + 1.",
    ),
    Known(
        "same padding k // 2",
        lambda n, k, stride, padding: (n + 2 * (k // 2 if padding == "same" else 0) - k) // stride + 1,
        'With an even kernel and "same" padding your output has one pixel too many: you padded k // 2 on each side.',
        '"same" pads k − 1 pixels in all when the stride is 1, the odd one on one side: n_out = ⌈n / stride⌉.',
    ),
    Known(
        "same padding (k - 1) // 2",
        lambda n, k, stride, padding: (n + 2 * ((k - 1) // 2 if padding == "same" else 0) - k) // stride + 1,
        'With an even kernel and "same" padding your output has one pixel too few: you padded (k − 1) // 2 on '
        "each side.",
        '"same" pads k − 1 pixels in all when the stride is 1, the odd one on one side: n_out = ⌈n / stride⌉.',
    ),
    Known(
        "true division",
        lambda n, k, stride, padding: n / stride if padding == "same" else (n - k) / stride + 1,
        "Your sizes are fractions, such as 15.5: `/` does not round.",
        "Use integer division: (n - k) // stride + 1 rounds down, -(-n // stride) rounds up.",
    ),
)
SIZE_FLOAT = Known(
    "float",
    lambda n, k, stride, padding: np.ceil(n / stride) if padding == "same" else (n - k) // stride + 1,
    "{what} is {value}: the right size, but a float; later cells use it as an int (a shape, a `:d` format).",
    "np.ceil, np.floor and `/` give floats: use integer division, -(-n // stride) and (n - k) // stride + 1.",
)
SIZE_MISTAKES = (*SIZE_VALUE_MISTAKES, SIZE_FLOAT)


def _on_every_case(known: Known) -> Known:
    """The catalogued formula applied to each of SIZE_CASES: the table of sizes it gives."""
    return replace(known, answer=lambda: [known.answer(*case) for case in SIZE_CASES])


def check_output_size(output_size) -> None:
    """An int for every case: ⌊(n − k) / stride⌋ + 1 for "valid", ⌈n / stride⌉ for "same", even kernels included."""
    whats = [f'output_size({n}, {k}, {stride}, "{padding}")' for n, k, stride, padding in SIZE_CASES]
    values = [call(output_size, *case) for case in SIZE_CASES]
    got = [float(as_array(value, what, ())) for value, what in zip(values, whats, strict=True)]
    expected = [conv_output_size(*case) for case in SIZE_CASES]
    try:
        compare(got, expected, "output_size", [_on_every_case(known) for known in SIZE_VALUE_MISTAKES])
    except Mistake as mistake:
        if mistake.known:
            raise
        first = next(i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b)
        raise Mistake(
            f"{whats[first]} = {values[first]}, but the output has {expected[first]} pixels.", ROUNDS
        ) from None
    for value, what in zip(values, whats, strict=True):
        if isinstance(value, (float, np.floating)):
            raise SIZE_FLOAT(what=what, value=describe(value))
        whole_number(value, what)


# Exercise 3: 2×2 max pooling with stride 2 of one image (height, width, channels), channel by channel.
# Distinct values, whose largest sits at another place of the window in each channel: 4×6×3; 6×10×2,
# whose output 3×5 has odd sizes, as the notebook's 30×30 maps give 15×15; and a single channel.
POOL_CASES = (
    np.random.default_rng(3).permutation(72).reshape(4, 6, 3) - 30.0,
    np.random.default_rng(4).permutation(120).reshape(6, 10, 2) / 8.0,
    np.random.default_rng(5).permutation(8).reshape(2, 4, 1) - 3.5,
)


def _blocks(x):
    """x cut into its 2×2 blocks: shape (h // 2, 2, w // 2, 2, channels)."""
    h, w, c = x.shape
    return x.reshape(h // 2, 2, w // 2, 2, c)


def _pool_across_channels_kept(x):
    pooled = _blocks(x).max(axis=(1, 3, 4))
    return np.repeat(pooled[..., None], x.shape[2], axis=-1)


def _pool_overlapping(x):
    h, w, c = x.shape
    out = np.zeros((h - 1, w - 1, c))
    for i, j in np.ndindex(h - 1, w - 1):
        out[i, j] = x[i : i + 2, j : j + 2].max(axis=(0, 1))
    return out


def _pool_wrong_reshape(x):
    h, w, c = x.shape
    return x.reshape(h // 2, w // 2, 2, 2, c).max(axis=(2, 3))


def _pool_first_channel_only(x):
    h, w, c = x.shape
    return x[..., 0].reshape(h // 2, 2, w // 2, 2).max(axis=(1, 3))


def _pool_reshaped_in_place(x):
    h, w, c = x.shape
    x.shape = (h // 2, 2, w // 2, 2, c)  # reshapes the caller's array
    return x.max(axis=(1, 3))


def _pool_lists(x):
    h, w, _ = x.shape
    return [[list(x[i : i + 2, j : j + 2].max(axis=(0, 1))) for j in range(0, w, 2)] for i in range(0, h, 2)]


POOL_SHAPE = "the output has shape (h // 2, w // 2, channels)"
POOL_VALUE_MISTAKES = (
    Known(
        "average",
        lambda x: _blocks(x).mean(axis=(1, 3)),
        "You took the average of each window: that is average pooling.",
        "Max pooling keeps the largest value of each window: .max, not .mean.",
    ),
    Known(
        "sum",
        lambda x: _blocks(x).sum(axis=(1, 3)),
        "You took the sum of each window.",
        "Max pooling keeps the largest value of each window.",
    ),
    Known(
        "minimum",
        lambda x: _blocks(x).min(axis=(1, 3)),
        "You took the minimum of each window.",
        "Max pooling keeps the largest value.",
    ),
    Known(
        "across channels",
        lambda x: _blocks(x).max(axis=(1, 3, 4)),
        "The channels are gone: you took the maximum across the channels as well.",
        f"Pool each channel on its own: {POOL_SHAPE}.",
    ),
    Known(
        "across channels kept",
        _pool_across_channels_kept,
        "Every channel got the same values: you pooled across the channels.",
        "Pool each channel on its own: take the maximum over the window's rows and columns only.",
    ),
    Known(
        "overlapping",
        _pool_overlapping,
        "Your windows overlap (stride 1): the output has h − 1 rows and w − 1 columns.",
        f"With stride 2, windows start every 2 pixels and do not overlap: {POOL_SHAPE}.",
    ),
    Known(
        "wrong reshape",
        _pool_wrong_reshape,
        "The windows hold the wrong pixels: reshape(h // 2, w // 2, 2, 2, channels) mixes rows and columns.",
        "x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3)) keeps each 2×2 block together.",
    ),
    Known(
        "top left",
        lambda x: x[::2, ::2],
        "You kept the top-left pixel of each window, not its largest value.",
        "Take the maximum over each 2×2 window.",
    ),
    Known(
        "first channel only",
        _pool_first_channel_only,
        "You pooled only the first channel: the channel axis is gone.",
        f"Pool every channel: {POOL_SHAPE}.",
    ),
    Known(
        "global",
        lambda x: x.max(axis=(0, 1)),
        "You took the largest value of each whole channel (global max pooling).",
        f"Take the maximum of each 2×2 window: {POOL_SHAPE}.",
    ),
)
POOL_IN_PLACE = Known(
    "in place",
    _pool_reshaped_in_place,
    "Your function changed the caller's {name} in place (its shape or its values): the next cells still use it.",
    "`x.shape = ...` and `x[...] = ...` change the caller's array; x.reshape(...) gives a new view and leaves x alone.",
)
POOL_LISTS = Known(
    "list",
    _pool_lists,
    "Your maxima are right, but they come as {what}; later cells use the output as an array.",
    "Fill an array, out = np.zeros((h // 2, w // 2, channels)), or reshape x and take .max over two axes.",
)
POOL_MISTAKES = (*POOL_VALUE_MISTAKES, POOL_IN_PLACE, POOL_LISTS)


def check_max_pool(max_pool) -> None:
    """2×2 max pooling with stride 2, channel by channel, a float64 array; odd output sizes, one channel; x kept."""
    for x in POOL_CASES:
        what = f"max_pool(x of shape {x.shape})"
        got = call(max_pool, x, in_place=POOL_IN_PLACE, names=("x",))
        expected = max_pool2d(x[None])[0]
        compare(
            _array(got, expected, what, POOL_LISTS),
            expected,
            what,
            POOL_VALUE_MISTAKES,
            (x,),
            hint="out[i, j, c] = the maximum of x[2i:2i + 2, 2j:2j + 2, c].",
            rtol=0,
            atol=1e-12,  # the notebook requires np.array_equal with tf.nn.max_pool2d
        )


# Exercise 4: the parameters of the small CNN's second convolution, conv2: 32 filters of 3×3 over the
# 16 channels of pool1's 16×16 output, "same" padding, so its output is 16×16×32 (256 pixels per map).
CONV2_PARAMETERS = 32 * (3 * 3 * 16 + 1)
PER_FILTER = "Each of the 32 filters has 3 × 3 × 16 weights (it spans all 16 input channels) and one bias."
SHARED = "The same filter slides over every position: its weights are counted once. " + PER_FILTER
PARAMETER_MISTAKES = (
    Known("no biases", 3 * 3 * 16 * 32, "You counted the weights but not the biases.", PER_FILTER),
    Known(
        "input depth",
        3 * 3 * 32 + 32,
        "You forgot the input depth: a filter spans all the channels of its input.",
        PER_FILTER,
    ),
    Known("input depth and biases", 3 * 3 * 32, "You forgot the input depth and the biases.", PER_FILTER),
    Known(
        "image bands",
        3 * 3 * 3 * 32 + 32,
        "You counted 3 input channels, the bands of the image; conv2 reads the 16 channels of pool1.",
        PER_FILTER,
    ),
    Known(
        "one filter",
        3 * 3 * 16 + 1,
        "You counted the parameters of one filter only.",
        "The layer has 32 filters, each with its own weights and bias.",
    ),
    Known(
        "per output pixel",
        (3 * 3 * 16 * 32 + 32) * 256,
        "You counted the parameters once per output pixel (256 of them): weights are shared.",
        SHARED,
    ),
    Known(
        "weights per output pixel",
        3 * 3 * 16 * 32 * 256,
        "You counted the weights once per output pixel (256 of them) and forgot the biases.",
        SHARED,
    ),
    Known(
        "dense",
        16 * 32 + 32,
        "You counted the layer like a dense layer from channels to filters, without the kernel's size.",
        PER_FILTER,
    ),
    Known(
        "bias per input channel",
        3 * 3 * 16 * 32 + 16,
        "There is one bias per filter (output channel), not per input channel.",
        PER_FILTER,
    ),
    Known(
        "bias per output pixel",
        3 * 3 * 16 * 32 + 32 * 256,
        "There is one bias per filter, not one per output pixel.",
        PER_FILTER,
    ),
    Known("conv1", 3 * 3 * 3 * 16 + 16, "That is the count of conv1; the exercise asks for conv2.", PER_FILTER),
)


def check_n_conv_parameters(n_conv_parameters) -> None:
    """The number of weights and biases of conv2, an int."""
    as_array(n_conv_parameters, "n_conv_parameters")  # numbers, not text or NaN
    count = whole_number(n_conv_parameters, "n_conv_parameters")
    compare(
        count,
        CONV2_PARAMETERS,
        "n_conv_parameters",
        PARAMETER_MISTAKES,
        secret="the number of parameters of conv2",
        hint="Count the weights of one filter (kernel height × width × input channels), add its bias, "
        "then multiply by the number of filters.",
    )


EXERCISES = [
    Exercise("06.conv2d_single", "conv2d_single", check_conv2d_single, mistakes=CONV_MISTAKES),
    Exercise("06.output_size", "output_size", check_output_size, mistakes=SIZE_MISTAKES),
    Exercise("06.max_pool", "max_pool", check_max_pool, mistakes=POOL_MISTAKES),
    Exercise(
        "06.n_conv_parameters", "n_conv_parameters", check_n_conv_parameters, kind="value", mistakes=PARAMETER_MISTAKES
    ),
]
