"""Interactive explorers that still show a static figure where no widget front end is running.

An explorer is shown as one display with two renderings: the live widget, which JupyterLab,
Notebook 7 and Colab draw, and a PNG of a static figure, which GitHub, nbviewer and any viewer
without a widget manager draw instead. In a plain ``python`` run only the static figure is made.
"""

from __future__ import annotations

import base64
import warnings
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np

from dl101.environment import in_jupyter_kernel
from dl101.plotting import OKABE_ITO, figure_to_png

FALLBACK_TEXT = (
    "[Interactive explorer: it needs a running Jupyter kernel with ipywidgets. "
    "If you read this text instead of sliders, see 'Widgets show as text' in the README.]"
)


def explorer(draw: Callable[..., plt.Figure], static: Callable[[], plt.Figure], **controls) -> None:
    """Show ``draw(**values)`` live under ``controls`` (ipywidgets); elsewhere, ``static()``'s figure.

    ``draw`` and ``static`` each return a new Matplotlib figure, so both can be tested without
    a front end.
    """
    if not in_jupyter_kernel():
        static()
        plt.show()
        return

    import ipywidgets
    from IPython.display import display

    def update(**values):
        fig = draw(**values)
        display(fig)
        plt.close(fig)  # shown once, by display, not again by the inline backend

    widget = ipywidgets.interactive(update, **controls)
    fig = static()
    bundle = widget._repr_mimebundle_()
    bundle["image/png"] = base64.b64encode(figure_to_png(fig)).decode("ascii")
    bundle["text/plain"] = FALLBACK_TEXT
    plt.close(fig)
    display(bundle, raw=True)


def widget_check() -> None:
    """A slider that says whether widgets render here; viewers without widgets read what to do."""
    import ipywidgets
    from IPython.display import display

    slider = ipywidgets.IntSlider(value=3, min=0, max=10, description="Drag me:")
    echo = ipywidgets.Label(value="")
    slider.observe(lambda change: setattr(echo, "value", f"the slider reads {change['new']}: widgets work"), "value")
    box = ipywidgets.HBox([slider, echo])
    bundle = box._repr_mimebundle_()
    bundle["text/plain"] = (
        "✗ Widgets do not render here: you see this text instead of a slider. "
        "See 'Widgets show as text' in the README's Troubleshooting."
    )
    display(bundle, raw=True)


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
    ax.legend(loc="lower right", fontsize=9)


def draw_polynomial_fit(degree: int, x_train, y_train, x_test, y_test, max_degree: int = 15) -> plt.Figure:
    """Left: the polynomial of ``degree`` fitted to the training points. Right: its errors among all degrees."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    _plot_polynomial(left, degree, x_train, y_train, x_test, y_test)
    left.set_ylabel("velocity (km/s)")
    degrees = np.arange(max_degree + 1)
    errors = polynomial_errors(degrees, x_train, y_train, x_test, y_test)
    right.semilogy(degrees, errors[:, 0], marker="o", label="training error")
    right.semilogy(degrees, errors[:, 1], marker="s", linestyle="--", label="test error")
    right.axvline(degree, color="gray", linewidth=1)
    right.set(title="Error against model complexity", xlabel="polynomial degree", ylabel="mean squared error (km²/s²)")
    right.legend()
    fig.tight_layout()
    return fig


def draw_polynomial_examples(x_train, y_train, x_test, y_test, degrees=(1, 4, 15)) -> plt.Figure:
    """Fits of a few degrees side by side: underfitting, a good fit, overfitting."""
    fig, axes = plt.subplots(1, len(degrees), figsize=(4.3 * len(degrees), 3.8), sharey=True)
    for ax, degree in zip(axes, degrees, strict=True):
        _plot_polynomial(ax, degree, x_train, y_train, x_test, y_test)
    axes[0].set_ylabel("velocity (km/s)")
    fig.suptitle("Underfitting, a good fit, overfitting")
    fig.tight_layout()
    return fig


def overfitting_explorer(x_train, y_train, x_test, y_test, max_degree: int = 15) -> None:
    """A slider for the polynomial degree; without widgets, a few degrees side by side."""
    import ipywidgets

    slider = ipywidgets.IntSlider(value=1, min=0, max=max_degree, description="degree", continuous_update=False)
    explorer(
        lambda degree: draw_polynomial_fit(degree, x_train, y_train, x_test, y_test, max_degree),
        lambda: draw_polynomial_examples(x_train, y_train, x_test, y_test, (1, 4, max_degree)),
        degree=slider,
    )
