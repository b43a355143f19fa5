"""dl101.course's reading of a code cell: what it takes from the notebook and what it leaves there.

The solved copies, the browser's explorers, the instructor guide's skips, the live-coding copies and the slides
all choose cells by these two sets, so a name read and missed would leave out a cell a later one needs.
"""

import pytest

from dl101.course import names

CASES = [
    # (cell, names it defines, names it reads from the notebook)
    ("x = 1\ny = x + z", {"x", "y"}, {"x", "z"}),
    ("def f(values, k=K):\n    out = [v * scale for v in values]\n    return out[:k]", {"f"}, {"K", "scale"}),
    ("model = [model.predict(x) for x in X]", {"model"}, {"model", "X"}),  # also on Python 3.12+ (PEP 709)
    ("total = sum(t for t in totals if t > floor)", {"total"}, {"sum", "totals", "floor"}),
    ("pairs = {a: b for a in A for b in B[a]}", {"pairs"}, {"A", "B"}),
    ("def outer():\n    y = 1\n\n    def inner():\n        return y + z\n\n    return inner", {"outer"}, {"z"}),
    (
        "@decorate\ndef f(a: Annotated = default) -> Returned:\n    return lambda b: a + b + c",
        {"f"},
        {"decorate", "Annotated", "default", "Returned", "c"},
    ),
    ("def f():\n    global G\n    G = H + 1", {"f", "G"}, {"H"}),
    ("del x", set(), {"x"}),
    ("x += 1", {"x"}, {"x"}),
    ("print(total := x + 1)", {"total"}, {"print", "x"}),
    ("for i, (a, b) in enumerate(pairs):\n    s = a", {"i", "a", "b", "s"}, {"enumerate", "pairs", "a"}),
    ("with open(path) as handle:\n    text = handle.read()", {"handle", "text"}, {"open", "path", "handle"}),
    ("import numpy.linalg\nimport pandas as pd\nfrom a import b as c", {"numpy", "pd", "c"}, set()),
    ("print(f'{value:.{digits}f}')", set(), {"print", "value", "digits"}),
    (
        "try:\n    f()\nexcept ValueError as error:\n    print(error)",
        set(),
        {"f", "ValueError", "print", "error"},
    ),  # the handler's name: read, as a cautious reading
    ("class A(Base):\n    K = 3\n    v = [K * i for i in range(K)]", {"A"}, {"Base", "K", "range"}),
    ("%timeit f(x)\ny = 2", {"y"}, set()),  # IPython's lines are not Python: left out
]


@pytest.mark.parametrize(("cell", "defines", "reads"), CASES, ids=[cell.splitlines()[0] for cell, _, _ in CASES])
def test_a_cell_reads_what_it_takes_from_the_notebook_and_defines_what_it_leaves_there(cell, defines, reads):
    assert names(cell) == (defines, reads)
