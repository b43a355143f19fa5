"""The figures the course draws again and again, in one colour-blind-safe style."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.colors import ListedColormap
from matplotlib.legend import Legend
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import offset_copy

# Okabe & Ito (2008): distinguishable with every common form of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def use_course_style() -> None:
    """Set Matplotlib's defaults for the course: colour-blind-safe colours, readable sizes."""
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
            "figure.figsize": (6.4, 4.4),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 11,
            "axes.titlesize": 12,
            "legend.frameon": False,
            "image.cmap": "viridis",
        }
    )


LEGEND_DROP = 36  # points below an axes: clear of its tick labels and its x label (their lowest edge is 33 pt down)


def legend_below(ax: plt.Axes, per_row: int = 4, extra: Sequence[Artist] = (), **kwargs) -> Legend:
    """A legend centred under the axes, below its tick labels and x label, where it cannot hide any data.

    Its entries are the axes' labelled artists, then ``extra``: labelled stand-ins for what the legend
    cannot find by itself, such as the colour of a shaded zone (see :func:`zone_keys`). They fill rows
    of at most ``per_row``, fewer where the row would be wider than the axes.
    """
    if isinstance(per_row, bool) or not isinstance(per_row, (int, np.integer)) or per_row < 1:
        raise ValueError(f"expected per_row, the most entries a row, to be an integer >= 1, got {per_row!r}")
    handles, labels = ax.get_legend_handles_labels()
    handles, labels = [*handles, *extra], [*labels, *(artist.get_label() for artist in extra)]
    under_the_labels = offset_copy(ax.transAxes, fig=ax.figure, y=-LEGEND_DROP, units="points")
    for ncols in range(max(1, min(len(labels), per_row)), 0, -1):  # an empty legend still gets one column
        legend = ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, 0),
            bbox_transform=under_the_labels,
            ncols=ncols,
            **kwargs,
        )
        if legend.get_window_extent().width <= ax.get_window_extent().width:
            break
    return legend


def zone_keys(colours: Sequence[str], names: Sequence[str], alpha: float) -> list[Patch]:
    """Legend entries for a plane shaded by class: one patch per name, in its zone's colour and opacity."""
    if len(colours) != len(names):
        raise ValueError(f"expected one colour per zone name ({len(names)}), got {len(colours)} colours")
    return [Patch(facecolor=colour, alpha=alpha, label=name) for colour, name in zip(colours, names, strict=True)]


def validate_points_2d(X: np.ndarray, y: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"expected points of shape (n, 2), got {X.shape}")
    if y is not None:
        y = np.asarray(y).ravel()
        if len(y) != len(X):
            raise ValueError(f"expected one label per point ({len(X)}), got {len(y)} labels")
    return X, y


def predict_labels(model, X: np.ndarray) -> np.ndarray:
    """Class labels from a predict function, a scikit-learn estimator or a Keras model.

    Outputs of shape (n, k>1) are taken as class scores (argmax); a single column or a 1-D array
    of fractional values as the probability of class 1 (threshold 0.5).
    """
    if type(model).__module__.startswith("keras"):
        out = model(X, training=False)  # a direct call: much faster than predict() for one batch
    elif hasattr(model, "predict"):
        out = model.predict(X)
    elif callable(model):
        out = model(X)
    else:
        raise TypeError(f"expected a predict function, a scikit-learn estimator or a Keras model, got {type(model)}")
    out = np.asarray(out)
    if out.ndim == 2 and out.shape[1] > 1:
        return out.argmax(axis=1)
    out = out.reshape(len(X))
    if np.issubdtype(out.dtype, np.floating) and not np.all(out == np.round(out)):
        return (out >= 0.5).astype(int)
    return out.astype(int)


ZONE_OPACITY = 0.25  # light enough for the points on top to keep their colours


def plot_decision_boundary(
    model,
    X: np.ndarray,
    y: np.ndarray,
    ax: plt.Axes | None = None,
    title: str = "Decision boundary",
    xlabel: str = "$x_1$",
    ylabel: str = "$x_2$",
    class_names: Sequence[str] | None = None,
    resolution: int = 200,
) -> plt.Axes:
    """Colour the plane by the class ``model`` predicts, with the labelled points on top.

    The legend, under the axes, names each class's points, then each shaded zone ("predicted star").
    """
    X, y = validate_points_2d(X, y)
    ax = ax or plt.subplots()[1]
    pad = 0.1 * (X.max(axis=0) - X.min(axis=0))
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    zone = predict_labels(model, grid).reshape(gx.shape)
    classes = np.unique(np.concatenate([np.unique(y), np.unique(zone)])).astype(int)
    colours = [OKABE_ITO[c % len(OKABE_ITO)] for c in range(classes.max() + 1)]
    names = [class_names[c] if class_names is not None else f"class {c}" for c in range(classes.max() + 1)]
    ax.contourf(
        gx, gy, zone, levels=np.arange(classes.max() + 2) - 0.5, cmap=ListedColormap(colours), alpha=ZONE_OPACITY
    )
    for c in np.unique(y).astype(int):
        ax.scatter(*X[y == c].T, s=14, color=colours[c], edgecolor="white", linewidth=0.3, label=names[c])
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel, xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
    zones = zone_keys([colours[c] for c in classes], [f"predicted {names[c]}" for c in classes], ZONE_OPACITY)
    legend_below(ax, extra=zones, markerscale=2)  # points of 14 pt² are hard to tell apart at legend size
    return ax


def plot_learning_curves(
    history, ax: plt.Axes | None = None, metric: str = "loss", title: str | None = None
) -> plt.Axes:
    """Training (and validation, if recorded) ``metric`` per epoch, from a Keras History or a dict."""
    curves: Mapping[str, Sequence[float]] = getattr(history, "history", history)
    if metric not in curves:
        raise ValueError(f"expected a history with a {metric!r} entry, got entries {sorted(curves)}")
    ax = ax or plt.subplots()[1]
    epochs = np.arange(1, len(curves[metric]) + 1)
    ax.plot(epochs, curves[metric], label=f"training {metric}")
    if f"val_{metric}" in curves:
        ax.plot(epochs, curves[f"val_{metric}"], label=f"validation {metric}", linestyle="--")
    ax.set(title=title or f"Learning curves: {metric}", xlabel="epoch", ylabel=metric)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers: no tick at 2.5
    legend_below(ax)
    return ax


def plot_reliability(
    reliability, ax: plt.Axes | None = None, title: str | None = None, label: str = "model"
) -> plt.Axes:
    """A reliability diagram from ``dl101.metrics.reliability``: accuracy against confidence per bin, bars as wide
    as the bins, with the diagonal of perfect calibration; each bin's share of the predictions written above it."""
    ax = ax or plt.subplots()[1]
    edges, count = reliability.edges, reliability.count
    centres, width = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    filled = count > 0
    ax.bar(centres[filled], reliability.accuracy[filled], width[filled], edgecolor="black", alpha=0.7, label=label)
    ax.plot(
        reliability.confidence[filled],
        reliability.accuracy[filled],
        "o",
        color="black",
        markersize=5,
        label="a bin: its accuracy at its mean confidence",
    )
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    for x, share in zip(centres[filled], count[filled] / count.sum(), strict=True):
        if share >= 0.01:
            ax.text(x, 1.02, f"{share:.0%}", ha="center", va="bottom", fontsize=11)
    ax.set(
        xlim=(0, 1),
        ylim=(0, 1.12),
        xlabel="confidence (largest probability)",
        ylabel="accuracy in the bin",
        title=title or "Reliability diagram",
    )
    legend_below(ax, per_row=1)  # one entry's name is long
    return ax


def to_rgb(images: np.ndarray, like: np.ndarray | None = None) -> np.ndarray:
    """Three-band images (g, r, i order) as displayable RGB in [0, 1], with an asinh stretch per image.

    The sky is measured on each image's border (median and robust spread σ per band) and set to
    black one σ above its median, and the stretch is never steeper than 10 σ allows, so noise
    shows as dark grain, not as coloured confetti, whatever the images' units (counts,
    normalised, or [0, 1]). With ``like``, images of the same shape, the sky, σ and stretch are
    measured on ``like`` instead: a noise-free model or reconstruction is then shown exactly as
    its noisy input is, a faint object as faint.
    """
    images = np.asarray(images, dtype=float)
    reference = images if like is None else np.asarray(like, dtype=float)
    if images.ndim not in (3, 4) or images.shape[-1] != 3 or min(images.shape[-3:-1]) < 5:
        raise ValueError(f"expected images of shape ([n,] height, width, 3) with 3 bands g, r, i, got {images.shape}")
    if reference.shape != images.shape:
        raise ValueError(f"expected like of the images' shape {images.shape}, got {reference.shape}")
    rgb, reference = images[..., ::-1], reference[..., ::-1]  # i → red, r → green, g → blue: redder bands shown redder
    edge = np.ones(reference.shape[-3:-1], bool)
    edge[2:-2, 2:-2] = False  # the outer two rows and columns on all four sides: sky around a centred object
    border = reference[..., edge, :]
    sky = np.median(border, axis=-2)[..., None, None, :]
    spread = 1.4826 * np.median(np.abs(border - sky[..., 0, 0, :][..., None, :]), axis=-2)[..., None, None, :]
    rgb, reference = np.clip(rgb - sky - spread, 0, None), np.clip(reference - sky - spread, 0, None)
    # The brightest pixels set the stretch, but never below 10 σ: a faint object stays faint, not its noise bright.
    brightest = np.percentile(reference, 99.5, axis=(-3, -2, -1), keepdims=True)
    scale = np.maximum(brightest, 10 * spread.mean(-1, keepdims=True))
    stretched = np.arcsinh(rgb / (0.1 * scale + 1e-12)) / np.arcsinh(10.0)
    return np.clip(stretched, 0, 1)


def plot_image_grid(
    images: np.ndarray,
    labels: Sequence[int] | None = None,
    class_names: Sequence[str] | None = None,
    ncols: int = 8,
    title: str | None = None,
    cmap: str = "gray",
    panel_inches: float = 1.3,
) -> plt.Figure:
    """Show images of shape (n, height, width) or (n, height, width, 1 or 3) in a grid, with labels.

    Each image is ``panel_inches`` wide; rows leave room for labels of several lines.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] != 3):
        raise ValueError(
            f"expected images of shape (n, height, width) or (n, height, width, 1 or 3), got {images.shape}"
        )
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"expected one label per image ({len(images)}), got {len(labels)}")
    n = len(images)
    ncols = min(ncols, n)
    nrows = int(np.ceil(n / ncols))
    labels = [] if labels is None else list(labels)
    names = [class_names[label] if class_names is not None else str(label) for label in labels]
    title_lines = max((name.count("\n") + 1 for name in names), default=1)
    row_inches = panel_inches + 0.25 * title_lines  # the image, and its label above it
    height = row_inches * nrows + (0.4 if title else 0)  # and the figure's title
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel_inches * ncols, height), squeeze=False)
    shown = to_rgb(images) if images.ndim == 4 else images
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(shown[i], cmap=None if images.ndim == 4 else cmap)
        if names:
            ax.set_title(names[i], fontsize=11)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_galaxies(images: np.ndarray, labels: np.ndarray, class_names: Sequence[str], per_class: int = 6) -> plt.Figure:
    """The first ``per_class`` g, r, i images of each class, one class per row, in colour (asinh stretch)."""
    labels = np.asarray(labels)
    rows = [np.flatnonzero(labels == label)[:per_class] for label in range(len(class_names))]
    if any(len(row) < per_class for row in rows):
        raise ValueError(f"expected at least {per_class} images of every class, got {[len(row) for row in rows]}")
    chosen = np.concatenate(rows)
    title = "Simulated survey cut-outs (g, r, i as blue, green, red)"
    return plot_image_grid(np.asarray(images)[chosen], labels[chosen], class_names, ncols=per_class, title=title)


def figure_to_png(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes, for displays that carry their own picture."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


MAX_NODES_DRAWN = 16
NETWORK_LAYER_GAP = 2.8  # horizontal distance between layers, in units of the vertical distance between nodes


def _validate_layer_sizes(layer_sizes: Sequence[int]) -> list[int]:
    try:
        sizes = list(layer_sizes)
    except TypeError:
        raise ValueError(
            f"expected layer sizes as a sequence of integers, such as (2, 4, 1), got {layer_sizes!r}"
        ) from None
    valid = all(isinstance(size, (int, np.integer)) and not isinstance(size, bool) for size in sizes)
    if len(sizes) < 2 or not valid or min(sizes) < 1:
        raise ValueError(
            f"expected at least two layer sizes (inputs, ..., outputs), each an integer >= 1, got {layer_sizes!r}"
        )
    if max(sizes) > MAX_NODES_DRAWN:
        raise ValueError(f"expected at most {MAX_NODES_DRAWN} nodes per layer to draw legibly, got {layer_sizes!r}")
    return [int(size) for size in sizes]


def _node_heights(size: int) -> np.ndarray:
    """Vertical positions of a layer's nodes, one unit apart and centred on 0."""
    return np.arange(size)[::-1] - (size - 1) / 2


def draw_network(
    layer_sizes: Sequence[int],
    ax: plt.Axes | None = None,
    activation: str = "f",
    title: str = "A fully connected feed-forward network",
    glossary: bool = True,
) -> plt.Axes:
    """Draw a fully connected network from its layer sizes, e.g. (2, 4, 4, 1), with its parts labelled.

    Every node is a dot, every weight a line between two nodes of consecutive layers. Each layer
    is named, with the latent size of hidden layers; with ``glossary``, labels also point out the
    input and output nodes, a weight and an activation.
    """
    sizes = _validate_layer_sizes(layer_sizes)
    ax = ax or plt.subplots(figsize=(1.7 * len(sizes) + 1.2, 0.35 * max(sizes) + 3.0))[1]
    xs = NETWORK_LAYER_GAP * np.arange(len(sizes))
    heights = [_node_heights(size) for size in sizes]
    first_connection = _draw_nodes_and_connections(ax, xs, heights)
    top, bottom = max(sizes) / 2, -max(sizes) / 2
    _name_layers(ax, xs, sizes, top)
    if glossary:
        _label_glossary(ax, xs, heights, first_connection, activation, top, bottom)
    ax.set(xlim=(xs[0] - 1.3, xs[-1] + 1.3), ylim=(bottom - (2.4 if glossary else 0.3), top + 3.2), title=title)
    ax.axis("off")
    return ax


def _draw_nodes_and_connections(ax: plt.Axes, xs: np.ndarray, heights: list[np.ndarray]) -> list[tuple]:
    """One dot per node (a collection per layer, gid "layer i"), one line per connection (gid "connections")."""
    from matplotlib.collections import LineCollection

    segments = [[(xs[i], a), (xs[i + 1], b)] for i in range(len(xs) - 1) for a in heights[i] for b in heights[i + 1]]
    ax.add_collection(LineCollection(segments, colors="gray", linewidths=0.8, alpha=0.6, zorder=1, gid="connections"))
    colours = [OKABE_ITO[0]] + [OKABE_ITO[2]] * (len(xs) - 2) + [OKABE_ITO[5]]
    for layer, (ys, colour) in enumerate(zip(heights, colours, strict=True)):
        ax.scatter(
            np.full(len(ys), xs[layer]), ys, s=180, color=colour, edgecolor="black", zorder=2, gid=f"layer {layer}"
        )
    return segments[0]


LAYER_NAME_LIFT = 16  # points: a layer's name sits one line of 11-pt text above the latent size, at any scale


def _name_layers(ax: plt.Axes, xs: np.ndarray, sizes: list[int], top: float) -> None:
    """Name each layer above it, with the latent size of the hidden layers in between."""
    for layer, size in enumerate(sizes):
        if layer == 0:
            header = "input layer"
        elif layer == len(sizes) - 1:
            header = "output layer"
        else:
            header = f"hidden layer {layer}"
            ax.text(xs[layer], top, f"latent size {size}", ha="center", va="bottom", fontsize=11)
        ax.annotate(
            header,
            (xs[layer], top),
            xytext=(0, LAYER_NAME_LIFT),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=11,
            fontweight="bold",
        )


def _label_glossary(ax, xs, heights, first_connection, activation: str, top: float, bottom: float) -> None:
    """Point out the input and output nodes, a weight and an activation."""
    arrow = {"arrowstyle": "->", "color": "black", "shrinkB": 8}
    ax.text(xs[0], bottom, "input nodes" if len(heights[0]) > 1 else "input node", ha="center", va="top", fontsize=11)
    ax.text(
        xs[-1], bottom, "output nodes" if len(heights[-1]) > 1 else "output node", ha="center", va="top", fontsize=11
    )
    for i, y in enumerate(heights[0], start=1):
        ax.text(xs[0] - 0.45, y, f"$x_{{{i}}}$", ha="right", va="center")
    for i, y in enumerate(heights[-1], start=1):
        ax.text(xs[-1] + 0.45, y, f"$\\hat y_{{{i}}}$" if len(heights[-1]) > 1 else "$\\hat y$", ha="left", va="center")
    middle = np.mean(first_connection, axis=0)
    ax.annotate(
        "weights: one per connection",
        xy=middle,
        xytext=(middle[0], top + 2.4),
        ha="center",
        fontsize=11,
        arrowprops={**arrow, "shrinkB": 0},
    )
    ax.annotate(
        f"activation {activation} in each node,\nafter the weighted sum + bias",
        xy=(xs[1], heights[1][-1]),
        xytext=(xs[1], bottom - 1.6),
        ha="center",
        fontsize=11,
        arrowprops=arrow,
    )


def plot_confusion_matrix(
    confusion: np.ndarray,
    class_names: Sequence[str],
    ax: plt.Axes | None = None,
    title: str | None = None,
) -> plt.Axes:
    """Counts of (true class, predicted class) as a colour-blind-safe heat map, each count written in its cell."""
    confusion = np.asarray(confusion)
    k = len(class_names)
    if confusion.shape != (k, k) or (confusion < 0).any():
        raise ValueError(
            f"expected non-negative counts of shape ({k}, {k}), one row per true class, got {confusion.shape}"
        )
    ax = ax or plt.subplots(figsize=(1.1 * k + 2.5, 0.9 * k + 1.8))[1]
    image = ax.imshow(confusion, cmap="cividis")
    threshold = confusion.max() / 2
    for (row, column), count in np.ndenumerate(confusion):
        ax.text(column, row, str(count), ha="center", va="center", color="black" if count > threshold else "white")
    ax.set_xticks(range(k), class_names, rotation=30, ha="right")
    ax.set_yticks(range(k), class_names)
    ax.set(title=title or "Confusion matrix", xlabel="predicted class", ylabel="true class")
    ax.grid(False)
    ax.figure.colorbar(image, ax=ax, label="number of images")
    return ax


def _filter_colours(kernel: np.ndarray) -> np.ndarray:
    """Three-band filters (height, width, 3, filters) as RGB in [0, 1]: grey is 0, i → red, g → blue, one scale."""
    limit = np.max(np.abs(kernel)) or 1.0
    return np.moveaxis(0.5 + 0.5 * kernel[:, :, ::-1, :] / limit, -1, 0)


def plot_filters(kernel: np.ndarray, band_names: Sequence[str] = "gri", title: str | None = None) -> plt.Figure:
    """First-layer convolution filters, kernel of shape (height, width, bands, filters): each band, then in colour.

    One column per filter, numbered from 0 as ``kernel[..., f]`` indexes it; one row per band in a
    diverging colour map on one shared scale (red positive, blue negative), then, for three bands,
    a row with the bands as colours (g, r, i as blue, green, red; grey is a weight of 0).
    """
    kernel = np.asarray(kernel, dtype=float)
    if kernel.ndim != 4 or kernel.shape[2] != len(band_names):
        raise ValueError(
            f"expected a kernel of shape (height, width, {len(band_names)} bands, filters), got {kernel.shape}"
        )
    n_bands, n_filters = kernel.shape[2], kernel.shape[3]
    n_rows = n_bands + (n_bands == 3)
    panel = min(1.0, 8.0 / n_filters)  # inches: as large as 10 inches of width allow
    fig, axes = plt.subplots(
        n_rows, n_filters, figsize=(panel * n_filters + 1.8, panel * n_rows + 1.0), squeeze=False, layout="constrained"
    )
    limit = np.max(np.abs(kernel)) or 1.0
    for band in range(n_bands):
        for f in range(n_filters):
            picture = axes[band, f].imshow(kernel[:, :, band, f], cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[band, 0].set_ylabel(f"{band_names[band]} band")
    if n_bands == 3:
        for f, colours in enumerate(_filter_colours(kernel)):
            axes[-1, f].imshow(colours)
        axes[-1, 0].set_ylabel("colour")
    for f in range(n_filters):
        axes[0, f].set_title(f"{f}", fontsize=11)  # from 0, as kernel[..., f] indexes the filters
    for ax in axes.flat:
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
    fig.colorbar(picture, ax=axes[:n_bands].ravel().tolist(), label="weight", shrink=0.8)
    fig.suptitle(title or f"The {n_filters} first-layer filters ({kernel.shape[0]}×{kernel.shape[1]} pixels)")
    return fig


def plot_activation_maps(
    images: np.ndarray,
    activations: np.ndarray,
    row_names: Sequence[str] | None = None,
    n_channels: int = 8,
    title: str | None = None,
) -> plt.Figure:
    """One row per image: the image in colour (g, r, i), then its first ``n_channels`` activation maps of one layer.

    ``activations`` has shape (n, height, width, channels); each map has its own colour scale,
    from 0 (dark) to its own largest value (bright), written under it, so a weak map shows its
    pattern and the numbers still compare the channels. Channels are numbered from 0, as
    ``activations[..., channel]`` indexes them.
    """
    images, activations = np.asarray(images), np.asarray(activations)
    if activations.ndim != 4 or images.ndim != 4 or len(images) != len(activations):
        raise ValueError(
            "expected images (n, height, width, 3) and activations (n, height, width, channels) of the same n, "
            f"got {images.shape} and {activations.shape}"
        )
    if row_names is not None and len(row_names) != len(images):
        raise ValueError(f"expected one row name per image ({len(images)}), got {len(row_names)}")
    n_channels = min(n_channels, activations.shape[-1])
    panel = min(1.1, 10.0 / (n_channels + 1))  # inches: at most 10 inches wide
    figsize = (panel * (n_channels + 1), (panel + 0.3) * len(images) + 0.7)
    fig, axes = plt.subplots(len(images), n_channels + 1, figsize=figsize, squeeze=False)
    for row, (image, maps) in enumerate(zip(to_rgb(images), activations, strict=True)):
        axes[row, 0].imshow(image)
        axes[row, 0].set_ylabel(row_names[row] if row_names is not None else f"image {row + 1}", fontsize=11)
        for channel in range(n_channels):
            top = maps[..., channel].max()
            axes[row, channel + 1].imshow(maps[..., channel], cmap="viridis", vmin=0, vmax=top if top > 0 else 1.0)
            axes[row, channel + 1].set_xlabel(f"max {top:.2g}", fontsize=11)
    axes[0, 0].set_title("image", fontsize=11)
    for channel in range(n_channels):
        axes[0, channel + 1].set_title(f"channel {channel}", fontsize=11)  # from 0, as activations[..., channel]
    for ax in axes.flat:
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
    height, width = activations.shape[1:3]
    fig.suptitle(title or f"Activation maps ({height}×{width} pixels, first {n_channels} channels), each its own scale")
    fig.tight_layout()
    return fig


def plot_embedding(
    points: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
    ax: plt.Axes | None = None,
    title: str = "Embedding projected to two dimensions",
    xlabel: str = "component 1",
    ylabel: str = "component 2",
) -> plt.Axes:
    """A 2-D projection of an embedding (PCA, t-SNE, …), one Okabe–Ito colour per class."""
    points, labels = validate_points_2d(points, labels)
    ax = ax or plt.subplots()[1]
    for c, name in enumerate(class_names):
        chosen = labels == c
        if chosen.any():
            ax.scatter(*points[chosen].T, s=8, color=OKABE_ITO[c % len(OKABE_ITO)], alpha=0.7, label=name)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    legend_below(ax, markerscale=2)
    return ax
