"""The reference networks: their layers, their outputs, and that the small CNN learns the simulated sky."""

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402

from dl101.data import (  # noqa: E402
    GALAXY_CLASSES,
    PHOTOMETRIC_FEATURES,
    make_galaxies,
    photometric_features,
    sky_splits,
)
from dl101.data.sky import ZERO_POINT  # noqa: E402
from dl101.models import dense_network, predict_in_batches, small_cnn, train_classifier, tutorial_cnn  # noqa: E402


@pytest.mark.parametrize("build", [small_cnn, tutorial_cnn, dense_network])
def test_networks_map_a_batch_of_images_to_class_probabilities(build):
    model = build((32, 32, 3), 4)
    x = np.random.default_rng(0).standard_normal((5, 32, 32, 3)).astype(np.float32)
    p = np.asarray(model(x, training=False))
    assert p.shape == (5, 4)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)


def test_small_cnn_has_named_layers_for_sub_models():
    model = small_cnn()
    names = [layer.name for layer in model.layers]
    assert names == ["images", "conv1", "pool1", "conv2", "pool2", "conv3", "pool3", "features", "classifier"]
    features = keras.Model(model.inputs, model.get_layer("features").output)
    assert features.output_shape == (None, 4 * 4 * 64)
    # 3×3 kernels over the input depth plus a bias per filter, then the dense classifier.
    expected = (3 * 3 * 3 + 1) * 16 + (3 * 3 * 16 + 1) * 32 + (3 * 3 * 32 + 1) * 64 + (4 * 4 * 64 + 1) * 4
    assert model.count_params() == expected


def test_tutorial_cnn_follows_the_tutorial_recipe():
    model = tutorial_cnn((32, 32, 3), 10)
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds.count("Conv2D") == 3 and kinds.count("BatchNormalization") == 3 and kinds.count("MaxPooling2D") == 3
    assert [layer.filters for layer in model.layers if type(layer).__name__ == "Conv2D"] == [16, 32, 64]
    assert model.get_layer("features").units == 64 and model.output_shape == (None, 10)


@pytest.mark.parametrize(
    ("input_shape", "n_classes", "expected"), [((32, 32), 4, "input_shape"), ((32, 32, 3), 1, "n_classes")]
)
def test_bad_arguments_say_what_was_expected(input_shape, n_classes, expected):
    with pytest.raises(ValueError, match=expected):
        small_cnn(input_shape, n_classes)


@pytest.mark.slow
def test_the_course_recipe_trains_the_small_cnn_well_above_chance_and_keeps_its_best_epoch():
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = sky_splits(1200, 200, 400)
    model, history = train_classifier(small_cnn, x_train, y_train, x_val, y_val, max_epochs=4)
    accuracy = np.mean(np.argmax(model(x_test, training=False), axis=1) == y_test)
    assert accuracy > 0.6  # chance is 0.25; the full recipe reaches about 0.96 (tools/benchmark_sky_results.md)
    kept = model.evaluate(x_val, y_val, verbose=0, return_dict=True)["loss"]
    assert kept == pytest.approx(min(history.history["val_loss"]), rel=1e-4)  # the best epoch's weights


@pytest.mark.slow
def test_the_same_seed_trains_the_same_weights():
    (x_train, y_train), (x_val, y_val), _ = sky_splits(200, 50, 10)
    first, second = (train_classifier(dense_network, x_train, y_train, x_val, y_val, max_epochs=1)[0] for _ in "ab")
    for a, b in zip(first.get_weights(), second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="max_epochs"):
        train_classifier(dense_network, x_train, y_train, x_val, y_val, max_epochs=0)


def test_dense_network_is_the_flattened_pixels_into_64_relu_units():
    model = dense_network((32, 32, 3), 4)
    assert model.count_params() == (32 * 32 * 3 + 1) * 64 + (64 + 1) * 4


def test_predictions_in_batches_equal_one_call_on_all_images():
    model = small_cnn()
    x = np.random.default_rng(1).standard_normal((23, 32, 32, 3)).astype(np.float32)
    np.testing.assert_allclose(predict_in_batches(model, x, batch_size=5), model(x, training=False), atol=1e-6)


def _gaussian_stamps(
    sigma: float,
    flux: float,
    shift: tuple[int, int] = (0, 0),
    minor_sigma: float | None = None,
    angle: float = 0.0,
) -> np.ndarray:
    """One noise-free g, r, i stamp of a Gaussian of ``flux`` counts per band, moved by ``shift`` pixels.

    Round with width ``sigma``, or elongated: ``sigma`` along the major axis, at ``angle`` degrees from
    the rows, and ``minor_sigma`` across it.
    """
    rows, columns = np.mgrid[:32, :32] - 16
    rows, columns = rows - shift[0], columns - shift[1]
    cos, sin = np.cos(np.deg2rad(angle)), np.sin(np.deg2rad(angle))
    along, across = cos * rows + sin * columns, -sin * rows + cos * columns
    image = np.exp(-(along**2 / sigma**2 + across**2 / (minor_sigma or sigma) ** 2) / 2)
    return np.repeat((flux * image / image.sum())[None, ..., None], 3, axis=-1).astype(np.float32)


def test_photometric_features_are_one_row_of_named_features_per_stamp():
    counts = make_galaxies(5, seed=0)[0]
    features = photometric_features(counts)
    assert features.shape == (5, len(PHOTOMETRIC_FEATURES)) == (5, 8)
    np.testing.assert_allclose(photometric_features(counts[:1]), features[:1], rtol=1e-6)


def test_photometric_features_measure_magnitudes_and_colours_in_counts():
    stamp = _gaussian_stamps(sigma=1.5, flux=10 ** (0.4 * (ZERO_POINT - 20.0)))
    stamp[..., 0] *= 10 ** (-0.4 * 0.5)  # half a magnitude fainter in g
    stamp[..., 2] *= 10 ** (0.4 * 0.3)  # 0.3 mag brighter in i
    r_magnitude, g_minus_r, r_minus_i, *_ = photometric_features(stamp)[0]
    np.testing.assert_allclose([r_magnitude, g_minus_r, r_minus_i], [20.0, 0.5, 0.3], atol=1e-3)


def test_photometric_features_of_simulated_stars_match_their_true_magnitudes():
    counts, labels, _, truth = make_galaxies(40, seed=3, noise=False, return_truth=True)
    stars = labels == GALAXY_CLASSES.index("star")
    features = photometric_features(counts[stars])
    g, r, i = truth["magnitude"][stars].T
    np.testing.assert_allclose(features[:, 0], r, atol=0.02)
    np.testing.assert_allclose(features[:, 1:3], np.column_stack([g - r, r - i]), atol=0.02)


def test_concentration_is_higher_for_a_compact_source_and_follows_an_offset_object():
    compact, extended = (photometric_features(_gaussian_stamps(sigma, 1e4))[0, 3:6] for sigma in (1.0, 3.0))
    assert (compact > 0.9).all() and (extended < 0.4).all()  # σ = 1 px: 96 % within 2.5 px; σ = 3 px: 30 %
    moved = photometric_features(_gaussian_stamps(1.0, 1e4, shift=(2, -2)))[0]
    np.testing.assert_allclose(moved, photometric_features(_gaussian_stamps(1.0, 1e4))[0], atol=1e-4)


def test_a_round_gaussian_has_axis_ratio_one_and_its_width_for_size():
    axis_ratio, size = photometric_features(_gaussian_stamps(2.0, 1e4))[0, 6:]
    assert axis_ratio == pytest.approx(1.0, abs=1e-4) and size == pytest.approx(2.0, abs=0.01)


@pytest.mark.parametrize("angle", [0.0, 30.0, 90.0, 135.0])
def test_an_elongated_gaussian_has_its_axis_ratio_and_size_at_any_angle(angle):
    stamp = _gaussian_stamps(2.4, 1e4, shift=(1, -2), minor_sigma=1.2, angle=angle)
    axis_ratio, size = photometric_features(stamp)[0, 6:]
    assert axis_ratio == pytest.approx(0.5, abs=0.01)  # 1.2 / 2.4
    assert size == pytest.approx(np.sqrt(2.4 * 1.2), abs=0.02)


def test_simulated_edge_on_discs_measure_flatter_than_stars_and_galaxies_follow_their_true_axis_ratio():
    counts, labels, _, truth = make_galaxies(200, seed=6, noise=False, return_truth=True)
    axis_ratio = photometric_features(counts)[:, 6]
    discs, stars = labels == GALAXY_CLASSES.index("edge-on disc"), labels == GALAXY_CLASSES.index("star")
    assert np.median(axis_ratio[discs]) < 0.7 < 0.9 < np.median(axis_ratio[stars])
    galaxies = labels != GALAXY_CLASSES.index("star")  # the truth's axis ratio is before seeing, which rounds
    assert np.corrcoef(axis_ratio[galaxies], truth["axis_ratio"][galaxies])[0, 1] > 0.8


@pytest.mark.parametrize("shape", [(2, 32, 32), (2, 32, 32, 2), (2, 8, 8, 3)])
def test_photometric_features_say_what_images_they_expected(shape):
    with pytest.raises(ValueError, match="expected g, r, i counts"):
        photometric_features(np.zeros(shape))
