"""Checks for notebook 00: the warm-up exercise."""

from __future__ import annotations

import math

import numpy as np

from dl101.checks.core import Case, Exercise, Known

MAGNITUDES = np.array([22.5, 20.0, 25.0, 15.0])
# An array and a single number, each with the default zero point and another one.
CASES = (
    Case("magnitude_to_flux([22.5, 20, 25, 15])", (MAGNITUDES,)),
    Case("magnitude_to_flux([22.5, 20, 25, 15], zero_point=25)", (MAGNITUDES,), {"zero_point": 25.0}),
    Case("magnitude_to_flux(20.0)", (20.0,)),
    Case("magnitude_to_flux(20.0, zero_point=27.5)", (20.0,), {"zero_point": 27.5}),
)
# fmt: off
MISTAKES = (
    Known("sign flipped", "Brighter objects got smaller fluxes: the sign is flipped.",
          "Magnitudes grow as objects get fainter, so the exponent is -0.4 (m - zero_point).",
          lambda m, zero_point=22.5: 10 ** (0.4 * (m - zero_point))),
    Known("factor missing", "The factor 0.4 is missing from the exponent.",
          "Five magnitudes are a factor 100 in flux: 10^(0.4 × 5) = 100.",
          lambda m, zero_point=22.5: 10 ** (-(m - zero_point))),
    Known("2.5 for 0.4", "You used 2.5 where 0.4 belongs.",
          "m = -2.5 log10(f) + zp, so f = 10^(-(m - zp) / 2.5) = 10^(-0.4 (m - zp)).",
          lambda m, zero_point=22.5: 10 ** (-2.5 * (m - zero_point))),
    Known("zero point missing", "The zero point is missing.",
          "Subtract zero_point from the magnitude before scaling: 10^(-0.4 (m - zero_point)).",
          lambda m, zero_point=22.5: 10 ** (-0.4 * m)),
    Known("natural exponential", "You used the natural exponential.",
          "Magnitudes are defined with base-10 logarithms: use 10 ** (...), not np.exp.",
          lambda m, zero_point=22.5: np.exp(-0.4 * (m - zero_point))),
    Known("zero point fixed", "The result does not change with zero_point: it seems fixed at 22.5.",
          "Use the zero_point argument in the formula instead of the number 22.5.",
          lambda m, zero_point=22.5: 10 ** (-0.4 * (m - 22.5))),
    Known("math module", "Your function works on a single number but not on an array: {error}",
          "The math module works on single numbers only: use ** (or np.power), which also works element by element.",
          lambda m, zero_point=22.5: math.pow(10, -0.4 * (m - zero_point))),
)

EXERCISES = [
    Exercise("00.magnitude_to_flux", "magnitude_to_flux", CASES, MISTAKES, names=("magnitudes",),
             hint="f = 10 ** (-0.4 * (m - zero_point))."),
]
# fmt: on
