"""What an astronomer measures on a g, r, i stamp in counts: notebook 08's random forest reads these features."""

from __future__ import annotations

import numpy as np

from dl101.data.sky import ZERO_POINT

PHOTOMETRIC_FEATURES = (
    "r magnitude",
    "g − r",
    "r − i",
    "concentration g",
    "concentration r",
    "concentration i",
    "axis ratio r",
    "size r",
)
# Radii between pixel distances (√72 < 8.5 < √73, √6 < 2.5 < √7): a centroid moved by rounding changes no pixel.
# A fixed aperture, as a catalogue's aperture magnitude: it misses part of an extended galaxy's light.
APERTURE_RADIUS = 8.5  # pixels (2.1 arcsec)
CORE_RADIUS = 2.5  # pixels (0.6 arcsec): the core whose share of the aperture light is the concentration
CENTROID_RADIUS = 4.0  # pixels: the window of the r-band centroid, moved onto the light three times


def photometric_features(counts: np.ndarray) -> np.ndarray:
    """Per stamp: r magnitude, g − r, r − i, the concentration in g, r, i, and the r-band axis ratio and size (n, 8).

    ``counts`` are sky-subtracted g, r, i counts (n, height, width, 3), zero point ``ZERO_POINT``.
    Light is summed in a circular aperture of ``APERTURE_RADIUS`` around the r-band centroid; the
    concentration is the fraction of it within ``CORE_RADIUS``. Magnitudes floor fluxes at 1 count.
    The shape comes from the second moments of the positive r-band counts in the same aperture,
    unweighted, about the same centroid: the axis ratio b/a (1 for a round object) and the size
    √(ab) in pixels (σ for a round Gaussian of width σ), where a² and b² are the moments along the
    major and minor axes. Positive noise counts in the aperture make faint objects look rounder and larger.
    """
    counts = np.asarray(counts, dtype=np.float32)
    if counts.ndim != 4 or counts.shape[-1] != 3 or min(counts.shape[1:3]) < 10:
        raise ValueError(f"expected g, r, i counts (n, height, width, 3), at least 10 × 10 pixels, got {counts.shape}")
    light = np.clip(counts[..., 1], 0, None)  # positive r-band counts
    row_offset, column_offset = _offsets_from_centroid(light)
    distance2 = row_offset**2 + column_offset**2
    in_aperture = (distance2 <= APERTURE_RADIUS**2).astype(np.float32)
    flux = np.maximum(np.einsum("nhwb,nhw->nb", counts, in_aperture), 1)
    core = np.einsum("nhwb,nhw->nb", counts, (distance2 <= CORE_RADIUS**2).astype(np.float32))
    g, r, i = (ZERO_POINT - 2.5 * np.log10(flux)).T
    axis_ratio, size = _axis_ratio_and_size(light * in_aperture, row_offset, column_offset)
    return np.column_stack([r, g - r, r - i, core / flux, axis_ratio, size])


def _offsets_from_centroid(light: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's row and column offsets (n, height, width) from the centroid of ``light`` near the stamp centre."""
    height, width = light.shape[1:3]
    rows, columns = np.mgrid[:height, :width].astype(np.float32)
    centre_row = np.full(len(light), height // 2, np.float32)
    centre_column = np.full(len(light), width // 2, np.float32)
    for _ in range(3):  # a window around the stamp centre cuts an offset object: move it onto the light
        distance2 = (rows - centre_row[:, None, None]) ** 2 + (columns - centre_column[:, None, None]) ** 2
        weight = light * (distance2 <= CENTROID_RADIUS**2)
        total = np.maximum(weight.sum(axis=(1, 2)), 1e-12)
        centre_row = np.einsum("nhw,hw->n", weight, rows) / total
        centre_column = np.einsum("nhw,hw->n", weight, columns) / total
    return rows - centre_row[:, None, None], columns - centre_column[:, None, None]


def _axis_ratio_and_size(light: np.ndarray, row_offset: np.ndarray, column_offset: np.ndarray):
    """The axis ratio b/a and the size √(ab) of the second moments of ``light`` (n, height, width) about its centre."""
    total = np.maximum(light.sum(axis=(1, 2)), 1e-12)
    row_row, column_column, row_column = (
        np.einsum("nhw,nhw->n", light, a * b) / total
        for a, b in ((row_offset, row_offset), (column_offset, column_offset), (row_offset, column_offset))
    )
    mean, half_difference = (row_row + column_column) / 2, np.hypot((row_row - column_column) / 2, row_column)
    major2, minor2 = mean + half_difference, np.maximum(mean - half_difference, 0)  # eigenvalues: a², b²
    return np.sqrt(minor2 / np.maximum(major2, 1e-12)), (major2 * minor2) ** 0.25
