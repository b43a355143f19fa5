"""Where the course is running: on Colab, in a Jupyter kernel (rich displays and widgets) or in plain Python."""

from __future__ import annotations

import sys


def in_colab() -> bool:
    """True when running on Google Colab."""
    return "google.colab" in sys.modules


def in_jupyter_kernel() -> bool:
    """True inside a Jupyter kernel, where rich displays and widgets can be shown."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")
