"""Helpers for the Deep Learning 101 notebooks: set-up, data, plots, widgets and exercise checks.

The notebooks teach; this package only removes repetition. Start a notebook with
``from dl101 import setup; setup()``.
"""

from dl101.environment import setup

__all__ = ["setup"]
__version__ = "0.1.0"
