"""What an astronomer measures on a g, r, i stamp in counts: notebook 08's random forest reads these features."""

from __future__ import annotations

import numpy as np

from dl101.data.sky import ZERO_POINT

PHOTOMETRIC_FEATURES = ("r magnitude", "g − r", "r − i", "concentration g", "concentration r", "concentration i")
# Radii between pixel distances (√72 < 8.5 < √73, √6 < 2.5 < √7): a centroid moved by rounding changes no pixel.
APERTURE_RADIUS = 8.5  # pixels (2.1 arcsec): holds nearly all the light of the simulated sky's objects
CORE_RADIUS = 2.5  # pixels (0.6 arcsec): the core whose share of the aperture light is the concentration
CENTROID_RADIUS = 4.0  # pixels: the window of the r-band centroid, moved onto the light three times


def photometric_features(counts: np.ndarray) -> np.ndarray:
    """Per stamp: r magnitude, colours g − r and r − i, and the concentration in g, r, i (n, 6).

    ``counts`` are sky-subtracted g, r, i counts (n, height, width, 3), zero point ``ZERO_POINT``.
    Light is summed in a circular aperture of ``APERTURE_RADIUS`` around the r-band centroid; the
    concentration is the fraction of it within ``CORE_RADIUS``. Magnitudes floor fluxes at 1 count.
    """
    counts = np.asarray(counts, dtype=np.float32)
    if counts.ndim != 4 or counts.shape[-1] != 3 or min(counts.shape[1:3]) < 10:
        raise ValueError(f"expected g, r, i counts (n, height, width, 3), at least 10 × 10 pixels, got {counts.shape}")
    height, width = counts.shape[1:3]
    rows, columns = np.mgrid[:height, :width].astype(np.float32)
    centre_row = np.full(len(counts), height // 2, np.float32)
    centre_column = np.full(len(counts), width // 2, np.float32)
    light = np.clip(counts[..., 1], 0, None)  # positive r-band counts
    for _ in range(3):  # a window around the stamp centre cuts an offset object: move it onto the light
        distance2 = (rows - centre_row[:, None, None]) ** 2 + (columns - centre_column[:, None, None]) ** 2
        weight = light * (distance2 <= CENTROID_RADIUS**2)
        total = np.maximum(weight.sum(axis=(1, 2)), 1e-12)
        centre_row = np.einsum("nhw,hw->n", weight, rows) / total
        centre_column = np.einsum("nhw,hw->n", weight, columns) / total
    distance2 = (rows - centre_row[:, None, None]) ** 2 + (columns - centre_column[:, None, None]) ** 2
    flux = np.maximum(np.einsum("nhwb,nhw->nb", counts, (distance2 <= APERTURE_RADIUS**2).astype(np.float32)), 1)
    core = np.einsum("nhwb,nhw->nb", counts, (distance2 <= CORE_RADIUS**2).astype(np.float32))
    g, r, i = (ZERO_POINT - 2.5 * np.log10(flux)).T
    return np.column_stack([r, g - r, r - i, core / flux])
