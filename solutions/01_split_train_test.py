import numpy as np


def split_train_test(X, y, test_fraction=0.25, seed=0):
    """Shuffle once, then cut: every example lands in exactly one set, with its own label."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(X))
    n_test = round(test_fraction * len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
