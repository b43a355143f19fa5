import numpy as np


def softmax(x):
    """Probabilities from logits over the last axis, stable for any logits (the row maximum is subtracted first)."""
    x = np.asarray(x, dtype=float)
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
