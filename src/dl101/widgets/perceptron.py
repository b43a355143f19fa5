"""Notebook 02's figures and explorer: a perceptron's decision line, its mistakes, and its training."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from dl101.plotting import OKABE_ITO, legend_below, validate_points_2d, zone_keys
from dl101.widgets.core import explorer

MISTAKE_COLOUR = OKABE_ITO[7]  # black: a ring that stands out on both classes' colours (blue, orange)
FIGURE_WIDTH = 10  # inches: the widest figure a projected slide shows legibly
PANELS_PER_ROW = 3  # at that width, three panels still have readable axes
LEGEND_HEIGHT = 0.75  # inches below the panels for the shared legend: two rows of entries
LEGEND_COLUMNS = 3  # points, mistakes and line, zones: each class's points above its zone's colour
ZONE_OPACITY = 0.15  # light: the points of both classes keep their colours on either half-plane
CLASS_NAMES = ("class 0", "class 1")


def misclassified(X: np.ndarray, y: np.ndarray, w: Sequence[float], b: float) -> np.ndarray:
    """True for each point whose label differs from the perceptron's, step(X @ w + b) with step(0) = 0."""
    X, y = validate_points_2d(X, y)
    w = np.asarray(w, dtype=float)
    if w.shape != (2,):
        raise ValueError(f"expected weights of shape (2,), got {w.shape}")
    return (X @ w + b > 0).astype(int) != y


def _limits(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0))
    return X.min(axis=0) - pad, X.max(axis=0) + pad


def _decision_line(w: np.ndarray, b: float, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Two points of the line w₁x₁ + w₂x₂ + b = 0 spanning the box [lo, hi]; None when w = 0 (no line)."""
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        x1 = np.array([lo[0], hi[0]])
        return x1, -(w[0] * x1 + b) / w[1]
    if w[0] != 0:
        x2 = np.array([lo[1], hi[1]])
        return -(w[1] * x2 + b) / w[0], x2
    return None


def plot_perceptron(
    ax: plt.Axes,
    X: np.ndarray,
    y: np.ndarray,
    w: Sequence[float],
    b: float,
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
    class_names: Sequence[str] = CLASS_NAMES,
    legend: bool = True,
) -> int:
    """Draw the points, the half-plane of each predicted class, the decision line and a ring on each mistake.

    The legend, under the axes, keys the shading too ("predicts star"). Returns the number of misclassified points.
    """
    X, y = validate_points_2d(X, y)
    wrong = misclassified(X, y, w, b)
    w = np.asarray(w, dtype=float)
    lo, hi = _limits(X)
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 150), np.linspace(lo[1], hi[1], 150))
    zone = (w[0] * gx + w[1] * gy + b > 0).astype(float)
    ax.contourf(gx, gy, zone, levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(OKABE_ITO[:2]), alpha=ZONE_OPACITY)
    for label, name in enumerate(class_names):
        ax.scatter(*X[y == label].T, s=14, color=OKABE_ITO[label], edgecolor="white", linewidth=0.3, label=name)
    ax.scatter(
        *X[wrong].T,
        s=70,
        facecolor="none",
        edgecolor=MISTAKE_COLOUR,
        linewidth=1.5,
        label="misclassified",
    )
    line = _decision_line(w, b, lo, hi)
    if line is not None:
        ax.plot(*line, color="black", linewidth=2, label="decision line")
    ax.set(xlabel=xlabel, ylabel=ylabel, xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
    if legend:
        legend_below(ax, per_row=LEGEND_COLUMNS, extra=_zone_keys(class_names))  # no corner is free of points
    return int(wrong.sum())


def _zone_keys(class_names: Sequence[str]) -> list:
    """Legend entries for the two half-planes: "predicts <class>", in the shading's colour and opacity."""
    return zone_keys(OKABE_ITO[:2], [f"predicts {name}" for name in class_names], ZONE_OPACITY)


def draw_perceptron(w1: float, w2: float, b: float, X: np.ndarray, y: np.ndarray, **labels) -> plt.Figure:
    """One perceptron's line on the data, with the number of misclassified points in the title."""
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    errors = plot_perceptron(ax, X, y, (w1, w2), b, **labels)
    ax.set_title(f"w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}: {errors} of {len(X)} misclassified")
    fig.tight_layout()
    return fig


def draw_perceptron_examples(X: np.ndarray, y: np.ndarray, settings: Sequence[tuple], **labels) -> plt.Figure:
    """A panel per (w₁, w₂, b) in ``settings``, in rows of three, each titled with its number of mistakes."""
    if not settings or any(len(setting) != 3 for setting in settings):
        raise ValueError(f"expected a non-empty list of (w1, w2, b) settings, got {settings!r}")
    fig, axes = _panel_grid(len(settings), height=3.6)
    for ax, (w1, w2, b) in zip(axes, settings, strict=True):
        errors = plot_perceptron(ax, X, y, (w1, w2), b, legend=False, **labels)
        ax.set_title(f"w = ({w1:.2f}, {w2:.2f}), b = {b:.2f}\n{errors} of {len(X)} misclassified")
    _legend_below(
        fig, axes, "Perceptrons with different weights: their lines and their mistakes", labels.get("class_names")
    )
    return fig


def _panel_grid(n_panels: int, height: float) -> tuple[plt.Figure, list[plt.Axes]]:
    """A figure FIGURE_WIDTH wide with ``n_panels`` axes, PANELS_PER_ROW a row, each row ``height`` tall."""
    ncols = min(n_panels, PANELS_PER_ROW)
    nrows = -(-n_panels // ncols)
    fig, grid = plt.subplots(nrows, ncols, figsize=(FIGURE_WIDTH, height * nrows + LEGEND_HEIGHT), squeeze=False)
    for spare in grid.flat[n_panels:]:
        spare.remove()
    return fig, list(grid.flat[:n_panels])


def _legend_below(
    fig: plt.Figure, axes: Sequence[plt.Axes], title: str, class_names: Sequence[str] | None = None
) -> None:
    """One legend for all panels, below them, with the shading's key, and the figure's title above."""
    handles = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels(), strict=True)}
    handles.update({key.get_label(): key for key in _zone_keys(class_names or CLASS_NAMES)})
    fig.legend(handles.values(), handles.keys(), loc="lower center", ncol=LEGEND_COLUMNS, fontsize=11, markerscale=2)
    fig.suptitle(title)
    fig.tight_layout(rect=(0, LEGEND_HEIGHT / fig.get_figheight(), 1, 1))


def draw_training(
    X: np.ndarray,
    y: np.ndarray,
    snapshots: Sequence[tuple],
    mistakes: Sequence[int],
    epochs: Sequence[int],
    title: str = "The perceptron learning",
    **labels,
) -> plt.Figure:
    """The line after each of ``epochs`` (``snapshots[e]`` is (w, b) after epoch e), then the mistakes per epoch."""
    if len(snapshots) != len(mistakes) + 1:
        raise ValueError(f"expected one snapshot per epoch plus the start ({len(mistakes) + 1}), got {len(snapshots)}")
    if not epochs or not all(0 <= epoch < len(snapshots) for epoch in epochs):
        raise ValueError(f"expected epochs between 0 and {len(mistakes)}, got {list(epochs)}")
    fig, axes = _panel_grid(len(epochs) + 1, height=3.3)
    for ax, epoch in zip(axes[:-1], epochs, strict=True):
        w, b = snapshots[epoch]
        errors = plot_perceptron(ax, X, y, w, b, legend=False, **labels)
        ax.set_title(f"{'start' if epoch == 0 else f'after epoch {epoch}'}: {errors} misclassified", fontsize=11)
    bars = axes[-1]
    bars.bar(np.arange(1, len(mistakes) + 1), mistakes, color=MISTAKE_COLOUR)
    bars.set(xlabel="epoch", ylabel="mistakes (updates)")
    bars.set_title("Mistakes during each epoch", fontsize=11)
    _legend_below(fig, axes[:-1], title, labels.get("class_names"))
    return fig


def perceptron_explorer(X: np.ndarray, y: np.ndarray, settings: Sequence[tuple], **labels) -> None:
    """Sliders for w₁, w₂ and b, starting at ``settings[0]``; without widgets, a panel per setting."""
    import ipywidgets

    def slider(value: float, name: str):
        return ipywidgets.FloatSlider(
            value=value, min=-3.0, max=3.0, step=0.05, description=name, continuous_update=False
        )

    w1, w2, b = settings[0]
    explorer(
        lambda w1, w2, b: draw_perceptron(w1, w2, b, X, y, **labels),
        lambda: draw_perceptron_examples(X, y, settings, **labels),
        w1=slider(w1, "w₁"),
        w2=slider(w2, "w₂"),
        b=slider(b, "b"),
    )
