"""Every figure legible on a projector: shown at its natural size, with no text under 11 pt, its legend off the data,
no text over text and nothing cut off.

JupyterLab and Colab show a figure at its natural size when it fits the page, and shrink it, text
and all, when it does not. At the course's 100 dpi, a figure at most 10 inches (1000 pixels) wide
keeps its 11-pt text 11 pt on the screen. The rest is measured on every figure the notebooks draw,
as they draw it under the tests (tests/offline/figure_audit.py); the tests here show the audit at work.
"""

import base64
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from audit_hook import RECORDS
from figure_audit import problems

from dl101.course import cells, notebooks, source
from dl101.paths import ROOT

WIDEST = 1000  # pixels: 10 inches at the course's 100 dpi
SMALLEST_TEXT = 11  # points
FONT_SIZE = re.compile(r"\b(?:fontsize|labelsize|titlesize)\s*=\s*(\d+(?:\.\d+)?)")


def png_width(data: str) -> int:
    """The width of a base64-encoded PNG, from its header."""
    header = base64.b64decode(data[:64])
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">I", header[16:20])[0]


def test_png_width_reads_the_header():
    one_by_two = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAACCAYAAACZgbYnAAAAD0lEQVR4nGNgYGD4z8DAAAQEAQBmOAJHAAAAAElFTkSuQmCC"
    assert png_width(one_by_two) == 1


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_every_figure_a_notebook_shows_fits_the_page(path):
    too_wide = [
        (i, png_width(output["data"]["image/png"]))
        for i, cell in enumerate(cells(path))
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    too_wide = [(i, width) for i, width in too_wide if width > WIDEST]
    assert not too_wide, f"(cell, width in pixels) of figures wider than {WIDEST} px: {too_wide}"


def code_texts():
    """Each notebook code cell and each module of the course's package, with a name to report."""
    for path in notebooks():
        for i, cell in enumerate(cells(path)):
            if cell["cell_type"] == "code":
                yield f"{path.name} cell {i}", source(cell)
    for path in sorted((ROOT / "src" / "dl101").rglob("*.py")):
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_no_text_is_set_smaller_than_11_points():
    small = [
        (where, size) for where, text in code_texts() for size in FONT_SIZE.findall(text) if float(size) < SMALLEST_TEXT
    ]
    assert not small, f"text under {SMALLEST_TEXT} pt: {small}"


# The audit of drawn figures (tests/offline/figure_audit.py): every figure a notebook shows under the tests is
# measured for a legend over data, text over text and text cut off; here, on figures made to show each problem.


@pytest.fixture
def figure():
    """A new figure with one axes, closed after the test."""
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.set(title="A figure under audit", xlabel="x (arbitrary units)", ylabel="y (arbitrary units)")
    yield fig, ax
    plt.close(fig)


def audit(fig) -> list[str]:
    """The audit's problems with a figure drawn at its own size, as a file saved without cropping holds it."""
    fig.canvas.draw()
    return problems(fig, fig.canvas.get_renderer())


def kinds(found: list[str]) -> set[str]:
    """The kinds of problem found: what each message says before its first colon."""
    return {problem.split(":")[0] for problem in found}


def test_a_figure_with_its_legend_beside_the_axes_passes(figure):
    fig, ax = figure
    x = np.linspace(0, 1, 50)
    ax.plot(x, x**2, label="square")
    ax.scatter(x, x, label="points")
    ax.bar([0.2, 0.5], [0.5, 0.8], width=0.1, label="bars")
    ax.errorbar([0.8], [0.4], yerr=0.1, fmt="o", label="with an error bar")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    assert audit(fig) == []


def test_a_legend_over_a_line_between_its_vertices_is_found(figure):
    fig, ax = figure
    ax.plot([0, 1], [0, 1], label="a line of two points")  # it crosses the centre; neither point is there
    ax.legend(loc="center")
    fig.tight_layout()
    assert audit(fig) == ["legend over data: the legend ('a line of two points') covers Line2D 'a line of two points'"]


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: ax.scatter(np.linspace(0, 1, 11), np.full(11, 0.5), label="points"),
        lambda ax: ax.plot(np.linspace(0, 1, 11), np.full(11, 0.5), "o", label="markers without a line"),
        lambda ax: ax.bar([0.5], [0.9], width=0.6, label="a bar"),
        lambda ax: ax.hist(np.full(50, 0.5), bins=[0.3, 0.7], label="a histogram"),
        lambda ax: ax.errorbar([0.5], [0.5], yerr=0.4, fmt="none", label="an error bar"),
    ],
    ids=["scatter", "markers", "bar", "histogram", "error bar"],
)
def test_a_legend_over_markers_bars_or_error_bars_is_found(figure, draw):
    fig, ax = figure
    draw(ax)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    ax.legend(loc="center")
    fig.tight_layout()
    assert kinds(audit(fig)) == {"legend over data"}


def test_a_figure_legend_over_the_data_of_an_axes_is_found(figure):
    fig, ax = figure
    ax.plot([0, 1], [0, 1], label="a rising line")
    fig.legend(loc="center")
    fig.tight_layout()
    assert kinds(audit(fig)) == {"legend over data"}


def test_a_legend_may_sit_over_images_filled_areas_and_data_outside_the_view(figure):
    fig, ax = figure
    x = np.linspace(0, 1, 20)
    ax.imshow(np.random.default_rng(0).random((8, 8)), extent=(0, 1, 0, 1), aspect="auto")
    ax.contourf(x, x, np.add.outer(x, x), alpha=0.3)
    ax.fill_between(x, 0, 1, alpha=0.2, label="a band")
    ax.plot([5, 6], [5, 6], label="beyond the view")
    ax.set(xlim=(0, 1), ylim=(0, 1))
    ax.legend(loc="center")
    fig.tight_layout()
    assert audit(fig) == []


def test_text_over_text_is_found(figure):
    fig, ax = figure
    ax.text(0.5, 0.5, "first words")
    ax.text(0.55, 0.5, "second words")
    fig.tight_layout()
    assert audit(fig) == ["text over text: 'first words' and 'second words'"]


def test_texts_side_by_side_need_room_between_them_but_lines_may_touch(figure):
    fig, ax = figure
    ax.text(0.3, 0.5, ".11", ha="right")
    ax.text(0.3, 0.5, ".11", ha="left")  # touching: it reads ".11.11"
    ax.text(0.7, 0.5, "two", ha="right")
    ax.text(0.74, 0.5, "texts", ha="left")  # 0.04 of the axes' width apart: about 11 points
    ax.text(0.5, 0.8, "one line", va="bottom")
    ax.text(0.5, 0.8, "the next line", va="top")  # stacked, touching: lines of a paragraph
    fig.tight_layout()
    assert audit(fig) == ["text over text: '.11' and '.11'"]


def test_texts_of_different_axes_need_room_on_every_side_though_lines_of_one_axes_may_touch():
    fig = plt.figure(figsize=(5, 3.5))
    left, right = fig.add_axes((0.1, 0.2, 0.3, 0.6)), fig.add_axes((0.6, 0.2, 0.3, 0.6))
    for ax in (left, right):
        ax.set(xticks=[], yticks=[])  # no tick labels near the texts: only the texts can overlap
    # Turned on their sides and touching across their lines, as a colour bar's label beside the next panel's y label.
    left.text(0.5, 0.5, "value", rotation=90, ha="right", va="center", transform=fig.transFigure)
    right.text(0.5, 0.5, "row (pixel)", rotation=90, ha="left", va="center", transform=fig.transFigure)
    # The same, both in one axes: two lines of one label.
    left.text(0.2, 0.5, "first line", rotation=90, ha="right", va="center", transform=fig.transFigure)
    left.text(0.2, 0.5, "second line", rotation=90, ha="left", va="center", transform=fig.transFigure)
    assert audit(fig) == ["text over text: 'value' and 'row (pixel)'"]
    plt.close(fig)


def test_a_colour_bar_label_is_audited_like_any_other_text(figure):
    fig, ax = figure
    colour_bar = fig.colorbar(ax.imshow(np.arange(4.0).reshape(2, 2)), ax=ax, label="value")
    fig.canvas.draw()
    label = colour_bar.ax.yaxis.label.get_window_extent()
    fig.text(*fig.transFigure.inverted().transform((label.x0, label.y1)), "a text on it", va="top")
    assert "text over text: 'value' and 'a text on it'" in audit(fig)


def test_tilted_labels_are_measured_by_their_own_outlines():
    fig, (apart, crowded) = plt.subplots(2, 1, figsize=(4.5, 6))
    # Tilted labels whose upright bounding boxes overlap, though the labels do not ...
    apart.set_xticks(range(6), [f"galaxy class {i}" for i in range(6)], rotation=45, ha="right")
    # ... and more of them, tilted less: the labels themselves overlap.
    crowded.set_xticks(range(10), [f"galaxy class {i}" for i in range(10)], rotation=15, ha="right")
    apart.set_title("six tilted labels")
    crowded.set_title("ten tilted labels")
    fig.tight_layout()
    overlapping = {pair for problem in audit(fig) for pair in re.findall(r"'galaxy class (\d)'", problem)}
    plt.close(fig)
    assert overlapping == {str(i) for i in range(10)}, "only the ten crowded labels overlap, each a neighbour"


def test_text_reaching_outside_the_figure_is_found(figure):
    fig, ax = figure
    fig.tight_layout()  # room for the axes' labels, not for the words added next
    ax.text(0.9, 0.5, "words that run off the edge", transform=ax.transAxes)
    assert audit(fig) == ["cut off: 'words that run off the edge' reaches outside the figure"]


def test_text_clipped_by_its_axes_is_found_unless_wholly_outside_them(figure):
    fig, ax = figure
    ax.text(0.85, 0.5, "clipped words", transform=ax.transAxes, clip_on=True)
    ax.text(1.5, 0.5, "never drawn", transform=ax.transAxes, clip_on=True)
    fig.tight_layout()
    assert audit(fig) == ["cut off: 'clipped words' reaches outside the axes that clip it"]


def test_a_legend_cut_off_by_the_figure_edge_is_found(figure):
    fig, ax = figure
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))  # beside the axes, but the figure ends there
    assert "cut off: the legend ('a line') reaches outside the figure" in audit(fig)


def test_ticks_and_labels_that_are_not_drawn_are_not_audited(figure):
    fig, ax = figure
    ax.set_xticks([0, 0.5, 1, 1.5, 2], ["tick far left", "", "", "", "tick far right"])
    ax.set_xlim(0.4, 1.1)  # the labelled ticks lie outside the view
    off = fig.add_axes((0.2, 0.2, 0.1, 0.1))
    off.set_xticks([0, 1], ["hidden label one", "hidden label two"])  # overlapping, but its axis is off
    off.axis("off")
    ax.text(0.5, 0.5, "invisible words", visible=False)
    ax.text(0.5, 0.5, "drawn words")
    assert audit(fig) == []


def write_notebook(path, *cells: str) -> None:
    """A notebook of code cells, unexecuted."""
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells]), path)


CLEAN_CELL = """\
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([0, 1], [0, 1], label="rising line")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
ax.set(title="A legend beside its line", xlabel="x", ylabel="y")
"""
BAD_CELL = CLEAN_CELL.replace('loc="upper left", bbox_to_anchor=(1.01, 1)', 'loc="center"').replace(
    "A legend beside", "A legend over"
)
FAILING_CELL = (
    BAD_CELL.replace("A legend over its line", "Then an error") + "plt.show()\nraise RuntimeError('too late')\n"
)


@pytest.mark.slow  # runs a notebook in a kernel
def test_a_notebook_cell_that_shows_a_legend_over_data_fails_under_pytest(tmp_path):
    """The whole path: nbval runs a kernel, the kernel audits what it shows, the root conftest fails the cell;
    a cell that fails anyway reports the problems of its figures beside its error."""
    shutil.copy(ROOT / "conftest.py", tmp_path)
    shutil.copytree(
        ROOT / "tests" / "offline", tmp_path / "tests" / "offline", ignore=shutil.ignore_patterns("__pycache__")
    )
    write_notebook(tmp_path / "figures.ipynb", CLEAN_CELL, BAD_CELL, FAILING_CELL)
    environment = {**os.environ, "TMPDIR": str(tmp_path)}  # the records and PNGs stay in tmp_path
    environment.pop(RECORDS, None)  # that pytest names its own
    command = [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", "figures.ipynb"]
    run = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=300)
    assert "2 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    assert "'A legend over its line': legend over data: the legend ('rising line') covers Line2D 'rising line'" in (
        run.stdout
    )
    assert "A legend beside its line" not in run.stdout
    assert (
        "RuntimeError" in run.stdout and "figure audit" in run.stdout and "'Then an error': legend over" in run.stdout
    )
    pngs = set(re.findall(r"\(the figure: (\S+\.png)\)", run.stdout))
    assert len(pngs) == 2 and all(Path(png).is_file() and Path(png).is_relative_to(tmp_path) for png in pngs)


@pytest.mark.parametrize("testing", [True, False], ids=["under the tests", "elsewhere"])
def test_the_audit_is_installed_only_in_processes_the_tests_start(tmp_path, testing):
    environment = {key: value for key, value in os.environ.items() if key != RECORDS}
    if testing:
        environment[RECORDS] = str(tmp_path)
    code = "import matplotlib.backend_bases as b; print(hasattr(b.FigureCanvasBase.print_figure, '__wrapped__'))"
    run = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == str(testing), run.stderr
