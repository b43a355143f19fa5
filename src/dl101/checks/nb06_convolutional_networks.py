"""Checks for notebook 06: a 2-D convolution by hand, the output size, max pooling, a conv layer's parameters."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Mistake, Unfinished, as_array, run, same
from dl101.nn import conv2d, conv_output_size

# Exercise 1: one filter on one channel, "valid" padding, stride 1, plus a bias.
# A square image lets the mistakes that swap rows and columns run, so they can be named; the values
# are distinct and the kernel has no symmetry, so a flipped or transposed kernel gives other numbers.
SQUARE_IMAGE = np.arange(36, dtype=float).reshape(6, 6) % 7 - 0.5 * np.arange(6)
ASYMMETRIC_KERNEL = np.array([[1.0, 0.0, -2.0], [0.5, 3.0, 0.0], [-1.0, 0.0, 0.25]])
BIAS = 0.5
# A non-square image and kernel: the function must use their shapes, not a fixed size.
WIDE_IMAGE = np.random.default_rng(6).integers(-4, 5, size=(5, 7)).astype(float)
WIDE_KERNEL = np.array([[0.0, 1.0, -1.0], [2.0, 0.5, 0.0]])
WIDE_BIAS = -1.0


def correlate(image: np.ndarray, kernel: np.ndarray, bias: float = 0.0) -> np.ndarray:
    """The "valid" cross-correlation of one 2-D image with one 2-D kernel, plus a bias, as tf.nn.conv2d."""
    return conv2d(image[None, :, :, None], kernel[:, :, None, None])[0, :, :, 0] + bias


def _matrix_product_windows(image: np.ndarray, kernel: np.ndarray, bias: float) -> np.ndarray:
    """What a loop computing np.sum(window @ kernel) instead of np.sum(window * kernel) returns (square kernels)."""
    kh, kw = kernel.shape
    out = np.empty((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + kh, j : j + kw] @ kernel) + bias
    return out


def _conv_value_mistakes(image: np.ndarray, kernel: np.ndarray, bias: float) -> list[tuple]:
    """(wrong result, message, hint) for each typical mistake whose output has the right shape."""
    kh, kw = kernel.shape
    window = "out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel) + bias"
    mistakes = [
        (
            correlate(image, kernel[::-1, ::-1], bias),
            "Your kernel is flipped: that is the convolution of signal processing, but TensorFlow (and every deep "
            "learning library) computes the cross-correlation, with the kernel as it is.",
            f"Do not reverse the kernel: {window}.",
        ),
        (
            correlate(image, kernel),
            "The bias is missing.",
            "Add the bias once to each output pixel: np.sum(window * kernel) + bias.",
        ),
        (
            correlate(image, kernel, bias * kernel.size),
            f"The bias is added to each of the {kernel.size} products of the window, not once per output pixel.",
            "Sum the products first, then add the bias: np.sum(window * kernel) + bias.",
        ),
        (
            correlate(image.T, kernel.T, bias),
            "Rows and columns are swapped: your window is image[j:j + kh, i:i + kw].",
            f"The row index i selects rows, the first axis: {window}.",
        ),
        (
            correlate(image, kernel.T, bias),
            "The kernel is transposed.",
            f"Multiply each window by the kernel as given: {window}.",
        ),
        (
            image[: 1 - kh or None, : 1 - kw or None] * np.sum(kernel) + bias,
            "Every output pixel multiplies one image pixel by the sum of the kernel: the window is missing.",
            f"Each output pixel is the sum over a window of kh × kw pixels: {window}.",
        ),
    ]
    if kh == kw:
        mistakes.append(
            (
                _matrix_product_windows(image, kernel, bias),
                "You multiplied each window by the kernel with a matrix product (@).",
                "Multiply elementwise, then sum: np.sum(window * kernel).",
            )
        )
    return mistakes


def _conv_result(got, image: np.ndarray, kernel: np.ndarray, what: str) -> np.ndarray:
    """The learner's output as an array of the "valid" shape; a Mistake naming a typical wrong shape."""
    got = as_array(got, what)
    (h, w), (kh, kw) = image.shape, kernel.shape
    valid = (h - kh + 1, w - kw + 1)
    if got.shape == (h - kh, w - kw):
        raise Mistake(
            f"{what} has shape {got.shape}: the last row and column of the output are missing.",
            f"An image of {h} rows holds h − kh + 1 = {valid[0]} windows of {kh} rows: do not forget the + 1.",
        )
    if got.shape == image.shape:
        raise Mistake(
            f'{what} has the shape of the input, {image.shape}: that is "same" padding.',
            f'With "valid" padding the kernel stays inside the image: the output is (h − kh + 1, w − kw + 1), {valid}.',
        )
    if got.shape != valid:
        raise Mistake(
            f"{what} has shape {got.shape}, but shape {valid} was expected.",
            "The output has h − kh + 1 rows and w − kw + 1 columns; take kh, kw from kernel.shape, not a fixed 3.",
        )
    return got


def _run_on(conv2d_single, image: np.ndarray, kernel: np.ndarray, bias: float, what: str):
    """The learner's output; an error on the non-square case, after the square one passed, is explained."""
    try:
        return run(conv2d_single, image.copy(), kernel.copy(), bias)
    except Mistake as mistake:
        if isinstance(mistake, Unfinished) or kernel.shape[0] == kernel.shape[1]:
            raise
        raise Mistake(
            f"{what}: {mistake.message}",
            "It worked with a 3×3 kernel: take kh, kw = kernel.shape rather than a fixed 3, "
            "and the output's size from the image's shape.",
        ) from None


def check_conv2d_single(conv2d_single) -> None:
    """The "valid" cross-correlation plus a bias, on a square and a non-square image and kernel."""
    for image, kernel, bias in ((SQUARE_IMAGE, ASYMMETRIC_KERNEL, BIAS), (WIDE_IMAGE, WIDE_KERNEL, WIDE_BIAS)):
        what = f"conv2d_single(image {image.shape[0]}×{image.shape[1]}, kernel {kernel.shape[0]}×{kernel.shape[1]})"
        got = _conv_result(_run_on(conv2d_single, image, kernel, bias, what), image, kernel, what)
        expected = correlate(image, kernel, bias)
        if same(got, expected):
            continue
        if same(got[:-1, :-1], expected[:-1, :-1]):
            raise Mistake(
                f"{what}: the last row or column is wrong; your loops stop one window early.",
                "The last window starts at row h − kh: loop with range(h − kh + 1) and range(w − kw + 1).",
            )
        for wrong, message, hint in _conv_value_mistakes(image, kernel, bias):
            if same(got, wrong):
                raise Mistake(message, hint)
        raise Mistake(
            f"{what} is wrong: expected {np.round(expected, 3).tolist()}, got {np.round(got, 3).tolist()}.",
            "out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel) + bias, for every position of the window.",
        )


# Exercise 2: the output size along one axis, for "valid" and "same" padding.
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
)


def _size_mistakes() -> list[tuple]:
    """(wrong formula, message, hint) for each typical mistake in the output-size formula."""

    def valid_or_same(valid, same_):
        return lambda n, k, s, padding: valid(n, k, s) if padding == "valid" else same_(n, k, s)

    correct_same = lambda n, k, s: -(-n // s)  # noqa: E731 -- short formulas read best side by side
    correct_valid = lambda n, k, s: (n - k) // s + 1  # noqa: E731
    return [
        (
            valid_or_same(lambda n, k, s: (n - k) // s, correct_same),
            'With "valid" padding you forgot the + 1: the first window counts too.',
            "n_out = (n − k) // stride + 1: a kernel as large as the image still has one position.",
        ),
        (
            valid_or_same(lambda n, k, s: n - k + 1, lambda n, k, s: n),
            "The stride is ignored.",
            "A stride s moves the window s pixels at a time: divide the positions by it.",
        ),
        (
            valid_or_same(lambda n, k, s: n - k + 1, correct_same),
            'With "valid" padding the stride is ignored.',
            "n_out = (n − k) // stride + 1.",
        ),
        (
            valid_or_same(correct_valid, lambda n, k, s: n),
            'With "same" padding the stride is ignored: the output has the input\'s size only when the stride is 1.',
            '"same" pads so that n_out = ⌈n / stride⌉.',
        ),
        (
            valid_or_same(correct_valid, correct_valid),
            '"same" padding is treated like "valid".',
            '"same" pads the input so that n_out = ⌈n / stride⌉, whatever the kernel size.',
        ),
        (
            valid_or_same(correct_valid, lambda n, k, s: n // s),
            'With "same" padding you rounded down: n // stride.',
            "Round up: ⌈n / stride⌉ is -(-n // stride) in integer arithmetic (or math.ceil(n / stride)).",
        ),
        (
            valid_or_same(lambda n, k, s: -(-(n - k) // s) + 1, correct_same),
            'With "valid" padding you rounded up: a window that would stick out of the image is not used.',
            "Round down: n_out = (n − k) // stride + 1.",
        ),
        (
            valid_or_same(correct_same, lambda n, k, s: (n - k) // s + 1),
            '"valid" and "same" are swapped.',
            '"valid": (n − k) // stride + 1 (no padding); "same": ⌈n / stride⌉.',
        ),
    ]


def check_output_size(output_size) -> None:
    """The output length along one axis, on cases where every typical formula gives another answer."""
    got = []
    for n, k, stride, padding in SIZE_CASES:
        what = f'output_size({n}, {k}, {stride}, "{padding}")'
        value = as_array(run(output_size, n, k, stride, padding), what)
        if value.shape != ():
            raise Mistake(f"{what} has shape {value.shape}, but it should be one number.", "Return one integer.")
        if value != np.round(value):
            raise Mistake(
                f"{what} returned {float(value):g}, which is not a whole number of pixels.",
                "Use integer division, //, which rounds down; for rounding up, -(-a // b).",
            )
        got.append(int(value))
    expected = [conv_output_size(*case) for case in SIZE_CASES]
    if got == expected:
        return
    for formula, message, hint in _size_mistakes():
        if got == [formula(*case) for case in SIZE_CASES]:
            raise Mistake(message, hint)
    first = next(i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b)
    n, k, stride, padding = SIZE_CASES[first]
    raise Mistake(
        f'output_size({n}, {k}, {stride}, "{padding}") = {got[first]}, but the output has {expected[first]} pixels.',
        '"valid": (n − k) // stride + 1; "same": ⌈n / stride⌉.',
    )


# Exercise 3: 2×2 max pooling with stride 2 of one image (height, width, channels), channel by channel.
# Distinct values, whose largest sits at another place of the window in each channel.
POOL_INPUT = np.random.default_rng(3).permutation(72).reshape(4, 6, 3).astype(float) - 30.0


def _pool_value_mistakes(x: np.ndarray) -> list[tuple]:
    """(wrong result, message, hint) for each typical pooling mistake with the right output shape."""
    h, w, c = x.shape
    blocks = x.reshape(h // 2, 2, w // 2, 2, c)
    reshape_hint = "x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3)) keeps each 2×2 block together."
    return [
        (
            blocks.mean(axis=(1, 3)),
            "You took the average of each window: that is average pooling.",
            "Max pooling keeps the largest value of each window: .max, not .mean.",
        ),
        (
            blocks.sum(axis=(1, 3)),
            "You took the sum of each window.",
            "Max pooling keeps the largest value of each window: .max.",
        ),
        (
            np.repeat(blocks.max(axis=(1, 3, 4))[..., None], c, axis=-1),
            "Every channel got the same values: you pooled across the channels.",
            "Pool each channel on its own: take the maximum over the window's rows and columns only.",
        ),
        (
            x[::2, ::2],
            "You kept the top-left pixel of each window, not its largest value.",
            "Take the maximum over each 2×2 window.",
        ),
        (
            x.reshape(h // 2, w // 2, 2, 2, c).max(axis=(2, 3)),
            "The windows hold the wrong pixels: reshape(h // 2, w // 2, 2, 2, channels) mixes rows and columns.",
            reshape_hint,
        ),
        (
            blocks.min(axis=(1, 3)),
            "You took the minimum of each window.",
            "Max pooling keeps the largest value: .max.",
        ),
    ]


def _pool_shape_mistakes(got: np.ndarray, x: np.ndarray) -> None:
    """Raise the Mistake that explains a wrong output shape."""
    h, w, c = x.shape
    blocks = x.reshape(h // 2, 2, w // 2, 2, c)
    if got.shape == (h - 1, w - 1, c):
        raise Mistake(
            f"The output has shape {got.shape}: the windows overlap (stride 1).",
            "With stride 2, windows start every 2 pixels and do not overlap: the output is (h // 2, w // 2, channels).",
        )
    if got.shape == (h // 2, w // 2):
        if same(got, blocks.max(axis=(1, 3, 4))):
            raise Mistake(
                "The channels are gone: you took the maximum across the channels as well.",
                "Pool each channel on its own: the output keeps the channels, (h // 2, w // 2, channels).",
            )
        raise Mistake(
            "The output has lost its channel axis: did you pool only one channel?",
            "Pool every channel: the output has shape (h // 2, w // 2, channels).",
        )
    if got.shape == (c,):
        raise Mistake(
            "You took the largest value of each whole channel (global max pooling).",
            "Take the maximum of each 2×2 window: the output has shape (h // 2, w // 2, channels).",
        )
    raise Mistake(
        f"max_pool(x of shape {x.shape}) has shape {got.shape}, but shape {(h // 2, w // 2, c)} was expected.",
        "2×2 windows with stride 2 halve the height and the width, and keep the channels.",
    )


def check_max_pool(max_pool) -> None:
    """2×2 max pooling with stride 2, channel by channel, on a 4×6×3 image."""
    x = POOL_INPUT
    got = as_array(run(max_pool, x.copy()), "max_pool(x)")
    expected = x.reshape(2, 2, 3, 2, 3).max(axis=(1, 3))
    if got.shape != expected.shape:
        _pool_shape_mistakes(got, x)
    if same(got, expected):
        return
    for wrong, message, hint in _pool_value_mistakes(x):
        if same(got, wrong):
            raise Mistake(message, hint)
    raise Mistake(
        f"max_pool(x) is wrong for channel 0: expected {expected[..., 0].tolist()}, got {got[..., 0].tolist()}.",
        "out[i, j, c] = the maximum of x[2i:2i + 2, 2j:2j + 2, c].",
    )


# Exercise 4: the parameters of the small CNN's second convolution, conv2: 32 filters of 3×3 over the
# 16 channels of pool1's 16×16 output, "same" padding, so its output is 16×16×32.
CONV2 = {"kernel": 3, "in_channels": 16, "filters": 32, "output_pixels": 16 * 16}


def _conv_parameter_mistakes(kernel: int, in_channels: int, filters: int, output_pixels: int) -> list[tuple]:
    """(wrong count, message, hint) for each typical way of miscounting a conv layer's parameters."""
    window = kernel * kernel
    weights = window * in_channels * filters
    per_layer = (
        f"Each of the {filters} filters has {kernel} × {kernel} × {in_channels} weights (it spans all the input "
        "channels) and one bias."
    )
    return [
        (weights, "You counted the weights but not the biases.", "Each filter also has one bias. " + per_layer),
        (
            window * filters + filters,
            "You forgot the input depth: a filter spans all the channels of its input.",
            per_layer,
        ),
        (window * filters, "You forgot the input depth and the biases.", per_layer),
        (
            window * in_channels + 1,
            "You counted the parameters of one filter only.",
            f"The layer has {filters} filters, each with its own weights and bias.",
        ),
        (
            (weights + filters) * output_pixels,
            f"You counted the parameters once per output pixel ({output_pixels} of them): weights are shared.",
            "The same filter slides over every position: its weights are counted once. " + per_layer,
        ),
        (
            weights * output_pixels,
            f"You counted the weights once per output pixel ({output_pixels} of them) and forgot the biases.",
            "The same filter slides over every position: its weights are counted once. " + per_layer,
        ),
        (
            in_channels * filters + filters,
            "You counted the layer like a dense layer from channels to filters, without the kernel's size.",
            per_layer,
        ),
        (
            weights + in_channels,
            "There is one bias per filter (output channel), not per input channel.",
            per_layer,
        ),
        (
            weights + filters * output_pixels,
            "There is one bias per filter, not one per output pixel.",
            per_layer,
        ),
    ]


def check_n_conv_parameters(n_conv_parameters) -> None:
    """The number of weights and biases of conv2, computed here from its sizes."""
    got = as_array(n_conv_parameters, "n_conv_parameters")
    if got.shape != ():
        raise Mistake(f"n_conv_parameters has shape {got.shape}, but it should be one number.", "Write one integer.")
    if got != np.round(got):
        raise Mistake(
            f"n_conv_parameters = {float(got):g} is not a whole number.", "Parameters are counted: an integer."
        )
    size, c_in, filters = CONV2["kernel"], CONV2["in_channels"], CONV2["filters"]
    if got == size * size * c_in * filters + filters:
        return
    for wrong, message, hint in _conv_parameter_mistakes(**CONV2):
        if got == wrong:
            raise Mistake(message, hint)
    raise Mistake(
        f"n_conv_parameters = {int(got)} is not the number of parameters of conv2.",
        "Count the weights of one filter (kernel height × width × input channels), add its bias, "
        "then multiply by the number of filters.",
    )


EXERCISES = [
    Exercise("06.conv2d_single", "conv2d_single", check_conv2d_single),
    Exercise("06.output_size", "output_size", check_output_size),
    Exercise("06.max_pool", "max_pool", check_max_pool),
    Exercise("06.n_conv_parameters", "n_conv_parameters", check_n_conv_parameters, kind="value"),
]
