"""The course's data sets: every one is generated offline and deterministically from a seed.

One module per family: ``toy`` (2-D sets and small simulated catalogues: stars and galaxies,
stars and quasars, a rotation curve). Import from ``dl101.data`` directly.
"""

from dl101.data.toy import (
    STAR_GALAXY_CLASSES,
    STAR_GALAXY_FEATURES,
    STAR_QUASAR_CLASSES,
    STAR_QUASAR_FEATURES,
    make_blobs,
    make_circles,
    make_moons,
    make_regression_1d,
    make_spirals,
    make_star_galaxy,
    make_star_quasar,
    make_xor,
    rotation_curve,
)

__all__ = [
    "STAR_GALAXY_CLASSES",
    "STAR_GALAXY_FEATURES",
    "STAR_QUASAR_CLASSES",
    "STAR_QUASAR_FEATURES",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_regression_1d",
    "make_spirals",
    "make_star_galaxy",
    "make_star_quasar",
    "make_xor",
    "rotation_curve",
]
