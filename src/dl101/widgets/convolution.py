"""Notebook 06's explorer: a 3×3 kernel slid over one band of a galaxy, with a stride, padding and pooling.

The figure shows the galaxy, the kernel's numbers, the feature map the kernel makes (optionally
through a ReLU, which makes it an activation map) and that map after 2×2 pooling, each titled with
its shape, so the output-size formula can be read off while the controls move.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
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
# One colour scale for every hand-made kernel, ±(their largest weight): a weight has the same colour in every figure.
KERNEL_SCALE = max(float(np.max(np.abs(weights))) for weights in KERNELS.values())
POOLINGS = ("none", "max", "average")
MAX_DENOMINATOR = 16  # weights that are fractions with at most this denominator are written as whole numbers
BANDS = "gri"
# (kernel, stride, padding, pooling, ReLU) of each row of the static figure.
EXAMPLES = (
    ("vertical edges", 1, "valid", "none", False),
    ("horizontal edges", 1, "same", "max", True),
    ("blur", 2, "same", "average", False),
)
TITLE_PAD = 12  # points above a map: its title clears the colour bar's top tick label, which reaches above the map
FIGURE_WIDTH = 9.8  # inches: with the margin of a saved figure, at most 10 inches (1000 pixels) wide
ROW_HEIGHT = 2.9  # inches per setting: the panels are square, so the width sets their size
# Relative widths of the galaxy, the kernel, the feature map and the pooled map: the maps carry a colour bar, a
# 3 × 3 kernel needs little room, and the galaxy gets the rest.
PANEL_WIDTHS = (1.25, 0.8, 1.2, 1.2)
# The positive half of the signed maps' scale: after a ReLU, a value has the colour it has before it.
POSITIVE_HALF = ListedColormap(plt.get_cmap("RdBu_r")(np.linspace(0.5, 1.0, 128)), name="RdBu_r_positive")


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
    """A feature map with its colour bar: white is 0, red positive, blue negative.

    A map with negative values has a diverging scale centred on 0; a map with none (after a ReLU) a
    scale from 0 (white) to its largest value (dark red), so no half of the scale goes unused.
    """
    values = np.asarray(values, dtype=float)
    limit = np.max(np.abs(values)) or 1.0
    if values.min() >= 0:
        picture = ax.imshow(values, cmap=POSITIVE_HALF, vmin=0, vmax=limit)
    else:
        picture = ax.imshow(values, cmap="RdBu_r", vmin=-limit, vmax=limit)
    # In the axes, not beside them: a layout engine then keeps the bar and its label clear of the next panel.
    ax.figure.colorbar(picture, cax=ax.inset_axes((1.05, 0.0, 0.06, 1.0)), label="value")
    ax.set(xlabel="column (pixel)", ylabel="row (pixel)")
    ax.set_title(title, pad=TITLE_PAD)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=3, integer=True))  # few ticks: legible in small panels
    ax.grid(False)


def show_kernel(ax: plt.Axes, weights: np.ndarray, title: str) -> None:
    """A 2-D kernel as coloured squares, each labelled with its weight; a factor all weights share goes in the title.

    Colours are on one symmetric scale, ±``KERNEL_SCALE``, the largest weight of the hand-made kernels:
    a weight has the same colour in every panel and every figure (red positive, blue negative). A
    kernel with a larger weight gets a scale of its own, ± that weight.
    """
    weights = np.asarray(weights, dtype=float)
    limit = max(KERNEL_SCALE, float(np.max(np.abs(weights))))
    ax.imshow(weights, cmap="RdBu_r", vmin=-limit, vmax=limit)
    labels, factor = weight_labels(weights)
    for (row, column), weight in np.ndenumerate(weights):
        colour = "white" if abs(weight) > 0.6 * limit else "black"  # readable on dark and light squares
        ax.text(column, row, labels[row, column], ha="center", va="center", fontsize=11, color=colour)
    ax.set(
        title=title + factor,
        xlabel="kernel column",
        ylabel="kernel row",
        xticks=range(weights.shape[1]),
        yticks=range(weights.shape[0]),
    )
    ax.grid(False)


def weight_labels(weights: np.ndarray) -> tuple[np.ndarray, str]:
    """Each weight as its square shows it, and the factor they share: a blur's ninths as 1s, " (×1/9)".

    Whole numbers fit a small square at 11 pt; "0.11" three times in a row runs together.
    """
    fractions = [Fraction(weight).limit_denominator(MAX_DENOMINATOR) for weight in weights.flat]
    denominator = math.lcm(*(fraction.denominator for fraction in fractions))
    if denominator > 1 and np.allclose([float(fraction) for fraction in fractions], weights.flat, rtol=0, atol=1e-12):
        numerators = [str(fraction.numerator * (denominator // fraction.denominator)) for fraction in fractions]
        return np.array(numerators).reshape(weights.shape), f" (×1/{denominator})"
    labels = [re.sub(r"^(-?)0\.", r"\1.", f"{weight:.2g}") for weight in weights.flat]  # .11, not 0.11
    return np.array(labels).reshape(weights.shape), ""


def _draw_row(axes: Sequence[plt.Axes], image: np.ndarray, band: str, settings: tuple) -> None:
    """One setting across four panels: the galaxy, the kernel, the feature map, the pooled map."""
    kernel, stride, padding, pooling, relu = settings
    feature, pooled = feature_maps(image[..., BANDS.index(band)], kernel, stride, padding, pooling, relu)
    axes[0].imshow(image[..., BANDS.index(band)], cmap="gray")  # the band the kernel slides over, not a composite
    axes[0].set(title=f"input: {band} band\n{image.shape[0]}×{image.shape[1]}", xlabel="column (pixel)")
    axes[0].set_ylabel("row (pixel)")
    axes[0].grid(False)
    show_kernel(axes[1], KERNELS[kernel], f"kernel:\n{kernel}")  # two lines: a narrow panel
    activation = "ReLU, " if relu else ""
    show_map(
        axes[2], feature, f"feature map {feature.shape[0]}×{feature.shape[1]}\n{activation}stride {stride}, {padding}"
    )
    if pooled is None:
        axes[3].axis("off")
        axes[3].text(0.5, 0.5, "no pooling", ha="center", va="center", transform=axes[3].transAxes)
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
    image = _check_image(image)
    fig, axes = _panel_rows(1)
    _draw_row(axes[0], image, band, (kernel, stride, padding, pooling, relu))
    return fig


def draw_convolution_examples(image: np.ndarray, band: str = "r", examples: Sequence[tuple] = EXAMPLES) -> plt.Figure:
    """A few settings of kernel, stride, padding and pooling, one per row."""
    image = _check_image(image)
    fig, axes = _panel_rows(len(examples))
    for row, settings in zip(axes, examples, strict=True):
        _draw_row(row, image, band, settings)
    fig.suptitle("One kernel at a time: feature maps and pooling")
    return fig


def _panel_rows(n_rows: int) -> tuple[plt.Figure, np.ndarray]:
    """A figure of ``n_rows`` rows of the four panels, laid out with room for every colour bar and label."""
    return plt.subplots(
        n_rows,
        4,
        figsize=(FIGURE_WIDTH, ROW_HEIGHT * n_rows + 0.3),  # and the figure's title
        width_ratios=PANEL_WIDTHS,
        layout="constrained",  # unlike tight_layout, it keeps a colour bar's label clear of the next panel
        squeeze=False,
    )


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
