"""Material for live teaching, made from the notebooks themselves: slides and live-coding copies.

Run from the repository root:

    python tools/teaching_kit.py slides          # build/slides/NN_name.slides.html (reveal.js)
    python tools/teaching_kit.py live-coding     # build/live-coding/NN_name.ipynb
    python tools/teaching_kit.py slides --notebooks notebooks/02_perceptron.ipynb --output /tmp/slides

**Slides.** A new slide at each Markdown cell with a ``##`` heading, a sub-slide (below it) at
each ``###`` heading, such as an exercise's; the set-up cell is skipped. A cell's own slide
type (JupyterLab's property inspector, "Slide Type") wins, and so do the tags ``slide``,
``subslide``, ``fragment``, ``skip`` and ``notes``. The slides work offline: reveal.js (from the
``sphinx-revealjs`` package) and MathJax (from ``jupyter-server-mathjax``) are copied beside
them, into ``reveal.js/`` and ``mathjax/``; copy the whole folder to take the slides elsewhere.

**Live-coding copies.** For an instructor who types the code in front of the room: every output
is cleared and every code cell emptied down to its import lines, except the set-up cell, the
exercises (stubs and checks), cells that only import from or call the course's helpers
(``dl101``: explorers, figures), and cells tagged ``live-coding-keep``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib.util
import shutil
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

from dl101.course import CHECK_CALL, is_stub, notebooks

REPO_ROOT = Path(__file__).resolve().parent.parent
SLIDE_TAGS = ("slide", "subslide", "fragment", "skip", "notes")
KEEP_TAG = "live-coding-keep"
SLIDES_TEMPLATE = Path(__file__).resolve().parent / "slides" / "offline.html.j2"
_SOURCE_MAPS = shutil.ignore_patterns("*.map")  # for debugging reveal.js itself; a third of its size


def is_setup_cell(cell: nbformat.NotebookNode) -> bool:
    """The notebook's first code cell: the Colab bootstrap and ``setup()``."""
    return cell.cell_type == "code" and "from dl101 import setup" in cell.source


def is_exercise_cell(cell: nbformat.NotebookNode) -> bool:
    """A stub for the learner to complete, or the check of one."""
    return is_stub(cell) or (cell.cell_type == "code" and CHECK_CALL.search(cell.source) is not None)


def slide_type(cell: nbformat.NotebookNode) -> str:
    """The reveal.js role of a cell: its own setting or tag first, else one derived from the headings."""
    own = cell.metadata.get("slideshow", {}).get("slide_type")
    if own:
        return own
    tagged = [tag for tag in cell.metadata.get("tags", []) if tag in SLIDE_TAGS]
    if tagged:
        return tagged[0]
    if is_setup_cell(cell):
        return "skip"
    if cell.cell_type == "markdown":
        headings = {line.split(" ", 1)[0] for line in cell.source.splitlines() if line.startswith("#")}
        if headings & {"#", "##"}:
            return "slide"
        if "###" in headings:
            return "subslide"
    return "-"


def slides_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook with a slide type on every cell."""
    slides = copy.deepcopy(notebook)
    for cell in slides.cells:
        cell.metadata["slideshow"] = {"slide_type": slide_type(cell)}
    return slides


def _package_folder(package: str) -> Path:
    """Where an installed package's files are, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise SystemExit(f"the slides need the package {package}: python -m pip install -r requirements.txt")
    return Path(spec.submodule_search_locations[0])


def copy_slide_scripts(output_dir: Path) -> None:
    """Put reveal.js and MathJax beside the slides, so that they open without a network."""
    reveal = _package_folder("sphinx_revealjs") / "_static" / "revealjs"
    for part in ("dist", "plugin/notes"):
        shutil.copytree(reveal / part, output_dir / "reveal.js" / part, dirs_exist_ok=True, ignore=_SOURCE_MAPS)
    shutil.copy(reveal / "LICENSE", output_dir / "reveal.js" / "LICENSE")
    shutil.copytree(_package_folder("jupyter_server_mathjax") / "static", output_dir / "mathjax", dirs_exist_ok=True)


def write_slides(path: Path, output_dir: Path) -> Path:
    """Export one notebook to reveal.js slides in ``output_dir``, with the scripts they need; returns the file."""
    exporter = SlidesExporter(
        template_file=str(SLIDES_TEMPLATE),
        reveal_url_prefix="reveal.js",
        reveal_theme="white",  # its fonts come with reveal.js; "simple" fetches them from Google
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(slides_notebook(nbformat.read(path, as_version=4)))
    copy_slide_scripts(output_dir)
    target = output_dir / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def helper_names(notebook: nbformat.NotebookNode) -> set[str]:
    """Every name the notebook imports from the course's package ``dl101``."""
    names = set()
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(parse(cell.source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "dl101":
                names.update(alias.asname or alias.name for alias in node.names)
    return names


def parse(source: str) -> ast.Module:
    """The cell's code as a syntax tree; IPython lines (``!``, ``%``) and unparsable cells count as empty."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def only_uses_helpers(cell: nbformat.NotebookNode, helpers: set[str]) -> bool:
    """True when every statement imports, or is a call (or an assignment from a call) of a course helper."""
    statements = parse(cell.source).body
    if not statements:
        return False
    for statement in statements:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            continue
        value = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
        function = value.func if isinstance(value, ast.Call) else None
        if not (isinstance(function, ast.Name) and function.id in helpers):
            return False
    return True


def import_lines(source: str) -> str:
    """Only the import statements of a cell: the boilerplate nobody needs to watch being typed."""
    lines = source.splitlines()
    imports = [node for node in parse(source).body if isinstance(node, (ast.Import, ast.ImportFrom))]
    return "\n".join("\n".join(lines[node.lineno - 1 : node.end_lineno]) for node in imports)


def live_coding_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy with the code the instructor types emptied (imports stay), and no outputs."""
    helpers = helper_names(notebook)
    live = copy.deepcopy(notebook)
    live.metadata.pop("widgets", None)
    for cell in live.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        keep = (
            is_setup_cell(cell)
            or is_exercise_cell(cell)
            or KEEP_TAG in cell.metadata.get("tags", [])
            or only_uses_helpers(cell, helpers)
        )
        if not keep:
            cell.source = import_lines(cell.source)
    return live


def write_live_coding(path: Path, output_dir: Path) -> Path:
    target = output_dir / path.name
    nbformat.write(live_coding_notebook(nbformat.read(path, as_version=4)), target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["slides", "live-coding"])
    parser.add_argument("--notebooks", nargs="+", type=Path, help="default: every notebooks/*.ipynb")
    parser.add_argument("--output", type=Path, help="default: build/slides or build/live-coding")
    args = parser.parse_args()
    paths = args.notebooks or notebooks()
    output_dir = args.output or REPO_ROOT / "build" / args.what
    output_dir.mkdir(parents=True, exist_ok=True)
    write = write_slides if args.what == "slides" else write_live_coding
    for path in paths:
        print(write(path, output_dir))


if __name__ == "__main__":
    main()
