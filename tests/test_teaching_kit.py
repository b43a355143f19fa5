"""The live-teaching kit's slides: one screen each at 1280 × 720, no answers on them, notes from the guide."""

import base64
import io
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


def stub(name="dense_forward"):
    return nbformat.v4.new_code_cell(
        f'def {name}(x):\n    """Doc."""\n    # YOUR CODE HERE\n    raise NotImplementedError'
    )


def figure_png() -> str:
    """A small figure, as a notebook holds it: a base64 PNG."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [1, 0])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def printed(text):
    return nbformat.v4.new_output("stream", name="stdout", text=text)


def shown(notebook, core=False):
    """The cells a slides notebook shows (notes apart), for a notebook with no sections skipped."""
    cells = kit.pack(kit.slide_pieces(notebook, set(), core), "notes")
    return [cell for cell in cells if cell.metadata["slideshow"]["slide_type"] != "notes"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [("# 02 · The perceptron", "slide"), ("## Training", "slide"), ("### Exercise: x", "subslide"), ("Text.", "-")],
)
def test_headings_open_slides_and_sub_slides(line, expected):
    assert kit.heading_starts(line) == expected


def test_markdown_is_cut_at_headings_paragraphs_and_list_items_but_not_inside_math():
    text = "## A section\nIntro:\n- one\n- two\n  continued\n\n$$a = b\n\n+ c$$\nafter"
    assert kit.markdown_blocks(text) == [
        "## A section",
        "Intro:",
        "- one\n- two\n  continued",
        "$$a = b\n\n+ c$$\nafter",
    ]


def test_a_list_stays_one_list_unless_it_is_too_tall_for_a_slide_then_it_is_cut_between_items():
    # One short item to a list would make the list as narrow as its text, and MathJax would break
    # "$\hat y = \operatorname{step}(\mathbf{w} \cdot \mathbf{x} + b)$" at every operator (seen in Chromium).
    short = "1. predict: $\\hat y = \\operatorname{step}(z)$;\n2. compare: " + "the error " * 12 + "\n3. update."
    assert kit.markdown_blocks(short) == [short]
    items = [f"- item {i}: " + "a long item " * 8 for i in range(12)]
    lists = kit.markdown_blocks("\n".join(items))
    assert len(lists) > 1 and all(kit.markdown_height(part) <= kit.BLOCK_HEIGHT for part in lists)
    assert [line for part in lists for line in part.splitlines()] == items


@pytest.mark.parametrize(
    ("equation", "measured"),  # the height Chromium gives the equation's cell on a slide, in CSS pixels
    [
        ("$$w_1 x_1 + w_2 x_2 + b = 0,$$", 118),
        ("$$z = \\sum_{i=1}^{d} w_i x_i + b = \\mathbf{w} \\cdot \\mathbf{x} + b,$$", 204),
        ("$$L = \\frac{1}{n} \\sum_{p=1}^{n} (\\hat x_p - x_p)^2.$$", 202),
        (
            "$$-\\log P(y \\mid \\mu, \\sigma) = \\log\\sigma + \\frac{(y - \\mu)^2}{2\\sigma^2}"
            " + \\tfrac12\\log 2\\pi.$$",
            170,
        ),
        ("$$\\hat y = \\begin{cases} 1 & \\text{if } z > 0,\\\\ 0 & \\text{otherwise.}\\end{cases}$$", 180),
    ],
)
def test_a_displayed_equation_is_given_its_margins_and_the_height_of_its_sums_fractions_and_rows(equation, measured):
    assert measured <= kit.markdown_height(equation) <= measured + 60


def test_a_paragraph_too_tall_for_a_slide_is_cut_between_sentences_outside_math():
    paragraph = " ".join(f"Sentence {i} says $a. B$ at length{' and more' * 8}." for i in range(20))
    groups = kit.markdown_blocks(paragraph)
    assert len(groups) > 2
    assert all(kit.markdown_height(group) <= kit.BLOCK_HEIGHT for group in groups)
    assert " ".join(groups) == paragraph
    assert all(group.count("$") % 2 == 0 for group in groups)


def test_a_table_too_tall_for_a_slide_is_cut_into_tables_under_the_same_header():
    header = "| notebook | what it covers |\n|---|---|"
    rows = [f"| {i:02d} | " + "a long description of what it covers " * 3 + "|" for i in range(12)]
    tables = kit.markdown_blocks("\n".join([header, *rows]))
    assert len(tables) > 1
    assert all(table.startswith(header) and kit.markdown_height(table) <= kit.BLOCK_HEIGHT for table in tables)
    assert [row for table in tables for row in table.splitlines()[2:]] == rows


def test_a_slide_gets_only_what_fits_and_every_slide_has_notes():
    long_text = "\n\n".join(f"Paragraph {i}: " + "words " * 60 for i in range(12))
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Long\n\n" + long_text)])
    cells = kit.pack(kit.slide_pieces(notebook, set(), core=False), "the guide's points")
    starts = [i for i, cell in enumerate(cells) if cell.metadata["slideshow"]["slide_type"] in ("slide", "subslide")]
    assert len(starts) > 3
    ends = [*starts[1:], len(cells)]
    for start, end in zip(starts, ends, strict=True):
        slide = cells[start:end]
        assert slide[-1].metadata["slideshow"]["slide_type"] == "notes" and "the guide's points" in slide[-1].source
        assert sum(kit.markdown_height(cell.source) for cell in slide[:-1]) <= kit.CONTENT_HEIGHT


def test_long_code_is_split_and_a_long_plotting_cell_shows_its_figure_alone():
    png = figure_png()
    drawing = nbformat.v4.new_code_cell("\n".join(f"ax.plot({i})" for i in range(30)))
    drawing.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})]
    computing = nbformat.v4.new_code_cell("\n".join(f"x{i} = {i}" for i in range(30)))
    cells = shown(nbformat.v4.new_notebook(cells=[drawing, computing]))
    assert [cell.source for cell in cells if cell.get("outputs")] == [""]  # the figure, its code hidden
    size = cells[0].outputs[0].metadata["image/png"]
    assert size["width"] <= kit.FIGURE_WIDTH and size["height"] <= kit.FIGURE_HEIGHT
    code = [cell.source for cell in cells[1:]]
    assert len(code) == 3 and "\n".join(code) == computing.source
    assert [cell.metadata["slideshow"]["slide_type"] for cell in cells] == ["subslide"] * 4  # none fits beside another


def test_checks_setup_and_solutions_are_hidden_and_a_stub_shows_without_its_raise():
    check = nbformat.v4.new_code_cell('dense_forward = check("03.dense_forward", dense_forward)')
    check.outputs = [printed("✓ dense_forward is right")]
    setup = nbformat.v4.new_code_cell("import sys\nfrom dl101 import setup\nsetup()")
    solution = nbformat.v4.new_code_cell('show_solution("03.dense_forward")')
    notebook = nbformat.v4.new_notebook(cells=[setup, stub(), check, solution])
    pieces = kit.slide_pieces(notebook, set(), core=False)
    assert [piece.cell.source for piece in pieces] == ['def dense_forward(x):\n    """Doc."""\n    # YOUR CODE HERE']
    assert pieces[0].notes == [
        'Exercise `03.dense_forward`. A stuck room: run `show_solution("03.dense_forward")` in the notebook.'
    ]


def test_an_output_that_shows_an_answer_is_hidden():
    answer = nbformat.v4.new_code_cell("n_parameters = None  # YOUR ANSWER HERE")
    uses_it = nbformat.v4.new_code_cell("print(n_parameters == 105)")
    uses_it.outputs = [printed("True\n")]
    verdict = nbformat.v4.new_code_cell("print(report)")
    verdict.outputs = [printed("Keras counts 105; your answer: 105\n")]
    other = nbformat.v4.new_code_cell("print(2)")
    other.outputs = [printed("2\n")]
    cells = shown(nbformat.v4.new_notebook(cells=[answer, uses_it, verdict, other]))
    assert [output.text for cell in cells for output in cell.get("outputs", [])] == ["2\n"]


def astropy_table(columns: dict[str, list[str]]) -> str:
    """An HTML table as astropy's Table shows it in a notebook: a line above it, a header row and rows."""
    header = "<tr>" + "".join(f"<th>{name}</th>" for name in columns) + "</tr>"
    rows = [
        "<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in zip(*columns.values(), strict=True)
    ]
    return (
        "<div><i>Table length=3</i>\n<table class='table-striped'>\n<thead>"
        + header
        + "</thead>\n"
        + "\n".join(rows)
        + "</table></div>"
    )


def test_a_table_too_wide_for_a_slide_is_cut_into_tables_of_fewer_columns_each_led_by_the_first():
    # Six columns of 18-digit numbers: 2,400 px of table in Chromium, on a slide 1,200 px wide.
    columns = {"id": ["1", "2", "3"]} | {
        name: ["149.99010963820845"] * 3 for name in ("ra", "dec", "mag_r", "mag_g", "z")
    }
    output = nbformat.v4.new_output("display_data", data={"text/html": astropy_table(columns), "text/plain": "<Table>"})
    tables = [piece.cell.outputs[0].data["text/html"] for piece in kit.output_pieces(output)]
    assert len(tables) > 1
    read = [kit.TableReader.read(table) for table in tables]
    names = [[text for _, text in table.rows[0]] for table in read]
    assert all(shown[0] == "id" for shown in names)
    assert sorted(name for shown in names for name in shown[1:]) == sorted(list(columns)[1:])
    for table in read:
        assert sum(kit.column_width(table.rows, i) for i in range(len(table.rows[0]))) <= kit.CONTENT_WIDTH
    assert "Table length=3" in tables[0] and not any("Table length" in table for table in tables[1:])
    narrow = nbformat.v4.new_output("display_data", data={"text/html": astropy_table({"id": ["1"], "ra": ["150.0"]})})
    assert [piece.cell.outputs[0].data["text/html"] for piece in kit.output_pieces(narrow)] == [
        narrow.data["text/html"]
    ]


def test_an_explorer_shows_its_static_figure_not_its_widget():
    png = figure_png()
    data = {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "image/png": png, "text/plain": "w"}
    explorer = nbformat.v4.new_code_cell("explorer()", outputs=[nbformat.v4.new_output("display_data", data=data)])
    (cell,) = shown(nbformat.v4.new_notebook(cells=[explorer]))[1:]
    assert list(cell.outputs[0].data) == ["image/png"]


def test_a_wide_printed_table_is_narrowed_to_the_slide_and_other_text_kept():
    table = "┃ Layer (type)          ┃ Param #   ┃\n│ dense (Dense)         │        24 │"
    wide = table.replace("┃ L", "┃" + " " * 40 + "L")
    narrowed = kit.squeeze_columns(wide)
    assert max(map(len, narrowed.splitlines())) <= kit.CODE_CHARS
    assert "Layer (type)" in narrowed and "dense (Dense)" in narrowed and "24" in narrowed
    assert kit.squeeze_columns(table) == table  # already narrow enough


def test_speaker_notes_come_from_the_notebooks_section_of_the_guide(tmp_path):
    guide = tmp_path / "instructor.md"
    guide.write_text("## 03 · The MLP (50 min)\n\n- **Points to land**: layers.\n\n## 04 · Next\n\n- other\n")
    notes = kit.guide_notes("03", guide)
    assert "**Points to land**: layers." in notes and "other" not in notes
    with pytest.raises(ValueError, match="## 05"):
        kit.guide_notes("05", guide)


def test_the_core_deck_leaves_out_the_sections_the_session_skips_and_the_full_deck_marks_them(tmp_path):
    path = NOTEBOOKS / "03_mlp.ipynb"
    skipped = kit.timetable.load(ROOT).skip["03"]
    assert skipped
    core = without_notes(kit.write_slides(path, tmp_path / "core", core=True).read_text(encoding="utf-8"))
    full = without_notes(kit.write_slides(path, tmp_path / "full").read_text(encoding="utf-8"))
    for heading in skipped:
        title = heading.lstrip("# ")
        assert title not in core and title in full
        assert "optional" in title.lower() or "Optional: skipped in the live session" in full
    assert "Optional: skipped in the live session" not in core


@pytest.mark.parametrize(("heading", "marked"), [("## A playground", True), ("## A playground (optional)", False)])
def test_a_skipped_section_is_marked_optional_once_by_its_heading_or_else_by_the_kit(heading, marked):
    cells = [nbformat.v4.new_markdown_cell(f"{heading}\n\nPlay."), nbformat.v4.new_markdown_cell("## Next\n\nOn.")]
    pieces = kit.slide_pieces(nbformat.v4.new_notebook(cells=cells), {0}, core=False)
    shown = re.sub(r"<[^>]*>", "", "\n".join(piece.cell.source for piece in pieces))  # the words, not the tags
    assert shown.lower().count("optional") == 1
    assert ("Optional: skipped in the live session" in shown) is marked
    assert "Optional: the core path" in pieces[0].notes[0]  # the speaker notes say so either way


def without_notes(html: str) -> str:
    """The slides' HTML without their speaker notes (which quote the guide's list of sections to skip)."""
    return re.sub(r'<aside class="notes">.*?</aside>', "", html, flags=re.S)


def test_slides_are_html_with_a_section_per_slide_and_no_setup_cell(tmp_path):
    html = kit.write_slides(NOTEBOOK, tmp_path).read_text(encoding="utf-8")
    headings = sum(
        line.startswith("## ")
        for cell in nbformat.read(NOTEBOOK, as_version=4).cells
        for line in cell.source.splitlines()
        if cell.cell_type == "markdown"
    )
    assert html.count("<section") >= headings > 3
    assert "Machine-learning principles" in html
    assert "google.colab" not in html
    assert html.count('<aside class="notes">') >= headings


def open_offline(path: Path, start_within_ms: int = 15_000) -> dict:
    """Open slides in Chromium with every http(s) request refused; what reveal.js and MathJax did with them."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        asked = []
        page.route(re.compile(r"^https?://"), lambda route: (asked.append(route.request.url), route.abort()))
        page.goto(path.as_uri())
        try:
            page.wait_for_function("window.Reveal && Reveal.isReady && Reveal.isReady()", timeout=start_within_ms)
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


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
def test_slides_start_reveal_navigate_and_typeset_math_offline(tmp_path):
    state = open_offline(kit.write_slides(NOTEBOOKS / "02_perceptron.ipynb", tmp_path))
    assert state["started"] and state["slides"] > 3 and state["shown"] == 1  # one slide at a time
    assert state["moved"] == (0, 1)
    assert state["math"] > 10 and state["math errors"] == 0
    assert state["asked"] == []  # nothing fetched from the network


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
def test_slides_without_their_scripts_are_seen_not_to_start(tmp_path):
    path = kit.write_slides(NOTEBOOK, tmp_path)
    shutil.rmtree(tmp_path / "reveal.js")
    assert open_offline(path, start_within_ms=3_000)["started"] is False  # with them, a deck starts at once


def test_the_commands_write_one_file_per_notebook(tmp_path):
    two = [NOTEBOOK, NOTEBOOKS / "02_perceptron.ipynb"]
    out = tmp_path / "slides"
    kit.main(["slides", "--notebooks", *map(str, two), "--output", str(out)])
    written = sorted(p.name for p in out.iterdir() if p.is_file() and p.name.endswith(".slides.html"))
    assert written == [path.stem + ".slides.html" for path in two]
    assert (tmp_path / "slides" / "reveal.js" / "dist").is_dir() and (tmp_path / "slides" / "mathjax").is_dir()
    assert (tmp_path / "slides" / "projector.css").is_file()


@pytest.mark.slow
def test_in_a_checkout_whose_dl101_is_installed_elsewhere_the_kit_stops_and_writes_nothing(tmp_path):
    fork = tmp_path / "fork"
    shutil.copytree(ROOT / "tools", fork / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(NOTEBOOKS, fork / "notebooks")
    command = [sys.executable, "tools/teaching_kit.py", "slides"]  # with this environment's dl101, not the fork's
    result = subprocess.run(command, cwd=fork, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert f"these tools belong to {fork}" in result.stderr and str(ROOT) in result.stderr
    assert not (fork / "build").exists()
