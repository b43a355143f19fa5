"""Real survey images on request: Galaxy10 SDSS, downloaded once, verified by its SHA-256, then cached.

Galaxy10 SDSS holds 21,785 galaxies imaged by the Sloan Digital Sky Survey, 69 × 69 pixels in
three bands (g, r, i, stored as 8-bit colour images), each labelled with one of ten
morphological classes by Galaxy Zoo volunteers (only galaxies where more than 55 % of the votes
agree). The classes are unbalanced: from 6,997 round smooth galaxies down to 17 edge-on discs
with a boxy bulge. The file (about 210 MB of HDF5, datasets ``images`` and ``ans``) lives in a
Zenodo record; ``data/README.md`` gives the provenance and how to cite it.

Nothing is downloaded unless a learner calls :func:`load_galaxy10`. Offline, it raises
:class:`Galaxy10Unavailable`, which says what it tried and points to the simulated sky,
:func:`dl101.data.make_galaxies`, which needs no network.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

GALAXY10_URL = "https://zenodo.org/records/10844811/files/Galaxy10.h5"
GALAXY10_SHA256 = "969a6b1cefcc36e09fffa86febd2f699a4aa19b837ba0427f01b0bc6ded458af"
GALAXY10_FILENAME = "Galaxy10.h5"
GALAXY10_CLASSES = (
    "disc, face-on, no spiral",
    "smooth, completely round",
    "smooth, in-between round",
    "smooth, cigar-shaped",
    "disc, edge-on, rounded bulge",
    "disc, edge-on, boxy bulge",
    "disc, edge-on, no bulge",
    "disc, face-on, tight spiral",
    "disc, face-on, medium spiral",
    "disc, face-on, loose spiral",
)
DEFAULT_CACHE_DIR = Path.home() / ".keras"  # Keras's own cache: datasets go to ~/.keras/datasets


class Galaxy10Unavailable(OSError):
    """Galaxy10 could not be downloaded or verified; the message says what was tried and what to do."""


def galaxy10_path(cache_dir: str | os.PathLike | None = None) -> Path:
    """Where the verified file is kept once downloaded."""
    return Path(cache_dir or DEFAULT_CACHE_DIR) / "datasets" / GALAXY10_FILENAME


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read in chunks so that a large file needs little memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def galaxy10_is_cached(cache_dir: str | os.PathLike | None = None, sha256: str = GALAXY10_SHA256) -> bool:
    """True when the file is already on this machine and verified, so loading it needs no network."""
    path = galaxy10_path(cache_dir)
    return path.is_file() and sha256_of(path) == sha256


def download_galaxy10(
    cache_dir: str | os.PathLike | None = None, url: str = GALAXY10_URL, sha256: str = GALAXY10_SHA256
) -> Path:
    """Download the file once (Keras's ``get_file``), verify its SHA-256, and return its path.

    A failed, interrupted or corrupted download leaves nothing in the cache.
    """
    import keras

    path = galaxy10_path(cache_dir)
    if path.is_file() and sha256_of(path) == sha256:
        return path
    advice = (
        "The simulated sky needs no network: dl101.data.make_galaxies(n) returns images of the same "
        f"shape. With the file from elsewhere, put it at {path}."
    )
    try:
        downloaded = keras.utils.get_file(
            fname=GALAXY10_FILENAME,
            origin=url,
            file_hash=sha256,
            hash_algorithm="sha256",
            cache_dir=str(path.parent.parent),
            cache_subdir=path.parent.name,
        )
    except ValueError as error:  # Keras found a checksum mismatch and left the file behind
        path.unlink(missing_ok=True)
        raise Galaxy10Unavailable(
            f"Galaxy10 downloaded from {url} does not have the expected SHA-256 ({sha256[:12]}…): the file "
            f"was incomplete or changed, and has been deleted. Try again later. {advice}"
        ) from error
    except Exception as error:  # noqa: BLE001 -- Keras raises a bare Exception for network failures
        path.unlink(missing_ok=True)
        raise Galaxy10Unavailable(
            f"Galaxy10 could not be downloaded from {url}: {error}. Are you offline? {advice}"
        ) from error
    return Path(downloaded)


def stratified_indices(labels: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """``n`` indices drawn without replacement, each class in proportion to its size and at least once; sorted."""
    classes, counts = np.unique(labels, return_counts=True)
    if not len(classes) <= n <= len(labels):
        raise ValueError(f"expected n between {len(classes)} (one per class) and {len(labels)}, got {n}")
    ideal = counts * n / len(labels)
    share = np.maximum(1, np.floor(ideal).astype(int))  # every class at least once
    for c in np.argsort(share - ideal):  # the most under-served classes get the images left over
        if share.sum() >= n:
            break
        share[c] += 1
    while share.sum() > n:  # the rare classes' minimum of one came from the largest class
        share[np.argmax(share)] -= 1
    rng = np.random.default_rng(seed)
    picks = [rng.choice(np.flatnonzero(labels == c), k, replace=False) for c, k in zip(classes, share, strict=True)]
    return np.sort(np.concatenate(picks))


def load_galaxy10(
    n: int | None = 5000,
    seed: int = 0,
    cache_dir: str | os.PathLike | None = None,
    url: str = GALAXY10_URL,
    sha256: str = GALAXY10_SHA256,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Galaxy10 SDSS as ``(images, labels, class_names)``, like ``make_galaxies``: float32 NHWC in [0, 1].

    ``n`` images are drawn as a stratified sample (every class in proportion, at least one
    each); ``n=None`` loads all 21,785, about 1.2 GB as float32: more than a Binder session
    can spare. Downloads about 210 MB on first use, then reads the cached file.
    """
    import h5py

    path = download_galaxy10(cache_dir, url, sha256)
    with h5py.File(path, "r") as file:
        labels = np.asarray(file["ans"]).astype(np.int64)
        indices = np.arange(len(labels)) if n is None else stratified_indices(labels, n, seed)
        images = file["images"][indices]  # h5py reads only the selected rows (indices are sorted)
    return images.astype(np.float32) / 255.0, labels[indices], GALAXY10_CLASSES
