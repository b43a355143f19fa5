import numpy as np


def magnitude_to_flux(magnitude, zero_point=22.5):
    """Flux (in units set by the zero point: nanomaggies for 22.5) of an AB magnitude."""
    return 10 ** (-0.4 * (np.asarray(magnitude) - zero_point))
