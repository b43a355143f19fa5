"""Small generated data sets: 2-D classification sets, star–galaxy and star–quasar catalogues, a rotation curve.

Every ``make_*(n, noise, seed)`` returns NumPy arrays ``(X, y)``: ``X`` of shape ``(n, 2)``
(``(n, 1)`` for 1-D regression), float64, and ``y`` of shape ``(n,)``: integer class labels
for classification sets, floats for regression. The star–galaxy catalogue also comes with the
probability that an object is a galaxy given its features, from the simulator's own densities
(:func:`star_galaxy_posterior`): the best that any classifier of those features can do.
"""

from __future__ import annotations

import numpy as np

STAR_GALAXY_CLASSES = ("star", "galaxy")
STAR_GALAXY_FEATURES = ("r-band magnitude", "PSF − model magnitude")
# The star–galaxy simulator's recipe, read by make_star_galaxy (to draw objects) and star_galaxy_posterior (as
# densities), so that the two cannot disagree.
GALAXY_FRACTION = 0.55  # of all objects
MAGNITUDE_RANGE = (16.0, 22.0)  # r-band, from the brightest objects to the faintest
GALAXY_COUNT_POWER = 2.5  # a galaxy has r = 22 − 6 u ** 2.5 for u uniform over 0 to 1: counts rise towards 22
SIZE_AT_BRIGHT_END = 0.9  # mag: the median PSF − model of a galaxy of r = 16
SIZE_FALL = 0.35  # per mag: the median size shrinks as exp(−0.35 (r − 16)), fainter galaxies being smaller
SIZE_SCATTER = 0.4  # the spread of the natural log of sizes around their median (a lognormal)
ERROR_FLOOR = 0.01  # mag: the measurement error of PSF − model for a bright object, at noise 1
ERROR_AT_FAINT_END = 0.25  # mag: the error added at r = 22; it scales with 1 / flux, as 10 ** (0.4 (r − 22))
QUADRATURE_NODES = 40  # Gauss–Hermite nodes that average over galaxy sizes: far more than the posterior needs
STAR_QUASAR_CLASSES = ("star", "quasar")
STAR_QUASAR_FEATURES = ("u − g", "g − r")


def _check_size(n: int, noise: float) -> None:
    if not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"expected n, the number of examples, to be an integer >= 2, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"expected noise to be a finite number >= 0, got {noise!r}")


def _shuffled(X: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    order = rng.permutation(len(y))
    return X[order], y[order]


def _split_in_two(n: int) -> tuple[int, int]:
    """Sizes of two classes that add up to n."""
    return n - n // 2, n // 2


def make_blobs(n: int = 200, noise: float = 1.0, seed: int = 0, n_classes: int = 2):
    """Gaussian clouds of standard deviation ``noise``, one per class, centred on a circle of radius 2."""
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % n_classes
    angles = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 4
    centres = 2.0 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    X = centres[y] + noise * rng.standard_normal((n, 2))
    return _shuffled(X, y, rng)


def make_xor(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Points in the square [-1, 1]²; class 1 where x₁·x₂ < 0. Not linearly separable."""
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    # Keep a gap of 0.1 around the axes so that with noise=0 the classes are cleanly apart.
    X = rng.uniform(0.1, 1.0, (n, 2)) * rng.choice([-1.0, 1.0], (n, 2))
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return X + noise * rng.standard_normal((n, 2)), y


def make_moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaving half circles of radius 1."""
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _split_in_two(n)
    t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(X, y, rng)


def make_circles(n: int = 200, noise: float = 0.05, seed: int = 0):
    """A disc of radius 0.5 (class 1) inside a ring between radii 0.7 and 1 (class 0)."""
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _split_in_two(n)
    radius = np.concatenate([rng.uniform(0.7, 1.0, n0), 0.5 * np.sqrt(rng.uniform(0, 1, n1))])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    y = np.repeat([0, 1], [n0, n1])
    return _shuffled(X + noise * rng.standard_normal((n, 2)), y, rng)


def make_spirals(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaved spiral arms, each making one and a half turns."""
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _split_in_two(n)
    y = np.repeat([0, 1], [n0, n1])
    t = np.sqrt(rng.uniform(0, 1, n)) * 3 * np.pi  # denser sampling at large radius
    angle = t + np.pi * y
    X = (t / (3 * np.pi))[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return _shuffled(X + noise * rng.standard_normal((n, 2)), y, rng)


def rotation_curve(radius_kpc: np.ndarray) -> np.ndarray:
    """Circular velocity (km/s) of a toy disc galaxy: a rising inner part, a bulge bump, a flat outer part."""
    r = np.asarray(radius_kpc, dtype=float)
    disc = 200.0 * (1 - np.exp(-r / 2.0))
    bulge = 60.0 * (r / 0.8) * np.exp(1 - r / 0.8)
    return disc + bulge


def make_regression_1d(n: int = 30, noise: float = 15.0, seed: int = 0):
    """Noisy measurements of :func:`rotation_curve`: radius (kpc) of shape (n, 1), velocity (km/s) of shape (n,).

    ``noise`` is the standard deviation of the Gaussian measurement error in km/s.
    """
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    r = rng.uniform(0.2, 15.0, n)
    v = rotation_curve(r) + noise * rng.standard_normal(n)
    return r[:, None], v


def make_star_galaxy(n: int = 1000, noise: float = 1.0, seed: int = 0):
    """Stars and galaxies from a toy imaging survey, described by two catalogue features.

    Features: r-band magnitude (16 to 22) and the difference between the PSF magnitude and the
    model magnitude. A star is a point source, so both magnitudes agree (difference 0); a galaxy
    is extended, so the PSF magnitude misses light (difference > 0), less so for faint galaxies,
    which are smaller on the sky. Measurement errors grow towards faint magnitudes, scaled by
    ``noise``, so faint stars and galaxies overlap. Galaxies outnumber stars at faint magnitudes,
    as in real number counts. Labels: 0 = star, 1 = galaxy (see ``STAR_GALAXY_CLASSES``).
    """
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    bright, faint = MAGNITUDE_RANGE
    y = (rng.uniform(0, 1, n) < GALAXY_FRACTION).astype(np.int64)
    # Stars are spread evenly in magnitude; galaxy counts rise steeply towards faint magnitudes.
    star_mag = rng.uniform(bright, faint, n)
    galaxy_mag = faint - (faint - bright) * rng.uniform(0, 1, n) ** GALAXY_COUNT_POWER
    mag = np.where(y == 1, galaxy_mag, star_mag)
    size = _median_size(mag) * rng.lognormal(0.0, SIZE_SCATTER, n)
    concentration = np.where(y == 1, size, 0.0) + _measurement_error(mag, noise) * rng.standard_normal(n)
    return np.stack([mag, concentration], axis=1), y


def _median_size(mag: np.ndarray) -> np.ndarray:
    """The median PSF − model (mag) of galaxies of r-band magnitude ``mag``."""
    return SIZE_AT_BRIGHT_END * np.exp(-SIZE_FALL * (mag - MAGNITUDE_RANGE[0]))


def _measurement_error(mag: np.ndarray, noise: float) -> np.ndarray:
    """The standard deviation (mag) of the Gaussian error on PSF − model, the same for stars and galaxies."""
    return noise * (ERROR_FLOOR + ERROR_AT_FAINT_END * 10 ** (0.4 * (mag - MAGNITUDE_RANGE[1])))


def _log_gaussian(x: np.ndarray, mean: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """The log of the normal probability density of mean ``mean`` and standard deviation ``sigma`` at ``x``."""
    return -0.5 * ((x - mean) / sigma) ** 2 - np.log(sigma * np.sqrt(2 * np.pi))


def star_galaxy_posterior(X: np.ndarray, noise: float = 1.0) -> np.ndarray:
    """P(galaxy | r, PSF − model) for each object of ``X`` (n, 2), from the densities ``make_star_galaxy`` draws from.

    Bayes' rule, P(galaxy | x) = P(galaxy) p(x | galaxy) / [P(galaxy) p(x | galaxy) + P(star) p(x | star)],
    with ``make_star_galaxy``'s recipe as densities at the same ``noise``: a star's r is uniform over 16
    to 22 and its PSF − model is the measurement error alone, a Gaussian around 0; a galaxy's r piles up
    towards 22, and its PSF − model is its lognormal size plus that error, so p(x | galaxy) averages the
    Gaussian over the sizes (Gauss–Hermite quadrature). Predicting a galaxy where the probability is above
    0.5 is the Bayes classifier: no classifier of these two features can expect a higher accuracy.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or not np.isfinite(X).all():
        raise ValueError(f"expected finite objects of shape (n, 2): r magnitude, PSF − model; got shape {X.shape}")
    bright, faint = MAGNITUDE_RANGE
    r, psf_minus_model = X[:, 0], X[:, 1]
    if np.any((r < bright) | (r > faint)):
        raise ValueError(f"expected r magnitudes from {bright:g} to {faint:g}, where the simulator puts every object")
    if not np.isfinite(noise) or noise <= 0:
        raise ValueError(f"expected noise, the scale of the measurement errors, a finite number > 0, got {noise!r}")
    error = _measurement_error(r, noise)
    # In logs: far from both classes (a bright object with a large PSF − model) both densities underflow to 0.
    log_star = np.log((1 - GALAXY_FRACTION) / (faint - bright)) + _log_gaussian(psf_minus_model, 0.0, error)
    # r = 22 − 6 s with s = u ** 2.5: s has the density s ** (1 / 2.5 − 1) / 2.5, endless at s = 0 (r = 22).
    s = np.clip((faint - r) / (faint - bright), 1e-9, 1.0)
    galaxy_r = s ** (1 / GALAXY_COUNT_POWER - 1) / GALAXY_COUNT_POWER / (faint - bright)
    t, weights = np.polynomial.hermite_e.hermegauss(QUADRATURE_NODES)  # a standard normal t: size = median · e^(σt)
    size = _median_size(r)[:, None] * np.exp(SIZE_SCATTER * t)
    terms = _log_gaussian(psf_minus_model[:, None], size, error[:, None]) + np.log(weights / weights.sum())
    largest = terms.max(axis=1)
    log_error_given_size = largest + np.log(np.exp(terms - largest[:, None]).sum(axis=1))  # log of the average
    log_galaxy = np.log(GALAXY_FRACTION * galaxy_r) + log_error_given_size
    return np.exp(log_galaxy - np.logaddexp(log_galaxy, log_star))


def make_star_quasar(n: int = 200, noise: float = 0.03, seed: int = 0):
    """Stars and low-redshift quasars in the u − g, g − r colour–colour plane, separable by a straight line.

    Stars lie along the stellar locus, from blue F stars (u − g ≈ 0.8, g − r ≈ 0.15) to red M
    dwarfs (u − g ≈ 2.35, g − r ≈ 1.4), with a narrow scatter across it. Quasars below redshift
    about 2 are bright in the ultraviolet, so they sit at blue u − g (−0.15 to 0.55, around 0.2)
    and g − r (−0.15 to 0.5). Without noise, every quasar has u − g ≤ 0.55 and every star
    u − g ≥ 0.7: a gap of 0.15 mag. ``noise`` is the photometric error of each colour in mag
    (Gaussian); at the default 0.03 mag the classes stay linearly separable. Half the objects
    are quasars.
    Labels: 0 = star, 1 = quasar (see ``STAR_QUASAR_CLASSES``).
    """
    _check_size(n, noise)
    rng = np.random.default_rng(seed)
    n_stars, n_quasars = _split_in_two(n)
    # Beta(3, 3) draws are bounded, and thin out towards their bounds: the gap between the classes stays clean.
    along = rng.uniform(0, 1, n_stars)  # position along the locus, from its blue end to its red end
    across = 0.2 * rng.beta(3, 3, n_stars) - 0.1
    stars = np.stack([0.8 + 1.55 * along + across, 0.15 + 1.25 * along - 0.6 * across], axis=1)
    quasars = np.stack([0.7 * rng.beta(3, 3, n_quasars) - 0.15, 0.65 * rng.beta(3, 3, n_quasars) - 0.15], axis=1)
    X = np.concatenate([stars, quasars]) + noise * rng.standard_normal((n, 2))
    y = np.repeat([0, 1], [n_stars, n_quasars])
    return _shuffled(X, y, rng)
