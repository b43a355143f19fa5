"""Notebook 04's activation explorer: its curves, where it says the gradient vanishes, and its figures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown

from dl101.widgets import activations


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_sigmoid_curves_follow_the_chain_rule():
    x = np.array([-1.0, 0.0, 0.5])
    values, gradient = activations.activation_curves("sigmoid", x, scale=2.0, shift=1.0)
    z = 2.0 * x + 1.0
    expected = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(values, expected)
    np.testing.assert_allclose(gradient, 2.0 * expected * (1 - expected))


def test_derivative_matches_finite_differences_for_every_activation():
    x = np.linspace(-3.0, 3.0, 13) + 0.05  # away from the kinks of the ReLUs
    h = 1e-6
    for name in activations.ACTIVATIONS:
        _, gradient = activations.activation_curves(name, x, 1.5, -0.5, 0.1)
        above, _ = activations.activation_curves(name, x + h, 1.5, -0.5, 0.1)
        below, _ = activations.activation_curves(name, x - h, 1.5, -0.5, 0.1)
        np.testing.assert_allclose(gradient, (above - below) / (2 * h), atol=1e-6, err_msg=name)


def test_leaky_relu_uses_its_negative_slope():
    values, gradient = activations.activation_curves("leaky_relu", np.array([-2.0, 3.0]), negative_slope=0.3)
    np.testing.assert_allclose(values, [-0.6, 3.0])
    np.testing.assert_allclose(gradient, [0.3, 1.0])


def test_an_unknown_activation_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="sigmoid"):
        activations.activation_curves("swish", np.zeros(3))


def test_relu_gradient_vanishes_on_the_negative_side_only():
    x = np.linspace(-1.0, 1.0, 201)
    _, relu_gradient = activations.activation_curves("relu", x)
    _, leaky_gradient = activations.activation_curves("leaky_relu", x, negative_slope=0.2)
    assert activations.vanishing_fraction(relu_gradient) == pytest.approx(101 / 201)  # x ≤ 0, zero included
    assert activations.vanishing_fraction(leaky_gradient) == 0.0


def test_a_steeper_sigmoid_saturates_over_more_of_the_range():
    x = np.linspace(-6.0, 6.0, 601)
    gentle = activations.vanishing_fraction(activations.activation_curves("sigmoid", x, scale=1.0)[1])
    steep = activations.vanishing_fraction(activations.activation_curves("sigmoid", x, scale=4.0)[1])
    # σ'(z) < 0.01 for |z| > 4.6: about a quarter of [-6, 6] at scale 1, most of it at scale 4
    assert 0.15 < gentle < 0.3 and steep > 0.7


def test_draw_activation_titles_the_setting_and_shades_the_dead_side():
    fig = activations.draw_activation("relu", scale=1.0, shift=-2.0)
    (ax,) = fig.axes
    assert ax.get_title().startswith("ReLU, scale 1, shift -2")
    assert "67 %" in ax.get_title()  # z = x − 2 ≤ 0 for x ≤ 2: two thirds of [-6, 6]
    assert ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.collections) == 1 and len(ax.lines) == 2


def test_draw_activation_examples_draws_one_panel_per_setting():
    examples = (("tanh", 1.0, 0.0, 0.2), ("leaky_relu", 2.0, 1.0, 0.1))
    fig = activations.draw_activation_examples(examples)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("tanh, scale 1, shift 0\n")
    assert titles[1].startswith("leaky ReLU, scale 2, shift 1, slope 0.1\n")


def test_activation_explorer_outside_jupyter_draws_the_examples():
    activations.activation_explorer()
    fig = plt.gcf()
    assert len(fig.axes) == len(activations.EXAMPLES)
    assert "vanishes" in fig.get_suptitle()


def test_activation_explorer_in_jupyter_draws_the_chosen_setting(monkeypatch):
    pytest.importorskip("ipywidgets")
    from dl101.widgets import core

    drawn, shown = [], []
    monkeypatch.setattr(core, "in_jupyter_kernel", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.setattr(activations, "draw_activation", lambda **values: drawn.append(values) or plt.figure())
    activations.activation_explorer()
    assert drawn == [{"name": "sigmoid", "scale": 1.0, "shift": 0.0, "negative_slope": 0.2}]
    assert "image/png" in shown[-1] and "application/vnd.jupyter.widget-view+json" in shown[-1]


@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
@pytest.mark.parametrize(("scale", "shift"), [(0.2, -4.0), (1.0, 0.0), (5.0, 4.0)])
def test_activation_figures_keep_legends_off_the_curves_wherever_they_sweep(name, scale, shift):
    assert problems_as_shown(activations.draw_activation(name, scale, shift, negative_slope=0.5)) == []


def test_the_static_activation_figure_keeps_legends_off_the_curves():
    assert problems_as_shown(activations.draw_activation_examples()) == []
