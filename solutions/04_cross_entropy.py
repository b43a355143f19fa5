import numpy as np


def cross_entropy(labels, p):
    """Mean over the batch of −log p[i, labels[i]], with p clipped to [1e-7, 1 − 1e-7] as Keras does."""
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    labels = np.asarray(labels, dtype=int)
    return np.mean(-np.log(p[np.arange(len(labels)), labels]))
