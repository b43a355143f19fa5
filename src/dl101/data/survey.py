"""The simulated sky as a survey on disk: one FITS file per object, a catalogue, and the code that reads them back.

A survey a learner is given looks like this, so notebook 10 starts from it:

- ``cutouts/NNNNNN.fits``: a primary header naming the object, then three extensions, each a cube
  of the bands g, r, i (FITS axes x, y, band: NumPy reads it as (band, row, column)):
  ``SCI``, the sky-subtracted images in ADU, stored as 16-bit integers scaled by BSCALE and BZERO,
  with a TAN WCS and, per band k (1, 2, 3), its name BANDk, zero point MAGZPk (the AB magnitude of
  a source giving 1 ADU), gain GAINk and seeing SEEINGk; ``IVAR``, the inverse variance of the
  empty sky in 1 / ADU² (sky and read noise, as many pipelines give it: a source's own photon noise
  is not included); and ``MASK``, bit flags (``SATURATED``, ``NO_DATA``). Each band has its own
  gain, so its own zero point, and its own sky, so its own depth. Some bands of some objects hold
  saturated pixels (clipped at SATURATE) or a strip with no data (a chip gap: BLANK in the file,
  NaN once read).
- ``catalogue.fits``: a FITS table (TOPCAT opens it) with ``id``, ``ra``, ``dec`` (degrees),
  ``file`` (relative to the catalogue), ``mag_r`` (aperture magnitude measured on the image) and
  ``label`` (a class name, or "" where nobody has classified the object).

Reading follows the course's conventions: :func:`read_cutout` gives fluxes in nanomaggies (zero
point 22.5) as (height, width, bands) float32, bands in the order asked for, with the inverse
variance and a boolean mask of the pixels that hold a valid measurement; :func:`network_input`
turns that into the network's input the way ``normalise`` does for the simulator (each band in
units of its empty-sky noise, arcsinh, divided by 3). :func:`write_predictions` writes a network's
answers back into the catalogue, with confidences scaled by a temperature (:func:`fit_temperature`,
notebook 09's calibration). :func:`m13_path` finds a real FITS image, astropy's own test cutout of
M13. astropy is imported only when a file is written or read.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np

from dl101.data.photometry import photometric_features
from dl101.data.sky import GALAXY_CLASSES, PIXEL_SCALE, READ_NOISE, ZERO_POINT, make_galaxies, sky_counts, stretch
from dl101.validation import check_integer

SURVEY_BANDS = "gri"
GAIN = {"g": 2.0, "r": 2.5, "i": 3.0}  # photo-electrons per ADU: each band its own zero point
SATURATION_ADU = 4000.0  # the detector's full well, in ADU: brighter pixels are clipped and flagged
BSCALE = 0.25  # ADU per stored integer: a quarter of an ADU, well below the sky noise of 4–7 ADU
BLANK = -32768  # the stored integer of a pixel with no data (FITS's BLANK keyword)
SATURATED, NO_DATA = 1, 2  # mask bits
NANOMAGGY_ZERO_POINT = 22.5  # AB magnitude of 1 nanomaggy
FIELD_CENTRE = (150.0, 2.0)  # degrees (RA, Dec): a made-up one-degree field
FIELD_SIZE = 1.0  # degrees on a side
CHIP_GAP_FRACTION = 0.03  # of the cutouts have a strip with no data in one band
FITS_BLOCK = 2880  # bytes: FITS files are made of blocks of this size


def zero_point(band: str) -> float:
    """The AB magnitude of a source that gives 1 ADU in ``band``'s exposure (the simulator's 1 count is 30)."""
    return ZERO_POINT - 2.5 * np.log10(GAIN[band])


class Cutout(NamedTuple):
    """One object's images as the network reads them: fluxes, inverse variances and valid pixels."""

    flux: np.ndarray  # (height, width, bands) float32, nanomaggies; 0 where not valid
    ivar: np.ndarray  # (height, width, bands) float32, 1 / nanomaggy² of the empty sky
    valid: np.ndarray  # (height, width, bands) bool: a measured, unsaturated pixel


def write_survey(directory: str | Path, n: int, seed: int = 0, labelled: float = 0.5, size: int = 32) -> Path:
    """Write ``n`` simulated objects as a survey in ``directory``: FITS cutouts and ``catalogue.fits``; return its path.

    ``labelled`` is the fraction of objects whose class the catalogue gives. The objects are those of
    ``make_galaxies(n, size, "gri", seed)``; the same arguments write the same survey.
    """
    from astropy.table import Table

    check_integer("n", n, 1, "the number of objects")
    check_integer("seed", seed, 0, "the random seed")
    check_integer("size", size, 16, "the cutout width in pixels")
    if not 0 <= labelled <= 1:
        raise ValueError(f"expected labelled, the fraction of objects with a class, between 0 and 1, got {labelled!r}")
    directory = Path(directory)
    (directory / "cutouts").mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 10])  # positions, labels given, defects: apart from the images' streams
    images, labels, _, truth = make_galaxies(n, size, SURVEY_BANDS, seed=seed, return_truth=True)
    r_magnitude = photometric_features(images)[:, 0]
    headers = _template_headers(size)
    rows = []
    for index in range(n):
        identifier = index + 1
        ra, dec = _sky_position(rng)
        name = f"cutouts/{identifier:06d}.fits"
        gap = _chip_gap(rng, size)
        seeing = float(truth["psf_fwhm"][index]) * PIXEL_SCALE
        hdus = _cutout_hdus(images[index], gap)
        _write_cutout(directory / name, headers, hdus, identifier, (ra, dec), seeing)
        label = GALAXY_CLASSES[labels[index]] if rng.random() < labelled else ""
        rows.append((identifier, ra, dec, name, float(r_magnitude[index]), label))
    catalogue = Table(rows=rows, names=("id", "ra", "dec", "file", "mag_r", "label"))
    catalogue["ra"].unit = catalogue["dec"].unit = "deg"
    catalogue["mag_r"].unit = "mag"
    catalogue.meta["COMMENT"] = ["Deep Learning 101 mock survey: simulated objects, not real ones."]
    path = directory / "catalogue.fits"
    catalogue.write(path, overwrite=True)
    return path


def _chip_gap(rng: np.random.Generator, size: int) -> tuple[str, int] | None:
    """None, or (band, first column) of a 3-column strip with no data: any 3 whole columns of the stamp."""
    if rng.random() >= CHIP_GAP_FRACTION:
        return None
    band = SURVEY_BANDS[rng.integers(len(SURVEY_BANDS))]
    return band, int(rng.integers(0, size - 2))  # first columns 0 to size − 3: the last strip ends at the edge


def _sky_position(rng: np.random.Generator) -> tuple[float, float]:
    """A random position in the made-up field, uniform on the sky's small square."""
    ra0, dec0 = FIELD_CENTRE
    dec = dec0 + FIELD_SIZE * (rng.random() - 0.5)
    ra = ra0 + FIELD_SIZE * (rng.random() - 0.5) / np.cos(np.radians(dec0))
    return float(ra), float(dec)


def _wcs_header(ra: float, dec: float, size: int):
    """A TAN WCS centred on (ra, dec) at the survey's pixel scale, north up and east to the left."""
    from astropy.wcs import WCS

    wcs = WCS(naxis=2)
    wcs.wcs.ctype = ["RA---TAN", "DEC--TAN"]
    wcs.wcs.crval = [ra, dec]
    wcs.wcs.crpix = [size / 2 + 0.5, size / 2 + 0.5]  # FITS pixels count from 1; the object sits at the centre
    wcs.wcs.cd = np.diag([-PIXEL_SCALE / 3600, PIXEL_SCALE / 3600])
    return wcs.to_header()


def _template_headers(size: int) -> list[tuple]:
    """The four headers every cutout of this size shares (primary, SCI, IVAR, MASK), made once by astropy.

    Each comes as (header, its text padded to whole FITS blocks); the cards that differ from object
    to object hold placeholders.
    """
    from astropy.io import fits

    cube = (len(SURVEY_BANDS), size, size)
    primary = fits.PrimaryHDU().header
    primary["OBJECT"] = (0, "catalogue id")
    primary["RA"], primary["DEC"] = FIELD_CENTRE
    primary["SURVEY"] = ("DL101 mock survey", "simulated by dl101.data.write_survey")
    header = fits.ImageHDU(np.zeros(cube, np.int16), name="SCI").header
    header.update(_wcs_header(*FIELD_CENTRE, size))
    header["BSCALE"], header["BZERO"], header["BLANK"] = BSCALE, 0.0, BLANK
    header["BUNIT"] = ("adu", "sky subtracted")
    header["SATURATE"] = (SATURATION_ADU, "ADU; brighter pixels clipped and flagged")
    header["PIXSCALE"] = (PIXEL_SCALE, "arcsec per pixel")
    for k, band in enumerate(SURVEY_BANDS, start=1):
        header[f"BAND{k}"] = (band, f"filter of plane {k}")
        header[f"MAGZP{k}"] = (round(zero_point(band), 4), f"{band}: AB magnitude of a source giving 1 ADU")
        header[f"GAIN{k}"] = (GAIN[band], f"{band}: photo-electrons per ADU")
        header[f"SEEING{k}"] = (0.0, f"{band}: PSF FWHM, arcsec")
    weights = fits.ImageHDU(np.zeros(cube, np.float32), name="IVAR").header
    weights["BUNIT"] = ("adu-2", "inverse variance of the empty sky")
    flags = fits.ImageHDU(np.zeros(cube, np.uint8), name="MASK").header
    flags["SATURATD"] = (SATURATED, "bit: pixel at the saturation level")
    flags["NODATA"] = (NO_DATA, "bit: no data (chip gap)")
    return [(each, each.tostring()) for each in (primary, header, weights, flags)]


def _cutout_hdus(counts: np.ndarray, gap) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One object's g, r, i counts (height, width, 3) as FITS cubes: stored ADU integers, inverse variance, mask.

    ``gap`` is None or (band, first column) of a 3-column strip with no data.
    """
    gains = np.array([GAIN[band] for band in SURVEY_BANDS], np.float32)
    adu = np.moveaxis(counts, -1, 0) / gains[:, None, None]  # (band, row, column), FITS's own order
    mask = np.where(adu >= SATURATION_ADU, SATURATED, 0).astype(np.uint8)
    stored = np.round(np.minimum(adu, SATURATION_ADU) / BSCALE).astype(np.int16)
    variance = (sky_counts(SURVEY_BANDS) + READ_NOISE**2) / gains**2  # ADU²: sky photons and read noise
    ivar = np.broadcast_to(1 / variance[:, None, None], adu.shape).astype(np.float32)
    if gap is not None:
        band, column = SURVEY_BANDS.index(gap[0]), gap[1]
        stored[band, :, column : column + 3] = BLANK
        mask[band, :, column : column + 3] |= NO_DATA
        ivar[band, :, column : column + 3] = 0  # no measurement: no information
    return stored, ivar, mask


def _write_cutout(path: Path, headers: list, hdus: tuple, identifier: int, position, seeing: float) -> None:
    """One cutout file: the template headers with this object's values, each followed by its data.

    A FITS file is 2880-byte blocks: a header of 80-character cards, then the data, big-endian,
    padded with zeros. astropy formats the headers once per survey and each changed card; a file
    costs a few milliseconds instead of tens with a new astropy HDU list per object.
    """
    primary, science, weights, flags = headers
    seeing_cards = {f"SEEING{k}": round(float(seeing), 3) for k in range(1, len(SURVEY_BANDS) + 1)}
    ra, dec = position
    science_values = {"CRVAL1": ra, "CRVAL2": dec, "LATPOLE": dec, **seeing_cards}  # LATPOLE as astropy's WCS has it
    with open(path, "wb") as file:
        file.write(_filled(primary, {"OBJECT": identifier, "RA": ra, "DEC": dec}))
        for header, values, data in zip((science, weights, flags), (science_values, {}, {}), hdus, strict=True):
            file.write(_filled(header, values))
            raw = data.astype(data.dtype.newbyteorder(">")).tobytes()  # FITS stores numbers big-endian
            file.write(raw + bytes(-len(raw) % FITS_BLOCK))


def _filled(template: tuple, values: dict) -> bytes:
    """A template header's text, padded to whole blocks, with the cards in ``values`` given new values."""
    from astropy.io import fits

    header, text = template
    for keyword, value in values.items():
        index = header.index(keyword)
        card = fits.Card(keyword, value, header.comments[keyword]).image  # 80 characters, as astropy formats it
        text = text[: 80 * index] + card + text[80 * (index + 1) :]
    return text.encode("ascii")


def read_catalogue(path: str | Path):
    """The survey's catalogue as an astropy Table, with each ``file`` made absolute; a clear error if it is missing."""
    from astropy.table import Table

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no catalogue at {path}: write one with dl101.data.write_survey(directory, n)")
    catalogue = Table.read(path)
    missing = {"id", "file"} - set(catalogue.colnames)
    if missing:
        raise ValueError(f"{path} is not a survey catalogue: it has no column {', '.join(sorted(missing))}")
    catalogue.convert_bytestring_to_unicode()  # FITS stores text as bytes: str compares with "" and class names
    if getattr(catalogue["label"], "mask", None) is not None:  # FITS may read an empty string back as masked
        catalogue["label"] = catalogue["label"].filled("")
    catalogue["path"] = [str(path.parent / name) for name in catalogue["file"]]
    return catalogue


def read_cutout(path: str | Path, bands: str = SURVEY_BANDS) -> Cutout:
    """One cutout in the course's convention: fluxes in nanomaggies (height, width, bands), in the order of ``bands``.

    Each band's ADU (astropy applies BSCALE and BZERO, and turns BLANK into NaN) times
    10^(−0.4 (MAGZP − 22.5)) is its flux in nanomaggies; a NaN or saturated pixel is not valid,
    and its flux is set to 0 so that no NaN reaches a network.
    """
    from astropy.io import fits

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"cutout {path} does not exist: is the catalogue's file column right?")
    with fits.open(path) as hdus:
        try:  # by name, reading no further than MASK: listing every HDU first costs a third of the time
            science, weights, flags = hdus["SCI"], hdus["IVAR"], hdus["MASK"]
        except KeyError:
            names = [hdu.name for hdu in hdus]
            raise ValueError(
                f"{path} is not a survey cutout: it needs SCI, IVAR and MASK extensions, has {names}"
            ) from None
        header = science.header
        planes = {header.get(f"BAND{k}"): k - 1 for k in range(1, header.get("NAXIS3", 1) + 1)}
        if missing := [band for band in bands if band not in planes]:
            raise ValueError(f"{path} holds bands {sorted(filter(None, planes))}, not {missing}")
        order = [planes[band] for band in bands]
        zero_points = np.array([header[f"MAGZP{k + 1}"] for k in order], np.float32)
        to_nanomaggies = 10 ** (-0.4 * (zero_points - NANOMAGGY_ZERO_POINT))
        image = np.moveaxis(science.data[order], 0, -1).astype(np.float32)
        ivar = np.moveaxis(weights.data[order], 0, -1).astype(np.float32)
        bits = np.moveaxis(flags.data[order], 0, -1)
    valid = np.isfinite(image) & (bits == 0)
    flux = np.where(valid, image * to_nanomaggies, 0).astype(np.float32)
    return Cutout(flux, np.where(valid, ivar / to_nanomaggies**2, 0).astype(np.float32), valid)


def network_input(cutout: Cutout) -> np.ndarray:
    """The network's input from a cutout, as ``normalise`` makes it: flux over empty-sky noise, arcsinh, / 3.

    The noise of a band is its typical (median) sky sigma over the valid pixels; pixels that are
    not valid are 0, which the network reads as empty sky: pass ``cutout.valid`` alongside when the
    difference matters.
    """
    sigma = np.empty(cutout.flux.shape[-1], np.float32)
    for b in range(len(sigma)):
        good = cutout.ivar[..., b][cutout.valid[..., b]]
        sigma[b] = 1 / np.sqrt(np.median(good)) if good.size else 1.0
    return stretch(np.where(cutout.valid, cutout.flux / sigma, 0))


# Predictions back into the catalogue.


def with_temperature(probabilities: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(log p / T) row by row (notebook 09): the same classes, softer (T > 1) or sharper (T < 1)."""
    logits = np.log(np.clip(np.asarray(probabilities, np.float64), 1e-12, None)) / temperature
    scaled = np.exp(logits - logits.max(axis=1, keepdims=True))
    return scaled / scaled.sum(axis=1, keepdims=True)


def fit_temperature(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """The temperature T that minimises the cross-entropy of ``with_temperature(probabilities, T)`` (notebook 09)."""
    from scipy.optimize import minimize_scalar

    probabilities, labels = _checked_predictions(probabilities, labels=labels)

    def cross_entropy(log_t: float) -> float:
        scaled = with_temperature(probabilities, np.exp(log_t))
        return float(-np.mean(np.log(np.clip(scaled[np.arange(len(labels)), labels], 1e-12, None))))

    return float(np.exp(minimize_scalar(cross_entropy, bounds=(-3, 3), method="bounded").x))  # T in [e^-3, e^3]


def write_predictions(
    catalogue, probabilities: np.ndarray, path: str | Path, temperature: float = 1.0, class_names=GALAXY_CLASSES
) -> Path:
    """Write the catalogue with the network's answer for each row, as a FITS table TOPCAT opens; return its path.

    The new columns: ``predicted`` (the class name), ``p_<class>`` (the network's probabilities as
    it gives them) and ``confidence`` (the predicted class's probability after temperature scaling
    with ``temperature``, fitted on labelled objects the network did not train on). The header's
    TEMPERAT keeps the temperature. The machine-specific ``path`` column is left out.
    """
    from astropy.table import Table

    probabilities, _ = _checked_predictions(probabilities, n=len(catalogue), class_names=class_names)
    if not np.isfinite(temperature) or temperature <= 0:
        raise ValueError(f"expected temperature, a positive number, got {temperature!r}")
    table = Table(catalogue, copy=True)
    if "path" in table.colnames:
        table.remove_column("path")
    table["predicted"] = [class_names[k] for k in probabilities.argmax(axis=1)]
    for k, name in enumerate(class_names):
        table[probability_column(name)] = probabilities[:, k].astype(np.float32)
    table["confidence"] = with_temperature(probabilities, temperature).max(axis=1).astype(np.float32)
    table.meta["TEMPERAT"] = (float(temperature), "temperature of the scaled confidence")
    path = Path(path)
    table.write(path, overwrite=True)
    return path


def probability_column(class_name: str) -> str:
    """The catalogue column of a class's probability: "p_edge_on_disc" for "edge-on disc"."""
    return "p_" + "".join(c if c.isalnum() else "_" for c in class_name)


def _checked_predictions(probabilities, labels=None, n: int | None = None, class_names=None):
    """Class probabilities (rows, classes) that sum to 1, for ``n`` rows and these classes; integer labels, if any."""
    probabilities = np.asarray(probabilities, np.float64)
    classes = probabilities.shape[-1] if class_names is None else len(class_names)
    rows = n if n is not None else len(probabilities)
    if probabilities.shape != (rows, classes):
        raise ValueError(
            f"expected probabilities of shape ({rows}, {classes}), one row per object, got {probabilities.shape}"
        )
    if not np.all(np.isfinite(probabilities)) or not np.allclose(probabilities.sum(axis=1), 1, atol=1e-3):
        raise ValueError("expected probabilities: finite, and each row summing to 1 (a softmax's outputs)")
    if labels is None:
        return probabilities, None
    labels = np.asarray(labels)
    if labels.shape != (rows,) or labels.dtype.kind not in "iu" or labels.min() < 0 or labels.max() >= classes:
        raise ValueError(f"expected labels, {rows} class indices from 0 to {classes - 1}, got {labels!r}")
    return probabilities, labels


# A real image.

M13_FILE = "io/fits/hdu/compressed/tests/data/m13.fits"  # inside the astropy package


def m13_path() -> Path:
    """The real SkyView cutout of the globular cluster M13 (300 × 300 pixels, TAN WCS) that astropy's wheel ships.

    It is astropy's test data, so a packager may leave it out: then a FileNotFoundError says so.
    """
    import astropy

    path = Path(astropy.__file__).parent / M13_FILE
    if not path.is_file():
        raise FileNotFoundError(
            f"astropy {astropy.__version__} has no {M13_FILE} (its test data, which some installations leave out): "
            "install astropy from PyPI with pip, or use any FITS image of your own with a WCS"
        )
    return path
