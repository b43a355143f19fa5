"""Checks for notebook 06: a 2-D convolution by hand, the output size, max pooling, a conv layer's parameters."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known

# One filter on one channel, "valid" padding, stride 1, plus a bias: a square image and a kernel with no symmetry,
# so a flipped or transposed kernel gives other numbers; non-square images and kernels, one as tall as the image.
# fmt: off
CONV_CASES = tuple(
    Case(f"conv2d_single(image of shape {image.shape}, kernel of shape {kernel.shape}, bias={bias})",
         (image, kernel, bias))
    for image, kernel, bias in (
        (np.arange(36.0).reshape(6, 6) % 7 - 0.5 * np.arange(6),
         np.array([[1.0, 0.0, -2.0], [0.5, 3.0, 0.0], [-1.0, 0.0, 0.25]]), 0.5),
        (np.random.default_rng(6).integers(-4, 5, size=(5, 7)).astype(float), np.array([[0.0, 1, -1], [2, 0.5, 0]]),
         -1.0),
        (np.arange(15.0).reshape(3, 5) ** 2 / 10, np.array([[1.0, -1.0], [0.5, 2.0], [0.0, -0.5]]), 0.0),
    )
)
# fmt: on


def _slide(image, kernel, bias, transposed=False, stop_early=0):
    """A loop over the "valid" positions, as the text suggests, with the window at (j, i) when ``transposed``."""
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i, j in np.ndindex(out.shape[0] - stop_early, out.shape[1] - stop_early):
        top, left = (j, i) if transposed else (i, j)
        out[i, j] = np.sum(image[top : top + kh, left : left + kw] * kernel) + bias
    return out


WINDOW = "out[i, j] = np.sum(image[i:i + kh, j:j + kw] * kernel) + bias"
# fmt: off
CONV_MISTAKES = (
    Known("flipped kernel", "Your kernel is flipped: that is the convolution of signal processing, but TensorFlow "
          "(and every deep learning library) computes the cross-correlation, with the kernel as it is.",
          f"Do not reverse the kernel: {WINDOW}.", lambda image, kernel, bias: _slide(image, kernel[::-1, ::-1], bias)),
    Known("bias in the sum", "The bias is added to each product of the window, not once per output pixel.",
          "Sum the products first, then add the bias: np.sum(window * kernel) + bias.",
          lambda image, kernel, bias: _slide(image, kernel, bias * kernel.size)),
    Known("stops early", "The last row and column of the output are wrong: your loops stop one window early.",
          "The last window starts at row h − kh: loop with range(h − kh + 1) and range(w − kw + 1).",
          lambda image, kernel, bias: _slide(image, kernel, bias, stop_early=1)),
    Known("plus one missing", "The last row and column of the output are missing: the output has h − kh rows, not h − "
          "kh + 1.", "An image of h rows holds h − kh + 1 windows of kh rows: the first position counts too.",
          lambda image, kernel, bias: _slide(image, kernel, bias)[:-1, :-1]),
    Known("rows and columns swapped", "Rows and columns are swapped: your window is image[j:j + kh, i:i + kw].",
          f"The row index i selects rows, the first axis: {WINDOW}.",
          lambda image, kernel, bias: _slide(image, kernel, bias, transposed=True)),
    Known("same padding", 'Your output has the shape of the input: that is "same" padding.',
          'With "valid" padding the kernel stays inside the image: the output is (h − kh + 1, w − kw + 1).',
          lambda image, kernel, bias: _slide(
              np.pad(image, [(k // 2, k - 1 - k // 2) for k in kernel.shape]), kernel, bias
          )),
    Known("fixed 3x3", "Your function works with a 3×3 kernel, but not with a kernel of another shape: {error}",
          "Take kh, kw = kernel.shape rather than a fixed 3, and the output's size from the image's shape.",
          lambda image, kernel, bias: _slide(image, kernel.reshape(3, 3), bias)),
)

# The output size along one axis: strides that divide n − k and strides that do not (rounding), and even
# kernels with "same" padding.
VALID_SIZES = ((32, 3, 1), (32, 3, 2), (7, 3, 2), (9, 4, 2), (10, 5, 3))
SAME_SIZES = ((32, 3, 1), (32, 3, 2), (7, 3, 2), (28, 5, 3), (9, 2, 4), (32, 4, 1), (32, 4, 2))
SIZE_CASES = tuple(Case(f'output_size({n}, {k}, {stride}, "{padding}")', (n, k, stride, padding))
                   for padding, sizes in (("valid", VALID_SIZES), ("same", SAME_SIZES)) for n, k, stride in sizes)
ROUNDS = '"valid": (n − k) // stride + 1 (a window that sticks out is dropped); "same": ⌈n / stride⌉.'
SAME_PADS = '"same" pads k − 1 pixels in all when the stride is 1, the odd one on one side: n_out = ⌈n / stride⌉.'
SIZE_MISTAKES = (
    Known("plus one missing", 'With "valid" padding you forgot the + 1: the first window counts too.',
          "n_out = (n − k) // stride + 1: a kernel as large as the image still has one position.",
          lambda n, k, stride, padding: -(-n // stride) if padding == "same" else (n - k) // stride),
    Known("stride ignored", "The stride is ignored.",
          "A stride s moves the window s pixels at a time: divide the positions by it.",
          lambda n, k, stride, padding: n if padding == "same" else n - k + 1),
    Known("same as valid", '"same" padding is treated like "valid".',
          '"same" pads the input so that n_out = ⌈n / stride⌉, whatever the kernel size.',
          lambda n, k, stride, padding: (n - k) // stride + 1),
    Known("same rounded down", 'With "same" padding you rounded down: n // stride.',
          "Round up: ⌈n / stride⌉ is -(-n // stride) in integer arithmetic.",
          lambda n, k, stride, padding: n // stride if padding == "same" else (n - k) // stride + 1),
    Known("valid rounded up", 'With "valid" padding you rounded up: a window that would stick out of the image is not '
          "used.", "Round down: n_out = (n − k) // stride + 1.",
          lambda n, k, stride, padding: -(-n // stride) if padding == "same" else -(-(n - k) // stride) + 1),
    Known("precedence", 'With "valid" padding you divided k alone by the stride: n - k // stride is n - (k // stride).',
          "Put the difference in parentheses: (n - k) // stride + 1.",
          lambda n, k, stride, padding: -(-n // stride) if padding == "same" else n - k // stride + 1),
    Known("same padding k // 2", 'With an even kernel and "same" padding your output has one pixel too many: you '
          "padded k // 2 on each side.", SAME_PADS,
          lambda n, k, stride, padding: (n + 2 * (k // 2 if padding == "same" else 0) - k) // stride + 1),
)
# fmt: on

# 2×2 max pooling with stride 2 of one image (height, width, channels), channel by channel. Distinct values,
# whose largest sits at another place of the window in each channel: 4×6×3; 6×10×2, whose output 3×5 has odd
# sizes, as the notebook's 30×30 maps give 15×15; and a single channel.
POOL_CASES = tuple(
    Case(f"max_pool(x of shape {x.shape})", (x,))
    for x in (
        np.random.default_rng(3).permutation(72).reshape(4, 6, 3) - 30.0,
        np.random.default_rng(4).permutation(120).reshape(6, 10, 2) / 8.0,
        np.random.default_rng(5).permutation(8).reshape(2, 4, 1) - 3.5,
    )
)


def _blocks(x):
    """x cut into its 2×2 blocks: shape (h // 2, 2, w // 2, 2, channels)."""
    h, w, c = x.shape
    return x.reshape(h // 2, 2, w // 2, 2, c)


POOL_SHAPE = "the output has shape (h // 2, w // 2, channels)"
# fmt: off
POOL_MISTAKES = (
    Known("average", "You took the average of each window: that is average pooling.",
          "Max pooling keeps the largest value of each window: .max, not .mean.",
          lambda x: _blocks(x).mean(axis=(1, 3))),
    Known("across channels", "The channels are gone: you took the maximum across the channels as well.",
          f"Pool each channel on its own: {POOL_SHAPE}.", lambda x: _blocks(x).max(axis=(1, 3, 4))),
    Known("overlapping", "Your windows overlap (stride 1): the output has h − 1 rows and w − 1 columns.",
          f"With stride 2, windows start every 2 pixels and do not overlap: {POOL_SHAPE}.",
          lambda x: np.lib.stride_tricks.sliding_window_view(x, (2, 2), axis=(0, 1)).max(axis=(3, 4))),
    Known("wrong reshape", "The windows hold the wrong pixels: reshape(h // 2, w // 2, 2, 2, channels) mixes rows and "
          "columns.", "x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3)) keeps each 2×2 block together.",
          lambda x: x.reshape(x.shape[0] // 2, x.shape[1] // 2, 2, 2, x.shape[2]).max(axis=(2, 3))),
    Known("top left", "You kept the top-left pixel of each window, not its largest value.",
          "Take the maximum over each 2×2 window.", lambda x: x[::2, ::2]),
    Known("global", "You took the largest value of each whole channel (global max pooling).",
          f"Take the maximum of each 2×2 window: {POOL_SHAPE}.", lambda x: x.max(axis=(0, 1))),
)

# The parameters of the small CNN's second convolution, conv2: 32 filters of 3×3 over the 16 channels of
# pool1's 16×16 output, "same" padding, so its output is 16×16×32 (256 pixels per map).
PER_FILTER = "Each of the 32 filters has 3 × 3 × 16 weights (it spans all 16 input channels) and one bias."
SHARED = "The same filter slides over every position: its weights are counted once. " + PER_FILTER
PARAMETER_MISTAKES = (
    Known("no biases", "You counted the weights but not the biases.", PER_FILTER, 3 * 3 * 16 * 32),
    Known("input depth", "You forgot the input depth: a filter spans all its input's channels.", PER_FILTER, 320),
    Known("image bands", "You counted 3 input channels, the bands of the image; conv2 reads the 16 channels of pool1.",
          PER_FILTER, 3 * 3 * 3 * 32 + 32),
    Known("one filter", "You counted one filter only.", "The layer has 32 filters.", 3 * 3 * 16 + 1),
    Known("per output pixel", "You counted the parameters once per output pixel (256 of them): weights are shared.",
          SHARED, (3 * 3 * 16 * 32 + 32) * 256),
    Known("dense", "You counted a dense layer from channels to filters, without the kernel.", PER_FILTER, 16 * 32 + 32),
    Known("bias per input channel", "There is one bias per filter, not per input channel.", PER_FILTER, 4624),
    Known("conv1", "That is the count of conv1; the exercise asks for conv2.", PER_FILTER, 3 * 3 * 3 * 16 + 16),
)

EXERCISES = [
    Exercise("06.conv2d_single", "conv2d_single", CONV_CASES, CONV_MISTAKES, names=("image", "kernel"),
             hint=f"For every position of the window, {WINDOW}.", dtype="float64",
             tolerance=(1e-12, 1e-10)),  # the notebook compares with tf.nn.conv2d to 1e-10
    Exercise("06.output_size", "output_size", SIZE_CASES, SIZE_MISTAKES, hint=ROUNDS),
    Exercise("06.max_pool", "max_pool", POOL_CASES, POOL_MISTAKES, names=("x",),
             hint="out[i, j, c] = the maximum of x[2i:2i + 2, 2j:2j + 2, c].", dtype="float64",
             tolerance=(0, 1e-12)),  # the notebook requires np.array_equal with tf.nn.max_pool2d
    Exercise("06.n_conv_parameters", "n_conv_parameters", mistakes=PARAMETER_MISTAKES, kind="value",
             hint="Count the weights of one filter (kernel height × width × input channels), add its bias, then "
                  "multiply by the number of filters.",
             secret="the number of parameters of conv2"),
]
# fmt: on
