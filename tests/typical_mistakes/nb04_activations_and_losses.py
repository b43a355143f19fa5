"""Typical wrong answers to notebook 04's exercises, each with a piece of the hint it must get."""

import numpy as np


def _softmax_naive(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def _softmax_axis_0(x):
    e = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)


def _softmax_whole_array(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def _softmax_divided_by_max(x):
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.max(e, axis=-1, keepdims=True)


def _softmax_without_exp(x):
    return x / np.sum(x, axis=-1, keepdims=True)


def _softmax_shifted_without_exp(x):
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted / np.sum(shifted, axis=-1, keepdims=True)


def _softmax_unnormalised(x):
    return np.exp(x - np.max(x, axis=-1, keepdims=True))


def _softmax_without_keepdims(x):
    e = np.exp(x - np.max(x, axis=-1))
    return e / np.sum(e, axis=-1)


def _softmax_axis_1(x):
    e = np.exp(x - np.max(x, axis=1, keepdims=True))
    return e / np.sum(e, axis=1, keepdims=True)


def _softmax_in_place(x):
    x -= np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def _ce_sum(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.sum(-np.log(p[np.arange(len(labels)), labels]))


def _ce_no_minus(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.mean(np.log(p[np.arange(len(labels)), labels]))


def _ce_columns(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.mean(-np.log(p[:, labels]))


def _ce_most_probable_class(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.mean(-np.log(np.max(p, axis=1)))


def _ce_every_class(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.mean(np.sum(-np.log(p), axis=1))


def _ce_no_clipping(labels, p):
    return np.mean(-np.log(p[np.arange(len(labels)), labels]))


def _ce_one_hot_times_log(labels, p):
    one_hot = np.eye(p.shape[1])[labels]
    return np.mean(-np.sum(one_hot * np.log(p), axis=1))  # 0 · log 0 is NaN


def _ce_other_epsilon(labels, p):
    p = np.clip(p, 1e-15, 1 - 1e-15)
    return np.mean(-np.log(p[np.arange(len(labels)), labels]))


def _ce_per_example(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.log(p[np.arange(len(labels)), labels])


def _ce_log10(labels, p):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return np.mean(-np.log10(p[np.arange(len(labels)), labels]))


def _huber_no_half(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r <= delta, r**2, delta * (r - 0.5 * delta)))


def _huber_no_offset(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r <= delta, 0.5 * r**2, delta * r))


def _huber_signed_condition(y_true, y_pred, delta=1.0):
    r = y_pred - y_true
    return np.mean(np.where(r <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)))


def _huber_swapped(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r > delta, 0.5 * r**2, delta * (r - 0.5 * delta)))


def _huber_sum(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.sum(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta)))


def _huber_fixed_delta(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.mean(np.where(r <= 1.0, 0.5 * r**2, r - 0.5))


def _huber_mse(y_true, y_pred, delta=1.0):
    return np.mean((y_pred - y_true) ** 2)


def _huber_per_example(y_true, y_pred, delta=1.0):
    r = np.abs(y_pred - y_true)
    return np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta))


TYPICAL_MISTAKES = {
    "04.softmax": [
        (_softmax_naive, "Subtract each row's maximum"),
        (_softmax_axis_0, "axis 0"),
        (_softmax_whole_array, "whole array"),
        (_softmax_divided_by_max, "not by their maximum"),
        (_softmax_without_exp, "forgot the exponential"),
        (_softmax_shifted_without_exp, "forgot the exponential"),
        (_softmax_unnormalised, "not normalised"),
        (_softmax_without_keepdims, "keepdims=True"),
        (_softmax_axis_1, "not axis=1"),
        (_softmax_in_place, "changed the caller's array"),
    ],
    "04.cross_entropy": [
        (_ce_sum, "summed the losses"),
        (_ce_no_minus, "minus sign"),
        (_ce_columns, "p[:, labels]"),
        (_ce_most_probable_class, "most probable class"),
        (_ce_every_class, "every class"),
        (_ce_no_clipping, "np.clip(p, 1e-07"),
        (_ce_one_hot_times_log, "probability exactly 0"),
        (_ce_other_epsilon, "Keras's epsilon"),
        (_ce_per_example, "one loss per example"),
        (_ce_log10, "base-10"),
    ],
    "04.huber": [
        (_huber_no_half, "factor ½"),
        (_huber_no_offset, "−½δ²"),
        (_huber_signed_condition, "np.abs(r) <= delta"),
        (_huber_swapped, "swapped"),
        (_huber_sum, "summed over the batch"),
        (_huber_fixed_delta, "delta argument is not used"),
        (_huber_mse, "mean squared error"),
        (_huber_per_example, "one loss per example"),
    ],
}
