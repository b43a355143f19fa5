"""Typical wrong answers to notebook 02's exercises, each with a piece of the hint it must get."""

import numpy as np


def _predict_weighted_sum(X, w, b):
    return X @ w + b


def _predict_without_bias(X, w, b):
    return (X @ w > 0).astype(int)


def _predict_bias_subtracted(X, w, b):
    return (X @ w - b > 0).astype(int)


def _predict_inverted(X, w, b):
    return (X @ w + b < 0).astype(int)


def _predict_plus_minus_one(X, w, b):
    return np.sign(X @ w + b)


def _predict_sigmoid(X, w, b):
    return 1 / (1 + np.exp(-(X @ w + b)))


def _predict_one_example_only(x, w, b):
    return 1 if np.dot(x, w) + b > 0 else 0


def _predict_w_times_x(x, w, b):
    return int(w @ x + b > 0)


def _predict_two_features_only(X, w, b):
    return (X[:, 0] * w[0] + X[:, 1] * w[1] + b > 0).astype(int)


def _predict_summing_everything(X, w, b):
    return int(np.sum(X * w) + b > 0)


def _predict_column(X, w, b):
    return (X @ w[:, None] + b > 0).astype(int)


def _step(w, x, b):
    return 1 if np.dot(w, x) + b > 0 else 0


def _update_wrong_sign(w, b, x, y, learning_rate=0.1):
    error = _step(w, x, b) - y
    return w + learning_rate * error * x, b + learning_rate * error


def _update_without_bias(w, b, x, y, learning_rate=0.1):
    return w + learning_rate * (y - _step(w, x, b)) * x, b


def _update_ignoring_learning_rate(w, b, x, y, learning_rate=0.1):
    error = y - _step(w, x, b)
    return w + error * x, b + error


def _update_always(w, b, x, y, learning_rate=0.1):
    return w + learning_rate * y * x, b + learning_rate * y


def _update_always_plus_minus(w, b, x, y, learning_rate=0.1):
    sign = 2 * y - 1
    return w + learning_rate * sign * x, b + learning_rate * sign


def _update_only_positive_examples(w, b, x, y, learning_rate=0.1):
    if _step(w, x, b) != y:
        return w + learning_rate * y * x, b + learning_rate * y
    return w, b


def _update_in_place(w, b, x, y, learning_rate=0.1):
    error = y - _step(w, x, b)
    w += learning_rate * error * x
    return w, b + learning_rate * error


def _update_with_weighted_sum(w, b, x, y, learning_rate=0.1):
    error = y - (np.dot(w, x) + b)
    return w + learning_rate * error * x, b + learning_rate * error


def _update_forgetting_x(w, b, x, y, learning_rate=0.1):
    error = y - _step(w, x, b)
    return w + learning_rate * error, b + learning_rate * error


def _update_returning_b_first(w, b, x, y, learning_rate=0.1):
    error = y - _step(w, x, b)
    return b + learning_rate * error, w + learning_rate * error * x


def _update_returning_only_w(w, b, x, y, learning_rate=0.1):
    return w + learning_rate * (y - _step(w, x, b)) * x


def _update_batch_prediction_for_one_example(w, b, x, y, learning_rate=0.1):
    error = y - (np.atleast_2d(x) @ w + b > 0).astype(int)  # shape (1,): the bias becomes an array
    return w + learning_rate * error * x, b + learning_rate * error


TYPICAL_MISTAKES = {
    "02.perceptron_predict": [
        (_predict_weighted_sum, "Apply the step"),
        (_predict_without_bias, "bias is missing"),
        (_predict_bias_subtracted, "bias is subtracted"),
        (_predict_inverted, "inverted"),
        (_predict_plus_minus_one, "−1 and +1"),
        (_predict_sigmoid, "sigmoid"),
        (_predict_one_example_only, "works for one example"),
        (_predict_w_times_x, "works for one example"),
        (_predict_two_features_only, "first two features"),
        (_predict_summing_everything, "Sum over the features only"),
        (_predict_column, "one label per example"),
    ],
    "02.perceptron_update": [
        (_update_wrong_sign, "sign is flipped"),
        (_update_without_bias, "bias is not updated"),
        (_update_ignoring_learning_rate, "ignores the learning rate"),
        (_update_always, "even when the prediction is right"),
        (_update_always_plus_minus, "even when the prediction is right"),
        (_update_only_positive_examples, "class 0 does not change your line"),
        (_update_in_place, "in place"),
        (_update_with_weighted_sum, "instead of the predicted label"),
        (_update_forgetting_x, "input x is missing"),
        (_update_returning_b_first, "the order is (w, b)"),
        (_update_returning_only_w, "should return a pair"),
        (_update_batch_prediction_for_one_example, "one number"),
    ],
}
