"""One timetable: README, notebook 00, the instructor guide and the run-sheet show what docs/timetable.toml gives.

The core path's session must fit its three hours with its break and buffer, its second tier of cuts
with time to spare, and its notebooks must run top to bottom with the sections it skips left out,
and with the second tier's too. A notebook whose core path stops at its first skipped section is
the beginning of the notebook, which nbval runs: only those with code after a skipped section run
again here.
"""

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import timetable
from dl101.course import cells, notebooks, section, source
from dl101.paths import ROOT
from test_instructor_guide import names_needed_after_skipping


def copy_of_the_course(tmp_path: Path) -> Path:
    for name in ("README.md", "docs", "notebooks"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_readme_notebook_00_and_the_guide_show_the_timetable():
    assert timetable.problems() == []


def test_minutes_changed_by_hand_in_any_of_the_four_are_found(tmp_path):
    root = copy_of_the_course(tmp_path)
    readme = root / "README.md"
    readme.write_text(readme.read_text().replace("**How long it takes.**", "**How long it takes, roughly.**"))
    guide = root / "docs" / "instructor.md"
    guide.write_text(
        guide.read_text().replace("## 05 · Backpropagation and training (", "## 05 · Backpropagation and training (1")
    )
    welcome = root / "notebooks" / "00_welcome.ipynb"
    notebook = json.loads(welcome.read_text())
    for cell in notebook["cells"]:
        cell["source"] = [
            line.replace("<!-- /timetable -->", "It takes an afternoon.\n<!-- /timetable -->")
            for line in cell["source"]
        ]
    welcome.write_text(json.dumps(notebook))
    sheet = root / "docs" / "run-sheet.md"
    sheet.write_text(sheet.read_text().replace("| 0:00 |", "| 0:05 |"))
    found = timetable.problems(root)
    assert [problem.split()[0] for problem in found] == [
        "README.md",
        "docs/instructor.md",
        "notebooks/00_welcome.ipynb",
        "docs/run-sheet.md",
    ]
    for path, text in timetable.written(root).items():
        path.write_text(text)
    assert timetable.problems(root) == []


def test_a_core_path_longer_than_its_session_is_refused(tmp_path):
    root = copy_of_the_course(tmp_path)
    settings = root / "docs" / "timetable.toml"
    settings.write_text(settings.read_text().replace("session_minutes = 180", "session_minutes = 60"))
    for path, text in timetable.written(root).items():
        path.write_text(text)
    (problem,) = timetable.problems(root)
    assert "more than 60" in problem


def test_the_session_fits_its_hours_with_its_break_and_buffer():
    table = timetable.load()
    assert table.break_minutes >= 15 and table.buffer_minutes >= 15
    planned = sum(n.planned for n in table.notebooks)
    assert planned == sum(timetable.session_minutes(timetable.block_minutes(table.blocks, n)) for n in SESSION_NUMBERS)
    assert table.taught() == planned + table.break_minutes + table.buffer_minutes <= table.session_minutes


def test_the_second_tier_fits_with_time_to_spare():
    table = timetable.load()
    assert table.cuts, "name sections to cut when the room falls behind"
    assert all(cut.saves > 0 for cut in table.cuts)
    assert table.taught_after_cuts() <= table.session_minutes - table.buffer_minutes  # a second buffer's worth


def test_six_or_seven_exercises_are_written_live_and_the_rest_shown():
    table = timetable.load()
    live = [exercise for block in table.blocks for exercise in block.live]
    shown = [exercise for block in table.blocks for exercise in block.shown]
    assert 6 <= len(live) <= 7
    on_core_path = set()
    for path in notebooks():
        if path.name[:2] in SESSION_NUMBERS:
            notebook = cells(path)
            skipped = timetable.sections(notebook, table.skip[path.name[:2]])
            on_core_path |= {e for e, i in timetable.exercise_ids(notebook).items() if i not in skipped}
    assert sorted(live + shown) == sorted(on_core_path)


def test_every_exercise_and_heading_the_plan_names_exists(tmp_path):
    table = timetable.load()
    for path in notebooks():
        notebook = cells(path)
        for heading in table.skip.get(path.name[:2], []) + [c.heading for c in table.cuts if c.number == path.name[:2]]:
            assert section(notebook, heading)  # raises for a heading not found once
    root = copy_of_the_course(tmp_path)
    settings = root / "docs" / "timetable.toml"
    text = settings.read_text()
    settings.write_text(text.replace('"03.dense_forward"', '"03.dense_forwards"'))
    with pytest.raises(ValueError, match="03.dense_forwards"):
        timetable.load(root)
    settings.write_text(text.replace('"06" = ["## Stride and padding"]', '"06" = ["## Stride and paddings"]'))
    with pytest.raises(ValueError, match="Stride and paddings"):
        timetable.load(root)


HEADING = re.compile(r"^#{1,6} ")
OPTIONAL = " (optional)"


def headings(cell: dict) -> list[tuple[int, str]]:
    """The Markdown headings of a cell with their line numbers, fenced code left out."""
    found, fenced = [], False
    for number, line in enumerate(source(cell).splitlines()):
        fenced ^= line.startswith("```")
        if not fenced and HEADING.match(line):
            found.append((number, line))
    return found


def headings_after_text(cell: dict) -> list[str]:
    """The headings of a Markdown cell that some text precedes: that text belongs to the section before."""
    lines = source(cell).splitlines()
    first_text = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    return [heading for number, heading in headings(cell) if number > first_text]


def test_a_heading_after_text_in_its_cell_is_found():
    conclusion_then_heading = nbformat.v4.new_markdown_cell("So it converges.\n\n## Pooling\n\nA pooling layer...")
    two_headings = nbformat.v4.new_markdown_cell("## Summary\n\n- a point\n\n## Going further")
    fenced = nbformat.v4.new_markdown_cell("## Setting\n\n```python\n# a comment, not a heading\n```")
    assert headings_after_text(conclusion_then_heading) == ["## Pooling"]
    assert headings_after_text(two_headings) == ["## Going further"]
    assert headings_after_text(fenced) == []


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_every_heading_opens_its_cell(path):
    """A section starts at its heading's cell: text above the heading in that cell would land in the wrong section."""
    found = {i: headings_after_text(cell) for i, cell in enumerate(cells(path)) if cell["cell_type"] == "markdown"}
    assert not {i: late for i, late in found.items() if late}, "split the cell so that each heading starts one"


@pytest.mark.parametrize("path", notebooks(), ids=lambda path: path.name)
def test_the_headings_of_the_sections_skipped_and_only_those_end_in_optional(path):
    skipped = timetable.load().skip.get(path.name[:2], [])
    markdown = [cell for cell in cells(path) if cell["cell_type"] == "markdown"]
    marked = [heading for cell in markdown for _, heading in headings(cell) if heading.endswith(OPTIONAL)]
    assert all(heading.endswith(OPTIONAL) for heading in skipped), skipped
    assert sorted(marked) == sorted(skipped)


def test_model_fit_is_seen_live_before_notebook_06():
    table = timetable.load()
    (first,) = [block for block in table.blocks if block.first_fit]
    assert first.number < "06"
    sheet = timetable.run_sheet(table)
    assert "first `model.fit`" in sheet and first.heading in sheet


def test_the_run_sheet_shows_the_clock_the_break_the_buffer_and_the_cuts():
    table = timetable.load()
    sheet = timetable.run_sheet(table)
    clocks = [line.split("|")[1].strip() for line in sheet.splitlines() if re.match(r"\| \d:\d\d \|", line)]
    minutes = [int(c.split(":")[0]) * 60 + int(c.split(":")[1]) for c in clocks]
    assert minutes[0] == 0 and minutes == sorted(minutes)
    assert minutes[-1] == table.taught() <= table.session_minutes
    assert "**Break**" in sheet and "**Buffer**" in sheet
    for cut in table.cuts:
        assert f"| {cut.number} | {cut.heading} | {cut.saves:.0f} |" in sheet


def test_the_second_tier_leaves_later_cells_what_they_need():
    table = timetable.load()
    for path in notebooks():
        number = path.name[:2]
        cut = [c.heading for c in table.cuts if c.number == number]
        if cut:
            notebook = cells(path)
            skipped = timetable.sections(notebook, table.skip[number] + cut)
            assert not names_needed_after_skipping(notebook, skipped), number


def test_minutes_follow_the_pace():
    pace = {"words_per_minute": 100, "code_lines_per_minute": 10, "minutes_per_exercise": 6}
    text = nbformat.v4.new_markdown_cell("word " * 1000)  # 10 minutes
    code = nbformat.v4.new_code_cell("x = 1\n" * 100)  # 10 minutes
    stub = nbformat.v4.new_code_cell("def f(x):\n    ...  # YOUR CODE HERE\n")  # 6 minutes, and 2 lines
    assert timetable.minutes([text, code, stub], pace) == 25  # 26.2, rounded to 5
    assert timetable.minutes([], pace) == 5


def core_path(path: Path, second_tier: bool = False) -> tuple[nbformat.NotebookNode, int]:
    """The notebook without the sections the core path skips (and its second tier), and the cells before the first."""
    notebook = nbformat.read(path, as_version=4)
    table = timetable.load()
    headings = table.skip[path.name[:2]] + [c.heading for c in table.cuts if second_tier and c.number == path.name[:2]]
    skipped = timetable.sections(notebook.cells, headings)
    before = min(skipped)
    notebook.cells = [cell for i, cell in enumerate(notebook.cells) if i not in skipped]
    return notebook, before


def continues_after_a_skip(path: Path) -> bool:
    """Whether code follows a skipped section; if not, the core path is the notebook's beginning, which nbval runs."""
    notebook, before = core_path(path)
    return any(cell.cell_type == "code" for cell in notebook.cells[before:])


SESSION_NUMBERS = timetable.load().numbers("session")
SESSION = [path for path in notebooks() if path.name[:2] in SESSION_NUMBERS]


@pytest.mark.slow
@pytest.mark.parametrize("second_tier", [False, True], ids=["core path", "second tier"])
@pytest.mark.parametrize("path", [path for path in SESSION if continues_after_a_skip(path)], ids=lambda path: path.name)
def test_core_path_runs_top_to_bottom_without_the_sections_it_skips(path, second_tier):
    notebook, _ = core_path(path, second_tier)
    NotebookClient(
        notebook, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [output for cell in notebook.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert not errors
