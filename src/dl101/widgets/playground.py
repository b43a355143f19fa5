"""Notebook 03's explorer, in the spirit of playground.tensorflow.org: train a small network live on 2-D data.

Choose a data set, the hidden layers, the activation and the learning rate, press the button,
and watch the decision boundary and the loss curves change while the network trains. The
training (:func:`train_network`) and the drawing (:func:`draw_playground`) work without a
front end; Keras is imported only when a network is built.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np

from dl101.data import make_blobs, make_circles, make_spirals, make_xor
from dl101.environment import in_jupyter_kernel
from dl101.plotting import draw_network, plot_decision_boundary, plot_learning_curves
from dl101.widgets.core import show_with_fallback

if TYPE_CHECKING:  # imported only when a network is built or the widget is shown
    import ipywidgets
    import keras

DATASETS = {"circles": make_circles, "XOR": make_xor, "spirals": make_spirals, "blobs": make_blobs}
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3)


def playground_data(name: str, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A training set (seed 0) and a test set (seed 1) of ``n`` points each from one of ``DATASETS``."""
    if name not in DATASETS:
        raise ValueError(f"expected a data set among {sorted(DATASETS)}, got {name!r}")
    X_train, y_train = DATASETS[name](n=n, seed=0)
    X_test, y_test = DATASETS[name](n=n, seed=1)
    return X_train, y_train, X_test, y_test


def _validate_hidden_layers(hidden_layers: Sequence[int]) -> list[int]:
    units = list(hidden_layers)
    if not all(isinstance(u, (int, np.integer)) and not isinstance(u, bool) and u >= 1 for u in units):
        raise ValueError(f"expected hidden layer sizes as integers >= 1, such as [4, 4], got {hidden_layers!r}")
    return [int(u) for u in units]


def build_network(hidden_layers: Sequence[int], activation: str = "tanh", seed: int = 0) -> keras.Sequential:
    """A Keras classifier of 2-D points: Dense hidden layers of ``activation``, then one sigmoid output."""
    import keras

    units = _validate_hidden_layers(hidden_layers)
    if activation not in ACTIVATIONS:
        raise ValueError(f"expected an activation among {ACTIVATIONS}, got {activation!r}")
    keras.utils.set_random_seed(seed)  # the same seed gives the same initial weights
    hidden = [keras.layers.Dense(n, activation=activation) for n in units]
    return keras.Sequential([keras.Input((2,)), *hidden, keras.layers.Dense(1, activation="sigmoid")])


def _validate_points(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X, dtype=np.float32), np.asarray(y, dtype=np.float32).reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise ValueError(f"expected points X of shape (n, 2) and n labels, got X {X.shape} and {len(y)} labels")
    return X, y


def train_network(
    X: np.ndarray,
    y: np.ndarray,
    hidden_layers: Sequence[int] = (4,),
    activation: str = "tanh",
    learning_rate: float = 0.03,
    epochs: int = 300,
    seed: int = 0,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    callback: Callable | None = None,
    every: int = 25,
) -> tuple[keras.Sequential, dict[str, list[float]]]:
    """Train a fresh network on (X, y) with Adam, one full-batch step per epoch; return it and its history.

    The history maps "loss" (and "val_loss" with ``validation_data``) to the binary cross-entropy
    of every epoch. ``callback(epoch, model, history)`` runs every ``every`` epochs and at the end.
    One compiled TensorFlow step per epoch keeps a few hundred epochs well under a second.
    """
    import keras
    import tensorflow as tf

    if not (isinstance(epochs, int) and epochs >= 1 and isinstance(every, int) and every >= 1):
        raise ValueError(f"expected epochs and every to be integers >= 1, got {epochs!r} and {every!r}")
    if not learning_rate > 0:
        raise ValueError(f"expected a learning rate > 0, got {learning_rate!r}")
    inputs, targets = _validate_points(X, y)
    model = build_network(hidden_layers, activation, seed)
    optimizer = keras.optimizers.Adam(learning_rate)
    cross_entropy = keras.losses.BinaryCrossentropy()
    validation = _validate_points(*validation_data) if validation_data is not None else None

    @tf.function
    def train_step():
        """One gradient step on the whole training set: the training loss before it, the validation loss after."""
        with tf.GradientTape() as tape:
            loss = cross_entropy(targets, model(inputs, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        if validation is None:
            return (loss,)
        return loss, cross_entropy(validation[1], model(validation[0]))

    history = {"loss": []} if validation_data is None else {"loss": [], "val_loss": []}
    for epoch in range(1, epochs + 1):
        for key, value in zip(history, train_step(), strict=True):
            history[key].append(float(value))
        if callback is not None and (epoch % every == 0 or epoch == epochs):
            callback(epoch, model, history)
    return model, history


def accuracy_of(model, X: np.ndarray, y: np.ndarray) -> float:
    """The fraction of points whose class (probability of class 1 ≥ 0.5) the model gets right."""
    probabilities = np.asarray(model(np.asarray(X, dtype=np.float32))).ravel()
    return float(np.mean((probabilities >= 0.5) == (np.ravel(y) == 1)))


def draw_playground(
    model,
    X: np.ndarray,
    y: np.ndarray,
    history: dict,
    hidden_layers: Sequence[int],
    activation: str,
    validation_data: tuple[np.ndarray, np.ndarray] | None = None,
    title: str = "",
) -> plt.Figure:
    """Three panels: the network, its decision boundary over the training points, its loss curves."""
    fig, (net, boundary, curves) = plt.subplots(1, 3, figsize=(15, 4.4))
    draw_network([2, *hidden_layers, 1], ax=net, activation=activation, title="The network", glossary=False)
    scores = f"training {accuracy_of(model, X, y):.2f}"
    if validation_data is not None:
        scores += f", validation {accuracy_of(model, *validation_data):.2f}"
    plot_decision_boundary(model, X, y, ax=boundary, title=f"Accuracy: {scores}", resolution=100)
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
