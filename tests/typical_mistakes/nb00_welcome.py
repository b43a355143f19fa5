"""Typical wrong answers to notebook 00's exercise, each with a piece of the hint it must get."""

import numpy as np


def _flux_sign_flipped(magnitude, zero_point=22.5):
    return 10 ** (0.4 * (np.asarray(magnitude) - zero_point))


def _flux_without_0_4(magnitude, zero_point=22.5):
    return 10 ** (-(np.asarray(magnitude) - zero_point))


def _flux_natural_exp(magnitude, zero_point=22.5):
    return np.exp(-0.4 * (np.asarray(magnitude) - zero_point))


def _flux_fixed_zero_point(magnitude, zero_point=22.5):
    return 10 ** (-0.4 * (np.asarray(magnitude) - 22.5))


def _flux_only_scalars(magnitude, zero_point=22.5):
    return float(10 ** (-0.4 * (magnitude - zero_point)))


TYPICAL_MISTAKES = {
    "00.magnitude_to_flux": [
        (_flux_sign_flipped, "sign is flipped"),
        (_flux_without_0_4, "0.4 is missing"),
        (_flux_natural_exp, "natural exponential"),
        (_flux_fixed_zero_point, "zero_point"),
        (_flux_only_scalars, "TypeError"),
    ],
}
