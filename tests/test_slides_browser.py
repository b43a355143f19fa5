"""Every deck of slides reads on a 1280 × 720 projector: every slide fits, nothing is cut, no answer shows.

Headless Chromium (Debian's ``chromium`` package, driven by Playwright) opens every deck, the full deck of each
notebook (``python tools/teaching_kit.py slides``) and the live session's core decks (``slides --core``), in a
1280 × 720 window, and visits every slide, the sub-slides of each section included. On each it checks that
every element lies inside the window, that no element's content is wider than the element (code cut off or
scrolled), that text is at least 32 px high (24 points on 720 pixels), that no output area is empty, that
no exercise's verdict, answer, solution or stub (``NotImplementedError`` in code or output) shows, and that
the slide has speaker notes. One browser serves every deck; each deck is visited in one call into the page.
Screenshots of three slides of the core decks go to ``build/slides-screenshots/`` (those in ``docs/slides/``
were taken this way). Without Chromium the tests skip and say so.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
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

NUMBERS = [path.name[:2] for path in kit.notebooks()]

# Settings that only pace a talk, off while the slides are measured: transitions, the address bar kept in step
# with the slide, the progress bar, the slide number and the arrows redrawn at each move, and MathJax's 50 ms pause
# between its passes. None of them moves anything on a slide. AS_THE_ROOM_SEES_IT brings back what a room sees.
UNHURRIED = """() => {
  MathJax.Hub.processSectionDelay = 0;
  window.asTheRoomSeesIt = {progress: Reveal.getConfig().progress, slideNumber: Reveal.getConfig().slideNumber,
    controls: Reveal.getConfig().controls};
  Reveal.configure({transition: "none", backgroundTransition: "none", history: false, progress: false,
    slideNumber: false, controls: false});
}"""
AS_THE_ROOM_SEES_IT = "() => Reveal.configure(window.asTheRoomSeesIt)"
# Show slide [h, v] and wait until MathJax has typeset it again (the deck queues that when the slide changes).
SHOW = "([h, v]) => { Reveal.slide(h, v); return new Promise((done) => MathJax.Hub.Queue(done)); }"

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
  const {h, v = 0} = Reveal.getIndices();
  return {
    slide: `${h}.${v}`, indices: [h, v], outside, overflowing, small, empty,
    text: slide.innerText, outputs: outputs.map((output) => output.innerText).join("\\n"),
    code: [...slide.querySelectorAll(".jp-CodeCell")].map((cell) => cell.innerText).join("\\n"),
    notes: Reveal.getSlideNotes() || "", figures: slide.querySelectorAll(".jp-OutputArea-output img").length,
  };
}""".replace("SMALLEST", str(SMALLEST_TEXT_PX))
# Every slide in turn, by its indices (sub-slides included), measured once MathJax has typeset it.
VISIT = """async () => {
  const measure = MEASURE;
  const slides = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    await (SHOW)([h, v]);
    slides.push(measure());
  }
  return slides;
}""".replace("MEASURE", MEASURE).replace("SHOW", SHOW)


def solution_lines(number: str) -> set[str]:
    """The lines of the notebook's reference solutions that its own cells do not hold: an answer, if shown."""
    path = next(path for path in kit.notebooks() if path.name.startswith(number))
    # The notebook's text as it reads, code marks gone: its own words ("return `best_params, history`") are no answer.
    shown = "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells).replace("`", "")
    lines = set()
    for solution in (ROOT / "solutions").glob(f"{number}_*.py"):
        for line in solution.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) > 12 and not line.startswith(("#", '"""', "def ", "import ", "from ")) and line not in shown:
                lines.add(line)
    return lines


def shows(slide: dict, wanted: str) -> bool:
    """Whether a slide shows these words, or, for FIGURE, a figure."""
    return bool(wanted) and (slide["figures"] > 0 if wanted == FIGURE else wanted in slide["text"])


def visit_every_slide(page, path: Path) -> list[dict]:
    """Each slide of a deck as MEASURE finds it, visited in turn in one call into the page."""
    page.goto(path.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady() && window.MathJax && MathJax.isReady", timeout=30_000)
    page.evaluate(UNHURRIED)
    return page.evaluate(VISIT)


def screenshot(page, path: Path, slide: dict) -> None:
    """A screenshot of one slide, as the room sees it, into SCREENSHOTS."""
    page.evaluate(AS_THE_ROOM_SEES_IT)
    page.evaluate(SHOW, slide["indices"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{path.name[:2]}_slide_{slide['slide']}.png", animations="disabled")


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Every deck by kind and notebook: "core" as ``slides --core`` writes them, "full" as ``slides`` does.

    Written two at a time, as the machine has two cores: the kit's writing takes longer than the browser's visits.
    """
    session = kit.timetable.load(ROOT).numbers("session")
    folders = {kind: tmp_path_factory.mktemp(f"slides-{kind}") for kind in ("core", "full")}
    jobs = [(path, folders["full"], False) for path in kit.notebooks()]
    jobs += [(path, folders["core"], True) for path in kit.notebooks() if path.name[:2] in session]
    for folder in folders.values():
        kit.copy_slide_scripts(folder)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        written = list(pool.map(kit.write_slides_page, *zip(*jobs, strict=True)))
    return {kind: {path.name[:2]: path for path in written if path.parent == folders[kind]} for kind in folders}


@pytest.fixture(scope="module")
def page():
    """One page of one headless Chromium at 1280 × 720, for every deck."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_page(viewport=SCREEN)
        browser.close()


def test_there_is_a_core_deck_for_each_notebook_of_the_session_and_a_full_deck_for_each_notebook(decks):
    assert sorted(decks["core"]) == kit.timetable.load(ROOT).numbers("session")
    assert sorted(decks["full"]) == NUMBERS


@pytest.mark.parametrize(
    ("kind", "number"),
    [("core", number) for number in kit.timetable.load(ROOT).numbers("session")]
    + [("full", number) for number in NUMBERS],
)
def test_every_slide_of_every_deck_reads_on_a_projector(decks, page, kind, number):
    slides = visit_every_slide(page, decks[kind][number])
    assert len(slides) == page.evaluate("Reveal.getTotalSlides()") > 10  # every slide visited, each once:
    assert len({slide["slide"] for slide in slides}) == len(slides)  # Reveal showed each in turn
    wanted = SCREENSHOTS_OF.get(number, "") if kind == "core" else ""
    if wanted:
        screenshot(page, decks[kind][number], next(slide for slide in slides if shows(slide, wanted)))
    answers = solution_lines(number)
    problems = {}
    for slide in slides:
        found = {key: slide[key] for key in ("outside", "overflowing", "small", "empty") if slide[key]}
        found["verdicts"] = [sign for sign in VERDICT_SIGNS if sign in slide["outputs"]]
        found["solution"] = [line for line in answers if line in slide["text"]]
        found["stub"] = "NotImplementedError" in slide["code"]
        found["no notes"] = not slide["notes"].strip()
        if any(found.values()):
            problems[slide["slide"]] = {key: value for key, value in found.items() if value}
    assert problems == {}
