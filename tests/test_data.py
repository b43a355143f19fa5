"""The toy data sets: shapes, determinism, input validation, and the property each one is for."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from dl101 import data

CLASSIFICATION_SETS = [data.make_blobs, data.make_xor, data.make_moons, data.make_circles, data.make_spirals]
ALL_SETS = [*CLASSIFICATION_SETS, data.make_regression_1d, data.make_star_galaxy]


@pytest.mark.parametrize("make", ALL_SETS)
def test_shapes_and_types(make):
    X, y = make(n=51, noise=0.1, seed=3)
    assert X.dtype == np.float64 and X.ndim == 2 and len(X) == 51
    assert y.shape == (51,)
    assert np.isfinite(X).all() and np.isfinite(y).all()


@pytest.mark.parametrize("make", ALL_SETS)
def test_same_seed_same_data_other_seed_other_data(make):
    first, again, other = make(n=40, seed=1), make(n=40, seed=1), make(n=40, seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize("make", ALL_SETS)
@pytest.mark.parametrize(("n", "noise"), [(1, 0.1), (10.5, 0.1), (10, -1.0), (10, float("nan"))])
def test_bad_arguments_say_what_was_expected(make, n, noise):
    with pytest.raises(ValueError, match="expected"):
        make(n=n, noise=noise)


@pytest.mark.parametrize("make", CLASSIFICATION_SETS)
def test_two_balanced_classes(make):
    _, y = make(n=200)
    assert set(np.unique(y)) == {0, 1}
    assert abs(np.mean(y) - 0.5) <= 0.1


def _linear_accuracy(make) -> float:
    X, y = make(n=400, seed=0)
    return LogisticRegression().fit(X, y).score(X, y)


def test_blobs_are_linearly_separable():
    assert _linear_accuracy(lambda n, seed: data.make_blobs(n=n, noise=0.5, seed=seed)) > 0.97


@pytest.mark.parametrize("make", [data.make_xor, data.make_circles, data.make_spirals])
def test_xor_circles_spirals_are_not_linearly_separable(make):
    assert _linear_accuracy(make) < 0.75


@pytest.mark.parametrize("make", [data.make_xor, data.make_circles])
def test_without_noise_the_classes_do_not_touch(make):
    X, y = make(n=400, noise=0.0)
    if make is data.make_xor:
        assert np.all((X[:, 0] * X[:, 1] < 0) == (y == 1))
    else:
        radius = np.hypot(*X.T)
        assert radius[y == 1].max() < radius[y == 0].min()


def test_regression_follows_the_rotation_curve_within_the_noise():
    r, v = data.make_regression_1d(n=2000, noise=15.0)
    residuals = v - data.rotation_curve(r[:, 0])
    assert r.shape == (2000, 1)
    assert abs(residuals.mean()) < 2 and 13 < residuals.std() < 17


def test_rotation_curve_rises_then_flattens():
    v = data.rotation_curve(np.array([0.0, 1.0, 10.0, 15.0]))
    assert v[0] == 0 and v[1] > 100 and abs(v[3] - v[2]) < 0.1 * v[2]


def test_star_galaxy_stars_are_point_sources_and_faint_objects_overlap():
    X, y = data.make_star_galaxy(n=4000)
    stars, galaxies = X[y == 0], X[y == 1]
    assert abs(np.median(stars[:, 1])) < 0.02 and np.median(galaxies[:, 1]) > 0.1
    assert 16 <= X[:, 0].min() and X[:, 0].max() <= 22
    bright, faint = X[:, 0] < 19, X[:, 0] > 21
    separable = LogisticRegression().fit(X[bright], y[bright]).score(X[bright], y[bright])
    blended = LogisticRegression().fit(X[faint], y[faint]).score(X[faint], y[faint])
    assert separable > 0.97 and blended < 0.9
    assert np.mean(y[faint]) > np.mean(y[bright])  # galaxy counts rise towards faint magnitudes


def test_star_quasar_shapes_labels_and_balance():
    X, y = data.make_star_quasar(n=51, seed=3)
    assert X.dtype == np.float64 and X.shape == (51, 2) and np.isfinite(X).all()
    assert y.shape == (51,) and np.issubdtype(y.dtype, np.integer)
    assert np.sum(y == 1) == 25 and set(np.unique(y)) == {0, 1}
    assert data.STAR_QUASAR_CLASSES[1] == "quasar" and len(data.STAR_QUASAR_FEATURES) == 2


def test_star_quasar_is_reproducible():
    first, again, other = data.make_star_quasar(seed=1), data.make_star_quasar(seed=1), data.make_star_quasar(seed=2)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])


@pytest.mark.parametrize(("n", "noise"), [(1, 0.03), (10.5, 0.03), (10, -0.1), (10, float("inf"))])
def test_star_quasar_bad_arguments_say_what_was_expected(n, noise):
    with pytest.raises(ValueError, match="expected"):
        data.make_star_quasar(n=n, noise=noise)


def test_star_quasar_without_noise_has_the_ultraviolet_excess_gap():
    X, y = data.make_star_quasar(n=4000, noise=0.0)
    assert X[y == 1, 0].max() <= 0.55 and X[y == 0, 0].min() >= 0.7
    stars = X[y == 0]
    assert np.corrcoef(stars[:, 0], stars[:, 1])[0, 1] > 0.95  # the stellar locus: redder in both colours


@pytest.mark.parametrize("seed", range(5))
def test_star_quasar_is_separable_with_a_clear_margin(seed):
    from sklearn.svm import SVC

    X, y = data.make_star_quasar(n=200, seed=seed)
    svm = SVC(kernel="linear", C=1e6).fit(X, y)  # a hard margin: the widest gap a line can find
    assert svm.score(X, y) == 1.0
    assert 2 / np.linalg.norm(svm.coef_) > 0.1  # the gap is wider than 0.1 mag


def test_star_quasar_stops_the_perceptron_rule():
    X, y = data.make_star_quasar(n=200, seed=0)
    w, b = np.zeros(2), 0.0
    for _ in range(50):
        updates = 0
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - int(x_i @ w + b > 0)
            w, b, updates = w + 0.1 * error * x_i, b + 0.1 * error, updates + abs(error)
        if updates == 0:
            break
    assert updates == 0


# The probability that an object of the star–galaxy catalogue is a galaxy, from the simulator's own densities: tested
# against what the simulator draws.


@pytest.mark.parametrize("noise", [0.5, 1.0, 2.0])
def test_star_galaxy_posterior_is_the_share_of_galaxies_among_simulated_objects_given_that_probability(noise):
    X, y = data.make_star_galaxy(n=200_000, noise=noise, seed=11)
    probability = data.star_galaxy_posterior(X, noise=noise)
    tenths = np.digitize(probability, np.linspace(0, 1, 11)[1:-1])
    for tenth in np.unique(tenths):
        chosen = tenths == tenth
        expected = probability[chosen].mean()
        standard_error = np.sqrt(expected * (1 - expected) / chosen.sum())
        assert abs(y[chosen].mean() - expected) < 4 * standard_error + 0.002, f"probabilities in tenth {tenth}"


def test_the_bayes_classifier_scores_on_notebook_01s_new_objects_the_accuracy_the_notebook_prints():
    X_new, y_new = data.make_star_galaxy(n=10_000, seed=1)
    assert round(np.mean((data.star_galaxy_posterior(X_new) > 0.5) == y_new), 3) == 0.912


def test_no_classifier_trained_on_plenty_of_objects_beats_the_bayes_classifier():
    from sklearn.neighbors import KNeighborsClassifier

    X_train, y_train = data.make_star_galaxy(n=20_000, seed=12)
    X_test, y_test = data.make_star_galaxy(n=20_000, seed=13)
    neighbours = KNeighborsClassifier(50).fit(X_train, y_train).predict(X_test) == y_test
    bayes = (data.star_galaxy_posterior(X_test) > 0.5) == y_test
    assert bayes.mean() > neighbours.mean()


@pytest.mark.parametrize(
    ("X", "noise", "message"),
    [
        (np.zeros((3, 3)), 1.0, r"shape \(n, 2\)"),
        (np.array([[18.0, np.nan]]), 1.0, r"finite"),
        (np.array([[15.0, 0.0]]), 1.0, "from 16 to 22"),
        (np.array([[18.0, 0.0]]), 0.0, "noise"),
    ],
)
def test_star_galaxy_posterior_says_what_it_expected(X, noise, message):
    with pytest.raises(ValueError, match=message):
        data.star_galaxy_posterior(X, noise=noise)
