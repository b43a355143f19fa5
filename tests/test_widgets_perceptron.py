"""Notebook 02's figures and explorer: the decision line, the count of mistakes, the training panels."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown

from dl101.data import make_star_quasar
from dl101.widgets import core, perceptron

# Without noise the generator promises quasars at u − g ≤ 0.55 and stars at u − g ≥ 0.7.
X, Y = make_star_quasar(n=60, noise=0.0, seed=0)
CUT = (-1.0, 0.0, 0.6)  # quasar where u − g < 0.6: no mistake
NO_LINE = (0.0, 0.0, 0.0)  # z = 0 everywhere: always class 0, so every quasar is a mistake


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_misclassified_marks_wrong_labels_and_step_of_zero_is_zero():
    points = np.array([[0.0, 0.0], [2.0, 0.0], [1.0, 5.0]])  # z = x₁ − 1: −1, 1, 0
    mask = perceptron.misclassified(points, np.array([0, 0, 1]), (1.0, 0.0), -1.0)
    assert mask.tolist() == [False, True, True]


@pytest.mark.parametrize(
    ("points", "labels", "w"),
    [(np.zeros((3, 3)), np.zeros(3), (1.0, 0.0)), (np.zeros((3, 2)), np.zeros(2), (1.0, 0.0)), (X, Y, (1.0, 0.0, 2.0))],
)
def test_misclassified_says_what_it_expected(points, labels, w):
    with pytest.raises(ValueError, match="expected"):
        perceptron.misclassified(points, labels, w, 0.0)


@pytest.mark.parametrize(("w", "b"), [((1.0, 2.0), -1.0), ((3.0, 0.0), 1.5), ((0.5, -0.2), 0.3)])
def test_the_drawn_line_is_where_the_weighted_sum_is_zero(w, b):
    fig = perceptron.draw_perceptron(*w, b, X, Y)
    line = fig.axes[0].lines[-1]
    ends = np.stack([line.get_xdata(), line.get_ydata()], axis=1)
    assert np.allclose(ends @ np.array(w) + b, 0.0)


def test_without_weights_there_is_no_line_and_every_quasar_is_a_mistake():
    fig = perceptron.draw_perceptron(*NO_LINE, X, Y)
    ax = fig.axes[0]
    assert not ax.lines
    assert ax.get_title().endswith(f"{np.sum(Y == 1)} of {len(X)} misclassified")


def test_title_counts_mistakes_and_axes_carry_the_given_labels():
    fig = perceptron.draw_perceptron(*CUT, X, Y, xlabel="u − g (mag)", ylabel="g − r (mag)")
    ax = fig.axes[0]
    assert ax.get_title() == f"w = (-1.00, 0.00), b = 0.60: 0 of {len(X)} misclassified"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("u − g (mag)", "g − r (mag)")
    backwards = perceptron.draw_perceptron(1.0, 0.0, -0.6, X, Y).axes[0]
    assert backwards.get_title().endswith(f"{len(X)} of {len(X)} misclassified")


def test_examples_draw_one_panel_per_setting_and_refuse_bad_settings():
    fig = perceptron.draw_perceptron_examples(X, Y, [CUT, NO_LINE])
    assert len(fig.axes) == 2
    assert fig.axes[0].get_title().endswith("0 of 60 misclassified")
    assert fig.axes[1].get_title().endswith("30 of 60 misclassified")
    with pytest.raises(ValueError, match="expected"):
        perceptron.draw_perceptron_examples(X, Y, [(1.0, 0.0)])


def test_training_figure_shows_the_chosen_epochs_and_the_mistakes_per_epoch():
    snapshots = [(np.zeros(2), 0.0), (np.array([1.0, 0.0]), 0.0), (np.array(CUT[:2]), CUT[2])]
    fig = perceptron.draw_training(X, Y, snapshots, [7, 0], epochs=[0, 2])
    *panels, bars = fig.axes
    assert [ax.get_title() for ax in panels] == ["start: 30 misclassified", "after epoch 2: 0 misclassified"]
    assert [patch.get_height() for patch in bars.patches] == [7, 0]
    assert bars.get_xlabel() == "epoch"


def test_many_panels_wrap_into_rows_that_fit_a_slide_with_no_empty_axes():
    snapshots = [(np.array(CUT[:2]), CUT[2])] * 6
    fig = perceptron.draw_training(X, Y, snapshots, [0] * 5, epochs=[0, 1, 2, 3, 5])
    assert fig.get_size_inches()[0] <= 10
    assert len(fig.axes) == 6  # five line panels and the bars, no blank axes
    assert len({round(ax.get_position().y0, 3) for ax in fig.axes}) == 2  # in two rows
    examples = perceptron.draw_perceptron_examples(X, Y, [CUT, NO_LINE, CUT, NO_LINE])
    assert examples.get_size_inches()[0] <= 10
    assert len(examples.axes) == 4
    assert len(examples.legends) == 1 and not any(ax.get_legend() for ax in examples.axes)  # one shared legend


def _keys(legend) -> dict:
    """A legend's entries by their text."""
    return dict(zip([text.get_text() for text in legend.get_texts()], legend.legend_handles, strict=True))


def test_the_legend_keys_the_shading_in_its_colours_and_opacity():
    fig = perceptron.draw_perceptron(*CUT, X, Y, class_names=("star", "quasar"))
    ax = fig.axes[0]
    keys = _keys(ax.get_legend())
    zones = ax.collections[0].get_facecolor()  # the half-planes: class 0 (star), then class 1 (quasar)
    assert np.allclose(keys["predicts star"].get_facecolor(), zones[0])
    assert np.allclose(keys["predicts quasar"].get_facecolor(), zones[1])


def test_the_shared_legend_of_several_panels_keys_the_shading_too():
    names = ("same signs", "opposite signs")
    snapshots = [(np.zeros(2), 0.0), (np.array(CUT[:2]), CUT[2])]
    for fig in (
        perceptron.draw_perceptron_examples(X, Y, [CUT, NO_LINE], class_names=names),
        perceptron.draw_training(X, Y, snapshots, [3], epochs=[0, 1], class_names=names),
    ):
        keys = _keys(fig.legends[0])
        assert {"predicts same signs", "predicts opposite signs", "misclassified", "decision line"} <= set(keys)
        zones = fig.axes[0].collections[0].get_facecolor()
        assert np.allclose(keys["predicts same signs"].get_facecolor(), zones[0])


@pytest.mark.parametrize(("n_snapshots", "epochs"), [(2, [0]), (3, [3]), (3, [])])
def test_training_figure_refuses_inconsistent_inputs(n_snapshots, epochs):
    snapshots = [(np.zeros(2), 0.0)] * n_snapshots
    with pytest.raises(ValueError, match="expected"):
        perceptron.draw_training(X, Y, snapshots, [1, 0], epochs=epochs)


def test_explorer_outside_jupyter_draws_the_static_panels():
    perceptron.perceptron_explorer(X, Y, [CUT, NO_LINE, (1.0, 0.0, 0.0)])
    assert len(plt.gcf().axes) == 3


def test_explorer_in_jupyter_has_three_sliders_starting_at_the_first_setting(monkeypatch):
    pytest.importorskip("ipywidgets")
    shown = []
    monkeypatch.setattr(core, "in_jupyter_kernel", lambda: True)
    monkeypatch.setattr(core, "show_with_fallback", lambda widget, static: shown.append((widget, static)))
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: None)
    perceptron.perceptron_explorer(X, Y, [CUT, NO_LINE])
    widget, static = shown[-1]
    sliders = {child.description: child.value for child in widget.children[:-1]}
    assert sliders == {"w₁": CUT[0], "w₂": CUT[1], "b": CUT[2]}
    assert len(static().axes) == 2


@pytest.mark.parametrize("setting", [CUT, NO_LINE, (3.0, -3.0, 3.0), (0.5, 3.0, -3.0)], ids=str)
def test_perceptron_figures_keep_the_legend_off_the_points_wherever_the_line_is(setting):
    assert problems_as_shown(perceptron.draw_perceptron(*setting, X, Y)) == []


def test_the_static_perceptron_figures_keep_the_legend_off_the_points():
    assert problems_as_shown(perceptron.draw_perceptron_examples(X, Y, [CUT, NO_LINE, (3.0, -3.0, 3.0), CUT])) == []
