"""The course's networks and how they are trained, defined once so that notebooks, checks, tools and tests agree.

The reference networks for the simulated sky (notebooks 06–09) take the normalised images of
``dl101.data.sky_splits`` and return class probabilities (a softmax output); notebooks show
their code to the learner (``inspect.getsource``) rather than hide it. :func:`train_classifier`
is the one recipe that trains them where training is not the lesson (notebook 06 teaches it).
:func:`train_network` trains the small networks of 2-D points of notebook 03's playground. Keras
is imported only when a network is built. How well a model does is ``dl101.metrics``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from dl101.data import make_blobs, make_circles, make_spirals, make_xor

if TYPE_CHECKING:
    import keras

# How the course trains its image classifiers (train_classifier): Adam at this rate, batches of 64, early stopping
# on the validation loss after PATIENCE epochs without improvement, keeping the best epoch's weights.
LEARNING_RATE = 1e-3
BATCH_SIZE = 64
PATIENCE = 3


def small_cnn(input_shape: tuple[int, int, int] = (32, 32, 3), n_classes: int = 4):
    """Three 3×3 convolutions (16, 32, 64 filters), each followed by 2×2 max pooling, then a softmax layer.

    Built with the functional API and named layers, so a sub-model can reach any layer by name
    (``model.get_layer("conv2").output``).
    """
    import keras

    _check(input_shape, n_classes)
    inputs = keras.Input(input_shape, name="images")
    x = inputs
    for index, filters in enumerate((16, 32, 64), start=1):
        x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu", name=f"conv{index}")(x)
        x = keras.layers.MaxPooling2D(name=f"pool{index}")(x)
    x = keras.layers.Flatten(name="features")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="classifier")(x)
    return keras.Model(inputs, outputs, name="small_cnn")


def tutorial_cnn(input_shape: tuple[int, int, int] = (32, 32, 3), n_classes: int = 4):
    """A CNN after the hack-week tutorial the course grew out of: three 3×3 conv blocks (16, 32, 64), then Dense 64.

    Each block here is Conv2D ("same" padding), BatchNormalization, ReLU, 2×2 max pooling; the
    classifier has ``n_classes`` outputs (the tutorial had 10) and a softmax; the tutorial trained
    with Adam. Not a copy: the tutorial's blocks were Conv2D with ReLU, then BatchNormalization,
    then pooling, with "valid" padding, on 28×28×1 images.
    """
    import keras

    _check(input_shape, n_classes)
    inputs = keras.Input(input_shape, name="images")
    x = inputs
    for index, filters in enumerate((16, 32, 64), start=1):
        x = keras.layers.Conv2D(filters, 3, padding="same", name=f"conv{index}")(x)
        x = keras.layers.BatchNormalization(name=f"norm{index}")(x)
        x = keras.layers.Activation("relu", name=f"relu{index}")(x)
        x = keras.layers.MaxPooling2D(name=f"pool{index}")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = keras.layers.Dense(64, activation="relu", name="features")(x)
    outputs = keras.layers.Dense(n_classes, activation="softmax", name="classifier")(x)
    return keras.Model(inputs, outputs, name="tutorial_cnn")


def dense_network(input_shape: tuple[int, int, int] = (32, 32, 3), n_classes: int = 4):
    """The dense baseline: the flattened pixels into one hidden layer of 64 ReLU units, then a softmax."""
    import keras

    _check(input_shape, n_classes)
    return keras.Sequential(
        [
            keras.Input(input_shape, name="images"),
            keras.layers.Flatten(),
            keras.layers.Dense(64, activation="relu"),
            keras.layers.Dense(n_classes, activation="softmax"),
        ],
        name="dense_network",
    )


def _check(input_shape, n_classes) -> None:
    if len(input_shape) != 3 or min(input_shape) < 1 or min(input_shape[:2]) < 8:
        raise ValueError(f"expected input_shape (height, width, channels) with height, width >= 8, got {input_shape}")
    if not isinstance(n_classes, int) or n_classes < 2:
        raise ValueError(f"expected n_classes, an integer >= 2, got {n_classes!r}")


def predict_in_batches(model, images: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """A Keras model's outputs for many images: direct calls on batches, faster than ``predict``, little memory."""
    return np.concatenate(
        [np.asarray(model(images[i : i + batch_size], training=False)) for i in range(0, len(images), batch_size)]
    )


def train_classifier(
    build: Callable[[], keras.Model], x_train, y_train, x_val, y_val, max_epochs: int = 8, seed: int = 0
):
    """A fresh model from ``build()``, seeded, trained with the course's recipe; returns it and its history.

    The recipe (notebook 06): Adam at ``LEARNING_RATE``, batches of ``BATCH_SIZE``, sparse categorical
    cross-entropy, accuracy tracked; training stops when the validation loss has not improved for
    ``PATIENCE`` epochs (or after ``max_epochs``), and the model keeps the weights of its best epoch.
    """
    import keras

    if isinstance(max_epochs, bool) or not isinstance(max_epochs, int) or max_epochs < 1:
        raise ValueError(f"expected max_epochs, an integer >= 1, got {max_epochs!r}")
    keras.utils.set_random_seed(seed)  # the same seed gives the same initial weights and batches
    model = build()
    model.compile(
        optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="sparse_categorical_crossentropy", metrics=["accuracy"]
    )
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=PATIENCE, restore_best_weights=True)
    history = model.fit(
        x_train,
        y_train,
        batch_size=BATCH_SIZE,
        epochs=max_epochs,
        validation_data=(x_val, y_val),
        callbacks=[stop],
        verbose=0,
    )
    return model, history


def input_shape_of(model) -> tuple | None:
    """The input shape a Keras model was built for, with None for the batch; None when it has none yet."""
    try:
        return tuple(model.input_shape)
    except (AttributeError, ValueError):
        return None


# The small networks of notebook 03's playground: 2-D points, Dense layers, one sigmoid output.

DATASETS = {"circles": make_circles, "XOR": make_xor, "spirals": make_spirals, "blobs": make_blobs}
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")


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


def binary_accuracy(model, X: np.ndarray, y: np.ndarray) -> float:
    """The fraction of points whose class (probability of class 1 ≥ 0.5) the model gets right."""
    probabilities = np.asarray(model(np.asarray(X, dtype=np.float32))).ravel()
    return float(np.mean((probabilities >= 0.5) == (np.ravel(y) == 1)))
