"""Live-coding copies: the listed cells emptied down to a hint, the rest kept, and, once typed, the notebook itself."""

import re
import shutil
import subprocess
import sys

import nbformat
import pytest

import live_coding
import timetable
from dl101.course import names
from dl101.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
TYPE_LIST = live_coding.read_type_list()
LISTED = sorted(TYPE_LIST)
SESSION = timetable.load(ROOT).numbers("session")  # the notebooks of the live session


def notebook_path(number):
    """The course's notebook of this number."""
    (path,) = NOTEBOOKS.glob(f"{number}_*.ipynb")
    return path


def read(number):
    """The course's notebook of this number, as nbformat reads it."""
    return nbformat.read(notebook_path(number), as_version=4)


def unmet_names(live, original):
    """(name, kept cell, emptied cell) for each name a kept cell reads that only emptied cells define before it,
    and that no hint of those cells names: what the instructor would not know to type."""
    code = [i for i, cell in enumerate(live.cells) if cell.cell_type == "code"]
    emptied = {i for i in code if live.cells[i].source.startswith(live_coding.HINT_PREFIX)}
    defined_by = {i: names(original.cells[i].source)[0] for i in code}  # as the original, typed, defines them
    unmet = []
    for k, index in enumerate(code):
        if index in emptied:
            continue
        defined, reads = names(live.cells[index].source)
        for name in sorted(reads - defined):  # a name the cell binds itself is taken for its own
            providers = [i for i in code[:k] if name in defined_by[i]]
            if not providers or not emptied.issuperset(providers):
                continue  # a builtin, or a name a kept cell defines
            if not any(re.search(rf"\b{re.escape(name)}\b", live.cells[i].source) for i in providers):
                unmet.append((name, index, providers[-1]))
    return unmet


def test_the_list_covers_the_session_and_the_pre_work():
    assert {"01", "02", *SESSION} <= set(LISTED)
    assert all(2 <= len(TYPE_LIST[number]) <= 8 for number in LISTED)


@pytest.mark.parametrize("number", LISTED)
def test_each_snippet_finds_exactly_one_code_cell(number):
    notebook = read(number)
    for snippet, _ in TYPE_LIST[number]:
        live_coding.find_cell(notebook, snippet)  # raises for none or several


@pytest.mark.parametrize("number", LISTED)
def test_each_hint_is_one_line(number):
    assert all(hint.strip() and "\n" not in hint for _, hint in TYPE_LIST[number])


@pytest.mark.parametrize("number", LISTED)
def test_the_copy_empties_the_listed_cells_and_keeps_every_other_cell(number):
    original = read(number)
    live = live_coding.live_coding_notebook(original, TYPE_LIST[number])
    nbformat.validate(live)
    assert len(live.cells) == len(original.cells)
    emptied = [i for i, (a, b) in enumerate(zip(original.cells, live.cells, strict=True)) if a.source != b.source]
    assert len(emptied) == len(TYPE_LIST[number])
    for i in emptied:
        assert live.cells[i].source.count("\n") == 0 and live.cells[i].source.startswith("# Type: ")
        assert not live_coding.is_exercise_cell(original.cells[i])
    code = [cell for cell in live.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    kept = [
        b.source
        for a, b in zip(original.cells, live.cells, strict=True)
        if a.source == b.source and a.cell_type == "code"
    ]
    assert any("from dl101 import setup" in source for source in kept)
    assert sum("raise NotImplementedError" in source for source in kept) == sum(
        "raise NotImplementedError" in cell.source for cell in original.cells if cell.cell_type == "code"
    )


@pytest.mark.parametrize("number", LISTED)
def test_no_kept_cell_needs_a_name_that_no_hint_asks_for(number):
    original = read(number)
    live = live_coding.live_coding_notebook(original, TYPE_LIST[number])
    assert unmet_names(live, original) == []


def test_a_kept_cell_that_needs_what_an_emptied_cell_defined_is_found():
    original = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in ("import numpy as np", "W = np.eye(2)", "print(W)")]
    )
    silent = live_coding.live_coding_notebook(original, [live_coding.ToType("np.eye", "the identity matrix")])
    assert unmet_names(silent, original) == [("W", 2, 1)]
    named = live_coding.live_coding_notebook(original, [live_coding.ToType("np.eye", "W, the identity matrix")])
    assert unmet_names(named, original) == []


@pytest.mark.parametrize(
    ("snippet", "message"),
    [("x = ", "found it in 2"), ("nowhere", "found it in 0"), ("setup", "set-up cell or an exercise")],
)
def test_a_snippet_that_finds_no_cell_several_or_the_set_up_is_refused(snippet, message):
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(source) for source in ("from dl101 import setup", "x = 1", "x = 2")]
    )
    with pytest.raises(ValueError, match=message):
        live_coding.live_coding_notebook(notebook, [live_coding.ToType(snippet, "anything")])


def test_an_exercise_cannot_be_listed():
    notebook = read("03")
    with pytest.raises(ValueError, match="set-up cell or an exercise"):
        live_coding.live_coding_notebook(notebook, [live_coding.ToType('check("03.dense_forward"', "the check")])


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[03]]\nsnippet = "x"\nhint = "two\\nlines"\n', "a hint of one line"),
        ('[[03]]\nsnippet = ""\nhint = "h"\n', "a snippet"),
        ('[[03]]\nsnippet = "x"\n', "the keys snippet and hint"),
        ('03 = "x"\n', r"\[\[03\]\] tables"),
    ],
)
def test_a_malformed_list_is_refused_with_what_was_expected(tmp_path, toml, message):
    path = tmp_path / "live_coding.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        live_coding.read_type_list(path)


def test_the_command_writes_one_copy_per_notebook_and_copies_an_unlisted_one_whole(tmp_path):
    unlisted = tmp_path / "99_unlisted.ipynb"
    cell = nbformat.v4.new_code_cell("print(1)", outputs=[nbformat.v4.new_output("stream", text="1\n")])
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), unlisted)
    output = tmp_path / "live"
    live_coding.main(["--notebooks", str(notebook_path("02")), str(unlisted), "--output", str(output)])
    assert sorted(p.name for p in output.iterdir()) == sorted([notebook_path("02").name, unlisted.name])
    (whole,) = nbformat.read(output / unlisted.name, as_version=4).cells
    assert whole.source == "print(1)" and whole.outputs == []


@pytest.mark.slow
def test_in_a_checkout_whose_dl101_is_installed_elsewhere_the_tool_stops_and_writes_nothing(tmp_path):
    fork = tmp_path / "fork"
    shutil.copytree(ROOT / "tools", fork / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs", fork / "docs")
    shutil.copytree(NOTEBOOKS, fork / "notebooks")
    command = [sys.executable, "tools/live_coding.py"]  # with this environment's dl101, not the fork's
    result = subprocess.run(command, cwd=fork, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"these tools belong to {fork}" in result.stderr and str(ROOT) in result.stderr
    assert not (fork / "build").exists()


@pytest.mark.parametrize("number", LISTED)
def test_once_its_emptied_cells_are_typed_the_copy_is_the_notebook_nbval_runs(number):
    """Typed, the copy holds the original's code cell for cell: nbval runs that code top to bottom, and
    tests/test_timetable.py runs it with the session's cuts, so the copy needs no run of its own."""
    original = read(number)
    live = live_coding.live_coding_notebook(original, TYPE_LIST[number])
    for snippet, hint in TYPE_LIST[number]:  # typed: each hint replaced by the code it stands for
        (typed,) = [cell for cell in live.cells if cell.source == live_coding.HINT_PREFIX + hint]
        typed.source = original.cells[live_coding.find_cell(original, snippet)].source
    assert [(cell.cell_type, cell.source) for cell in live.cells] == [
        (cell.cell_type, cell.source) for cell in original.cells
    ]
