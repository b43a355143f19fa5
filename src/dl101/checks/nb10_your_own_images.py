"""Checks for notebook 10: a FITS cutout's stored integers and header read into fluxes, band by band.

The cases are cubes of stored 16-bit integers, as ``fits.getdata(path, "SCI", do_not_scale_image_data=True)``
gives them, each with its header's keywords in a dictionary (astropy's Header behaves like one; a
dictionary keeps astropy out of the import of every notebook's checks). They hold files whose planes
are stored in another order than the bands asked for, a single band asked for, BSCALE other than 1,
BZERO other than 0, BLANK other than -32768, pixels with no data in several bands, a zero point per
band, a header with no BSCALE, BZERO or BLANK card (FITS's values then: 1, 0 and no blank pixels), and
headers whose BSCALE and BZERO are integers, as astropy reads them from cards written without a decimal
point: unsigned 16-bit data (BZERO = 32768) and BSCALE = 2 on large stored values, where arithmetic in
the stored integers overflows.
"""

from __future__ import annotations

import numpy as np

from dl101.checks.core import Case, Exercise, Known

_RNG = np.random.default_rng(10)
NANOMAGGY = 22.5  # the AB magnitude of one nanomaggy


def _cube(bands: int, height: int, width: int, blank: int, holes: tuple, low: int = -60, high: int = 16000):
    """Stored integers in [low, high) (bands, height, width), big-endian as FITS files hold them, BLANK at ``holes``."""
    cube = _RNG.integers(low, high, (bands, height, width)).astype(">i2")
    for plane, row, column in holes:
        cube[plane, row, column] = blank
    return cube


def _header(file_bands: str, bscale: float | None, bzero: float | None, blank: int | None, zero_points: tuple) -> dict:
    """The SCI header's keywords the exercise needs, one BANDk and MAGZPk per plane; a card given as None is absent."""
    cards = {"BSCALE": bscale, "BZERO": bzero, "BLANK": blank, "BUNIT": "adu"}
    header = {key: value for key, value in cards.items() if value is not None}
    for k, (band, zero_point) in enumerate(zip(file_bands, zero_points, strict=True), start=1):
        header[f"BAND{k}"], header[f"MAGZP{k}"] = band, zero_point
    return header


SURVEY = _header("gri", 0.25, 0.0, -32768, (29.2474, 29.0051, 28.8071))  # this survey's files
SURVEY_CUBE = _cube(3, 4, 5, -32768, ((1, 0, 2), (1, 3, 4), (0, 2, 2)))
# Another pipeline's files: planes stored i, r, g; an offset BZERO; its own BLANK.
OTHER = _header("irg", 0.5, 100.0, -999, (30.1, 29.6, 29.9))
OTHER_CUBE = _cube(3, 3, 6, -999, ((0, 1, 1), (2, 2, 5)))
TWO_BANDS = _header("gi", 2.0, -50.0, -1, (27.4, 27.0))
TWO_BANDS_CUBE = _cube(2, 5, 3, -1, ((1, 4, 0), (0, 0, 0)))
# A pipeline that writes no BSCALE, BZERO or BLANK card: FITS's defaults, 1, 0 and no blank pixels.
NO_SCALING = _header("rg", None, None, None, (28.1, 28.3))
NO_SCALING_CUBE = _cube(2, 3, 4, 0, ())
# Unsigned 16-bit camera data: integer BSCALE 1 and BZERO 32768, every stored value possible, no BLANK card.
UNSIGNED = _header("gr", 1, 32768, None, (28.0, 27.6))
UNSIGNED_CUBE = _cube(2, 4, 4, 0, (), low=-32768, high=32768)
# An integer BSCALE on large stored values: 2 × 30000 does not fit 16 bits.
INTEGER_SCALE = _header("ri", 2, 0, -32768, (28.4, 28.2))
INTEGER_SCALE_CUBE = _cube(2, 3, 3, -32768, ((0, 1, 1),), low=16400, high=32767)
CASES = tuple(
    Case(f'cutout_flux(raw, header, "{bands}") for {what}', (raw, header, bands))
    for raw, header, bands, what in (
        (SURVEY_CUBE, SURVEY, "gri", "this survey's planes g, r, i (4 × 5 pixels, BLANK in r and g)"),
        (SURVEY_CUBE, SURVEY, "irg", "this survey's planes g, r, i"),
        (OTHER_CUBE, OTHER, "gri", "planes stored i, r, g (BSCALE 0.5, BZERO 100, BLANK -999)"),
        (OTHER_CUBE, OTHER, "r", "planes stored i, r, g, one band asked for"),
        (TWO_BANDS_CUBE, TWO_BANDS, "ig", "planes g, i (BSCALE 2, BZERO -50, BLANK -1)"),
        (NO_SCALING_CUBE, NO_SCALING, "gr", "planes r, g, no BSCALE, BZERO or BLANK card"),
        (UNSIGNED_CUBE, UNSIGNED, "gr", "unsigned 16-bit data: integer BSCALE 1 and BZERO 32768, no BLANK card"),
        (INTEGER_SCALE_CUBE, INTEGER_SCALE, "ri", "integer BSCALE 2 on stored values up to 32766, BZERO 0"),
    )
)


def _adu(raw, h):
    """BZERO + BSCALE × stored, in floats, with FITS's values 0 and 1 where the header has no such card."""
    return h.get("BZERO", 0.0) + h.get("BSCALE", 1.0) * raw.astype(np.float64)


def _stored(header, raw) -> str:
    """The bands of the file's planes, in their order: BAND1, BAND2, …"""
    return "".join(header[f"BAND{k}"] for k in range(1, len(raw) + 1))


def _flux(scale=_adu, to_nanomaggies=None, plane_of=None, missing=None):
    """A reader built from its parts; each mistake below swaps one part for a wrong one.

    ``scale`` turns stored integers into ADU, ``to_nanomaggies(h, k, i)`` gives the factor of plane k
    (from 1) asked for at position i, ``plane_of(h, raw, band)`` finds a band's plane, and ``missing``
    is the flux put where BLANK is (None: 0, with the pixel not valid).
    """
    to_nanomaggies = to_nanomaggies or (lambda h, k, i: 10 ** (-0.4 * (h[f"MAGZP{k}"] - NANOMAGGY)))
    plane_of = plane_of or (lambda h, raw, band: _stored(h, raw).index(band) + 1)

    def reader(raw, header, bands):
        fluxes, valid = [], []
        for i, band in enumerate(bands):
            k = plane_of(header, raw, band)
            measured = raw[k - 1] != header.get("BLANK")  # no BLANK card (None): every pixel measured
            flux = scale(raw[k - 1], header) * to_nanomaggies(header, k, i)
            fluxes.append(np.where(measured, flux, 0.0 if missing is None else missing))
            valid.append(measured)
        return np.stack(fluxes, axis=-1), np.stack(valid, axis=-1)

    return reader


IN_ORDER = "Find each band's plane from the header's BANDk keywords, then stack the planes in the order of `bands`."
# fmt: off
MISTAKES = (
    Known("zero point sign", "The fluxes grow with the zero point: the sign of the exponent is flipped.",
          "A larger zero point means fainter objects give each ADU: flux = ADU × 10^(−0.4 (MAGZP − 22.5)).",
          _flux(to_nanomaggies=lambda h, k, i: 10 ** (0.4 * (h[f"MAGZP{k}"] - NANOMAGGY)))),
    Known("no 22.5", "Your fluxes are in units of a source of magnitude 0, not in nanomaggies: 22.5 is missing.",
          "A nanomaggy is the flux of magnitude 22.5: flux = ADU × 10^(−0.4 (MAGZP − 22.5)).",
          _flux(to_nanomaggies=lambda h, k, i: 10 ** (-0.4 * h[f"MAGZP{k}"]))),
    Known("one zero point", "Every band got the zero point of the first plane, MAGZP1.",
          "Each band has its own zero point: plane k's is MAGZPk.",
          _flux(to_nanomaggies=lambda h, k, i: 10 ** (-0.4 * (h["MAGZP1"] - NANOMAGGY)))),
    Known("zero point by position", "Each band got the zero point of its position in `bands`, not of its plane in "
          "the file.", "Band b is stored in plane k (BANDk = b), and its zero point is MAGZPk of that same k.",
          _flux(to_nanomaggies=lambda h, k, i: 10 ** (-0.4 * (h[f"MAGZP{i + 1}"] - NANOMAGGY)))),
    Known("file order", "You returned the planes in the file's order, not the bands asked for.", IN_ORDER,
          lambda raw, header, bands: _flux()(raw, header, _stored(header, raw))),
    Known("bands by position", "You took the planes as if every file stored g, r, i in that order; the header's "
          "BANDk keywords say which band each plane holds.", IN_ORDER,
          _flux(plane_of=lambda h, raw, band: "gri".index(band) + 1)),
    Known("bands first", "Your arrays are (bands, height, width), FITS's order: the course's is (height, width, "
          "bands).", "Stack the planes with np.stack(..., axis=-1), or move the axis with np.moveaxis(cube, 0, -1).",
          lambda raw, header, bands: tuple(np.moveaxis(part, -1, 0) for part in _flux()(raw, header, bands))),
    Known("BSCALE forgotten", "The stored integers were not multiplied by BSCALE.",
          "The value in ADU is BZERO + BSCALE × stored integer: astropy does this when it reads .data.",
          _flux(scale=lambda raw, h: h.get("BZERO", 0.0) + raw.astype(np.float64))),
    Known("BZERO forgotten", "BZERO was not added: with BZERO = 0 (this survey) it does not matter, in other files "
          "it does.", "The value in ADU is BZERO + BSCALE × stored integer.",
          _flux(scale=lambda raw, h: h.get("BSCALE", 1.0) * raw.astype(np.float64))),
    Known("BZERO scaled", "BZERO was added before multiplying by BSCALE: (stored + BZERO) × BSCALE.",
          "BZERO is in ADU already: BZERO + BSCALE × stored integer.",
          _flux(scale=lambda raw, h: (raw.astype(np.float64) + h.get("BZERO", 0.0)) * h.get("BSCALE", 1.0))),
    Known("integer arithmetic", "BZERO + BSCALE × stored was computed in the stored 16-bit integers: with the "
          "integer BSCALE and BZERO that astropy reads from cards such as BZERO = 32768, it overflows (an "
          "OverflowError) or wraps around.",
          "Turn the stored integers into floats first: raw[k - 1].astype(np.float64).",
          _flux(scale=lambda raw, h: h.get("BZERO", 0) + h.get("BSCALE", 1) * raw)),
    Known("NaN left in", "The pixels with no data are NaN in your fluxes: one NaN makes the network's outputs NaN.",
          "Give the pixels with no data a flux of 0 (np.where(measured, flux, 0.0)), and say which they are in the "
          "valid array.", _flux(missing=np.nan)),
    Known("BLANK kept", "The pixels with no data got a flux, the BLANK integer scaled like a measurement, and count "
          "as valid.", "Compare the stored integers with the header's BLANK: raw != header[\"BLANK\"].",
          lambda raw, header, bands: _flux()(raw, {**header, "BLANK": None}, bands)),  # no integer is None
    Known("BLANK hard-coded", "You compared with -32768, this survey's BLANK, instead of the header's BLANK.",
          "Other files use another BLANK (-999, -1): read it from header[\"BLANK\"].",
          lambda raw, header, bands: _flux()(raw, {**header, "BLANK": -32768}, bands)),
)

EXERCISES = [
    Exercise("10.cutout_flux", "cutout_flux", CASES, MISTAKES, names=("raw", "header"), parts=("flux", "valid"),
             hint="For each band asked for: find its plane k (BANDk), ADU = BZERO + BSCALE × stored in floats "
                  "(astropy may read BSCALE and BZERO as integers), flux = ADU × 10^(−0.4 (MAGZPk − 22.5)), 0 where "
                  "the stored integer is BLANK; stack with axis=-1. A missing card has FITS's value: "
                  'header.get("BSCALE", 1), header.get("BZERO", 0), no BLANK: no pixel without data.'),
]
# fmt: on
