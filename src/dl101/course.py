"""The course's notebooks and the conventions their cells follow, defined once for the tests and the tools."""

from __future__ import annotations

import ast
import json
import re
import symtable
from pathlib import Path

from dl101.paths import NOTEBOOKS_DIR

# Mark where an exercise cell asks the learner to write a function, or to give a value.
STUB_MARKERS = ("YOUR CODE HERE", "YOUR ANSWER HERE")
# What a stub defines: `def name(` for a function, `name = None` for a value.
STUB_DEFINES = re.compile(r"^(?:def (\w+)\(|(\w+) = None\b)", re.M)
CHECKED_TAG = "nbval-check-output"  # tags a cell whose output is a claim nbval compares
CHECK_CALL = re.compile(r"""check\(\s*["'](\d\d\.\w+)["']""")  # an exercise's check call, with its id


def notebooks(directory: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course's notebooks in order (00_welcome.ipynb, 01_ml_principles.ipynb, ...)."""
    return sorted(Path(directory).glob("[0-9][0-9]_*.ipynb"))


def cells(path: Path) -> list[dict]:
    """The cells of a notebook, as stored (sources as lists of lines)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    """A cell's source as one string."""
    return "".join(cell["source"])


def is_checked(cell: dict) -> bool:
    """Whether nbval compares this cell's output."""
    return CHECKED_TAG in cell.get("metadata", {}).get("tags", [])


def is_stub(cell: dict) -> bool:
    """Whether a cell is an exercise for the learner to complete."""
    return cell["cell_type"] == "code" and any(marker in source(cell) for marker in STUB_MARKERS)


def stub_name(cell: dict) -> str | None:
    """The function or variable a stub cell asks the learner to define."""
    match = STUB_DEFINES.search(source(cell))
    return next(filter(None, match.groups())) if match else None


def parse(source: str) -> ast.Module:
    """A code cell as a syntax tree; IPython lines (``!``, ``%``) and cells that do not parse count as empty."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def names(source: str) -> tuple[set[str], set[str]]:
    """(the names a code cell defines, the names it reads from the notebook).

    Defined: assigned, imported, or named by a ``def`` or ``class`` at the cell's top level. Read: loaded at the top
    level, or inside a function, class, lambda or comprehension without being its own; a parameter or a local
    variable is not read from the notebook.
    """
    top = symtable.symtable(ast.unparse(parse(source)), "<cell>", "exec")
    defined = {symbol.get_name() for symbol in top.get_symbols() if symbol.is_assigned() or symbol.is_imported()}
    read, scopes = set(), [top]
    while scopes:
        scope = scopes.pop()
        scopes.extend(scope.get_children())
        read.update(
            symbol.get_name()
            for symbol in scope.get_symbols()
            if symbol.is_referenced() and (scope is top or symbol.is_global())
        )
    return defined, read


def heading_level(line: str) -> int:
    """How many # a Markdown heading line starts with (0 for any other line)."""
    return len(line) - len(line.lstrip("#"))


def section(cells: list[dict], heading: str) -> range:
    """The cells from the one holding ``heading`` up to the next heading of the same or a higher level."""
    starts = [
        i for i, cell in enumerate(cells) if cell["cell_type"] == "markdown" and heading in source(cell).splitlines()
    ]
    if len(starts) != 1:
        raise ValueError(f"expected the heading {heading!r} in exactly one Markdown cell, found {len(starts)}")
    level = heading_level(heading)
    for end in range(starts[0] + 1, len(cells)):
        lines = source(cells[end]).splitlines() if cells[end]["cell_type"] == "markdown" else []
        if any(line.startswith("#") and 0 < heading_level(line) <= level for line in lines):
            return range(starts[0], end)
    return range(starts[0], len(cells))
