"""The live-teaching kit: slides a browser opens, and live-coding copies that keep what must stay."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import teaching_kit as kit
from dl101.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK = NOTEBOOKS / "01_ml_principles.ipynb"


def markdown(text, tags=(), slide_type=None):
    cell = nbformat.v4.new_markdown_cell(text)
    if tags:
        cell.metadata["tags"] = list(tags)
    if slide_type:
        cell.metadata["slideshow"] = {"slide_type": slide_type}
    return cell


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (markdown("# 02 · The perceptron"), "slide"),
        (markdown("## Training\n\ntext"), "slide"),
        (markdown("### Exercise: the forward pass"), "subslide"),
        (markdown("Plain text after a heading."), "-"),
        (markdown("## A section", tags=["skip"]), "skip"),
        (markdown("Say this aloud.", tags=["notes"]), "notes"),
        (markdown("## A section", slide_type="fragment"), "fragment"),
        (nbformat.v4.new_code_cell("import sys\nfrom dl101 import setup; setup()"), "skip"),
        (nbformat.v4.new_code_cell("print(1)"), "-"),
    ],
)
def test_slide_type_follows_headings_unless_the_cell_says_otherwise(cell, expected):
    assert kit.slide_type(cell) == expected


def test_slides_are_html_with_a_section_per_slide_and_no_setup_cell(tmp_path):
    html = kit.write_slides(NOTEBOOK, tmp_path).read_text(encoding="utf-8")
    sections = nbformat.read(NOTEBOOK, as_version=4).cells
    n_slides = sum(kit.slide_type(cell) == "slide" for cell in sections)
    assert html.count("<section") >= n_slides > 3
    assert "Machine-learning principles" in html
    assert "google.colab" not in html


def open_offline(path: Path) -> dict:
    """Open slides in Chromium with every http(s) request refused; what reveal.js and MathJax did with them."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        asked = []
        page.route(re.compile(r"^https?://"), lambda route: (asked.append(route.request.url), route.abort()))
        page.goto(path.as_uri())
        try:
            page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=15_000)
        except Error:
            browser.close()
            return {"started": False, "asked": asked}
        shown = page.evaluate("document.querySelectorAll('.reveal .slides > section.present').length")
        first = page.evaluate("Reveal.getIndices().h")
        page.keyboard.press("ArrowRight")
        second = page.evaluate("Reveal.getIndices().h")
        page.wait_for_function("MathJax.Hub.queue.pending === 0 && document.querySelector('.MathJax')", timeout=30_000)
        math = page.evaluate("document.querySelectorAll('.MathJax').length")
        errors = page.evaluate("document.querySelectorAll('.MathJax_Error').length")
        state = {"started": True, "slides": page.evaluate("Reveal.getTotalSlides()"), "shown": shown}
        state |= {"moved": (first, second), "math": math, "math errors": errors, "asked": asked}
        browser.close()
        return state


NO_CHROMIUM = f"no Chromium at {CHROMIUM}: install Debian's chromium package"


@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
def test_slides_start_reveal_navigate_and_typeset_math_offline(tmp_path):
    state = open_offline(kit.write_slides(NOTEBOOKS / "02_perceptron.ipynb", tmp_path))
    assert state["started"] and state["slides"] > 3 and state["shown"] == 1  # one slide at a time
    assert state["moved"] == (0, 1)
    assert state["math"] > 10 and state["math errors"] == 0
    assert state["asked"] == []  # nothing fetched from the network


@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
def test_slides_without_their_scripts_are_seen_not_to_start(tmp_path):
    path = kit.write_slides(NOTEBOOK, tmp_path)
    shutil.rmtree(tmp_path / "reveal.js")
    assert open_offline(path)["started"] is False


def test_live_coding_copy_keeps_setup_exercises_and_helper_calls_and_empties_the_rest():
    original = nbformat.read(NOTEBOOK, as_version=4)
    live = kit.live_coding_notebook(original)
    nbformat.validate(live)
    pairs = [(a, b) for a, b in zip(original.cells, live.cells, strict=True) if a.cell_type == "code"]
    assert all(not b.outputs and b.execution_count is None for _, b in pairs)
    kept = {a.source for a, b in pairs if a.source == b.source}
    assert any("from dl101 import setup" in source for source in kept)
    assert any("raise NotImplementedError" in source for source in kept)
    assert any('check("01.accuracy"' in source for source in kept)
    assert any(source.strip().endswith("overfitting_explorer(r_train, v_train, r_test, v_test)") for source in kept)
    emptied = [b.source for a, b in pairs if a.source != b.source]
    assert len(emptied) >= 5
    assert all(line.startswith(("import ", "from ")) for source in emptied for line in source.splitlines())


def test_live_coding_keeps_a_cell_tagged_to_be_kept():
    cell = nbformat.v4.new_code_cell("x = 1 + 1")
    tagged = nbformat.v4.new_code_cell("y = 2 + 2")
    tagged.metadata["tags"] = ["live-coding-keep"]
    live = kit.live_coding_notebook(nbformat.v4.new_notebook(cells=[cell, tagged]))
    assert [c.source for c in live.cells] == ["", "y = 2 + 2"]


def test_the_commands_write_one_file_per_notebook(tmp_path):
    for what, suffix in (("slides", ".slides.html"), ("live-coding", ".ipynb")):
        out = tmp_path / what
        command = [sys.executable, "tools/teaching_kit.py", what, "--notebooks", str(NOTEBOOK), "--output", str(out)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=120)
        assert [p.name for p in out.iterdir() if p.is_file()] == [NOTEBOOK.stem + suffix]
