"""The course's data sets: generated offline and deterministically from a seed, or downloaded on request.

One module per family: ``toy`` (2-D sets and small simulated catalogues: stars and galaxies,
stars and quasars, a rotation curve), ``sky`` (simulated multi-band survey images of galaxies and
stars), ``photometry`` (what an astronomer measures on such images), ``hubble`` (real galaxies
found in Hubble's eXtreme Deep Field, which scikit-image ships), ``survey`` (the simulated sky
written as FITS cutouts and a catalogue, and read back), ``galaxy10`` (real SDSS galaxy images,
downloaded only when asked for). Import from ``dl101.data`` directly.
"""

from dl101.data.galaxy10 import GALAXY10_CLASSES, Galaxy10Unavailable, galaxy10_is_cached, load_galaxy10
from dl101.data.hubble import XDF_CREDIT, Sources, cut_stamps, detect_sources, hubble_deep_field, hubble_sources
from dl101.data.photometry import PHOTOMETRIC_FEATURES, photometric_features
from dl101.data.sky import GALAXY_CLASSES, SPLIT_SEEDS, make_galaxies, normalise, sky_splits, stretch, symmetries
from dl101.data.survey import Cutout, network_input, read_catalogue, read_cutout, write_survey
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
    star_galaxy_posterior,
)

__all__ = [
    "GALAXY10_CLASSES",
    "Galaxy10Unavailable",
    "Cutout",
    "GALAXY_CLASSES",
    "PHOTOMETRIC_FEATURES",
    "STAR_GALAXY_CLASSES",
    "STAR_GALAXY_FEATURES",
    "STAR_QUASAR_CLASSES",
    "SPLIT_SEEDS",
    "STAR_QUASAR_FEATURES",
    "Sources",
    "XDF_CREDIT",
    "cut_stamps",
    "detect_sources",
    "make_blobs",
    "make_circles",
    "make_galaxies",
    "make_moons",
    "make_regression_1d",
    "make_spirals",
    "make_star_galaxy",
    "make_star_quasar",
    "galaxy10_is_cached",
    "hubble_deep_field",
    "hubble_sources",
    "load_galaxy10",
    "make_xor",
    "network_input",
    "normalise",
    "photometric_features",
    "read_catalogue",
    "read_cutout",
    "rotation_curve",
    "sky_splits",
    "star_galaxy_posterior",
    "stretch",
    "symmetries",
    "write_survey",
]
