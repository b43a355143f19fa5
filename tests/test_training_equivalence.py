"""Training by hand in NumPy, with a tf.GradientTape loop and with model.fit gives the same losses and weights.

From the same initial weights, on the same batches in the same order, with plain SGD, the
reference solutions of notebook 05 (``train_step`` and ``train``) and Keras must agree to float32
precision after every step and every epoch.
"""

import os

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from dl101.checks import EXERCISES  # noqa: E402
from dl101.checks.nb05_backprop_and_training import mlp_loss  # noqa: E402
from dl101.data import make_star_galaxy  # noqa: E402

EPOCHS, BATCH_SIZE, LEARNING_RATE = 3, 32, 0.2
NAMES = ("W1", "b1", "W2", "b2")
FLOAT32 = {"rtol": 1e-5, "atol": 1e-6}


@pytest.fixture(scope="module")
def data():
    X, y = make_star_galaxy(n=192, seed=3)
    return ((X - X.mean(axis=0)) / X.std(axis=0)).astype(np.float32), y


@pytest.fixture(scope="module")
def initial_params():
    rng = np.random.default_rng(0)
    return {
        "W1": (0.8 * rng.standard_normal((2, 8))).astype(np.float32),
        "b1": (0.1 * rng.standard_normal(8)).astype(np.float32),
        "W2": (0.5 * rng.standard_normal((8, 3))).astype(np.float32),
        "b2": np.zeros(3, dtype=np.float32),
    }


def batches(X, y):
    for _ in range(EPOCHS):
        for start in range(0, len(X), BATCH_SIZE):
            yield X[start : start + BATCH_SIZE], y[start : start + BATCH_SIZE]


def keras_model(params):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(3)])
    model.set_weights([params[name] for name in NAMES])
    return model


@pytest.fixture(scope="module")
def by_hand(data, initial_params):
    """Per-step losses and final parameters of the NumPy reference train_step."""
    train_step = EXERCISES["05.train_step"].reference()
    params, losses = initial_params, []
    for X_batch, y_batch in batches(*data):
        params, loss = train_step(params, X_batch, y_batch, LEARNING_RATE)
        losses.append(loss)
    return np.array(losses), params


def test_gradient_tape_loop_gives_the_same_losses_and_weights(data, initial_params, by_hand):
    model = keras_model(initial_params)
    optimizer = keras.optimizers.SGD(learning_rate=LEARNING_RATE)
    loss_function = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    losses = []
    for X_batch, y_batch in batches(*data):
        with tf.GradientTape() as tape:
            loss = loss_function(y_batch, model(X_batch, training=True))
        gradients = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(gradients, model.trainable_variables, strict=True))
        losses.append(float(loss))
    np.testing.assert_allclose(losses, by_hand[0], **FLOAT32)
    for name, weight in zip(NAMES, model.get_weights(), strict=True):
        np.testing.assert_allclose(weight, by_hand[1][name], **FLOAT32, err_msg=name)


def test_model_fit_gives_the_same_epoch_losses_and_weights(data, initial_params, by_hand):
    model = keras_model(initial_params)
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    history = model.fit(*data, batch_size=BATCH_SIZE, epochs=EPOCHS, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"], by_hand[0].reshape(EPOCHS, -1).mean(axis=1), **FLOAT32)
    for name, weight in zip(NAMES, model.get_weights(), strict=True):
        np.testing.assert_allclose(weight, by_hand[1][name], **FLOAT32, err_msg=name)


def test_the_numpy_training_loop_reports_the_same_epoch_losses(data, initial_params, by_hand):
    train, train_step = EXERCISES["05.train"].reference(), EXERCISES["05.train_step"].reference()
    X, y = data
    _, history = train(train_step, mlp_loss, initial_params, X, y, X, y, LEARNING_RATE, BATCH_SIZE, EPOCHS, EPOCHS)
    np.testing.assert_allclose(history["loss"], by_hand[0].reshape(EPOCHS, -1).mean(axis=1), rtol=1e-12)
    assert len(history["val_loss"]) == EPOCHS


def test_the_losses_fall_so_the_comparison_is_not_trivial(by_hand):
    losses = by_hand[0].reshape(EPOCHS, -1).mean(axis=1)
    assert np.all(np.diff(losses) < 0) and losses[-1] < 0.9 * losses[0]
