"""The simulated sky: multi-band survey cut-outs of galaxies and stars, generated offline from a seed.

Each image is a small cut-out of a ground-based imaging survey, centred on one object of one of
four classes (``GALAXY_CLASSES``):

- **elliptical**: a de Vaucouleurs (Sérsic n = 4) profile of old, red stars;
- **spiral**: a red de Vaucouleurs bulge plus an exponential disc (Sérsic n = 1), part of whose
  light sits in two logarithmic spiral arms traced by blue star-forming knots;
- **edge-on disc**: a thin exponential disc seen from the side, often with a dust lane along the
  midplane that dims blue light more than red;
- **star**: a point source, so the image is the point-spread function (PSF) alone.

How an image is made, and the physics behind each step:

1. *Light profiles.* Every profile is a sum of concentric elliptical Gaussians (a Gaussian
   mixture) with a fixed table of widths and flux fractions, fitted once to the Sérsic law
   I(r) ∝ exp(−b_n [(r / r_e)^(1/n) − 1]). The mixtures follow the law to a few per cent between
   0.1 and 3 r_e, fall off faster beyond about 5 r_e (as the truncated profiles of survey
   photometry do), and are scaled so that r_e is exactly the half-light radius. Each galaxy has a
   position angle, an axis ratio q (minor / major axis) and a small offset from the stamp centre.
2. *Colours.* Each component has the colours of its stellar population: old stars (ellipticals,
   bulges) are red, discs bluer, star-forming knots bluest; stars follow a stellar locus from hot
   and blue to cool and red. Colours scatter by a few hundredths of a magnitude, and a galaxy at
   redshift z (uniform in 0.02–0.35) looks redder by a linear k-correction, most for old stars
   whose 4000 Å break moves into the g band: a distant spiral can be as red as a nearby elliptical.
3. *Dust.* A dust lane multiplies the disc by 1 − a exp(−v² / 2w²) (v: distance from the
   midplane), with an optical depth that falls as 1 / wavelength, so the lane is deepest in u and g.
   At this resolution the lane mostly dims and reddens the disc; the seeing blurs the dark line.
4. *Seeing and pixels.* The atmosphere blurs every image with a Gaussian PSF whose FWHM varies
   from image to image (0.6–1.0 arcsec by default, the same in every band); a pixel integrates the light over
   its area. A Gaussian blurred by a Gaussian is a Gaussian whose covariance is the sum, so both
   steps are exact and cheap: add the PSF variance and 1/12 pixel² (the variance of a pixel-wide
   box) to every component's variance.
5. *Noise.* Each pixel collects a Poisson number of photo-electrons from the object plus the sky
   background (a dark sky, brighter in redder bands), and the detector adds Gaussian read noise.
   The sky level is then subtracted, as a survey pipeline would do.

Units: pixel values are sky-subtracted counts (photo-electrons, gain 1) per pixel, with a zero
point of ``ZERO_POINT`` = 30 AB magnitudes in every band: an object of total flux F counts has
magnitude m = 30 − 2.5 log10(F). Pixels are ``PIXEL_SCALE`` = 0.25 arcsec wide, so a 32-pixel
stamp spans 8 arcsec. Objects have r-band magnitudes between 17 and 21.5 before dust (by default;
``make_galaxies`` takes other seeing and magnitude ranges, a survey's conditions); fainter
galaxies are smaller on the sky. Spiral arms show in the larger, brighter spirals; small faint
spirals look like round blobs, and the most compact ellipticals under poor seeing look like stars.

Reproducible: the same ``seed`` gives the same bytes, whatever the chunk size and in any process
(for a given NumPy version and kind of CPU: vectorised float32 maths can differ in the last bit
between instruction sets); each band has its own noise streams, so the r band of
``bands="gri"`` equals ``bands="r"``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from dl101.validation import check_integer

GALAXY_CLASSES = ("elliptical", "spiral", "edge-on disc", "star")
BANDS = "ugriz"
ZERO_POINT = 30.0  # AB magnitude of a source that gives one count in total
PIXEL_SCALE = 0.25  # arcsec per pixel
SKY_MAG = {"u": 22.1, "g": 22.0, "r": 21.2, "i": 20.5, "z": 19.6}  # dark-sky brightness, AB mag per arcsec²
READ_NOISE = 5.0  # counts per pixel, standard deviation
WAVELENGTH_NM = np.array([355.0, 469.0, 617.0, 748.0, 893.0])  # effective wavelengths of u, g, r, i, z

MAG_RANGE = (17.0, 21.5)  # r-band AB magnitudes, uniform
PSF_FWHM_ARCSEC = (0.6, 1.0)  # seeing, uniform
MAX_OFFSET = 2.5  # pixels: the object's centre is uniform within this distance of the stamp centre, in x and y

# Magnitude offsets m_band − m_r of each stellar population in the order u, g, r, i, z: at redshift 0
# (first row) and their change per unit redshift (second row: a linear k-correction).
OLD_STARS = np.array([[2.45, 0.75, 0.0, -0.40, -0.75], [4.5, 2.5, 0.0, -0.7, -0.9]])  # ellipticals, bulges
DISC_STARS = np.array([[1.35, 0.45, 0.0, -0.25, -0.45], [3.0, 1.5, 0.0, -0.4, -0.6]])  # smooth disc light
YOUNG_STARS = np.array([[0.85, 0.15, 0.0, -0.05, -0.05], [1.5, 0.8, 0.0, -0.2, -0.3]])  # knots in spiral arms
COLOUR_SCATTER = 0.04  # mag, per band and component

# Gaussian mixtures of the Sérsic profiles: variances in units of r_e² and fractions of the total flux.
DEV_VARIANCE = np.array([0.002302, 0.01892, 0.09153, 0.3389, 1.077, 3.378, 14.88])
DEV_FRACTION = np.array([0.0383, 0.0894, 0.1404, 0.1725, 0.1818, 0.1867, 0.1909])
EXP_VARIANCE = np.array([0.02613, 0.1428, 0.4426, 1.093, 2.57])
EXP_FRACTION = np.array([0.0172, 0.1106, 0.2919, 0.3958, 0.1844])

ARMS = 2
KNOTS_PER_ARM = 8
EXP_SCALE_PER_RE = 1 / 1.6783  # scale length of an exponential disc in units of its half-light radius
FWHM_PER_SIGMA = 2 * np.sqrt(2 * np.log(2))


class Components(NamedTuple):
    """Elliptical Gaussians in each object's own frame (u along the major axis), before seeing.

    Every field has shape (m, k): m objects of k components; ``flux`` is (m, k, 5), counts in u g r i z.
    """

    u: np.ndarray
    v: np.ndarray
    var_u: np.ndarray
    var_v: np.ndarray
    flux: np.ndarray


def sky_counts(bands: str = "gri") -> np.ndarray:
    """Sky background per pixel, in counts, of each band."""
    _check_bands(bands)
    mags = np.array([SKY_MAG[band] for band in bands])
    return 10 ** (-0.4 * (mags - ZERO_POINT)) * PIXEL_SCALE**2


def sky_noise(bands: str = "gri") -> np.ndarray:
    """Standard deviation of an empty-sky pixel, in counts, of each band: Poisson and read noise."""
    return np.sqrt(sky_counts(bands) + READ_NOISE**2)


def _check_bands(bands: str) -> None:
    if not isinstance(bands, str) or not bands or any(b not in BANDS for b in bands) or len(set(bands)) < len(bands):
        raise ValueError(f"expected bands as a string of distinct letters from {BANDS!r}, e.g. 'gri', got {bands!r}")


def _check_range(name: str, value: object, limits: tuple[float, float], unit: str) -> tuple[float, float]:
    """A (low, high) pair of numbers with limits[0] <= low <= high <= limits[1], as floats."""
    try:
        low, high = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        low = high = np.nan
    if not limits[0] <= low <= high <= limits[1]:
        raise ValueError(
            f"expected {name} as (low, high) in {unit}, "
            f"with {limits[0]:g} <= low <= high <= {limits[1]:g}, got {value!r}"
        )
    return low, high


def _band_fluxes(mag_r: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Total counts in u g r i z of objects with r magnitudes (m,) and colour offsets (m, 5)."""
    return 10 ** (-0.4 * (mag_r[:, None] + offsets - ZERO_POINT))


def _sersic(mixture: tuple[np.ndarray, np.ndarray], r_e: np.ndarray, q: np.ndarray, flux: np.ndarray) -> Components:
    """A concentric Gaussian mixture of half-light radius r_e (m,), axis ratio q (m,), total counts flux (m, 5)."""
    variance, fraction = mixture
    var_u = variance[None, :] * r_e[:, None] ** 2
    zero = np.zeros_like(var_u)
    return Components(zero, zero, var_u, var_u * q[:, None] ** 2, flux[:, None, :] * fraction[None, :, None])


def _join(*parts: Components) -> Components:
    """All components of several sets, side by side."""
    return Components(*(np.concatenate(fields, axis=1) for fields in zip(*parts, strict=True)))


def _half_light_radius(parts: list[Components]) -> np.ndarray:
    """Semi-major axis (pixels) of the ellipse holding half the r-band light of concentric components."""
    comps = _join(*parts)
    r_flux = comps.flux[:, :, BANDS.index("r")]
    weight = r_flux / r_flux.sum(axis=1, keepdims=True)
    lo, hi = np.zeros(len(weight)), 10 * np.sqrt(comps.var_u.max(axis=1))
    for _ in range(50):  # bisection on the enclosed fraction
        mid = (lo + hi) / 2
        inside = (weight * -np.expm1(-(mid[:, None] ** 2) / (2 * comps.var_u))).sum(axis=1)
        lo, hi = np.where(inside < 0.5, mid, lo), np.where(inside < 0.5, hi, mid)
    return (lo + hi) / 2


def _arms(disc_r_e: np.ndarray, q: np.ndarray, flux: np.ndarray, p: dict[str, np.ndarray]) -> Components:
    """Star-forming knots along logarithmic spiral arms in the disc plane, seen at axis ratio q.

    The knots are spaced evenly in ln r from 0.7 to 3 disc scale lengths, at polar angle
    θ = θ₀ + ln r / tan(pitch) (plus π for the second arm); each carries the disc light of its
    ln r interval, so the arms follow the exponential profile; ``flux`` (m, 5) is shared among them.
    """
    step = np.log(3.0 / 0.7) / (KNOTS_PER_ARM - 1)
    scaled_r = 0.7 * np.exp(step * np.arange(KNOTS_PER_ARM))  # in disc scale lengths
    r = np.tile(scaled_r, ARMS)[None, :] * (disc_r_e * EXP_SCALE_PER_RE)[:, None]
    arm_offset = np.repeat(np.pi * np.arange(ARMS), KNOTS_PER_ARM)[None, :]
    tan_pitch = np.tan(p["pitch"])[:, None]
    theta = p["arm_phase"][:, None] + p["winding"][:, None] * np.log(r) / tan_pitch + arm_offset
    width = np.maximum(0.35 * r * step / np.sin(np.arctan(tan_pitch)), 0.5)  # 0.35 × the spacing along the arm
    x = r * np.cos(theta) + 0.3 * width * p["knot_shift"][:, :, 0]
    y = r * np.sin(theta) + 0.3 * width * p["knot_shift"][:, :, 1]
    light = np.tile(scaled_r**2 * np.exp(-scaled_r), ARMS)[None, :] * p["knot_brightness"]
    light /= light.sum(axis=1, keepdims=True)
    qq = q[:, None]
    return Components(x, qq * y, width**2, (qq * width) ** 2, light[:, :, None] * flux[:, None, :])


def _dust_lane(disc: Components, width: np.ndarray, depth: np.ndarray) -> Components:
    """Negative components that multiply a disc by 1 − depth · exp(−v² / 2 width²); depth is (m, 5).

    The product of two Gaussians in v is a Gaussian of variance 1 / (1/var_v + 1/width²), holding
    the fraction sqrt(new var_v / var_v) of the light.
    """
    var_v = 1 / (1 / disc.var_v + 1 / width[:, None] ** 2)
    kept = np.sqrt(var_v / disc.var_v)
    return Components(disc.u, disc.v, disc.var_u, var_v, -depth[:, None, :] * kept[:, :, None] * disc.flux)


def _scattered(offsets: np.ndarray, p: dict[str, np.ndarray], component: int) -> np.ndarray:
    """Colour offsets (m, 5) plus each object's own scatter, in every band but r."""
    return offsets + COLOUR_SCATTER * p["scatter"][:, component] * (np.arange(5) != 2)


def _colours(population: np.ndarray, p: dict[str, np.ndarray], component: int) -> np.ndarray:
    """Offsets m_band − m_r (m, 5) of a population at each galaxy's redshift, with scatter."""
    return _scattered(population[0][None, :] + p["redshift"][:, None] * population[1][None, :], p, component)


def _elliptical(p: dict[str, np.ndarray]) -> tuple[Components, np.ndarray, np.ndarray]:
    """A red de Vaucouleurs spheroid: its components, axis ratio and half-light radius."""
    r_e = _size(p, median=3.0)
    q = 0.5 + 0.5 * p["shape"]
    colours = _colours(OLD_STARS, p, 0)
    body = _sersic((DEV_VARIANCE, DEV_FRACTION), r_e, q, _band_fluxes(p["mag"], colours))
    return body, q, _half_light_radius([body])


def _spiral(p: dict[str, np.ndarray]) -> tuple[Components, np.ndarray, np.ndarray]:
    """A red bulge, a bluer exponential disc and bluest knots along two spiral arms."""
    disc_r_e = _size(p, median=5.0)
    q = 0.45 + 0.55 * p["shape"]  # discs inclined up to about 63°
    bulge_share = 0.5 * p["bulge"]  # bulge-to-total ratio in r, 0 to 0.5
    arm_share = 0.4 + 0.3 * p["arm_share"]  # fraction of the disc's r-band light in the knots
    bulge_flux = bulge_share[:, None] * _band_fluxes(p["mag"], _colours(OLD_STARS, p, 0))
    bulge = _sersic((DEV_VARIANCE, DEV_FRACTION), disc_r_e * (0.15 + 0.2 * p["bulge_size"]), q, bulge_flux)
    disc_flux = (1 - bulge_share)[:, None] * _band_fluxes(p["mag"], _colours(DISC_STARS, p, 1))
    disc = _sersic((EXP_VARIANCE, EXP_FRACTION), disc_r_e, q, disc_flux)
    knots_flux = ((1 - bulge_share) * arm_share)[:, None] * _band_fluxes(p["mag"], _colours(YOUNG_STARS, p, 2))
    knots = _arms(disc_r_e, q, knots_flux, p)
    smooth = disc._replace(flux=disc.flux * (1 - arm_share)[:, None, None])
    return _join(bulge, smooth, knots), q, _half_light_radius([bulge, disc])


def _edge_on(p: dict[str, np.ndarray]) -> tuple[Components, np.ndarray, np.ndarray]:
    """A thin exponential disc seen from the side, with a dust lane in 60 % of them."""
    r_e = _size(p, median=7.0)
    q = 0.08 + 0.17 * p["shape"]
    colours = _colours(DISC_STARS, p, 1)
    disc = _sersic((EXP_VARIANCE, EXP_FRACTION), r_e, q, _band_fluxes(p["mag"], colours))
    tau_v = np.where(p["dusty"] < 0.6, 0.5 + 1.5 * p["dust_depth"], 0.0)  # optical depth at 551 nm
    depth = -np.expm1(-tau_v[:, None] * 551.0 / WAVELENGTH_NM[None, :])
    lane = _dust_lane(disc, 0.5 * q * r_e, depth)
    return _join(disc, lane), q, _half_light_radius([disc])


def _star(p: dict[str, np.ndarray]) -> tuple[Components, np.ndarray, np.ndarray]:
    """A point source with colours along a stellar locus from hot (t = 0) to cool (t = 1)."""
    t = p["star_colour"]
    g_r, u_g = 0.2 + 1.2 * t, 0.8 + 1.7 * t
    r_i, i_z = 0.05 + 0.25 * t + 0.9 * t**3, 0.15 * t + 0.5 * t**3
    offsets = np.stack([g_r + u_g, g_r, 0 * t, -r_i, -r_i - i_z], axis=1)
    flux = _band_fluxes(p["mag"], _scattered(offsets, p, 0))
    zero = np.zeros((len(t), 1))
    return Components(zero, zero, zero, zero, flux[:, None, :]), np.ones(len(t)), np.zeros(len(t))


def _size(p: dict[str, np.ndarray], median: float) -> np.ndarray:
    """Half-light radius (pixels): ``median`` at r = 19, smaller for fainter objects, log-normal scatter."""
    return median * 10 ** (-0.12 * (p["mag"] - 19.0)) * np.exp(0.3 * p["size"])


BUILDERS = (_elliptical, _spiral, _edge_on, _star)


def _draw_parameters(n: int, rng: np.random.Generator, magnitudes: tuple[float, float]) -> dict[str, np.ndarray]:
    """Every random number an image needs, drawn for all n images at once in a fixed order."""
    uniform = ("mag", "x", "y", "seeing", "angle", "shape", "redshift", "bulge", "bulge_size", "arm_share")
    p = {name: rng.uniform(0, 1, n) for name in uniform}
    p |= {
        name: rng.uniform(0, 1, n) for name in ("pitch", "arm_phase", "winding", "star_colour", "dusty", "dust_depth")
    }
    p["size"] = rng.standard_normal(n)
    p["scatter"] = rng.standard_normal((n, 3, 5))
    p["knot_shift"] = rng.standard_normal((n, ARMS * KNOTS_PER_ARM, 2))
    p["knot_brightness"] = rng.lognormal(0.0, 0.3, (n, ARMS * KNOTS_PER_ARM))
    p["mag"] = magnitudes[0] + (magnitudes[1] - magnitudes[0]) * p["mag"]
    p["redshift"] = 0.02 + 0.33 * p["redshift"]
    p["pitch"] = np.deg2rad(12 + 18 * p["pitch"])
    p["arm_phase"] = 2 * np.pi * p["arm_phase"]
    p["winding"] = np.where(p["winding"] < 0.5, -1.0, 1.0)
    return p


def _per_component(values: np.ndarray) -> np.ndarray:
    """Float32 values of shape (m, k, ...) rearranged to (k, ..., m, 1, 1), to broadcast over images."""
    return np.ascontiguousarray(np.moveaxis(values, 0, -1), dtype=np.float32)[..., None, None]


def _render(comps: Components, truth: dict[str, np.ndarray], band_index: list[int], size: int) -> np.ndarray:
    """Noise-free images (m, size, size, bands), float32: every component blurred by the PSF, integrated over pixels."""
    f32 = np.float32
    grid = np.arange(size, dtype=f32) - size // 2
    dx = grid[None, None, :] - truth["x_offset"].astype(f32)[:, None, None]
    dy = grid[None, :, None] - truth["y_offset"].astype(f32)[:, None, None]
    angle = np.deg2rad(truth["position_angle"])
    cos, sin = np.cos(angle).astype(f32)[:, None, None], np.sin(angle).astype(f32)[:, None, None]
    u, v = dx * cos + dy * sin, dy * cos - dx * sin
    blur = (truth["psf_fwhm"] / FWHM_PER_SIGMA) ** 2 + 1 / 12
    var_u, var_v = comps.var_u + blur[:, None], comps.var_v + blur[:, None]
    peak = comps.flux[:, :, band_index] / (2 * np.pi * np.sqrt(var_u * var_v))[:, :, None]
    centre_u, centre_v, scale_u, scale_v = (_per_component(a) for a in (comps.u, comps.v, -0.5 / var_u, -0.5 / var_v))
    peak = _per_component(peak)  # (k, bands, m, 1, 1)
    images = np.zeros((len(band_index), len(u), size, size), dtype=f32)
    gauss, term = np.empty_like(u), np.empty_like(u)
    for k in range(len(centre_u)):  # exp(−(u − u_k)² / 2 var_u − (v − v_k)² / 2 var_v), in place
        np.subtract(u, centre_u[k], out=gauss)
        gauss *= gauss
        gauss *= scale_u[k]
        np.subtract(v, centre_v[k], out=term)
        term *= term
        term *= scale_v[k]
        gauss += term
        np.exp(gauss, out=gauss)
        for b in range(len(band_index)):
            np.multiply(gauss, peak[k, b], out=term)
            images[b] += term
    return images.transpose(1, 2, 3, 0)


def _add_noise(images: np.ndarray, bands: str, streams: list[np.random.SeedSequence], chunk_size: int) -> None:
    """Replace noise-free images by Poisson counts of object + sky, minus the sky, plus read noise; in place."""
    sky = sky_counts(bands).astype(np.float32)
    generators = {
        band: (
            np.random.default_rng(streams[2 * BANDS.index(band)]),
            np.random.default_rng(streams[2 * BANDS.index(band) + 1]),
        )
        for band in bands
    }
    for start in range(0, len(images), chunk_size):
        block = images[start : start + chunk_size]
        for b, band in enumerate(bands):
            photons, detector = generators[band]
            counts = photons.poisson(np.maximum(block[..., b], 0) + sky[b]).astype(np.float32)
            read = detector.standard_normal(counts.shape, dtype=np.float32)
            block[..., b] = counts - sky[b] + np.float32(READ_NOISE) * read


def make_galaxies(
    n: int,
    size: int = 32,
    bands: str = "gri",
    seed: int = 0,
    *,
    noise: bool = True,
    return_truth: bool = False,
    seeing: tuple[float, float] = PSF_FWHM_ARCSEC,
    magnitudes: tuple[float, float] = MAG_RANGE,
    chunk_size: int = 128,
) -> tuple:
    """Simulated survey cut-outs of galaxies and stars: ``(images, labels, class_names)``.

    ``images`` is float32 of shape (n, size, size, len(bands)) (NHWC), in sky-subtracted counts
    per pixel with a zero point of 30 AB mag (see the module docstring for the physics);
    ``labels`` (n,) int64 indexes ``class_names`` = ``GALAXY_CLASSES`` (elliptical, spiral,
    edge-on disc, star), balanced to within one image per class and shuffled.

    ``noise=False`` returns the noise-free images of the same objects. ``return_truth=True``
    appends a dict of per-image truth, all float32: ``flux`` and ``magnitude`` (n, bands) of the
    whole object after dust; ``half_light_radius`` (semi-major axis in pixels of the ellipse holding
    half the r-band light, dust-free, before seeing; 0 for stars); ``axis_ratio`` (minor / major);
    ``position_angle`` (degrees in [0, 180), from the +x axis (columns) towards +y (rows));
    ``x_offset``, ``y_offset`` (pixels from pixel (size // 2, size // 2)); ``psf_fwhm`` (pixels);
    ``redshift`` (0 for stars), which sets how much the galaxy's colours are reddened.

    The survey's conditions: ``seeing``, the range of the PSF's FWHM in arcsec, and
    ``magnitudes``, the range of the objects' r-band magnitudes before dust, each drawn uniformly
    (defaults ``PSF_FWHM_ARCSEC`` and ``MAG_RANGE``). The same seed draws the same objects under
    other conditions: only their blur, or their brightness and with it their size, changes.
    ``chunk_size`` only bounds memory: the images do not depend on it.
    """
    check_integer("n", n, 1, "the number of images")
    check_integer("size", size, 16, "the image width in pixels")
    _check_bands(bands)
    check_integer("seed", seed, 0, "the random seed")
    check_integer("chunk_size", chunk_size, 1, "the number of images made at once")
    seeing = _check_range("seeing", seeing, (0.05, 5.0), "arcsec (the PSF's FWHM)")
    magnitudes = _check_range("magnitudes", magnitudes, (10.0, 30.0), "r-band AB magnitudes")
    streams = np.random.SeedSequence(seed).spawn(1 + 2 * len(BANDS))
    rng = np.random.default_rng(streams[0])
    labels = rng.permutation(np.arange(n) % len(GALAXY_CLASSES))
    p = _draw_parameters(n, rng, magnitudes)
    truth = {
        "x_offset": MAX_OFFSET * (2 * p["x"] - 1),
        "y_offset": MAX_OFFSET * (2 * p["y"] - 1),
        "position_angle": np.where(labels == GALAXY_CLASSES.index("star"), 0.0, 180 * p["angle"]),
        "psf_fwhm": (seeing[0] + (seeing[1] - seeing[0]) * p["seeing"]) / PIXEL_SCALE,
        "half_light_radius": np.zeros(n),
        "axis_ratio": np.ones(n),
        "redshift": np.where(labels == GALAXY_CLASSES.index("star"), 0.0, p["redshift"]),
        "flux": np.zeros((n, len(bands))),
    }
    band_index = [BANDS.index(band) for band in bands]
    images = np.empty((n, size, size, len(bands)), dtype=np.float32)
    for label, build in enumerate(BUILDERS):
        members = np.flatnonzero(labels == label)
        for start in range(0, len(members), chunk_size):
            index = members[start : start + chunk_size]
            comps, truth["axis_ratio"][index], truth["half_light_radius"][index] = build(
                {name: values[index] for name, values in p.items()}
            )
            truth["flux"][index] = comps.flux[:, :, band_index].sum(axis=1)
            images[index] = _render(comps, {name: values[index] for name, values in truth.items()}, band_index, size)
    if noise:
        _add_noise(images, bands, streams[1:], chunk_size)
    if not return_truth:
        return images, labels, GALAXY_CLASSES
    truth["magnitude"] = ZERO_POINT - 2.5 * np.log10(truth["flux"])
    return images, labels, GALAXY_CLASSES, {name: values.astype(np.float32) for name, values in truth.items()}


def normalise(images: np.ndarray, bands: str = "gri") -> np.ndarray:
    """Network input: each band in units of its empty-sky noise, compressed by arcsinh, divided by 3.

    Counts span from about −10 (noise) to tens of thousands (a bright star's core). arcsinh is
    linear near 0 and logarithmic for bright pixels, so faint outskirts and bright cores both stay
    within a few units: the range a network trains well on.
    """
    images = np.asarray(images, dtype=np.float32)
    _check_bands(bands)
    if images.ndim != 4 or images.shape[-1] != len(bands):
        expected = f"(n, height, width, {len(bands)})"
        raise ValueError(f"expected images of shape {expected} for bands {bands!r}, got {images.shape}")
    return stretch(images / sky_noise(bands).astype(np.float32))


def stretch(noise_units: np.ndarray) -> np.ndarray:
    """arcsinh(x) / 3 of images in units of their sky noise: the network input of ``normalise``."""
    return np.arcsinh(np.asarray(noise_units, dtype=np.float32)) / np.float32(3)


def symmetries(image: np.ndarray) -> list[np.ndarray]:
    """The 8 images that rotations by multiples of 90° and flips make of an (height, width, bands) image."""
    rotations = [np.rot90(image, k, axes=(0, 1)) for k in range(4)]
    return rotations + [rotation[:, ::-1] for rotation in rotations]


SPLIT_SEEDS = {"train": 1, "validation": 2, "test": 3}  # one seed per split: no image is in two splits


def sky_splits(n_train: int = 6000, n_validation: int = 1000, n_test: int = 2000, size: int = 32, bands: str = "gri"):
    """The course's standard split of the simulated sky, normalised for a network.

    Returns ``(x_train, y_train), (x_validation, y_validation), (x_test, y_test)``, each split
    simulated from its own seed (``SPLIT_SEEDS``), so the same sizes give the same images in every
    notebook. ``class_names`` are ``GALAXY_CLASSES``.
    """
    splits = []
    for name, n in (("train", n_train), ("validation", n_validation), ("test", n_test)):
        images, labels, _ = make_galaxies(n, size=size, bands=bands, seed=SPLIT_SEEDS[name])
        splits.append((normalise(images, bands), labels))
    return tuple(splits)
