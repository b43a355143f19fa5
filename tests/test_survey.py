"""The mock survey on disk: FITS cutouts with honest headers, a catalogue, and a reader for the network's input."""

from pathlib import Path

import numpy as np
import pytest
from astropy.io import fits
from astropy.table import Table
from astropy.wcs import WCS

from dl101.data import GALAXY_CLASSES, make_galaxies, normalise
from dl101.data.survey import (
    BLANK,
    CHIP_GAP_FRACTION,
    NO_DATA,
    SATURATED,
    SATURATION_ADU,
    _chip_gap,
    fit_temperature,
    m13_path,
    network_input,
    probability_column,
    read_catalogue,
    read_cutout,
    with_temperature,
    write_predictions,
    write_survey,
    zero_point,
)

N = 60


@pytest.fixture(scope="module")
def survey(tmp_path_factory):
    """A small survey written once for the module's tests, and its catalogue."""
    directory = tmp_path_factory.mktemp("survey")
    return read_catalogue(write_survey(directory, N, seed=3, labelled=0.5))


def test_the_catalogue_lists_every_object_with_a_position_a_file_and_some_labels(survey):
    assert len(survey) == N and list(survey["id"]) == list(range(1, N + 1))
    assert set(survey.colnames) >= {"id", "ra", "dec", "file", "mag_r", "label"}
    assert np.all(np.abs(survey["ra"] - 150) < 0.6) and np.all(np.abs(survey["dec"] - 2) < 0.6)
    labelled = survey["label"] != ""
    assert 0.2 < labelled.mean() < 0.8  # about half, as asked
    _, labels, names = make_galaxies(N, seed=3)
    assert all(survey["label"][i] == names[labels[i]] for i in np.flatnonzero(labelled))
    assert np.all((survey["mag_r"] > 15) & (survey["mag_r"] < 24))


def test_a_cutout_s_headers_say_what_its_numbers_are(survey):
    with fits.open(survey["path"][0]) as hdus:
        assert [hdu.name for hdu in hdus] == ["PRIMARY", "SCI", "IVAR", "MASK"]
        assert hdus[0].header["OBJECT"] == 1
        science = hdus["SCI"]
        raw = fits.getdata(survey["path"][0], "SCI", do_not_scale_image_data=True)
        assert raw.dtype == np.dtype(">i2") and science.header["BUNIT"] == "adu"
        assert [science.header[f"BAND{k}"] for k in (1, 2, 3)] == ["g", "r", "i"]
        # The zero point of each band: 30 for one photo-electron, shifted by the band's gain.
        for k, band in enumerate("gri", start=1):
            assert science.header[f"MAGZP{k}"] == pytest.approx(
                30 - 2.5 * np.log10(science.header[f"GAIN{k}"]), abs=1e-4
            )
            assert science.header[f"MAGZP{k}"] == pytest.approx(zero_point(band), abs=1e-4)
            assert 0.6 <= science.header[f"SEEING{k}"] <= 1.0
        wcs = WCS(science.header, naxis=2)
        ra, dec = wcs.all_pix2world([[15.5, 15.5]], 0)[0]  # the stamp's centre, from 0-based pixel indices
        assert ra == pytest.approx(survey["ra"][0], abs=1e-9) and dec == pytest.approx(survey["dec"][0], abs=1e-9)
        scale = np.abs(np.diag(wcs.pixel_scale_matrix)) * 3600
        np.testing.assert_allclose(scale, [0.25, 0.25])
        assert wcs.pixel_scale_matrix[0, 0] < 0  # east to the left


def test_the_files_round_trip_to_the_simulator_s_network_input(survey):
    images, _, _ = make_galaxies(N, seed=3)
    expected = normalise(images)
    cutouts = [read_cutout(path) for path in survey["path"]]
    got = np.stack([network_input(cutout) for cutout in cutouts])
    valid = np.stack([cutout.valid for cutout in cutouts])
    assert got.dtype == np.float32 and got.shape == expected.shape
    # Stored to a quarter of an ADU: at most an eighth of an ADU off, far below the sky noise.
    assert np.abs(got - expected)[valid].max() < 0.01
    assert valid.mean() > 0.99


def _rewrite(path, tmp_path, change):
    """A copy of a cutout with ``change(hdus)`` applied."""
    copy = tmp_path / "changed.fits"
    with fits.open(path) as hdus:
        change(hdus)
        hdus.writeto(copy)
    return copy


def test_a_blank_pixel_becomes_an_invalid_zero_not_a_nan(survey, tmp_path):
    def blank(hdus):
        raw = fits.getdata(survey["path"][0], "SCI", do_not_scale_image_data=True).copy()
        raw[1, 5, 7] = BLANK  # r band, row 5, column 7
        hdus["SCI"] = fits.ImageHDU(raw, hdus["SCI"].header, name="SCI", do_not_scale_image_data=True)

    cutout = read_cutout(_rewrite(survey["path"][0], tmp_path, blank))
    assert not np.isnan(cutout.flux).any() and not np.isnan(network_input(cutout)).any()
    assert cutout.valid[5, 7, 1] == False and cutout.flux[5, 7, 1] == 0 and cutout.ivar[5, 7, 1] == 0  # noqa: E712
    assert cutout.valid.sum() == cutout.valid.size - 1


def test_masked_pixels_are_not_valid(survey, tmp_path):
    def flag(hdus):
        hdus["MASK"].data[2, 0, :4] = SATURATED
        hdus["MASK"].data[0, 9, 9] = NO_DATA

    cutout = read_cutout(_rewrite(survey["path"][0], tmp_path, flag))
    assert not cutout.valid[0, :4, 2].any() and not cutout.valid[9, 9, 0]
    assert cutout.valid.sum() == cutout.valid.size - 5


def test_bscale_and_the_zero_point_give_nanomaggies(survey):
    raw = fits.getdata(survey["path"][0], "SCI", do_not_scale_image_data=True).astype(float)
    header = fits.getheader(survey["path"][0], "SCI")
    cutout = read_cutout(survey["path"][0])
    for k in range(3):
        nanomaggies = raw[k] * header["BSCALE"] * 10 ** (-0.4 * (header[f"MAGZP{k + 1}"] - 22.5))
        np.testing.assert_allclose(cutout.flux[..., k], nanomaggies, rtol=1e-5, atol=1e-6)


def test_bands_come_in_the_order_asked_for(survey):
    gri, irg = read_cutout(survey["path"][1]), read_cutout(survey["path"][1], bands="irg")
    np.testing.assert_array_equal(irg.flux, gri.flux[..., ::-1])
    with pytest.raises(ValueError, match="holds bands"):
        read_cutout(survey["path"][1], bands="grz")


def test_a_chip_gap_can_cover_any_three_whole_columns_from_the_first_to_the_last():
    rng = np.random.default_rng(0)
    gaps = [gap for gap in (_chip_gap(rng, 32) for _ in range(20_000)) if gap is not None]
    first_columns = {column for _, column in gaps}
    assert first_columns == set(range(30))  # 0 to 29: the strip 29, 30, 31 ends at the stamp's last column
    assert {band for band, _ in gaps} == set("gri")
    assert len(gaps) / 20_000 == pytest.approx(CHIP_GAP_FRACTION, abs=0.01)


def test_saturated_stars_are_flagged_at_the_saturation_level(tmp_path):
    catalogue = read_catalogue(write_survey(tmp_path, 200, seed=0))
    saturated = 0
    for path in catalogue["path"]:
        with fits.open(path) as hdus:
            at_level = hdus["SCI"].data >= SATURATION_ADU
            flagged = (hdus["MASK"].data & SATURATED) > 0
            np.testing.assert_array_equal(at_level, flagged)
            saturated += flagged.any()
    assert 0 < saturated < 40  # a few bright objects, as in a real survey


def test_a_missing_file_or_catalogue_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.fits"):
        read_cutout(tmp_path / "nothing.fits")
    with pytest.raises(FileNotFoundError, match="write_survey"):
        read_catalogue(tmp_path / "catalogue.fits")


def test_a_file_that_is_not_a_cutout_says_so(tmp_path):
    path = tmp_path / "image.fits"
    fits.PrimaryHDU(np.zeros((4, 4))).writeto(path)
    with pytest.raises(ValueError, match="SCI, IVAR and MASK"):
        read_cutout(path)


def test_the_same_arguments_write_the_same_survey(tmp_path):
    first = read_catalogue(write_survey(tmp_path / "a", 5, seed=1))
    second = read_catalogue(write_survey(tmp_path / "b", 5, seed=1))
    for a, b in zip(first["path"], second["path"], strict=True):
        np.testing.assert_array_equal(fits.getdata(a, "SCI"), fits.getdata(b, "SCI"))
    assert list(first["label"]) == list(second["label"]) and np.array_equal(first["ra"], second["ra"])
    with pytest.raises(ValueError, match="labelled"):
        write_survey(tmp_path / "c", 5, labelled=1.5)


def test_every_file_is_standard_fits_that_astropy_verifies(survey):
    for path in survey["path"][:10]:
        with fits.open(path) as hdus:
            hdus.verify("exception")  # mandatory keywords, their order, block sizes
            assert hdus["SCI"].header["SEEING1"] == hdus["SCI"].header["SEEING3"] > 0


def test_the_catalogue_s_position_is_each_file_s_own(survey):
    for row in survey[:5]:
        with fits.open(row["path"]) as hdus:
            assert hdus[0].header["OBJECT"] == row["id"]
            assert (hdus[0].header["RA"], hdus[0].header["DEC"]) == (row["ra"], row["dec"])
            assert hdus["SCI"].header["CRVAL1"] == row["ra"] and hdus["SCI"].header["LATPOLE"] == row["dec"]


def _probabilities(n, seed=0):
    logits = 2 * np.random.default_rng(seed).standard_normal((n, 4))
    return np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)


def test_predictions_written_to_the_catalogue_read_back_the_same(survey, tmp_path):
    probabilities = _probabilities(N).astype(np.float32)
    path = write_predictions(survey, probabilities, tmp_path / "predictions.fits", temperature=1.7)
    table = Table.read(path)
    assert "path" not in table.colnames and list(table["id"]) == list(survey["id"])
    assert [str(name) for name in table["predicted"]] == [GALAXY_CLASSES[k] for k in probabilities.argmax(axis=1)]
    for k, name in enumerate(GALAXY_CLASSES):
        np.testing.assert_array_equal(table[probability_column(name)], probabilities[:, k])
    softened = np.exp(np.log(probabilities) / 1.7)
    np.testing.assert_allclose(table["confidence"], (softened / softened.sum(axis=1, keepdims=True)).max(axis=1), 1e-5)
    assert fits.getheader(path, 1)["TEMPERAT"] == 1.7
    assert probability_column("edge-on disc") == "p_edge_on_disc"


def test_written_predictions_must_have_one_row_per_object(survey, tmp_path):
    with pytest.raises(ValueError, match=rf"\({N}, 4\)"):
        write_predictions(survey, _probabilities(N - 1), tmp_path / "p.fits")
    with pytest.raises(ValueError, match="summing to 1"):
        write_predictions(survey, 2 * _probabilities(N), tmp_path / "p.fits")
    with pytest.raises(ValueError, match="temperature"):
        write_predictions(survey, _probabilities(N), tmp_path / "p.fits", temperature=0)


def test_the_fitted_temperature_undoes_a_known_one():
    rng = np.random.default_rng(1)
    logits = 3 * rng.standard_normal((4000, 4))
    calibrated = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    labels = np.array([rng.choice(4, p=row) for row in calibrated])  # labels drawn from the probabilities
    overconfident = with_temperature(calibrated, 0.5)  # sharpened: T = 2 undoes it
    assert fit_temperature(overconfident, labels) == pytest.approx(2.0, rel=0.1)
    assert fit_temperature(calibrated, labels) == pytest.approx(1.0, rel=0.1)
    np.testing.assert_array_equal(with_temperature(overconfident, 2.0).argmax(1), calibrated.argmax(1))
    with pytest.raises(ValueError, match="class indices"):
        fit_temperature(calibrated, labels + 1)


def test_m13_is_astropy_s_real_image_with_a_sky_position():
    header = fits.getheader(m13_path())
    assert (header["NAXIS1"], header["NAXIS2"], header["CTYPE1"]) == (300, 300, "RA---TAN")
    assert abs(header["CRVAL1"] - 250.42) < 0.01 and abs(header["CRVAL2"] - 36.46) < 0.01  # M13 on the sky


def test_a_missing_m13_says_what_is_missing_and_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setattr("dl101.data.survey.M13_FILE", "no/such/m13.fits")
    with pytest.raises(FileNotFoundError, match=r"no/such/m13\.fits.*test data.*your own"):
        m13_path()


def test_astropy_writes_a_cutout_back_byte_for_byte(survey, tmp_path):
    # Read and written again by astropy itself, the stored integers untouched: nothing for astropy to fix.
    path = survey["path"][3]
    with fits.open(path, do_not_scale_image_data=True) as hdus:
        hdus.writeto(tmp_path / "astropy.fits")
    assert (tmp_path / "astropy.fits").read_bytes() == Path(path).read_bytes()
    with fits.open(path) as hdus:
        fits.HDUList([hdu.copy() for hdu in hdus]).writeto(tmp_path / "astropy.fits", overwrite=True)
    for name in ("SCI", "IVAR", "MASK"):  # and read as astropy reads it (SCI scaled to ADU), the same numbers
        np.testing.assert_array_equal(fits.getdata(path, name), fits.getdata(tmp_path / "astropy.fits", name))
