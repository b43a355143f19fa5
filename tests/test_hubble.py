"""The real sky: the XDF in noise units, source detection on images with known sources, stamps, errors."""

import numpy as np
import pytest

from dl101.data import cut_stamps, detect_sources, hubble_deep_field, hubble_sources, normalise, sky, stretch


def blobs(positions, peaks, sigma=2.0, shape=(80, 100), channels=3, seed=0):
    """Gaussian sources at (x, y) positions with the given peaks, on unit Gaussian noise, in every channel."""
    rows, columns = np.indices(shape)
    image = np.random.default_rng(seed).normal(size=(*shape, channels))
    for (x, y), peak in zip(positions, peaks, strict=True):
        image += (peak * np.exp(-((columns - x) ** 2 + (rows - y) ** 2) / (2 * sigma**2)))[..., None]
    return image.astype(np.float32)


def test_the_field_is_in_units_of_its_background_noise_with_blue_first():
    from skimage.data import hubble_deep_field as xdf_rgb

    field = hubble_deep_field()
    assert field.shape == (872, 1000, 3) and field.dtype == np.float32
    np.testing.assert_allclose(np.median(field, axis=(0, 1)), 0, atol=1e-6)
    spread = 1.4826 * np.median(np.abs(field), axis=(0, 1))
    np.testing.assert_allclose(spread, 1, rtol=1e-5)
    raw = xdf_rgb().astype(np.float32)
    # blue, green, red: each channel a positive linear function of the JPEG's blue, green, red
    for channel, jpeg_channel in zip(range(3), (2, 1, 0), strict=True):
        assert np.corrcoef(field[..., channel].ravel(), raw[..., jpeg_channel].ravel())[0, 1] > 0.999


def test_binning_averages_blocks():
    binned = hubble_deep_field(binning=2)
    assert binned.shape == (436, 500, 3)
    assert hubble_deep_field(binning=3).shape == (290, 333, 3)
    with pytest.raises(ValueError, match="binning"):
        hubble_deep_field(binning=0)


def test_detection_finds_known_sources_brightest_first_with_their_centroids():
    positions = [(30.0, 40.0), (70.3, 20.6), (75.0, 60.0)]
    image = blobs(positions, peaks=[20.0, 60.0, 10.0])
    segments, sources = detect_sources(image)
    assert len(sources.x) == 3
    assert np.all(np.diff(sources.signal) <= 0)
    found = np.column_stack([sources.x, sources.y])
    np.testing.assert_allclose(found, np.array(positions)[[1, 0, 2]], atol=0.3)
    assert segments.shape == image.shape[:2] and segments.dtype == np.int32
    for label, area, (top, left, bottom, right) in zip(sources.label, sources.area, sources.box, strict=True):
        pixels = np.argwhere(segments == label)
        assert len(pixels) == area
        assert (pixels.min(axis=0) == (top, left)).all() and (pixels.max(axis=0) + 1 == (bottom, right)).all()
    assert set(np.unique(segments)) == {0, *sources.label}


def test_detection_keeps_only_segments_of_min_area_and_joins_touching_sources():
    image = blobs([(50.0, 40.0)], peaks=[30.0])
    image[10, 10] += 500.0  # one hot pixel, smoothed to a few dozen pixels above the threshold
    small = detect_sources(image)[1].area.min()
    assert len(detect_sources(image, min_area=small)[1].x) == 2
    assert len(detect_sources(image, min_area=small + 1)[1].x) == 1
    touching = blobs([(45.0, 40.0), (52.0, 40.0)], peaks=[30.0, 30.0])
    assert len(detect_sources(touching)[1].x) == 1  # no deblending


def test_a_higher_threshold_finds_fewer_pixels():
    image = blobs([(30.0, 40.0), (70.0, 20.0)], peaks=[8.0, 40.0])
    low, high = detect_sources(image, threshold=2.0)[0], detect_sources(image, threshold=10.0)[0]
    assert np.count_nonzero(high) < np.count_nonzero(low)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"image": np.zeros((10, 10))}, "shape"),
        ({"image": np.full((10, 10, 3), np.nan)}, "finite"),
        ({"threshold": 0}, "threshold"),
        ({"threshold": "three"}, "threshold"),
        ({"min_area": 0}, "min_area"),
        ({"min_area": 2.5}, "min_area"),
        ({"smoothing": -1}, "smoothing"),
    ],
)
def test_detection_rejects_bad_input_clearly(arguments, message):
    arguments = {"image": blobs([(30.0, 40.0)], peaks=[20.0]), **arguments}
    with pytest.raises(ValueError, match=message):
        detect_sources(**arguments)


def test_stamps_are_centred_on_the_rounded_position():
    image = np.arange(60 * 70 * 2, dtype=np.float32).reshape(60, 70, 2)
    stamps = cut_stamps(image, x=[20.4, 40.6], y=[30.0, 25.5], size=16)
    assert stamps.shape == (2, 16, 16, 2)
    np.testing.assert_array_equal(stamps[0, 8, 8], image[30, 20])
    np.testing.assert_array_equal(stamps[1, 8, 8], image[26, 41])


def test_stamps_off_the_edge_and_mismatched_positions_are_refused():
    image = np.zeros((40, 40, 3))
    with pytest.raises(ValueError, match="1 of 2 positions are too close to the edge"):
        cut_stamps(image, x=[20, 5], y=[20, 20], size=16)
    with pytest.raises(ValueError, match="same length"):
        cut_stamps(image, x=[20, 21], y=[20], size=16)
    with pytest.raises(ValueError, match="finite"):
        cut_stamps(image, x=[np.nan], y=[20], size=16)


def test_the_xdf_sources_fit_their_stamps_and_make_network_input():
    field, sources, segments = hubble_sources()
    assert field.shape == (436, 500, 3) and segments.shape == field.shape[:2]
    assert len(sources.x) > 300
    assert np.all(np.diff(sources.signal) <= 0)
    top, left = np.round(sources.y).astype(int) - 16, np.round(sources.x).astype(int) - 16
    assert np.all((top <= sources.box[:, 0]) & (sources.box[:, 2] <= top + 32))
    assert np.all((left <= sources.box[:, 1]) & (sources.box[:, 3] <= left + 32))
    stamps = stretch(cut_stamps(field, sources.x, sources.y))
    assert stamps.shape == (len(sources.x), 32, 32, 3) and np.all(np.isfinite(stamps))


def test_stretch_is_the_arcsinh_of_normalise():
    counts = np.random.default_rng(3).normal(0, 50, size=(4, 8, 8, 3)).astype(np.float32)
    np.testing.assert_allclose(stretch(counts / sky.sky_noise("gri")), normalise(counts), rtol=1e-6)
    np.testing.assert_allclose(stretch(np.array([0.0, 3.0])), np.arcsinh([0.0, 3.0]) / 3, rtol=1e-6)
