"""Notebook 05's figures: gradient descent on a loss surface (an explorer), and a computational graph.

The descent itself is the notebook's own function, passed in as ``descend``: these functions
only draw its path over the contours of the loss, and its loss step after step.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.ticker import LogLocator

from dl101.plotting import OKABE_ITO, legend_below
from dl101.widgets.core import explorer

Bounds = tuple[tuple[float, float], tuple[float, float]]
LOSS_LABEL = "loss (mean squared error, mag²)"

# The computational graph of one sigmoid neuron and its squared error: node → (x, y, label drawn).
# A node is named by the value it outputs; the graph's inputs are drawn as plain names.
NEURON_GRAPH = {
    "nodes": {
        "x": (0.0, 2.0, "$x$"),
        "w": (0.0, 0.6, "$w$"),
        "u": (1.8, 1.3, r"$\times$"),
        "b": (1.8, -0.1, "$b$"),
        "z": (3.6, 0.6, "$+$"),
        "a": (5.4, 0.6, r"$\sigma$"),
        "y": (5.4, 2.0, "$y$"),
        "L": (7.2, 0.6, r"$(a-y)^2$"),
    },
    "edges": [("x", "u"), ("w", "u"), ("u", "z"), ("b", "z"), ("z", "a"), ("a", "L"), ("y", "L")],
}


def descent_status(losses: Sequence[float]) -> str:
    """'diverges' when the loss ends higher than it started (or overflows), else 'converges'."""
    losses = np.asarray(losses, dtype=float)
    if losses.ndim != 1 or len(losses) < 2:
        raise ValueError(f"expected the losses of at least two steps, got shape {losses.shape}")
    if not np.isfinite(losses[-1]) or losses[-1] > losses[0]:
        return "diverges"
    return "converges"


def _check_path(path: np.ndarray) -> np.ndarray:
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) < 2:
        raise ValueError(f"expected a path of shape (steps + 1, 2), at least two points, got {path.shape}")
    return path


def _draw_contours(ax: plt.Axes, loss: Callable, bounds: Bounds, levels: int = 25):
    """Filled contours of ``loss`` (of points of shape (..., 2)) on a log scale, returned for a colour bar."""
    (x0, x1), (y0, y1) = bounds
    gx, gy = np.meshgrid(np.linspace(x0, x1, 150), np.linspace(y0, y1, 150))
    values = loss(np.stack([gx, gy], axis=-1))
    floor = max(values.min(), 1e-3 * values.max())
    contours = ax.contourf(
        gx,
        gy,
        values,
        levels=np.geomspace(floor, values.max(), levels),
        norm=LogNorm(floor, values.max()),
        cmap="viridis",
        extend="min",
    )
    ax.set(xlim=(x0, x1), ylim=(y0, y1))
    return contours


def _add_colour_bar(fig: plt.Figure, contours, ax) -> None:
    """A colour bar of the loss, with a tick at every power of ten."""
    fig.colorbar(contours, ax=ax, label=LOSS_LABEL, ticks=LogLocator(), format="%g")


def _draw_minimum(ax: plt.Axes, minimum: Sequence[float] | None) -> None:
    """Mark the loss's minimum, when it is known, with a white star."""
    if minimum is not None:
        ax.plot(
            *minimum,
            marker="*",
            markersize=14,
            color="white",
            markeredgecolor="black",
            linestyle="none",
            label="minimum",
        )


def _draw_path(ax: plt.Axes, path: np.ndarray, status: str) -> None:
    """The path of the parameters, cut where it leaves the plotted range; red where it diverges."""
    with np.errstate(invalid="ignore", over="ignore"):
        shown = path[np.all(np.isfinite(path), axis=1) & np.all(np.abs(path) < 1e6, axis=1)]
    colour, label = (OKABE_ITO[5], "path (diverging)") if status == "diverges" else (OKABE_ITO[1], "path")
    ax.plot(shown[:, 0], shown[:, 1], marker="o", markersize=3, color=colour, linewidth=1.2, label=label)
    ax.plot(*path[0], marker="s", markersize=8, color=OKABE_ITO[7], linestyle="none", label="start")


def draw_descent(
    loss: Callable,
    path: np.ndarray,
    bounds: Bounds,
    learning_rate: float,
    axis_labels: tuple[str, str] = ("$w_1$", "$w_2$"),
    minimum: Sequence[float] | None = None,
) -> plt.Figure:
    """Left: the path of gradient descent over the contours of the loss. Right: the loss at every step."""
    path = _check_path(path)
    with np.errstate(over="ignore", invalid="ignore"):
        losses = loss(path)
    status = descent_status(losses)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    _add_colour_bar(fig, _draw_contours(left, loss, bounds), left)
    _draw_path(left, path, status)
    _draw_minimum(left, minimum)
    left.set(title=f"Learning rate {learning_rate:g}: {status}", xlabel=axis_labels[0], ylabel=axis_labels[1])
    legend_below(left)  # a diverging path crosses the whole panel
    right.semilogy(np.arange(len(losses)), np.clip(losses, None, 1e12), marker="o", markersize=3)
    right.set(title="Loss at every step", xlabel="step", ylabel=LOSS_LABEL)
    fig.tight_layout()
    return fig


def draw_descent_examples(
    loss: Callable,
    paths: Mapping[float, np.ndarray],
    bounds: Bounds,
    axis_labels: tuple[str, str] = ("$w_1$", "$w_2$"),
    minimum: Sequence[float] | None = None,
) -> plt.Figure:
    """One panel per learning rate (too small, about right, too large), each with its path over the contours."""
    fig, axes = plt.subplots(1, len(paths), figsize=(9.6, 4.0), sharey=True, squeeze=False, layout="constrained")
    for ax, (learning_rate, path) in zip(axes[0], paths.items(), strict=True):
        path = _check_path(path)
        with np.errstate(over="ignore", invalid="ignore"):
            status = descent_status(loss(path))
        contours = _draw_contours(ax, loss, bounds)
        _draw_path(ax, path, status)
        _draw_minimum(ax, minimum)
        ax.set(title=f"η = {learning_rate:g}: {status}", xlabel=axis_labels[0])
    axes[0, 0].set_ylabel(axis_labels[1])
    _add_colour_bar(fig, contours, axes)  # the same loss, so the same scale, in every panel
    keys = {label: handle for ax in axes[0] for handle, label in zip(*ax.get_legend_handles_labels(), strict=True)}
    fig.legend(keys.values(), keys.keys(), loc="outside lower center", ncols=len(keys))
    fig.suptitle(f"Gradient descent, {len(path) - 1} steps, from the same start")
    return fig


def gradient_descent_explorer(
    loss: Callable,
    descend: Callable,
    start: Sequence[float],
    bounds: Bounds,
    learning_rates: tuple[float, float, float] = (0.05, 0.5, 1.1),
    axis_labels: tuple[str, str] = ("$w_1$", "$w_2$"),
    steps: int = 30,
    max_steps: int = 60,
    minimum: Sequence[float] | None = None,
) -> None:
    """Sliders for the learning rate and the number of steps of ``descend(start, learning_rate, steps)``.

    Without widgets, the static figure shows the three ``learning_rates`` (too small, about right, too
    large) after ``steps`` steps, the sliders' starting value; ``minimum``, when given, is marked.
    """
    import ipywidgets

    rate = ipywidgets.FloatLogSlider(
        value=learning_rates[1], base=10, min=-2.5, max=0.5, step=0.05, description="learning rate"
    )
    step_slider = ipywidgets.IntSlider(value=steps, min=1, max=max_steps, description="steps")
    explorer(
        lambda learning_rate, steps: draw_descent(
            loss, descend(start, learning_rate, steps), bounds, learning_rate, axis_labels, minimum
        ),
        lambda: draw_descent_examples(
            loss, {lr: descend(start, lr, steps) for lr in learning_rates}, bounds, axis_labels, minimum
        ),
        learning_rate=rate,
        steps=step_slider,
    )


def draw_computational_graph(
    values: Mapping[str, float], gradients: Mapping[str, float], graph: Mapping = NEURON_GRAPH
) -> plt.Figure:
    """The graph with each node's forward value above it and the gradient ∂L/∂(that value) below it."""
    nodes = graph["nodes"]
    missing = sorted((set(nodes) - set(values)) | (set(nodes) - set(gradients)))
    if missing:
        raise ValueError(f"expected a value and a gradient for every node {sorted(nodes)}, missing {missing}")
    fig, ax = plt.subplots(figsize=(10, 3.6))
    for source, target in graph["edges"]:
        (x0, y0, _), (x1, y1, _) = nodes[source], nodes[target]
        arrow = {"arrowstyle": "-|>", "color": "gray", "shrinkA": 16, "shrinkB": 16}
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops=arrow)
    for name, (x, y, label) in nodes.items():
        box = {"boxstyle": "circle" if len(label) <= 8 else "round", "facecolor": "white", "edgecolor": "0.3"}
        ax.text(x, y, label, ha="center", va="center", fontsize=12, bbox=box)
        ax.text(x, y + 0.25, f"{values[name]:.3f}", color=OKABE_ITO[0], ha="center", va="bottom", fontsize=11)
        ax.text(x, y - 0.25, f"{gradients[name]:.3f}", color=OKABE_ITO[5], ha="center", va="top", fontsize=11)
    ax.plot([], [], color=OKABE_ITO[0], label="forward: the value")
    ax.plot([], [], color=OKABE_ITO[5], label="backward: ∂L/∂value")
    ax.legend(loc="lower right", fontsize=11)
    ax.set_title("A computational graph: values forward (blue), gradients backward (orange)")
    xs, ys = [x for x, _, _ in nodes.values()], [y for _, y, _ in nodes.values()]
    ax.set(xlim=(min(xs) - 0.5, max(xs) + 0.8), ylim=(min(ys) - 0.6, max(ys) + 0.6))
    ax.axis("off")
    return fig
