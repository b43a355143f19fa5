"""Checks for notebook 00: the warm-up exercise."""

from __future__ import annotations

import math

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe

MAGNITUDES = np.array([22.5, 20.0, 25.0, 15.0])


def _sign_flipped(magnitude, zero_point=22.5):
    return 10 ** (0.4 * (magnitude - zero_point))


def _factor_missing(magnitude, zero_point=22.5):
    return 10 ** (-(magnitude - zero_point))


def _two_and_a_half(magnitude, zero_point=22.5):
    return 10 ** (-2.5 * (magnitude - zero_point))


def _zero_point_missing(magnitude, zero_point=22.5):
    return 10 ** (-0.4 * magnitude)


def _natural_exponential(magnitude, zero_point=22.5):
    return np.exp(-0.4 * (magnitude - zero_point))


def _zero_point_fixed(magnitude, zero_point=22.5):
    return 10 ** (-0.4 * (magnitude - 22.5))


def _in_place(magnitude, zero_point=22.5):
    magnitude -= zero_point
    return 10 ** (-0.4 * magnitude)


def _math_module(magnitude, zero_point=22.5):
    return math.pow(10, -0.4 * (magnitude - zero_point))


def _loop(magnitude, zero_point=22.5):
    return [10 ** (-0.4 * (m - zero_point)) for m in magnitude]


SIGN_FLIPPED = Known(
    "sign flipped",
    _sign_flipped,
    "Brighter objects got smaller fluxes: the sign is flipped.",
    "Magnitudes grow as objects get fainter, so the exponent is -0.4 (m - zero_point).",
)
FACTOR_MISSING = Known(
    "factor missing",
    _factor_missing,
    "The factor 0.4 is missing from the exponent.",
    "Five magnitudes are a factor 100 in flux: 10^(0.4 × 5) = 100.",
)
TWO_AND_A_HALF = Known(
    "2.5 for 0.4",
    _two_and_a_half,
    "You used 2.5 where 0.4 belongs.",
    "m = -2.5 log10(f) + zp, so f = 10^(-(m - zp) / 2.5) = 10^(-0.4 (m - zp)).",
)
ZERO_POINT_MISSING = Known(
    "zero point missing",
    _zero_point_missing,
    "The zero point is missing.",
    "Subtract zero_point from the magnitude before scaling: 10^(-0.4 (m - zero_point)).",
)
NATURAL_EXPONENTIAL = Known(
    "natural exponential",
    _natural_exponential,
    "You used the natural exponential.",
    "Magnitudes are defined with base-10 logarithms: use 10 ** (...), not np.exp.",
)
ZERO_POINT_FIXED = Known(
    "zero point fixed",
    _zero_point_fixed,
    "The result does not change with zero_point: it seems fixed at 22.5.",
    "Use the zero_point argument in the formula instead of the number 22.5.",
)
IN_PLACE = Known(
    "in place",
    _in_place,
    "Your function changed the caller's magnitudes in place (magnitude -= ...).",
    "Compute a new array, 10 ** (-0.4 * (magnitude - zero_point)): the caller's magnitudes are still needed.",
)
MATH_MODULE = Known(
    "math module",
    _math_module,
    "Your function works on a single number but not on an array: {error}",
    "The math module works on single numbers only: use ** (or np.power), which also works element by element.",
)
LOOP = Known(
    "loop",
    _loop,
    "For an array of magnitudes your function returned {what}, and for a single number it fails.",
    "Write the formula once for the whole array, 10 ** (-0.4 * (magnitude - zero_point)): NumPy applies it "
    "to every element, and to a single number too.",
)
MISTAKES = (
    SIGN_FLIPPED,
    FACTOR_MISSING,
    TWO_AND_A_HALF,
    ZERO_POINT_MISSING,
    NATURAL_EXPONENTIAL,
    ZERO_POINT_FIXED,
    IN_PLACE,
    MATH_MODULE,
    LOOP,
)


def _fluxes(magnitude_to_flux, magnitudes: np.ndarray, **zero_point) -> np.ndarray:
    """The learner's fluxes of an array of magnitudes, which must be an array of the same shape."""
    what = f"magnitude_to_flux({magnitudes.tolist()}{', zero_point=25' if zero_point else ''})"
    try:
        got = call(magnitude_to_flux, magnitudes, in_place=IN_PLACE, names=("magnitudes",), **zero_point)
    except Mistake as on_array:
        if type(on_array) is not Mistake or on_array.known is not None:  # unfinished, or changed in place
            raise
        try:
            single = _number(call(magnitude_to_flux, 20.0), "magnitude_to_flux(20.0)")
        except Mistake:
            raise on_array from None
        if np.isclose(single, 10 ** (-0.4 * (20.0 - 22.5))):
            raise MATH_MODULE(error=on_array.message) from None
        raise
    if not isinstance(got, np.ndarray):
        if isinstance(got, (list, tuple)):
            raise LOOP(what=describe(got))
        raise Mistake(f"{what} should be an array of fluxes, but it returned {describe(got)}.")
    return as_array(got, what, magnitudes.shape)


def _number(value, what: str) -> float:
    """One flux for one magnitude: a number (or an array holding one)."""
    if isinstance(value, (list, tuple)) or np.ndim(value) != 0:
        raise Mistake(f"{what} should be one number, but it returned {describe(value)}.")
    return float(as_array(value, what))


def check_magnitude_to_flux(magnitude_to_flux) -> None:
    """Fluxes from AB magnitudes, f = 10^(-0.4 (m - zero_point)), for an array and for a single number."""
    expected = 10 ** (-0.4 * (MAGNITUDES - 22.5))
    got = _fluxes(magnitude_to_flux, MAGNITUDES)
    compare(
        got,
        expected,
        "magnitude_to_flux([22.5, 20, 25, 15])",
        MISTAKES,
        (MAGNITUDES,),
        hint="f = 10 ** (-0.4 * (m - zero_point)).",
    )
    other = _fluxes(magnitude_to_flux, MAGNITUDES, zero_point=25.0)
    compare(
        other, 10 ** (-0.4 * (MAGNITUDES - 25.0)), "magnitude_to_flux(m, zero_point=25)", MISTAKES, (MAGNITUDES, 25.0)
    )
    single = _number(call(magnitude_to_flux, 20.0), "magnitude_to_flux(20.0)")
    compare(single, 10 ** (-0.4 * (20.0 - 22.5)), "magnitude_to_flux(20.0)")


EXERCISES = [Exercise("00.magnitude_to_flux", "magnitude_to_flux", check_magnitude_to_flux, mistakes=MISTAKES)]
