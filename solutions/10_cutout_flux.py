import numpy as np


def cutout_flux(raw, header, bands):
    """Fluxes in nanomaggies (height, width, len(bands)) and the pixels that hold data, from a cutout's stored cube."""
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]  # each plane's band, in the file's order
    bscale, bzero = header.get("BSCALE", 1.0), header.get("BZERO", 0.0)  # FITS's values when the cards are missing
    blank = header.get("BLANK")  # no BLANK card: every pixel holds a measurement
    fluxes, has_data = [], []
    for band in bands:
        k = planes.index(band) + 1  # FITS numbers the planes, and their keywords, from 1
        stored = raw[k - 1].astype(np.float64)  # integer BSCALE, BZERO (32768) would overflow 16-bit integers
        adu = bzero + bscale * stored  # what astropy's .data would give
        nanomaggies = adu * 10 ** (-0.4 * (header[f"MAGZP{k}"] - 22.5))
        measured = raw[k - 1] != blank  # with no BLANK (None), every pixel differs from it: all measured
        fluxes.append(np.where(measured, nanomaggies, 0.0))
        has_data.append(measured)
    return np.stack(fluxes, axis=-1), np.stack(has_data, axis=-1)
