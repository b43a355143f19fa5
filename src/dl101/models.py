"""The course's reference networks for the simulated sky, and how to score them, defined once so notebooks 06–08 agree.

Notebooks show these functions' code to the learner (``inspect.getsource``) rather than hide
it: each is a handful of Keras layers. All take the normalised images of
``dl101.data.sky_splits`` and return class probabilities (a softmax output).
"""

from __future__ import annotations

import numpy as np

# How the small CNN is trained in the course: Adam, batches of 64, about 15 epochs on 6,000 images.
LEARNING_RATE = 1e-3
BATCH_SIZE = 64


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
    """The original live tutorial's CNN: three 3×3 conv blocks (16, 32, 64) with batch norm and pooling, Dense 64.

    Each block is Conv2D, BatchNormalization, ReLU, 2×2 max pooling; the classifier has
    ``n_classes`` outputs (the tutorial had 10) and a softmax. The tutorial trained it with Adam.
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


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class): rows are the true classes."""
    return np.bincount(labels * n_classes + predicted, minlength=n_classes * n_classes).reshape(n_classes, n_classes)
