"""What a projector shows badly, measured on a drawn figure: a legend over data, text on text, text cut off.

``problems(figure, renderer)`` reads the extents of the artists as the renderer has just drawn
them (the course's figure rules: every legend off its data, no overprinted text, nothing clipped).
``print_audited`` runs it on every figure that a process the tests start shows or saves (see
``audit_hook.py``) and records what it finds, with a PNG of the figure.
"""

from __future__ import annotations

import copy
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from audit_hook import RECORDS, write_problems
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.container import BarContainer
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.ticker import NullLocator
from matplotlib.transforms import Bbox

TOLERANCE = 1.5  # points, a pixel or two at 100 dpi: boxes that merely touch are not a problem
TEXT_GAP = 3.0  # points, about a space at 11 pt: texts side by side any closer read as one word (".11.11.11")
# Texts of one axes may stack with no gap, as the lines of a paragraph do (a title of two lines, a layer's name over
# its size); texts of different axes keep TEXT_GAP on every side: a colour bar's label touching the next panel's y
# label, both turned on their side, reads as one label of two lines.


def problems(figure, renderer) -> list[str]:
    """Every legend over data, text printed over text and text cut off in a figure just drawn by ``renderer``."""
    tolerance = renderer.points_to_pixels(TOLERANCE)
    drawn = list(drawn_artists(figure))
    texts = [artist for artist in drawn if isinstance(artist, Text) and artist.get_text().strip()]
    legends = [artist for artist in drawn if isinstance(artist, Legend)]
    axes = [artist for artist in drawn if isinstance(artist, Axes)]
    boxes = {artist: extent(artist, renderer) for artist in [*texts, *legends]}  # each measured once
    owners = {artist: ax for ax in axes for artist in drawn_artists(ax)}  # an inset's axes come later: they win
    return [
        *(problem for legend in legends for problem in legend_over_data(legend, boxes[legend], axes, tolerance)),
        *overprinted(texts, boxes, [owners.get(text) for text in texts], renderer, tolerance),
        *cut_off(boxes, figure.bbox, tolerance),
    ]


def drawn_artists(artist: Artist) -> Iterator[Artist]:
    """The artist and all it holds that a draw shows: what is visible, and of an axis only the ticks in view."""
    if not artist.get_visible():
        return
    yield artist
    if isinstance(artist, Axis):
        children = [artist.label, artist.offsetText, *ticks_in_view(artist)]
    elif isinstance(artist, Axes) and not artist.axison:
        children = [child for child in artist.get_children() if not isinstance(child, Axis)]
    else:
        children = artist.get_children()
    for child in children:
        yield from drawn_artists(child)


def ticks_in_view(axis: Axis) -> list:
    """The ticks an axis draws: those its locators place inside the view (it keeps others from earlier draws)."""
    low, high = sorted(axis.get_view_interval())
    margin = 1e-10 * (high - low)  # Matplotlib's allowance for a tick on the edge of the view
    ticks = axis.get_major_ticks()
    if not isinstance(axis.get_minor_locator(), NullLocator):
        ticks += axis.get_minor_ticks()
    return [tick for tick in ticks if low - margin <= tick.get_loc() <= high + margin]


def extent(artist: Text | Legend, renderer) -> Bbox:
    """Where a text or a legend is drawn, in pixels; of an annotation, its words, not its arrow."""
    if isinstance(artist, Text):
        return Text.get_window_extent(artist, renderer)  # an Annotation's own method adds the arrow
    return artist.get_window_extent(renderer)


def name(artist: Artist) -> str:
    """An artist as a message names it: a text by its words, a legend by its entries, data by its label."""
    if isinstance(artist, Text):
        return repr(artist.get_text())
    if isinstance(artist, Legend):
        return "the legend (" + ", ".join(repr(text.get_text()) for text in artist.get_texts()) + ")"
    label = artist.get_label()
    return f"{type(artist).__name__} {label!r}" if label and not label.startswith("_") else type(artist).__name__


def figure_name(figure) -> str:
    """The figure's title, else its first axes title, to say which figure a problem is in."""
    titles = [title for title in [figure.get_suptitle(), *(ax.get_title() for ax in figure.axes)] if title]
    return repr(titles[0]) if titles else f"an untitled figure with {len(figure.axes)} axes"


# A legend over data


def legend_over_data(legend: Legend, box: Bbox, axes: list[Axes], tolerance: float) -> list[str]:
    """The data (lines, markers, bars, error bars) under a legend's box, in any axes of the figure."""
    box = box.padded(-tolerance)
    under = [
        name(artist) for ax in axes for artist in [*ax.lines, *ax.collections, *bar_charts(ax)] if covers(box, artist)
    ]
    return [f"legend over data: {name(legend)} covers {', '.join(dict.fromkeys(under))}"] if under else []


def bar_charts(ax: Axes) -> list[BarContainer]:
    """The bar charts and histograms in an axes."""
    return [container for container in ax.containers if isinstance(container, BarContainer)]


def covers(box: Bbox, artist: Artist | BarContainer) -> bool:
    """Whether a piece of ``artist`` (a line, a marker, a bar) shows inside ``box``, where it is not clipped."""
    if isinstance(artist, BarContainer):
        return any(covers(box, bar) for bar in artist)
    if not artist.get_visible():
        return False
    clip = artist.get_clip_box() if artist.get_clip_on() else None
    area = box if clip is None else Bbox.intersection(box, clip)
    if area is None:
        return False
    if isinstance(artist, Line2D):
        points = artist.get_transform().transform(artist.get_xydata())
        line = artist.get_linestyle() not in ("None", "", " ") and crosses(area, points)
        return line or (artist.get_marker() not in (None, "None", "", " ") and inside(area, points).any())
    if isinstance(artist, PathCollection):  # scatter points
        return inside(area, artist.get_offset_transform().transform(artist.get_offsets())).any()
    if isinstance(artist, LineCollection):  # error bars, vlines, hlines
        return any(crosses(area, artist.get_transform().transform(path.vertices)) for path in artist.get_paths())
    if isinstance(artist, Rectangle):  # a bar
        overlap = Bbox.intersection(area, artist.get_window_extent())
        return overlap is not None and overlap.width > 0 and overlap.height > 0
    return False  # images, filled areas, contour fills: a legend can only sit over those


def inside(area: Bbox, points: np.ndarray) -> np.ndarray:
    """Which of the points (n, 2) lie inside the area."""
    x, y = np.asarray(points, dtype=float).reshape(-1, 2).T
    return (area.x0 < x) & (x < area.x1) & (area.y0 < y) & (y < area.y1)


def crosses(area: Bbox, points: np.ndarray) -> bool:
    """Whether a polyline through the points passes through the area; a point that is not finite breaks it."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    pieces = np.split(points, np.flatnonzero(~np.isfinite(points).all(axis=1)))
    pieces = [piece[np.isfinite(piece).all(axis=1)] for piece in pieces]
    return any(len(piece) > 1 and MplPath(piece).intersects_bbox(area, filled=False) for piece in pieces)


# Text printed over text


def overprinted(texts: list[Text], boxes: dict[Artist, Bbox], owners: list, renderer, tolerance: float) -> list[str]:
    """Each pair of texts that overlap, or stand side by side with less than ``TEXT_GAP`` between them, or, for
    texts of different axes (``owners``, one per text: the axes that holds it, None for the figure), closer than
    ``TEXT_GAP`` on any side.

    Tilted texts are measured by their own outlines, not their bounding boxes.
    """
    if len(texts) < 2:
        return []
    room = renderer.points_to_pixels(TEXT_GAP) + tolerance  # lengthens each text: a narrower gap overlaps
    along = [outline(text, boxes[text], renderer, lengthen=room) for text in texts]  # lines of one axes may stack
    around = [outline(text, boxes[text], renderer, lengthen=room, thicken=room) for text in texts]
    low = np.array([corners.min(axis=0) for corners in around])
    high = np.array([corners.max(axis=0) for corners in around])
    # Pairs whose upright bounding boxes overlap; only those can overlap, so only those are measured exactly.
    overlap = np.minimum(high[:, None], high[None]) - np.maximum(low[:, None], low[None])
    candidates = np.argwhere(np.triu((overlap > tolerance).all(axis=-1), k=1))
    found = []
    for i, j in candidates:
        outlines = along if owners[i] is owners[j] else around
        if overlap_depth(outlines[i], outlines[j]) > tolerance:
            found.append(f"text over text: {name(texts[i])} and {name(texts[j])}")
    return found


def outline(text: Text, box: Bbox, renderer, lengthen: float = 0.0, thicken: float = 0.0) -> np.ndarray:
    """The four corners of a text's box turned with the text (not its bounding box), ``lengthen`` pixels longer
    along its line and ``thicken`` pixels taller across it."""
    angle = np.deg2rad(text.get_rotation())
    if np.isclose(np.sin(2 * angle), 0):  # upright or on its side: the bounding box is the box
        width, height = (box.width, box.height) if np.isclose(np.cos(angle) ** 2, 1) else (box.height, box.width)
    else:
        upright = copy.copy(text)  # the same text, font and line spacing, on any Matplotlib (Colab's 3.10 too)
        upright.set_rotation(0)
        width, height = upright.get_window_extent(renderer).size
    width, height = width + lengthen, height + thicken
    half = np.array([[-width, -height], [width, -height], [width, height], [-width, height]]) / 2
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    return box.get_points().mean(axis=0) + half @ turn.T  # a box and its bounding box share their centre


def overlap_depth(a: np.ndarray, b: np.ndarray) -> float:
    """How deep two convex outlines overlap, in pixels (≤ 0: apart): their least overlap over the edges' normals."""
    edges = np.concatenate([np.roll(a, -1, axis=0) - a, np.roll(b, -1, axis=0) - b])
    edges = edges[np.hypot(*edges.T) > 0]
    normals = np.column_stack([-edges[:, 1], edges[:, 0]]) / np.hypot(*edges.T)[:, None]
    on_a, on_b = a @ normals.T, b @ normals.T  # both outlines projected on each normal
    overlaps = np.minimum(on_a.max(axis=0), on_b.max(axis=0)) - np.maximum(on_a.min(axis=0), on_b.min(axis=0))
    return float(overlaps.min())


# Text cut off


def cut_off(boxes: dict[Artist, Bbox], figure_area: Bbox, tolerance: float) -> list[str]:
    """Texts and legends that reach outside the saved figure, and texts partly outside the axes that clip them."""
    found = []
    for artist, box in boxes.items():
        clip = clip_area(artist)
        if clip is not None and Bbox.intersection(clip, box) is None:
            continue  # wholly clipped away: not drawn at all
        if clip is not None and not contains(clip, box, tolerance):
            found.append(f"cut off: {name(artist)} reaches outside the axes that clip it")
        elif not contains(figure_area, box, tolerance):
            found.append(f"cut off: {name(artist)} reaches outside the figure")
    return found


def clip_area(artist: Artist) -> Bbox | None:
    """Where a clipped text can show (its clip box and its clip path's extent), or None where it is not clipped."""
    if not isinstance(artist, Text) or not artist.get_clip_on():
        return None
    path = artist.get_clip_path()
    areas = [artist.get_clip_box(), path.get_fully_transformed_path().get_extents() if path is not None else None]
    areas = [area for area in areas if area is not None]
    return Bbox.intersection(*areas) if len(areas) == 2 else next(iter(areas), None)


def contains(area: Bbox, box: Bbox, tolerance: float) -> bool:
    """Whether ``box`` lies inside ``area``, give or take ``tolerance`` pixels."""
    outer = area.padded(tolerance)
    return outer.x0 <= box.x0 and box.x1 <= outer.x1 and outer.y0 <= box.y0 and box.y1 <= outer.y1


# The audit of every figure shown or saved


@contextmanager
def auditing(canvas) -> Iterator[list[str]]:
    """Within the block, the problems of the canvas's figure as last drawn, which is the picture a save makes.

    A figure saved with ``bbox_inches="tight"`` (as notebooks show them) or with a layout engine
    is drawn twice: once to measure, with drawing turned off, then for the picture; only the
    picture is audited.
    """
    found = []

    def audit(event) -> None:
        if "draw_path" not in vars(event.renderer):  # the measuring draw replaces the renderer's draw_ methods
            found[:] = problems(event.canvas.figure, event.renderer)

    connection = canvas.mpl_connect("draw_event", audit)
    try:
        yield found
    finally:
        canvas.mpl_disconnect(connection)


def problems_as_shown(figure) -> list[str]:
    """The problems of a figure as a notebook shows it: saved as a PNG cropped to what it draws."""
    with auditing(figure.canvas) as found:
        figure.savefig(io.BytesIO(), format="png", bbox_inches="tight")
    return found


def print_audited(print_figure, canvas, *args, **kwargs):
    """Matplotlib's ``print_figure`` (it shows or saves a figure), recording the figure's problems with a PNG."""
    with auditing(canvas) as found:
        result = print_figure(canvas, *args, **kwargs)
    if found:
        descriptor, png = tempfile.mkstemp(prefix="figure-", suffix=".png", dir=os.environ[RECORDS])
        os.close(descriptor)
        print_figure(canvas, png, format="png", bbox_inches="tight")
        write_problems(figure_name(canvas.figure), found, Path(png))
    return result
