"""Every figure legible on a projector: shown at its natural size, with no text under 11 pt.

JupyterLab and Colab show a figure at its natural size when it fits the page, and shrink it, text
and all, when it does not. At the course's 100 dpi, a figure at most 10 inches (1000 pixels) wide
keeps its 11-pt text 11 pt on the screen.
"""

import base64
import re
import struct

import pytest

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
