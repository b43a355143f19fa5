"""The explorers: their figures, and the display that carries both the widget and a static picture."""

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown

from dl101.data import make_regression_1d
from dl101.widgets import core, polynomial

TRAIN = make_regression_1d(n=20, seed=0)
TEST = make_regression_1d(n=200, seed=1)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_training_error_never_rises_with_the_degree_but_test_error_does():
    errors = polynomial.polynomial_errors(range(16), *TRAIN, *TEST)
    assert np.all(np.diff(errors[:, 0]) <= 1e-6 * errors[:-1, 0])
    best = np.argmin(errors[:, 1])
    assert 2 <= best <= 8 and errors[15, 1] > 10 * errors[best, 1]


def test_draw_polynomial_fit_shows_the_fit_and_marks_its_degree():
    fig = polynomial.draw_polynomial_fit(5, *TRAIN, *TEST)
    left, right = fig.axes
    assert left.get_title() == "Polynomial of degree 5"
    assert right.lines[-1].get_xdata()[0] == 5  # the marker of the current degree
    assert "kpc" in left.get_xlabel() and "MSE" not in right.get_ylabel()


def test_draw_polynomial_examples_draws_one_panel_per_degree():
    fig = polynomial.draw_polynomial_examples(*TRAIN, *TEST, degrees=(1, 3, 9))
    assert [ax.get_title() for ax in fig.axes] == [f"Polynomial of degree {d}" for d in (1, 3, 9)]


@pytest.mark.parametrize(
    ("degrees", "title"),
    [
        ((1, 4, 15), "Polynomials of degree 1, 4 and 15: from the least to the most flexible"),
        ((9, 2), "Polynomials of degree 2 and 9: from the least to the most flexible"),
        ((5,), "A polynomial of degree 5"),
    ],
)
def test_the_examples_title_names_the_degrees_drawn_and_judges_none_of_them(degrees, title):
    fig = polynomial.draw_polynomial_examples(*TRAIN, *TEST, degrees=degrees)
    assert fig.get_suptitle() == title  # no "good fit": the notebook picks no degree by its test error
    assert [ax.get_title() for ax in fig.axes] == [f"Polynomial of degree {d}" for d in sorted(degrees)]


def test_the_examples_need_a_degree():
    with pytest.raises(ValueError, match="at least one polynomial degree"):
        polynomial.draw_polynomial_examples(*TRAIN, *TEST, degrees=())


def test_explorer_outside_jupyter_draws_only_the_static_figure():
    calls = []
    core.explorer(lambda **v: calls.append(v), lambda: calls.append("static") or plt.figure())
    assert calls == ["static"]


def test_explorer_in_jupyter_displays_widget_picture_and_fallback_text(monkeypatch):
    ipywidgets = pytest.importorskip("ipywidgets")
    shown = []
    monkeypatch.setattr(core, "in_jupyter_kernel", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    core.explorer(lambda degree: plt.figure(), lambda: plt.figure(), degree=ipywidgets.IntSlider())
    # ipywidgets 8 draws the first figure before the bundle is shown, ipywidgets 7 right after it
    bundle = next(shown_object for shown_object in shown if isinstance(shown_object, dict))
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "README" in bundle["text/plain"]


class Ipywidgets7Widget:
    """What an ipywidgets 7 widget (Colab's) offers display: a model id and _handle_displayed, no _repr_mimebundle_."""

    model_id = "0123abcd"

    def __init__(self, events):
        self.events = events

    def _handle_displayed(self):
        self.events.append("on_displayed callbacks")


def test_ipywidgets_7_widget_is_shown_by_its_view_then_its_displayed_callbacks_run(monkeypatch):
    events = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: events.append((obj, raw)))
    core.display_widget(Ipywidgets7Widget(events), {"text/plain": "fallback"})
    view = {"version_major": 2, "version_minor": 0, "model_id": "0123abcd"}
    assert events == [
        ({"application/vnd.jupyter.widget-view+json": view, "text/plain": "fallback"}, True),
        "on_displayed callbacks",
    ]


def test_installed_ipywidgets_draws_the_first_figure_once_and_redraws_when_a_control_moves(monkeypatch):
    ipywidgets = pytest.importorskip("ipywidgets")
    shown, drawn = [], []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    slider = ipywidgets.IntSlider(value=2)
    widget = ipywidgets.interactive(lambda x: drawn.append(x), x=slider)
    core.display_widget(widget, {"text/plain": "fallback"})
    assert shown[-1]["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    assert drawn == [2], f"ipywidgets {ipywidgets.__version__}: the first figure is drawn once when shown"
    slider.value = 5
    assert drawn == [2, 5]


@pytest.mark.parametrize("degree", [0, 1, 4, 12, 15])
def test_polynomial_figures_keep_legends_off_the_data_at_any_degree(degree):
    assert problems_as_shown(polynomial.draw_polynomial_fit(degree, *TRAIN, *TEST)) == []
    assert problems_as_shown(polynomial.draw_polynomial_examples(*TRAIN, *TEST, degrees=(1, degree, 15))) == []
