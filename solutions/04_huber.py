import numpy as np


def huber(y_true, y_pred, delta=1.0):
    """Mean over the batch of ½r² where |r| ≤ delta and delta·(|r| − ½delta) beyond, with r = y_pred − y_true."""
    r = np.abs(np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float))
    return np.mean(np.where(r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta)))
