"""Notebook 03's explorer, in the spirit of playground.tensorflow.org: train a small network live on 2-D data.

Choose a data set, the hidden layers, the activation and the learning rate, press the button,
and watch the decision boundary and the loss curves change while the network trains. The
training (:func:`dl101.models.train_network`) and the drawing (:func:`draw_playground`) work
without a front end.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from dl101.models import ACTIVATIONS, DATASETS, binary_accuracy, playground_data, train_network
from dl101.plotting import draw_network, plot_decision_boundary, plot_learning_curves
from dl101.runtime import in_jupyter_kernel
from dl101.widgets.core import show_with_fallback

if TYPE_CHECKING:  # imported only when a network is built or the widget is shown
    import ipywidgets

# What the classes are, where the data set's shape says it; the others keep "class 0" and "class 1".
CLASS_NAMES = {"circles": ("class 0: ring", "class 1: disc"), "XOR": ("class 0: same signs", "class 1: opposite signs")}
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3)


def draw_playground(
    model,
    X: np.ndarray,
    y: np.ndarray,
    history: dict,
    hidden_layers: Sequence[int],
    activation: str,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    title: str = "",
    class_names: Sequence[str] | None = None,
) -> plt.Figure:
    """Three panels: the network above; below, its decision boundary over the training points and its loss curves.

    ``class_names`` name the two classes in the boundary's legend (default "class 0", "class 1").
    """
    fig, panels = plt.subplot_mosaic(  # 10 inches wide at most, to stay legible on a projector
        [["net", "net"], ["boundary", "curves"]], figsize=(10, 7.6), height_ratios=(0.8, 1)
    )
    net, boundary, curves = panels["net"], panels["boundary"], panels["curves"]
    draw_network([2, *hidden_layers, 1], ax=net, activation=activation, title="The network", glossary=False)
    scores = f"training {binary_accuracy(model, X, y):.2f}"
    if validation_data is not None:
        scores += f", validation {binary_accuracy(model, *validation_data):.2f}"
    plot_decision_boundary(
        model, X, y, ax=boundary, title=f"Accuracy: {scores}", class_names=class_names, resolution=100
    )
    plot_learning_curves(history, ax=curves, title=f"Loss after {len(history['loss'])} epochs")
    curves.set(ylabel="binary cross-entropy")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def draw_playground_example() -> plt.Figure:
    """The static figure: a network with two hidden layers of 8 tanh units, trained on the spirals."""
    X_train, y_train, X_test, y_test = playground_data("spirals")
    hidden_layers = (8, 8)
    model, history = train_network(
        X_train, y_train, hidden_layers, "tanh", 0.01, epochs=1000, validation_data=(X_test, y_test)
    )
    return draw_playground(
        model,
        X_train,
        y_train,
        history,
        hidden_layers,
        "tanh",
        (X_test, y_test),
        "spirals: 2 hidden layers of 8 tanh units",
    )


def _controls():
    """The playground's input widgets, by name."""
    import ipywidgets

    style = {"description_width": "initial"}
    return {
        "dataset": ipywidgets.Dropdown(options=list(DATASETS), value="circles", description="data set"),
        "layers": ipywidgets.IntSlider(value=1, min=0, max=4, description="hidden layers", style=style),
        "units": ipywidgets.IntSlider(value=4, min=1, max=8, description="units per layer", style=style),
        "activation": ipywidgets.Dropdown(options=ACTIVATIONS, value="tanh", description="activation"),
        "learning_rate": ipywidgets.Dropdown(options=LEARNING_RATES, value=0.03, description="learning rate"),
        "epochs": ipywidgets.IntSlider(value=300, min=50, max=2000, step=50, description="epochs"),
    }


def playground_widget(every: int = 25) -> ipywidgets.VBox:
    """The controls, a Train button and an output area where the figure is redrawn every ``every`` epochs."""
    import ipywidgets
    from IPython.display import display

    controls = _controls()
    button = ipywidgets.Button(description="Train", button_style="primary", icon="play")
    output = ipywidgets.Output()

    def train(_button) -> None:
        values = {name: control.value for name, control in controls.items()}
        hidden_layers = [values["units"]] * values["layers"]
        X_train, y_train, X_test, y_test = playground_data(values["dataset"])

        def redraw(epoch, model, history):
            fig = draw_playground(
                model,
                X_train,
                y_train,
                history,
                hidden_layers,
                values["activation"],
                (X_test, y_test),
                values["dataset"],
                CLASS_NAMES.get(values["dataset"]),
            )
            with output:
                output.clear_output(wait=True)
                display(fig)
            plt.close(fig)

        button.disabled = True
        try:
            train_network(
                X_train,
                y_train,
                hidden_layers,
                values["activation"],
                values["learning_rate"],
                values["epochs"],
                validation_data=(X_test, y_test),
                callback=redraw,
                every=every,
            )
        finally:
            button.disabled = False

    button.on_click(train)
    train(button)  # the default network, trained once, so the figure is there before the first click
    widgets = list(controls.values())
    return ipywidgets.VBox([ipywidgets.HBox(widgets[:3]), ipywidgets.HBox([*widgets[3:], button]), output])


def playground(every: int = 25) -> None:
    """Show the playground in a Jupyter kernel; elsewhere, the figure of one trained configuration."""
    if not in_jupyter_kernel():
        draw_playground_example()
        plt.show()
        return
    show_with_fallback(playground_widget(every), draw_playground_example)
