"""The real sky, offline: sources found in Hubble's eXtreme Deep Field and cut out as network-ready stamps.

scikit-image ships the colour image of the Hubble eXtreme Deep Field (XDF, NASA/ESA, released in
2012) in its wheel, so it needs no download: ``skimage.data.hubble_deep_field()``, 872 × 1000
pixels, 8-bit red, green and blue. It is a press rendering of Hubble's optical and near-infrared
images, not calibrated photometry: no flux scale, no pixel scale, no noise map come with it, and
its brightest cores are clipped at 255. ``data/README.md`` gives its credit and terms.

Sources are found the way photutils' image segmentation does it (``detect_sources``): each
colour channel is measured in units of its background noise, the channels are summed into one
detection image, smoothed by a small Gaussian, thresholded at ``threshold`` σ above the
background, and the 8-connected pixels above it are labelled, keeping segments of at least
``min_area`` pixels. The labelling is scipy.ndimage's, as in photutils; photutils itself (with
astropy under it) is not among Google Colab's packages, where the course installs nothing but
itself. Nothing is deblended: touching neighbours form one segment. For real survey data, FITS
images with weight maps, use photutils or SEP, which also measure the background locally.

Stamps are cut centred on each segment's centroid, at the course's 32 × 32 pixels, with the
channels in the order blue, green, red (the simulated sky's g, r, i), in noise units as the
simulated sky's ``normalise`` puts its counts before its arcsinh: ``stretch`` of a stamp is
input for the networks trained on the simulated sky.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dl101.validation import check_integer

XDF_CREDIT = (
    "NASA, ESA, G. Illingworth, D. Magee, and P. Oesch (University of California, Santa Cruz), "
    "R. Bouwens (Leiden University), and the HUDF09 Team"
)
ROBUST_SIGMA = 1.4826  # a Gaussian's standard deviation per median absolute deviation


class Sources(NamedTuple):
    """A catalogue of detected sources, one entry per segment, brightest first.

    ``x``, ``y``: the segment's centroid weighted by the detection signal (column and row, in
    pixels); ``area``: its number of pixels; ``box``: its bounding box (top, left, bottom, right),
    rows and columns, the end excluded; ``signal``: its summed detection signal (noise units), the
    brightness it is sorted by; ``label``: its value in the segmentation map.
    """

    x: np.ndarray
    y: np.ndarray
    area: np.ndarray
    box: np.ndarray
    signal: np.ndarray
    label: np.ndarray


def hubble_deep_field(binning: int = 1) -> np.ndarray:
    """The XDF colour image in units of each channel's background noise: float32 (872, 1000, 3).

    Channels are blue, green, red (the order of the simulated sky's g, r, i); each has its
    background (the median) subtracted and is divided by its robust noise (1.4826 × the median
    absolute deviation), measured on the whole image, which is mostly empty sky. ``binning`` > 1
    first averages blocks of binning × binning pixels (the image is cropped to whole blocks):
    (872 // binning, 1000 // binning, 3).
    """
    from skimage.data import hubble_deep_field as xdf_rgb

    check_integer("binning", binning, 1, "the width of the blocks of pixels averaged")
    image = xdf_rgb()[..., ::-1].astype(np.float32)
    height, width = image.shape[0] // binning, image.shape[1] // binning
    image = image[: height * binning, : width * binning].reshape(height, binning, width, binning, 3).mean(axis=(1, 3))
    background = np.median(image, axis=(0, 1))
    noise = ROBUST_SIGMA * np.median(np.abs(image - background), axis=(0, 1))
    return (image - background) / noise


def _check_image(image: object) -> np.ndarray:
    image = np.asarray(image, dtype=np.float32)
    if image.ndim != 3 or min(image.shape[:2]) < 3 or image.shape[2] < 1:
        raise ValueError(f"expected an image of shape (height, width, channels), got {image.shape}")
    if not np.all(np.isfinite(image)):
        raise ValueError("expected an image of finite values, got NaN or infinity")
    return image


def _check_positive(name: str, value: object, meaning: str, allow_zero: bool = False) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = np.nan
    if not (number >= 0 if allow_zero else number > 0) or not np.isfinite(number):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"expected {name}, {meaning}, to be a finite number {bound}, got {value!r}")
    return number


def detect_sources(
    image: np.ndarray, threshold: float = 3.0, min_area: int = 20, smoothing: float = 1.0
) -> tuple[np.ndarray, Sources]:
    """Segment an image in noise units (height, width, channels): ``(segmentation map, Sources)``.

    The detection image is the channels' sum divided by √channels, smoothed by a Gaussian of
    ``smoothing`` pixels (σ); pixels more than ``threshold`` times its robust noise above its
    median belong to sources; 8-connected groups of at least ``min_area`` pixels are kept. The map
    is int32 of shape (height, width): 0 for the background, ``Sources.label`` for each segment.
    The threshold is in the noise of the smoothed image, which smoothing lowers: in the unsmoothed
    image's noise it is a lower threshold (photutils is usually given the unsmoothed image's local
    RMS above a local background instead).
    """
    from scipy import ndimage

    image = _check_image(image)
    threshold = _check_positive("threshold", threshold, "the detection threshold in noise σ")
    smoothing = _check_positive("smoothing", smoothing, "the Gaussian's σ in pixels", allow_zero=True)
    check_integer("min_area", min_area, 1, "the smallest segment in pixels")
    detection = ndimage.gaussian_filter(image.sum(axis=2) / np.sqrt(image.shape[2]), smoothing)
    level = np.median(detection)
    noise = ROBUST_SIGMA * np.median(np.abs(detection - level))
    above = detection > level + threshold * max(noise, np.finfo(np.float32).tiny)
    segments, n = ndimage.label(above, structure=np.ones((3, 3), dtype=bool))
    labels = np.arange(1, n + 1)
    area = np.bincount(segments.ravel(), minlength=n + 1)[1:]
    kept = labels[area >= min_area]
    segments[~np.isin(segments, kept)] = 0
    signal = np.clip(detection - level, 0, None)
    total = ndimage.sum_labels(signal, segments, kept)
    rows, columns = np.indices(segments.shape)
    y = ndimage.sum_labels(signal * rows, segments, kept) / total  # every kept pixel's signal is above 0
    x = ndimage.sum_labels(signal * columns, segments, kept) / total
    slices = ndimage.find_objects(segments)
    boxes = [slices[label - 1] for label in kept]
    box = np.array([(down.start, across.start, down.stop, across.stop) for down, across in boxes], dtype=int)
    box = box.reshape(-1, 4)
    order = np.argsort(-total, kind="stable")
    sources = Sources(x[order], y[order], area[kept - 1][order], box[order], total[order], kept[order].astype(np.int32))
    return segments.astype(np.int32), sources


def _stamp_corners(x: np.ndarray, y: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The top row and left column of size-pixel stamps whose pixel (size // 2, size // 2) is (round(y), round(x))."""
    return np.round(y).astype(int) - size // 2, np.round(x).astype(int) - size // 2


def _inside(top: np.ndarray, left: np.ndarray, size: int, shape: tuple[int, ...]) -> np.ndarray:
    """Whether each stamp lies wholly inside an image of this shape."""
    return (top >= 0) & (left >= 0) & (top + size <= shape[0]) & (left + size <= shape[1])


def cut_stamps(image: np.ndarray, x: np.ndarray, y: np.ndarray, size: int = 32) -> np.ndarray:
    """Square stamps (n, size, size, channels) of ``image`` whose pixel (size // 2, size // 2) is (round(y), round(x)).

    Every stamp must lie inside the image: a position too close to the edge raises ValueError.
    """
    image = _check_image(image)
    check_integer("size", size, 1, "the stamp width in pixels")
    x, y = np.atleast_1d(np.asarray(x, dtype=float)), np.atleast_1d(np.asarray(y, dtype=float))
    if x.shape != y.shape or x.ndim != 1 or not np.all(np.isfinite(x) & np.isfinite(y)):
        raise ValueError(f"expected x and y as finite positions of the same length, got shapes {x.shape}, {y.shape}")
    top, left = _stamp_corners(x, y, size)
    outside = ~_inside(top, left, size, image.shape)
    if np.any(outside):
        height, width = image.shape[:2]
        first = int(np.flatnonzero(outside)[0])
        raise ValueError(
            f"a {size}-pixel stamp at (x, y) = ({x[first]:.1f}, {y[first]:.1f}) leaves the {width} × {height} image: "
            f"{int(outside.sum())} of {len(x)} positions are too close to the edge"
        )
    return np.stack([image[t : t + size, s : s + size] for t, s in zip(top, left, strict=True)])


def hubble_sources(
    size: int = 32, binning: int = 2, threshold: float = 3.0, min_area: int = 10
) -> tuple[np.ndarray, Sources, np.ndarray]:
    """The XDF and its sources at the scale of the simulated sky: ``(field, sources, segmentation map)``.

    ``field`` is :func:`hubble_deep_field`, binned 2 × 2 by default so that most bright galaxies
    fit a 32-pixel stamp; ``sources`` are those of :func:`detect_sources` whose whole segment fits
    in a ``size``-pixel stamp centred on them, and the stamp in the field, brightest first. Cut
    them out with :func:`cut_stamps`; ``stretch`` makes the stamps network input.
    """
    check_integer("size", size, 1, "the stamp width in pixels")
    field = hubble_deep_field(binning)
    segments, sources = detect_sources(field, threshold=threshold, min_area=min_area)
    top, left = _stamp_corners(sources.x, sources.y, size)
    fits = (top <= sources.box[:, 0]) & (left <= sources.box[:, 1])
    fits &= (sources.box[:, 2] <= top + size) & (sources.box[:, 3] <= left + size)
    fits &= _inside(top, left, size, field.shape)
    return field, Sources(*(values[fits] for values in sources)), segments
