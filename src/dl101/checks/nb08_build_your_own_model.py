"""Checks for notebook 08: the input pipeline, the model, its compilation and its callbacks.

``make_dataset`` is judged on random images labelled by their indices, so that every image it yields is
traced to its input and to one of the 8 symmetries of the pixel grid: ten 8×8×3 images for evaluation (as
the reference gives them), and 3,000 2×2 images read twice for training, with TensorFlow's global seed set
as the notebook sets it; a second training pipeline made after the same seed must repeat the first pass.
The rest is judged on small models. TensorFlow is imported inside the functions.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, call, compare, describe, learners_code, run
from dl101.data import symmetries
from dl101.models import input_shape_of

EVAL_IMAGES = np.random.default_rng(8).standard_normal((10, 8, 8, 3)).astype(np.float32)
EVAL_BATCH = 4  # batches of 4, 4 and 2
TRAIN_IMAGES = np.random.default_rng(9).standard_normal((3000, 2, 2, 1)).astype(np.float32)
TRAIN_BATCH, TRAIN_SEED = 64, 8  # 46 full batches and one of 56
# Over 6,000 draws each symmetry's frequency is 1/8 ± 0.004. A full shuffle brings some image
# more than 90 % of the set forward; a shuffle buffer of b images, at most b − 1 places.
FREQUENCY_TOLERANCE, SHUFFLE_REACH = 0.035, 0.9
SYMMETRY_NAMES = ("0°", "90°", "180°", "270°", "flip 0°", "flip 90°", "flip 180°", "flip 270°")

ONLY_TRAINING = "Shuffle and augment only the training set (`if training:`): evaluation images are measured as given."
# fmt: off
EVALUATION_SHUFFLED = Known("evaluation shuffled",
    "With training=False your pipeline changes the order of the images: it shuffles at evaluation.", ONLY_TRAINING)
EVALUATION_AUGMENTED = Known("evaluation augmented",
    "With training=False your pipeline flips or rotates images: it augments at evaluation.", ONLY_TRAINING)
NEVER_SHUFFLED = Known("never shuffled",
    "In training your pipeline gives the images in their given order on every pass: it does not shuffle.",
    "Shuffle the training pairs with .shuffle(len(images)) before .batch(): else every epoch has the same batches.")
SHUFFLED_ONCE = Known("shuffled once",
    "In training your pipeline gives the images in the same shuffled order on every pass: it shuffles only once.",
    "Let .shuffle() draw a new order on every pass (reshuffle_each_iteration=True, its default).")
SMALL_BUFFER = Known("small shuffle buffer",
    "No image of the {n} comes out more than {reach} places ahead of its place in the input: the shuffle buffer holds "
    "fewer images than the set, so the order is only partly shuffled.",
    ".shuffle(buffer_size) draws from the next buffer_size images only: shuffle the whole set, .shuffle(len(images)).")
SHUFFLES_BATCHES = Known("shuffles batches",
    "Your pipeline shuffles whole batches: the same images always share a batch.",
    "Call .shuffle() before .batch(), so that images, not batches, are shuffled.")
LABELS_APART = Known("labels apart",
    "In your pipeline, images are no longer with their own labels.",
    "Shuffle and augment (image, label) pairs together, never the images and the labels separately.")
NOT_AUGMENTED = Known("not augmented",
    "In training your pipeline never flips or rotates an image: no augmentation.",
    "Map each training pair through a random rotation by a multiple of 90° and a random flip.")
CHANGES_PIXELS = Known("changes pixels",
    "Your pipeline changes pixel values: some images are not a flip or a rotation by a multiple of 90° of an input.",
    "The pixels are measurements: augment only with tf.image.rot90 and tf.image.random_flip_left_right.")
ROTATION_DRAWN_ONCE = Known("rotation drawn once",
    "In training your pipeline rotates every image by the same angle, on every pass.",
    "Draw k for each image, k = tf.random.uniform([], 0, 4, dtype=tf.int32). NumPy's and Python's random numbers "
    "are drawn once, when .map() traces the function: use tf.random.")
ONE_ROTATION_PER_BATCH = Known("one rotation per batch",
    "In training your pipeline rotates all the images of a batch by the same angle.",
    ".map() the augmentation before .batch(), so that it draws a rotation for each image.")
AUGMENTED_ONCE = Known("augmented once",
    "In training your pipeline gives each image the same flip and rotation on every pass.",
    "Shuffle, then map the augmentation (after any .cache(), which replays the first pass): with a seed set, as in "
    "this notebook, a mapped function's random numbers restart on every pass, the same for the same place.")
NOT_REPRODUCIBLE = Known("not reproducible",
    "Two training pipelines made after the same seed can give different orders or augmentations: a run cannot be "
    "repeated.",
    "A parallel map (num_parallel_calls) draws its random numbers in an order that changes from run to run: map the "
    "augmentation one image at a time, dataset.map(augment).")
NOT_BATCHED = Known("not batched",
    "Your pipeline yields single images of shape {shape}, not batches.",
    "Group the images into batches with .batch(batch_size), after shuffling and augmenting.")
IGNORES_BATCH_SIZE = Known("ignores batch_size",
    "With batch_size={batch_size}, your pipeline gives batches of {sizes} images.",
    "Use the argument, .batch(batch_size): the cells below ask for batches of 128 and 500.")
NOT_PREFETCHED = Known("not prefetched",
    "Your pipeline is not prefetched.",
    "End it with .prefetch(tf.data.AUTOTUNE): the next batch is then prepared while the model trains on this one.")
DROPS_REMAINDER = Known("drops remainder",
    "With training=False your pipeline gives {count} of the {n} images: it drops the last, smaller batch.",
    "Every validation and test image must be scored: batch without drop_remainder for evaluation.")
DATASET_MISTAKES = (EVALUATION_SHUFFLED, EVALUATION_AUGMENTED, NEVER_SHUFFLED, SHUFFLED_ONCE, SMALL_BUFFER,
                    SHUFFLES_BATCHES, LABELS_APART, NOT_AUGMENTED, CHANGES_PIXELS, ROTATION_DRAWN_ONCE,
                    ONE_ROTATION_PER_BATCH, AUGMENTED_ONCE, NOT_REPRODUCIBLE, NOT_BATCHED, IGNORES_BATCH_SIZE,
                    NOT_PREFETCHED, DROPS_REMAINDER)
# fmt: on


def _maps_in_parallel(dataset) -> bool:
    """Whether a pipeline holds a parallel map (num_parallel_calls), found along tf.data's chain of input datasets."""
    while dataset is not None:
        if "ParallelMap" in type(dataset).__name__:
            return True
        dataset = getattr(dataset, "_input_dataset", None)
    return False


def _one_pass(make_dataset, images: np.ndarray, training: bool, batch_size: int, dataset=None):
    """The dataset, and one pass over it: per batch, the labels and which symmetry of its input each image is."""
    import tensorflow as tf

    labels, what = np.arange(len(images)), f"make_dataset(images, labels, training={training}, batch_size={batch_size})"
    if dataset is None:
        dataset = call(make_dataset, images, labels, training=training, batch_size=batch_size, names=("images",))
        if not isinstance(dataset, tf.data.Dataset):
            raise Mistake(
                f"{what} should return a tf.data.Dataset, but it returned {describe(dataset)}.",
                "Start from tf.data.Dataset.from_tensor_slices((images, labels)), and end with `return dataset`.",
            )
    table = np.stack([np.stack(symmetries(image)) for image in images])  # (n, 8, height, width, bands)
    batches, elements = [], iter(dataset)
    while True:
        with learners_code(f"Reading {what}", "A function given to .map() runs when the data are read: test it first."):
            element = next(elements, None)  # an error in the learner's .map() shows up here
        if element is None:
            break
        if not isinstance(element, tuple) or len(element) != 2:
            raise Mistake(f"{what} yields {describe(element)}; expected pairs (images, labels).")
        batches.append(_batch(*(np.asarray(part) for part in element), images, table, what))
        if sum(len(labels) for labels, _ in batches) > len(images):
            raise Mistake(
                f"One pass over {what} gives more than the {len(images)} images it was made from: it repeats."
            )
    count = sum(len(labels) for labels, _ in batches)
    if not batches or len(np.unique(np.concatenate([labels for labels, _ in batches]))) < count:
        raise Mistake(f"One pass over {what} gives some images twice, or none.", "Use every image once per pass.")
    sizes, whole = [len(labels) for labels, _ in batches], len(images) - len(images) % batch_size
    if not training and count == whole < len(images) and set(sizes) == {batch_size}:
        raise DROPS_REMAINDER(count=count, n=len(images))
    in_order = sizes if not training else sorted(sizes, reverse=True)  # a training pipeline may shuffle batches
    if in_order[:-1] != [batch_size] * (len(sizes) - 1) or not 0 < in_order[-1] <= batch_size or count < whole:
        raise IGNORES_BATCH_SIZE(batch_size=batch_size, sizes=sizes if len(sizes) < 6 else f"{sizes[:3]}...")
    return dataset, batches


def _batch(images, labels, originals, table, what: str) -> tuple[np.ndarray, np.ndarray]:
    """One batch checked: its labels, and which of the 8 symmetries of its own input each image is."""
    if images.ndim == originals.ndim - 1:
        raise NOT_BATCHED(shape=images.shape)
    if images.shape[1:] != originals.shape[1:] or labels.shape != images.shape[:1]:
        raise Mistake(
            f"{what} yields images of shape {images.shape} and labels of shape {labels.shape}; expected "
            f"(batch, {', '.join(map(str, originals.shape[1:]))}) and (batch,).",
            "Make the dataset from the tuple (images, labels) and keep each image's shape.",
        )
    if labels.dtype.kind not in "iu" or ((labels < 0) | (labels >= len(originals))).any():
        raise Mistake(f"{what} yields labels {labels[:4]}... of {labels.dtype}.", "Keep the labels as given.")
    matches = np.isclose(table[labels], images[:, None], atol=1e-6).reshape(len(labels), 8, -1).all(axis=2)
    for image in images[~matches.any(axis=1)]:
        signatures = np.sort(originals.reshape(len(originals), -1), axis=1)
        raise LABELS_APART() if np.isclose(signatures, np.sort(image.ravel())).all(axis=1).any() else CHANGES_PIXELS()
    return labels, matches.argmax(axis=1)


def _one_rotation(symmetry: np.ndarray) -> bool:
    """Whether images share one rotation (one symmetry among the unflipped, one among the flipped)."""
    return len(set(symmetry[symmetry < 4].tolist())) <= 1 and len(set(symmetry[symmetry >= 4].tolist())) <= 1


def _joined(batches) -> tuple[np.ndarray, np.ndarray]:
    """The labels of a pass, and which symmetry each image is, in the order they came."""
    return np.concatenate([labels for labels, _ in batches]), np.concatenate([symmetry for _, symmetry in batches])


def _check_training_passes(passes: list, n: int) -> None:
    """Two passes of the training pipeline: shuffled anew, and augmented by the 8 symmetries, each drawn per image."""
    (first, drawn_first), (second, drawn_second) = (_joined(batches) for batches in passes)
    if all(np.array_equal(order, np.arange(n)) for order in (first, second)):
        raise NEVER_SHUFFLED()
    if np.array_equal(first, second):
        raise SHUFFLED_ONCE()
    if all(labels.min() % TRAIN_BATCH == 0 and np.ptp(labels) == len(labels) - 1 for b in passes for labels, _ in b):
        raise SHUFFLES_BATCHES()
    # A pass may hold fewer than n images: a training pipeline may drop its last, smaller batch.
    reach = max(int(np.max(order - np.arange(len(order)))) + 1 for order in (first, second))
    if reach < SHUFFLE_REACH * n:
        raise SMALL_BUFFER(n=n, reach=reach)
    every = np.concatenate([drawn_first, drawn_second])
    if not every.any():
        raise NOT_AUGMENTED()
    if _one_rotation(every):
        raise ROTATION_DRAWN_ONCE()
    if all(_one_rotation(symmetry) for batches in passes for _, symmetry in batches):
        raise ONE_ROTATION_PER_BATCH()
    by_image = np.stack([np.full(n, -1), np.full(n, -2)])  # an image missing from a pass matches nothing
    by_image[0, first], by_image[1, second] = drawn_first, drawn_second
    if np.mean(by_image[0] == by_image[1]) > 0.5:
        raise AUGMENTED_ONCE()
    frequencies = np.bincount(every, minlength=8) / len(every)
    if np.abs(frequencies - 1 / 8).max() > FREQUENCY_TOLERANCE:
        shares = ", ".join(f"{name} {share:.2f}" for name, share in zip(SYMMETRY_NAMES, frequencies, strict=True))
        raise Mistake(
            f"In training your pipeline gives the 8 symmetries with frequencies {shares}; each should have 1/8.",
            "k = tf.random.uniform([], 0, 4, dtype=tf.int32) for tf.image.rot90 and tf.image.random_flip_left_right "
            "together give each symmetry with probability 1/8.",
        )


def check_make_dataset(make_dataset, reference) -> None:
    """Evaluation: the reference's batches, as given, prefetched; training: shuffled and augmented anew each pass."""
    import tensorflow as tf

    dataset, batches = _one_pass(make_dataset, EVAL_IMAGES, False, EVAL_BATCH)
    labels, drawn = _joined(batches)
    if not np.array_equal(labels, _joined(_one_pass(reference, EVAL_IMAGES, False, EVAL_BATCH)[1])[0]):
        raise EVALUATION_SHUFFLED()
    if drawn.any():
        raise EVALUATION_AUGMENTED()
    if "Prefetch" not in type(dataset).__name__:
        raise NOT_PREFETCHED()
    tf.random.set_seed(TRAIN_SEED)  # as the notebook seeds before it makes its pipelines: draws then restart each pass
    dataset, first = _one_pass(make_dataset, TRAIN_IMAGES, True, TRAIN_BATCH)
    second = _one_pass(make_dataset, TRAIN_IMAGES, True, TRAIN_BATCH, dataset)[1]
    _check_training_passes([first, second], len(TRAIN_IMAGES))
    tf.random.set_seed(TRAIN_SEED)  # the same seed again: a new pipeline must repeat the first pass exactly
    again = _one_pass(make_dataset, TRAIN_IMAGES, True, TRAIN_BATCH)[1]
    differ = any(not np.array_equal(a, b) for a, b in zip(_joined(first), _joined(again), strict=True))
    if differ or _maps_in_parallel(dataset):  # two passes may agree by chance: a parallel map can never be trusted
        raise NOT_REPRODUCIBLE()
    if "Prefetch" not in type(dataset).__name__:
        raise NOT_PREFETCHED()


# The model: a trainable Keras model of CPU size, one softmax row per image, for the notebook's images and Galaxy10's.
PROBABILITIES = "End with Dense(n_classes, activation='softmax'): a galaxy is of one class; its probabilities sum to 1."
# fmt: off
LOGITS = Known("logits",
    "Your model's outputs do not sum to 1 over the classes, and some are negative: logits, not probabilities.",
    PROBABILITIES)
SIGMOID = Known("sigmoid",
    "Your model's outputs lie between 0 and 1 but do not sum to 1 over the classes: one sigmoid per class.",
    PROBABILITIES)
SOFTMAX_OVER_BATCH = Known("softmax over the batch",
    "Your model's outputs sum to 1 over the images of a batch, not over the classes (for one image, they are all 1).",
    "Take the softmax over the last axis, the classes: Dense(n_classes, activation='softmax') or Softmax().")
WITHOUT_FLATTEN = Known("without flatten",
    "{what} gives outputs of shape {shape}; expected {expected}: one row per image.",
    "Flatten the feature maps (keras.layers.Flatten() or GlobalAveragePooling2D()) before the last Dense layer.")
FIXED_CLASSES = Known("fixed number of classes",
    "{what} gives {got} outputs per image; expected n_classes = {expected}.",
    "Use the n_classes argument: keras.layers.Dense(n_classes, activation='softmax').")
FIXED_INPUT_SHAPE = Known("fixed input shape",
    "{what} expects inputs of shape {got}: the input shape is fixed in your code.",
    "Use the argument, keras.Input(shape=input_shape): the Galaxy10 section builds your model for 69 × 69 images.")
TOO_LARGE = Known("too large",
    "{what} has {count:,} weights: too many to train on a CPU in minutes.",
    "Pool after each convolution (MaxPooling2D), and keep Dense layers small: the reference has about 30,000 weights.")
FROZEN = Known("frozen",
    "{what} has no trainable weights.",
    "Do not freeze the layers (trainable=False): training must be able to change them.")
MODEL_MISTAKES = (LOGITS, SIGMOID, SOFTMAX_OVER_BATCH, WITHOUT_FLATTEN, FIXED_CLASSES, FIXED_INPUT_SHAPE, TOO_LARGE,
                  FROZEN)
# fmt: on
MODEL_CASES = (((32, 32, 3), 4), ((69, 69, 3), 10))  # the notebook's images and classes, and Galaxy10's
MAX_WEIGHTS = 1_000_000  # beyond this, training on a laptop's CPU takes far longer than minutes


def _keras_model(value, what: str):
    """``value`` if it is a Keras model, else the Mistake that says what it is."""
    import keras

    if not isinstance(value, keras.Model):
        raise Mistake(
            f"{what} should return a Keras model, but it returned {describe(value)}.",
            "End with `return model`, the model made with keras.Sequential([...]) or keras.Model(inputs, outputs).",
        )
    return value


def _outputs(model, images: np.ndarray, what: str) -> np.ndarray:
    """The model's outputs on ``images``; an error inside the model is the learner's."""
    hint = "Start with keras.Input(shape=input_shape), and check each layer's output shape with model.summary()."
    with learners_code(f"Calling {what} on images of shape {images.shape}", hint):
        return np.asarray(model(images, training=False), dtype=float)


def check_build_model(build_model, reference) -> None:
    """A trainable Keras model for the given input shape and classes: one softmax row per image, a batch of one too."""
    for index, (input_shape, n_classes) in enumerate(MODEL_CASES):
        what = f"build_model({input_shape}, {n_classes})"
        model = _keras_model(run(build_model, input_shape, n_classes), what)
        expects = input_shape_of(model)
        if expects is not None and (
            len(expects) != 4 or any(e not in (None, g) for e, g in zip(expects[1:], input_shape, strict=False))
        ):
            raise FIXED_INPUT_SHAPE(what=what, got=expects)
        images = np.random.default_rng(index).standard_normal((3, *input_shape)).astype(np.float32)
        outputs = _outputs(model, images, what)
        if outputs.ndim != 2:
            raise WITHOUT_FLATTEN(what=what, shape=outputs.shape, expected=(len(images), n_classes))
        if outputs.shape[1] != n_classes:
            raise FIXED_CLASSES(what=what, got=outputs.shape[1], expected=n_classes)
        if not np.isfinite(outputs).all():
            raise Mistake(f"{what} gives NaN or infinite outputs.", "Look for a layer that divides or takes a log.")
        if (outputs < 0).any() or not np.allclose(outputs.sum(axis=1), 1, atol=1e-4):
            if np.allclose(outputs.sum(axis=0), 1, atol=1e-4):
                raise SOFTMAX_OVER_BATCH()
            raise SIGMOID() if (outputs >= 0).all() and (outputs <= 1).all() else LOGITS()
        one = _outputs(model, images[:1], what)
        if one.shape != (1, n_classes) or not np.allclose(one, outputs[:1], atol=1e-5):
            raise Mistake(
                f"For a batch of one image {what} gives {describe(one)}, not the first row it gives for three images.",
                "An image's probabilities must not depend on the other images of its batch.",
            )
        if not model.trainable_weights:
            raise FROZEN(what=what)
        if index == 0 and model.count_params() > MAX_WEIGHTS:
            raise TOO_LARGE(what=what, count=model.count_params())


# The compilation, judged by how the compiled model scores a small softmax model on integer labels, against
# the same model compiled by the reference.
# fmt: off
FROM_LOGITS = Known("from logits",
    "The loss is told that the model outputs logits (from_logits=True), but build_model ends with a softmax.",
    "Keep from_logits=False (the default): the model's outputs are probabilities, and softmax would be applied twice.")
ONE_HOT_LOSS = Known("one-hot loss",
    "The loss is the categorical cross-entropy, which expects one-hot labels such as [0, 1, 0, 0].",
    "The labels are integers (0, 1, 2, 3), not one-hot vectors: use keras.losses.SparseCategoricalCrossentropy().")
REGRESSION_LOSS = Known("regression loss",
    "The loss is {name!r}, not a cross-entropy: it does not measure how probable the model finds the true class.",
    "For classes use the cross-entropy: keras.losses.SparseCategoricalCrossentropy().")
WITHOUT_ACCURACY = Known("without accuracy",
    "The compiled model reports no metric named 'accuracy' (it reports {names}): the cells below read "
    "history.history['val_accuracy'].",
    "Add metrics=['accuracy']: Keras then names it 'accuracy' and picks the accuracy for integer labels.")
ACCURACY_CLASS = Known("accuracy class",
    "The metric keras.metrics.Accuracy() compares labels and outputs value by value, not a label with probabilities.",
    "Write metrics=['accuracy']: for integer labels Keras then takes the most probable class.")
HUGE_LEARNING_RATE = Known("huge learning rate",
    "The learning rate is {rate:g}: too large, training diverges or jumps around.",
    "Keep Adam's default, learning_rate=1e-3 (5e-4 to 1e-2 trains this model in 10 epochs).")
NOT_ADAM = Known("not adam",
    "The optimizer is {name}; the text asks for Adam, which trains this model in the 10 epochs of the training cell.",
    "Use optimizer=keras.optimizers.Adam() (or 'adam'); plain SGD, for one, reaches only about 80 % in 10 epochs.")
COMPILE_MISTAKES = (FROM_LOGITS, ONE_HOT_LOSS, REGRESSION_LOSS, WITHOUT_ACCURACY, ACCURACY_CLASS, HUGE_LEARNING_RATE,
                    NOT_ADAM)
# fmt: on
LEARNING_RATES = (5e-4, 1e-2)  # Adam's learning rates that train the reference model in the notebook's 10 epochs


def _tiny_softmax_model():
    """A small model with a softmax output and fixed weights: 4×4×1 images, 3 classes."""
    import keras

    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(3, "softmax")])
    model.layers[-1].set_weights([np.random.default_rng(1).standard_normal((16, 3)), np.zeros(3)])
    return model


def _name(thing) -> str:
    """A loss as compile got it, as one lower-case word: 'mse', 'sparsecategoricalcrossentropy'."""
    name = thing if isinstance(thing, str) else getattr(thing, "name", None) or getattr(thing, "__name__", "")
    return str(name).lower().replace("_", "")


def _scores(model, what: str) -> dict:
    """The compiled model's loss and metrics on 6 images, the first 4 labelled with their most probable class."""
    images = np.random.default_rng(2).standard_normal((6, 4, 4, 1)).astype(np.float32)
    labels = (np.asarray(model(images, training=False)).argmax(axis=1) + (np.arange(6) >= 4)) % 3
    hint = "Use keras.losses.SparseCategoricalCrossentropy() and metrics=['accuracy']: the labels are integers."
    with learners_code(f"Evaluating {what} on integer labels", hint):  # a loss or a metric that does not fit fails
        return model.evaluate(images, labels, verbose=0, return_dict=True)


def check_compile_model(compile_model, reference) -> None:
    """The model itself, compiled with Adam, the sparse cross-entropy on probabilities, and 'accuracy'."""
    import keras

    what, model = "compile_model(model)", _tiny_softmax_model()
    compiled = _keras_model(run(compile_model, model), what)
    if compiled is not model or not compiled.compiled:
        raise Mistake(
            f"{what} returned another model, or one not compiled.", "Call model.compile(...), then `return model`."
        )
    loss = _name(compiled.loss)
    if "crossentropy" not in loss:
        raise REGRESSION_LOSS(name=compiled.loss if isinstance(compiled.loss, str) else loss)
    if loss == "categoricalcrossentropy":
        raise ONE_HOT_LOSS()
    if getattr(compiled.loss, "get_config", dict)().get("from_logits"):
        raise FROM_LOGITS()
    metrics = compiled.get_compile_config()["metrics"] or []
    if any(isinstance(m, dict) and m.get("class_name") == "Accuracy" for m in metrics):
        raise ACCURACY_CLASS()
    if not isinstance(compiled.optimizer, keras.optimizers.Adam):
        raise NOT_ADAM(name=type(compiled.optimizer).__name__)
    rate = float(np.asarray(compiled.optimizer.learning_rate))
    if rate > LEARNING_RATES[1]:
        raise HUGE_LEARNING_RATE(rate=rate)
    if rate < LEARNING_RATES[0]:
        raise Mistake(f"The learning rate is {rate:g}: too small to train in 10 epochs.", "Keep Adam's default, 1e-3.")
    scores, expected = _scores(compiled, what), _scores(reference(_tiny_softmax_model()), "the reference")
    hint = "Classes with integer labels take keras.losses.SparseCategoricalCrossentropy()."
    compare(scores.get("loss", np.nan), expected["loss"], "The cross-entropy on a test batch", hint, rtol=1e-4)
    if "accuracy" not in scores:
        raise WITHOUT_ACCURACY(names=sorted(set(scores) - {"loss"}) or "only the loss")
    compare(scores["accuracy"], expected["accuracy"], "The accuracy on a test batch", WITHOUT_ACCURACY.hint)


# The callbacks: an early stopping that watches what the reference's does, restores the best weights as it does,
# and waits "a few epochs" of the 10 the training cell runs.
# fmt: off
ON_TRAINING_LOSS = Known("on training loss",
    "Early stopping watches {monitor!r}, a training quantity: it improves even while the model overfits.",
    "Watch the validation loss: monitor='val_loss'.")
ON_VALIDATION_ACCURACY = Known("on validation accuracy",
    "Early stopping watches {monitor!r}; the text asks for the validation loss.",
    "Watch monitor='val_loss': it moves with every image's probability; the accuracy moves in steps, with ties.")
KEEPS_LAST_WEIGHTS = Known("keeps last weights",
    "Early stopping keeps the weights of the last epoch, which is `patience` epochs past the best one.",
    "Add restore_best_weights=True.")
FEW_EPOCHS = "Wait a few epochs for an improvement: a patience from 2 to 5 suits the 10 epochs of the training cell."
NO_PATIENCE = Known("no patience", "patience={patience}: training stops at the first noisy epoch.", FEW_EPOCHS)
ENDLESS_PATIENCE = Known("endless patience", "patience={patience}: training will hardly ever stop early.", FEW_EPOCHS)
LOSS_MAXIMISED = Known("loss maximised",
    "Early stopping watches {monitor!r} with mode={mode!r}: it keeps the worst epoch.",
    "Leave mode='auto': a loss should go down.")
NOT_A_LIST = Known("not a list",
    "make_callbacks() returned one callback, not a list.", "Return a list: `return [early_stopping]`.")
WITHOUT_EARLY_STOPPING = Known("without early stopping",
    "make_callbacks() holds no EarlyStopping callback.",
    "Add keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True).")
CALLBACK_MISTAKES = (ON_TRAINING_LOSS, ON_VALIDATION_ACCURACY, KEEPS_LAST_WEIGHTS, NO_PATIENCE, ENDLESS_PATIENCE,
                     LOSS_MAXIMISED, NOT_A_LIST, WITHOUT_EARLY_STOPPING)
# fmt: on
PATIENCE = (2, 5)  # "a few epochs" of the 10 the training cell runs


def check_make_callbacks(make_callbacks, reference) -> None:
    """A list with an EarlyStopping on the reference's quantity, a patience of a few epochs, best weights restored."""
    import keras

    callbacks, stopping = run(make_callbacks), keras.callbacks.EarlyStopping
    if isinstance(callbacks, keras.callbacks.Callback):
        raise NOT_A_LIST()
    if not isinstance(callbacks, (list, tuple)) or not all(isinstance(c, keras.callbacks.Callback) for c in callbacks):
        raise Mistake(
            f"make_callbacks() should return a list of Keras callbacks, but it returned {describe(callbacks)}.",
            "Return a list of keras.callbacks objects: `return [keras.callbacks.EarlyStopping(...)]`.",
        )
    stop, expected = (next((c for c in each if isinstance(c, stopping)), None) for each in (callbacks, reference()))
    if stop is None:
        raise WITHOUT_EARLY_STOPPING()
    if stop.monitor != expected.monitor:
        raise (ON_VALIDATION_ACCURACY if stop.monitor.startswith("val_") else ON_TRAINING_LOSS)(monitor=stop.monitor)
    if stop.mode == "max":
        raise LOSS_MAXIMISED(monitor=stop.monitor, mode=stop.mode)
    if stop.restore_best_weights != expected.restore_best_weights:
        raise KEEPS_LAST_WEIGHTS()
    if not PATIENCE[0] <= stop.patience <= PATIENCE[1]:
        raise (NO_PATIENCE if stop.patience < PATIENCE[0] else ENDLESS_PATIENCE)(patience=stop.patience)
    if stop.min_delta > 1e-3 or stop.baseline is not None:
        raise Mistake(
            f"Early stopping counts an epoch as better only beyond min_delta={stop.min_delta:g}, "
            f"baseline={stop.baseline}: it may stop while the validation loss still falls.",
            "Leave min_delta and baseline at their defaults.",
        )


# fmt: off
EXERCISES = [
    Exercise("08.make_dataset", "make_dataset", mistakes=DATASET_MISTAKES, check=check_make_dataset),
    Exercise("08.build_model", "build_model", mistakes=MODEL_MISTAKES, check=check_build_model),
    Exercise("08.compile_model", "compile_model", mistakes=COMPILE_MISTAKES, check=check_compile_model),
    Exercise("08.make_callbacks", "make_callbacks", mistakes=CALLBACK_MISTAKES, check=check_make_callbacks),
]
# fmt: on
