"""Notebook 06's explorer: a 3×3 kernel slid over one band of a galaxy, with a stride, padding and pooling.

The figure shows the galaxy, the kernel's numbers, the feature map the kernel makes (optionally
through a ReLU, which makes it an activation map) and that map after 2×2 pooling, each titled with
its shape, so the output-size formula can be read off while the controls move.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from dl101 import nn
from dl101.nn.conv import PADDINGS
from dl101.widgets.core import explorer

# Classic hand-made 3×3 kernels; Sobel's edge detectors respond to brightness changing from top to bottom
# (horizontal edges) or from left to right (vertical edges).
KERNELS: dict[str, np.ndarray] = {
    "identity": np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
    "blur": np.full((3, 3), 1 / 9),
    "horizontal edges": np.array([[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]]),
    "vertical edges": np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]),
    "Laplacian": np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
    "sharpen": np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
}
POOLINGS = ("none", "max", "average")
BANDS = "gri"
# (kernel, stride, padding, pooling, ReLU) of each row of the static figure.
EXAMPLES = (
    ("vertical edges", 1, "valid", "none", False),
    ("horizontal edges", 1, "same", "max", True),
    ("blur", 2, "same", "average", False),
)


def feature_maps(
    band_image: np.ndarray,
    kernel: str,
    stride: int = 1,
    padding: str = "valid",
    pooling: str = "none",
    relu: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The map one named kernel makes on a (height, width) image, and that map pooled 2×2 (None for "none")."""
    if kernel not in KERNELS:
        raise ValueError(f"expected a kernel among {sorted(KERNELS)}, got {kernel!r}")
    if pooling not in POOLINGS:
        raise ValueError(f"expected pooling among {POOLINGS}, got {pooling!r}")
    band_image = np.asarray(band_image, dtype=float)
    if band_image.ndim != 2:
        raise ValueError(f"expected one band, an image of shape (height, width), got {band_image.shape}")
    feature = nn.conv2d(band_image[None, :, :, None], KERNELS[kernel][:, :, None, None], stride=stride, padding=padding)
    if relu:
        feature = nn.relu(feature)
    pooled = None
    if pooling != "none":
        pooled = (nn.max_pool2d if pooling == "max" else nn.avg_pool2d)(feature, pool_size=2)[0, :, :, 0]
    return feature[0, :, :, 0], pooled


def show_map(ax: plt.Axes, values: np.ndarray, title: str) -> None:
    """A feature map in a diverging colour map centred on 0 (red positive, blue negative), with its colour bar."""
    limit = np.max(np.abs(values)) or 1.0
    picture = ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit)
    plt.colorbar(picture, ax=ax, fraction=0.046, pad=0.04, label="value")
    ax.set(title=title, xlabel="column (pixel)", ylabel="row (pixel)")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=3, integer=True))  # few ticks: legible in small panels
    ax.grid(False)


def show_kernel(ax: plt.Axes, weights: np.ndarray, title: str) -> None:
    """A 2-D kernel as coloured squares, each labelled with its weight."""
    weights = np.asarray(weights, dtype=float)
    limit = np.max(np.abs(weights)) or 1.0
    ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
    for (row, column), weight in np.ndenumerate(weights):
        colour = "white" if abs(weight) > 0.6 * limit else "black"  # readable on dark and light squares
        label = re.sub(r"^(-?)0\.", r"\1.", f"{weight:.2g}")  # .11, not 0.11: fits a small square at 11 pt
        ax.text(column, row, label, ha="center", va="center", fontsize=11, color=colour)
    ax.set(
        title=title,
        xlabel="kernel column",
        ylabel="kernel row",
        xticks=range(weights.shape[1]),
        yticks=range(weights.shape[0]),
    )
    ax.grid(False)


def _draw_row(axes: Sequence[plt.Axes], image: np.ndarray, band: str, settings: tuple) -> None:
    """One setting across four panels: the galaxy, the kernel, the feature map, the pooled map."""
    kernel, stride, padding, pooling, relu = settings
    feature, pooled = feature_maps(image[..., BANDS.index(band)], kernel, stride, padding, pooling, relu)
    axes[0].imshow(image[..., BANDS.index(band)], cmap="gray")  # the band the kernel slides over, not a composite
    axes[0].set(title=f"input: {band} band\n{image.shape[0]}×{image.shape[1]}", xlabel="column (pixel)")
    axes[0].set_ylabel("row (pixel)")
    axes[0].grid(False)
    show_kernel(axes[1], KERNELS[kernel], f"kernel: {kernel}")
    activation = "ReLU, " if relu else ""
    show_map(
        axes[2], feature, f"feature map {feature.shape[0]}×{feature.shape[1]}\n{activation}stride {stride}, {padding}"
    )
    if pooled is None:
        axes[3].axis("off")
        axes[3].set_title("no pooling")
    else:
        show_map(axes[3], pooled, f"2×2 {pooling} pooling: {pooled.shape[0]}×{pooled.shape[1]}")


def _check_image(image: np.ndarray) -> np.ndarray:
    image = np.asarray(image, dtype=float)
    if image.ndim != 3 or image.shape[-1] != len(BANDS):
        raise ValueError(f"expected one g, r, i image of shape (height, width, 3), got {image.shape}")
    return image


def draw_convolution(
    image: np.ndarray,
    band: str = "r",
    kernel: str = "vertical edges",
    stride: int = 1,
    padding: str = "valid",
    pooling: str = "max",
    relu: bool = False,
) -> plt.Figure:
    """The galaxy, the kernel, its feature map on one band, and the pooled map, side by side."""
    fig, axes = plt.subplots(1, 4, figsize=(9.8, 3.2))
    _draw_row(axes, _check_image(image), band, (kernel, stride, padding, pooling, relu))
    fig.tight_layout()
    return fig


def draw_convolution_examples(image: np.ndarray, band: str = "r", examples: Sequence[tuple] = EXAMPLES) -> plt.Figure:
    """A few settings of kernel, stride, padding and pooling, one per row."""
    image = _check_image(image)
    fig, axes = plt.subplots(len(examples), 4, figsize=(9.8, 3.0 * len(examples)), squeeze=False)
    for row, settings in zip(axes, examples, strict=True):
        _draw_row(row, image, band, settings)
    fig.suptitle("One kernel at a time: feature maps and pooling")
    fig.tight_layout()
    return fig


def convolution_explorer(images: np.ndarray, names: Sequence[str]) -> None:
    """Controls for the galaxy, band, kernel, stride, padding, pooling and ReLU; without widgets, a few settings."""
    import ipywidgets

    images = np.asarray(images)
    if len(images) != len(names):
        raise ValueError(f"expected one name per image ({len(images)}), got {len(names)}")
    for image in images:
        _check_image(image)
    galaxies = ipywidgets.Dropdown(options=[(name, index) for index, name in enumerate(names)], description="galaxy")
    explorer(
        lambda galaxy, **settings: draw_convolution(images[galaxy], **settings),
        lambda: draw_convolution_examples(images[0]),
        galaxy=galaxies,
        band=ipywidgets.ToggleButtons(options=list(BANDS), value="r", description="band"),
        kernel=ipywidgets.Dropdown(options=list(KERNELS), value="vertical edges", description="kernel"),
        stride=ipywidgets.IntSlider(value=1, min=1, max=3, description="stride", continuous_update=False),
        padding=ipywidgets.ToggleButtons(options=list(PADDINGS), description="padding"),
        pooling=ipywidgets.ToggleButtons(options=list(POOLINGS), value="max", description="pooling"),
        relu=ipywidgets.Checkbox(value=False, description="ReLU"),
    )
