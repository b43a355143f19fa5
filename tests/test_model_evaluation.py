"""evaluate_model: honest scores for a trained model, and feedback (not a crash) for a broken one.

The test models read each image's class from its first pixel, so what they should score is
known without training: a perfect model, one whose mistakes are planted, and broken variants.
"""

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dl101.data import symmetries
from dl101.metrics import confusion_matrix, evaluate_model

CLASSES = ("elliptical", "spiral", "edge-on disc", "star")
N = 400


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _test_set(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noise images (N, 8, 8, 3) whose first pixel holds the class, and the classes, balanced."""
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(N) % 4)
    images = rng.uniform(0.1, 0.9, (N, 8, 8, 3)).astype(np.float32)
    images[:, 0, 0, 0] = labels
    return images, labels


def _pixel_reader(n_outputs: int = 4, input_shape=(8, 8, 3), scale: float = 1.0, shift: float = 0.0):
    """A Keras model that outputs scale · one_hot(first pixel) + shift: probabilities when scale = 1, shift = 0."""
    inputs = keras.Input(input_shape)
    one_hot = keras.layers.Lambda(lambda x: keras.ops.one_hot(keras.ops.cast(x[:, 0, 0, 0], "int32"), n_outputs))
    return keras.Model(inputs, one_hot(inputs) * scale + shift)


def test_perfect_model_scores_one_and_higher_than_the_baselines_as_a_point_estimate(capsys):
    images, labels = _test_set()
    report = evaluate_model(_pixel_reader(), images, labels, baselines={"forest": 0.9, "perfect": 1.0}, show=False)
    out = capsys.readouterr().out
    assert report.accuracy == 1.0
    assert report.beats == {"forest": True, "perfect": False}
    assert "scores higher than forest (0.900): True" in out and "scores higher than perfect (1.000): False" in out
    assert "point estimates" in out  # a higher score is not yet a win: its uncertainty is not in it
    assert "Test accuracy: 1.000 on 400" in out and "guessing the commonest class: 0.250" in out
    np.testing.assert_array_equal(report.confusion, np.diag(np.bincount(labels)))
    assert "⚠" not in out and "✗" not in out


def test_guessing_baseline_answers_the_commonest_class_of_the_training_labels(capsys):
    images, labels = _test_set()  # balanced: a quarter of each class
    training_labels = np.array([2, 2, 2, 0, 1])  # edge-on discs are the commonest in training
    test_labels = labels.copy()
    test_labels[np.flatnonzero(labels == 0)[:50]] = 3  # stars the commonest in the test set, discs still 100
    evaluate_model(_pixel_reader(), images, test_labels, training_labels=training_labels, show=False)
    out = capsys.readouterr().out
    assert "always guessing the commonest training class: 0.250" in out, out  # 100 discs of 400, not 150 stars
    with pytest.raises(ValueError, match="training_labels as class indices 0 to 3"):
        evaluate_model(_pixel_reader(), images, labels, training_labels=np.array([0, 4]), show=False)


def test_planted_mistakes_land_in_the_confusion_matrix_and_the_worst_images(capsys):
    images, labels = _test_set()
    wrong = np.flatnonzero(labels == 1)[:7]  # seven spirals the model will call edge-on discs
    images[wrong, 0, 0, 0] = 2
    report = evaluate_model(_pixel_reader(), images, labels, class_names=CLASSES, n_worst=7)
    assert report.accuracy == pytest.approx(1 - 7 / N)
    assert report.confusion[1, 2] == 7 and report.confusion.sum() == N and np.trace(report.confusion) == N - 7
    np.testing.assert_array_equal(np.flatnonzero(report.predicted != labels), np.sort(wrong))
    assert "Confusion matrix" in capsys.readouterr().out
    titles = {text.get_text() for fig in map(plt.figure, plt.get_fignums()) for ax in fig.axes for text in [ax.title]}
    assert "spiral 0%\n→ edge-on disc 100%" in titles and len(plt.get_fignums()) == 2


def test_wrong_input_shape_gets_feedback_not_an_exception(capsys):
    images, labels = _test_set()
    assert evaluate_model(_pixel_reader(input_shape=(16, 16, 3)), images, labels, show=False) is None
    out = capsys.readouterr().out
    assert "✗" in out and "(16, 16, 3)" in out and "(8, 8, 3)" in out


def test_wrong_number_of_outputs_gets_feedback(capsys):
    images, labels = _test_set()
    assert evaluate_model(_pixel_reader(n_outputs=10), images, labels, show=False) is None
    out = capsys.readouterr().out
    assert "✗" in out and "4 classes" in out and "Dense(4" in out


def test_logits_are_named_and_still_scored_by_their_largest_output(capsys):
    images, labels = _test_set()
    report = evaluate_model(_pixel_reader(scale=5.0, shift=-2.0), images, labels, show=False)
    out = capsys.readouterr().out
    assert "do not sum to 1" in out and "logits" in out
    assert report.accuracy == 1.0


def test_untrained_model_is_flagged_as_close_to_guessing(capsys):
    images, labels = _test_set()
    keras.utils.set_random_seed(0)
    untrained = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(), keras.layers.Dense(4, "softmax")])
    images[:, 0, 0, 0] = 0.5  # hide the answer: the model can only guess
    report = evaluate_model(untrained, images, labels, show=False)
    out = capsys.readouterr().out
    assert report.accuracy < 0.35 and "close to guessing" in out and "is the model trained?" in out


def test_a_model_that_raises_or_gives_nan_gets_feedback(capsys):
    images, labels = _test_set()

    def broken(batch, training=False):
        raise RuntimeError("no weights")

    assert evaluate_model(broken, images, labels, show=False) is None
    assert "raised RuntimeError: no weights" in capsys.readouterr().out
    assert evaluate_model(lambda batch, training=False: np.full((len(batch), 4), np.nan), images, labels) is None
    assert "NaN" in capsys.readouterr().out


def test_a_plain_function_returning_probabilities_is_evaluated():
    images, labels = _test_set()
    report = evaluate_model(lambda batch, training=False: np.eye(4)[batch[:, 0, 0, 0].astype(int)], images, labels)
    assert report.accuracy == 1.0


@pytest.mark.parametrize(
    ("images", "labels"), [(np.zeros((5, 8, 8)), np.zeros(5, int)), (np.zeros((5, 8, 8, 3)), np.zeros(4, int))]
)
def test_wrong_test_data_raise_a_clear_error(images, labels):
    with pytest.raises(ValueError, match="expected images"):
        evaluate_model(_pixel_reader(), images, labels)


def test_confusion_matrix_counts_true_rows_against_predicted_columns():
    confusion = confusion_matrix(np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2]), 3)
    np.testing.assert_array_equal(confusion, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])


def test_symmetries_are_the_eight_rotations_and_flips_of_the_square():
    image = np.arange(2 * 2 * 1).reshape(2, 2, 1)  # [[0, 1], [2, 3]]
    corners = {tuple(s[..., 0].ravel()) for s in symmetries(image)}
    assert corners == {
        (0, 1, 2, 3),
        (1, 3, 0, 2),
        (3, 2, 1, 0),
        (2, 0, 3, 1),
        (1, 0, 3, 2),
        (3, 1, 2, 0),
        (2, 3, 0, 1),
        (0, 2, 1, 3),
    }


def test_long_class_names_number_the_confusion_matrix_columns(capsys):
    images, labels = _test_set()
    names = ("disc, face-on, no spiral", "smooth, completely round", "disc, edge-on, no bulge", "smooth, cigar-shaped")
    evaluate_model(_pixel_reader(), images, labels, class_names=names, show=False)
    lines = capsys.readouterr().out.splitlines()
    header = lines.index("Confusion matrix (rows: true class, columns: predicted class):") + 1
    assert lines[header].split() == ["0", "1", "2", "3"]
    assert lines[header + 2].startswith("1: smooth, completely round") and lines[header + 2].split()[-3:] == [
        "100",
        "0",
        "0",
    ]
