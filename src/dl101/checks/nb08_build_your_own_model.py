"""Checks for notebook 08: the input pipeline, the model, its compilation and its callbacks.

Each exercise is judged on tiny inputs, in about a second: ``make_dataset`` on ten random 8×8
images whose labels are their indices, so every output image can be traced back to its input
and to the 8 symmetries of the pixel grid (rotations by multiples of 90°, with or without a
flip); ``build_model``, ``compile_model`` and ``make_callbacks`` on small models. TensorFlow is
imported inside the functions: notebooks without TensorFlow import this package too.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dl101.checks.core import Exercise, Mistake, run
from dl101.models import input_shape_of, symmetries

N_TINY, TINY_SIZE, TINY_BANDS, TINY_BATCH = 10, 8, 3, 4
PASSES = 3  # passes over the training dataset: a shuffle must change the order in at least one
MAX_WEIGHTS = 1_000_000  # beyond this, training on a laptop's CPU takes far longer than minutes


def _tiny_images() -> np.ndarray:
    """Ten random float32 images (10, 8, 8, 3): no image equals a rotation or flip of another, or of itself."""
    return np.random.default_rng(8).standard_normal((N_TINY, TINY_SIZE, TINY_SIZE, TINY_BANDS)).astype(np.float32)


def _which_symmetry(image: np.ndarray, original: np.ndarray) -> int | None:
    """Which of the 8 symmetries of ``original`` ``image`` is (0 is the image unchanged), or None."""
    for index, candidate in enumerate(symmetries(original)):
        if candidate.shape == image.shape and np.allclose(candidate, image, atol=1e-6):
            return index
    return None


# Exercise: the input pipeline.


def _not_a_dataset(value: Any, what: str) -> Mistake:
    """The Mistake for a return value that is not a tf.data.Dataset."""
    if value is None:
        return Mistake(f"{what} returned None.", "End with `return dataset`.")
    shape = f" of shape {np.shape(value)}" if hasattr(value, "shape") else ""
    return Mistake(
        f"{what} returned a {type(value).__name__}{shape}, not a tf.data.Dataset.",
        "Start from tf.data.Dataset.from_tensor_slices((images, labels)) and return the dataset.",
    )


def _read_pass(dataset, what: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """One pass over the dataset as (images, labels) batches of NumPy arrays; stops early if it repeats."""
    batches, seen = [], 0
    try:
        for element in dataset.take(N_TINY + 1):
            if not isinstance(element, tuple) or len(element) != 2:
                raise Mistake(
                    f"{what} yields {type(element).__name__} elements; expected pairs (images, labels).",
                    "Make the dataset from the tuple (images, labels), and let functions given to .map() "
                    "return `image, label`.",
                )
            images, labels = (np.asarray(part) for part in element)
            batches.append((images, labels))
            seen += len(labels) if labels.ndim else 1
            if seen > N_TINY:
                break
    except Mistake:
        raise
    except Exception as error:  # noqa: BLE001 -- an error inside the learner's .map() shows up here
        raise Mistake(
            f"Reading {what} raised {type(error).__name__}: {error}",
            "A function given to .map() runs only when the data are read: test it on one image and label first.",
        ) from None
    return batches


def _pass_contents(batches: list, what: str, batch_size: int, training: bool) -> list[np.ndarray]:
    """The label of each batch of one pass, after checking the shapes and the number of images."""
    label_batches = []
    for images, labels in batches:
        if images.ndim == 3:
            raise Mistake(
                f"{what} yields single images of shape {images.shape}, not batches.",
                "Group the images into batches with .batch(batch_size), after shuffling.",
            )
        if (
            images.ndim != 4
            or images.shape[1:] != (TINY_SIZE, TINY_SIZE, TINY_BANDS)
            or labels.shape != images[:, 0, 0, 0].shape
        ):
            raise Mistake(
                f"{what} yields images of shape {images.shape} and labels of shape {labels.shape}; expected "
                f"(batch, {TINY_SIZE}, {TINY_SIZE}, {TINY_BANDS}) and (batch,).",
                "Make the dataset from the tuple (images, labels) and keep each image's shape.",
            )
        label_batches.append(labels.astype(int))
    count = sum(len(labels) for labels in label_batches)
    if count > N_TINY:
        raise Mistake(
            f"One pass over {what} gives more than the {N_TINY} images it was made from: it repeats.",
            "Do not call .repeat(): Keras reads the dataset once per epoch.",
        )
    sizes = [len(labels) for labels in label_batches]
    if max(sizes, default=0) > batch_size or sum(size < batch_size for size in sizes) > 1:
        raise Mistake(
            f"With batch_size={batch_size}, {what} gives batches of {sizes} images.",
            "Use the batch_size argument: .batch(batch_size).",
        )
    if count < N_TINY and not (training and count > N_TINY - batch_size):
        raise Mistake(
            f"{what} gives {count} of the {N_TINY} images it was made from.",
            "Every image must be used: batch once, without drop_remainder for evaluation.",
        )
    return label_batches


def _symmetry_of_each_image(batches: list, originals: np.ndarray, what: str) -> list[list[int]]:
    """Which symmetry of its own input each output image is; a Mistake if it is none of the 8."""
    found = []
    for images, labels in batches:
        row = []
        for image, label in zip(images, labels.astype(int), strict=True):
            if not 0 <= label < N_TINY:
                raise Mistake(f"{what} yields the label {label}, which was not given.", "Keep the labels as they are.")
            index = _which_symmetry(image, originals[label])
            if index is None:
                if any(_which_symmetry(image, other) is not None for other in originals):
                    raise Mistake(
                        f"In {what}, images are no longer with their own labels.",
                        "Keep labels with their images: shuffle and augment (image, label) pairs together, "
                        "never the images and the labels separately.",
                    )
                raise Mistake(
                    f"{what} changes pixel values: some images are not a flip or a rotation of an input image.",
                    "A galaxy has no preferred orientation, but its pixels are measurements: augment only with "
                    "flips and rotations by multiples of 90° (tf.image.rot90, tf.image.random_flip_left_right), "
                    "which move pixels without interpolating or rescaling them.",
                )
            row.append(index)
        found.append(row)
    return found


def _dataset(make_dataset, images: np.ndarray, labels: np.ndarray, training: bool):
    """The learner's dataset, checked to be a prefetched tf.data.Dataset."""
    import tensorflow as tf

    what = f"make_dataset(images, labels, training={training}, batch_size={TINY_BATCH})"
    dataset = run(make_dataset, images.copy(), labels.copy(), training=training, batch_size=TINY_BATCH)
    if not isinstance(dataset, tf.data.Dataset):
        raise _not_a_dataset(dataset, what)
    return dataset, what


def _check_evaluation_pipeline(make_dataset, images: np.ndarray, labels: np.ndarray) -> None:
    """training=False: every image once, in the given order, unchanged."""
    dataset, what = _dataset(make_dataset, images, labels, training=False)
    batches = _read_pass(dataset, what)
    order = np.concatenate(_pass_contents(batches, what, TINY_BATCH, training=False))
    symmetry = _symmetry_of_each_image(batches, images, what)
    if any(index != 0 for row in symmetry for index in row):
        raise Mistake(
            f"{what} flips or rotates images: augmentation at evaluation.",
            "Augment only the training set (`if training:`): validation and test images must be the real ones.",
        )
    if not np.array_equal(order, np.arange(N_TINY)):
        raise Mistake(
            f"{what} changes the order of the images: it shuffles at evaluation.",
            "Shuffle only the training set (`if training:`); evaluation needs every image once, in order.",
        )
    _require_prefetch(dataset, what)


def _check_training_pipeline(make_dataset, images: np.ndarray, labels: np.ndarray) -> None:
    """training=True: shuffled image by image, augmented image by image with flips and 90° rotations."""
    dataset, what = _dataset(make_dataset, images, labels, training=True)
    passes = [_read_pass(dataset, what) for _ in range(PASSES)]
    orders = [_pass_contents(batches, what, TINY_BATCH, training=True) for batches in passes]
    symmetry = [row for batches in passes for row in _symmetry_of_each_image(batches, images, what)]
    flat_orders = [np.concatenate(order) for order in orders]
    if all(np.array_equal(order, np.arange(len(order))) for order in flat_orders):
        raise Mistake(
            f"{what} gives the images in the same order on every pass: it is not shuffled.",
            "Shuffle the training set with .shuffle(len(images)) before .batch(): otherwise every epoch sees "
            "the same batches.",
        )
    blocks = [set(range(start, start + TINY_BATCH)) & set(range(N_TINY)) for start in range(0, N_TINY, TINY_BATCH)]
    if all(all(set(batch.tolist()) in blocks for batch in order) for order in orders):
        raise Mistake(
            f"{what} shuffles whole batches: the same images always share a batch.",
            "Call .shuffle() before .batch(), so that images, not batches, are shuffled.",
        )
    if all(index == 0 for row in symmetry for index in row):
        raise Mistake(
            f"{what} never flips or rotates an image: no augmentation.",
            "In training, map each (image, label) through a random flip and a random rotation by a multiple "
            "of 90°: a galaxy has no preferred orientation on the sky.",
        )
    uniform = [row for row in symmetry if len(row) > 1]
    if uniform and all(len(set(row)) == 1 for row in uniform):
        raise Mistake(
            f"{what} gives every image of a batch the same flip and rotation.",
            "Draw the random flip and rotation for each image: .map() the augmentation before .batch().",
        )
    _require_prefetch(dataset, what)


def _require_prefetch(dataset, what: str) -> None:
    if "Prefetch" not in type(dataset).__name__:
        raise Mistake(
            f"{what} is not prefetched.",
            "End the pipeline with .prefetch(tf.data.AUTOTUNE): the next batch is then prepared while the "
            "model trains on this one.",
        )


def check_make_dataset(make_dataset) -> None:
    """Batches of (images, labels) pairs; training: shuffled and augmented by symmetries; evaluation: unchanged."""
    images, labels = _tiny_images(), np.arange(N_TINY)
    _check_evaluation_pipeline(make_dataset, images, labels)
    _check_training_pipeline(make_dataset, images, labels)


# Exercise: the model.


def _model_or_mistake(value: Any, what: str):
    """``value`` if it is a Keras model, else the Mistake that says what it is."""
    import keras

    if value is None:
        raise Mistake(f"{what} returned None.", "End with `return model`.")
    if not isinstance(value, keras.Model):
        shape = f" of shape {np.shape(value)}" if hasattr(value, "shape") else ""
        raise Mistake(
            f"{what} returned a {type(value).__name__}{shape}, not a Keras model.",
            "Return the model itself, made with keras.Sequential([...]) or keras.Model(inputs, outputs).",
        )
    return value


def _call(model, images: np.ndarray, what: str) -> np.ndarray:
    """The model's outputs on ``images`` as a NumPy array; an error inside the model becomes a Mistake."""
    try:
        return np.asarray(model(images, training=False), dtype=float)
    except Exception as error:  # noqa: BLE001 -- an error inside the learner's model is feedback
        raise Mistake(
            f"Calling {what} on images of shape {images.shape} raised {type(error).__name__}: {error}",
            "Start the model with keras.Input(shape=input_shape), and check each layer's output shape "
            "with model.summary().",
        ) from None


def _check_outputs(outputs: np.ndarray, n_images: int, n_classes: int, what: str) -> None:
    """One row of n_classes probabilities per image."""
    if outputs.ndim != 2:
        raise Mistake(
            f"{what} gives outputs of shape {outputs.shape}; expected ({n_images}, {n_classes}): one row per image.",
            "Flatten the feature maps (keras.layers.Flatten() or GlobalAveragePooling2D()) before the last "
            "Dense layer.",
        )
    if outputs.shape[1] != n_classes:
        raise Mistake(
            f"{what} gives {outputs.shape[1]} outputs per image; expected n_classes = {n_classes}.",
            "End with keras.layers.Dense(n_classes, activation='softmax'): one probability per class.",
        )
    if not np.isfinite(outputs).all():
        raise Mistake(f"{what} gives NaN or infinite outputs.", "Look for a layer that divides or takes a log.")
    if (outputs < 0).any() or not np.allclose(outputs.sum(axis=1), 1, atol=1e-4):
        sigmoid = (outputs >= 0).all() and (outputs <= 1).all()
        raise Mistake(
            f"{what} gives outputs that do not sum to 1 over the classes: "
            + ("one sigmoid per class." if sigmoid else "logits, not probabilities."),
            "End with Dense(n_classes, activation='softmax'): each galaxy is of exactly one class, so its class "
            "probabilities sum to 1. The course's models output probabilities, so the loss of the next step takes "
            "from_logits=False.",
        )


def check_build_model(build_model) -> None:
    """A Keras model for the given input shape and number of classes, softmax output, trainable, CPU-sized."""
    what = "build_model((32, 32, 3), 4)"
    model = _model_or_mistake(run(build_model, (32, 32, 3), 4), what)
    images = np.random.default_rng(0).standard_normal((5, 32, 32, 3)).astype(np.float32)
    outputs = _call(model, images, what)
    _check_outputs(outputs, len(images), 4, what)
    if not model.trainable_weights:
        raise Mistake(
            f"{what} has no trainable weights.",
            "Do not freeze the layers (trainable=False): training must be able to change them.",
        )
    if model.count_params() > MAX_WEIGHTS:
        raise Mistake(
            f"{what} has {model.count_params():,} weights: too many to train on a CPU in minutes.",
            "Pool more before flattening (MaxPooling2D after each convolution), or use fewer units in Dense "
            "layers: the reference has about 30,000 weights.",
        )
    other = "build_model((24, 24, 5), 3)"
    second = _model_or_mistake(run(build_model, (24, 24, 5), 3), other)
    if input_shape_of(second) not in (None, (None, 24, 24, 5)):
        raise Mistake(
            f"{other} expects inputs of shape {input_shape_of(second)}: the input shape is fixed in your code.",
            "Use the input_shape argument: keras.Input(shape=input_shape).",
        )
    _check_outputs(_call(second, images[:, :24, :24, :1].repeat(5, axis=-1), other), len(images), 3, other)


# Exercise: compiling the model.


def _tiny_softmax_model():
    """A small model with a softmax output, seeded: 4×4×1 images, 3 classes."""
    import keras

    keras.utils.set_random_seed(8)
    return keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")]
    )


def _sparse_cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    return float(-np.mean(np.log(np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1))))


def _check_loss_kind(loss) -> None:
    """The loss named or configured in compile: the sparse cross-entropy, on probabilities."""
    name = loss if isinstance(loss, str) else getattr(loss, "name", getattr(loss, "__name__", ""))
    if name in ("mse", "mae", "mean_squared_error", "mean_absolute_error", "huber", "huber_loss"):
        raise Mistake(
            f"The loss is {name!r}, a regression loss: it measures distances between numbers, not how probable "
            "the true class is.",
            "For classes use the cross-entropy: keras.losses.SparseCategoricalCrossentropy(), not a regression loss.",
        )
    if name in ("categorical_crossentropy", "CategoricalCrossentropy"):
        raise Mistake(
            "The loss is the categorical cross-entropy, which expects one-hot labels such as [0, 1, 0, 0].",
            "The labels are integers (0, 1, 2, 3), not one-hot vectors: use "
            "keras.losses.SparseCategoricalCrossentropy().",
        )
    config = loss.get_config() if hasattr(loss, "get_config") else {}
    if config.get("from_logits"):
        raise Mistake(
            "The loss is told that the model outputs logits (from_logits=True), but build_model ends with a softmax.",
            "build_model's outputs are probabilities: keep from_logits=False (the default). Keras notices this "
            "mismatch for a softmax layer and warns; in code of your own, softmax would be applied twice.",
        )


def check_compile_model(compile_model) -> None:
    """The model, compiled with an optimizer, the sparse cross-entropy on probabilities and the accuracy."""

    what = "compile_model(model)"
    model = _tiny_softmax_model()
    compiled = run(compile_model, model)
    if compiled is None:
        raise Mistake(f"{what} returned None.", "model.compile(...) changes the model in place: then `return model`.")
    compiled = _model_or_mistake(compiled, what)
    if getattr(compiled, "optimizer", None) is None or not getattr(compiled, "compiled", False):
        raise Mistake(
            f"{what} returned a model that is not compiled.",
            "Call model.compile(optimizer=..., loss=..., metrics=...).",
        )
    _check_loss_kind(compiled.loss)
    rng = np.random.default_rng(1)
    images, labels = rng.standard_normal((6, 4, 4, 1)).astype(np.float32), np.array([0, 1, 2, 2, 1, 0])
    try:
        scores = compiled.evaluate(images, labels, verbose=0, return_dict=True)
    except Exception as error:  # noqa: BLE001 -- a loss that does not fit the labels fails here
        raise Mistake(
            f"Evaluating the compiled model on integer labels raised {type(error).__name__}: {str(error)[:200]}",
            "Use keras.losses.SparseCategoricalCrossentropy(): the labels are integers, one per image.",
        ) from None
    expected = _sparse_cross_entropy(np.asarray(model(images, training=False), dtype=float), labels)
    loss = scores.get("loss", np.nan)
    if not np.isclose(loss, expected, rtol=1e-4):
        raise Mistake(
            f"The loss on a test batch is {loss:.4f}; the cross-entropy of these predictions is {expected:.4f}.",
            "Classification into one of several classes with integer labels takes "
            "keras.losses.SparseCategoricalCrossentropy() (or loss='sparse_categorical_crossentropy').",
        )
    if "accuracy" not in scores:
        raise Mistake(
            f"The compiled model does not measure the accuracy: it reports only {sorted(scores)}.",
            "Add metrics=['accuracy']: the learning curves and early stopping below read it.",
        )
    learning_rate = float(np.asarray(compiled.optimizer.learning_rate))
    if not 1e-5 <= learning_rate <= 0.05:
        raise Mistake(
            f"The learning rate is {learning_rate:g}: "
            + (
                "too large, training diverges or jumps around."
                if learning_rate > 0.05
                else "so small that training hardly moves."
            ),
            "Adam's default, learning_rate=1e-3, is a good start for this model.",
        )


# Exercise: callbacks for fit.


def check_make_callbacks(make_callbacks) -> None:
    """A list of callbacks with early stopping on a validation quantity that restores the best weights."""
    import keras

    what = "make_callbacks()"
    callbacks = run(make_callbacks)
    if callbacks is None:
        raise Mistake(f"{what} returned None.", "End with `return [early_stopping]`.")
    if isinstance(callbacks, keras.callbacks.Callback):
        raise Mistake(f"{what} returned one callback, not a list.", "Return a list: `return [early_stopping]`.")
    if not isinstance(callbacks, (list, tuple)) or not all(isinstance(c, keras.callbacks.Callback) for c in callbacks):
        shape = f" of shape {np.shape(callbacks)}" if hasattr(callbacks, "shape") else ""
        raise Mistake(
            f"{what} returned a {type(callbacks).__name__}{shape}, not a list of Keras callbacks.",
            "Return a list of keras.callbacks objects, such as keras.callbacks.EarlyStopping(...).",
        )
    stoppers = [c for c in callbacks if isinstance(c, keras.callbacks.EarlyStopping)]
    if not stoppers:
        raise Mistake(
            f"{what} holds no EarlyStopping callback.",
            "Add keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True).",
        )
    stop = stoppers[0]
    if not stop.monitor.startswith("val_"):
        raise Mistake(
            f"Early stopping watches {stop.monitor!r}, a training quantity: it improves even while the model overfits.",
            "Watch the validation loss: monitor='val_loss'.",
        )
    if stop.mode == "min" and "accuracy" in stop.monitor or stop.mode == "max" and "loss" in stop.monitor:
        raise Mistake(
            f"Early stopping watches {stop.monitor!r} with mode={stop.mode!r}: it keeps the worst epoch.",
            "Leave mode='auto': a loss should go down, an accuracy up.",
        )
    if not stop.restore_best_weights:
        raise Mistake(
            "Early stopping keeps the weights of the last epoch, which is `patience` epochs past the best one.",
            "Add restore_best_weights=True.",
        )
    if not 1 <= stop.patience <= 10:
        raise Mistake(
            f"patience={stop.patience}: "
            + (
                "training stops at the first noisy epoch."
                if stop.patience < 1
                else "training will hardly ever stop early."
            ),
            "Wait a few epochs for an improvement: patience between 2 and 5 suits a short training.",
        )


EXERCISES = [
    Exercise("08.make_dataset", "make_dataset", check_make_dataset),
    Exercise("08.build_model", "build_model", check_build_model),
    Exercise("08.compile_model", "compile_model", check_compile_model),
    Exercise("08.make_callbacks", "make_callbacks", check_make_callbacks),
]
