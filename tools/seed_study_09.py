"""Notebook 09's claims for networks trained from other seeds: the numbers its text quotes for seeds 1–3.

Run from the repository root:

    python tools/seed_study_09.py                              # seeds 0–3, writes tools/seed_study_09_results.md
    python tools/seed_study_09.py --seeds 2 --output /tmp/seed_study_09.md

For each seed the script trains what notebook 09 trains when DL101_SEED is that seed, on the same
simulated images: the small CNN with the course's recipe, the same CNN trained over the wide
conditions, and the magnitude regressor. It then measures what the notebook's text and checked
outputs say of them, with the notebook's methods (bootstrap intervals, the noise floor of the ECE,
temperatures fitted on validation images). Seed 0 is the notebook's own run: its column checks that
this script reproduces the notebook. The last column is dl101.metrics.spread over the seeds run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
from keras import ops  # noqa: E402
from scipy.optimize import minimize_scalar  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from benchmark import report_header  # noqa: E402
from checkout import ROOT  # noqa: E402
from dl101 import nn, setup  # noqa: E402
from dl101.checks import EXERCISES  # noqa: E402
from dl101.data import (  # noqa: E402
    GALAXY_CLASSES,
    SPLIT_SEEDS,
    cut_stamps,
    hubble_sources,
    make_galaxies,
    normalise,
    photometric_features,
    sky_splits,
    stretch,
)
from dl101.data.sky import PIXEL_SCALE, ZERO_POINT, sky_noise  # noqa: E402
from dl101.metrics import accuracy, bootstrap, spread  # noqa: E402
from dl101.models import predict_in_batches, small_cnn, train_classifier  # noqa: E402

DEFAULT_OUTPUT = ROOT / "tools" / "seed_study_09_results.md"
expected_calibration_error = EXERCISES["09.expected_calibration_error"].reference()
STAR, SPIRAL, EDGE_ON = (GALAXY_CLASSES.index(name) for name in ("star", "spiral", "edge-on disc"))
WORSE_SEEING, FAINTER = {"seeing": (1.2, 1.6)}, {"magnitudes": (21.0, 23.0)}
WIDE = {"seeing": (0.6, 1.6), "magnitudes": (17.0, 23.0)}
Row = tuple[str, float | str]


def logits_function(cnn: keras.Model) -> Callable[[np.ndarray], np.ndarray]:
    """The CNN's logits z = f W + b, from its layer `features` and its layer `classifier`, as in the notebook."""
    embed = keras.Model(cnn.input, cnn.get_layer("features").output)
    kernel, bias = cnn.get_layer("classifier").get_weights()
    return lambda images: predict_in_batches(embed, images) @ kernel + bias


def with_temperature(logits: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(z / T), row by row."""
    return nn.softmax(logits / temperature, axis=1)


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The mean negative log-probability of the true class."""
    return nn.sparse_categorical_crossentropy(labels, probabilities)


def fitted_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The T that minimises the cross-entropy of with_temperature(logits, T), searched as log T in [-3, 4]."""
    fit = minimize_scalar(
        lambda log_t: cross_entropy(with_temperature(logits, np.exp(log_t)), labels), bounds=(-3, 4), method="bounded"
    )
    return float(np.exp(fit.x))


def calibrated_eces(probabilities: np.ndarray, seed: int, draws: int = 1000) -> np.ndarray:
    """The ECE of a perfectly calibrated classifier with these confidences, in each of `draws` draws."""
    rng = np.random.default_rng(seed)
    predicted = np.argmax(probabilities, axis=1)
    right = rng.random((draws, len(predicted))) < probabilities.max(axis=1)
    labels = np.where(right, predicted, (predicted + 1) % probabilities.shape[1])
    return np.array([expected_calibration_error(probabilities, row) for row in labels])


def ece_decrease(before: np.ndarray, after: np.ndarray, labels: np.ndarray) -> float:
    """How much lower the ECE of `after` is than that of `before`, on the same labels."""
    return expected_calibration_error(before, labels) - expected_calibration_error(after, labels)


def accuracy_gain(better: np.ndarray, worse: np.ndarray, labels: np.ndarray) -> float:
    """How much more accurate `better` is than `worse`, on the same labels."""
    return accuracy(better, labels) - accuracy(worse, labels)


def mean_confidence(probabilities: np.ndarray) -> float:
    """The mean over the rows of the largest probability."""
    return float(probabilities.max(axis=1).mean())


def interval(score) -> str:
    """A bootstrap result as 'value (low to high)'."""
    return f"{score.value:+.3f} ({score.low:+.3f} to {score.high:+.3f})"


def shifted(conditions: dict, n: int, split: str) -> tuple[np.ndarray, np.ndarray]:
    """Normalised images and labels of the split's objects drawn again under other conditions."""
    counts, labels, _ = make_galaxies(n, seed=SPLIT_SEEDS[split], **conditions)
    return normalise(counts), labels


def calibration_rows(logits_of, x_val, y_val, x_test, y_test, seed: int) -> list[Row]:
    """Test ECE against its noise floor; the validation set's temperature, its interval and its effect on the test."""
    p_test = with_temperature(logits_of(x_test), 1.0)
    ece = expected_calibration_error(p_test, y_test)
    floor = calibrated_eces(p_test, seed)
    z_val = logits_of(x_val)
    temperature = fitted_temperature(z_val, y_val)
    t_interval = bootstrap(fitted_temperature, z_val, y_val, draws=200, seed=seed)
    scaled = with_temperature(logits_of(x_test), temperature)
    decrease = bootstrap(ece_decrease, p_test, scaled, y_test, seed=seed)
    return [
        ("test accuracy", f"{accuracy(p_test, y_test):.4f}"),
        ("test ECE", f"{ece:.4f}"),
        ("share of calibrated draws with an ECE as high", f"{np.mean(floor >= ece):.2f}"),
        ("test ECE above the 95th percentile of calibrated draws", str(bool(ece > np.percentile(floor, 95)))),
        ("T fitted on the validation set", f"{temperature:.2f}"),
        ("T: 95 % interval (200 bootstrap draws of the validation set)", f"{t_interval.low:.2f}–{t_interval.high:.2f}"),
        ("test ECE after T", f"{expected_calibration_error(scaled, y_test):.4f}"),
        ("test ECE decrease (95 % interval)", interval(decrease)),
    ]


def shift_rows(cnn, logits_of, p_as_trained, y_test, seed: int) -> list[Row]:
    """Worse seeing and fainter objects: right answers by class, temperature scaling there, the default class."""
    rows: list[Row] = []
    probabilities = {}
    for name, conditions in (("worse seeing", WORSE_SEEING), ("fainter", FAINTER)):
        x, y = shifted(conditions, 2000, "test")
        x_val, y_val = shifted(conditions, 1000, "validation")
        z, z_val = logits_of(x), logits_of(x_val)
        before = probabilities[name] = with_temperature(z, 1.0)
        temperature = fitted_temperature(z_val, y_val)
        after = with_temperature(z, temperature)
        decrease = bootstrap(ece_decrease, before, after, y, seed=seed)
        falls = accuracy(p_as_trained, y_test) - accuracy(before, y) > mean_confidence(p_as_trained) - mean_confidence(
            before
        )
        rows += [
            (f"{name}: accuracy falls more than the mean confidence", str(bool(falls))),
            (f"{name}: T fitted there", f"{temperature:.1f}"),
            (
                f"{name}: ECE before → after T",
                f"{expected_calibration_error(before, y):.3f} → {expected_calibration_error(after, y):.3f}",
            ),
            (f"{name}: ECE decrease (95 % interval)", interval(decrease)),
            (
                f"{name}: ECE after above the 95th percentile of calibrated draws",
                str(bool(expected_calibration_error(after, y) > np.percentile(calibrated_eces(after, seed), 95))),
            ),
            (
                f"{name}: share of all objects called edge-on discs",
                f"{np.mean(np.argmax(before, axis=1) == EDGE_ON):.2f}",
            ),
        ]
        if name == "worse seeing":
            rows += worse_seeing_rows(before, y, logits_of, z, z_val, y_val, temperature)
    return rows


def worse_seeing_rows(before, y, logits_of, z, z_val, y_val, temperature: float) -> list[Row]:
    """Under worse seeing: right answers by class, stars' and galaxies' confidence, a temperature for galaxies alone."""
    right = [int(np.sum((np.argmax(before, axis=1) == k) & (y == k))) for k in range(len(GALAXY_CLASSES))]
    stars = y == STAR
    galaxies_val = y_val != STAR
    galaxy_t = fitted_temperature(z_val[galaxies_val], y_val[galaxies_val])
    galaxy_eces = [
        expected_calibration_error(with_temperature(z[~stars], t), y[~stars]) for t in (1.0, galaxy_t, temperature)
    ]
    return [
        ("worse seeing: right of 500 (elliptical/spiral/edge-on/star)", "/".join(map(str, right))),
        (
            "worse seeing: stars' and galaxies' mean confidence, as trained: absolute difference",
            f"{abs(mean_confidence(before[stars]) - mean_confidence(before[~stars])):.3f}",
        ),
        ("worse seeing, galaxies only: ECE at T = 1", f"{galaxy_eces[0]:.3f}"),
        ("worse seeing, galaxies only: T fitted on the galaxies → their ECE", f"{galaxy_t:.2f} → {galaxy_eces[1]:.3f}"),
        ("worse seeing, galaxies only: ECE with the T fitted on all objects", f"{galaxy_eces[2]:.3f}"),
    ]


def seeing_sweep_rows(cnn) -> list[Row]:
    """The checked claims of the seeing sweep: stars found at the training seeing and lost beyond 1.2″."""
    counts, labels, _, truth = make_galaxies(2000, seed=SPLIT_SEEDS["test"], seeing=(0.6, 1.6), return_truth=True)
    seeing = truth["psf_fwhm"] * PIXEL_SCALE
    right = np.argmax(predict_in_batches(cnn, normalise(counts)), axis=1) == labels
    stars = labels == STAR
    trained, beyond = seeing < 1.0, seeing >= 1.2
    edges = [0.6, 0.8, 1.0, 1.2, 1.4, 1.6]
    galaxy_recall = [
        np.mean(right[~stars & (seeing >= lo) & (seeing < hi)]) for lo, hi in zip(edges[:-1], edges[1:], strict=True)
    ]
    return [
        (
            "sweep: stars right at 0.6–1.0″ / beyond 1.2″",
            f"{np.mean(right[stars & trained]):.2f} / {np.mean(right[stars & beyond]):.2f}",
        ),
        ("sweep: galaxies right, worst 0.2″ bin", f"{min(galaxy_recall):.2f}"),
    ]


def wide_rows(cnn, x_test, y_test, seed: int) -> list[Row]:
    """The CNN trained over the wide conditions for 8 epochs: stars under worse seeing, gains and losses."""
    x, y = shifted(WIDE, 4000, "train")
    x_val, y_val = shifted(WIDE, 1000, "validation")
    wide, history = train_classifier(small_cnn, x, y, x_val, y_val, seed=seed)
    rows: list[Row] = [
        (
            "wide network: epochs trained (best)",
            f"{len(history.history['val_loss'])} ({int(np.argmin(history.history['val_loss'])) + 1})",
        )
    ]
    for name, (images, labels) in (
        ("as trained", (x_test, y_test)),
        ("worse seeing", shifted(WORSE_SEEING, 2000, "test")),
        ("fainter", shifted(FAINTER, 2000, "test")),
    ):
        p_wide, p_first = predict_in_batches(wide, images), predict_in_batches(cnn, images)
        rows.append(
            (
                f"wide − first network accuracy, {name} (95 % interval)",
                interval(bootstrap(accuracy_gain, p_wide, p_first, labels, seed=seed)),
            )
        )
        if name == "worse seeing":
            stars = labels == STAR
            rows.append(
                (
                    "wide network, worse seeing: stars right of 500",
                    str(int(np.sum(np.argmax(p_wide[stars], axis=1) == STAR))),
                )
            )
    return rows


def gaussian_nll_loss(y_true, y_pred):
    """Keras loss: the Gaussian NLL of y_true (batch, 1) under y_pred (batch, 2) = (mean, log sigma)."""
    mean, log_sigma = y_pred[:, 0], y_pred[:, 1]
    squared = ops.square(y_true[:, 0] - mean) * ops.exp(-2 * log_sigma)
    return ops.mean(log_sigma + 0.5 * squared + 0.5 * np.log(2 * np.pi))


def magnitude_data(n: int, seed: int):
    """Normalised images, classes, true r magnitudes and aperture r magnitudes of n objects with r = 17–23."""
    counts, labels, _, truth = make_galaxies(n, seed=seed, magnitudes=(17.0, 23.0), return_truth=True)
    return normalise(counts), labels, truth["magnitude"][:, 1], photometric_features(counts)[:, 0]


def trained_regressor(images: np.ndarray, magnitudes: np.ndarray, seed: int) -> keras.Model:
    """The notebook's magnitude regressor (mean and log sigma), trained as it trains it."""
    keras.utils.set_random_seed(seed)
    regressor = keras.Sequential(
        [
            keras.Input(shape=images.shape[1:]),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(),
            keras.layers.Flatten(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(2),
        ]
    )
    regressor.compile(optimizer=keras.optimizers.Adam(2e-3), loss=gaussian_nll_loss)
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    regressor.fit(
        images, (magnitudes - 20)[:, None], epochs=12, batch_size=64, validation_split=0.2, callbacks=[stop], verbose=0
    )
    return regressor


def rms_advantage(network_error: np.ndarray, aperture_error: np.ndarray) -> float:
    """The aperture magnitude's rms error minus the network's, on the same objects."""
    return float(np.sqrt(np.mean(aperture_error**2)) - np.sqrt(np.mean(network_error**2)))


def photon_noise_limit(clean_r: np.ndarray, magnitude: np.ndarray) -> np.ndarray:
    """The r-magnitude error of the best unbiased flux from an object's r pixels, its profile known exactly."""
    flux = 10 ** (-0.4 * (magnitude - ZERO_POINT))
    variance = np.clip(clean_r, 0, None) + sky_noise("r")[0] ** 2
    information = np.sum((clean_r / flux[:, None, None]) ** 2 / variance, axis=(1, 2))
    return 2.5 / np.log(10) / (flux * np.sqrt(information))


def regression_rows(seed: int) -> list[Row]:
    """The magnitude regressor: coverage overall, at r = 17–18 and for its spirals, biases and the faint end."""
    images, _, magnitudes, _ = magnitude_data(3000, seed=21)
    images_test, classes, true, aperture = magnitude_data(1000, seed=22)
    outputs = predict_in_batches(trained_regressor(images, magnitudes, seed), images_test)
    error, sigma = outputs[:, 0] + 20 - true, np.exp(outputs[:, 1])
    within = np.abs(error / sigma) < 1
    # the notebook's bins: a few objects' r magnitudes fall outside 17–23
    bright, faint, faintest = ((true >= low) & (true < high) for low, high in ((17, 18), (22, 23), (22.5, 23)))
    bright_spirals = bright & (classes == SPIRAL)
    clean_r = make_galaxies(1000, seed=22, bands="r", magnitudes=(17.0, 23.0), noise=False)[0][..., 0]
    limit = photon_noise_limit(clean_r, true)
    edge = bootstrap(rms_advantage, error[faint], (aperture - true)[faint], seed=seed)
    return [
        (
            "regressor: within ±1σ, all / r 17–18 / r 17–18 spirals",
            f"{np.mean(within):.2f} / {np.mean(within[bright]):.2f} / {np.mean(within[bright_spirals]):.2f}",
        ),
        ("regressor: rank correlation of σ with the size of the error", f"{spearmanr(sigma, np.abs(error))[0]:.2f}"),
        (
            "regressor: r 17–18 rms error / median photon-noise limit",
            f"{np.sqrt(np.mean(error[bright] ** 2)) / np.median(limit[bright]):.0f}",
        ),
        (
            "regressor: mean error at r 22–23 / 22.5–23",
            f"{np.mean(error[faint]):+.3f} / {np.mean(error[faintest]):+.3f}",
        ),
        ("r 22–23: aperture rms − network rms (95 % interval)", interval(edge)),
    ]


def empty_and_xdf_rows(cnn, p_test: np.ndarray, seed: int) -> list[Row]:
    """Simulated empty sky, and the XDF's sources: their classes, confidence and feature-space neighbours."""
    sky_counts, _, _ = make_galaxies(500, seed=seed, magnitudes=(30.0, 30.0))
    p_empty = predict_in_batches(cnn, stretch(sky_counts / sky_noise()))
    field, sources, _ = hubble_sources()
    stamps = stretch(cut_stamps(field, sources.x, sources.y))
    p_real = predict_in_batches(cnn, stamps)
    embed = keras.Model(cnn.input, cnn.get_layer("features").output)
    features = predict_in_batches(embed, stamps)
    query = int(np.argmin(np.hypot(sources.x - 62, sources.y - 200)))
    nearest = np.argsort(np.linalg.norm(features - features[query], axis=1))[1:8]
    return [
        ("simulated empty sky: share called edge-on discs", f"{np.mean(np.argmax(p_empty, axis=1) == EDGE_ON):.2f}"),
        ("XDF sources: share called edge-on discs", f"{np.mean(np.argmax(p_real, axis=1) == EDGE_ON):.2f}"),
        ("XDF sources: mean confidence − test set's", f"{mean_confidence(p_real) - mean_confidence(p_test):+.3f}"),
        (
            "XDF: brightness ranks of the brightest source's 7 nearest neighbours",
            ", ".join(str(i + 1) for i in nearest),
        ),
        ("XDF: all 7 among the 5 % brightest", str(bool(np.all(nearest < 0.05 * len(sources.x))))),
    ]


def study(seed: int) -> list[Row]:
    """Everything measured for one training seed, as (quantity, value) rows."""
    setup(seed)
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = sky_splits(n_train=4000, n_validation=1000, n_test=2000)
    cnn, _ = train_classifier(small_cnn, x_train, y_train, x_val, y_val, seed=seed)
    logits_of = logits_function(cnn)
    p_test = predict_in_batches(cnn, x_test)
    rows = calibration_rows(logits_of, x_val, y_val, x_test, y_test, seed)
    rows += shift_rows(cnn, logits_of, p_test, y_test, seed)
    rows += seeing_sweep_rows(cnn)
    rows += empty_and_xdf_rows(cnn, p_test, seed)
    rows += wide_rows(cnn, x_test, y_test, seed)
    rows += regression_rows(seed)
    keras.backend.clear_session()
    return rows


def spread_cell(values: list[str]) -> str:
    """dl101.metrics.spread of a row's values over the seeds, where every value is one number."""
    try:
        numbers = [float(value) for value in values]
    except ValueError:
        return ""
    if len(numbers) < 2:
        return ""
    result = spread(numbers)
    return f"{result.mean:.3f} ± {result.std:.3f} ({result.low:g} to {result.high:g})"


def report(seeds: list[int], results: list[list[Row]]) -> str:
    """The Markdown report: header, machine, command and one row per quantity, one column per seed."""
    lines = report_header("Notebook 09 over training seeds", "seed_study_09.py")
    lines += [
        "## Results",
        "",
        f"Command: `python tools/seed_study_09.py --seeds {' '.join(map(str, seeds))}`. Seed 0 is the notebook's own "
        "run. Spread: mean ± standard deviation (lowest to highest) over the seeds, dl101.metrics.spread, for rows "
        "of one number. Intervals: 95 %, 1,000 paired bootstrap draws of the test objects (200 of the validation "
        "set for T).",
        "",
        "| quantity | " + " | ".join(f"seed {seed}" for seed in seeds) + " | spread |",
        "|---|" + "---:|" * (len(seeds) + 1),
    ]
    for index, (quantity, _) in enumerate(results[0]):
        values = [str(rows[index][1]) for rows in results]
        lines.append(f"| {quantity} | " + " | ".join(values) + f" | {spread_cell(values)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run the study for the seeds asked and write its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3], help="training seeds (default 0 1 2 3)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the Markdown report to write")
    args = parser.parse_args(argv)
    results = []
    for seed in args.seeds:
        results.append(study(seed))
        print(f"seed {seed}:", *(f"  {quantity}: {value}" for quantity, value in results[-1]), sep="\n", flush=True)
    args.output.write_text(report(args.seeds, results), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    sys.exit(main())
