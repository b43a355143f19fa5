"""The instructor's guide covers every notebook, and what it calls safe to skip really is.

The sections safe to skip are those the core path skips (docs/timetable.toml), which the guide
lists. A section is safe to skip when no cell after it uses a name that only the section defines: the
rest of the notebook then runs top to bottom without it. The check reads the notebooks' code
(names assigned, defined or imported, and names read), so it needs no kernel.
"""

import re

import pytest

import timetable
from dl101.course import cells as notebook_cells
from dl101.course import names, notebooks, section, source
from dl101.paths import ROOT

GUIDE = ROOT / "docs" / "instructor.md"
NOTEBOOKS = notebooks()


def guide_sections() -> dict[str, str]:
    """The guide's text per notebook number, from its ``## NN · title`` headings."""
    parts = re.split(r"^## (\d\d) · .*$", GUIDE.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def names_needed_after_skipping(cells: list[dict], skipped: set[int]) -> set[str]:
    """Names read after the first skipped cell, by cells not skipped, that only skipped cells defined before them."""
    code = {i: names(source(cell)) for i, cell in enumerate(cells) if cell["cell_type"] == "code"}
    first = min(skipped)
    available = set().union(*(code[i][0] for i in code if i < first))
    only_in_section = set().union(*(code[i][0] for i in code if i in skipped)) - available
    missing = set()
    for i in sorted(i for i in code if i > first and i not in skipped):
        defined, read = code[i]
        missing |= (read - defined - available) & only_in_section
        available |= defined
    return missing


def test_every_notebook_has_a_section_in_the_guide():
    sections = guide_sections()
    assert sorted(sections) == sorted(path.name[:2] for path in NOTEBOOKS)
    for number, text in sections.items():
        assert "**Points to land**" in text and "**Where rooms get stuck**" in text, number


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_sections_safe_to_skip_are_not_needed_later(path):
    cells = notebook_cells(path)
    table = timetable.load()
    headings = table.skip.get(path.name[:2], [])
    assert headings, "name at least one section that can be skipped when short of time"
    needed_by = table.skip_with.get(path.name[:2], {})
    for heading in headings:
        alone = set(section(cells, heading))
        later = set().union(*(section(cells, other) for other in needed_by.get(heading, [])))
        missing = names_needed_after_skipping(cells, alone | later)
        assert not missing, f"skipping {heading!r} leaves later cells without {sorted(missing)}"
        if later:  # each section named as needing it really does
            for other in needed_by[heading]:
                assert names_needed_after_skipping(cells, alone | later - set(section(cells, other))), (heading, other)


def test_the_dependency_check_finds_a_name_used_later():
    cells = [
        {"cell_type": "code", "source": ["import numpy as np"]},
        {"cell_type": "markdown", "source": ["## Optional"]},
        {"cell_type": "code", "source": ["table = np.arange(3)\nshown = 1"]},
        {"cell_type": "markdown", "source": ["## Next"]},
        {"cell_type": "code", "source": ["shown = 2\nprint(table, shown, np)"]},
    ]
    skipped = section(cells, "## Optional")
    assert skipped == range(1, 3)
    assert names_needed_after_skipping(cells, set(skipped)) == {"table"}
    assert names_needed_after_skipping(cells, set(skipped) | {4}) == set()  # the cell reading it skipped too
