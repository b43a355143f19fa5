"""Typical wrong answers to notebook 06's exercises, each with a piece of the hint it must get."""

import math

import numpy as np


def _slide(image, kernel, bias, stop_early=0, window=None):
    """A loop over "valid" positions; ``window(image, i, j, kh, kw)`` picks what is multiplied by the kernel."""
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0] - stop_early):
        for j in range(out.shape[1] - stop_early):
            out[i, j] = np.sum(window(image, i, j, kh, kw) * kernel) + bias
    return out


def _window(image, i, j, kh, kw):
    return image[i : i + kh, j : j + kw]


def _conv_flipped_kernel(image, kernel, bias):
    return _slide(image, kernel[::-1, ::-1], bias, window=_window)


def _conv_without_bias(image, kernel, bias):
    return _slide(image, kernel, 0.0, window=_window)


def _conv_bias_in_the_sum(image, kernel, bias):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel + bias)
    return out


def _conv_loops_stop_early(image, kernel, bias):
    return _slide(image, kernel, bias, stop_early=1, window=_window)


def _conv_forgets_plus_one(image, kernel, bias):
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh, image.shape[1] - kw))
    for i, j in np.ndindex(out.shape):
        out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel) + bias
    return out


def _conv_rows_and_columns_swapped(image, kernel, bias):
    return _slide(image, kernel, bias, window=lambda im, i, j, kh, kw: im[j : j + kh, i : i + kw])


def _conv_same_size(image, kernel, bias):
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh // 2, kh - 1 - kh // 2), (kw // 2, kw - 1 - kw // 2)))
    return _slide(padded, kernel, bias, window=_window)


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


def _conv_transposed_kernel(image, kernel, bias):
    return _slide(image, kernel.T, bias, window=lambda im, i, j, kh, kw: im[i : i + kw, j : j + kh])


def _size_without_plus_one(n, k, stride, padding):
    return -(-n // stride) if padding == "same" else (n - k) // stride


def _size_ignoring_stride(n, k, stride, padding):
    return n if padding == "same" else n - k + 1


def _size_same_as_valid(n, k, stride, padding):
    return (n - k) // stride + 1


def _size_same_rounded_down(n, k, stride, padding):
    return n // stride if padding == "same" else (n - k) // stride + 1


def _size_same_ignores_stride(n, k, stride, padding):
    return n if padding == "same" else (n - k) // stride + 1


def _size_true_division(n, k, stride, padding):
    return n / stride if padding == "same" else (n - k) / stride + 1


def _size_valid_rounded_up(n, k, stride, padding):
    return -(-n // stride) if padding == "same" else math.ceil((n - k) / stride) + 1


def _size_paddings_swapped(n, k, stride, padding):
    return (n - k) // stride + 1 if padding == "same" else -(-n // stride)


def _pool_average(x):
    h, w, c = x.shape
    return x.reshape(h // 2, 2, w // 2, 2, c).mean(axis=(1, 3))


def _pool_across_channels(x):
    h, w, c = x.shape
    return x.reshape(h // 2, 2, w // 2, 2, c).max(axis=(1, 3, 4))


def _pool_across_channels_kept(x):
    h, w, c = x.shape
    pooled = x.reshape(h // 2, 2, w // 2, 2, c).max(axis=(1, 3, 4), keepdims=True)
    return np.broadcast_to(pooled[:, 0, :, 0], (h // 2, w // 2, c))


def _pool_overlapping(x):
    h, w, c = x.shape
    out = np.zeros((h - 1, w - 1, c))
    for i, j in np.ndindex(h - 1, w - 1):
        out[i, j] = x[i : i + 2, j : j + 2].max(axis=(0, 1))
    return out


def _pool_wrong_reshape(x):
    h, w, c = x.shape
    return x.reshape(h // 2, w // 2, 2, 2, c).max(axis=(2, 3))


def _pool_subsampling(x):
    return x[::2, ::2]


def _pool_first_channel_only(x):
    h, w, c = x.shape
    return x[..., 0].reshape(h // 2, 2, w // 2, 2).max(axis=(1, 3))


def _pool_global(x):
    return x.max(axis=(0, 1))


TYPICAL_MISTAKES = {
    "06.conv2d_single": [
        (_conv_flipped_kernel, "flipped"),
        (_conv_without_bias, "bias is missing"),
        (_conv_bias_in_the_sum, "not once per output pixel"),
        (_conv_loops_stop_early, "one window early"),
        (_conv_forgets_plus_one, "+ 1"),
        (_conv_rows_and_columns_swapped, "Rows and columns are swapped"),
        (_conv_same_size, '"same" padding'),
        (_conv_fixed_three_by_three, "rather than a fixed 3"),
        (_conv_matrix_product, "matrix product"),
        (_conv_transposed_kernel, "transposed"),
    ],
    "06.output_size": [
        (_size_without_plus_one, "forgot the + 1"),
        (_size_ignoring_stride, "The stride is ignored"),
        (_size_same_as_valid, 'treated like "valid"'),
        (_size_same_rounded_down, "rounded down"),
        (_size_same_ignores_stride, 'With "same" padding the stride is ignored'),
        (_size_true_division, "whole number"),
        (_size_valid_rounded_up, "rounded up"),
        (_size_paddings_swapped, "swapped"),
    ],
    "06.max_pool": [
        (_pool_average, "average pooling"),
        (_pool_across_channels, "across the channels"),
        (_pool_across_channels_kept, "pooled across the channels"),
        (_pool_overlapping, "overlap"),
        (_pool_wrong_reshape, "wrong pixels"),
        (_pool_subsampling, "top-left pixel"),
        (_pool_first_channel_only, "only one channel"),
        (_pool_global, "global max pooling"),
    ],
    # conv2: 32 filters of 3 × 3 over 16 channels, output 16 × 16: 32 · (3 · 3 · 16 + 1) = 4640 parameters.
    "06.n_conv_parameters": [
        (4608, "not the biases"),
        (320, "input depth"),
        (288, "input depth and the biases"),
        (145, "one filter only"),
        (4640 * 256, "once per output pixel"),
        (4608 * 256, "once per output pixel"),
        (544, "like a dense layer"),
        (4624, "not per input channel"),
        (4608 + 32 * 256, "not one per output pixel"),
        (4639, "multiply by the number of filters"),
        (4640.5, "whole number"),
        (np.array([448, 4640]), "one number"),
    ],
}
