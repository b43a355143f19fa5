"""Test-wide set-up: the tests, and every process they start, run with the network blocked (loopback only), and
every figure those processes show or save is audited: a test fails while a figure it draws has its legend over
data, text printed over text or text cut off, so that every figure reads on a projector.

See ``tests/offline/``; ``tests/test_offline.py`` shows that the block works, ``tests/test_figures.py`` the audit.
"""

import os
import runpy
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

OFFLINE = Path(__file__).parent / "tests" / "offline"

# Child processes (notebook kernels, Jupyter servers) import the block at start-up from PYTHONPATH ...
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
# ... and this pytest process installs it now (the audit's modules importable here too).
sys.path.insert(0, str(OFFLINE))
runpy.run_path(str(OFFLINE / "sitecustomize.py"))

import audit_hook  # noqa: E402  (importable only once the line above put its folder on the path)


def pytest_configure(config):
    """Name a fresh folder for the figure problems found by the processes this session starts."""
    os.environ[audit_hook.RECORDS] = tempfile.mkdtemp(prefix="dl101-figure-audit-")


def pytest_unconfigure(config):
    """Remove the folder, unless it holds problems (and PNGs of their figures) that a failure named."""
    folder = Path(os.environ.pop(audit_hook.RECORDS))
    if not any(folder.iterdir()):
        shutil.rmtree(folder)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail a test during which a process it started showed or saved a figure with a problem.

    A test that fails anyway (a notebook cell whose output differs) reports the problems beside its own failure.
    """
    start = audit_hook.recorded_size()
    try:
        result = yield
    except BaseException:
        if found := audit_hook.problems_since(start):
            item.add_report_section("call", "figure audit", figure_problems(found))
        raise
    if found := audit_hook.problems_since(start):
        pytest.fail(figure_problems(found), pytrace=False)
    return result


def figure_problems(found: list[dict]) -> str:
    """The problems recorded, one figure and problem a line, each with the PNG of its figure."""
    lines = [f"  {record['figure']}: {record['problem']}\n    (the figure: {record['png']})" for record in found]
    header = "figures drawn here break the figure rules (legend off the data, no text over text, nothing cut off):"
    return "\n".join([header, *lines])


# Tests that each run a notebook in a kernel of their own, needing nothing from the tests beside them: each of
# their cases is a unit of work of its own, so that the processes finish together (tests/test_repository.py
# checks that they exist and are split).
ONE_BY_ONE = (
    "test_solved_notebook_passes_every_check",
    "test_core_path_runs_top_to_bottom_without_the_sections_it_skips",
)


class FileScheduling(LoadScopeScheduling):
    """Hand the tests to the processes a file at a time (a notebook's cells run in order in one kernel, a file's
    fixtures are set up once), and each case of the tests named in ONE_BY_ONE alone."""

    def _split_scope(self, nodeid: str) -> str:
        file, _, test = nodeid.partition("::")
        return nodeid if test.split("[")[0] in ONE_BY_ONE else file


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """FileScheduling for pyproject's `-n 3` (xdist's "load"); any other --dist asked for is xdist's."""
    return FileScheduling(config, log) if config.getvalue("dist") in ("load", "loadfile") else None
