"""Every reference solution against an independent reference: the checks take the right answer from the
solutions, so the solutions are checked here against NumPy definitions, SciPy, scikit-learn, Keras,
dl101.nn and numerical gradients. (Notebook 05's train_step and train are also compared with Keras's
training, step by step, in tests/test_training_equivalence.py.)"""

import os
import re

import numpy as np
import pytest
from scipy import signal, special, stats
from sklearn.metrics import accuracy_score
from sklearn.neighbors import NearestNeighbors

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402

from dl101.checks import EXERCISES  # noqa: E402
from dl101.metrics import reliability  # noqa: E402
from dl101.models import binary_accuracy, playground_data, train_network  # noqa: E402
from dl101.nn import max_pool2d, numerical_gradient, relu, sigmoid, sparse_categorical_crossentropy, step  # noqa: E402

RNG = np.random.default_rng(2024)


def reference(exercise_id: str):
    return EXERCISES[exercise_id].reference()


def test_magnitude_to_flux_inverts_the_definition_of_a_magnitude():
    magnitude_to_flux = reference("00.magnitude_to_flux")
    m = RNG.uniform(12, 28, 20)
    for zero_point in (22.5, 25.0):
        assert np.allclose(zero_point - 2.5 * np.log10(magnitude_to_flux(m, zero_point)), m, rtol=1e-12)
    assert np.isclose(magnitude_to_flux(22.5), 1.0) and np.ndim(magnitude_to_flux(20.0)) == 0


def test_split_train_test_puts_each_example_in_one_set_with_its_label():
    split_train_test = reference("01.split_train_test")
    X, y = np.arange(60.0).reshape(30, 2), np.arange(30) % 3
    X_train, X_test, y_train, y_test = split_train_test(X, y, test_fraction=0.3, seed=4)
    assert len(X_test) == 9 and sorted(np.concatenate([X_train[:, 0], X_test[:, 0]])) == list(X[:, 0])
    assert np.array_equal(y_test, y[(X_test[:, 0] // 2).astype(int)])
    assert np.array_equal(split_train_test(X, y, 0.3, seed=4)[1], X_test)
    assert not np.array_equal(split_train_test(X, y, 0.3, seed=5)[1], X_test)


def test_accuracy_is_scikit_learns():
    accuracy = reference("01.accuracy")
    y_true, y_pred = RNG.integers(0, 3, 50), RNG.integers(0, 3, 50)
    assert np.isclose(accuracy(y_true, y_pred), accuracy_score(y_true, y_pred))
    assert np.isclose(accuracy(y_true[:, None], y_pred), accuracy_score(y_true, y_pred))


def test_perceptron_predict_is_the_step_of_the_weighted_sum():
    X, w = RNG.normal(size=(40, 3)), RNG.normal(size=3)
    assert np.array_equal(reference("02.perceptron_predict")(X, w, 0.3), step(X @ w + 0.3))


def test_perceptron_update_is_the_perceptron_rule():
    perceptron_update = reference("02.perceptron_update")
    w, x = np.array([0.5, -1.0]), np.array([2.0, 0.5])  # w · x = 0.5: predicted 1
    for y, change in ((1, 0.0), (0, -1.0)):
        w_new, b_new = perceptron_update(w, 0.0, x, y, learning_rate=0.1)
        assert np.allclose(w_new, w + 0.1 * change * x) and np.isclose(b_new, 0.1 * change)


def test_dense_forward_is_a_keras_dense_layer():
    x, W, b = RNG.normal(size=(6, 4)).astype("float32"), RNG.normal(size=(4, 3)), RNG.normal(size=3)
    layer = keras.layers.Dense(3, activation="sigmoid")
    layer.build((None, 4))
    layer.set_weights([W, b])
    assert np.allclose(reference("03.dense_forward")(x, W, b, sigmoid), layer(x), atol=1e-6)


def test_n_parameters_is_keras_count():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(8), keras.layers.Dense(8), keras.layers.Dense(1)])
    assert reference("03.n_parameters") == model.count_params()


def test_hidden_layers_solves_circles():
    X_train, y_train, X_val, y_val = playground_data("circles")
    model, _ = train_network(X_train, y_train, reference("03.hidden_layers"), "tanh", 0.05, 300, seed=0)
    assert binary_accuracy(model, X_val, y_val) >= 0.95


def test_softmax_is_scipys_and_stable():
    x = np.vstack([RNG.normal(size=(4, 5)), [[1000.0, 999.0, 0.0, -1000.0, 3.0]]])
    assert np.allclose(reference("04.softmax")(x), special.softmax(x, axis=-1))


def test_cross_entropy_is_keras_sparse_categorical_crossentropy():
    p = special.softmax(RNG.normal(size=(8, 4)), axis=1)
    p[0] = [0.0, 1.0, 0.0, 0.0]  # exactly 0 and 1: Keras clips them to [1e-7, 1 − 1e-7]
    labels = np.array([0, 1, 2, 3, 0, 1, 2, 3])
    expected = keras.losses.SparseCategoricalCrossentropy()(labels, p)
    assert np.isclose(reference("04.cross_entropy")(labels, p), float(expected), rtol=1e-5)


def test_huber_is_keras_huber():
    y_true, y_pred = RNG.normal(size=(10, 1)), 3 * RNG.normal(size=(10, 1))
    for delta in (1.0, 2.0, 0.5):
        expected = float(keras.losses.Huber(delta=delta)(y_true, y_pred))
        assert np.isclose(reference("04.huber")(y_true, y_pred, delta), expected, rtol=1e-5)


def test_sigmoid_backward_is_the_numerical_gradient():
    dout, x = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))
    expected = numerical_gradient(lambda x_: np.sum(dout * sigmoid(x_)), x)
    assert np.allclose(reference("05.sigmoid_backward")(dout, x), expected, atol=1e-7)


def test_dense_backward_is_the_numerical_gradient():
    dout, x, W = RNG.normal(size=(5, 2)), RNG.normal(size=(5, 3)), RNG.normal(size=(3, 2))
    dx, dW, db = reference("05.dense_backward")(dout, x, W)
    b = np.zeros(2)
    assert np.allclose(dx, numerical_gradient(lambda x_: np.sum(dout * (x_ @ W + b)), x), atol=1e-7)
    assert np.allclose(dW, numerical_gradient(lambda W_: np.sum(dout * (x @ W_ + b)), W), atol=1e-7)
    assert np.allclose(db, numerical_gradient(lambda b_: np.sum(dout * (x @ W + b_)), b), atol=1e-7)


def test_softmax_crossentropy_backward_is_the_numerical_gradient():
    labels, logits = np.array([2, 0, 1, 1]), RNG.normal(size=(4, 3))
    expected = numerical_gradient(lambda z: sparse_categorical_crossentropy(labels, z, from_logits=True), logits)
    assert np.allclose(reference("05.softmax_crossentropy_backward")(labels, logits), expected, atol=1e-7)


def test_train_step_descends_the_numerical_gradient():
    params = {"W1": RNG.normal(size=(2, 4)), "b1": RNG.normal(size=4), "W2": RNG.normal(size=(4, 3)), "b2": np.zeros(3)}
    X, y = RNG.normal(size=(6, 2)), np.array([0, 1, 2, 2, 1, 0])

    def loss(values: dict) -> float:
        hidden = relu(X @ values["W1"] + values["b1"])
        return sparse_categorical_crossentropy(y, hidden @ values["W2"] + values["b2"], from_logits=True)

    new_params, before = reference("05.train_step")(params, X, y, 0.1)
    assert np.isclose(before, loss(params))
    for name in params:
        gradient = numerical_gradient(lambda value, name=name: loss({**params, name: value}), params[name])
        assert np.allclose(new_params[name], params[name] - 0.1 * gradient, atol=1e-7)


@pytest.mark.parametrize(
    "val_losses", [(5.0, 4.0, 4.5, 4.0, 4.2, 4.1, 3.0), (3.0, 2.0, 1.0), (1.0, 2.0, 3.0, 4.0, 5.0)]
)
def test_train_stops_and_restores_as_keras_early_stopping_does(val_losses):
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)
    stopper.set_model(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]))
    stopper.model.stop_training = False
    stopper.on_train_begin()
    for epoch, val_loss in enumerate(val_losses):
        stopper.on_epoch_end(epoch, {"val_loss": val_loss})
        if stopper.model.stop_training:
            break
    steps = iter(val_losses)
    best_params, history = reference("05.train")(
        lambda params, X, y, rate: (params + 1, 0.0),  # params count the epochs: one batch each
        lambda params, X, y: next(steps),
        0,
        np.zeros((2, 1)),
        np.zeros(2),
        None,
        None,
        batch_size=2,
        epochs=len(val_losses),
        patience=2,
    )
    assert len(history["val_loss"]) == epoch + 1
    assert best_params == int(np.argmin(history["val_loss"])) + 1  # the first of equal losses, as Keras keeps it


def test_conv2d_single_is_scipys_cross_correlation():
    image, kernel = RNG.normal(size=(7, 9)), RNG.normal(size=(3, 2))
    expected = signal.correlate2d(image, kernel, mode="valid") + 0.5
    assert np.allclose(reference("06.conv2d_single")(image, kernel, 0.5), expected)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_output_size_is_a_keras_convolutions(padding):
    for n, k, stride in ((32, 3, 1), (32, 3, 2), (7, 3, 2), (9, 4, 2), (28, 5, 3), (9, 2, 4), (32, 4, 2)):
        shape = keras.layers.Conv2D(1, k, strides=stride, padding=padding).compute_output_shape((None, n, n, 1))
        assert reference("06.output_size")(n, k, stride, padding) == shape[1]


def test_max_pool_is_dl101_nns():
    x = RNG.normal(size=(6, 10, 3))
    assert np.array_equal(reference("06.max_pool")(x), max_pool2d(x[None])[0])


def test_n_conv_parameters_is_keras_count():
    layer = keras.layers.Conv2D(32, 3, padding="same")
    layer.build((None, 16, 16, 16))
    assert reference("06.n_conv_parameters") == layer.count_params()


def test_embedding_model_gives_the_output_of_the_layers_before_the_classifier():
    inputs = keras.Input((4, 4, 2))
    outputs = keras.layers.Dense(2, "softmax")(keras.layers.Flatten()(keras.layers.Conv2D(3, 3)(inputs)))
    model = keras.Model(inputs, outputs)
    x = RNG.normal(size=(5, 4, 4, 2)).astype("float32")
    by_hand = model.layers[2](model.layers[1](x))  # conv, then flatten: every layer but the classifier
    assert np.allclose(reference("07.embedding_model")(model)(x), by_hand, atol=1e-6)


def test_nearest_neighbours_are_scikit_learns():
    embeddings = RNG.normal(size=(40, 5))
    _, indices = NearestNeighbors(n_neighbors=8).fit(embeddings).kneighbors(embeddings[[11]])
    assert np.array_equal(reference("07.nearest_neighbours")(embeddings, 11, 7), indices[0][indices[0] != 11])


def test_make_dataset_gives_evaluation_images_as_they_are():
    images, labels = RNG.normal(size=(10, 4, 4, 3)).astype("float32"), np.arange(10)
    batches = list(reference("08.make_dataset")(images, labels, training=False, batch_size=4))
    assert [len(batch_labels) for _, batch_labels in batches] == [4, 4, 2]
    assert np.array_equal(np.concatenate([batch_images for batch_images, _ in batches]), images)


def test_build_compile_and_callbacks_make_a_model_keras_trains():
    model = reference("08.compile_model")(reference("08.build_model")((32, 32, 3), 4))
    images, labels = RNG.normal(size=(8, 32, 32, 3)).astype("float32"), np.arange(8) % 4
    probabilities = model.predict(images, verbose=0)
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    scores = model.evaluate(images, labels, verbose=0, return_dict=True)
    assert np.isclose(scores["loss"], -np.mean(np.log(probabilities[np.arange(8), labels])), rtol=1e-4)
    (stopper,) = reference("08.make_callbacks")()
    assert (stopper.monitor, stopper.restore_best_weights) == ("val_loss", True)


def test_expected_calibration_error_is_the_weighted_gap_of_dl101_metrics_reliability():
    probabilities = special.softmax(2 * RNG.normal(size=(50, 4)), axis=1)
    labels = RNG.integers(0, 4, 50)
    for n_bins in (1, 5, 10):
        bins = reliability(probabilities, labels, n_bins)
        expected = np.nansum(bins.count / 50 * np.abs(bins.accuracy - bins.confidence))
        assert np.isclose(reference("09.expected_calibration_error")(probabilities, labels, n_bins), expected)


def test_gaussian_nll_is_scipys():
    y, mean, log_sigma = RNG.normal(size=20), RNG.normal(size=20), RNG.uniform(-3, 3, 20)
    expected = -np.mean(stats.norm.logpdf(y, mean, np.exp(log_sigma)))
    assert np.isclose(reference("09.gaussian_nll")(y, mean, log_sigma), expected, rtol=1e-12)


def test_every_reference_solution_is_tested_here():
    source = open(__file__, encoding="utf-8").read()
    assert set(EXERCISES) <= set(re.findall(r'reference\("(\d\d\.\w+)"\)', source))


def test_cutout_flux_is_astropys_scaling_times_each_bands_zero_point(tmp_path):
    from astropy.io import fits

    from dl101.data import read_catalogue, write_survey

    catalogue = read_catalogue(write_survey(tmp_path, 40, seed=3))
    with_gap = [path for path in catalogue["path"] if np.any(np.isnan(fits.getdata(path, "SCI")))]
    for path in [catalogue["path"][0], *with_gap[:1]]:
        raw = fits.getdata(path, "SCI", do_not_scale_image_data=True)
        header = fits.getheader(path, "SCI")
        adu = fits.getdata(path, "SCI")  # astropy applies BSCALE and BZERO, and gives NaN for BLANK
        planes = {header[f"BAND{k}"]: k for k in (1, 2, 3)}
        for bands in ("gri", "ir"):
            flux, has_data = reference("10.cutout_flux")(raw, header, bands)
            for column, band in enumerate(bands):
                k = planes[band]
                expected = adu[k - 1] * 10 ** ((22.5 - header[f"MAGZP{k}"]) / 2.5)  # 1 nanomaggy is magnitude 22.5
                assert np.array_equal(has_data[..., column], np.isfinite(expected))
                assert np.allclose(flux[..., column], np.nan_to_num(expected), rtol=1e-6)
    assert with_gap, "the survey should hold a cutout with a chip gap"
    # A file with no BSCALE, BZERO or BLANK card: FITS's values 1 and 0, and every pixel holds a measurement.
    plain = tmp_path / "plain.fits"
    science = fits.ImageHDU(np.arange(-6, 18, dtype=np.int16).reshape(2, 3, 4), name="SCI")
    science.header.update({"BAND1": "r", "MAGZP1": 28.0, "BAND2": "g", "MAGZP2": 27.0})
    fits.HDUList([fits.PrimaryHDU(), science]).writeto(plain)
    header = fits.getheader(plain, "SCI")
    assert not {"BSCALE", "BZERO", "BLANK"} & set(header)
    flux, has_data = reference("10.cutout_flux")(fits.getdata(plain, "SCI", do_not_scale_image_data=True), header, "gr")
    adu = fits.getdata(plain, "SCI")
    assert has_data.all()
    assert np.allclose(flux, np.stack([adu[1] * 10 ** ((22.5 - 27.0) / 2.5), adu[0] * 10 ** ((22.5 - 28.0) / 2.5)], -1))
    # Integer BSCALE and BZERO, as astropy reads them: unsigned 16-bit data (BZERO = 32768), and BSCALE = 2 on
    # stored values whose double does not fit 16 bits.
    unsigned = fits.ImageHDU(np.array([[[0, 1, 40000, 65535]]], dtype=np.uint16), name="SCI")
    doubled = fits.ImageHDU(np.array([[[30000, -5, 100]]], dtype=np.int16), name="SCI", do_not_scale_image_data=True)
    doubled.header.update({"BSCALE": 2, "BZERO": 0})
    for name, science in (("unsigned.fits", unsigned), ("doubled.fits", doubled)):
        science.header.update({"BAND1": "r", "MAGZP1": 22.5})  # one ADU is one nanomaggy
        fits.HDUList([fits.PrimaryHDU(), science]).writeto(tmp_path / name)
        header = fits.getheader(tmp_path / name, "SCI")
        assert isinstance(header["BSCALE"], int) and isinstance(header["BZERO"], int)
        raw = fits.getdata(tmp_path / name, "SCI", do_not_scale_image_data=True)
        flux, has_data = reference("10.cutout_flux")(raw, header, "r")
        assert has_data.all()
        np.testing.assert_array_equal(flux[..., 0], fits.getdata(tmp_path / name, "SCI")[0])
    np.testing.assert_array_equal(flux[0, :, 0], [60000, -10, 200])
