"""The explorer mechanism: a live widget that still shows a static figure where no widget front end runs.

An explorer is shown as one display with two renderings: the live widget, which JupyterLab,
Notebook 7 and Colab draw, and a PNG of a static figure, which GitHub, nbviewer and any viewer
without a widget manager draw instead. In a plain ``python`` run only the static figure is made.

It works with ipywidgets 8 (the README's environment) and ipywidgets 7 (Colab's own): the
two build a widget's display data differently, see :func:`display_widget`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import matplotlib.pyplot as plt

from dl101.plotting import figure_to_png
from dl101.runtime import in_jupyter_kernel

FALLBACK_TEXT = (
    "[Interactive explorer: it needs a running Jupyter kernel with ipywidgets. "
    "If you read this text instead of sliders, see 'Widgets show as text' in the README.]"
)


def explorer(draw: Callable[..., plt.Figure], static: Callable[[], plt.Figure], **controls) -> None:
    """Show ``draw(**values)`` live under ``controls`` (ipywidgets); elsewhere, ``static()``'s figure.

    ``draw`` and ``static`` each return a new Matplotlib figure, so both can be tested without
    a front end.
    """
    if not in_jupyter_kernel():
        static()
        plt.show()
        return

    import ipywidgets
    from IPython.display import display

    def update(**values):
        fig = draw(**values)
        display(fig)
        plt.close(fig)  # shown once, by display, not again by the inline backend

    show_with_fallback(ipywidgets.interactive(update, **controls), static)


def show_with_fallback(widget, static: Callable[[], plt.Figure]) -> None:
    """Display any ipywidget as one bundle: the live widget, a PNG of ``static()``, and the fallback text.

    Use it for explorers with their own layout (buttons, several outputs) that ``explorer``
    cannot express; call it only inside a Jupyter kernel.
    """
    fig = static()
    png = base64.b64encode(figure_to_png(fig)).decode("ascii")
    plt.close(fig)
    display_widget(widget, {"image/png": png, "text/plain": FALLBACK_TEXT})


def display_widget(widget, renderings: dict[str, str]) -> None:
    """Display ``widget`` in one bundle with other ``renderings`` (by MIME type) for viewers without widgets.

    ipywidgets 8 gives a widget's display data with ``_repr_mimebundle_``. ipywidgets 7 has no
    such method: its ``_ipython_display_`` writes the same view reference, then runs the
    widget's ``on_displayed`` callbacks, where ``interactive`` draws its first figure; both steps
    are done here the same way.
    """
    from IPython.display import display

    ipywidgets_7 = not hasattr(widget, "_repr_mimebundle_")
    if ipywidgets_7:
        view = {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}
        bundle = {"application/vnd.jupyter.widget-view+json": view}
    else:
        bundle = widget._repr_mimebundle_()
    display({**bundle, **renderings}, raw=True)
    if ipywidgets_7:
        widget._handle_displayed()


def widget_check() -> None:
    """A slider that says whether widgets render here; viewers without widgets read what to do."""
    import ipywidgets

    slider = ipywidgets.IntSlider(value=3, min=0, max=10, description="Drag me:")
    echo = ipywidgets.Label(value="")
    slider.observe(lambda change: setattr(echo, "value", f"the slider reads {change['new']}: widgets work"), "value")
    text = (
        "✗ Widgets do not render here: you see this text instead of a slider. "
        "See 'Widgets show as text' in the README's Troubleshooting."
    )
    display_widget(ipywidgets.HBox([slider, echo]), {"text/plain": text})
