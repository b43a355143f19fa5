"""The explorers render as live widgets in a real browser, and moving a control redraws them.

One Jupyter server, which serves JupyterLab and Notebook 7 alike, starts on 127.0.0.1 with a fixed
token and its own configuration in a temporary directory. In JupyterLab, headless Chromium, driven
by Playwright, opens every notebook that shows widgets, runs all its cells, checks that each widget
output rendered as a widget (not as its text fallback), then moves one control of each and waits for
its figure to change. Notebook 7 renders widgets with the same widget manager, JupyterLab's
extension, so it gets one notebook, the one with the most explorers: the interface is set up.
Screenshots go to ``build/browser-screenshots/<interface>/``.

What the browser adds to nbval's run of the same notebooks is the front end's rendering of the
widgets, so the server holds, for each notebook, its explorer cells and the cells they need (the
set-up cell and, for every name they read, the cell before them that last defines it, and so on):
the explorers get the inputs they get in the whole notebook, which nbval runs. Each notebook runs
in a kernel of its own, as a learner's does: in one shared kernel, one notebook's plotting state
has been seen to break another's figures.

Debian's ``chromium`` package is used (``/usr/bin/chromium``): Playwright's own browser download
needs the internet. Without it the tests skip and say so; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from dl101.course import notebooks
from dl101.paths import ROOT
from test_solved_notebooks import cells_needed_by

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "browser-screenshots"
TOKEN = "dl101-browser-test"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FALLBACK_SIGNS = ("IntSlider(value", "interactive(children", "[Interactive explorer", "Widgets do not render here")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
RUN_ALL_TIMEOUT_MS = 240_000
REDRAW_TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests",
    ),
]


def notebooks_with_widgets() -> list[str]:
    """The notebooks whose committed outputs hold at least one widget view."""
    names = []
    for path in notebooks():
        if WIDGET_VIEW in path.read_text(encoding="utf-8"):
            names.append(path.name)
    return names


def widget_views(cell: nbformat.NotebookNode) -> int:
    """How many of a committed cell's outputs are widget views."""
    return sum(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))


def widget_outputs(name: str) -> int:
    """How many outputs of a committed notebook are widget views: the widgets the browser must render."""
    return sum(widget_views(cell) for cell in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells)


def explorers_only(path: Path) -> nbformat.NotebookNode:
    """The notebook cut down to its explorer cells and the cells they need."""
    notebook = nbformat.read(path, as_version=4)
    explorers = [index for index, cell in enumerate(notebook.cells) if widget_views(cell)]
    notebook.cells = [notebook.cells[index] for index in cells_needed_by(notebook.cells, explorers)]
    return notebook


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_settings(settings_dir: Path) -> None:
    """User settings for a quiet, complete page: no news fetch, no autosave, every cell in the DOM."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    }
    for relative, values in settings.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A Jupyter server for both interfaces, serving the explorers of the notebooks; yields its base URL."""
    home = tmp_path_factory.mktemp("jupyter")
    (home / "notebooks").mkdir()
    for name in notebooks_with_widgets():
        nbformat.write(explorers_only(ROOT / "notebooks" / name), home / "notebooks" / name)
    write_settings(home / "settings")
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={home / 'notebooks'}",
        "--expose-app-in-browser",
        "--JupyterNotebookApp.expose_app_in_browser=True",  # Notebook 7's pages, served by the same server
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "server.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(base, process, home / "server.log")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for_server(base: str, process: subprocess.Popen, log: Path, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the Jupyter server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the Jupyter server did not answer within {timeout_s} s:\n{log.read_text()[-3000:]}")


def shut_down_kernels(base: str) -> None:
    """Delete every session through the REST API, so the next notebook starts with the CPU to itself."""
    request = urllib.request.Request(f"{base}/api/sessions?token={TOKEN}")
    with urllib.request.urlopen(request, timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        delete = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE")
        urllib.request.urlopen(delete, timeout=10).close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


KERNEL_READY = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const kernel = panel && panel.sessionContext && panel.sessionContext.session
        && panel.sessionContext.session.kernel;
    return Boolean(kernel && kernel.status === "idle" && panel.content && panel.content.widgets.length);
}"""
RUN_ALL = "async () => { await window.jupyterapp.commands.execute('runmenu:run-all'); }"
ALL_EXECUTED = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const code = panel.content.widgets.filter((cell) => cell.model.type === "code");
    return panel.sessionContext.session.kernel.status === "idle"
        && code.every((cell) => cell.model.executionCount !== null);
}"""
# What a widget shows as its result: its figures' images, or else the text of its outputs and labels.
RESULT_OF = """(element) => {
    const images = Array.from(element.querySelectorAll("img")).map((img) => img.src).join("|");
    if (images) return images;
    return Array.from(element.querySelectorAll(".widget-output, .widget-label, .widget-html"))
        .map((node) => node.innerText).join("|");
}"""


def widget_areas(page):
    """The rendered widget views: a widget at the top of an output (boxes nest widgets inside)."""
    return page.locator(".jp-OutputArea-output > .jupyter-widgets")


def move_one_control(area) -> str:
    """Press End on the first slider (else pick a dropdown's last option); then click a button, if any (Train)."""
    moved = []
    slider = area.locator(".noUi-handle, .widget-slider input[type=range]")
    dropdown = area.locator("select")
    if slider.count():
        slider.first.focus()
        slider.first.press("End")
        moved.append("slider")
    elif dropdown.count():
        options = dropdown.first.locator("option").all_inner_texts()
        dropdown.first.select_option(label=options[-1])
        moved.append("dropdown")
    button = area.locator("button")
    if button.count():
        button.first.click()
        moved.append("button")
    return "-".join(moved)


def interfaces_and_notebooks() -> list[tuple[str, str]]:
    """Every notebook with widgets in JupyterLab; the one with the most widgets in Notebook 7 as well."""
    names = notebooks_with_widgets()
    return [("lab", name) for name in names] + [("notebook", max(names, key=widget_outputs))]


@pytest.mark.parametrize(("interface", "name"), interfaces_and_notebooks())
def test_every_explorer_renders_as_a_widget_and_redraws_when_a_control_moves(server, browser, interface, name):
    base = server
    shots = SCREENSHOTS / interface
    shots.mkdir(parents=True, exist_ok=True)
    stem = Path(name).stem
    # A workspace of its own per notebook: JupyterLab would otherwise reopen the previous tabs.
    path = f"lab/workspaces/{stem}/tree/{name}" if interface == "lab" else f"notebooks/{name}"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/{path}?token={TOKEN}")
        page.wait_for_function(KERNEL_READY, timeout=120_000)
        page.evaluate(RUN_ALL)
        page.wait_for_function(ALL_EXECUTED, timeout=RUN_ALL_TIMEOUT_MS, polling=500)

        outputs = page.locator(".jp-OutputArea-output")
        fallbacks = [text for text in outputs.all_inner_texts() if any(sign in text for sign in FALLBACK_SIGNS)]
        page.screenshot(path=str(shots / f"{stem}-rendered.png"), full_page=True)
        assert not fallbacks, f"{name}: widgets shown as text in {interface}: {fallbacks[:2]}"

        areas = widget_areas(page)
        expected = widget_outputs(name)
        rendered = areas.count()
        assert rendered == expected, f"{name}: {rendered} widgets rendered in {interface}, {expected} expected"
        for index in range(expected):
            area = areas.nth(index)
            area.scroll_into_view_if_needed()
            before = area.evaluate(RESULT_OF)
            control = move_one_control(area)
            page.wait_for_function(
                f"([element, before]) => ({RESULT_OF})(element) !== before",
                arg=[area.element_handle(), before],
                timeout=REDRAW_TIMEOUT_MS,
            )
            area.screenshot(path=str(shots / f"{stem}-widget{index}-after-{control}.png"))
    finally:
        page.close()
        shut_down_kernels(base)
