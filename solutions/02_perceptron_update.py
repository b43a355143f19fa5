import numpy as np


def perceptron_update(w, b, x, y, learning_rate=0.1):
    """The perceptron rule for one example: move the line only when the example is misclassified."""
    x = np.asarray(x, dtype=float)
    y_hat = 1 if np.dot(w, x) + b > 0 else 0
    error = y - y_hat  # 0 when right; +1 (should have said 1) or -1 (should have said 0) when wrong
    return w + learning_rate * error * x, b + learning_rate * error  # new arrays: the caller's w is left alone
