"""The simulated sky: shapes, determinism, argument checks, and the physics visible in the pixels."""

import hashlib
import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dl101.data import GALAXY_CLASSES, make_galaxies, normalise, sky, sky_splits
from dl101.plotting import plot_galaxies

ELLIPTICAL, SPIRAL, EDGE_ON, STAR = (
    GALAXY_CLASSES.index(name) for name in ("elliptical", "spiral", "edge-on disc", "star")
)


@pytest.fixture(scope="module")
def clean():
    """Noise-free g, r, i images of 600 objects with their truth."""
    return make_galaxies(600, seed=11, noise=False, return_truth=True)


@pytest.fixture(scope="module")
def noisy():
    """The same objects with noise."""
    return make_galaxies(600, seed=11, return_truth=True)


def colour(images: np.ndarray, first: int, second: int) -> np.ndarray:
    """Colour (mag) between two bands from the total counts in each image."""
    flux = images.sum(axis=(1, 2))
    return -2.5 * np.log10(flux[:, first] / flux[:, second])


def moments(images: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Second moments (pixels²) of the light about its centroid: I_xx, I_yy, I_xy, one per image."""
    y, x = np.mgrid[: images.shape[1], : images.shape[2]]
    weight = images / images.sum(axis=(1, 2), keepdims=True)
    xc, yc = (weight * x).sum(axis=(1, 2)), (weight * y).sum(axis=(1, 2))
    dx, dy = x - xc[:, None, None], y - yc[:, None, None]
    return (weight * dx**2).sum(axis=(1, 2)), (weight * dy**2).sum(axis=(1, 2)), (weight * dx * dy).sum(axis=(1, 2))


def axis_ratio_and_angle(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Axis ratio and position angle (degrees from +x towards +y) of the second-moment ellipse."""
    ixx, iyy, ixy = moments(images)
    half_trace, spread = (ixx + iyy) / 2, np.hypot((ixx - iyy) / 2, ixy)
    angle = np.degrees(0.5 * np.arctan2(2 * ixy, ixx - iyy)) % 180
    return np.sqrt((half_trace - spread) / (half_trace + spread)), angle


# Shapes, types, balance.


def test_shapes_types_and_class_names():
    images, labels, names, truth = make_galaxies(21, size=40, bands="ugriz", seed=2, return_truth=True)
    assert images.shape == (21, 40, 40, 5) and images.dtype == np.float32
    assert labels.shape == (21,) and labels.dtype == np.int64
    assert names == GALAXY_CLASSES and len(names) >= 4
    assert np.isfinite(images).all()
    assert set(truth) >= {"flux", "magnitude", "half_light_radius", "axis_ratio", "position_angle", "psf_fwhm"}
    assert truth["flux"].shape == (21, 5) and all(value.dtype == np.float32 for value in truth.values())
    assert all(value.shape[0] == 21 for value in truth.values())


def test_classes_are_balanced_and_shuffled():
    _, labels, names = make_galaxies(103, noise=False)
    counts = np.bincount(labels, minlength=len(names))
    assert counts.max() - counts.min() <= 1
    assert not np.array_equal(labels, np.sort(labels))


def test_noise_free_images_are_non_negative_and_noisy_ones_scatter_around_them(clean, noisy):
    assert clean[0].min() >= -1e-3 * clean[0].max()
    residual = noisy[0] - clean[0]
    assert residual.min() < 0 < residual.max()
    assert np.abs(residual.mean()) < 0.05 * residual.std()


def test_truth_ranges(clean):
    _, labels, _, truth = clean
    galaxies = labels != STAR
    assert np.all((truth["axis_ratio"] > 0) & (truth["axis_ratio"] <= 1))
    assert np.all((truth["position_angle"] >= 0) & (truth["position_angle"] < 180))
    assert np.all(truth["half_light_radius"][galaxies] > 0) and np.all(truth["half_light_radius"][~galaxies] == 0)
    offsets = np.abs(np.stack([truth["x_offset"], truth["y_offset"]]))
    assert np.all(offsets <= sky.MAX_OFFSET) and offsets.max() > 0.8 * sky.MAX_OFFSET
    assert np.all(truth["redshift"][galaxies] > 0) and np.all(truth["redshift"][~galaxies] == 0)


# Reproducibility.


def test_same_seed_same_bytes_other_seed_other_images():
    first, again, other = make_galaxies(20, seed=4), make_galaxies(20, seed=4), make_galaxies(20, seed=5)
    assert first[0].tobytes() == again[0].tobytes() and np.array_equal(first[1], again[1])
    assert not np.array_equal(first[0], other[0])


def test_chunk_size_does_not_change_the_images():
    small, small_labels, _, small_truth = make_galaxies(50, seed=6, chunk_size=3, return_truth=True)
    large, large_labels, _, large_truth = make_galaxies(50, seed=6, chunk_size=128, return_truth=True)
    assert small.tobytes() == large.tobytes() and np.array_equal(small_labels, large_labels)
    assert all(small_truth[name].tobytes() == large_truth[name].tobytes() for name in small_truth)


def test_a_band_does_not_depend_on_which_other_bands_are_made():
    gri = make_galaxies(30, bands="gri", seed=8)[0]
    r_only = make_galaxies(30, bands="r", seed=8)[0]
    assert gri[..., 1].tobytes() == r_only[..., 0].tobytes()


def test_a_fresh_process_makes_the_same_bytes():
    code = (
        "import hashlib; from dl101.data import make_galaxies; "
        "print(hashlib.sha256(make_galaxies(40, seed=9)[0].tobytes()).hexdigest())"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == hashlib.sha256(make_galaxies(40, seed=9)[0].tobytes()).hexdigest()


# Physics in the pixels.


def test_ellipticals_are_redder_than_spirals_and_bulges_redder_than_arms(clean):
    images, labels, _, _ = clean
    g_r = colour(images, 0, 1)
    assert np.median(g_r[labels == ELLIPTICAL]) > np.median(g_r[labels == SPIRAL]) + 0.2
    radius = np.hypot(*(np.mgrid[:32, :32] - 16))
    centre, outskirts = images * (radius <= 1.5)[..., None], images * ((radius > 4) & (radius < 12))[..., None]
    gradient = colour(centre, 0, 1) - colour(outskirts, 0, 1)  # > 0: redder centre
    assert np.median(gradient[labels == SPIRAL]) > 0.1
    assert np.abs(gradient[labels == ELLIPTICAL]).max() < 0.01  # one stellar population: no gradient


def test_edge_on_discs_are_elongated_along_their_position_angle(clean):
    images, labels, _, truth = clean
    q, angle = axis_ratio_and_angle(images[..., 1])
    assert np.quantile(q[labels == EDGE_ON], 0.9) < 0.6
    assert np.median(q[labels == EDGE_ON]) < np.quantile(q[labels == SPIRAL], 0.1)
    off = np.abs(angle - truth["position_angle"])[labels == EDGE_ON]
    assert np.all(np.minimum(off, 180 - off) < 5)


def test_stars_are_as_compact_as_the_psf_and_galaxies_larger(clean):
    images, labels, _, truth = clean
    ixx, iyy, _ = moments(images[..., 1])
    size = (ixx + iyy) / 2
    psf = (truth["psf_fwhm"] / (2 * np.sqrt(2 * np.log(2)))) ** 2 + 1 / 12  # Gaussian variance + pixel box
    stars = labels == STAR
    assert np.allclose(size[stars], psf[stars], rtol=0.01)
    assert np.all(size[~stars] > 1.1 * psf[~stars])
    assert np.all(axis_ratio_and_angle(images[stars, :, :, 1])[0] > 0.99)


def test_measured_size_follows_the_half_light_radius_blurred_by_the_psf(clean):
    images, labels, _, truth = clean
    brightest_first = -np.sort(-images[..., 1].reshape(len(images), -1), axis=1)
    pixels_for_half = (np.cumsum(brightest_first, axis=1) < 0.5 * truth["flux"][:, 1:2]).sum(axis=1) + 1
    measured = pixels_for_half / np.pi  # radius² of the circle with the same area as the half-light isophote
    # Blurring adds sizes in quadrature, roughly; an ellipse of semi-major axis a has the area of a circle of a·√q.
    expected = truth["half_light_radius"] ** 2 * truth["axis_ratio"] + (truth["psf_fwhm"] / 2) ** 2
    for label in (ELLIPTICAL, SPIRAL):
        assert np.corrcoef(measured[labels == label], expected[labels == label])[0, 1] > 0.98


def test_flux_scale_and_zero_point(clean):
    images, labels, _, truth = clean
    stars = labels == STAR
    total = images.sum(axis=(1, 2))
    assert np.allclose(total[stars], truth["flux"][stars], rtol=1e-3)
    assert np.allclose(truth["magnitude"], sky.ZERO_POINT - 2.5 * np.log10(truth["flux"]), atol=1e-4)
    r_mag = truth["magnitude"][:, 1]
    assert 17 <= r_mag[labels != EDGE_ON].min() and r_mag[labels != EDGE_ON].max() <= 21.5
    assert np.all(total[~stars] <= 1.001 * truth["flux"][~stars])  # the stamp misses only far wings


def test_noise_matches_poisson_and_read_noise(clean, noisy):
    model, residual = clean[0], noisy[0] - clean[0]
    sky_level = 10 ** (-0.4 * (np.array([sky.SKY_MAG[b] for b in "gri"]) - sky.ZERO_POINT)) * sky.PIXEL_SCALE**2
    expected = np.sqrt(sky_level + sky.READ_NOISE**2)
    assert np.allclose(sky.sky_noise("gri"), expected)
    for b in range(3):
        empty = model[..., b] < 0.01 * expected[b]
        assert empty.sum() > 100_000
        assert residual[..., b][empty].std() == pytest.approx(expected[b], rel=0.02)
        bright = model[..., b] > 3 * sky_level[b]  # where the object adds much Poisson noise
        pulls = residual[..., b][bright] / np.sqrt(model[..., b][bright] + sky_level[b] + sky.READ_NOISE**2)
        assert bright.sum() > 1000 and pulls.std() == pytest.approx(1.0, rel=0.05)


# The Gaussian mixtures follow the Sérsic laws they stand for.


@pytest.mark.parametrize(
    ("variance", "fraction", "index"),
    [(sky.DEV_VARIANCE, sky.DEV_FRACTION, 4), (sky.EXP_VARIANCE, sky.EXP_FRACTION, 1)],
)
def test_mixtures_follow_their_sersic_law_and_half_light_radius(variance, fraction, index):
    radius = np.linspace(0.2, 2.5, 50)
    profile = (fraction / (2 * np.pi * variance) * np.exp(-(radius[:, None] ** 2) / (2 * variance))).sum(axis=1)
    # A Sérsic profile is a straight line in ln I against r^(1/n); a wrong index bends it.
    straight = np.corrcoef(radius ** (1 / index), np.log(profile))[0, 1]
    other = np.corrcoef(radius ** (1 / (5 - index)), np.log(profile))[0, 1]
    assert straight < -0.999 and other > -0.99
    enclosed = (fraction * -np.expm1(-1 / (2 * variance))).sum() / fraction.sum()
    assert enclosed == pytest.approx(0.5, abs=0.005)


# Argument checks.


@pytest.mark.parametrize(
    "arguments",
    [
        {"n": 0},
        {"n": 2.5},
        {"n": True},
        {"n": "10"},
        {"n": 4, "size": 8},
        {"n": 4, "size": 32.0},
        {"n": 4, "bands": ""},
        {"n": 4, "bands": "gry"},
        {"n": 4, "bands": "gg"},
        {"n": 4, "bands": "GRI"},
        {"n": 4, "bands": ["g", "r"]},
        {"n": 4, "seed": -1},
        {"n": 4, "seed": None},
        {"n": 4, "seed": 1.5},
        {"n": 4, "chunk_size": 0},
        {"n": 4, "seeing": (1.0, 0.6)},
        {"n": 4, "seeing": (0.0, 1.0)},
        {"n": 4, "seeing": 1.0},
        {"n": 4, "seeing": ("good", "bad")},
        {"n": 4, "magnitudes": (21.0, float("nan"))},
        {"n": 4, "magnitudes": (17.0, 19.0, 21.0)},
        {"n": 4, "magnitudes": (-5.0, 21.0)},
    ],
)
def test_bad_arguments_say_what_was_expected(arguments):
    with pytest.raises(ValueError, match="expected"):
        make_galaxies(**arguments)


# Survey conditions: seeing and depth.


def test_the_default_conditions_are_the_documented_ranges():
    documented = make_galaxies(40, seed=9, seeing=(0.6, 1.0), magnitudes=(17.0, 21.5))[0]
    assert documented.tobytes() == make_galaxies(40, seed=9)[0].tobytes()


def test_seeing_and_magnitudes_set_the_ranges_of_the_truth():
    _, labels, _, truth = make_galaxies(200, seed=5, seeing=(1.2, 1.6), magnitudes=(21.0, 23.0), return_truth=True)
    fwhm_arcsec = truth["psf_fwhm"] * sky.PIXEL_SCALE
    assert 1.2 - 1e-6 <= fwhm_arcsec.min() and fwhm_arcsec.max() <= 1.6 + 1e-6 and np.ptp(fwhm_arcsec) > 0.3
    stars = labels == GALAXY_CLASSES.index("star")
    r_magnitude = truth["magnitude"][stars, 1]  # stars have no dust: their magnitude is the one drawn
    assert 21.0 - 1e-4 <= r_magnitude.min() and r_magnitude.max() <= 23.0 + 1e-4


def test_worse_seeing_gives_stars_larger_second_moments():
    good, labels, _ = make_galaxies(200, seed=3, noise=False)
    bad = make_galaxies(200, seed=3, noise=False, seeing=(1.2, 1.6))[0]
    stars = labels == GALAXY_CLASSES.index("star")
    assert np.all(second_moment(bad[stars, ..., 1]) > 1.5 * second_moment(good[stars, ..., 1]))
    # A star is the PSF: its variance per axis is (FWHM / 2.355)² plus a pixel's 1/12.
    fwhm_pixels = make_galaxies(200, seed=3, noise=False, seeing=(1.2, 1.6), return_truth=True)[3]["psf_fwhm"][stars]
    expected = 2 * ((fwhm_pixels / (2 * np.sqrt(2 * np.log(2)))) ** 2 + 1 / 12)
    np.testing.assert_allclose(second_moment(bad[stars, ..., 1]), expected, rtol=0.03)


def second_moment(images):
    """⟨x² + y²⟩ of each image's light about its centroid (pixels²)."""
    y, x = np.mgrid[: images.shape[1], : images.shape[2]]
    total = images.sum(axis=(1, 2))
    cx, cy = (images * x).sum(axis=(1, 2)) / total, (images * y).sum(axis=(1, 2)) / total
    r2 = (x - cx[:, None, None]) ** 2 + (y - cy[:, None, None]) ** 2
    return (images * r2).sum(axis=(1, 2)) / total


def test_fainter_objects_have_less_flux_and_lower_signal_to_noise():
    bright_clean, labels, _ = make_galaxies(120, seed=4, noise=False, magnitudes=(17.0, 19.0))
    faint_clean = make_galaxies(120, seed=4, noise=False, magnitudes=(21.0, 23.0))[0]
    bright, faint = (make_galaxies(120, seed=4, magnitudes=m)[0] for m in ((17.0, 19.0), (21.0, 23.0)))
    stars = labels == GALAXY_CLASSES.index("star")  # the same objects, 4 magnitudes apart: 10^1.6 in flux
    ratio = bright_clean[stars].sum(axis=(1, 2, 3)) / faint_clean[stars].sum(axis=(1, 2, 3))
    np.testing.assert_allclose(ratio, 10**1.6, rtol=0.02)

    def signal_to_noise(noisy, clean):
        noise = (noisy - clean)[..., 1].reshape(len(clean), -1)
        return clean[..., 1].sum(axis=(1, 2)) / (noise.std(axis=1) * np.sqrt(noise.shape[1]))

    assert np.all(signal_to_noise(faint, faint_clean) < signal_to_noise(bright, bright_clean))


# The example figure.


def test_plot_galaxies_shows_each_class_in_its_own_row():
    images, labels, names = make_galaxies(40, noise=False)
    fig = plot_galaxies(images, labels, names, per_class=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [name for name in names for _ in range(3)]
    plt.close(fig)
    with pytest.raises(ValueError, match="expected at least"):
        plot_galaxies(images[:5], labels[:5], names, per_class=3)


def test_normalise_puts_sky_noise_near_one_third_and_compresses_bright_cores():
    images, _, _ = make_galaxies(200, seed=21)
    scaled = normalise(images)
    assert scaled.dtype == np.float32 and scaled.shape == images.shape
    corners = scaled[:, :3, :3, :]  # mostly empty sky: noise of about 1/3 after the division by 3
    assert 0.25 < corners.std() < 0.4
    assert scaled.max() < 5 < images.max() / sky.sky_noise("gri").max()  # a bright core stays a few units


def test_normalise_refuses_images_whose_channels_do_not_match_the_bands():
    with pytest.raises(ValueError, match=r"expected images of shape \(n, height, width, 3\)"):
        normalise(np.zeros((2, 8, 8, 1)), bands="gri")


def test_sky_splits_are_reproducible_disjoint_and_normalised():
    (x_train, y_train), (x_val, y_val), (x_test, y_test) = sky_splits(40, 12, 20)
    assert x_train.shape == (40, 32, 32, 3) and y_val.shape == (12,) and x_test.shape == (20, 32, 32, 3)
    again = sky_splits(40, 12, 20)
    np.testing.assert_array_equal(again[2][0], x_test)
    assert not np.array_equal(x_train[:12], x_val)  # each split has its own seed
    raw_test, labels, _ = make_galaxies(20, seed=sky.SPLIT_SEEDS["test"])
    np.testing.assert_array_equal(normalise(raw_test), x_test)
    np.testing.assert_array_equal(labels, y_test)
