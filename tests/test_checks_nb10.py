"""Notebook 10's exercise, cutout_flux, on files astropy itself writes: the reference solution reads them as
astropy's own scaling does. (Its learners' answers are in tests/learner_answers.py, its mutants in
tests/test_check_mutants.py, with the other exercises'.)"""

import numpy as np
from astropy.io import fits

from dl101.checks import EXERCISES

EXERCISE = "10.cutout_flux"


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
