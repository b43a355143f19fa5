"""The checkout these tools belong to, and the guard that the course package they import is the same one.

Every tool works on the repository it lives in: ``ROOT`` is the one place that says where that is.
The tools read the notebooks through the course's package ``dl101``, which reads those of the
checkout it was installed from (``dl101.paths.ROOT``). In a fork run from an environment where
another checkout is installed, the two differ, and a tool would read or write the other
checkout's files. Importing this module stops the tool first, and says how to fix it.
"""

from __future__ import annotations

from pathlib import Path

import dl101.paths

ROOT = Path(__file__).resolve().parent.parent


def mismatch(tools_root: Path, package_root: Path) -> str | None:
    """Why the tools of ``tools_root`` cannot use the ``dl101`` of ``package_root``; None when they are one checkout."""
    if Path(tools_root).resolve() == Path(package_root).resolve():
        return None
    return (
        f"these tools belong to {tools_root}, but the dl101 package Python imports is the one in {package_root}: "
        f"they would read and write that checkout's notebooks. Install this checkout in the environment "
        f"(`python -m pip install -e {tools_root}`), or run the tools with that checkout's own environment."
    )


if problem := mismatch(ROOT, dl101.paths.ROOT):
    raise SystemExit(problem)
