"""Notebook 10's exercise, cutout_flux, held to the standard of the others: the learners' answers below get
their verdicts (as in tests/test_learner_answers.py), no mutant of the solution passes (as in
tests/test_check_mutants.py, which lists no survivor for it), and every catalogued mistake is named for an
answer written outside the catalogue. The catalogue-wide tests of tests/test_checks.py cover it already."""

import re

import numpy as np
import pytest
from astropy.io import fits

from dl101.checks import EXERCISES, evaluate
from learner_answers import RIGHT, WRONG, Answer, slip
from test_check_mutants import verdicts

EXERCISE = "10.cutout_flux"


def _zero_point_by_position(raw, header, bands):
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    fluxes, valid = [], []
    for i, band in enumerate(bands):
        plane = raw[planes.index(band)]
        adu = header.get("BZERO", 0) + header.get("BSCALE", 1) * plane.astype(float)
        measured = plane != header.get("BLANK")
        fluxes.append(np.where(measured, adu * 10 ** (-0.4 * (header[f"MAGZP{i + 1}"] - 22.5)), 0.0))
        valid.append(measured)
    return np.stack(fluxes, axis=-1), np.stack(valid, axis=-1)


def _every_plane(raw, header, bands):
    adu = header.get("BZERO", 0) + header.get("BSCALE", 1) * raw.astype(float)
    scale = np.array([10 ** (-0.4 * (header[f"MAGZP{k}"] - 22.5)) for k in range(1, len(raw) + 1)])
    valid = raw != header.get("BLANK")
    flux = np.where(valid, adu * scale[:, None, None], 0.0)
    return np.moveaxis(flux, 0, -1), np.moveaxis(valid, 0, -1)


def _as_astropy_reads_it(raw, header, bands):
    data = header.get("BZERO", 0.0) + header.get("BSCALE", 1.0) * raw.astype(np.float32)
    data[raw == header.get("BLANK")] = np.nan  # as astropy gives it
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    order = [planes.index(band) for band in bands]
    scale = np.array([10 ** (-0.4 * (header[f"MAGZP{k + 1}"] - 22.5)) for k in order], np.float32)
    flux = np.moveaxis(data[order], 0, -1) * scale
    return flux, np.isfinite(flux)


def _with_nan_replaced(raw, header, bands):
    flux, valid = _as_astropy_reads_it(raw, header, bands)
    return np.nan_to_num(flux, nan=0.0), valid


def _blank_set_to_zero_in_place(raw, header, bands):
    valid_cube = raw != header.get("BLANK")
    raw[~valid_cube] = 0  # the caller's cube changes
    flux, _ = _every_plane(raw, header, bands)
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    order = [planes.index(band) for band in bands]
    return flux[..., order], np.moveaxis(valid_cube[order], 0, -1)


def _planes_in_asked_order(raw, header, bands):
    flux, valid = _every_plane(raw, header, bands)
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    order = [planes.index(band) for band in bands]
    return flux[..., order], valid[..., order]


ANSWERS = [
    slip(EXERCISE, "one zero point", ('header[f"MAGZP{k}"]', 'header["MAGZP1"]')),
    Answer(EXERCISE, "zero point of the position in bands", _zero_point_by_position, "zero point by position"),
    Answer(EXERCISE, "every plane, in the file's order", _every_plane, "file order"),
    slip(EXERCISE, "bands by position", ("k = planes.index(band) + 1", 'k = "gri".index(band) + 1')),
    slip(EXERCISE, "bands first", ("axis=-1), np.stack(has_data, axis=-1)", "axis=0), np.stack(has_data, axis=0)")),
    slip(
        EXERCISE,
        "BZERO scaled",
        ("bzero + bscale * stored", "(stored + bzero) * bscale"),
    ),
    slip(EXERCISE, "integer arithmetic", ("raw[k - 1].astype(np.float64)", "raw[k - 1]"), message="overflows"),
    slip(EXERCISE, "zero point sign", ("10 ** (-0.4 * (", "10 ** (0.4 * (")),
    Answer(EXERCISE, "NaN where astropy puts it", _as_astropy_reads_it, "NaN left in", "NaN"),
    slip(EXERCISE, "BLANK kept", ("raw[k - 1] != blank", "np.ones(raw[k - 1].shape, bool)")),
    slip(EXERCISE, "BLANK hard-coded", ("raw[k - 1] != blank", "raw[k - 1] != -32768")),
    slip(EXERCISE, WRONG, ("- 22.5", "- 30"), message="wrong"),
    Answer(EXERCISE, "NaN replaced by 0", _with_nan_replaced, RIGHT),
    Answer(EXERCISE, "whole cube at once, planes picked after", _planes_in_asked_order, RIGHT),
    slip(
        EXERCISE,
        RIGHT,
        (
            "fluxes.append(np.where(measured, nanomaggies, 0.0))",
            "fluxes.append(np.where(measured, nanomaggies, 0.0).astype(np.float32))",
        ),
    ),
    Answer(
        EXERCISE,
        "BLANK set to 0 in the caller's cube",
        _blank_set_to_zero_in_place,
        WRONG,
        "changed the caller's raw in place",
    ),
]


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda answer: answer.label)
def test_a_learners_answer_gets_its_verdict_and_message(answer):
    verdict = evaluate(EXERCISES[EXERCISE], answer.answer)
    said = f"{verdict.message} {verdict.hint}"
    assert not verdict.fault, said
    if answer.verdict == RIGHT:
        assert verdict.passed, said
    else:
        assert not verdict.passed
        assert verdict.known == (None if answer.verdict == WRONG else answer.verdict), said
    assert re.search(answer.message, said), said


def test_the_check_rejects_every_mutant_of_the_solution():
    assert [description for description, verdict in verdicts(EXERCISE).items() if verdict.passed] == []


def test_every_catalogued_mistake_is_named_for_an_answer_written_outside_the_catalogue():
    named = {verdict.known for verdict in verdicts(EXERCISE).values()}
    named |= {evaluate(EXERCISES[EXERCISE], answer.answer).known for answer in ANSWERS}
    assert [known.name for known in EXERCISES[EXERCISE].mistakes if known.name not in named] == []


def _file_scaled_by_astropy(path, planes="igr"):
    """A cutout whose integers astropy itself stored (BSCALE 0.5, BZERO 100), with BLANK pixels and planes i, g, r."""
    adu = np.random.default_rng(0).normal(300, 200, (3, 6, 5)).astype(np.float32)
    science = fits.ImageHDU(adu, name="SCI")
    science.scale("int16", bscale=0.5, bzero=100.0)  # astropy rounds (ADU − BZERO) / BSCALE to integers
    science.header["BLANK"] = -999
    science.data[1, 2, 3] = science.data[0, 5, 0] = -999  # no data
    for k, (band, zero_point) in enumerate(zip(planes, (27.9, 28.3, 28.1), strict=True), start=1):
        science.header[f"BAND{k}"], science.header[f"MAGZP{k}"] = band, zero_point
    fits.HDUList([fits.PrimaryHDU(), science]).writeto(path)
    return path


def test_the_solution_gives_what_astropy_s_own_scaling_gives(tmp_path):
    # The reference solution against astropy: .data applies BSCALE and BZERO and makes BLANK NaN.
    cutout_flux = EXERCISES[EXERCISE].reference()
    path = _file_scaled_by_astropy(tmp_path / "astropy.fits")
    raw, header = fits.getdata(path, "SCI", do_not_scale_image_data=True), fits.getheader(path, "SCI")
    assert (header["BSCALE"], header["BZERO"], raw.dtype.kind) == (0.5, 100.0, "i")
    adu = fits.getdata(path, "SCI")
    for bands in ("gri", "irg", "r"):
        flux, valid = cutout_flux(raw, header, bands)
        planes = ["igr".index(band) for band in bands]
        scale = np.array([10 ** (-0.4 * (header[f"MAGZP{k + 1}"] - 22.5)) for k in planes])
        expected = np.moveaxis(adu[planes], 0, -1) * scale
        np.testing.assert_array_equal(valid, np.isfinite(expected))
        np.testing.assert_allclose(flux, np.nan_to_num(expected, nan=0.0), rtol=1e-6)
    assert np.sum(~cutout_flux(raw, header, "igr")[1]) == 2
