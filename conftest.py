"""Test-wide set-up: the tests, and every process they start, run with the network blocked (loopback only).

See ``tests/offline/sitecustomize.py``; ``tests/test_offline.py`` shows that the block works.
"""

import os
import runpy
from pathlib import Path

OFFLINE = Path(__file__).parent / "tests" / "offline"

# Child processes (notebook kernels, Jupyter servers) import the block at start-up from PYTHONPATH ...
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(OFFLINE), os.environ.get("PYTHONPATH")]))
# ... and this pytest process installs it now.
runpy.run_path(str(OFFLINE / "sitecustomize.py"))
