"""The course's networks and how to score them, defined once so that notebooks, checks and widgets agree.

The reference networks for the simulated sky (notebooks 06–08) take the normalised images of
``dl101.data.sky_splits`` and return class probabilities (a softmax output); notebooks show
their code to the learner (``inspect.getsource``) rather than hide it. :func:`evaluate_model`
scores a trained classifier on held-out images (notebook 08). :func:`train_network` trains
the small networks of 2-D points of notebook 03's playground. Keras is imported only when a
network is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from dl101.data import make_blobs, make_circles, make_spirals, make_xor
from dl101.data.sky import GALAXY_CLASSES, ZERO_POINT

if TYPE_CHECKING:
    import keras

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
    """A CNN after the original live tutorial's: three 3×3 conv blocks (16, 32, 64), batch norm, pooling, Dense 64.

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


# What an astronomer measures on a g, r, i stamp in counts: the random forest's features (notebook 08).
PHOTOMETRIC_FEATURES = ("r magnitude", "g − r", "r − i", "concentration g", "concentration r", "concentration i")
# Radii between pixel distances (√72 < 8.5 < √73, √6 < 2.5 < √7): a centroid moved by rounding changes no pixel.
APERTURE_RADIUS = 8.5  # pixels (2.1 arcsec): holds nearly all the light of the simulated sky's objects
CORE_RADIUS = 2.5  # pixels (0.6 arcsec): the core whose share of the aperture light is the concentration
CENTROID_RADIUS = 4.0  # pixels: the window of the r-band centroid, moved onto the light three times


def photometric_features(counts: np.ndarray) -> np.ndarray:
    """Per stamp: r magnitude, colours g − r and r − i, and the concentration in g, r, i (n, 6).

    ``counts`` are sky-subtracted g, r, i counts (n, height, width, 3), zero point ``ZERO_POINT``.
    Light is summed in a circular aperture of ``APERTURE_RADIUS`` around the r-band centroid; the
    concentration is the fraction of it within ``CORE_RADIUS``. Magnitudes floor fluxes at 1 count.
    """
    counts = np.asarray(counts, dtype=np.float32)
    if counts.ndim != 4 or counts.shape[-1] != 3 or min(counts.shape[1:3]) < 10:
        raise ValueError(f"expected g, r, i counts (n, height, width, 3), at least 10 × 10 pixels, got {counts.shape}")
    height, width = counts.shape[1:3]
    rows, columns = np.mgrid[:height, :width].astype(np.float32)
    centre_row = np.full(len(counts), height // 2, np.float32)
    centre_column = np.full(len(counts), width // 2, np.float32)
    light = np.clip(counts[..., 1], 0, None)  # positive r-band counts
    for _ in range(3):  # a window around the stamp centre cuts an offset object: move it onto the light
        distance2 = (rows - centre_row[:, None, None]) ** 2 + (columns - centre_column[:, None, None]) ** 2
        weight = light * (distance2 <= CENTROID_RADIUS**2)
        total = np.maximum(weight.sum(axis=(1, 2)), 1e-12)
        centre_row = np.einsum("nhw,hw->n", weight, rows) / total
        centre_column = np.einsum("nhw,hw->n", weight, columns) / total
    distance2 = (rows - centre_row[:, None, None]) ** 2 + (columns - centre_column[:, None, None]) ** 2
    flux = np.maximum(np.einsum("nhwb,nhw->nb", counts, (distance2 <= APERTURE_RADIUS**2).astype(np.float32)), 1)
    core = np.einsum("nhwb,nhw->nb", counts, (distance2 <= CORE_RADIUS**2).astype(np.float32))
    g, r, i = (ZERO_POINT - 2.5 * np.log10(flux)).T
    return np.column_stack([r, g - r, r - i, core / flux])


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


class Reliability(NamedTuple):
    """Per confidence bin: its edges, how many predictions fell in it, their mean confidence and their accuracy."""

    edges: np.ndarray  # (n_bins + 1,): 0, 1 / n_bins, …, 1
    count: np.ndarray  # (n_bins,) int
    confidence: np.ndarray  # (n_bins,): NaN for an empty bin
    accuracy: np.ndarray  # (n_bins,): NaN for an empty bin


def reliability(probabilities: np.ndarray, labels: np.ndarray, n_bins: int = 10) -> Reliability:
    """Group predictions by confidence (the largest probability) into equal bins of [0, 1]: [0, 1/n_bins), …,
    [1 − 1/n_bins, 1], and compare each bin's mean confidence with its accuracy."""
    probabilities, labels = np.asarray(probabilities, dtype=float), np.asarray(labels)
    if probabilities.ndim != 2 or labels.shape != probabilities.shape[:1]:
        raise ValueError(
            f"expected probabilities (n, classes) and labels (n,), got {probabilities.shape} and {labels.shape}"
        )
    if isinstance(n_bins, bool) or not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"expected n_bins, the number of confidence bins, to be an integer >= 1, got {n_bins!r}")
    confidence = probabilities.max(axis=1)
    right = np.argmax(probabilities, axis=1) == labels
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)  # a confidence of exactly 1 in the last bin
    count = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore"):  # an empty bin has no mean: NaN
        mean_confidence = np.bincount(bins, confidence, n_bins) / count
        mean_accuracy = np.bincount(bins, right, n_bins) / count
    return Reliability(np.linspace(0, 1, n_bins + 1), count, mean_confidence, mean_accuracy)


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class): rows are the true classes."""
    return np.bincount(labels * n_classes + predicted, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def input_shape_of(model) -> tuple | None:
    """The input shape a Keras model was built for, with None for the batch; None when it has none yet."""
    try:
        return tuple(model.input_shape)
    except (AttributeError, ValueError):
        return None


def symmetries(image: np.ndarray) -> list[np.ndarray]:
    """The 8 images that rotations by multiples of 90° and flips make of an (height, width, bands) image."""
    rotations = [np.rot90(image, k, axes=(0, 1)) for k in range(4)]
    return rotations + [rotation[:, ::-1] for rotation in rotations]


# Scoring a trained classifier on held-out images (notebook 08's evaluate_model).


class ModelReport(NamedTuple):
    """What a trained model scored on the test set."""

    accuracy: float
    confusion: np.ndarray  # confusion[true class, predicted class], counts
    predicted: np.ndarray  # (n,) the predicted class of each image
    probabilities: np.ndarray  # (n, n_classes) the model's outputs
    beats: dict[str, bool]  # baseline name → whether the model's accuracy is higher


def _outputs_or_feedback(model, images: np.ndarray, n_classes: int) -> tuple[np.ndarray | None, str]:
    """The model's outputs on the test images, or None and what is wrong with the model."""
    expected = input_shape_of(model)
    if (
        expected is not None
        and len(expected) == 4
        and any(want not in (None, have) for want, have in zip(expected[1:], images.shape[1:], strict=True))
    ):
        return None, (
            f"✗ Your model expects images of shape {expected[1:]}, but the test images have shape {images.shape[1:]}. "
            "Build it with input_shape=x_train.shape[1:]."
        )
    try:
        outputs = predict_in_batches(model, images)
    except Exception as error:  # noqa: BLE001 -- a broken model gets feedback, not a crash
        return None, f"✗ Calling your model on the test images raised {type(error).__name__}: {str(error)[:300]}"
    if outputs.ndim != 2 or outputs.shape[1] != n_classes:
        return None, (
            f"✗ Your model gives outputs of shape {outputs.shape[1:]} per batch row; the test set has {n_classes} "
            f"classes, so it should give {n_classes} numbers per image: end with Dense({n_classes}, "
            "activation='softmax')."
        )
    if not np.isfinite(outputs).all():
        return None, "✗ Your model gives NaN or infinite outputs: training diverged; try a smaller learning rate."
    return outputs, ""


def _confusion_lines(confusion: np.ndarray, class_names: Sequence[str]) -> list[str]:
    """The confusion matrix as text; columns are numbered when class names are too long to head them."""
    numbered = max(len(name) for name in class_names) > 12
    rows = [f"{i}: {name}" if numbered else name for i, name in enumerate(class_names)]
    columns = [str(i) for i in range(len(class_names))] if numbered else list(class_names)
    width, cell = max(len(row) for row in rows), max(6, *(len(column) for column in columns))
    align = "<" if numbered else ">"
    header = " " * (width + 2) + " ".join(f"{column:>{cell}}" for column in columns)
    lines = [
        f"{row:{align}{width}}  " + " ".join(f"{count:{cell}d}" for count in counts)
        for row, counts in zip(rows, confusion, strict=True)
    ]
    return ["Confusion matrix (rows: true class, columns: predicted class):", header, *lines]


def _show_worst(images: np.ndarray, labels: np.ndarray, report: ModelReport, class_names: Sequence[str], n: int):
    """The test images whose true class got the lowest probability, titled 'true p → predicted p', large."""
    from dl101.plotting import plot_image_grid

    true_probability = report.probabilities[np.arange(len(labels)), labels]
    worst = np.argsort(true_probability, kind="stable")[:n]
    titles = [
        f"{class_names[labels[i]]} {true_probability[i]:.0%}\n"
        f"→ {class_names[report.predicted[i]]} {report.probabilities[i, report.predicted[i]]:.0%}"
        for i in worst
    ]
    title = "Most wrong: true class → predicted class, with the probability the model gave each"
    return plot_image_grid(images[worst], np.arange(len(worst)), titles, ncols=4, title=title, panel_inches=2.4)


def evaluate_model(
    model,
    images: np.ndarray,
    labels: np.ndarray,
    baselines: Mapping[str, float] | None = None,
    class_names: Sequence[str] = GALAXY_CLASSES,
    n_worst: int = 8,
    show: bool = True,
) -> ModelReport | None:
    """Score a trained classifier on held-out images: print the accuracy, the confusion matrix and the baselines.

    Draws the confusion matrix and the ``n_worst`` images whose true class got the lowest
    probability (``show=False`` skips the figures). A model that cannot be evaluated (wrong input
    shape, wrong number of outputs, an error) gets a message and None, not an exception.
    """
    images, labels = np.asarray(images, dtype=np.float32), np.asarray(labels)
    if images.ndim != 4 or labels.shape != (len(images),):
        raise ValueError(
            f"expected images (n, height, width, bands) and labels (n,), got {images.shape} and {labels.shape}"
        )
    n_classes = len(class_names)
    outputs, problem = _outputs_or_feedback(model, images, n_classes)
    if outputs is None:
        print(problem)
        return None
    if (outputs < 0).any() or not np.allclose(outputs.sum(axis=1), 1, atol=1e-3):
        print(
            "⚠ Your model's outputs do not sum to 1 over the classes: they are logits, not probabilities. The "
            "accuracy below takes the largest output, which is the same, but to read outputs as probabilities "
            "end with activation='softmax' (or apply keras.ops.softmax)."
        )
    predicted = outputs.argmax(axis=1)
    accuracy = float(np.mean(predicted == labels))
    chance = float(np.bincount(labels, minlength=n_classes).max() / len(labels))
    beats = {name: accuracy > score for name, score in (baselines or {}).items()}
    report = ModelReport(accuracy, confusion_matrix(labels, predicted, n_classes), predicted, outputs, beats)
    print(
        f"Test accuracy: {accuracy:.3f} on {len(labels)} held-out images (guessing the commonest class: {chance:.3f})"
    )
    if accuracy < chance + 0.1:
        print(
            "⚠ That is close to guessing: is the model trained? Run fit (and check that the training loss goes down) "
            "before evaluating."
        )
    for name, score in (baselines or {}).items():
        print(f"  beats {name} ({score:.3f}): {beats[name]}")
    print("\n".join(_confusion_lines(report.confusion, class_names)))
    if show:
        from dl101.plotting import plot_confusion_matrix

        plot_confusion_matrix(report.confusion, class_names, title="Confusion matrix on the test set")
        if images.shape[-1] in (1, 3):
            _show_worst(images, labels, report, class_names, min(n_worst, len(labels)))
    return report


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


def accuracy_of(model, X: np.ndarray, y: np.ndarray) -> float:
    """The fraction of points whose class (probability of class 1 ≥ 0.5) the model gets right."""
    probabilities = np.asarray(model(np.asarray(X, dtype=np.float32))).ravel()
    return float(np.mean((probabilities >= 0.5) == (np.ravel(y) == 1)))
