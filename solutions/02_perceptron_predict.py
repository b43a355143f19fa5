import numpy as np


def perceptron_predict(X, w, b):
    """Labels 0/1 for a batch X of shape (n, d): the step of each weighted sum plus the bias."""
    z = np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b  # one weighted sum per example, shape (n,)
    return (z > 0).astype(int)  # the step: 1 where z > 0, else 0
