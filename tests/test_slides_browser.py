"""The core path's slides read on a 1280 × 720 projector: every slide fits, nothing is cut, no answer shows.

Headless Chromium (Debian's ``chromium`` package, driven by Playwright) opens each deck of the live
session's notebooks, made by ``python tools/teaching_kit.py slides --core``, in a 1280 × 720 window,
and visits every slide in order. On each it checks that every element lies inside the window,
that no element's content is wider than the element (code cut off or scrolled), that text is at
least 32 px high (24 points on 720 pixels), that no output area is empty, that no exercise's
verdict, answer, solution or ``NotImplementedError`` shows, and that the slide has speaker notes.
Screenshots of three slides go to ``build/slides-screenshots/`` (those in ``docs/slides/`` were
taken this way). Without Chromium the tests skip and say so.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

import teaching_kit as kit
from dl101.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
SCREEN = {"width": 1280, "height": 720}
SMALLEST_TEXT_PX = 32
VERDICT_SIGNS = ("✓", "your answer", "your count")  # what an exercise's check or an answer's report prints
SCREENSHOTS = ROOT / "build" / "slides-screenshots"
# For the screenshots, per notebook: words on the slide, or FIGURE for its first figure. An exercise,
# equations, a figure.
FIGURE = "<figure>"
SCREENSHOTS_OF = {"03": "Exercise: a dense layer", "05": "Backpropagation through layers", "06": FIGURE}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package"),
]

# What the current slide shows, measured in the page: where its elements are, what overflows, what it says.
MEASURE = """() => {
  const slide = Reveal.getCurrentSlide();
  const shown = (el) => !el.closest("aside.notes") && el.getClientRects().length > 0;
  const inMath = (el) => el.parentElement && el.parentElement.closest(".MathJax");
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === "string" && el.className
    ? "." + el.className.split(" ")[0] : "");
  const outside = [], overflowing = [], small = [], empty = [];
  for (const el of slide.querySelectorAll("*")) {
    if (!shown(el) || inMath(el)) continue;  // MathJax's struts poke out of its boxes, unseen
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    const [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom].map(Math.round);
    if (box.width > 0 && (left < -1 || top < -1 || right > innerWidth + 1 || bottom > innerHeight + 1)) {
      outside.push(`${name(el)} at ${left},${top}-${right},${bottom}`);
    }
    if (!style.display.startsWith("inline") && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
      overflowing.push(`${name(el)}: ${el.scrollWidth} px of content in ${el.clientWidth}`);
    }
    const ownText = [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
    if (ownText && !el.closest(".MathJax, .MathJax_Display") && parseFloat(style.fontSize) < SMALLEST) {
      small.push(`${name(el)} ${style.fontSize}: ${el.textContent.trim().slice(0, 40)}`);
    }
  }
  const outputs = [...slide.querySelectorAll(".jp-OutputArea-output")];
  for (const output of outputs) {
    if (!output.innerText.trim() && !output.querySelector("img, svg, .MathJax")) empty.push(name(output));
  }
  return {
    slide: `${Reveal.getIndices().h}.${Reveal.getIndices().v || 0}`, outside, overflowing, small, empty,
    text: slide.innerText, outputs: outputs.map((output) => output.innerText).join("\\n"),
    notes: Reveal.getSlideNotes() || "", figures: slide.querySelectorAll(".jp-OutputArea-output img").length,
  };
}""".replace("SMALLEST", str(SMALLEST_TEXT_PX))


def solution_lines(number: str) -> set[str]:
    """The lines of the notebook's reference solutions that its own cells do not hold: an answer, if shown."""
    path = next(path for path in kit.notebooks() if path.name.startswith(number))
    cells = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    lines = set()
    for solution in (ROOT / "solutions").glob(f"{number}_*.py"):
        for line in solution.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 12 and not line.startswith(("#", '"""', "def ", "import ", "from ")) and line not in cells:
                lines.add(line)
    return lines


def shows(slide: dict, wanted: str) -> bool:
    """Whether a slide shows these words, or, for FIGURE, a figure."""
    return bool(wanted) and (slide["figures"] > 0 if wanted == FIGURE else wanted in slide["text"])


def visit_every_slide(path: Path, screenshot_of: str = "") -> list[dict]:
    """Each slide of a deck as MEASURE finds it, at 1280 × 720; a screenshot of the first showing ``screenshot_of``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=SCREEN)
        page.goto(path.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
        page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
        slides = []
        for _ in range(page.evaluate("Reveal.getTotalSlides()")):
            page.wait_for_function("MathJax.Hub.queue.pending === 0", timeout=30_000)
            slides.append(page.evaluate(MEASURE))
            if shows(slides[-1], screenshot_of):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SCREENSHOTS / f"{path.name[:2]}_slide_{slides[-1]['slide']}.png")
                screenshot_of = ""
            page.keyboard.press("ArrowRight")  # linear navigation: every sub-slide in turn
        browser.close()
        return slides


@pytest.fixture(scope="module")
def core_decks(tmp_path_factory) -> dict[str, Path]:
    """The core path's decks, as ``slides --core`` writes them."""
    output = tmp_path_factory.mktemp("slides-core")
    kit.main(["slides", "--core", "--output", str(output)])
    return {path.name[:2]: path for path in sorted(output.glob("*.slides.html"))}


def test_the_core_path_has_a_deck_for_each_notebook_of_the_session(core_decks):
    assert sorted(core_decks) == kit.timetable.load(ROOT).numbers("session")


@pytest.mark.parametrize("number", kit.timetable.load(ROOT).numbers("session"))
def test_every_slide_of_the_core_deck_reads_on_a_projector(core_decks, number):
    slides = visit_every_slide(core_decks[number], SCREENSHOTS_OF.get(number, ""))
    assert len(slides) > 10
    assert len({slide["slide"] for slide in slides}) == len(slides)  # the arrow key reached every one
    answers = solution_lines(number)
    problems = {}
    for slide in slides:
        found = {key: slide[key] for key in ("outside", "overflowing", "small", "empty") if slide[key]}
        found["verdicts"] = [sign for sign in VERDICT_SIGNS if sign in slide["outputs"]]
        found["solution"] = [line for line in answers if line in slide["text"]]
        found["stub"] = "NotImplementedError" in slide["text"]
        found["no notes"] = not slide["notes"].strip()
        if any(found.values()):
            problems[slide["slide"]] = {key: value for key, value in found.items() if value}
    assert problems == {}
    assert not SCREENSHOTS_OF.get(number) or any(shows(slide, SCREENSHOTS_OF[number]) for slide in slides)
