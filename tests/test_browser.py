"""The explorers render as live widgets in a real browser, and moving a control redraws them.

For JupyterLab and for Notebook 7, a server starts on 127.0.0.1 with a fixed token and its own
configuration in a temporary directory; headless Chromium, driven by Playwright, opens every
notebook that shows widgets, runs all cells, checks that each widget output rendered as a widget
(not as its text fallback), then moves one control of each and waits for its figure to change.
Screenshots go to ``build/browser-screenshots/<interface>/``.

Debian's ``chromium`` package is used (``/usr/bin/chromium``): Playwright's own browser download
needs the internet. Without it the tests skip and say so; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from dl101.course import notebooks
from dl101.paths import ROOT

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

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests"
)


def notebooks_with_widgets() -> list[str]:
    """The notebooks whose committed outputs hold at least one widget view."""
    names = []
    for path in notebooks():
        if WIDGET_VIEW in path.read_text(encoding="utf-8"):
            names.append(path.name)
    return names


def widget_outputs(name: str) -> int:
    """How many outputs of a committed notebook are widget views: the widgets the browser must render."""
    notebook = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    return sum(
        WIDGET_VIEW in output.get("data", {})
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for output in cell["outputs"]
    )


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


@pytest.fixture(scope="module", params=["lab", "notebook"])
def server(request, tmp_path_factory):
    """A Jupyter server for one interface, serving a copy of the notebooks; yields (interface, base URL)."""
    interface = request.param
    home = tmp_path_factory.mktemp(f"jupyter-{interface}")
    shutil.copytree(ROOT / "notebooks", home / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
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
        interface,
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={home / 'notebooks'}",
        "--expose-app-in-browser",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (home / "server.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(base, process, home / "server.log")
        yield interface, base
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


@pytest.mark.parametrize("name", notebooks_with_widgets())
def test_every_explorer_renders_as_a_widget_and_redraws_when_a_control_moves(server, browser, name):
    interface, base = server
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
