"""2-D convolution and pooling in NumPy with TensorFlow's conventions: NHWC images and HWIO kernels.

Images have shape (n, height, width, channels) and kernels (kernel_height, kernel_width,
in_channels, out_channels), as ``tf.nn.conv2d`` and ``keras.layers.Conv2D`` expect. Padding
follows TensorFlow: "valid" adds none; "same" pads so that the output has ⌈size / stride⌉ pixels
along each axis, and when the padding is odd the extra pixel goes at the bottom and on the right.
Max pooling never picks a padded pixel, and average pooling averages over the real pixels only.
Like ``tf.nn.conv2d`` (and unlike a convolution in signal processing) the kernel is not flipped.
Results are float64 arrays.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike

from dl101.validation import as_float

PADDINGS = ("valid", "same")
Pair = int | tuple[int, int]  # one size for both axes, or (along the height, along the width)


def _padding(padding: str) -> str:
    """The padding name in lower case ("SAME", as ``tf.nn`` spells it, is "same"), checked to be one we know."""
    name = padding.lower() if isinstance(padding, str) else padding
    if name not in PADDINGS:
        raise ValueError(f'expected padding "valid" or "same", got {padding!r}')
    return name


def _pair(value: Pair, name: str) -> tuple[int, int]:
    """An int or a pair of ints, as (along the height, along the width), checked to be positive."""
    pair = (value, value) if np.ndim(value) == 0 else tuple(value)
    if len(pair) != 2 or not all(isinstance(v, int | np.integer) and v >= 1 for v in pair):
        raise ValueError(f"expected {name} to be a positive int or a pair of them, got {value!r}")
    return int(pair[0]), int(pair[1])


def _images(x: ArrayLike) -> np.ndarray:
    """A batch of images as float64, checked to have shape (n, height, width, channels)."""
    x = as_float(x, "x")
    if x.ndim != 4:
        raise ValueError(f"expected x of shape (n, height, width, channels), got {x.shape}")
    return x


def conv_output_size(n: int, k: int, stride: int = 1, padding: str = "valid") -> int:
    """The output length along one axis: ⌊(n − k) / stride⌋ + 1 with "valid" padding, ⌈n / stride⌉ with "same"."""
    padding = _padding(padding)
    for name, value in (("n", n), ("k", k), ("stride", stride)):
        if not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"expected {name} to be a positive int, got {value!r}")
    if padding == "same":
        return -(-n // stride)  # ceiling division
    if k > n:
        raise ValueError(f'expected a kernel no larger than the input with padding "valid", got kernel {k} > input {n}')
    return (n - k) // stride + 1


def _same_padding(n: int, k: int, stride: int) -> tuple[int, int]:
    """Pixels "same" adds (before, after) along one axis; TensorFlow puts the odd one after (bottom or right)."""
    total = max((conv_output_size(n, k, stride, "same") - 1) * stride + k - n, 0)
    return total // 2, total - total // 2


def _pad(x: np.ndarray, window: tuple[int, int], stride: tuple[int, int], padding: str, fill: float) -> np.ndarray:
    """Images (n, height, width, channels) padded with ``fill`` as TensorFlow pads for this window and stride."""
    if padding == "valid":
        if window[0] > x.shape[1] or window[1] > x.shape[2]:
            raise ValueError(
                f'expected a kernel or pool window no larger than the image with padding "valid", got window '
                f'(height, width) {window} and x of shape {x.shape}; use padding="same" or a smaller window'
            )
        return x
    pads = [_same_padding(n, k, s) for n, k, s in zip(x.shape[1:3], window, stride, strict=True)]
    return np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=fill)


def _windows(x: np.ndarray, window: tuple[int, int], stride: tuple[int, int], padding: str, fill: float) -> np.ndarray:
    """Every window the kernel visits, as a view: shape (n, out_height, out_width, channels, *window)."""
    padded = _pad(x, window, stride, padding, fill)
    return sliding_window_view(padded, window, axis=(1, 2))[:, :: stride[0], :: stride[1]]


def _conv_inputs(
    x: ArrayLike, w: ArrayLike, b: ArrayLike | None, stride: Pair, padding: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int], str]:
    """conv2d's arguments checked and converted: x, w and b as float64 arrays, the stride as a pair."""
    x, w = _images(x), as_float(w, "w")
    if w.ndim != 4:
        raise ValueError(f"expected w of shape (kernel_height, kernel_width, in_channels, out_channels), got {w.shape}")
    if x.shape[3] != w.shape[2]:
        raise ValueError(
            f"expected x of shape (n, height, width, {w.shape[2]}) to match w of shape {w.shape}, got {x.shape}"
        )
    b = np.zeros(w.shape[3]) if b is None else as_float(b, "b")
    if b.shape != (w.shape[3],):
        raise ValueError(f"expected b of shape ({w.shape[3]},), one bias per filter, got {b.shape}")
    return x, w, b, _pair(stride, "stride"), _padding(padding)


def conv2d(
    x: ArrayLike, w: ArrayLike, b: ArrayLike | None = None, stride: Pair = 1, padding: str = "valid"
) -> np.ndarray:
    """``tf.nn.conv2d(x, w, stride, padding) + b``, vectorised: each window unrolled into a row, one matrix product.

    x has shape (n, height, width, in_channels), w (kernel_height, kernel_width, in_channels,
    out_channels), b (out_channels,) or None; the result (n, out_height, out_width, out_channels).
    """
    x, w, b, stride, padding = _conv_inputs(x, w, b, stride, padding)
    kh, kw, c_in, c_out = w.shape
    windows = _windows(x, (kh, kw), stride, padding, 0.0)  # (n, out_h, out_w, c_in, kh, kw)
    n, out_h, out_w = windows.shape[:3]
    # One row per window, its pixels in the kernel's own order (row, column, channel): "im2col".
    rows = windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * out_h * out_w, kh * kw * c_in)
    return (rows @ w.reshape(kh * kw * c_in, c_out)).reshape(n, out_h, out_w, c_out) + b


def conv2d_loop(
    x: ArrayLike, w: ArrayLike, b: ArrayLike | None = None, stride: Pair = 1, padding: str = "valid"
) -> np.ndarray:
    """conv2d written to be read: the kernel slides over the image one window at a time."""
    x, w, b, (sh, sw), padding = _conv_inputs(x, w, b, stride, padding)
    kh, kw, _, c_out = w.shape
    x = _pad(x, (kh, kw), (sh, sw), padding, 0.0)
    out_h = conv_output_size(x.shape[1], kh, sh, "valid")  # the padded image needs no more padding
    out_w = conv_output_size(x.shape[2], kw, sw, "valid")
    out = np.zeros((x.shape[0], out_h, out_w, c_out))
    for i in range(out_h):
        for j in range(out_w):
            window = x[:, i * sh : i * sh + kh, j * sw : j * sw + kw, :]  # (n, kh, kw, c_in): every example at once
            # Each filter's weighted sum over the window's rows, columns and all input channels.
            out[:, i, j, :] = np.einsum("nhwc,hwco->no", window, w) + b
    return out


def _pool_inputs(
    x: ArrayLike, pool_size: Pair, stride: Pair | None, padding: str
) -> tuple[np.ndarray, tuple[int, int], tuple[int, int], str]:
    """The pooling arguments checked: x as float64 images; the stride defaults to the pool size, as in Keras."""
    pool_size = _pair(pool_size, "pool_size")
    stride = pool_size if stride is None else _pair(stride, "stride")
    return _images(x), pool_size, stride, _padding(padding)


def max_pool2d(x: ArrayLike, pool_size: Pair = 2, stride: Pair | None = None, padding: str = "valid") -> np.ndarray:
    """The largest value of each window, channel by channel, as ``keras.layers.MaxPooling2D``; never a padded pixel."""
    x, pool_size, stride, padding = _pool_inputs(x, pool_size, stride, padding)
    return _windows(x, pool_size, stride, padding, -np.inf).max(axis=(-2, -1))


def avg_pool2d(x: ArrayLike, pool_size: Pair = 2, stride: Pair | None = None, padding: str = "valid") -> np.ndarray:
    """The mean of each window, channel by channel, as ``keras.layers.AveragePooling2D``: over the real pixels only."""
    x, pool_size, stride, padding = _pool_inputs(x, pool_size, stride, padding)
    sums = _windows(x, pool_size, stride, padding, 0.0).sum(axis=(-2, -1))
    real_pixels = _windows(np.ones((1, *x.shape[1:3], 1)), pool_size, stride, padding, 0.0).sum(axis=(-2, -1))
    return sums / real_pixels
