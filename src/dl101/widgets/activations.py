"""Notebook 04's explorer: an activation function and its derivative, and where the gradient vanishes.

The pre-activation is ``z = scale · x + shift``, so the plotted derivative is the chain rule's
``d f(z) / dx = scale · f'(z)``. Where its magnitude falls below ``VANISHING`` (saturated sigmoid
and tanh, the negative side of a ReLU) almost no gradient flows back through the unit.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np

from dl101 import nn
from dl101.plotting import OKABE_ITO, legend_below
from dl101.widgets.core import explorer

VANISHING = 0.01  # |df/dx| below this: the gradient has (almost) vanished
X_RANGE = (-6.0, 6.0)

# name → (function, derivative); leaky ReLU also takes its negative slope.
ACTIVATIONS: dict[str, tuple[Callable, Callable]] = {
    "sigmoid": (nn.sigmoid, nn.sigmoid_derivative),
    "tanh": (nn.tanh, nn.tanh_derivative),
    "relu": (nn.relu, nn.relu_derivative),
    "leaky_relu": (nn.leaky_relu, nn.leaky_relu_derivative),
}

# How the figures name each activation, as the notebooks write them.
DISPLAY_NAMES = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU"}
# (activation, scale, shift, negative slope) of each panel of the static figure.
EXAMPLES = (
    ("sigmoid", 1.0, 0.0, 0.2),
    ("sigmoid", 4.0, 0.0, 0.2),
    ("relu", 1.0, -2.0, 0.2),
    ("leaky_relu", 1.0, -2.0, 0.2),
)


def activation_curves(
    name: str, x: np.ndarray, scale: float = 1.0, shift: float = 0.0, negative_slope: float = 0.2
) -> tuple[np.ndarray, np.ndarray]:
    """f(scale·x + shift) and its derivative with respect to x, scale·f'(scale·x + shift)."""
    if name not in ACTIVATIONS:
        raise ValueError(f"expected an activation among {sorted(ACTIVATIONS)}, got {name!r}")
    function, derivative = ACTIVATIONS[name]
    z = scale * np.asarray(x, dtype=float) + shift
    options = {"negative_slope": negative_slope} if name == "leaky_relu" else {}
    return function(z, **options), scale * derivative(z, **options)


def vanishing_fraction(gradient: np.ndarray) -> float:
    """The fraction of points where |gradient| < VANISHING."""
    return float(np.mean(np.abs(gradient) < VANISHING))


def _plot_activation(ax: plt.Axes, name: str, scale: float, shift: float, negative_slope: float) -> None:
    x = np.linspace(*X_RANGE, 601)
    values, gradient = activation_curves(name, x, scale, shift, negative_slope)
    ax.fill_between(
        x,
        0,
        1,
        where=np.abs(gradient) < VANISHING,
        transform=ax.get_xaxis_transform(),
        color=OKABE_ITO[3],
        alpha=0.2,
        linewidth=0,
        label=f"|df/dx| < {VANISHING}",
    )
    ax.plot(x, values, color=OKABE_ITO[0], linewidth=2, label="f(scale·x + shift)")
    ax.plot(x, gradient, color=OKABE_ITO[5], linestyle="--", linewidth=2, label="df/dx")
    slope = f", slope {negative_slope:g}" if name == "leaky_relu" else ""
    ax.set(
        title=f"{DISPLAY_NAMES[name]}, scale {scale:g}, shift {shift:g}{slope}\ngradient vanishes on "
        f"{100 * vanishing_fraction(gradient):.0f} % of the range",
        xlabel="input x",
        xlim=X_RANGE,
    )
    legend_below(ax, per_row=2)  # the curves sweep the whole panel as the scale and shift change


def draw_activation(name: str, scale: float = 1.0, shift: float = 0.0, negative_slope: float = 0.2) -> plt.Figure:
    """One activation and its derivative over x, with the region where the gradient vanishes shaded."""
    fig, ax = plt.subplots(figsize=(7, 4.4))
    _plot_activation(ax, name, scale, shift, negative_slope)
    ax.set_ylabel("value")
    fig.tight_layout()
    return fig


def draw_activation_examples(examples=EXAMPLES) -> plt.Figure:
    """A few settings, two per row: a sigmoid, a steeper one that saturates, a ReLU and a leaky ReLU shifted left."""
    rows = -(-len(examples) // 2)  # two panels per row: 10 inches wide at most, legible on a projector
    fig, axes = plt.subplots(rows, 2, figsize=(10, 4.0 * rows), sharey=True, squeeze=False)
    for ax, (name, scale, shift, slope) in zip(axes.flat, examples, strict=False):
        _plot_activation(ax, name, scale, shift, slope)
    for ax in axes.flat[len(examples) :]:
        fig.delaxes(ax)
    for ax in axes[:, 0]:
        ax.set_ylabel("value")
    fig.suptitle("Activations and their derivatives: where the gradient vanishes")
    fig.tight_layout()
    return fig


def activation_explorer() -> None:
    """Choose an activation, the scale and shift of its input, and leaky ReLU's slope; see f and df/dx."""
    import ipywidgets

    options = {"continuous_update": False}
    explorer(
        draw_activation,
        draw_activation_examples,
        name=ipywidgets.Dropdown(options=list(ACTIVATIONS), value="sigmoid", description="activation"),
        scale=ipywidgets.FloatSlider(value=1.0, min=0.2, max=5.0, step=0.2, description="scale", **options),
        shift=ipywidgets.FloatSlider(value=0.0, min=-4.0, max=4.0, step=0.5, description="shift", **options),
        negative_slope=ipywidgets.FloatSlider(
            value=0.2, min=0.0, max=0.5, step=0.05, description="neg. slope", **options
        ),
    )
