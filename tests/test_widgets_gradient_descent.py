"""Notebook 05's figures: gradient descent over a loss surface, its explorer, and the computational graph."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown

from dl101.widgets import core
from dl101.widgets import gradient_descent as gd

CURVATURE = np.array([1.0, 10.0])  # L(w) = w₁² + 10 w₂²: divergence for learning rates above 2 / 20 = 0.1
BOUNDS = ((-2.0, 2.0), (-2.0, 2.0))


def loss(w):
    return np.sum(CURVATURE * np.asarray(w) ** 2, axis=-1)


def descend(start, learning_rate, steps):
    path = [np.asarray(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - learning_rate * 2 * CURVATURE * path[-1])
    return np.array(path)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_descent_status_tells_divergence_from_convergence():
    assert gd.descent_status(loss(descend((1.0, 1.0), 0.05, 20))) == "converges"
    assert gd.descent_status(loss(descend((1.0, 1.0), 0.11, 20))) == "diverges"
    assert gd.descent_status([1.0, np.inf]) == "diverges"
    with pytest.raises(ValueError, match="at least two steps"):
        gd.descent_status([1.0])


def test_draw_descent_draws_the_path_and_names_the_outcome():
    path = descend((1.5, 1.0), 0.05, 15)
    fig = gd.draw_descent(loss, path, BOUNDS, 0.05, axis_labels=("slope", "offset"))
    surface, curve = fig.axes[:2]  # then the colour bar
    assert surface.get_title() == "Learning rate 0.05: converges"
    assert surface.get_xlabel() == "slope" and surface.get_ylabel() == "offset"
    np.testing.assert_allclose(surface.lines[0].get_xydata(), path)  # the whole path, every step
    np.testing.assert_allclose(curve.lines[0].get_ydata(), loss(path))
    assert curve.get_xlabel() == "step" and curve.get_yscale() == "log"


def test_draw_descent_of_a_diverging_path_stays_finite_and_says_so():
    path = descend((1.5, 1.0), 0.2, 60)  # grows as 3⁶⁰: far beyond the plotted range
    fig = gd.draw_descent(loss, path, BOUNDS, 0.2)
    surface, curve = fig.axes[:2]
    assert surface.get_title() == "Learning rate 0.2: diverges"
    assert len(surface.lines[0].get_xydata()) < len(path)  # the points that flew away are not drawn
    assert np.all(np.isfinite(curve.lines[0].get_ydata()))


def test_draw_descent_refuses_a_path_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"path of shape \(steps \+ 1, 2\)"):
        gd.draw_descent(loss, np.zeros((5, 3)), BOUNDS, 0.1)


def test_draw_descent_examples_shows_one_panel_per_learning_rate():
    paths = {rate: descend((1.5, 1.0), rate, 20) for rate in (0.01, 0.05, 0.11)}
    fig = gd.draw_descent_examples(loss, paths, BOUNDS)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["η = 0.01: converges", "η = 0.05: converges", "η = 0.11: diverges"]
    assert fig.get_figwidth() <= 10  # legible on a projector
    (key,) = fig.legends
    assert [text.get_text() for text in key.get_texts()] == ["path", "start", "path (diverging)"]


def test_descent_figures_show_the_loss_scale_and_the_minimum():
    path = descend((1.5, 1.0), 0.05, 15)
    for fig in (
        gd.draw_descent(loss, path, BOUNDS, 0.05, minimum=(0.0, 0.0)),
        gd.draw_descent_examples(loss, {0.05: path}, BOUNDS, minimum=(0.0, 0.0)),
    ):
        colour_bar = fig.axes[-1]
        assert colour_bar.get_ylabel() == gd.LOSS_LABEL
        marked = [line for line in fig.axes[0].lines if line.get_marker() == "*"]
        assert len(marked) == 1 and tuple(marked[0].get_xydata()[0]) == (0.0, 0.0)
        keys = fig.legends[0] if fig.legends else fig.axes[0].get_legend()
        assert "minimum" in [text.get_text() for text in keys.get_texts()]


def test_explorer_outside_jupyter_draws_the_three_learning_rates(monkeypatch):
    pytest.importorskip("ipywidgets")
    drawn = []
    monkeypatch.setattr(core.plt, "show", lambda: drawn.extend(plt.get_fignums()))
    gd.gradient_descent_explorer(loss, descend, (1.5, 1.0), BOUNDS, learning_rates=(0.01, 0.05, 0.11))
    fig = plt.figure(drawn[-1])
    assert [ax.get_title() for ax in fig.axes if ax.get_title()][-1] == "η = 0.11: diverges"
    assert fig.get_suptitle() == "Gradient descent, 30 steps, from the same start"  # the sliders' start


def test_computational_graph_writes_every_value_and_gradient():
    values = {name: 0.1 * i + 0.123 for i, name in enumerate(gd.NEURON_GRAPH["nodes"])}
    gradients = {name: -0.2 * i - 0.456 for i, name in enumerate(gd.NEURON_GRAPH["nodes"])}
    fig = gd.draw_computational_graph(values, gradients)
    texts = {text.get_text() for text in fig.axes[0].texts}
    assert {f"{value:.3f}" for value in values.values()} <= texts
    assert {f"{gradient:.3f}" for gradient in gradients.values()} <= texts
    assert len(fig.axes[0].patches) + len(fig.axes[0].texts) > len(values)  # nodes and arrows drawn
    assert "gradients backward" in fig.axes[0].get_title()


def test_computational_graph_needs_a_value_and_gradient_for_every_node():
    values = dict.fromkeys(gd.NEURON_GRAPH["nodes"], 1.0)
    with pytest.raises(ValueError, match=r"missing \['w'\]"):
        gd.draw_computational_graph(values, {name: 1.0 for name in values if name != "w"})


@pytest.mark.parametrize(("learning_rate", "steps"), [(0.003, 60), (0.05, 30), (0.11, 60), (3.0, 5)])
def test_descent_figures_keep_the_legend_off_the_path_wherever_it_goes(learning_rate, steps):
    path = descend((-1.5, 1.5), learning_rate, steps)
    assert problems_as_shown(gd.draw_descent(loss, path, BOUNDS, learning_rate, minimum=(0, 0))) == []


def test_the_static_descent_figure_and_the_graph_print_no_text_over_text():
    paths = {rate: descend((-1.5, 1.5), rate, 30) for rate in (0.01, 0.05, 0.11)}
    assert problems_as_shown(gd.draw_descent_examples(loss, paths, BOUNDS, minimum=(0, 0))) == []
    nodes = gd.NEURON_GRAPH["nodes"]
    values = {name: -123.456 for name in nodes}  # the widest numbers the graph writes
    assert problems_as_shown(gd.draw_computational_graph(values, values)) == []
