"""Material for live teaching, made from the notebooks themselves: slides (live-coding copies: tools/live_coding.py).

Run from the repository root:

    python tools/teaching_kit.py slides          # build/slides/NN_name.slides.html (reveal.js)
    python tools/teaching_kit.py slides --core   # build/slides-core/: the live session's core path
    python tools/teaching_kit.py slides --notebooks notebooks/02_perceptron.ipynb --output /tmp/slides

**Slides**, for a 1280 × 720 projector, text 32 px high (24 points): a new slide at each ``#`` or
``##`` heading, a sub-slide at each ``###`` heading (an exercise's) and wherever the next piece
would not fit. Markdown is cut between paragraphs (a list between its items only where it must be),
long code into pieces, printed output too, and an HTML table too wide or too tall into tables of
fewer columns (each led by the first) or rows; a long cell that draws a figure shows the figure
alone, scaled to the slide; an explorer shows its static figure. Left out: the set-up cell,
exercise checks (their verdicts), ``show_solution`` calls, outputs that show an exercise's answer,
a stub's ``raise NotImplementedError`` and cells tagged ``skip``. Every slide has speaker notes
(``S`` opens them): its exercise's ``show_solution`` call, then the points of docs/instructor.md
for the notebook; a Markdown cell tagged ``notes`` adds its own. Sections the core path skips
(docs/timetable.toml) are marked optional (unless their heading says so already), and ``--core``
leaves them out. The arrow keys go through every slide in order. The
slides work offline: reveal.js (from the ``sphinx-revealjs`` package) and MathJax (from
``jupyter-server-mathjax``) are copied beside them, into ``reveal.js/`` and ``mathjax/``, with
``projector.css``; copy the whole folder to take the slides elsewhere.

"""

from __future__ import annotations

import argparse
import base64
import copy
import html
import importlib.util
import math
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

import timetable
from checkout import ROOT
from dl101.course import CHECK_CALL, heading_level, is_stub, names, notebooks, section, stub_name

SLIDES_FOLDER = ROOT / "tools" / "slides"
SLIDES_TEMPLATE = SLIDES_FOLDER / "offline.html.j2"
GUIDE = ROOT / "docs" / "instructor.md"
_SOURCE_MAPS = shutil.ignore_patterns("*.map")  # for debugging reveal.js itself; a third of its size

# A slide is laid out at 1280 × 720 CSS pixels (tools/slides/projector.css), the projector's size.
# The sizes below estimate what a piece of a cell takes there, so that a slide gets only what fits.
# Text is 32 px high: 24 points on a 720-pixel screen, readable from the back of a room.
CONTENT_HEIGHT = 640  # 720 less the slide's margins and a safety margin for the estimate
TEXT_LINE, TEXT_CHARS = 42, 56  # a line of text (32 px, line height 1.3) and the characters that fit on one
CODE_LINE, CODE_CHARS = 40, 58  # the same for code and printed output (monospace, about 19 px a character)
HEADING_LINE = {1: 84, 2: 70, 3: 60}  # a heading of each level, with its margin
BLOCK_GAP = 16  # between paragraphs, and around code and output
MATH_LINE = 62  # a line of a displayed equation
FRACTION_LINE = 130  # one that holds a fraction
TALL_MATH_LINE = 160  # one with a sum's (a product's, an integral's) limits above and below it
DISPLAY_MARGIN = 40  # the space MathJax leaves above and below a displayed equation
TABLE_CELL_PADDING = 24  # across a cell of an HTML table, both sides together
CONTENT_WIDTH = 1200  # 1280 less the slide's padding
FIGURE_WIDTH, FIGURE_HEIGHT = CONTENT_WIDTH, 600  # the most a figure may take, scaled up or down to fit
TABLE_ROW = 56  # a row of an HTML table: a line of text and the cells' padding
TABLE_CHARACTER = CONTENT_WIDTH / TEXT_CHARS  # the width of a character of text, on average
BLOCK_HEIGHT = CONTENT_HEIGHT - HEADING_LINE[2]  # the most a piece may take: it fits under a heading
CODE_LINES_PER_SLIDE = 12  # a longer code cell is split; a longer one that draws a figure shows the figure alone
OUTPUT_LINES_PER_SLIDE = 13
ANSWER_SIGNS = ("✓", "your answer", "your count", "NotImplementedError", "show_solution(")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
STUB_RAISE = re.compile(r"^[ \t]*raise NotImplementedError.*\n?", re.M)
PADDING_CHARACTERS = set(" ─━")  # what a box-drawn table pads its columns with
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.) ")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z(*$])")
OPTIONAL = re.compile(r"\boptional\b", re.I)
BIG_OPERATOR = re.compile(r"\\(?:sum|prod|int|lim)(?![a-zA-Z])")
FRACTION = re.compile(r"\\(?:d?frac|binom|over)(?![a-zA-Z])")  # not \tfrac, as small as the text


@dataclass
class Piece:
    """One part of a cell on a slide: a cell of its own in the slides' notebook, with its estimated height."""

    cell: nbformat.NotebookNode
    height: int
    starts: str = "-"  # "slide" or "subslide" when the piece must open one
    notes: list[str] = field(default_factory=list)  # speaker notes for the slide it lands on


def is_setup_cell(cell: nbformat.NotebookNode) -> bool:
    """The notebook's first code cell: the Colab bootstrap and ``setup()``."""
    return cell.cell_type == "code" and "from dl101 import setup" in cell.source


def is_hidden_on_slides(cell: nbformat.NotebookNode) -> bool:
    """Set-up, exercise checks (their verdicts) and solutions shown: nothing a room should read off a slide."""
    if "skip" in cell.metadata.get("tags", []):
        return True
    if cell.cell_type != "code":
        return False
    return is_setup_cell(cell) or CHECK_CALL.search(cell.source) is not None or "show_solution(" in cell.source


def answer_names(notebook: nbformat.NotebookNode) -> set[str]:
    """The values exercises ask for (``n_parameters = None``): an output that reads one shows the answer."""
    return {stub_name(cell) for cell in notebook.cells if is_stub(cell) and f"{stub_name(cell)} = None" in cell.source}


def heading_starts(line: str) -> str:
    """The slide a Markdown line opens: "slide" at ``#`` and ``##``, "subslide" at ``###``, else "-"."""
    level = heading_level(line) if line.startswith("#") else 0
    return {1: "slide", 2: "slide", 3: "subslide"}.get(level, "-")


def wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes when lines longer than ``width`` characters wrap."""
    return sum(max(1, math.ceil(len(line) / width)) for line in text.splitlines() or [""])


def shown_text(markdown: str) -> str:
    """Markdown as it reads on a slide, near enough for its length: no link targets, emphasis or code marks."""
    text = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\\[a-zA-Z]+|[{}^_]", "x", text)  # a LaTeX command shows as about one symbol
    return re.sub(r"[*`$]", "", text)


def markdown_blocks(text: str) -> list[str]:
    """A Markdown cell cut into pieces that fit a slide under a heading: headings, paragraphs, list items, sentences."""
    pieces = [piece for block in paragraphs(text) for item in list_items(block) for piece in sentence_groups(item)]
    return [part for piece in pieces for fenced in code_fences(piece) for part in table_rows(fenced)]


def table_rows(block: str) -> list[str]:
    """A Markdown table too tall for a slide cut into tables of fewer rows, each under the same header."""
    if not block.startswith("|") or markdown_height(block) <= BLOCK_HEIGHT:
        return [block]
    header, rows = block.splitlines()[:2], block.splitlines()[2:]
    tables = packed(rows, lambda table: markdown_height("\n".join([*header, *table])) <= BLOCK_HEIGHT)
    return ["\n".join([*header, *table]) for table in tables]


def packed(items: list, fits: Callable[[list], bool]) -> list[list]:
    """Consecutive items in groups, each grown while ``fits`` holds for it (an item too big alone has its own)."""
    groups: list[list] = []
    for item in items:
        if groups and fits([*groups[-1], item]):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def code_fences(block: str) -> list[str]:
    """A fenced code block too long for a slide cut into fenced blocks that fit; any other block whole."""
    lines = block.splitlines()
    if not lines[0].startswith("```") or wrapped_lines(block, CODE_CHARS) <= CODE_LINES_PER_SLIDE + 2:
        return [block]
    opening, body = lines[0], [line for line in lines[1:] if not line.startswith("```")]
    return [f"{opening}\n" + "\n".join(chunk) + "\n```" for chunk in chunks(body, CODE_LINES_PER_SLIDE)]


def paragraphs(text: str) -> list[str]:
    """A Markdown text cut at blank lines (never inside displayed math or fenced code), each heading apart."""
    blocks, current, fence = [], [], None
    for line in text.splitlines():
        stripped = line.strip()
        if fence is None and (stripped.startswith("#") or not stripped) and current:
            blocks.append(current)
            current = []
        if not stripped and fence is None:
            continue
        current.append(line)
        for marker in ("```", "$$"):
            if stripped.count(marker) % 2 == 1:
                fence = None if fence == marker else (fence or marker)
        if fence is None and stripped.startswith("#"):
            blocks.append(current)
            current = []
    blocks.append(current)
    return ["\n".join(block) for block in blocks if "".join(block).strip()]


def list_items(block: str) -> list[str]:
    """A block's introducing line apart from its list, and the list cut between items only where it must be to fit.

    A list kept whole is as wide as the slide: cut into lists of one short item each, a list is as narrow
    as its text (reveal.js shrink-wraps lists), and MathJax breaks a wider formula in it at every operator.
    """
    if block.startswith("```"):
        return [block]
    items: list[list[str]] = []
    in_math = False
    for line in block.splitlines():
        if (LIST_ITEM.match(line) and not in_math) or not items:
            items.append([])
        items[-1].append(line)
        in_math = (line.count("$$") % 2 == 1) != in_math
    introduction = [] if LIST_ITEM.match(items[0][0]) else ["\n".join(items.pop(0))]
    lists = packed(list(map("\n".join, items)), lambda group: markdown_height("\n".join(group)) <= BLOCK_HEIGHT)
    return introduction + ["\n".join(group) for group in lists]


def sentence_groups(block: str) -> list[str]:
    """A block too tall for a slide cut between sentences (outside math), into groups that fit."""
    if markdown_height(block) <= BLOCK_HEIGHT or block.lstrip().startswith(("#", "$$", "```", "|")):
        return [block]
    groups, current = [], ""
    for sentence in sentences(block):
        joined = f"{current} {sentence}" if current else sentence
        if current and markdown_height(joined) > BLOCK_HEIGHT:
            groups.append(current)
            joined = sentence
        current = joined
    return [*groups, current]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, never cut inside inline or displayed math."""
    found, start = [], 0
    for end in SENTENCE_END.finditer(text):
        if text[: end.start()].count("$") % 2 == 0 and text[start : end.start()].count("$$") % 2 == 0:
            found.append(text[start : end.start()].strip())
            start = end.end()
    return [*found, text[start:].strip()]


def markdown_height(block: str) -> int:
    """The estimated height of a Markdown block on a slide, in CSS pixels."""
    height, in_code, run, equation = BLOCK_GAP, False, [], []
    for line in [*block.splitlines(), ""]:
        stripped = line.strip()
        if stripped.startswith("```") or in_code:
            height += CODE_LINE * wrapped_lines(line, CODE_CHARS) if not stripped.startswith("```") else BLOCK_GAP
            in_code = in_code != stripped.startswith("```")
            continue
        flowing = stripped and not equation and not stripped.startswith(("#", "$$", "|"))
        if run and (not flowing or LIST_ITEM.match(stripped)):
            height += TEXT_LINE * math.ceil(len(shown_text(" ".join(run))) / TEXT_CHARS)
            run = []
        if flowing:
            run.append(stripped)
        elif stripped.startswith("$$") or equation:
            equation.append(stripped)
            if " ".join(equation).count("$$") % 2 == 0:  # the equation is closed
                height += equation_height(" ".join(equation).replace("$$", ""))
                equation = []
        elif stripped.startswith("#"):
            height += HEADING_LINE.get(heading_level(stripped), HEADING_LINE[3]) * wrapped_lines(stripped, 40)
        elif stripped.startswith("|"):
            columns = max(1, stripped.count("|") - 1)
            widest = max(len(cell.strip()) for cell in stripped.strip("|").split("|"))
            height += TEXT_LINE * max(1, math.ceil(widest / (TEXT_CHARS / columns)))
    return height


def equation_height(tex: str) -> int:
    """The estimated height of a displayed equation: its margins, then each row (a long row broken in lines)."""
    line = TALL_MATH_LINE if BIG_OPERATOR.search(tex) else FRACTION_LINE if FRACTION.search(tex) else MATH_LINE
    rows = tex.count("\\\\") + 1  # the rows of cases, matrices and aligned equations
    return DISPLAY_MARGIN + line * max(rows, math.ceil(len(tex.strip()) / (2 * TEXT_CHARS)))


def squeeze_columns(text: str) -> str:
    """A fixed-width table narrowed to fit: runs of columns that only pad (spaces, rules) kept one wide."""
    lines = text.splitlines()
    width = max((len(line) for line in lines), default=0)
    if width <= CODE_CHARS:
        return text
    grid = [line.ljust(width) for line in lines]
    padding = [all(row[i] in PADDING_CHARACTERS for row in grid) for i in range(width)]
    keep = [i for i in range(width) if not (padding[i] and i > 0 and padding[i - 1])]
    return "\n".join("".join(row[i] for i in keep).rstrip() for row in grid)


def chunks(lines: list[str], per_chunk: int) -> list[list[str]]:
    """Consecutive runs of lines, each taking at most ``per_chunk`` wrapped lines (a longer line alone)."""
    result, current, taken = [], [], 0
    for line in lines:
        size = wrapped_lines(line, CODE_CHARS)
        if current and taken + size > per_chunk:
            result.append(current)
            current, taken = [], 0
        current.append(line)
        taken += size
    return [*result, current] if current else result


def png_size(data: str) -> tuple[int, int]:
    """(width, height) in pixels of a base64 PNG, read from its header."""
    header = base64.b64decode(data[:32])
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def output_cell(output: dict) -> nbformat.NotebookNode:
    """A code cell showing only this output, its code hidden."""
    cell = nbformat.v4.new_code_cell("", outputs=[output])
    cell.metadata["transient"] = {"remove_source": True}
    return cell


def text_pieces(text: str) -> list[Piece]:
    """Printed text, cut into pieces of a slide's height at most."""
    lines = squeeze_columns(ANSI.sub("", text).rstrip("\n")).splitlines()
    pieces = []
    for chunk in chunks(lines, OUTPUT_LINES_PER_SLIDE):
        shown = "\n".join(chunk) + "\n"
        output = nbformat.v4.new_output("stream", name="stdout", text=shown)
        pieces.append(Piece(output_cell(output), BLOCK_GAP + CODE_LINE * wrapped_lines(shown, CODE_CHARS)))
    return pieces


def figure_piece(data: str) -> Piece:
    """A figure scaled, up or down, to the most a slide gives it."""
    width, height = png_size(data)
    scale = min(FIGURE_WIDTH / width, FIGURE_HEIGHT / height)
    size = {"width": int(width * scale), "height": int(height * scale)}
    output = nbformat.v4.new_output("display_data", data={"image/png": data}, metadata={"image/png": size})
    return Piece(output_cell(output), BLOCK_GAP + size["height"])


class TableReader(HTMLParser):
    """An HTML output that is one plain table (no merged cells): the text before it, and its rows of cells."""

    def __init__(self) -> None:
        super().__init__()
        self.before, self.rows, self.tables, self.plain = "", [], 0, True
        self.cell: list[str] | None = None  # the tag and the text of the cell being read

    @classmethod
    def read(cls, html_text: str) -> TableReader | None:
        """The table of an HTML output, or None if it is anything else."""
        reader = cls()
        reader.feed(html_text)
        reader.close()
        return reader if reader.tables == 1 and reader.plain and reader.rows else None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a table, a row or a cell; anything a slide cannot rebuild makes the output not plain."""
        if tag == "table":
            self.tables += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.plain = self.plain and bool(self.rows) and not any(name in ("colspan", "rowspan") for name, _ in attrs)
            self.cell = [tag, ""]
        elif tag in ("style", "script", "img", "svg"):
            self.plain = False

    def handle_endtag(self, tag: str) -> None:
        """Close a cell."""
        if tag in ("th", "td") and self.cell is not None and self.rows:
            self.rows[-1].append((self.cell[0], " ".join(self.cell[1].split())))
            self.cell = None

    def handle_data(self, data: str) -> None:
        """Text goes to the cell being read, or before the table."""
        if self.cell is not None:
            self.cell[1] += data
        elif not self.tables:
            self.before += data


def column_width(rows: list[list[tuple[str, str]]], column: int) -> float:
    """The estimated width of a table's column, in CSS pixels: its widest cell and the padding."""
    widest = max((len(row[column][1]) for row in rows if column < len(row)), default=0)
    return TABLE_CELL_PADDING + TABLE_CHARACTER * widest


def column_groups(rows: list[list[tuple[str, str]]]) -> list[list[int]]:
    """A table's columns in groups as wide as a slide at most, each group led by the first column (the names)."""
    groups = [[0]]
    for column in range(1, max(map(len, rows))):
        if len(groups[-1]) > 1 and sum(column_width(rows, i) for i in [*groups[-1], column]) > CONTENT_WIDTH:
            groups.append([0])
        groups[-1].append(column)
    return groups


def table_height(rows: list[list[tuple[str, str]]]) -> int:
    """The estimated height of an HTML table and the line above it."""
    return BLOCK_GAP + TEXT_LINE + TABLE_ROW * len(rows)


def table_pieces(table: TableReader) -> list[Piece]:
    """A table too wide or too tall for a slide, cut into tables of fewer columns and rows, under the same headers."""
    header = [row for row in table.rows if row and all(tag == "th" for tag, _ in row)]
    body = [row for row in table.rows if row not in header]
    before = html.escape(table.before.strip())
    pieces = []
    for columns in column_groups(table.rows):
        for chunk in table_chunks(header, body):
            shown = table_html([*header, *chunk], columns)
            shown = f"<p>{before}</p>\n{shown}" if before and not pieces else shown
            pieces.append(html_piece(shown, table_height([*header, *chunk])))
    return pieces


def table_html(rows: list[list[tuple[str, str]]], columns: list[int]) -> str:
    """These columns of a table's rows, as a plain HTML table."""
    lines = ["<table>"]
    for row in rows:
        cells = [row[i] for i in columns if i < len(row)]
        lines.append("<tr>" + "".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in cells) + "</tr>")
    return "\n".join([*lines, "</table>"])


def table_chunks(header: list, body: list) -> list[list]:
    """A table's body rows in runs that fit a slide under its header rows."""
    return packed(body, lambda chunk: table_height([*header, *chunk]) <= BLOCK_HEIGHT) or [[]]  # a header alone


def html_piece(html_text: str, height: int) -> Piece:
    """An HTML output as a piece of its own."""
    return Piece(output_cell(nbformat.v4.new_output("display_data", data={"text/html": html_text})), height)


def output_pieces(output: dict) -> list[Piece]:
    """An output as it shows on a slide: a widget by its static figure, a rich console table as text."""
    if output.output_type == "stream":
        return text_pieces(output.text) if output.name == "stdout" else []  # warnings are no lesson
    if output.output_type == "error":
        return text_pieces(ANSI.sub("", "\n".join(output.traceback)))
    data = output.get("data", {})
    if "image/png" in data:
        return [figure_piece(data["image/png"])]
    if "text/markdown" in data:
        return [markdown_piece(block) for block in markdown_blocks(data["text/markdown"])]
    html_text = data.get("text/html", "")
    if html_text and not html_text.lstrip().startswith("<pre"):
        table = TableReader.read(html_text)
        if table is not None and (len(column_groups(table.rows)) > 1 or table_height(table.rows) > BLOCK_HEIGHT):
            return table_pieces(table)
        return [html_piece(html_text, BLOCK_GAP + TEXT_LINE * (2 + html_text.count("<tr")))]
    return text_pieces(data.get("text/plain", "")) if data.get("text/plain", "").strip() else []


def markdown_piece(block: str) -> Piece:
    """A Markdown block as a cell of its own; a heading opens a slide or a sub-slide."""
    return Piece(nbformat.v4.new_markdown_cell(block), markdown_height(block), heading_starts(block.lstrip()))


def code_pieces(cell: nbformat.NotebookNode, hide_outputs: bool) -> list[Piece]:
    """A code cell's pieces: its code (a stub without its ``raise``), cut to fit, then its outputs."""
    code = STUB_RAISE.sub("", cell.source).rstrip() if is_stub(cell) else cell.source.rstrip()
    outputs = [] if hide_outputs else [piece for output in cell.outputs for piece in output_pieces(output)]
    outputs = [piece for piece in outputs if not any(sign in slide_text(piece.cell) for sign in ANSWER_SIGNS)]
    lines = code.splitlines()
    draws = any("image/png" in output.get("data", {}) for piece in outputs for output in piece.cell.get("outputs", []))
    if draws and wrapped_lines(code, CODE_CHARS) > CODE_LINES_PER_SLIDE:
        lines = []  # plotting code: the figure is what the room looks at
    pieces = []
    for chunk in chunks(lines, CODE_LINES_PER_SLIDE):
        source = "\n".join(chunk)
        piece = nbformat.v4.new_code_cell(source)
        pieces.append(Piece(piece, BLOCK_GAP + CODE_LINE * wrapped_lines(source, CODE_CHARS)))
    return pieces + outputs


def slide_text(cell: nbformat.NotebookNode) -> str:
    """Everything a cell shows as text: its source and its outputs."""
    shown = [cell.source if not cell.metadata.get("transient") else ""]
    for output in cell.get("outputs", []):
        shown.append(output.get("text", "") + "".join(str(value) for value in output.get("data", {}).values()))
    return "\n".join(shown)


def guide_notes(number: str, guide: Path = GUIDE) -> str:
    """The instructor guide's points for notebook ``number``: the bullets of its ``## NN · …`` section."""
    text = guide.read_text(encoding="utf-8")
    found = re.search(rf"^## {number} · (.*?)$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if found is None:
        raise ValueError(f"{guide.name} has no section headed '## {number} · …' to take speaker notes from")
    bullets = found[2][found[2].find("\n- ") :].strip()
    return f"**{number} · {found[1]}** (from the instructor's guide)\n\n{bullets}"


def exercise_note(check_cell: nbformat.NotebookNode) -> str:
    """What the speaker notes say at an exercise: how to show its solution."""
    exercise = CHECK_CALL.search(check_cell.source)[1]
    return f'Exercise `{exercise}`. A stuck room: run `show_solution("{exercise}")` in the notebook.'


def skipped_cells(notebook: nbformat.NotebookNode, headings: list[str]) -> set[int]:
    """The indices of the cells in the sections under these headings."""
    return {i for heading in headings for i in section(notebook.cells, heading)}


def slide_pieces(notebook: nbformat.NotebookNode, optional: set[int], core: bool) -> list[Piece]:
    """Every piece of every cell shown, in order; ``optional`` cells left out (core) or marked as optional."""
    hidden_answers = answer_names(notebook)
    pieces: list[Piece] = []
    for index, cell in enumerate(notebook.cells):
        if index in optional and core:
            continue
        if is_hidden_on_slides(cell):
            if CHECK_CALL.search(cell.source) and pieces:
                pieces[-1].notes.append(exercise_note(cell))
            continue
        if "notes" in cell.metadata.get("tags", []):
            if pieces:
                pieces[-1].notes.append(cell.source)
            continue
        if cell.cell_type == "markdown":
            new = [markdown_piece(block) for block in markdown_blocks(cell.source)]
            if index in optional and index - 1 not in optional and new:
                new[0].notes.append("Optional: the core path of the live session skips this section.")
                if not OPTIONAL.search(new[0].cell.source):  # a heading that says so is not marked twice
                    new.insert(1, markdown_piece('<p class="optional">Optional: skipped in the live session</p>'))
        elif cell.cell_type == "code":
            new = code_pieces(cell, hide_outputs=bool(names(cell.source)[1] & hidden_answers) and not is_stub(cell))
        else:
            new = []
        pieces.extend(new)
    return pieces


def pack(pieces: list[Piece], notes: str) -> list[nbformat.NotebookNode]:
    """The cells of the slides: a sub-slide opened wherever the next piece would not fit; notes on every one."""
    cells, used, slide_notes = [], CONTENT_HEIGHT + 1, []
    for piece in pieces:
        starts = piece.starts
        if starts == "-" and used + piece.height > CONTENT_HEIGHT:
            starts = "subslide"
        if starts != "-":
            if cells:
                cells.append(notes_cell(slide_notes, notes))
            used, slide_notes = 0, []
        piece.cell.metadata["slideshow"] = {"slide_type": starts}
        cells.append(piece.cell)
        slide_notes += piece.notes
        used += piece.height
    if cells:
        cells.append(notes_cell(slide_notes, notes))
    return cells


def notes_cell(own: list[str], notebook_notes: str) -> nbformat.NotebookNode:
    """Speaker notes: what this slide's cells bring, then the guide's points for the notebook."""
    cell = nbformat.v4.new_markdown_cell("\n\n".join([*own, notebook_notes]))
    cell.metadata["slideshow"] = {"slide_type": "notes"}
    return cell


def slides_notebook(notebook: nbformat.NotebookNode, number: str, core: bool = False) -> nbformat.NotebookNode:
    """The notebook cut into slides that fit a 1280 × 720 screen; ``core``: without the sections the session skips."""
    headings = timetable.load(ROOT).skip.get(number, [])
    pieces = slide_pieces(notebook, skipped_cells(notebook, headings), core)
    slides = nbformat.v4.new_notebook(metadata=copy.deepcopy(notebook.metadata))
    slides.metadata.pop("widgets", None)  # the explorers show their static figures: slides have no kernel
    slides.cells = pack(pieces, guide_notes(number))
    return slides


def _package_folder(package: str) -> Path:
    """Where an installed package's files are, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise SystemExit(f"the slides need the package {package}: python -m pip install -r requirements.txt")
    return Path(spec.submodule_search_locations[0])


def copy_slide_scripts(output_dir: Path) -> None:
    """Put reveal.js, MathJax and the projector's style sheet beside the slides, so that they open offline."""
    reveal = _package_folder("sphinx_revealjs") / "_static" / "revealjs"
    for part in ("dist", "plugin/notes"):
        shutil.copytree(reveal / part, output_dir / "reveal.js" / part, dirs_exist_ok=True, ignore=_SOURCE_MAPS)
    shutil.copy(reveal / "LICENSE", output_dir / "reveal.js" / "LICENSE")
    shutil.copytree(_package_folder("jupyter_server_mathjax") / "static", output_dir / "mathjax", dirs_exist_ok=True)
    shutil.copy(SLIDES_FOLDER / "projector.css", output_dir / "projector.css")


def write_slides(path: Path, output_dir: Path, core: bool = False) -> Path:
    """Export one notebook to reveal.js slides in ``output_dir``, with the scripts they need; returns the file."""
    copy_slide_scripts(output_dir)
    return write_slides_page(path, output_dir, core)


def write_slides_page(path: Path, output_dir: Path, core: bool = False) -> Path:
    """Export one notebook to a reveal.js page in ``output_dir``, beside scripts already there; returns the file."""
    exporter = SlidesExporter(
        template_file=str(SLIDES_TEMPLATE),
        reveal_url_prefix="reveal.js",
        reveal_theme="white",  # its fonts come with reveal.js; "simple" fetches them from Google
        reveal_width="1280",
        reveal_height="720",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    notebook = slides_notebook(nbformat.read(path, as_version=4), path.name[:2], core)
    body, _ = exporter.from_notebook_node(notebook)
    target = output_dir / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> None:
    """Write slides of the notebooks named on the command line (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["slides"])
    parser.add_argument("--notebooks", nargs="+", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("--output", type=Path, help="default: build/slides or build/slides-core")
    parser.add_argument("--core", action="store_true", help="slides of the live session's core path only")
    args = parser.parse_args(argv)
    session = timetable.load(ROOT).numbers("session")
    paths = args.notebooks or [path for path in notebooks() if not args.core or path.name[:2] in session]
    output_dir = args.output or ROOT / "build" / ("slides-core" if args.core else "slides")
    output_dir.mkdir(parents=True, exist_ok=True)
    copy_slide_scripts(output_dir)  # once for all the pages
    for path in paths:
        print(write_slides_page(path, output_dir, core=args.core))


if __name__ == "__main__":
    main()
