"""Notebook 06's convolution explorer: the maps it computes, their shapes, and its figures."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown

from dl101.widgets import convolution

RNG = np.random.default_rng(0)
GALAXY = RNG.normal(size=(12, 12, 3))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_identity_kernel_returns_the_image_without_its_border():
    image = RNG.normal(size=(6, 7))
    feature, pooled = convolution.feature_maps(image, "identity")
    np.testing.assert_allclose(feature, image[1:-1, 1:-1])
    assert pooled is None


def test_edge_kernels_answer_to_their_own_direction_only():
    ramp_down = np.tile(np.arange(5.0)[:, None], (1, 5))  # brighter towards the bottom: a horizontal edge
    horizontal, _ = convolution.feature_maps(ramp_down, "horizontal edges")
    vertical, _ = convolution.feature_maps(ramp_down, "vertical edges")
    np.testing.assert_allclose(horizontal, np.full((3, 3), -8.0))  # (1 + 2 + 1) × (row above − row below)
    np.testing.assert_allclose(vertical, np.zeros((3, 3)))


def test_laplacian_vanishes_on_a_plane_and_blur_keeps_a_constant():
    plane = np.add.outer(np.arange(6.0), 2 * np.arange(6.0))
    np.testing.assert_allclose(convolution.feature_maps(plane, "Laplacian")[0], 0.0, atol=1e-12)
    np.testing.assert_allclose(convolution.feature_maps(np.full((5, 5), 3.0), "blur")[0], 3.0)


def test_stride_padding_and_pooling_give_the_sizes_of_the_formula():
    image = RNG.normal(size=(32, 32))
    for stride, padding, size in [
        (1, "valid", 30),
        (2, "valid", 15),
        (3, "valid", 10),
        (1, "same", 32),
        (3, "same", 11),
    ]:
        feature, pooled = convolution.feature_maps(image, "blur", stride, padding, "max")
        assert feature.shape == (size, size)
        assert pooled.shape == (size // 2, size // 2)


def test_pooling_and_relu_on_a_small_map():
    image = np.zeros((6, 6))
    image[1:5, 1:5] = [[1, -2, 3, 0], [4, 0, -1, -5], [0, 0, 0, 0], [-6, 2, 0, 1]]
    feature, maximum = convolution.feature_maps(image, "identity", pooling="max")
    _, average = convolution.feature_maps(image, "identity", pooling="average")
    rectified, _ = convolution.feature_maps(image, "identity", relu=True)
    np.testing.assert_allclose(maximum, [[4, 3], [2, 1]])
    np.testing.assert_allclose(average, [[0.75, -0.75], [-1, 0.25]])
    np.testing.assert_allclose(rectified, np.maximum(feature, 0))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kernel": "emboss"}, "Laplacian"),
        ({"kernel": "blur", "pooling": "median"}, "average"),
        ({"kernel": "blur", "band_image": np.zeros((4, 4, 3))}, "one band"),
    ],
)
def test_bad_arguments_are_refused_with_what_was_expected(arguments, message):
    arguments = {"band_image": np.zeros((5, 5)), **arguments}
    with pytest.raises(ValueError, match=message):
        convolution.feature_maps(**arguments)


def test_draw_convolution_titles_give_the_shapes():
    fig = convolution.draw_convolution(GALAXY, band="g", kernel="Laplacian", stride=2, padding="same", pooling="max")
    titles = [ax.get_title() for ax in fig.axes]
    assert "12×12" in titles[0] and "g band" in titles[0]
    assert titles[1] == "kernel:\nLaplacian"
    assert "6×6" in titles[2] and "stride 2, same" in titles[2]
    assert "max pooling: 3×3" in titles[3]
    assert all(ax.get_xlabel() for ax in fig.axes[:4])
    assert np.array_equal(fig.axes[0].images[0].get_array(), GALAXY[..., 0])  # the band it names, not a composite
    assert fig.get_figwidth() <= 10


def test_draw_convolution_without_pooling_says_so():
    fig = convolution.draw_convolution(GALAXY, pooling="none")
    assert [text.get_text() for text in fig.axes[3].texts] == ["no pooling"] and not fig.axes[3].axison


def test_draw_convolution_refuses_an_image_that_is_not_three_bands():
    with pytest.raises(ValueError, match=r"\(height, width, 3\)"):
        convolution.draw_convolution(GALAXY[..., :2])


def test_examples_draw_one_row_per_setting():
    fig = convolution.draw_convolution_examples(GALAXY)
    kernels = [ax.get_title().removesuffix(" (×1/9)") for ax in fig.axes if ax.get_title().startswith("kernel:")]
    assert kernels == [f"kernel:\n{settings[0]}" for settings in convolution.EXAMPLES]  # the blur's ninths: 1s


def test_explorer_outside_jupyter_draws_the_examples(monkeypatch):
    pytest.importorskip("ipywidgets")
    drawn = []
    monkeypatch.setattr(convolution, "draw_convolution_examples", lambda image: drawn.append(image) or plt.figure())
    convolution.convolution_explorer(np.stack([GALAXY, -GALAXY]), ["one", "two"])
    assert len(drawn) == 1 and np.array_equal(drawn[0], GALAXY)


def test_explorer_needs_one_name_per_image():
    pytest.importorskip("ipywidgets")
    with pytest.raises(ValueError, match="one name per image"):
        convolution.convolution_explorer(np.stack([GALAXY, GALAXY]), ["only one"])


def test_show_kernel_writes_every_weight_readable_on_its_square():
    fig, ax = plt.subplots()
    convolution.show_kernel(ax, convolution.KERNELS["Laplacian"], "Laplacian")
    labels = {(text.get_text(), text.get_color()) for text in ax.texts}
    assert len(ax.texts) == 9
    assert labels == {("0", "black"), ("1", "black"), ("-4", "white")}  # white on the darkest square only
    assert ax.get_title() == "Laplacian" and ax.get_xlabel() == "kernel column"


def test_show_kernel_writes_a_shared_fraction_once_in_the_title():
    fig, ax = plt.subplots()
    convolution.show_kernel(ax, convolution.KERNELS["blur"], "blur")
    assert [text.get_text() for text in ax.texts] == ["1"] * 9 and ax.get_title() == "blur (×1/9)"
    labels, factor = convolution.weight_labels(np.array([[0.23, -0.5], [1.25, 0.0]]))
    assert labels.tolist() == [[".23", "-.5"], ["1.2", "0"]] and factor == ""


def test_explorer_in_jupyter_draws_the_chosen_galaxy_and_shows_one_bundle(monkeypatch):
    pytest.importorskip("ipywidgets")
    from dl101.widgets import core

    shown = []
    monkeypatch.setattr(core, "in_jupyter_kernel", lambda: True)
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    convolution.convolution_explorer(np.stack([GALAXY, GALAXY[:, ::-1]]), ["spiral", "star"])
    figures = [obj for obj in shown if isinstance(obj, plt.Figure)]
    bundles = [obj for obj in shown if isinstance(obj, dict)]
    assert figures and figures[0].axes[1].get_title() == "kernel:\nvertical edges"  # the first drawing, live
    assert len(bundles) == 1 and "image/png" in bundles[0]
    assert "application/vnd.jupyter.widget-view+json" in bundles[0]


@pytest.mark.parametrize("kernel", sorted(convolution.KERNELS))
@pytest.mark.parametrize(("stride", "padding", "pooling"), [(1, "valid", "none"), (3, "same", "max")])
def test_convolution_figures_print_no_text_over_text(kernel, stride, padding, pooling):
    image = RNG.normal(size=(32, 32, 3))
    assert problems_as_shown(convolution.draw_convolution(image, "r", kernel, stride, padding, pooling, True)) == []


def _blob(brightness: float) -> np.ndarray:
    """A round galaxy of peak ``brightness`` on a faint noisy sky, in g, r, i: colour bars up to 10 and more."""
    row, column = np.mgrid[:32, :32]
    light = brightness * np.exp(-((row - 15.5) ** 2 + (column - 15.5) ** 2) / 32)
    return light[..., None] + 0.05 * np.random.default_rng(1).normal(size=(32, 32, 3))


@pytest.mark.slow
@pytest.mark.parametrize("brightness", [0.3, 3.0, 10.0])
def test_a_colour_bar_and_its_label_stay_clear_of_the_next_panel_and_of_the_title(brightness):
    for kernel in convolution.KERNELS:
        figure = convolution.draw_convolution(_blob(brightness), "r", kernel, 1, "same", "max", True)
        assert problems_as_shown(figure) == [], kernel
        plt.close(figure)


def test_the_static_convolution_figure_prints_no_text_over_text():
    assert problems_as_shown(convolution.draw_convolution_examples(RNG.normal(size=(32, 32, 3)))) == []


def test_a_map_with_negative_values_is_centred_on_0_and_a_map_without_spans_0_to_its_largest_value():
    fig, (signed, rectified) = plt.subplots(1, 2)
    convolution.show_map(signed, np.array([[-1.0, 3.0], [0.5, 2.0]]), "edges")
    convolution.show_map(rectified, np.array([[0.0, 3.0], [0.5, 2.0]]), "after a ReLU")
    assert signed.images[0].get_clim() == (-3.0, 3.0) and signed.images[0].get_cmap().name == "RdBu_r"
    assert rectified.images[0].get_clim() == (0.0, 3.0)  # no half of the scale for values a ReLU never gives
    white, darkest = rectified.images[0].to_rgba(np.array([0.0, 3.0]))
    assert np.all(white[:3] > 0.95) and darkest[0] > 2 * darkest[1]  # from white to a dark red


def test_kernels_of_one_figure_share_one_symmetric_colour_scale():
    fig = convolution.draw_convolution_examples(GALAXY)
    scales = {ax.images[0].get_clim() for ax in fig.axes if ax.get_title().startswith("kernel:")}
    assert scales == {(-5.0, 5.0)}  # sharpen's 5, the course's largest weight: a weight of 1 has one colour everywhere
    fig, ax = plt.subplots()
    convolution.show_kernel(ax, np.array([[0.0, 8.0], [-1.0, 0.0]]), "larger than the course's kernels")
    assert ax.images[0].get_clim() == (-8.0, 8.0)  # its own scale rather than colours cut off at the course's


def test_the_galaxy_shows_at_least_1_6_inches_wide_in_a_figure_at_most_10_inches_wide():
    fig = convolution.draw_convolution_examples(RNG.normal(size=(32, 32, 3)))
    fig.canvas.draw()
    galaxy = fig.axes[0].get_window_extent()
    assert galaxy.width / fig.dpi >= 1.6 and fig.get_figwidth() <= 10
