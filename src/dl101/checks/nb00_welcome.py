"""Checks for notebook 00: the warm-up exercise."""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, compare, run


def check_magnitude_to_flux(magnitude_to_flux) -> None:
    """Fluxes from AB magnitudes: f = 10^(-0.4 (m - zero_point))."""
    m = np.array([22.5, 20.0, 25.0, 15.0])
    got = as_array(run(magnitude_to_flux, m), "magnitude_to_flux(magnitudes)", shape=m.shape)
    zp = 22.5
    compare(
        got,
        10 ** (-0.4 * (m - zp)),
        "magnitude_to_flux([22.5, 20, 25, 15])",
        [
            (
                10 ** (0.4 * (m - zp)),
                "Brighter objects got smaller fluxes: the sign is flipped.",
                "Magnitudes grow as objects get fainter, so the exponent is -0.4 (m - zero_point).",
            ),
            (
                10 ** (-(m - zp)),
                "The factor 0.4 is missing from the exponent.",
                "Five magnitudes are a factor 100 in flux: 10^(0.4 × 5) = 100.",
            ),
            (
                10 ** (-2.5 * (m - zp)),
                "You used 2.5 where 0.4 belongs.",
                "m = -2.5 log10(f) + zp, so f = 10^(-(m - zp) / 2.5) = 10^(-0.4 (m - zp)).",
            ),
            (
                10 ** (-0.4 * m),
                "The zero point is missing.",
                "Subtract zero_point from the magnitude before scaling: 10^(-0.4 (m - zero_point)).",
            ),
            (
                np.exp(-0.4 * (m - zp)),
                "You used the natural exponential.",
                "Magnitudes are defined with base-10 logarithms: use 10 ** (...), not np.exp.",
            ),
        ],
    )
    other = as_array(run(magnitude_to_flux, m, zero_point=25.0), "magnitude_to_flux(m, zero_point=25)", m.shape)
    if np.allclose(other, got):
        raise Mistake(
            "The result does not change with zero_point: it seems fixed at 22.5.",
            "Use the zero_point argument in the formula instead of the number 22.5.",
        )
    compare(other, 10 ** (-0.4 * (m - 25.0)), "magnitude_to_flux(m, zero_point=25)")


EXERCISES = [Exercise("00.magnitude_to_flux", "magnitude_to_flux", check_magnitude_to_flux)]
