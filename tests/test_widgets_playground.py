"""Notebook 03's playground: its data, the networks it trains, its figure and its widget, without a front end."""

import base64

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figure_audit import problems_as_shown

from dl101 import models
from dl101.checks import EXERCISES
from dl101.nn import dense, sigmoid
from dl101.widgets import playground

pytest.importorskip("keras")

XOR = models.playground_data("XOR")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", ["circles", "XOR", "spirals", "blobs"])
def test_playground_data_gives_different_training_and_test_points(name):
    X_train, y_train, X_test, y_test = models.playground_data(name, n=50)
    assert X_train.shape == X_test.shape == (50, 2) and y_train.shape == y_test.shape == (50,)
    assert set(np.unique(y_train)) == {0, 1} and not np.allclose(X_train, X_test)


def test_playground_data_names_the_known_sets():
    with pytest.raises(ValueError, match="circles"):
        models.playground_data("moons2")


@pytest.mark.parametrize(("hidden_layers", "n_parameters"), [((), 3), ((3,), 13), ((4, 4), 37)])
def test_build_network_has_one_dense_layer_per_size_and_a_sigmoid_output(hidden_layers, n_parameters):
    model = models.build_network(hidden_layers, "relu")
    assert [layer.units for layer in model.layers] == [*hidden_layers, 1]
    assert [layer.activation.__name__ for layer in model.layers] == ["relu"] * len(hidden_layers) + ["sigmoid"]
    assert model.count_params() == n_parameters  # counted by hand: (2·4 + 4) + (4·4 + 4) + (4·1 + 1) = 37


@pytest.mark.parametrize(
    ("hidden_layers", "activation", "match"),
    [([0], "tanh", "integers >= 1"), ([2.5], "tanh", "integers >= 1"), ([4], "swish", "activation")],
)
def test_build_network_rejects_what_it_cannot_build(hidden_layers, activation, match):
    with pytest.raises(ValueError, match=match):
        models.build_network(hidden_layers, activation)


def test_train_network_solves_xor_with_one_hidden_layer_and_records_every_epoch():
    X_train, y_train, X_test, y_test = XOR
    model, history = models.train_network(X_train, y_train, (8,), epochs=200, validation_data=(X_test, y_test))
    assert len(history["loss"]) == len(history["val_loss"]) == 200
    assert history["loss"][-1] < 0.5 * history["loss"][0]
    assert models.binary_accuracy(model, X_test, y_test) >= 0.95


def test_train_network_without_a_hidden_layer_cannot_solve_xor():
    X_train, y_train, X_test, y_test = XOR
    model, history = models.train_network(X_train, y_train, (), learning_rate=0.1, epochs=200)
    assert set(history) == {"loss"}
    assert models.binary_accuracy(model, X_test, y_test) < 0.75


def test_train_network_is_reproducible_for_a_seed_and_varies_with_it():
    X_train, y_train, _, _ = XOR
    first = models.train_network(X_train, y_train, (3,), epochs=20, seed=1)[1]["loss"]
    again = models.train_network(X_train, y_train, (3,), epochs=20, seed=1)[1]["loss"]
    other = models.train_network(X_train, y_train, (3,), epochs=20, seed=2)[1]["loss"]
    assert first == again and first != other


def test_train_network_calls_back_every_few_epochs_and_at_the_end():
    calls = []
    models.train_network(
        *XOR[:2], (2,), epochs=60, every=25, callback=lambda e, m, h: calls.append((e, len(h["loss"])))
    )
    assert calls == [(25, 25), (50, 50), (60, 60)]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"X": np.zeros((5, 3)), "y": np.zeros(5)}, r"shape \(n, 2\)"),
        ({"X": np.zeros((5, 2)), "y": np.zeros(4)}, "labels"),
        ({"epochs": 0}, "epochs"),
        ({"learning_rate": 0.0}, "learning rate"),
    ],
)
def test_train_network_says_what_it_expected(kwargs, match):
    arguments = {"X": XOR[0], "y": XOR[1], **kwargs}
    with pytest.raises(ValueError, match=match):
        models.train_network(**arguments)


def test_a_trained_network_computes_the_forward_pass_written_by_hand():
    """The Keras model is the NumPy forward pass: dense layers, tanh, then a sigmoid output."""
    dense_forward = EXERCISES["03.dense_forward"].reference()
    model, _ = models.train_network(*XOR[:2], (4, 3), epochs=30)
    (W1, b1), (W2, b2), (W3, b3) = (layer.get_weights() for layer in model.layers)
    x = XOR[2][:20].astype(np.float64)
    by_hand = dense_forward(dense_forward(dense_forward(x, W1, b1, np.tanh), W2, b2, np.tanh), W3, b3, sigmoid)
    reference = sigmoid(dense(np.tanh(dense(np.tanh(dense(x, W1, b1)), W2, b2)), W3, b3))
    assert np.allclose(by_hand, reference)
    assert np.allclose(model(x).numpy(), by_hand, atol=1e-5)


def test_accuracy_of_counts_points_on_the_right_side_of_one_half():
    tf = pytest.importorskip("tensorflow")

    class Fixed:
        def __call__(self, points):
            return tf.constant([[0.2], [0.7], [0.5], [0.9]])

    X = np.zeros((4, 2))
    assert models.binary_accuracy(Fixed(), X, np.array([0, 1, 0, 0])) == 0.5  # 0.5 counts as class 1


def test_draw_playground_shows_network_boundary_and_losses():
    X_train, y_train, X_test, y_test = XOR
    model, history = models.train_network(X_train, y_train, (4, 3), epochs=30, validation_data=(X_test, y_test))
    names = playground.CLASS_NAMES["XOR"]
    fig = playground.draw_playground(model, X_train, y_train, history, (4, 3), "tanh", (X_test, y_test), "XOR", names)
    network, boundary, curves = fig.axes
    signs = np.sign(X_train[:, 0] * X_train[:, 1])
    assert signs[y_train == 0].mean() > 0.8 > -0.8 > signs[y_train == 1].mean()  # the names say what the classes are
    assert [text.get_text() for text in boundary.get_legend().get_texts()][:2] == list(names)
    assert [len(c.get_offsets()) for c in network.collections if c.get_gid() and "layer" in c.get_gid()] == [2, 4, 3, 1]
    expected = models.binary_accuracy(model, X_test, y_test)
    assert boundary.get_title().endswith(f"validation {expected:.2f}")
    assert len(curves.lines) == 2 and len(curves.lines[0].get_ydata()) == 30
    assert fig._suptitle.get_text() == "XOR"
    assert problems_as_shown(fig) == []  # the network's names, the legends below the panels


def test_the_playground_offers_the_training_of_the_circles_exercise_in_menus_in_order():
    pytest.importorskip("ipywidgets")
    from dl101.checks.nb03_mlp import CIRCLES_TRAINING

    controls = playground._controls()
    rates = list(controls["learning_rate"].options)
    assert CIRCLES_TRAINING["learning_rate"] in rates and rates == sorted(rates)
    assert CIRCLES_TRAINING["activation"] in controls["activation"].options
    epochs = controls["epochs"]
    assert epochs.min <= CIRCLES_TRAINING["epochs"] <= epochs.max and CIRCLES_TRAINING["epochs"] % epochs.step == 0


def test_playground_outside_jupyter_draws_only_the_static_figure(monkeypatch):
    calls = []
    monkeypatch.setattr(playground, "draw_playground_example", lambda: calls.append("static") or plt.figure())
    playground.playground()
    assert calls == ["static"]


@pytest.mark.slow
def test_playground_in_jupyter_displays_widget_picture_and_fallback_text(monkeypatch):
    pytest.importorskip("ipywidgets")
    shown = []
    monkeypatch.setattr(playground, "in_jupyter_kernel", lambda: True)
    monkeypatch.setattr(playground, "draw_playground_example", lambda: plt.figure())
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    playground.playground()
    bundle = shown[-1]
    assert set(bundle) == {"application/vnd.jupyter.widget-view+json", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "README" in bundle["text/plain"]


@pytest.mark.slow
def test_the_train_button_redraws_the_figure_while_training(monkeypatch):
    pytest.importorskip("ipywidgets")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kwargs: shown.append(obj))
    box = playground.playground_widget(every=25)
    assert len(shown) == 12  # the default network (300 epochs) was trained once, drawn every 25 epochs
    shown.clear()
    controls = {child.description: child for row in box.children[:2] for child in row.children}
    controls["data set"].value = "XOR"
    controls["hidden layers"].value = 2
    controls["units per layer"].value = 3
    controls["epochs"].value = 50
    controls["Train"].click()
    assert len(shown) == 2 and all(isinstance(fig, plt.Figure) for fig in shown)  # after epochs 25 and 50
    layers = [c for c in shown[-1].axes[0].collections if c.get_gid() and c.get_gid().startswith("layer")]
    assert [len(c.get_offsets()) for c in layers] == [2, 3, 3, 1]
    assert "50 epochs" in shown[-1].axes[2].get_title()
    assert not controls["Train"].disabled
