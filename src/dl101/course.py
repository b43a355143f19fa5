"""The course's notebooks and the conventions their cells follow, defined once for the tests and the tools."""

from __future__ import annotations

import ast
import json
import re
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


_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def names(source: str) -> tuple[set[str], set[str]]:
    """(the names a code cell defines, the names it reads from the notebook), by Python's scoping rules.

    Defined: bound at the cell's top level (assigned, imported, named by ``def`` or ``class``, a loop or ``with``
    target), or declared ``global`` and bound in a function. Read: loaded, deleted or augmented at the top level, or
    inside a function, lambda, class or comprehension without being its own: a parameter, a local variable or a
    comprehension's loop variable is not read from the notebook. Where a rule would need the code run (a class
    body's own names), a name counts as read: more cells then run, never fewer.
    """
    defined: set[str] = set()
    read: set[str] = set()

    def scan(node: ast.AST, hidden: frozenset[str], declared_global: frozenset[str] | None) -> None:
        """Record ``node``'s names; ``hidden``: the enclosing functions' own names; ``declared_global``: None at
        the top level (every binding there is the notebook's), else what the enclosing function declares global."""
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store) and node.id not in hidden:
            read.add(node.id)
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id not in hidden:
            read.add(node.target.id)
        bound = _binds(node)
        defined.update(bound if declared_global is None else bound & declared_global)
        if isinstance(node, _FUNCTIONS):
            for part in _evaluated_where_defined(node):
                scan(part, hidden, declared_global)
            own, declares = _own_names(node)
            for part in node.body if isinstance(node.body, list) else [node.body]:
                scan(part, (hidden | own) - declares, declares)
        elif isinstance(node, ast.ClassDef):
            for part in [*node.decorator_list, *node.bases, *node.keywords]:
                scan(part, hidden, declared_global)
            for part in node.body:
                scan(part, hidden, frozenset())  # a class's attributes are not the notebook's names
        elif isinstance(node, _COMPREHENSIONS):
            first, *rest = node.generators
            scan(first.iter, hidden, declared_global)  # evaluated before the comprehension's scope begins
            targets = {name.id for g in node.generators for name in ast.walk(g.target) if isinstance(name, ast.Name)}
            results = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for part in [*first.ifs, *(part for g in rest for part in (g.iter, *g.ifs)), *results]:
                scan(part, hidden | targets, declared_global)
        else:
            for child in ast.iter_child_nodes(node):
                scan(child, hidden, declared_global)

    for statement in parse(source).body:
        scan(statement, frozenset(), None)
    return defined, read


def _binds(node: ast.AST) -> frozenset[str]:
    """The names ``node`` itself binds in the scope it stands in."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
        return frozenset([node.id])
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return frozenset((alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*")
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return frozenset([node.name])
    if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
        return frozenset([node.name])
    if isinstance(node, ast.MatchMapping) and node.rest:
        return frozenset([node.rest])
    return frozenset()


def _evaluated_where_defined(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[ast.AST]:
    """A function's decorators, defaults and annotations: run when the ``def`` runs, in the enclosing scope."""
    arguments = function.args
    parts = [*arguments.defaults, *filter(None, arguments.kw_defaults)]
    if not isinstance(function, ast.Lambda):
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
        parts += [*function.decorator_list, function.returns, *(a.annotation for a in every if a is not None)]
    return [part for part in parts if part is not None]


def _own_names(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> tuple[frozenset[str], frozenset[str]]:
    """A function's own names (its parameters and what its body binds), and the names its body declares global."""
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg]
    own = {argument.arg for argument in every if argument is not None}
    declared_global, declared_nonlocal = set(), set()
    pending = list(function.body) if isinstance(function.body, list) else [function.body]
    while pending:
        node = pending.pop()
        own |= _binds(node)
        if isinstance(node, ast.Global):
            declared_global.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            declared_nonlocal.update(node.names)
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef, *_COMPREHENSIONS)):  # their names are their own
            pending.extend(ast.iter_child_nodes(node))
    return frozenset(own - declared_global - declared_nonlocal), frozenset(declared_global)


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
