import numpy as np


def expected_calibration_error(probabilities, labels, n_bins=10):
    """Sum over equal confidence bins of [0, 1] of (share of the predictions in the bin) · |accuracy − confidence|."""
    confidence = np.max(probabilities, axis=1)
    right = np.argmax(probabilities, axis=1) == labels
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)  # a confidence of exactly 1 in the last bin
    ece = 0.0
    for b in range(n_bins):
        in_bin = bins == b
        if np.any(in_bin):  # an empty bin adds nothing
            ece += np.mean(in_bin) * np.abs(np.mean(right[in_bin]) - np.mean(confidence[in_bin]))
    return ece
