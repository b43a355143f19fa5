"""Interactive explorers, one module per notebook, each with a static figure for viewers without widgets.

Every explorer is built on :func:`explorer`; its drawing functions return Matplotlib figures,
so they are tested without a front end.
"""

from dl101.widgets.core import FALLBACK_TEXT, explorer, show_with_fallback, widget_check

__all__ = ["FALLBACK_TEXT", "explorer", "show_with_fallback", "widget_check"]
