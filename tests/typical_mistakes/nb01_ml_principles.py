"""Typical wrong answers to notebook 01's exercises, each with a piece of the hint it must get."""

import numpy as np


def _split_without_shuffle(X, y, test_fraction=0.25, seed=0):
    n_test = round(test_fraction * len(X))
    return X[:-n_test], X[-n_test:], y[:-n_test], y[-n_test:]


def _split_shuffling_separately(X, y, test_fraction=0.25, seed=0):
    rng = np.random.default_rng(seed)
    X, y = X[rng.permutation(len(X))], y[rng.permutation(len(y))]
    n_test = round(test_fraction * len(X))
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]


def _split_drawing_test_with_replacement(X, y, test_fraction=0.25, seed=0):
    rng = np.random.default_rng(seed)
    test = rng.choice(len(X), round(test_fraction * len(X)), replace=True)
    train = rng.choice(len(X), len(X) - len(test), replace=True)
    return X[train], X[test], y[train], y[test]


def _split_ignoring_seed(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng().permutation(len(X))
    n_test = round(test_fraction * len(X))
    return X[order[n_test:]], X[order[:n_test]], y[order[n_test:]], y[order[:n_test]]


def _split_in_place(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    X[:], y[:] = X[order], y[order]
    n_test = round(test_fraction * len(X))
    return X[n_test:], X[:n_test], y[n_test:], y[:n_test]


def _split_swapped(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    n_test = round(test_fraction * len(X))
    return X[order[:n_test]], X[order[n_test:]], y[order[:n_test]], y[order[n_test:]]


def _split_fixed_size(X, y, test_fraction=0.25, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    return X[order[10:]], X[order[:10]], y[order[10:]], y[order[:10]]


def _accuracy_count(y_true, y_pred):
    return np.sum(np.ravel(y_true) == np.ravel(y_pred))


def _accuracy_error_rate(y_true, y_pred):
    return np.mean(np.ravel(y_true) != np.ravel(y_pred))


def _accuracy_percent(y_true, y_pred):
    return 100 * np.mean(np.ravel(y_true) == np.ravel(y_pred))


def _accuracy_broadcasting(y_true, y_pred):
    return np.mean(y_true == y_pred)


def _accuracy_per_example(y_true, y_pred):
    return (np.ravel(y_true) == np.ravel(y_pred)).astype(float)


TYPICAL_MISTAKES = {
    "01.split_train_test": [
        (_split_without_shuffle, "not shuffled"),
        (_split_shuffling_separately, "shuffled differently"),
        (_split_drawing_test_with_replacement, "leakage"),
        (_split_ignoring_seed, "same seed gave different splits"),
        (_split_in_place, "in place"),
        (_split_swapped, "swap"),
        (_split_fixed_size, "test_fraction"),
    ],
    "01.accuracy": [
        (_accuracy_count, "number of correct predictions"),
        (_accuracy_error_rate, "error rate"),
        (_accuracy_percent, "percentage"),
        (_accuracy_broadcasting, "broadcast"),
        (_accuracy_per_example, "one number"),
    ],
}
