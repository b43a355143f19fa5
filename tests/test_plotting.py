"""The course's figures: what they draw, and clear errors for wrong inputs."""

import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown
from sklearn.neighbors import KNeighborsClassifier

from dl101.data import make_blobs
from dl101.metrics import reliability
from dl101.plotting import (
    OKABE_ITO,
    draw_network,
    legend_below,
    plot_activation_maps,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_embedding,
    plot_filters,
    plot_galaxies,
    plot_image_grid,
    plot_learning_curves,
    plot_reliability,
    predict_labels,
    to_rgb,
    zone_keys,
)

X = np.array([[-1.0, 0.0], [1.0, 0.0], [2.0, 5.0]])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("predict", "expected"),
    [
        (lambda X: (X[:, 0] > 0).astype(int), [0, 1, 1]),  # labels
        (lambda X: 1 / (1 + np.exp(-X[:, 0])), [0, 1, 1]),  # probabilities of class 1
        (lambda X: 1 / (1 + np.exp(-X[:, :1])), [0, 1, 1]),  # a column of probabilities
        (lambda X: np.stack([-X[:, 0], X[:, 0], X[:, 1]], axis=1), [0, 1, 2]),  # class scores
    ],
)
def test_predict_labels_understands_functions(predict, expected):
    assert predict_labels(predict, X).tolist() == expected


def test_predict_labels_uses_an_estimators_predict():
    model = KNeighborsClassifier(1).fit(X, [0, 1, 1])
    assert predict_labels(model, X).tolist() == [0, 1, 1]


def test_predict_labels_of_a_keras_model_matches_its_output():
    keras = pytest.importorskip("keras")
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    expected = np.argmax(model(X).numpy(), axis=1)
    assert np.array_equal(predict_labels(model, X), expected)


def test_predict_labels_rejects_what_cannot_predict():
    with pytest.raises(TypeError, match="expected a predict function"):
        predict_labels("model", X)


def test_decision_boundary_colours_the_plane_by_prediction():
    Xb, yb = make_blobs(n=100, noise=0.3)
    ax = plot_decision_boundary(lambda P: (P[:, 0] + P[:, 1] > 0).astype(int), Xb, yb, title="blobs")
    assert ax.get_title() == "blobs" and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.collections) >= 3  # the filled regions and one scatter per class
    legend = ax.get_legend()
    names = ["class 0", "class 1", "predicted class 0", "predicted class 1"]
    assert [text.get_text() for text in legend.get_texts()] == names


def test_decision_boundary_keys_each_zone_in_its_colour_and_opacity_and_shows_points_larger_in_the_key():
    Xb, yb = make_blobs(n=100, noise=0.3)
    ax = plot_decision_boundary(lambda P: (P[:, 0] > 0).astype(int), Xb, yb, class_names=["star", "galaxy"])
    legend = ax.get_legend()
    keys = dict(zip([text.get_text() for text in legend.get_texts()], legend.legend_handles, strict=True))
    zones = ax.collections[0].get_facecolor()  # the shading, class 0 then class 1, with its opacity
    assert np.allclose(keys["predicted star"].get_facecolor(), zones[0])
    assert np.allclose(keys["predicted galaxy"].get_facecolor(), zones[1])
    drawn = ax.collections[1].get_sizes()[0]
    assert keys["star"].get_sizes()[0] >= 4 * drawn  # twice as wide: readable in the key


def test_zone_keys_want_one_colour_per_name():
    with pytest.raises(ValueError, match="one colour per zone name"):
        zone_keys(OKABE_ITO[:1], ["predicted star", "predicted galaxy"], 0.25)


@pytest.mark.parametrize("bad", [np.zeros((5, 3)), np.zeros(5)])
def test_decision_boundary_says_which_shape_it_expected(bad):
    with pytest.raises(ValueError, match=r"expected points of shape \(n, 2\)"):
        plot_decision_boundary(lambda P: P[:, 0] > 0, bad, np.zeros(5))


def test_decision_boundary_wants_one_label_per_point():
    with pytest.raises(ValueError, match="one label per point"):
        plot_decision_boundary(lambda P: P[:, 0] > 0, X, [0, 1])


def test_learning_curves_plot_training_and_validation():
    ax = plot_learning_curves({"loss": [3, 2, 1], "val_loss": [3, 2.5, 2.4]})
    assert len(ax.lines) == 2 and list(ax.lines[1].get_ydata()) == [3, 2.5, 2.4]


def test_learning_curves_tick_whole_epochs_only():
    ax = plot_learning_curves({"loss": [5, 4, 3, 2, 1]})  # matplotlib alone would tick 1.5, 2.0, 2.5, ...
    ax.figure.canvas.draw()
    ticks = [tick for tick in ax.get_xticks() if 1 <= tick <= 5]
    assert len(ticks) >= 2 and all(float(tick).is_integer() for tick in ticks)


def test_learning_curves_name_the_missing_metric():
    with pytest.raises(ValueError, match="'accuracy'"):
        plot_learning_curves({"loss": [1]}, metric="accuracy")


@pytest.mark.parametrize("shape", [(5, 8, 8), (5, 8, 8, 1), (5, 8, 8, 3)])
def test_image_grid_shows_every_image_with_its_label(shape):
    fig = plot_image_grid(
        np.random.default_rng(0).random(shape), labels=[0, 1, 0, 1, 0], class_names=["a", "b"], ncols=3
    )
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 5 and [ax.get_title() for ax in shown] == ["a", "b", "a", "b", "a"]


def test_image_grid_panels_have_the_width_asked_and_room_for_labels_of_two_lines():
    images = np.random.default_rng(0).random((8, 8, 8, 3))
    one_line = plot_image_grid(images, np.arange(8), [f"class {i}" for i in range(8)], ncols=4, panel_inches=2.4)
    two_lines = plot_image_grid(images, np.arange(8), [f"class\n{i}" for i in range(8)], ncols=4, panel_inches=2.4)
    assert one_line.get_figwidth() == pytest.approx(4 * 2.4)
    assert two_lines.get_figheight() > one_line.get_figheight()


@pytest.mark.parametrize("shape", [(8, 8), (5, 8, 8, 2)])
def test_image_grid_says_which_shape_it_expected(shape):
    with pytest.raises(ValueError, match=r"expected images of shape \(n, height, width\)"):
        plot_image_grid(np.zeros(shape))


def _spot_on_noisy_sky(band: int, seed: int = 0) -> np.ndarray:
    """A 16×16 g, r, i image: unit Gaussian noise in every band, and a bright spot in one band."""
    image = np.random.default_rng(seed).standard_normal((1, 16, 16, 3))
    image[0, 6:10, 6:10, band] += 8.0  # a faint source: 8 standard deviations of the noise
    return image


def test_to_rgb_maps_bands_to_colours_in_range():
    rgb = to_rgb(_spot_on_noisy_sky(band=2))  # only the i band has a source
    assert rgb.min() >= 0 and rgb.max() <= 1
    spot = rgb[0, 6:10, 6:10]
    assert spot[..., 0].mean() > 0.5 and spot[..., 2].mean() < 0.1  # i is shown red, g (empty there) blue


def test_to_rgb_keeps_the_noisy_sky_dark_in_any_units():
    for scale, offset in ((1.0, 0.0), (30.0, 100.0), (0.01, 0.05)):
        rgb = to_rgb(scale * _spot_on_noisy_sky(band=1) + offset)
        sky = np.concatenate([rgb[0, :4].reshape(-1, 3), rgb[0, -4:].reshape(-1, 3)])
        assert sky.mean() < 0.06 and rgb[0, 6:10, 6:10, 1].mean() > 0.5


def test_to_rgb_shows_a_rotated_or_flipped_image_as_the_same_picture_rotated_or_flipped():
    image = _spot_on_noisy_sky(band=1)
    image[0, 4:12, :, 0] += 3.0  # a bar across the stamp in g: it reaches the left and right edges only
    assert np.allclose(to_rgb(np.rot90(image, 1, axes=(1, 2))), np.rot90(to_rgb(image), 1, axes=(1, 2)))
    assert np.allclose(to_rgb(np.flip(image, axis=2)), np.flip(to_rgb(image), axis=2))


def test_to_rgb_like_shows_a_noise_free_model_as_its_noisy_input_is_shown():
    noisy = np.random.default_rng(0).standard_normal((1, 16, 16, 3))
    model = np.zeros_like(noisy)
    model[0, 6:10, 6:10, 1] = 2.0  # a faint source, 2 σ of the noise, without the noise
    noisy += model
    assert np.array_equal(to_rgb(noisy, like=noisy), to_rgb(noisy))
    assert to_rgb(model)[0, 6:10, 6:10, 1].mean() > 0.9  # stretched alone, the faint source is as bright as can be
    assert to_rgb(model, like=noisy)[0, 6:10, 6:10, 1].mean() < 0.5  # with its input's sky and stretch, faint
    with pytest.raises(ValueError, match="expected like of the images' shape"):
        to_rgb(model, like=noisy[:, :8])


def test_to_rgb_says_which_shape_it_expected():
    with pytest.raises(ValueError, match="3 bands g, r, i"):
        to_rgb(np.zeros((2, 16, 16, 1)))


def _nodes_per_layer(ax) -> list[int]:
    layers = [c for c in ax.collections if (c.get_gid() or "").startswith("layer")]
    return [len(c.get_offsets()) for c in layers]


def _texts(ax) -> str:
    return " | ".join(text.get_text() for text in ax.texts)


@pytest.mark.parametrize("sizes", [(2, 4, 4, 1), (3, 8, 2), (2, 1)])
def test_network_diagram_draws_every_node_and_every_connection(sizes):
    ax = draw_network(sizes)
    assert _nodes_per_layer(ax) == list(sizes)
    (connections,) = [c for c in ax.collections if c.get_gid() == "connections"]
    segments = connections.get_segments()
    assert len(segments) == sum(a * b for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    layers = [c.get_offsets() for c in ax.collections if (c.get_gid() or "").startswith("layer")]
    layer_x = [offsets[0, 0] for offsets in layers]
    nodes = [{tuple(point) for point in offsets} for offsets in layers]
    for start, end in segments:  # each line joins a node to a node of the next layer
        layer = layer_x.index(start[0])
        assert tuple(start) in nodes[layer] and tuple(end) in nodes[layer + 1]
    assert len({(tuple(start), tuple(end)) for start, end in segments}) == len(segments)  # no line drawn twice


def test_network_diagram_labels_the_glossary():
    ax = draw_network((2, 4, 4, 1), activation="ReLU")
    texts = _texts(ax)
    for label in ("input nodes", "hidden layer 1", "hidden layer 2", "output node", "latent size 4"):
        assert label in texts, f"{label!r} not in {texts}"
    assert "$x_{1}$" in texts and "$x_{2}$" in texts and "$x_{3}$" not in texts
    assert "weights" in texts and "activation ReLU" in texts
    assert ax.get_title()


def test_network_diagram_names_the_latent_size_of_each_hidden_layer():
    texts = _texts(draw_network((3, 8, 2)))
    assert "latent size 8" in texts and "hidden layer 2" not in texts and "output nodes" in texts


def test_network_diagram_without_glossary_keeps_layers_drops_annotations():
    ax = draw_network((2, 3, 1), glossary=False)
    assert _nodes_per_layer(ax) == [2, 3, 1] and "latent size 3" in _texts(ax)
    assert "weights" not in _texts(ax) and "activation" not in _texts(ax)


@pytest.mark.parametrize("bad", [(), (2,), (2, 0, 1), (2, 2.5, 1), (2, True, 1), "abc", 5, (2, 40, 1)])
def test_network_diagram_says_which_layer_sizes_it_expected(bad):
    with pytest.raises(ValueError, match="expected"):
        draw_network(bad)


def test_confusion_matrix_writes_every_count_in_its_cell():
    confusion = np.array([[5, 1, 0], [2, 7, 1], [0, 0, 9]])
    ax = plot_confusion_matrix(confusion, ["a", "b", "c"])
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    assert cells[(1, 0)] == "2" and cells[(0, 1)] == "1" and cells[(2, 2)] == "9" and len(cells) == 9
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class" and ax.get_title()
    assert [label.get_text() for label in ax.get_yticklabels()] == ["a", "b", "c"]


@pytest.mark.parametrize("bad", [np.zeros((3, 4)), np.zeros((2, 2)), -np.ones((3, 3))])
def test_confusion_matrix_says_what_it_expected(bad):
    with pytest.raises(ValueError, match="expected"):
        plot_confusion_matrix(bad, ["a", "b", "c"])


def test_filters_show_each_band_then_the_colours_of_one_filter():
    kernel = np.zeros((3, 3, 3, 4))
    kernel[1, 1, 2, 0] = 2.0  # filter 1 responds to the i band only, at its centre
    kernel[0, 0, 0, 1] = -1.0  # filter 2 is negative in g, at its corner
    fig = plot_filters(kernel)
    grid = [ax for ax in fig.axes if ax.images]
    assert len(grid) == 4 * 4  # three bands and the colour row, four filters each
    i_band_of_filter_1 = grid[2 * 4].images[0].get_array()
    assert i_band_of_filter_1[1, 1] == 2.0 and grid[2 * 4].get_ylabel() == "i band"
    assert [grid[f].get_title() for f in range(4)] == ["0", "1", "2", "3"]  # as kernel[..., f] numbers them
    colours = grid[3 * 4].images[0].get_array()  # the colour row: i is red, 0 is grey
    assert np.allclose(colours[1, 1], [1.0, 0.5, 0.5]) and np.allclose(colours[0, 0], [0.5, 0.5, 0.5])
    assert np.allclose(grid[3 * 4 + 1].images[0].get_array()[0, 0], [0.5, 0.5, 0.25])  # less g: less blue


def test_filters_of_one_band_have_no_colour_row():
    fig = plot_filters(np.ones((5, 5, 1, 3)), band_names=["r"])
    assert len([ax for ax in fig.axes if ax.images]) == 3


@pytest.mark.parametrize("shape", [(3, 3, 16), (3, 3, 2, 16)])
def test_filters_say_which_kernel_shape_they_expected(shape):
    with pytest.raises(ValueError, match=r"expected a kernel of shape \(height, width, 3 bands, filters\)"):
        plot_filters(np.zeros(shape))


def test_activation_maps_show_each_image_then_its_channels_each_on_its_own_scale():
    images = np.random.default_rng(0).random((2, 8, 8, 3))
    activations = np.zeros((2, 4, 4, 5))
    activations[1, 0, 0, 2] = 3.0
    activations[1, 1, 1, 0] = 0.5  # a weak map beside a strong one still spans the whole colour map
    fig = plot_activation_maps(images, activations, row_names=["star", "elliptical"], n_channels=3)
    grid = [ax for ax in fig.axes if ax.images]
    assert len(grid) == 2 * 4 and fig.get_figwidth() <= 10
    assert [grid[0].get_ylabel(), grid[4].get_ylabel()] == ["star", "elliptical"]
    assert [ax.get_title() for ax in grid[1:4]] == ["channel 0", "channel 1", "channel 2"]  # as activations[..., c]
    third_channel_of_image_2 = grid[4 + 3].images[0]
    assert third_channel_of_image_2.get_array()[0, 0] == 3.0 and third_channel_of_image_2.get_clim() == (0, 3.0)
    assert grid[4 + 1].images[0].get_clim() == (0, 0.5) and grid[4 + 1].get_xlabel() == "max 0.5"
    assert grid[4 + 2].images[0].get_clim() == (0, 1.0) and grid[4 + 2].get_xlabel() == "max 0"  # a dead map: dark
    assert grid[4].images[0].get_array().shape == (8, 8, 3)  # the image itself, in colour


@pytest.mark.parametrize(("images", "activations"), [((2, 8, 8, 3), (3, 4, 4, 5)), ((2, 8, 8, 3), (2, 4, 4))])
def test_activation_maps_say_what_they_expected(images, activations):
    with pytest.raises(ValueError, match="expected images"):
        plot_activation_maps(np.zeros(images), np.zeros(activations))


def test_embedding_scatters_each_class_in_its_colour_with_its_name():
    points = np.arange(12.0).reshape(6, 2)
    ax = plot_embedding(points, [0, 2, 0, 2, 2, 0], class_names=["a", "b", "c"], title="t-SNE")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "c"]
    first, second = ax.collections
    assert np.array_equal(first.get_offsets(), points[[0, 2, 5]]) and len(second.get_offsets()) == 3
    assert np.allclose(second.get_facecolor()[0][:3], matplotlib.colors.to_rgb(OKABE_ITO[2]))
    assert ax.get_title() == "t-SNE" and ax.get_xlabel() and ax.get_ylabel()


def test_embedding_says_which_shape_it_expected():
    with pytest.raises(ValueError, match=r"expected points of shape \(n, 2\)"):
        plot_embedding(np.zeros((4, 3)), [0, 1, 0, 1], ["a", "b"])


def test_a_legend_below_the_axes_sits_under_its_x_label_and_on_rows_of_at_most_per_row_entries():
    fig, ax = plt.subplots()
    for i in range(5):
        ax.plot([0, 1], [i, i], label=f"line {i}")
    ax.set(xlabel="$x_1$ (with a subscript)", ylabel="y")
    legend = legend_below(ax, per_row=3)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    assert legend.get_window_extent(renderer).y1 < ax.xaxis.label.get_window_extent(renderer).y0
    columns = {round(text.get_window_extent(renderer).x0) for text in legend.get_texts()}
    assert len(columns) == 3


def test_a_legend_below_the_axes_puts_fewer_entries_a_row_when_their_names_are_long():
    fig, ax = plt.subplots(figsize=(5, 3))
    for name in ("class 0: same signs", "class 1: opposite signs", "the boundary between the classes"):
        ax.plot([0, 1], [0, 1], label=name)
    one_row = ax.legend(ncols=3).get_window_extent().width
    legend = legend_below(ax)
    assert legend.get_window_extent().width <= ax.get_window_extent().width < one_row


@pytest.mark.parametrize("per_row", [0, 1.5, True])
def test_a_legend_below_the_axes_says_what_per_row_it_expected(per_row):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], label="a line")
    with pytest.raises(ValueError, match="per_row"):
        legend_below(ax, per_row=per_row)


def _everywhere(n: int = 400, seed: int = 0) -> np.ndarray:
    """Points that fill a square: a legend anywhere on it would hide some."""
    return np.random.default_rng(seed).uniform(-1, 1, size=(n, 2))


def _probabilities(n: int = 500, k: int = 10, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Predictions over ``k`` classes with confidences from low to high, and labels right as often as not."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(size=(n, k)) * rng.uniform(0.1, 4, size=(n, 1))
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return probabilities, np.where(rng.random(n) < 0.6, probabilities.argmax(axis=1), rng.integers(0, k, n))


def _side_by_side(draw_left, draw_right) -> plt.Figure:
    """Two panels in a 10-inch figure, as the notebooks show a model beside its learning curves."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.4))
    draw_left(left)
    draw_right(right)
    fig.tight_layout()
    return fig


GALAXY_CLASSES = ["elliptical", "spiral", "edge-on disk", "merger", "star", "irregular"]
FIGURES = {
    "decision boundary": lambda: (
        plot_decision_boundary(
            lambda P: (P[:, 0] * P[:, 1] < 0).astype(int), _everywhere(), (_everywhere()[:, 0] > 0).astype(int)
        ).figure
    ),
    "decision boundary beside learning curves": lambda: _side_by_side(
        lambda ax: plot_decision_boundary(lambda P: P[:, 0] > 0, _everywhere(), _everywhere()[:, 1] > 0, ax=ax),
        lambda ax: plot_learning_curves({"loss": np.linspace(1, 0, 30), "val_loss": np.linspace(0, 1, 30)}, ax=ax),
    ),
    "learning curves": lambda: plot_learning_curves({"loss": [1, 0.5, 0.1], "val_loss": [0.1, 0.5, 1]}).figure,
    "reliability, two side by side": lambda: _side_by_side(
        lambda ax: plot_reliability(reliability(*_probabilities()), ax=ax, title="As trained"),
        lambda ax: plot_reliability(reliability(*_probabilities(seed=1)), ax=ax, title="Scaled"),
    ),
    "embedding": lambda: plot_embedding(_everywhere(2000), np.arange(2000) % 6, GALAXY_CLASSES).figure,
    "network": lambda: draw_network((2, 4, 4, 1), activation="ReLU").figure,
    "network, wide layers": lambda: draw_network((3, 16, 16, 2)).figure,
    "network, one layer to one": lambda: draw_network((1, 1)).figure,
    "network, no glossary": lambda: draw_network((2, 8, 8, 1), glossary=False).figure,
    "confusion matrix": lambda: plot_confusion_matrix(np.arange(36).reshape(6, 6) * 7, GALAXY_CLASSES).figure,
    "filters": lambda: plot_filters(np.random.default_rng(0).normal(size=(5, 5, 3, 16))),
    "activation maps": lambda: plot_activation_maps(
        np.random.default_rng(0).random((3, 16, 16, 3)), np.random.default_rng(1).random((3, 8, 8, 16)) * 10
    ),
    "galaxies": lambda: plot_galaxies(
        np.random.default_rng(0).random((12, 16, 16, 3)), np.arange(12) % 6, GALAXY_CLASSES, per_class=2
    ),
}


@pytest.mark.parametrize("draw", FIGURES.values(), ids=FIGURES.keys())
def test_the_course_figures_keep_legends_off_the_data_and_text_apart_and_whole(draw):
    assert problems_as_shown(draw()) == []
