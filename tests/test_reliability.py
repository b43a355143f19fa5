"""Calibration statistics (dl101.metrics.reliability) and the reliability diagram drawn from them."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dl101.metrics import reliability
from dl101.plotting import plot_reliability


def test_predictions_are_binned_by_their_largest_probability_with_one_in_the_last_bin():
    probabilities = np.array([[0.95, 0.05], [0.35, 0.65], [1.0, 0.0], [0.5, 0.5], [0.12, 0.88]])
    labels = np.array([0, 0, 0, 1, 1])  # right, wrong, right, wrong (the tie predicts class 0), right
    bins = reliability(probabilities, labels, n_bins=10)
    np.testing.assert_allclose(bins.edges, np.linspace(0, 1, 11))
    assert bins.count.tolist() == [0, 0, 0, 0, 0, 1, 1, 0, 1, 2]
    np.testing.assert_allclose(bins.confidence[[5, 6, 8, 9]], [0.5, 0.65, 0.88, 0.975])
    np.testing.assert_allclose(bins.accuracy[[5, 6, 8, 9]], [0.0, 0.0, 1.0, 1.0])
    assert np.isnan(bins.confidence[:5]).all() and np.isnan(bins.accuracy[7])


def test_one_bin_holds_the_overall_accuracy_and_mean_confidence():
    rng = np.random.default_rng(0)
    probabilities = rng.dirichlet(np.ones(4), size=300)
    labels = rng.integers(0, 4, 300)
    bins = reliability(probabilities, labels, n_bins=1)
    assert bins.count.tolist() == [300]
    np.testing.assert_allclose(bins.confidence, probabilities.max(axis=1).mean())
    np.testing.assert_allclose(bins.accuracy, np.mean(probabilities.argmax(axis=1) == labels))


def test_the_bins_agree_with_numpy_histogram_away_from_the_edges():
    rng = np.random.default_rng(1)
    probabilities = rng.dirichlet(np.full(3, 0.3), size=500).astype(np.float32)
    labels = rng.integers(0, 3, 500)
    confidence = probabilities.max(axis=1)
    assert np.min(np.abs(confidence[:, None] * 8 - np.arange(9))) > 1e-6  # no confidence on an edge
    counts, _ = np.histogram(confidence, bins=8, range=(0, 1))
    assert reliability(probabilities, labels, n_bins=8).count.tolist() == counts.tolist()


@pytest.mark.parametrize(
    ("probabilities", "labels", "n_bins"),
    [
        (np.ones(4) / 2, np.zeros(4, int), 10),
        (np.ones((4, 2)) / 2, np.zeros(3, int), 10),
        (np.ones((4, 2)) / 2, np.zeros(4, int), 0),
    ],
)
def test_wrong_shapes_and_bin_counts_say_what_was_expected(probabilities, labels, n_bins):
    with pytest.raises(ValueError, match="expected"):
        reliability(probabilities, labels, n_bins)


def test_the_diagram_draws_a_bar_per_filled_bin_and_the_diagonal():
    probabilities = np.array([[0.95, 0.05], [0.35, 0.65], [1.0, 0.0], [0.5, 0.5]])
    ax = plot_reliability(reliability(probabilities, np.array([0, 0, 0, 1])), title="four predictions")
    bars = [patch for patch in ax.patches if patch.get_height() > 0]
    assert len(ax.patches) == 3 and len(bars) == 1  # bins 5, 6 and 9 are filled; only bin 9 is right
    assert ax.get_title() == "four predictions" and ax.get_xlim() == (0, 1)
    assert any(line.get_linestyle() == "--" for line in ax.get_lines())  # the diagonal
    plt.close("all")
