"""Notebook 01's explorer: polynomial fits of growing degree, underfitting and overfitting."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np

from dl101.plotting import OKABE_ITO, legend_below
from dl101.widgets.core import explorer


def fit_polynomial(x, y, degree: int):
    """The least-squares polynomial of ``degree`` through the points (x, y), as a callable."""
    from numpy.polynomial import Polynomial

    with warnings.catch_warnings():
        # High degrees on few points are ill-conditioned fits: exactly what the explorer shows.
        warnings.simplefilter("ignore", np.exceptions.RankWarning)
        return Polynomial.fit(np.ravel(x), y, degree)


def polynomial_errors(degrees, x_train, y_train, x_test, y_test) -> np.ndarray:
    """Rows of (training MSE, test MSE), one per polynomial degree."""
    errors = []
    for degree in degrees:
        fit = fit_polynomial(x_train, y_train, degree)
        errors.append(
            (np.mean((fit(np.ravel(x_train)) - y_train) ** 2), np.mean((fit(np.ravel(x_test)) - y_test) ** 2))
        )
    return np.array(errors)


def _plot_polynomial(ax: plt.Axes, degree: int, x_train, y_train, x_test, y_test) -> None:
    grid = np.linspace(min(np.min(x_train), np.min(x_test)), max(np.max(x_train), np.max(x_test)), 300)
    ax.scatter(np.ravel(x_test), y_test, s=8, color=OKABE_ITO[4], alpha=0.5, label="test data")
    ax.scatter(np.ravel(x_train), y_train, s=22, color=OKABE_ITO[0], label="training data")
    ax.plot(
        grid, fit_polynomial(x_train, y_train, degree)(grid), color=OKABE_ITO[5], linewidth=2, label=f"degree {degree}"
    )
    span = np.max(y_test) - np.min(y_test)
    ax.set(
        title=f"Polynomial of degree {degree}",
        xlabel="radius (kpc)",
        ylim=(np.min(y_test) - 0.3 * span, np.max(y_test) + 0.3 * span),
    )
    legend_below(ax, per_row=2)  # a fit of high degree swings anywhere in the panel


def draw_polynomial_fit(degree: int, x_train, y_train, x_test, y_test, max_degree: int = 15) -> plt.Figure:
    """Left: the polynomial of ``degree`` fitted to the training points. Right: its errors among all degrees."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    _plot_polynomial(left, degree, x_train, y_train, x_test, y_test)
    left.set_ylabel("velocity (km/s)")
    degrees = np.arange(max_degree + 1)
    errors = polynomial_errors(degrees, x_train, y_train, x_test, y_test)
    right.semilogy(degrees, errors[:, 0], marker="o", label="training error")
    right.semilogy(degrees, errors[:, 1], marker="s", linestyle="--", label="test error")
    right.axvline(degree, color="gray", linewidth=1)
    right.set(title="Error against model complexity", xlabel="polynomial degree", ylabel="mean squared error (km²/s²)")
    legend_below(right)  # the marker of the degree moves across the whole panel
    fig.tight_layout()
    return fig


def draw_polynomial_examples(x_train, y_train, x_test, y_test, degrees=(1, 4, 15)) -> plt.Figure:
    """Fits of a few degrees side by side, from the least flexible to the most; it judges none of them."""
    degrees = sorted(degrees)
    if not degrees:
        raise ValueError("expected at least one polynomial degree, got none")
    fig, axes = plt.subplots(1, len(degrees), figsize=(10, 3.8), sharey=True, squeeze=False)
    for ax, degree in zip(axes[0], degrees, strict=True):
        _plot_polynomial(ax, degree, x_train, y_train, x_test, y_test)
    axes[0, 0].set_ylabel("velocity (km/s)")
    fig.suptitle(examples_title(degrees))
    fig.tight_layout()
    return fig


def examples_title(degrees: list[int]) -> str:
    """The title of fits of these degrees, in increasing order: "Polynomials of degree 1, 4 and 15: ..."."""
    if len(degrees) == 1:
        return f"A polynomial of degree {degrees[0]}"
    listed = ", ".join(str(degree) for degree in degrees[:-1]) + f" and {degrees[-1]}"
    return f"Polynomials of degree {listed}: from the least to the most flexible"


def overfitting_explorer(x_train, y_train, x_test, y_test, max_degree: int = 15) -> None:
    """A slider for the polynomial degree; without widgets, a few degrees side by side."""
    import ipywidgets

    slider = ipywidgets.IntSlider(value=1, min=0, max=max_degree, description="degree", continuous_update=False)
    explorer(
        lambda degree: draw_polynomial_fit(degree, x_train, y_train, x_test, y_test, max_degree),
        lambda: draw_polynomial_examples(x_train, y_train, x_test, y_test, (1, 4, max_degree)),
        degree=slider,
    )
