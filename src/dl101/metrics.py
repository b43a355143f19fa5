"""How well a trained model does, and how sure that number is.

Scores (:func:`accuracy`, :func:`confusion_matrix`), calibration (:func:`reliability`, the
per-bin statistics of a reliability diagram), :func:`evaluate_model` (notebook 08's report on
held-out images), and the uncertainty every comparison needs: :func:`bootstrap` (an interval for
any statistic of a test set, paired when it compares two models on the same objects) and
:func:`spread` (how much a result moves from seed to seed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from dl101.data.sky import GALAXY_CLASSES
from dl101.models import input_shape_of, predict_in_batches
from dl101.plotting import plot_confusion_matrix, plot_image_grid


def accuracy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The fraction of rows of class probabilities (n, classes) whose most probable class is the label (n,)."""
    probabilities, labels = np.asarray(probabilities), np.asarray(labels)
    if probabilities.ndim != 2 or labels.shape != probabilities.shape[:1]:
        raise ValueError(
            f"expected probabilities (n, classes) and labels (n,), got {probabilities.shape} and {labels.shape}"
        )
    return float(np.mean(np.argmax(probabilities, axis=1) == labels))


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class): rows are the true classes."""
    return np.bincount(labels * n_classes + predicted, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


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


class ModelReport(NamedTuple):
    """What a trained model scored on the test set."""

    accuracy: float
    confusion: np.ndarray  # confusion[true class, predicted class], counts
    predicted: np.ndarray  # (n,) the predicted class of each image
    probabilities: np.ndarray  # (n, n_classes) the model's outputs
    beats: dict[str, bool]  # baseline name → whether the model's accuracy is higher: a point estimate, no error bar


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
    training_labels: np.ndarray | None = None,
) -> ModelReport | None:
    """Score a trained classifier on held-out images: print the accuracy, the confusion matrix and the baselines.

    Draws the confusion matrix and the ``n_worst`` images whose true class got the lowest
    probability (``show=False`` skips the figures). A model that cannot be evaluated (wrong input
    shape, wrong number of outputs, an error) gets a message and None, not an exception. The guessing
    baseline always answers the commonest class of ``training_labels`` (a guesser sees only the
    training set); without them, of the test labels.
    """
    images, labels = np.asarray(images, dtype=np.float32), np.asarray(labels)
    if images.ndim != 4 or labels.shape != (len(images),):
        raise ValueError(
            f"expected images (n, height, width, bands) and labels (n,), got {images.shape} and {labels.shape}"
        )
    n_classes = len(class_names)
    guessed_from = labels if training_labels is None else np.asarray(training_labels)
    if (
        guessed_from.ndim != 1
        or guessed_from.dtype.kind not in "iu"
        or len(guessed_from) == 0
        or not 0 <= guessed_from.min() <= guessed_from.max() < n_classes
    ):
        raise ValueError(f"expected training_labels as class indices 0 to {n_classes - 1}, got {guessed_from!r}")
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
    commonest = int(np.bincount(guessed_from, minlength=n_classes).argmax())
    chance = float(np.mean(labels == commonest))
    beats = {name: accuracy > score for name, score in (baselines or {}).items()}
    report = ModelReport(accuracy, confusion_matrix(labels, predicted, n_classes), predicted, outputs, beats)
    print(
        f"Test accuracy: {accuracy:.3f} on {len(labels)} held-out images "
        f"(always guessing the commonest {'' if training_labels is None else 'training '}class: {chance:.3f})"
    )
    if accuracy < chance + 0.1:
        print(
            "⚠ That is close to guessing: is the model trained? Run fit (and check that the training loss goes down) "
            "before evaluating."
        )
    if baselines:
        print("Against the baselines (point estimates: a difference within the noise is no win; see bootstrap):")
    for name, score in (baselines or {}).items():
        print(f"  scores higher than {name} ({score:.3f}): {beats[name]}")
    print("\n".join(_confusion_lines(report.confusion, class_names)))
    if show:
        plot_confusion_matrix(report.confusion, class_names, title="Confusion matrix on the test set")
        if images.shape[-1] in (1, 3):
            _show_worst(images, labels, report, class_names, min(n_worst, len(labels)))
    return report


# The uncertainty of a result.


class Interval(NamedTuple):
    """A statistic measured on the data as given, and the interval that holds ``level`` of its bootstrap draws."""

    value: float
    low: float
    high: float
    level: float

    def __str__(self) -> str:
        return f"{self.value:+.3f} ({self.level:.0%} interval {self.low:+.3f} to {self.high:+.3f})"


def bootstrap(
    statistic: Callable[..., float], *samples: np.ndarray, draws: int = 1000, level: float = 0.95, seed: int = 0
) -> Interval:
    """``statistic(*samples)`` with a percentile bootstrap interval: the samples are redrawn with replacement.

    All samples are indexed by the same objects (rows) and redrawn together, so a statistic that
    compares two models on one test set, such as ``lambda a, b: a.mean() - b.mean()`` of their right
    answers, is a paired bootstrap: an object hard for one model is often hard for the other.
    """
    arrays = [np.asarray(sample) for sample in samples]
    if not arrays or any(array.ndim == 0 for array in arrays) or len({len(array) for array in arrays}) != 1:
        raise ValueError(
            f"expected one or more samples with the same number of rows, got shapes {[a.shape for a in arrays]}"
        )
    if len(arrays[0]) < 2:
        raise ValueError(f"expected at least 2 rows to redraw, got {len(arrays[0])}")
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise ValueError(f"expected draws, the number of bootstrap samples, to be an integer >= 1, got {draws!r}")
    if not 0 < level < 1:
        raise ValueError(f"expected level, the share of draws the interval holds, between 0 and 1, got {level!r}")
    rows = np.random.default_rng(seed).integers(0, len(arrays[0]), size=(draws, len(arrays[0])))
    values = np.array([statistic(*(array[draw] for array in arrays)) for draw in rows], dtype=float)
    low, high = np.percentile(values, [50 * (1 - level), 50 * (1 + level)])
    return Interval(float(statistic(*arrays)), float(low), float(high), level)


class Spread(NamedTuple):
    """Results of the same experiment run from several seeds: their mean, sample standard deviation and range."""

    mean: float
    std: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.3f} ± {self.std:.3f} (n = {self.n}; {self.low:.3f} to {self.high:.3f})"


def spread(values: Sequence[float]) -> Spread:
    """How much a result moves from seed to seed: the mean, the standard deviation (ddof 1) and the range."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) < 2 or not np.isfinite(values).all():
        raise ValueError(f"expected two or more finite results, one per seed, got {values.tolist()!r}")
    return Spread(
        float(values.mean()), float(values.std(ddof=1)), float(values.min()), float(values.max()), len(values)
    )
