"""The explorers: their figures, and the display that carries both the widget and a static picture."""

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dl101.data import make_regression_1d  # noqa: E402
from dl101.widgets import core, polynomial  # noqa: E402

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
    bundle = shown[-1]
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "README" in bundle["text/plain"]
