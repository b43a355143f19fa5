"""The figure audit's start-up hook and its records: which figure a process the tests start drew badly.

The root ``conftest.py`` names a folder in the environment variable ``RECORDS``; a process started
with it (a notebook kernel, a subprocess) audits every figure it shows or saves
(``figure_audit.print_audited``) and appends each problem found to ``problems.jsonl`` there, with
a PNG of the figure; the test running at that moment fails with those problems. Without the
variable, nothing is installed. Only the standard library is imported here: every process the
tests start imports this module at start-up, and Matplotlib only if and when it needs it.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import json
import os
import sys
from pathlib import Path

RECORDS = "DL101_FIGURE_AUDIT"  # the environment variable naming the folder of the records
CANVAS_MODULE = "matplotlib.backend_bases"  # defines FigureCanvasBase.print_figure, which shows and saves figures


def install_if_testing() -> None:
    """Audit the figures this process shows or saves, from when it imports Matplotlib, if the tests started it."""
    if os.environ.get(RECORDS) and CANVAS_MODULE not in sys.modules:
        sys.meta_path.insert(0, AuditWhenImported())


class AuditWhenImported(importlib.abc.MetaPathFinder):
    """Loads Matplotlib's canvas module as usual, then wraps its print_figure; steps aside for every other import.

    Matplotlib is imported lazily, if at all, so the audit is installed at that moment rather
    than imported at start-up.
    """

    def find_spec(self, fullname, path, target=None):
        if fullname != CANVAS_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None:
            return None
        sys.meta_path.remove(self)  # once is enough
        load = spec.loader.exec_module

        def load_and_wrap(module) -> None:
            load(module)
            module.FigureCanvasBase.print_figure = audited(module.FigureCanvasBase.print_figure)

        spec.loader.exec_module = load_and_wrap
        return spec


def audited(print_figure):
    """``print_figure``, auditing each figure it draws."""

    @functools.wraps(print_figure)
    def print_and_audit(canvas, *args, **kwargs):
        from figure_audit import print_audited  # imported at the first figure, when Matplotlib is fully loaded

        return print_audited(print_figure, canvas, *args, **kwargs)

    return print_and_audit


def records_file() -> Path:
    """The file of problems found so far, one JSON object per line."""
    return Path(os.environ[RECORDS]) / "problems.jsonl"


def write_problems(figure: str, problems: list[str], png: Path) -> None:
    """Record the problems of one figure, and where its picture is."""
    with records_file().open("a", encoding="utf-8") as records:
        for problem in problems:
            records.write(json.dumps({"figure": figure, "problem": problem, "png": str(png)}) + "\n")


def recorded_size() -> int:
    """How far the records reach now, in bytes: problems recorded later start there."""
    path = records_file()
    return path.stat().st_size if path.exists() else 0


def problems_since(start: int) -> list[dict]:
    """The problems recorded after ``start`` (a ``recorded_size()``), each a dict of figure, problem and png."""
    path = records_file()
    if not path.exists():
        return []
    with path.open("rb") as records:
        records.seek(start)
        return [json.loads(line) for line in records.read().decode("utf-8").splitlines()]
