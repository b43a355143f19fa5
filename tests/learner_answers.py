"""Answers of the kinds learners give, written here and not in the checks: each with the verdict it must get.

Most are the reference solution with a slip typed into it (:func:`edited`), so that they read as a
learner's code and follow the solution when it changes; the others are written out. Together
with the mutants of tests/mutants.py they are the answers from outside the catalogue for which
every catalogued mistake must be named (tests/test_check_mutants.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pytest

from dl101.checks import EXERCISES, evaluate
from dl101.checks.core import Verdict

RIGHT, WRONG = "✓", "✗"  # passed; rejected without naming a catalogued mistake


@dataclass(frozen=True)
class Answer:
    """A learner's answer to an exercise, and its verdict: RIGHT, WRONG or the name of a catalogued mistake."""

    exercise_id: str
    label: str
    answer: Any
    verdict: str
    message: str = ""  # a regular expression the message and hint together must match


def edited(exercise_id: str, *replacements: tuple[str, str]) -> Callable:
    """The reference solution of an exercise with each (old, new) piece of text replaced: a learner's slip."""
    exercise = EXERCISES[exercise_id]
    source = exercise.solution_path.read_text(encoding="utf-8")
    for old, new in replacements:
        if old not in source:
            raise ValueError(f"{old!r} is not in the solution of {exercise_id}")
        source = source.replace(old, new, 1)
    namespace: dict = {}
    exec(compile(source, f"<{exercise_id} with a slip>", "exec"), namespace)  # noqa: S102
    return namespace[exercise.name]


def slip(exercise_id: str, verdict: str, *replacements: tuple[str, str], message: str = "") -> Answer:
    """A learner's answer that is the reference solution with a slip typed into it."""
    label = "; ".join(f"{old!r} → {new!r}" for old, new in replacements)
    return Answer(exercise_id, label, edited(exercise_id, *replacements), verdict, message)


def _keras_cross_entropy(labels, p):
    """The loss notebook 04 names as the reference: Keras's own, computed in float32."""
    import keras

    return float(keras.losses.SparseCategoricalCrossentropy()(labels, p))


def _flux_by_math_exp(magnitude, zero_point=22.5):
    return math.exp(-0.4 * math.log(10) * (magnitude - zero_point))


def _flux_loop(magnitude, zero_point=22.5):
    return [10 ** (-0.4 * (m - zero_point)) for m in magnitude]


def _flux_in_place(magnitude, zero_point=22.5):
    magnitude -= zero_point
    return 10 ** (-0.4 * magnitude)


def _zero_point_by_position(raw, header, bands):
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    fluxes, valid = [], []
    for i, band in enumerate(bands):
        plane = raw[planes.index(band)]
        adu = header.get("BZERO", 0) + header.get("BSCALE", 1) * plane.astype(float)
        measured = plane != header.get("BLANK")
        fluxes.append(np.where(measured, adu * 10 ** (-0.4 * (header[f"MAGZP{i + 1}"] - 22.5)), 0.0))
        valid.append(measured)
    return np.stack(fluxes, axis=-1), np.stack(valid, axis=-1)


def _every_plane(raw, header, bands):
    adu = header.get("BZERO", 0) + header.get("BSCALE", 1) * raw.astype(float)
    scale = np.array([10 ** (-0.4 * (header[f"MAGZP{k}"] - 22.5)) for k in range(1, len(raw) + 1)])
    valid = raw != header.get("BLANK")
    flux = np.where(valid, adu * scale[:, None, None], 0.0)
    return np.moveaxis(flux, 0, -1), np.moveaxis(valid, 0, -1)


def _as_astropy_reads_it(raw, header, bands):
    data = header.get("BZERO", 0.0) + header.get("BSCALE", 1.0) * raw.astype(np.float32)
    data[raw == header.get("BLANK")] = np.nan  # as astropy gives it
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    order = [planes.index(band) for band in bands]
    scale = np.array([10 ** (-0.4 * (header[f"MAGZP{k + 1}"] - 22.5)) for k in order], np.float32)
    flux = np.moveaxis(data[order], 0, -1) * scale
    return flux, np.isfinite(flux)


def _with_nan_replaced(raw, header, bands):
    flux, valid = _as_astropy_reads_it(raw, header, bands)
    return np.nan_to_num(flux, nan=0.0), valid


def _blank_set_to_zero_in_place(raw, header, bands):
    valid_cube = raw != header.get("BLANK")
    raw[~valid_cube] = 0  # the caller's cube changes
    flux, _ = _every_plane(raw, header, bands)
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    order = [planes.index(band) for band in bands]
    return flux[..., order], np.moveaxis(valid_cube[order], 0, -1)


def _planes_in_asked_order(raw, header, bands):
    flux, valid = _every_plane(raw, header, bands)
    planes = [header[f"BAND{k}"] for k in range(1, len(raw) + 1)]
    order = [planes.index(band) for band in bands]
    return flux[..., order], valid[..., order]


ANSWERS = [
    Answer("00.magnitude_to_flux", "sign flipped", edited("00.magnitude_to_flux", ("-0.4", "0.4")), "sign flipped"),
    Answer(
        "00.magnitude_to_flux",
        "2.5 for 0.4",
        edited("00.magnitude_to_flux", ("-0.4 * (", "-2.5 * (")),
        "2.5 for 0.4",
    ),
    Answer(
        "00.magnitude_to_flux",
        "no 0.4",
        edited("00.magnitude_to_flux", ("-0.4 * (", "-(")),
        "factor missing",
    ),
    Answer(
        "00.magnitude_to_flux",
        "np.exp",
        edited("00.magnitude_to_flux", ("10 ** (", "np.exp(")),
        "natural exponential",
    ),
    Answer(
        "00.magnitude_to_flux",
        "zero point written as 22.5",
        edited("00.magnitude_to_flux", ("- zero_point", "- 22.5")),
        "zero point fixed",
    ),
    Answer("00.magnitude_to_flux", "math.exp", _flux_by_math_exp, "math module", "single number but not on an array"),
    Answer("00.magnitude_to_flux", "a Python loop", _flux_loop, WRONG, "should be a NumPy array, but it is a list"),
    Answer("00.magnitude_to_flux", "in place", _flux_in_place, WRONG, "changed the caller's magnitudes in place"),
    Answer(
        "00.magnitude_to_flux", "np.power", lambda m, zero_point=22.5: np.power(10.0, -0.4 * (m - zero_point)), RIGHT
    ),
    # 01.split_train_test
    slip(
        "01.split_train_test",
        "swapped",
        ("X[train], X[test], y[train], y[test]", "X[test], X[train], y[test], y[train]"),
    ),
    slip(
        "01.split_train_test",
        "other order",
        ("X[train], X[test], y[train], y[test]", "X[train], y[train], X[test], y[test]"),
    ),
    slip("01.split_train_test", "not shuffled", ("rng.permutation(len(X))", "np.arange(len(X))")),
    slip("01.split_train_test", "with replacement", ("rng.permutation(len(X))", "rng.integers(0, len(X), len(X))")),
    slip(
        "01.split_train_test",
        "labels shuffled apart",
        ("y[train], y[test]", "y[rng.permutation(len(y))][train], y[test]"),
    ),
    slip("01.split_train_test", "unseeded", ("default_rng(seed)", "default_rng()")),
    slip("01.split_train_test", "seed ignored", ("default_rng(seed)", "default_rng(42)")),
    slip("01.split_train_test", "fraction ignored", ("round(test_fraction * len(X))", "len(X) // 4")),
    slip("01.split_train_test", "rounded down", ("round(", "int(")),
    slip(
        "01.split_train_test",
        "unique rows",
        ("rng.permutation(len(X))", "rng.permutation(np.unique(X, axis=0, return_index=True)[1])"),
    ),
    slip("01.split_train_test", WRONG, ("order = ", "rng.shuffle(X)\n    order = "), message="changed the caller's X"),
    slip(
        "01.split_train_test",
        WRONG,
        ("return X[train], X[test], y[train], y[test]", "return [X[i] for i in train], X[test], y[train], y[test]"),
        message="X_train from .* should be a NumPy array, but it is a list",
    ),
    slip(
        "01.split_train_test",
        "another split",
        ("order = rng.permutation(len(X))", "order = rng.choice(len(X), len(X), replace=False)"),
    ),
    slip(
        "01.split_train_test",
        "another split",
        ("test, train = order[:n_test], order[n_test:]", "test, train = order[-n_test:], order[:-n_test]"),
    ),
    slip(
        "01.split_train_test",
        "another split",
        ("test, train = order[:n_test], order[n_test:]", "test, train = order[:n_test], np.sort(order[n_test:])"),
    ),
    slip(
        "01.split_train_test",
        "another split",
        (
            "test, train = order[:n_test], order[n_test:]",
            "test = rng.choice(len(X), n_test, replace=False)\n    train = np.setdiff1d(order, test)",
        ),
    ),
    # 01.accuracy: what the text's "your function should give the right answer for both" may be read as
    Answer(
        "01.accuracy",
        "only the predictions flattened",
        lambda y_true, y_pred: np.mean(y_true == (y_pred[:, 0] if np.ndim(y_pred) == 2 else y_pred)),
        "one side flattened",
        r"labels may be the column too: for accuracy with y_true a column of shape \(3, 1\)",
    ),
    Answer(
        "01.accuracy",
        "squeezed predictions",
        lambda y_true, y_pred: np.mean(y_true == np.squeeze(y_pred)),
        "one side flattened",
    ),
    Answer("01.accuracy", "neither flattened", lambda y_true, y_pred: (y_true == y_pred).mean(), "broadcast"),
    Answer("01.accuracy", "a count", lambda y_true, y_pred: (np.ravel(y_true) == np.ravel(y_pred)).sum(), "count"),
    Answer(
        "01.accuracy",
        "the error rate",
        lambda y_true, y_pred: np.mean(np.ravel(y_true) != np.ravel(y_pred)),
        "error rate",
    ),
    slip("01.accuracy", "percentage", ("return np.mean(y_true == y_pred)", "return 100 * np.mean(y_true == y_pred)")),
    slip("01.accuracy", WRONG, ("np.mean(y_true == y_pred)", "np.sum(y_true == y_pred) // len(y_true)")),
    slip("01.accuracy", WRONG, ("np.mean(y_true == y_pred)", "round(np.mean(y_true == y_pred), 2)")),
    Answer(
        "01.accuracy", "reshaped alike", lambda y_true, y_pred: np.mean(y_true.reshape(-1) == y_pred.reshape(-1)), RIGHT
    ),
    Answer(
        "01.accuracy",
        "a list",
        lambda y_true, y_pred: [np.mean(np.ravel(y_true) == np.ravel(y_pred))],
        WRONG,
        "should be one number, but it is a list of 1 item",
    ),
    # 02.perceptron_predict
    slip("02.perceptron_predict", "weighted sums", ("return (z > 0).astype(int)", "return z")),
    slip("02.perceptron_predict", "plus minus one", ("(z > 0).astype(int)", "np.sign(z)")),
    slip("02.perceptron_predict", WRONG, ("(z > 0).astype(int)", "1 / (1 + np.exp(-z))")),
    Answer(
        "02.perceptron_predict",
        "two features written out",
        lambda X, w, b: np.where(X[:, 0] * w[0] + X[:, 1] * w[1] + b > 0, 1, 0),
        WRONG,
    ),
    Answer(
        "02.perceptron_predict",
        "one example",
        lambda X, w, b: 1 if np.dot(X, w) + b > 0 else 0,
        "one example only",
        "works for one example but not for a batch",
    ),
    Answer(
        "02.perceptron_predict",
        "summed over the batch",
        lambda X, w, b: int(np.sum(X * w) + b > 0),
        "everything summed",
    ),
    Answer("02.perceptron_predict", "booleans", lambda X, w, b: X @ w + b > 0, RIGHT),
    Answer("02.perceptron_predict", "np.heaviside", lambda X, w, b: np.heaviside(X @ w + b, 0), RIGHT),
    Answer(
        "02.perceptron_predict",
        "a column",
        lambda X, w, b: (X @ w[:, None] + b > 0).astype(int),
        WRONG,
        "has shape \\(7, 1\\).*extra axis of length 1",
    ),
    # 02.perceptron_update
    slip("02.perceptron_update", "sign flipped", ("error = y - y_hat", "error = y_hat - y")),
    slip(
        "02.perceptron_update",
        "learning rate ignored",
        ("learning_rate * error * x", "error * x"),
        ("b + learning_rate * error", "b + error"),
    ),
    slip(
        "02.perceptron_update",
        "class zero ignored",
        ("    error = y - y_hat", "    if y_hat == y:\n        return w, b\n    error = y"),
    ),
    slip("02.perceptron_update", "always", ("error = y - y_hat", "error = y")),
    slip("02.perceptron_update", WRONG, ("error = y - y_hat", "error = 2 * y - 1")),
    slip(
        "02.perceptron_update", "weighted sum as prediction", ("1 if np.dot(w, x) + b > 0 else 0", "np.dot(w, x) + b")
    ),
    slip(
        "02.perceptron_update",
        "bias as an array",
        ("1 if np.dot(w, x) + b > 0 else 0", "(np.atleast_2d(x) @ w + b > 0).astype(int)"),
    ),
    slip(
        "02.perceptron_update",
        WRONG,
        ("return w + learning_rate", "w += learning_rate * error * x\n    return w + 0"),
        message="changed the caller's w in place",
    ),
    slip(
        "02.perceptron_update",
        WRONG,
        ("return w + learning_rate * error * x, b + learning_rate * error", "return w + learning_rate * error * x"),
        message=r"should return 2 things \(w_new, b_new\)",
    ),
    # 03.dense_forward
    slip("03.dense_forward", "W first", ("activation(x @ W", "activation(W @ x")),
    slip("03.dense_forward", WRONG, ("activation(x @ W", "activation(W.T @ x")),
    slip("03.dense_forward", "W transposed", ("activation(x @ W", "activation(x @ W.T")),
    slip("03.dense_forward", "activation missing", ("return activation(x @ W + b)", "return x @ W + b")),
    slip("03.dense_forward", "activation before bias", ("activation(x @ W + b)", "activation(x @ W) + b")),
    slip("03.dense_forward", WRONG, ("activation(x @ W + b)", "activation(x) @ W + b")),
    slip("03.dense_forward", "bias per example", ("+ b)", "+ b.reshape(-1, 1))")),
    slip(
        "03.dense_forward",
        "always relu",
        ("activation(x @ W + b)", "np.maximum(x @ W + b, 0)"),
        ("def", "import numpy as np\n\n\ndef"),
    ),
    slip(
        "03.dense_forward",
        WRONG,
        ("activation(x @ W + b)", "1 / (1 + np.exp(-x @ W - b))"),
        ("def", "import numpy as np\n\n\ndef"),
    ),
    slip(
        "03.dense_forward",
        "last example only",
        ("return activation(x @ W + b)", "for row in x:\n        result = activation(row @ W + b)\n    return result"),
    ),
    Answer(
        "03.dense_forward",
        "a list of rows",
        lambda x, W, b, activation: [activation(row @ W + b) for row in x],
        WRONG,
        "should be a NumPy array, but it is a list",
    ),
    Answer(
        "03.dense_forward",
        "squeezed",
        lambda x, W, b, activation: np.squeeze(activation(x @ W + b)),
        WRONG,
        r"has shape \(2,\), but shape \(1, 2\) was expected",
    ),
    Answer("03.dense_forward", "np.dot", lambda x, W, b, activation: activation(np.dot(x, W) + b), RIGHT),
    # 03.n_parameters
    *(
        Answer("03.n_parameters", name, count, name)
        for name, count in (
            ("weights only", 16 + 64 + 8),
            ("biases only", 17),
            ("nodes", 19),
            ("no output layer", 96),
            ("no first layer", 81),
            ("first layer only", 24),
            ("middle layer only", 72),
            ("a bias per layer", 91),
            ("a bias per input", 106),
            ("input biases", 107),
            ("sizes added", 52),
            ("sizes multiplied", 128),
            ("per layer", [24, 72, 9]),
        )
    ),
    Answer("03.n_parameters", "as text", "105", WRONG, "should be numbers, but it is the string '105'"),
    Answer("03.n_parameters", "a float", 105.0, WRONG, "a float: later cells use it as a count"),
    Answer("03.n_parameters", "a NumPy integer", np.int64(105), RIGHT),
    # 03.hidden_layers
    Answer("03.hidden_layers", "none", [], "no hidden layer"),
    Answer("03.hidden_layers", "one unit", [1], "one unit"),
    Answer("03.hidden_layers", "two units", [2], "two units"),
    Answer("03.hidden_layers", "two narrow layers", [2, 2], "narrow"),
    Answer("03.hidden_layers", "four units", [4], "not the smallest"),
    Answer("03.hidden_layers", "huge", [512, 512], "too large"),
    Answer("03.hidden_layers", "a bare number", 3, "bare number"),
    Answer("03.hidden_layers", "as text", "[3]", "as text"),
    Answer("03.hidden_layers", "a tuple", (3,), RIGHT),
    # 04.softmax
    slip("04.softmax", "naive", ("np.exp(x - np.max(x, axis=-1, keepdims=True))", "np.exp(x)")),
    slip("04.softmax", "global maximum", ("np.max(x, axis=-1, keepdims=True)", "np.max(x)")),
    slip("04.softmax", "axis 0", ("x, axis=-1", "x, axis=0"), ("e, axis=-1", "e, axis=0")),
    slip(
        "04.softmax",
        WRONG,
        ("np.max(x, axis=-1, keepdims=True)", "x.max()"),
        ("np.sum(e, axis=-1, keepdims=True)", "e.sum()"),
    ),
    slip("04.softmax", "not normalised", ("return e / np.sum(e, axis=-1, keepdims=True)", "return e")),
    slip("04.softmax", "no exponential", ("e = np.exp(", "e = (")),
    slip(
        "04.softmax",
        "no keepdims",
        ("x, axis=-1, keepdims=True", "x, axis=-1"),
        ("e, axis=-1, keepdims=True", "e, axis=-1"),
    ),
    slip("04.softmax", "batch only", ("x, axis=-1", "x, axis=1"), ("e, axis=-1", "e, axis=1")),
    slip(
        "04.softmax",
        WRONG,
        ("e = np.exp(x - ", "x -= "),
        ("keepdims=True))", "keepdims=True)\n    e = np.exp(x)"),
        message="changed the caller's x in place",
    ),
    Answer("04.softmax", "scipy", lambda x: __import__("scipy.special").special.softmax(x, axis=-1), RIGHT),
    # 04.cross_entropy
    slip("04.cross_entropy", "sum", ("np.mean(-np.log", "np.sum(-np.log")),
    slip(
        "04.cross_entropy",
        "epsilon added",
        ("np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)", "np.asarray(p, dtype=float) + 1e-7"),
    ),
    slip("04.cross_entropy", "columns", ("p[np.arange(len(labels)), labels]", "p[:, labels]")),
    slip("04.cross_entropy", WRONG, ("p[np.arange(len(labels)), labels]", "p.max(axis=1)")),
    slip(
        "04.cross_entropy",
        WRONG,
        ("np.mean(-np.log(p[np.arange(len(labels)), labels]))", "np.mean(np.sum(-np.log(p), axis=1))"),
    ),
    slip("04.cross_entropy", "log10", ("-np.log(", "-np.log10(")),
    slip("04.cross_entropy", "log(1 - p)", ("-np.log(p[", "-np.log(1 - p[")),
    slip(
        "04.cross_entropy",
        "one-hot labels",
        ("np.mean(-np.log(p[np.arange(len(labels)), labels]))", "np.mean(-np.sum(labels * np.log(p), axis=1))"),
    ),
    slip(
        "04.cross_entropy",
        "lower clip only",
        ("np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)", "np.maximum(np.asarray(p, dtype=float), 1e-7)"),
    ),
    slip(
        "04.cross_entropy",
        "no clipping",
        ("np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)", "np.asarray(p, dtype=float)"),
    ),
    slip("04.cross_entropy", WRONG, ("1e-7, 1 - 1e-7", "1e-15, 1 - 1e-15")),
    slip(
        "04.cross_entropy",
        WRONG,
        ("np.mean(-np.log", "(-np.log"),
        message=r"should be one number, but it is an array of shape \(3,\)",
    ),
    Answer(
        "04.cross_entropy",
        "in p's own dtype",
        lambda labels, p: np.mean(-np.log(np.clip(p, 1e-7, 1 - 1e-7)[np.arange(len(labels)), labels])),
        RIGHT,
    ),
    Answer("04.cross_entropy", "Keras's own loss", _keras_cross_entropy, RIGHT),
    Answer(
        "04.cross_entropy",
        "clipped in place",
        lambda labels, p: np.mean(-np.log(np.clip(p, 1e-7, 1 - 1e-7, out=p)[np.arange(len(labels)), labels])),
        WRONG,
        "changed the caller's p in place",
    ),
    # 04.huber
    slip("04.huber", "signed", ("r = np.abs(", "r = (")),
    slip("04.huber", "sum", ("np.mean(", "np.sum(")),
    Answer("04.huber", "mse", lambda y_true, y_pred, delta=1.0: np.mean(np.square(y_true - y_pred)), "mse"),
    Answer("04.huber", "mae", lambda y_true, y_pred, delta=1.0: np.abs(y_true - y_pred).mean(), WRONG),
    slip(
        "04.huber",
        "delta ignored",
        ("r <= delta, 0.5 * r**2, delta * (r - 0.5 * delta)", "r <= 1, 0.5 * r**2, r - 0.5"),
    ),
    slip("04.huber", WRONG, ("return np.mean(", "return 1 / delta * np.mean(")),
    slip(
        "04.huber",
        WRONG,
        ("0.5 * delta)))", "0.5 * delta)), axis=0)"),
        message=r"should be one number, but it is an array of shape \(1,\)",
    ),
    # 05.sigmoid_backward
    slip("05.sigmoid_backward", "derivative only", ("return dout * s * (1 - s)", "return s * (1 - s)")),
    slip("05.sigmoid_backward", "formula on x", ("return dout * s * (1 - s)", "return dout * x * (1 - x)")),
    slip("05.sigmoid_backward", "wrong sign", ("return dout", "return -dout")),
    slip(
        "05.sigmoid_backward",
        WRONG,
        ("return dout * s * (1 - s)", "return dout * (1 - np.tanh(x) ** 2)"),
        ("from", "import numpy as np\nfrom"),
    ),
    slip("05.sigmoid_backward", WRONG, ("return dout * s * (1 - s)", "return dout * s * (1 - s) / x.shape[0]")),
    slip(
        "05.sigmoid_backward",
        "overflows",
        ("return dout * s * (1 - s)", "return dout * np.exp(-x) / (1 + np.exp(-x)) ** 2"),
        ("from", "import numpy as np\nfrom"),
    ),
    slip(
        "05.sigmoid_backward",
        RIGHT,
        ("s = sigmoid(x)", "s = 1 / (1 + np.exp(-x))"),
        ("from", "import numpy as np\nfrom"),
    ),
    slip(
        "05.sigmoid_backward",
        WRONG,
        ("return dout * s", "dout *= s * (1 - s)\n    return dout + 0 * s"),
        message="changed the caller's dout in place",
    ),
    # 05.dense_backward
    slip("05.dense_backward", "dW transposed", ("dW = x.T @ dout", "dW = dout.T @ x")),
    slip("05.dense_backward", "dx transposed", ("dx = dout @ W.T", "dx = W @ dout.T")),
    slip("05.dense_backward", "dx without transpose", ("dx = dout @ W.T", "dx = dout @ W")),
    slip("05.dense_backward", WRONG, ("return dx, dW, db", "return dW, dx, db")),
    slip(
        "05.dense_backward",
        "averaged",
        ("dW = x.T @ dout", "dW = x.T @ dout / len(x)"),
        ("dout.sum(axis=0)", "dout.mean(axis=0)"),
    ),
    slip("05.dense_backward", "db not summed", ("db = dout.sum(axis=0)", "db = dout")),
    slip("05.dense_backward", "wrong sign", ("dW = x.T @ dout", "dW = -x.T @ dout")),
    slip(
        "05.dense_backward",
        WRONG,
        ("db = dout.sum(axis=0)", "db = dout.sum(axis=1)"),
        message=r"db from .* has shape \(5,\), but shape \(3,\)",
    ),
    # 05.softmax_crossentropy_backward
    slip(
        "05.softmax_crossentropy_backward", "not averaged", ("return (p - one_hot) / len(labels)", "return p - one_hot")
    ),
    slip("05.softmax_crossentropy_backward", "wrong sign", ("(p - one_hot)", "(one_hot - p)")),
    slip("05.softmax_crossentropy_backward", "without softmax", ("(p - one_hot)", "(logits - one_hot)")),
    slip("05.softmax_crossentropy_backward", "without labels", ("(p - one_hot)", "p")),
    slip("05.softmax_crossentropy_backward", WRONG, ("/ len(labels)", "/ logits.shape[1]")),
    slip(
        "05.softmax_crossentropy_backward",
        "softmax over examples",
        ("logits, axis=-1", "logits, axis=0"),
        ("e, axis=-1", "e, axis=0"),
    ),
    slip(
        "05.softmax_crossentropy_backward",
        "naive softmax",
        ("np.exp(logits - np.max(logits, axis=-1, keepdims=True))", "np.exp(logits)"),
    ),
    slip("05.softmax_crossentropy_backward", "one maximum", ("np.max(logits, axis=-1, keepdims=True)", "logits.max()")),
    slip(
        "05.softmax_crossentropy_backward",
        WRONG,
        ("e = np.exp(logits - ", "logits -= "),
        ("keepdims=True))", "keepdims=True)\n    e = np.exp(logits)"),
        message="changed the caller's logits in place",
    ),
    # 05.train_step
    slip(
        "05.train_step",
        "not averaged",
        (
            "dlogits = softmax_crossentropy_backward(y, logits)",
            "dlogits = softmax_crossentropy_backward(y, logits) * len(y)",
        ),
    ),
    slip("05.train_step", "relu skipped", ("dz1 = relu_backward(dh, z1)", "dz1 = dh")),
    slip("05.train_step", WRONG, ("- learning_rate * grads[name]", "- grads[name]")),
    slip(
        "05.train_step",
        "loss after",
        (
            "return new_params, loss",
            (
                "h = relu(dense(X, new_params['W1'], new_params['b1']))\n"
                "    logits = dense(h, new_params['W2'], new_params['b2'])\n"
                "    return new_params, sparse_categorical_crossentropy(y, logits, from_logits=True)"
            ),
        ),
    ),
    slip("05.train_step", "loss summed", ("return new_params, loss", "return new_params, loss * len(y)")),
    slip(
        "05.train_step",
        WRONG,
        (
            "new_params = {name: params[name] - learning_rate * grads[name] for name in params}",
            "for name in params:\n        params[name] -= learning_rate * grads[name]\n    new_params = params",
        ),
        message="changed the caller's params in place",
    ),
    # 05.train
    slip(
        "05.train",
        "shuffled",
        ("batch_losses = []", "batch_losses = []\n        order = np.random.permutation(len(X))"),
        ("X[batch], y[batch]", "X[order][batch], y[order][batch]"),
    ),
    slip(
        "05.train",
        "dropped last batch",
        ("range(0, len(X), batch_size)", "range(0, len(X) - batch_size + 1, batch_size)"),
    ),
    slip(
        "05.train",
        "empty last batch",
        ("range(0, len(X), batch_size)", "[i * batch_size for i in range(len(X) // batch_size + 1)]"),
    ),
    slip("05.train", "y not sliced", ("y[batch]", "y")),
    slip("05.train", "params not updated", ("params, loss = step(", "_, loss = step(")),
    slip("05.train", "epochs ignored", ("for epoch in range(epochs):", "while True:")),
    slip("05.train", "on training set", ("evaluate(params, X_val, y_val)", "evaluate(params, X, y)")),
    slip("05.train", "never stops", ("                break", "                pass")),
    slip(
        "05.train",
        "not reset",
        (
            "best_params, best_val_loss, epochs_without_improvement = params, val_loss, 0",
            "best_params, best_val_loss = params, val_loss",
        ),
    ),
    slip(
        "05.train",
        "vs previous",
        (
            "best_params, best_val_loss, epochs_without_improvement = params, np.inf, 0",
            "best_params, best_val_loss, epochs_without_improvement, previous = params, np.inf, 0, np.inf",
        ),
        (
            (
                "        if val_loss < best_val_loss:\n"
                "            best_params, best_val_loss, epochs_without_improvement = params, val_loss, 0\n"
                "        else:"
            ),
            (
                "        if val_loss < best_val_loss:\n"
                "            best_params, best_val_loss = params, val_loss\n"
                "        if val_loss < previous:\n"
                "            epochs_without_improvement = 0\n"
                "        else:"
            ),
        ),
        ("                break", "                break\n        previous = val_loss"),
    ),
    slip(
        "05.train",
        "last epoch not recorded",
        (
            (
                '        history["loss"].append(float(np.mean(batch_losses)))\n'
                '        history["val_loss"].append(float(val_loss))\n'
            ),
            "",
        ),
        (
            "        if val_loss < best_val_loss:\n            best_params",
            (
                "        if val_loss >= best_val_loss and epochs_without_improvement + 1 >= patience:\n"
                "            break\n"
                '        history["loss"].append(float(np.mean(batch_losses)))\n'
                '        history["val_loss"].append(float(val_loss))\n'
                "        if val_loss < best_val_loss:\n"
                "            best_params"
            ),
        ),
    ),
    slip("05.train", "last batch loss", ("float(np.mean(batch_losses))", "float(batch_losses[-1])")),
    slip("05.train", WRONG, ("np.mean(batch_losses)", "np.sum(batch_losses)")),
    slip("05.train", "last params", ("return best_params, history", "return params, history")),
    slip(
        "05.train",
        WRONG,
        (
            "best_params, best_val_loss, epochs_without_improvement = params, val_loss, 0",
            "best_val_loss, epochs_without_improvement = val_loss, 0",
        ),
    ),
    slip(
        "05.train",
        RIGHT,
        ("batch_losses.append(loss)", "batch_losses.append(loss * len(X[batch]))"),
        ("float(np.mean(batch_losses))", "float(np.sum(batch_losses) / len(X))"),
    ),
    slip(
        "05.train",
        WRONG,
        ("batch_losses = []", "batch_losses = []\n        np.random.shuffle(X)"),
        message="changed the caller's X in place",
    ),
    # 06.conv2d_single
    slip("06.conv2d_single", "flipped kernel", ("* kernel)", "* kernel[::-1, ::-1])")),
    slip("06.conv2d_single", "bias in the sum", ("* kernel) + bias", "* kernel + bias)")),
    slip(
        "06.conv2d_single",
        "stops early",
        ("range(out.shape[0])", "range(out.shape[0] - 1)"),
        ("range(out.shape[1])", "range(out.shape[1] - 1)"),
    ),
    slip(
        "06.conv2d_single",
        "plus one missing",
        ("image.shape[0] - kh + 1, image.shape[1] - kw + 1", "image.shape[0] - kh, image.shape[1] - kw"),
    ),
    slip(
        "06.conv2d_single",
        "rows and columns swapped",
        ("image[i : i + kh, j : j + kw]", "image[j : j + kh, i : i + kw]"),
    ),
    slip(
        "06.conv2d_single",
        "same padding",
        (
            "    kh, kw = kernel.shape\n",
            (
                "    kh, kw = kernel.shape\n"
                "    image = np.pad(image, ((kh // 2, (kh - 1) // 2), (kw // 2, (kw - 1) // 2)))\n"
            ),
        ),
    ),
    slip("06.conv2d_single", WRONG, ("* kernel)", "@ kernel)")),
    slip(
        "06.conv2d_single",
        "fixed 3x3",
        ("    kh, kw = kernel.shape\n", ""),
        ("image.shape[0] - kh + 1, image.shape[1] - kw + 1", "image.shape[0] - 2, image.shape[1] - 2"),
        ("image[i : i + kh, j : j + kw]", "image[i : i + 3, j : j + 3]"),
    ),
    slip(
        "06.conv2d_single",
        WRONG,
        ("out = np.zeros(", "out = np.zeros_like(image, dtype=np.float32, shape=("),
        ("kw + 1))", "kw + 1)))"),
        message="array of float32, but the inputs are float64",
    ),
    slip(
        "06.conv2d_single",
        WRONG,
        (
            "image[i : i + kh, j : j + kw] * kernel",
            "np.multiply(image[i : i + kh, j : j + kw], kernel, out=image[i : i + kh, j : j + kw])",
        ),
        message="changed the caller's image in place",
    ),
    Answer(
        "06.conv2d_single",
        "scipy",
        lambda image, kernel, bias: __import__("scipy.signal").signal.correlate2d(image, kernel, mode="valid") + bias,
        RIGHT,
    ),
    # 06.output_size
    slip("06.output_size", "stride ignored", ("-(-n // stride)", "n"), ("(n - k) // stride + 1", "n - k + 1")),
    slip(
        "06.output_size",
        "same as valid",
        ('    if padding == "same":\n        return -(-n // stride)  # ⌈n / stride⌉, in integers\n', ""),
    ),
    slip("06.output_size", "same rounded down", ("-(-n // stride)", "n // stride")),
    slip(
        "06.output_size",
        "valid rounded up",
        ("(n - k) // stride + 1", "int(np.ceil((n - k) / stride)) + 1"),
        ("def", "import numpy as np\n\n\ndef"),
    ),
    slip("06.output_size", "precedence", ("(n - k) // stride + 1", "n - k // stride + 1")),
    slip(
        "06.output_size",
        "same padding k // 2",
        ("return -(-n // stride)", "return (n + 2 * (k // 2) - k) // stride + 1"),
    ),
    slip(
        "06.output_size",
        WRONG,
        ("-(-n // stride)", "n / stride"),
        ("(n - k) // stride + 1", "(n - k) / stride + 1"),
    ),
    slip(
        "06.output_size",
        WRONG,
        ("-(-n // stride)", "np.ceil(n / stride)"),
        ("def", "import numpy as np\n\n\ndef"),
        message="a float: later cells use it as a count",
    ),
    # 06.max_pool
    slip("06.max_pool", "average", (".max(axis=(1, 3))", ".mean(axis=(1, 3))")),
    slip("06.max_pool", "across channels", (".max(axis=(1, 3))", ".max(axis=(1, 3, 4))")),
    Answer(
        "06.max_pool",
        "overlapping windows",
        lambda x: np.stack(
            [
                np.stack([x[i : i + 2, j : j + 2].max(axis=(0, 1)) for j in range(x.shape[1] - 1)])
                for i in range(x.shape[0] - 1)
            ]
        ),
        "overlapping",
    ),
    slip(
        "06.max_pool",
        "wrong reshape",
        (
            "x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3))",
            "x.reshape(h // 2, w // 2, 2, 2, channels).max(axis=(2, 3))",
        ),
    ),
    slip(
        "06.max_pool",
        "top left",
        ("return x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3))", "return x[0::2, 0::2, :]"),
    ),
    slip(
        "06.max_pool",
        "global",
        ("return x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3))", "return x.max(axis=(0, 1))"),
    ),
    slip(
        "06.max_pool",
        WRONG,
        (
            "return x.reshape(h // 2, 2, w // 2, 2, channels).max(axis=(1, 3))",
            "x.shape = (h // 2, 2, w // 2, 2, channels)\n    return x.max(axis=(1, 3))",
        ),
        message="changed the caller's x in place",
    ),
    # 06.n_conv_parameters
    *(
        Answer("06.n_conv_parameters", name, count, name)
        for name, count in (
            ("no biases", 4608),
            ("input depth", 9 * 32 + 32),
            ("image bands", 9 * 3 * 32 + 32),
            ("one filter", 145),
            ("per output pixel", 4640 * 256),
            ("dense", 544),
            ("bias per input channel", 4608 + 16),
            ("conv1", 448),
        )
    ),
    # 07.embedding_model
    slip("07.embedding_model", "by name", ("model.layers[-2].output", "model.get_layer('features').output")),
    slip(
        "07.embedding_model",
        "model itself",
        ("return keras.Model(model.input, model.layers[-2].output)", "return model"),
    ),
    slip("07.embedding_model", "the layer", ("keras.Model(model.input, model.layers[-2].output)", "model.layers[-2]")),
    slip(
        "07.embedding_model",
        "the layer",
        ("keras.Model(model.input, model.layers[-2].output)", "model.layers[-2].output"),
    ),
    slip(
        "07.embedding_model",
        "fresh weights",
        (
            "return keras.Model(model.input, model.layers[-2].output)",
            "model = keras.models.clone_model(model)\n    return keras.Model(model.input, model.layers[-2].output)",
        ),
    ),
    slip(
        "07.embedding_model",
        "copy",
        (
            "return keras.Model(model.input, model.layers[-2].output)",
            (
                "clone = keras.models.clone_model(model)\n"
                "    clone.set_weights(model.get_weights())\n"
                "    return keras.Model(clone.input, clone.layers[-2].output)"
            ),
        ),
    ),
    slip(
        "07.embedding_model",
        "new network",
        (
            "return keras.Model(model.input, model.layers[-2].output)",
            (
                "from dl101.models import small_cnn\n"
                "\n"
                "    model = small_cnn()\n"
                "    return keras.Model(model.input, model.layers[-2].output)"
            ),
        ),
    ),
    slip(
        "07.embedding_model",
        WRONG,
        ("model.layers[-2].output)", "[layer.output for layer in model.layers[1:]])"),
        message="has 5 outputs",
    ),
    # 07.nearest_neighbours, the first the answer of a learner
    slip(
        "07.nearest_neighbours",
        "unsorted",
        ("np.argsort(distances)[:k]", "np.argpartition(distances, k - 1)[:k]"),
        message="found the right neighbours, but not nearest first",
    ),
    slip(
        "07.nearest_neighbours",
        "including the query",
        ("    distances[query_index] = np.inf  # the query is not its own neighbour\n", ""),
    ),
    slip(
        "07.nearest_neighbours",
        "first dropped",
        ("    distances[query_index] = np.inf  # the query is not its own neighbour\n", ""),
        ("np.argsort(distances)[:k]", "np.argsort(distances)[1 : k + 1]"),
    ),
    slip(
        "07.nearest_neighbours",
        "zero distances dropped",
        ("distances[query_index] = np.inf", "distances[distances == 0] = np.inf"),
    ),
    slip("07.nearest_neighbours", WRONG, ("np.argsort(distances)[:k]", "np.argsort(-distances)[1 : k + 1]")),
    slip(
        "07.nearest_neighbours",
        "manhattan",
        (
            "np.linalg.norm(embeddings - embeddings[query_index], axis=1)",
            "np.abs(embeddings - embeddings[query_index]).sum(axis=1)",
        ),
    ),
    Answer(
        "07.nearest_neighbours",
        "cosine similarity",
        lambda e, q, k: [i for i in np.argsort(-(e @ e[q]) / np.linalg.norm(e, axis=1)) if i != q][:k],
        WRONG,
        "should be a NumPy array, but it is a list",
    ),
    Answer(
        "07.nearest_neighbours",
        "cosine similarity",
        lambda e, q, k: np.array([i for i in np.argsort(-(e @ e[q]) / np.linalg.norm(e, axis=1)) if i != q][:k]),
        "cosine",
    ),
    Answer(
        "07.nearest_neighbours",
        "dot product",
        lambda e, q, k: np.array([i for i in np.argsort(-(e @ e[q])) if i != q][:k]),
        "dot product",
    ),
    Answer(
        "07.nearest_neighbours",
        "query row deleted",
        lambda e, q, k: np.argsort(np.linalg.norm(np.delete(e, q, axis=0) - e[q], axis=1))[:k],
        "query row deleted",
    ),
    slip(
        "07.nearest_neighbours",
        WRONG,
        ("np.argsort(distances)[:k]", "np.argsort(distances)[:k].astype(float)"),
        message="should hold integers",
    ),
    slip(
        "07.nearest_neighbours",
        WRONG,
        (
            "distances = np.linalg.norm(embeddings - embeddings[query_index], axis=1)",
            "embeddings -= embeddings[query_index]\n    distances = np.linalg.norm(embeddings, axis=1)",
        ),
        message="changed the caller's embeddings in place",
    ),
    Answer(
        "07.nearest_neighbours",
        "stable sort, ties by index",
        lambda e, q, k: np.array(
            sorted((i for i in range(len(e)) if i != q), key=lambda i: float(np.linalg.norm(e[i] - e[q])))[:k]
        ),
        RIGHT,
    ),
    Answer(
        "07.nearest_neighbours",
        "ties by the last index first",
        lambda e, q, k: np.array(
            sorted((i for i in range(len(e)) if i != q), key=lambda i: (float(np.linalg.norm(e[i] - e[q])), -i))[:k]
        ),
        RIGHT,
    ),
    # 08.make_dataset
    slip(
        "08.make_dataset",
        "evaluation shuffled",
        (
            "    if training:\n        dataset = dataset.shuffle(len(images))\n",
            "    dataset = dataset.shuffle(len(images))\n    if training:\n",
        ),
    ),
    slip(
        "08.make_dataset",
        "evaluation augmented",
        (
            "        dataset = dataset.map(augment)\n",
            "    dataset = dataset.map(augment)\n",
        ),
    ),
    slip("08.make_dataset", "never shuffled", ("        dataset = dataset.shuffle(len(images))\n", "")),
    slip(
        "08.make_dataset",
        "shuffled once",
        ("shuffle(len(images))", "shuffle(len(images), reshuffle_each_iteration=False)"),
    ),
    slip("08.make_dataset", "small shuffle buffer", ("shuffle(len(images))", "shuffle(1000)")),
    slip(
        "08.make_dataset",
        "shuffles batches",
        ("        dataset = dataset.shuffle(len(images))\n", ""),
        (
            "    return dataset.batch(batch_size)",
            (
                "    dataset = dataset.batch(batch_size)\n"
                "    if training:\n"
                "        dataset = dataset.shuffle(len(images))\n"
                "    return dataset"
            ),
        ),
    ),
    slip(
        "08.make_dataset",
        "labels apart",
        (
            "    dataset = tf.data.Dataset",
            "    if training:\n        images = tf.random.shuffle(images)\n    dataset = tf.data.Dataset",
        ),
    ),
    slip(
        "08.make_dataset",
        "not augmented",
        ("        dataset = dataset.map(augment)\n", ""),
    ),
    slip(
        "08.make_dataset",
        "changes pixels",
        ("    return image, label", "    return tf.image.random_brightness(image, 0.2), label"),
    ),
    slip(
        "08.make_dataset",
        WRONG,
        (
            "image = tf.image.random_flip_left_right(image)",
            "image = tf.image.flip_left_right(image) if random.random() < 0.5 else image",
        ),
        ("import tensorflow", "import random\n\nimport tensorflow"),
    ),
    slip(
        "08.make_dataset",
        "one rotation per batch",
        ("        dataset = dataset.map(augment)\n", ""),
        (
            "    return dataset.batch(batch_size)",
            (
                "    dataset = dataset.batch(batch_size)\n"
                "    if training:\n"
                "        dataset = dataset.map(augment)\n"
                "    return dataset"
            ),
        ),
    ),
    slip(
        "08.make_dataset",
        "augmented once",
        (
            "        dataset = dataset.shuffle(len(images))\n",
            "        dataset = dataset.map(augment)\n        dataset = dataset.shuffle(len(images))\n",
        ),
        ("        dataset = dataset.map(augment)\n    return", "    return"),
    ),
    slip(
        "08.make_dataset",
        "not reproducible",
        ("dataset = dataset.map(augment)", "dataset = dataset.map(augment, num_parallel_calls=tf.data.AUTOTUNE)"),
    ),
    slip("08.make_dataset", "not batched", ("return dataset.batch(batch_size).prefetch", "return dataset.prefetch")),
    slip("08.make_dataset", "ignores batch_size", ("dataset.batch(batch_size)", "dataset.batch(64)")),
    slip("08.make_dataset", "not prefetched", (".prefetch(tf.data.AUTOTUNE)", "")),
    slip(
        "08.make_dataset",
        WRONG,
        ("return dataset.batch(batch_size)", "return dataset.repeat().batch(batch_size)"),
        message="gives more than the 10 images it was made from: it repeats",
    ),
    slip(
        "08.make_dataset",
        "drops remainder",
        ("dataset.batch(batch_size)", "dataset.batch(batch_size, drop_remainder=True)"),
    ),
    slip(  # in training only: each epoch leaves out a few images, other ones each epoch, as the order is new
        "08.make_dataset",
        RIGHT,
        (
            "    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)",
            "    return dataset.batch(batch_size, drop_remainder=training).prefetch(tf.data.AUTOTUNE)",
        ),
    ),
    slip(
        "08.make_dataset",
        WRONG,
        ("    return image, label", "    tf.debugging.assert_negative(label)\n    return image, label"),
        message="Reading make_dataset.* raised InvalidArgumentError",
    ),
    # 08.build_model
    slip(
        "08.build_model",
        "logits",
        ('keras.layers.Dense(n_classes, activation="softmax")', "keras.layers.Dense(n_classes)"),
    ),
    slip("08.build_model", "sigmoid", ('activation="softmax"', 'activation="sigmoid"')),
    slip(
        "08.build_model",
        "softmax over the batch",
        (
            'keras.layers.Dense(n_classes, activation="softmax"),',
            "keras.layers.Dense(n_classes),\n            keras.layers.Softmax(axis=0),",
        ),
    ),
    slip("08.build_model", "without flatten", ("            keras.layers.Flatten(),\n", "")),
    slip("08.build_model", "fixed number of classes", ("keras.layers.Dense(n_classes,", "keras.layers.Dense(4,")),
    slip("08.build_model", "fixed input shape", ("keras.Input(shape=input_shape)", "keras.Input(shape=(32, 32, 3))")),
    slip(
        "08.build_model",
        "too large",
        (
            "            keras.layers.Flatten(),\n",
            '            keras.layers.Flatten(),\n            keras.layers.Dense(4096, activation="relu"),\n',
        ),
    ),
    slip(
        "08.build_model",
        "frozen",
        ("    return keras.Sequential(", "    model = keras.Sequential("),
        ("        ]\n    )\n", "        ]\n    )\n    model.trainable = False\n    return model\n"),
    ),
    slip(
        "08.build_model",
        WRONG,
        ("    return keras.Sequential(", "    model = keras.Sequential("),
        message="should return a Keras model, but it returned None",
    ),
    slip(
        "08.build_model",
        WRONG,
        ("keras.layers.MaxPooling2D(),", "keras.layers.MaxPooling2D(),\n            keras.layers.Reshape((-1,)),"),
        message="build_model raised ValueError",
    ),
    # 08.compile_model
    slip(
        "08.compile_model",
        "from logits",
        ("SparseCategoricalCrossentropy()", "SparseCategoricalCrossentropy(from_logits=True)"),
    ),
    slip(
        "08.compile_model",
        "one-hot loss",
        ("keras.losses.SparseCategoricalCrossentropy()", "'categorical_crossentropy'"),
    ),
    slip("08.compile_model", "regression loss", ("keras.losses.SparseCategoricalCrossentropy()", "'mse'")),
    slip("08.compile_model", "without accuracy", ('metrics=["accuracy"]', "metrics=[]")),
    slip(
        "08.compile_model",
        "without accuracy",
        ('metrics=["accuracy"]', 'metrics=["acc"]'),
        message="it reports \\['acc'\\]",
    ),
    slip("08.compile_model", "accuracy class", ('metrics=["accuracy"]', "metrics=[keras.metrics.Accuracy()]")),
    slip("08.compile_model", "huge learning rate", ("learning_rate=1e-3", "learning_rate=0.5")),
    slip("08.compile_model", "not adam", ("keras.optimizers.Adam(learning_rate=1e-3)", "'sgd'")),
    slip(
        "08.compile_model", WRONG, ("    return model", ""), message="should return a Keras model, but it returned None"
    ),
    # 08.make_callbacks
    slip("08.make_callbacks", "on training loss", ('monitor="val_loss"', 'monitor="loss"')),
    slip("08.make_callbacks", "on validation accuracy", ('monitor="val_loss"', 'monitor="val_accuracy"')),
    slip("08.make_callbacks", "keeps last weights", ("restore_best_weights=True", "restore_best_weights=False")),
    slip("08.make_callbacks", "no patience", ("patience=3", "patience=0")),
    slip("08.make_callbacks", "endless patience", ("patience=3", "patience=100")),
    slip("08.make_callbacks", "loss maximised", ("restore_best_weights=True", 'restore_best_weights=True, mode="max"')),
    slip("08.make_callbacks", "not a list", ("return [keras", "return keras"), ("=True)]", "=True)")),
    slip(
        "08.make_callbacks",
        "without early stopping",
        (
            'keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)',
            "keras.callbacks.TerminateOnNaN()",
        ),
    ),
    # 09.expected_calibration_error: first the answers of learners, then slips
    slip(
        "09.expected_calibration_error",
        WRONG,
        ("    return ece", "    return tf.constant(ece)"),
        ("import numpy", "import tensorflow as tf\nimport numpy"),
        message=r"should be one number, but it is a TensorFlow tensor of shape \(\)",
    ),
    slip(
        "09.expected_calibration_error",
        "upper edges",
        (
            "np.minimum((confidence * n_bins).astype(int), n_bins - 1)",
            "np.digitize(confidence, np.linspace(0, 1, n_bins + 1), right=True) - 1",
        ),
        message=r"went to the lower bin: your bins are \(lo, hi\]",
    ),
    slip(
        "09.expected_calibration_error",
        WRONG,
        (
            "np.minimum((confidence * n_bins).astype(int), n_bins - 1)",
            (
                "np.minimum(np.searchsorted(np.quantile(confidence, np.linspace(0, 1, n_bins + 1))[1:-1],"
                " confidence, side='right'), n_bins - 1)"
            ),
        ),
        message=r"is wrong: expected",
    ),
    slip(
        "09.expected_calibration_error",
        "percentage",
        ("    return ece", "    return 100 * ece"),
        message="a percentage",
    ),
    slip(
        "09.expected_calibration_error",
        WRONG,
        (
            "    confidence = np.max(probabilities, axis=1)",
            "    probabilities.sort()\n    confidence = np.max(probabilities, axis=1)",
        ),
        message=r"changed the caller's probabilities in place.*probabilities.sort\(\)",
    ),
    slip(
        "09.expected_calibration_error",
        "ties to another class",
        ("np.argmax(probabilities, axis=1)", "probabilities.shape[1] - 1 - np.argmax(probabilities[:, ::-1], axis=1)"),
        message="not the first of them",
    ),
    Answer(
        "09.expected_calibration_error",
        "unweighted",
        lambda p, labels, n_bins=10: np.mean(
            [
                abs(np.mean((p.argmax(1) == labels)[b]) - np.mean(p.max(1)[b]))
                for b in (np.minimum((p.max(1) * n_bins).astype(int), n_bins - 1)[None] == np.arange(n_bins)[:, None])
                if b.any()
            ]
        ),
        "unweighted",
    ),
    slip("09.expected_calibration_error", WRONG, ("    return ece", "    return ece / n_bins")),
    Answer(
        "09.expected_calibration_error",
        "one bin",
        lambda p, labels, n_bins=10: abs(np.mean(p.argmax(axis=1) == labels) - np.mean(p.max(axis=1))),
        "one bin",
    ),
    slip(
        "09.expected_calibration_error",
        "signed",
        (
            "np.abs(np.mean(right[in_bin]) - np.mean(confidence[in_bin]))",
            "(np.mean(right[in_bin]) - np.mean(confidence[in_bin]))",
        ),
    ),
    slip(
        "09.expected_calibration_error",
        WRONG,
        (
            "np.abs(np.mean(right[in_bin]) - np.mean(confidence[in_bin]))",
            "(np.mean(right[in_bin]) - np.mean(confidence[in_bin])) ** 2",
        ),
    ),
    slip(
        "09.expected_calibration_error",
        "true class",
        ("confidence = np.max(probabilities, axis=1)", "confidence = probabilities[np.arange(len(labels)), labels]"),
    ),
    slip(
        "09.expected_calibration_error",
        "fixed bins",
        ("(confidence * n_bins).astype(int), n_bins - 1)", "(confidence * 10).astype(int), 9)"),
        ("range(n_bins)", "range(10)"),
    ),
    slip(
        "09.expected_calibration_error",
        "confidence 1 dropped",
        ("np.minimum((confidence * n_bins).astype(int), n_bins - 1)", "(confidence * n_bins).astype(int)"),
    ),
    slip(
        "09.expected_calibration_error",
        "extra bin",
        ("np.minimum((confidence * n_bins).astype(int), n_bins - 1)", "(confidence * n_bins).astype(int)"),
        ("range(n_bins)", "range(n_bins + 1)"),
    ),
    slip(
        "09.expected_calibration_error",
        "ties right",
        (
            "right = np.argmax(probabilities, axis=1) == labels",
            "right = probabilities[np.arange(len(labels)), labels] == confidence",
        ),
    ),
    slip(
        "09.expected_calibration_error",
        "empty bins NaN",
        ("if np.any(in_bin):  # an empty bin adds nothing\n            ece", "ece"),
    ),
    Answer(
        "09.expected_calibration_error",
        "by histogram",
        lambda p, labels, n_bins=10: float(
            np.sum(
                np.abs(
                    np.histogram(
                        p.max(1), np.linspace(0, 1, n_bins + 1), weights=(p.argmax(1) == labels).astype(float)
                    )[0]
                    - np.histogram(p.max(1), np.linspace(0, 1, n_bins + 1), weights=p.max(1))[0]
                )
            )
            / len(labels)
        ),
        RIGHT,
    ),
    Answer(
        "09.expected_calibration_error",
        "by dl101.metrics.reliability",
        lambda p, labels, n_bins=10: float(
            np.nansum(
                __import__("dl101.metrics").metrics.reliability(p, labels, n_bins).count
                / len(labels)
                * np.abs(
                    __import__("dl101.metrics").metrics.reliability(p, labels, n_bins).accuracy
                    - __import__("dl101.metrics").metrics.reliability(p, labels, n_bins).confidence
                )
            )
        ),
        RIGHT,
    ),
    # 09.gaussian_nll
    slip("09.gaussian_nll", "sigma not squared", ("np.exp(-2 * log_sigma)", "np.exp(-log_sigma)")),
    slip("09.gaussian_nll", WRONG, ("(y - mean) ** 2 * np.exp(-2 * log_sigma)", "(y - mean) ** 2 / log_sigma**2")),
    slip(
        "09.gaussian_nll",
        "log sigma as sigma",
        ("np.mean(log_sigma +", "np.mean(np.log(log_sigma) +"),
        ("np.exp(-2 * log_sigma)", "log_sigma**-2"),
    ),
    slip(
        "09.gaussian_nll",
        "log variance",
        ("np.mean(log_sigma", "np.mean(0.5 * log_sigma"),
        ("np.exp(-2 * log_sigma)", "np.exp(-log_sigma)"),
    ),
    slip("09.gaussian_nll", "no constant", (" + 0.5 * np.log(2 * np.pi)", "")),
    slip("09.gaussian_nll", "log-likelihood", ("return np.mean(", "return -np.mean(")),
    slip("09.gaussian_nll", "sum", ("np.mean(", "np.sum(")),
    slip(
        "09.gaussian_nll",
        "mean and log sigma swapped",
        ("def gaussian_nll(y, mean, log_sigma):", "def gaussian_nll(y, log_sigma, mean):"),
    ),
    Answer(
        "09.gaussian_nll",
        "density first",
        lambda y, mean, log_sigma: np.mean(
            -np.log(np.exp(-((y - mean) ** 2) / (2 * np.exp(2 * log_sigma))) / (np.exp(log_sigma) * np.sqrt(2 * np.pi)))
        ),
        "density first",
    ),
    Answer(
        "09.gaussian_nll",
        "scipy",
        lambda y, mean, log_sigma: -np.mean(__import__("scipy.stats").stats.norm.logpdf(y, mean, np.exp(log_sigma))),
        RIGHT,
    ),
    slip(
        "09.gaussian_nll",
        WRONG,
        ("return np.mean(", "return ("),
        message=r"should be one number, but it is an array of shape \(6,\)",
    ),
    slip("10.cutout_flux", "one zero point", ('header[f"MAGZP{k}"]', 'header["MAGZP1"]')),
    Answer("10.cutout_flux", "zero point of the position in bands", _zero_point_by_position, "zero point by position"),
    Answer("10.cutout_flux", "every plane, in the file's order", _every_plane, "file order"),
    slip("10.cutout_flux", "bands by position", ("k = planes.index(band) + 1", 'k = "gri".index(band) + 1')),
    slip(
        "10.cutout_flux",
        "bands first",
        ("axis=-1), np.stack(has_data, axis=-1)", "axis=0), np.stack(has_data, axis=0)"),
    ),
    slip(
        "10.cutout_flux",
        "BZERO scaled",
        ("bzero + bscale * stored", "(stored + bzero) * bscale"),
    ),
    slip("10.cutout_flux", "integer arithmetic", ("raw[k - 1].astype(np.float64)", "raw[k - 1]"), message="overflows"),
    slip("10.cutout_flux", "zero point sign", ("10 ** (-0.4 * (", "10 ** (0.4 * (")),
    Answer("10.cutout_flux", "NaN where astropy puts it", _as_astropy_reads_it, "NaN left in", "NaN"),
    slip("10.cutout_flux", "BLANK kept", ("raw[k - 1] != blank", "np.ones(raw[k - 1].shape, bool)")),
    slip("10.cutout_flux", "BLANK hard-coded", ("raw[k - 1] != blank", "raw[k - 1] != -32768")),
    slip("10.cutout_flux", WRONG, ("- 22.5", "- 30"), message="wrong"),
    Answer("10.cutout_flux", "NaN replaced by 0", _with_nan_replaced, RIGHT),
    Answer("10.cutout_flux", "whole cube at once, planes picked after", _planes_in_asked_order, RIGHT),
    slip(
        "10.cutout_flux",
        RIGHT,
        (
            "fluxes.append(np.where(measured, nanomaggies, 0.0))",
            "fluxes.append(np.where(measured, nanomaggies, 0.0).astype(np.float32))",
        ),
    ),
    Answer(
        "10.cutout_flux",
        "BLANK set to 0 in the caller's cube",
        _blank_set_to_zero_in_place,
        WRONG,
        "changed the caller's raw in place",
    ),
]


@cache
def verdict(index: int) -> Verdict:
    """The check's verdict on ``ANSWERS[index]``, worked out once: some answers train a network."""
    answer = ANSWERS[index]
    return evaluate(EXERCISES[answer.exercise_id], answer.answer)


# Exercises whose checks train or stream with TensorFlow on every call: their answers and mutants run in the full
# tier only, so that the fast tier stays fast.
TENSORFLOW_HEAVY = {"03.hidden_layers", "08.build_model", "08.compile_model", "08.make_dataset"}


def in_tier(exercise_id: str, value):
    """A test parameter for an exercise's answer or mutants, marked slow where the exercise's check is heavy."""
    return pytest.param(value, marks=pytest.mark.slow) if exercise_id in TENSORFLOW_HEAVY else value
