"""Live-coding copies of the notebooks: the cells an instructor types in front of the room, emptied.

Run from the repository root:

    python tools/live_coding.py                      # build/live-coding/NN_name.ipynb, every notebook
    python tools/live_coding.py --notebooks notebooks/03_mlp.ipynb --output /tmp/live

docs/live_coding.toml lists, per notebook, the cells to type: each found by a short snippet of its
source, with a one-line hint. A copy empties exactly those cells down to ``# Type: <hint>``, clears
every output, and keeps every other cell as it is: data, set-up, figures, explorers, the exercises
and their checks. A notebook the list does not name is copied whole, its outputs cleared.
"""

from __future__ import annotations

import argparse
import copy
import tomllib
from pathlib import Path
from typing import NamedTuple

import nbformat

from checkout import ROOT
from dl101.course import CHECK_CALL, is_stub, notebooks

TYPE_LIST = ROOT / "docs" / "live_coding.toml"
HINT_PREFIX = "# Type: "


class ToType(NamedTuple):
    """A cell the instructor types: a piece of its source that finds it, and what to type, in one line."""

    snippet: str
    hint: str


def read_type_list(path: Path = TYPE_LIST) -> dict[str, list[ToType]]:
    """The cells to type, by notebook number ("03"), as docs/live_coding.toml lists them."""
    listed = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    type_list = {}
    for number, entries in listed.items():
        if not isinstance(entries, list):
            raise ValueError(f"{path}: expected [[{number}]] tables with a snippet and a hint, got {entries!r}")
        type_list[number] = [to_type(entry, f"{path}, notebook {number}") for entry in entries]
    return type_list


def to_type(entry: dict, where: str) -> ToType:
    """One entry of the list, checked: a non-empty snippet and a non-empty hint of one line."""
    if set(entry) != {"snippet", "hint"}:
        raise ValueError(f"{where}: expected the keys snippet and hint, got {sorted(entry)}")
    snippet, hint = entry["snippet"], entry["hint"]
    if not (isinstance(snippet, str) and snippet.strip()):
        raise ValueError(f"{where}: expected a snippet of a cell's source, got {snippet!r}")
    if not (isinstance(hint, str) and hint.strip()) or "\n" in hint:
        raise ValueError(f"{where}: expected a hint of one line, got {hint!r}")
    return ToType(snippet, hint.strip())


def notebook_number(path: Path) -> str:
    """The number a notebook's name starts with: "03" for 03_mlp.ipynb."""
    return Path(path).name[:2]


def is_exercise_cell(cell: nbformat.NotebookNode) -> bool:
    """A stub for the learner to complete, or the check of one."""
    return is_stub(cell) or (cell.cell_type == "code" and CHECK_CALL.search(cell.source) is not None)


def find_cell(notebook: nbformat.NotebookNode, snippet: str) -> int:
    """The index of the one code cell whose source holds ``snippet``."""
    found = [i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code" and snippet in cell.source]
    if len(found) != 1:
        raise ValueError(f"expected the snippet {snippet!r} in exactly one code cell, found it in {len(found)}")
    return found[0]


def hints_by_cell(notebook: nbformat.NotebookNode, listed: list[ToType]) -> dict[int, str]:
    """The cells to empty, by index, each with its hint; the set-up cell and the exercises are never emptied."""
    first_code = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
    hints = {}
    for snippet, hint in listed:
        index = find_cell(notebook, snippet)
        if index == first_code or is_exercise_cell(notebook.cells[index]):
            raise ValueError(f"the snippet {snippet!r} finds the set-up cell or an exercise: they stay in the copy")
        if index in hints:
            raise ValueError(f"the snippet {snippet!r} finds a cell another snippet already lists")
        hints[index] = hint
    return hints


def live_coding_notebook(notebook: nbformat.NotebookNode, listed: list[ToType]) -> nbformat.NotebookNode:
    """A copy with no outputs, the listed cells emptied down to their hints, every other cell as it was."""
    hints = hints_by_cell(notebook, listed)
    live = copy.deepcopy(notebook)
    live.metadata.pop("widgets", None)  # the saved state of the original's explorers
    for index, cell in enumerate(live.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        if index in hints:
            cell.source = HINT_PREFIX + hints[index]
    return live


def write_live_coding(path: Path, output_dir: Path, type_list: dict[str, list[ToType]]) -> Path:
    """Write the live-coding copy of the notebook at ``path`` into ``output_dir``; its path."""
    notebook = nbformat.read(path, as_version=4)
    live = live_coding_notebook(notebook, type_list.get(notebook_number(path), []))
    target = Path(output_dir) / Path(path).name
    nbformat.write(live, target)
    return target


def main(argv: list[str] | None = None) -> None:
    """Write the live-coding copies of the notebooks named on the command line (default: all)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", nargs="+", type=Path, help="default: every notebooks/NN_*.ipynb")
    parser.add_argument("--output", type=Path, default=ROOT / "build" / "live-coding", help="build/live-coding")
    args = parser.parse_args(argv)
    type_list = read_type_list()
    paths = args.notebooks or notebooks(ROOT / "notebooks")
    args.output.mkdir(parents=True, exist_ok=True)
    for path in paths:
        print(write_live_coding(path, args.output, type_list))


if __name__ == "__main__":
    main()
