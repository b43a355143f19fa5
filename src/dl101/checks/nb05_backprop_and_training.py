"""Checks for notebook 05: backward passes checked by finite differences, one training step, early stopping.

Every expected gradient is the numerical gradient (centred differences) of the forward function,
so a check compares the learner's backward pass with the definition of the derivative. The
training loop is run with a fake step and a fake evaluation that record every call, on a scripted
sequence of validation losses.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import partial

import numpy as np

from dl101.checks.core import Exercise, Known, Mistake, as_array, call, compare, describe, returned, run, same
from dl101.nn import (
    dense,
    numerical_gradient,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    sparse_categorical_crossentropy,
)

_RNG = np.random.default_rng(5)


def _overflows(value) -> bool:
    """Whether a result holds NaN or inf (False for what is not numbers: that is said elsewhere)."""
    try:
        with np.errstate(all="ignore"):
            return not np.isfinite(np.asarray(value, dtype=float)).all()
    except (TypeError, ValueError):
        return False


def _joined(parts) -> np.ndarray:
    """Several arrays as one flat vector, to compare a whole result at once."""
    return np.concatenate([np.ravel(np.asarray(part, dtype=float)) for part in parts])


def _compare_parts(parts, expected, names, what, mistakes, inputs, project, hint=""):
    """The catalogued mistake that gives all the parts at once; otherwise the first part that differs, in one line."""
    try:
        compare(
            _joined(parts), _joined(expected), what, mistakes, inputs, project=lambda result: _joined(project(result))
        )
    except Mistake as mistake:
        if mistake.known is not None:
            raise
    except (TypeError, ValueError):
        pass  # not all numbers: said below, part by part
    for name, part, value in zip(names, parts, expected, strict=True):
        part = as_array(part, f"{name} of {what}", np.shape(value), array=np.ndim(value) > 0)
        compare(part, value, f"{name} of {what}", hint=hint)


# Exercise: the backward pass of the sigmoid.

# (dout, x): a batch, a batch of one, and saturated inputs, where σ' is 0 and exp(1000) overflows.
SIGMOID_CASES = (
    (_RNG.standard_normal((6, 3)), 2 * _RNG.standard_normal((6, 3))),
    (_RNG.standard_normal((1, 3)), _RNG.standard_normal((1, 3))),
    (np.ones((2, 3)), np.array([[-1000.0, -30.0, 0.0], [2.0, 30.0, 1000.0]])),
)


DERIVATIVE_ONLY = Known(
    "derivative only",
    lambda dout, x: sigmoid(x) * (1 - sigmoid(x)),
    "You returned σ'(x) alone: the chain rule multiplies it by dout, the gradient arriving from above.",
    "Return dout * s * (1 - s), with s = sigmoid(x).",
)
FORMULA_ON_X = Known(
    "formula on x",
    lambda dout, x: dout * x * (1 - x),
    "You applied the formula σ(1 − σ) to x itself instead of to σ(x).",
    "First compute s = sigmoid(x); the derivative is s * (1 - s).",
)
TIMES_SIGMOID = Known(
    "times sigmoid",
    lambda dout, x: dout * sigmoid(x),
    "You multiplied dout by σ(x): the derivative of the sigmoid is σ(x)(1 − σ(x)), not σ(x).",
    "Return dout * s * (1 - s).",
)
SIGMOID_WRONG_SIGN = Known(
    "wrong sign",
    lambda dout, x: -dout * sigmoid(x) * (1 - sigmoid(x)),
    "Your gradient has the wrong sign.",
    "σ is increasing, so its derivative s * (1 - s) is positive: no minus sign.",
)
TANH_DERIVATIVE = Known(
    "tanh derivative",
    lambda dout, x: dout * (1 - np.tanh(x) ** 2),
    "You used the derivative of tanh, 1 − tanh(x)²: the gradient of the wrong activation.",
    "For the sigmoid, σ'(x) = σ(x)(1 − σ(x)).",
)
RELU_DERIVATIVE = Known(
    "relu derivative",
    lambda dout, x: dout * (x > 0),
    "You used the derivative of ReLU (1 where x > 0): the gradient of the wrong activation.",
    "For the sigmoid, σ'(x) = σ(x)(1 − σ(x)).",
)
SIGMOID_AVERAGED = Known(
    "averaged",
    lambda dout, x: dout * sigmoid(x) * (1 - sigmoid(x)) / len(x),
    "You divided by the batch size: an activation acts on each value alone, its backward does not average.",
    "The 1/n of the mean loss is already in dout; return dout * s * (1 - s).",
)
SIGMOID_OVERFLOWING = Known(
    "overflows",
    lambda dout, x: dout * np.exp(-x) / (1 + np.exp(-x)) ** 2,
    "Your sigmoid_backward gives NaN or inf for x = ±1000: exp(1000) overflows to inf.",
    "Compute s = sigmoid(x) with the stable sigmoid of dl101.nn (or notebook 04), then dout * s * (1 - s).",
)
DOUT_IN_PLACE = Known(
    "in place",
    lambda dout, x: dout.__imul__(sigmoid(x) * (1 - sigmoid(x))),  # dout *= s * (1 - s); return dout
    "Your sigmoid_backward changed the caller's {name} in place (with *= or [...] =).",
    "Compute a new array, return dout * s * (1 - s): the caller may still need dout, as the layers below do.",
)
SIGMOID_MISTAKES = (
    DERIVATIVE_ONLY,
    FORMULA_ON_X,
    TIMES_SIGMOID,
    SIGMOID_WRONG_SIGN,
    TANH_DERIVATIVE,
    RELU_DERIVATIVE,
    SIGMOID_AVERAGED,
    SIGMOID_OVERFLOWING,
    DOUT_IN_PLACE,
)


def check_sigmoid_backward(sigmoid_backward) -> None:
    """An array dout · σ(x)(1 − σ(x)) of x's shape, a batch of one too, finite for x = ±1000, dout and x unchanged."""
    for dout, x in SIGMOID_CASES:
        what = f"sigmoid_backward(dout, x) for x of shape {x.shape}"
        got = call(sigmoid_backward, dout, x, in_place=DOUT_IN_PLACE, names=("dout", "x"))
        if np.abs(x).max() > 100 and _overflows(got):
            raise SIGMOID_OVERFLOWING()
        compare(
            as_array(got, what, x.shape, array=True),
            numerical_gradient(lambda x_, dout=dout: np.sum(dout * sigmoid(x_)), x),
            what,
            SIGMOID_MISTAKES,
            (dout, x),
            hint="The chain rule: dout * s * (1 - s), with s = sigmoid(x), value by value.",
        )


# Exercise: the backward pass of a dense layer.

# (dout, x, W): a square W first, so that dout @ W (the transpose forgotten) computes; shapes that
# differ on every axis; and a batch of one with a single output.
DENSE_CASES = tuple(
    (_RNG.standard_normal((n, n_out)), _RNG.standard_normal((n, n_in)), _RNG.standard_normal((n_in, n_out)))
    for n, n_in, n_out in ((5, 3, 3), (6, 4, 2), (1, 3, 1))
)
GRADIENTS = ("dx", "dW", "db")


DW_TRANSPOSED = Known(
    "dW transposed",
    lambda dout, x, W: (dout @ W.T, dout.T @ x, dout.sum(axis=0)),
    "Your dW is dout.T @ x, the transpose of the gradient: dW looks transposed.",
    "dW must have the shape of W, (n_in, n_out): dW = x.T @ dout, (n_in, n) @ (n, n_out).",
)
DX_TRANSPOSED = Known(
    "dx transposed",
    lambda dout, x, W: (W @ dout.T, x.T @ dout, dout.sum(axis=0)),
    "Your dx is W @ dout.T, of shape (n_in, n), the transpose of the gradient: dx looks transposed.",
    "dx must have the shape of x, (n, n_in): dx = dout @ W.T, (n, n_out) @ (n_out, n_in).",
)
DX_WITHOUT_TRANSPOSE = Known(
    "dx without transpose",
    lambda dout, x, W: (dout @ W, x.T @ dout, dout.sum(axis=0)),
    "Your dx is dout @ W: W needs a transpose there (it only computed because this W is square).",
    "dx = dout @ W.T: (n, n_out) @ (n_out, n_in) gives the shape of x.",
)
DW_FIRST = Known(
    "dW first",
    lambda dout, x, W: (x.T @ dout, dout @ W.T, dout.sum(axis=0)),
    "You returned dW first and dx second.",
    "Return them in the order dx, dW, db.",
)
DENSE_AVERAGED = Known(
    "averaged",
    lambda dout, x, W: (dout @ W.T, x.T @ dout / len(x), dout.mean(axis=0)),
    "You divided dW and db by the batch size: dout already carries the 1/n of the mean loss.",
    "Sum over the examples, do not average: dW = x.T @ dout, db = dout.sum(axis=0).",
)
DB_NOT_SUMMED = Known(
    "db not summed",
    lambda dout, x, W: (dout @ W.T, x.T @ dout, dout),
    "Your db is dout itself, one row per example: it is not summed over the batch.",
    "Every example adds to the gradient of the shared bias: db = dout.sum(axis=0).",
)
DB_SUMMED_OVER_EVERYTHING = Known(
    "db one number",
    lambda dout, x, W: (dout @ W.T, x.T @ dout, dout.sum()),
    "Your db is one number, dout summed over everything: there is one bias per output.",
    "Sum over the examples only: db = dout.sum(axis=0), of shape (n_out,).",
)
DB_OVER_OUTPUTS = Known(
    "db over outputs",
    lambda dout, x, W: (dout @ W.T, x.T @ dout, dout.sum(axis=1)),
    "Your db sums dout over the outputs (axis 1), one value per example: the wrong axis.",
    "Sum over the examples, axis 0: db = dout.sum(axis=0), one value per output.",
)
DW_WRONG_SIGN = Known(
    "wrong sign",
    lambda dout, x, W: (dout @ W.T, -(x.T @ dout), dout.sum(axis=0)),
    "Your dW has the wrong sign.",
    "A dense layer adds x @ W: no minus sign in its gradients, dW = x.T @ dout.",
)
DENSE_MISTAKES = (
    DW_TRANSPOSED,
    DX_TRANSPOSED,
    DX_WITHOUT_TRANSPOSE,
    DW_FIRST,
    DENSE_AVERAGED,
    DB_NOT_SUMMED,
    DB_SUMMED_OVER_EVERYTHING,
    DB_OVER_OUTPUTS,
    DW_WRONG_SIGN,
)


def _dense_gradients(dout, x, W) -> tuple[np.ndarray, ...]:
    """The numerical gradients of Σ dout · (x @ W + b) with respect to x, W and b."""
    b = np.zeros(W.shape[1])
    return (
        numerical_gradient(lambda x_: np.sum(dout * dense(x_, W, b)), x),
        numerical_gradient(lambda W_: np.sum(dout * dense(x, W_, b)), W),
        numerical_gradient(lambda b_: np.sum(dout * dense(x, W, b_)), b),
    )


def check_dense_backward(dense_backward) -> None:
    """Three arrays (dx, dW, db) of the shapes of x, W and b, summed over the batch (of one too), inputs unchanged."""
    for dout, x, W in DENSE_CASES:
        what = f"dense_backward(dout, x, W) for x of shape {x.shape} and W of shape {W.shape}"
        parts = returned(call(dense_backward, dout, x, W, names=("dout", "x", "W")), 3, what, "dx, dW, db")
        _compare_parts(
            parts,
            _dense_gradients(dout, x, W),
            GRADIENTS,
            what,
            DENSE_MISTAKES,
            (dout, x, W),
            project=lambda result, what=what: returned(result, 3, what, "dx, dW, db"),
            hint="dx = dout @ W.T, dW = x.T @ dout, db = dout.sum(axis=0).",
        )


# Exercise: the backward pass of softmax and the cross-entropy together.

# (labels, logits): a batch, a batch of one, logits of ±1000 (exp(1000) overflows), and rows far
# apart (one maximum for the whole batch leaves the second row 0/0).
CE_CASES = (
    (np.array([2, 0, 1, 1, 3, 0]), 2 * _RNG.standard_normal((6, 4))),
    (np.array([1]), _RNG.standard_normal((1, 4))),
    (np.array([0]), np.array([[1000.0, 0.0, -1000.0]])),
    (np.array([2, 1]), np.array([[0.0, 1.0, 2.0], [-1000.0, -1000.0, -999.0]])),
)


def _probabilities(logits, stable=True):
    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True) if stable else logits)
    return e / np.sum(e, axis=-1, keepdims=True)


def _one_hot(labels, logits):
    return np.eye(logits.shape[1])[labels]


NOT_AVERAGED = Known(
    "not averaged",
    lambda labels, logits: _probabilities(logits) - _one_hot(labels, logits),
    "You forgot to average over the batch: the loss is a mean over n examples, so its gradient has a 1/n.",
    "Divide p - y by the number of examples, len(labels).",
)
CE_WRONG_SIGN = Known(
    "wrong sign",
    lambda labels, logits: (_one_hot(labels, logits) - _probabilities(logits)) / len(labels),
    "Your gradient has the wrong sign: it is p − y, not y − p.",
    "Raising the logit of the true class lowers the loss, so its gradient there is negative: p - 1 < 0.",
)
WITHOUT_SOFTMAX = Known(
    "without softmax",
    lambda labels, logits: (logits - _one_hot(labels, logits)) / len(labels),
    "You subtracted the labels from the logits: the softmax is missing.",
    "First turn the logits into probabilities, p = softmax(logits), then (p - y) / n.",
)
WITHOUT_LABELS = Known(
    "without labels",
    lambda labels, logits: _probabilities(logits) / len(labels),
    "You forgot to subtract the one-hot labels.",
    "Subtract 1 at each example's true class: (p - y) / n with y = np.eye(n_classes)[labels].",
)
DIVIDED_BY_CLASSES = Known(
    "divided by classes",
    lambda labels, logits: (_probabilities(logits) - _one_hot(labels, logits)) / logits.shape[1],
    "You divided by the number of classes instead of the number of examples.",
    "The mean is over the examples: divide by len(labels).",
)
DIVIDED_BY_SIZE = Known(
    "divided by size",
    lambda labels, logits: (_probabilities(logits) - _one_hot(labels, logits)) / logits.size,
    "You divided by n · k, the number of logits: the mean is over the n examples only.",
    "Divide by len(labels); the classes of one example are summed, not averaged, in the cross-entropy.",
)
SOFTMAX_OVER_EXAMPLES = Known(
    "softmax over examples",
    lambda labels, logits: (_probabilities(logits.T).T - _one_hot(labels, logits)) / len(labels),
    "Your softmax normalises over axis 0, across the examples.",
    "The classes are on the last axis: normalise over axis=-1, with keepdims=True.",
)
NAIVE_SOFTMAX = Known(
    "naive softmax",
    lambda labels, logits: (
        (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True) - _one_hot(labels, logits)) / len(labels)
    ),
    "Your gradient is NaN or inf for logits like 1000: exp(1000) overflows.",
    "Use a stable softmax: subtract each row's maximum before np.exp.",
)
ONE_MAXIMUM = Known(
    "one maximum",
    lambda labels, logits: (
        (_probabilities(logits - np.max(logits), stable=False) - _one_hot(labels, logits)) / len(labels)
    ),
    "Your gradient is NaN for a row whose logits are all far below those of another row: you subtracted one "
    "maximum for the whole batch, so every exp of that row underflows to 0, and 0/0 is NaN.",
    "Subtract each row's own maximum: np.max(logits, axis=-1, keepdims=True).",
)
LOGITS_IN_PLACE = Known(
    "in place",
    lambda labels, logits: (
        (_probabilities(logits.__isub__(logits.max(axis=1, keepdims=True))) - _one_hot(labels, logits)) / len(labels)
    ),  # logits -= np.max(logits, axis=-1, keepdims=True)
    "Your function changed the caller's {name} in place (logits -= ...).",
    "Compute a new array, shifted = logits - np.max(logits, axis=-1, keepdims=True): the caller keeps its logits.",
)
CE_MISTAKES = (
    NOT_AVERAGED,
    CE_WRONG_SIGN,
    WITHOUT_SOFTMAX,
    WITHOUT_LABELS,
    DIVIDED_BY_CLASSES,
    DIVIDED_BY_SIZE,
    SOFTMAX_OVER_EXAMPLES,
    NAIVE_SOFTMAX,
    ONE_MAXIMUM,
    LOGITS_IN_PLACE,
)


def check_softmax_crossentropy_backward(softmax_crossentropy_backward) -> None:
    """(softmax(logits) − one-hot) / n, an array of the logits' shape, a batch of one too, finite for ±1000."""
    for labels, logits in CE_CASES:
        what = f"softmax_crossentropy_backward(labels, logits) for logits of shape {logits.shape}"
        got = call(softmax_crossentropy_backward, labels, logits, in_place=LOGITS_IN_PLACE, names=("labels", "logits"))
        if np.abs(logits).max() > 100 and _overflows(got):
            raise NAIVE_SOFTMAX() if logits.max() > 100 else ONE_MAXIMUM()
        compare(
            as_array(got, what, logits.shape, array=True),
            numerical_gradient(lambda z, labels=labels: sparse_categorical_crossentropy(labels, z, True), logits),
            what,
            CE_MISTAKES,
            (labels, logits),
            hint="(p - y) / n, with p the softmax of each row and y the one-hot labels.",
        )


# Exercise: one training step of a two-layer MLP.

NAMES = ("W1", "b1", "W2", "b2")
_STEP_PARAMS = {
    "W1": _RNG.standard_normal((2, 5)),
    "b1": 0.1 * _RNG.standard_normal(5),
    "W2": _RNG.standard_normal((5, 3)),
    "b2": 0.1 * _RNG.standard_normal(3),
}
# (params, X, y, learning_rate): a batch of 8 examples of 3 classes, and a batch of one.
STEP_CASES = (
    (_STEP_PARAMS, _RNG.standard_normal((8, 2)), np.array([0, 1, 2, 1, 0, 2, 2, 1]), 0.3),
    (_STEP_PARAMS, _RNG.standard_normal((1, 2)), np.array([2]), 0.3),
)


def mlp_loss(params: dict, X: np.ndarray, y: np.ndarray) -> float:
    """The batch-mean cross-entropy of the two-layer MLP dense → ReLU → dense → softmax."""
    logits = dense(relu(dense(X, params["W1"], params["b1"])), params["W2"], params["b2"])
    return sparse_categorical_crossentropy(y, logits, from_logits=True)


def _step(params, X, y, learning_rate, *, sign=-1.0, average=True, derivative=relu_derivative, **how):
    """One step of the MLP as train_step takes it, with a switch for each typical mistake."""
    z1 = dense(X, params["W1"], params["b1"])
    h = relu(z1)
    logits = dense(h, params["W2"], params["b2"])
    dlogits = (_probabilities(logits) - _one_hot(y, logits)) / (len(y) if average else 1)
    dW2 = h.T @ dlogits
    dz1 = dlogits @ (params["W2"] - learning_rate * dW2 if how.get("w2_first") else params["W2"]).T * derivative(z1)
    grads = {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": dW2, "b2": dlogits.sum(axis=0)}
    if how.get("biases_not_summed"):
        grads |= {"b1": dz1, "b2": dlogits}
    loss = mlp_loss(params, X, y) * (len(y) if how.get("loss_summed") else 1)
    if how.get("in_place"):
        for name in NAMES:
            params[name] -= learning_rate * grads[name]
        return params, loss
    new_params = {name: params[name] + sign * learning_rate * grads[name] for name in NAMES}
    return new_params, mlp_loss(new_params, X, y) if how.get("loss_after") else loss


UPHILL = Known(
    "uphill",
    lambda *args: _step(*args, sign=+1.0),
    "Your step moves uphill: the parameters moved along the gradient instead of against it.",
    "Gradient descent subtracts: params[name] - learning_rate * grads[name].",
)
STEP_NOT_AVERAGED = Known(
    "not averaged",
    lambda *args: _step(*args, average=False),
    "Your step is n times too large: you forgot to average over the batch in the gradient of the loss.",
    "The loss is a batch mean: dlogits = (softmax(logits) - one_hot) / n, as softmax_crossentropy_backward gives.",
)
SIGMOID_IN_HIDDEN_LAYER = Known(
    "sigmoid derivative",
    lambda *args: _step(*args, derivative=sigmoid_derivative),
    "Your hidden-layer gradient uses the derivative of the sigmoid: the gradient of the wrong activation.",
    "The hidden layer is a ReLU: dz1 = relu_backward(dh, z1).",
)
RELU_SKIPPED = Known(
    "relu skipped",
    lambda *args: _step(*args, derivative=np.ones_like),
    "You skipped the ReLU in the backward pass: dh went straight to the first layer.",
    "Backpropagate through the activation: dz1 = relu_backward(dh, z1), zero where z1 <= 0.",
)
RATE_IGNORED = Known(
    "learning rate ignored",
    lambda params, X, y, learning_rate: _step(params, X, y, 1.0),
    "Your step ignores the learning_rate argument: it took a step of size 1.",
    "Multiply each gradient by learning_rate before subtracting it.",
)
BIASES_NOT_SUMMED = Known(
    "biases not summed",
    lambda *args: _step(*args, biases_not_summed=True),
    "Your new biases have one row per example: their gradients were not summed over the batch.",
    "Sum the gradient of a bias over the examples, db = dout.sum(axis=0), as dense_backward does.",
)
W2_UPDATED_FIRST = Known(
    "W2 updated first",
    lambda *args: _step(*args, w2_first=True),
    "Your first layer's gradients use W2 after its update: dh must come from the W2 of the forward pass.",
    "Compute every gradient first (dh = dlogits @ W2.T with the old W2), then update all the parameters.",
)
LOSS_AFTER = Known(
    "loss after",
    lambda *args: _step(*args, loss_after=True),
    "You returned the loss after the update; return the loss of the forward pass, before the step.",
    "Compute the loss in the forward pass and return that value, as Keras reports it.",
)
LOSS_SUMMED = Known(
    "loss summed",
    lambda *args: _step(*args, loss_summed=True),
    "You returned the sum of the losses over the batch, not the mean.",
    "sparse_categorical_crossentropy already averages over the batch: return it as it is.",
)
STEP_IN_PLACE = Known(
    "in place",
    lambda *args: _step(*args, in_place=True),
    "Your train_step changed the caller's {name} in place (params['W1'] -= ... or params['W1'] = ...).",
    "Build a new dictionary: {{name: params[name] - learning_rate * grads[name] for name in params}}; "
    "a training loop that keeps its best parameters needs the old ones unchanged.",
)
STEP_MISTAKES = (
    UPHILL,
    STEP_NOT_AVERAGED,
    SIGMOID_IN_HIDDEN_LAYER,
    RELU_SKIPPED,
    RATE_IGNORED,
    BIASES_NOT_SUMMED,
    W2_UPDATED_FIRST,
    LOSS_AFTER,
    LOSS_SUMMED,
    STEP_IN_PLACE,
)


def _step_parts(result, what: str) -> list:
    """The four new parameters and the loss, from the pair (new_params, loss) train_step returns."""
    new_params, loss = returned(result, 2, what, "new_params, loss")
    if not isinstance(new_params, dict) or set(new_params) != set(NAMES):
        got = f"the keys {sorted(new_params)}" if isinstance(new_params, dict) else describe(new_params)
        raise Mistake(
            f"The new parameters should be a dictionary with the keys {', '.join(NAMES)}, but they are {got}.",
            "Return the same keys as params: {name: ... for name in params}.",
        )
    if np.ndim(loss) != 0 or isinstance(loss, (list, tuple)):
        raise Mistake(
            f"The loss should be one number, but it is {describe(loss)}.",
            "Return the loss as sparse_categorical_crossentropy gives it: the mean over the batch, a number.",
        )
    return [*(new_params[name] for name in NAMES), loss]


def _numerical(params: dict, X: np.ndarray, y: np.ndarray, name: str) -> np.ndarray:
    """The numerical gradient of the MLP's loss with respect to one parameter."""
    return numerical_gradient(lambda value: mlp_loss({**params, name: value}, X, y), params[name])


def check_train_step(train_step) -> None:
    """A new dictionary params − rate · (numerical gradient of the loss), a batch of one too, and the loss before."""
    for params, X, y, rate in STEP_CASES:
        what = f"train_step(params, X, y, learning_rate={rate}) for a batch of {len(y)}"
        given = {name: params[name].copy() for name in NAMES}
        result = run(train_step, given, X.copy(), y.copy(), rate)  # core's call compares arrays, not dicts of them
        if set(given) != set(NAMES) or not all(np.array_equal(given[name], params[name]) for name in NAMES):
            raise STEP_IN_PLACE(name="params")
        _compare_parts(
            _step_parts(result, what),
            [*(params[name] - rate * _numerical(params, X, y, name) for name in NAMES), mlp_loss(params, X, y)],
            [*(f"the new {name}" for name in NAMES), "the loss"],
            what,
            STEP_MISTAKES,
            (params, X, y, rate),
            project=lambda result, what=what: _step_parts(result, what),
            hint="Each new parameter is params[name] - learning_rate * grads[name]; the loss is the forward pass's.",
        )


# Exercise: the training loop with early stopping, on a scripted sequence of validation losses.


@dataclass(frozen=True)
class LoopCase:
    """Arguments of train on rows 0 … n − 1, and the scripted validation loss after each epoch (0: before training)."""

    n: int
    batch_size: int
    epochs: int
    patience: int
    val_losses: tuple[float, ...]
    stop: int  # the epoch after which training stops
    best: int  # the epoch of the lowest validation loss
    named_stops: tuple = ()  # (epochs run, best epoch or None, the mistake that stops there)
    learning_rate: float = 0.25

    @property
    def batches(self) -> list[list[int]]:
        """The rows of each batch of one epoch, in order."""
        return [list(range(start, min(start + self.batch_size, self.n))) for start in range(0, self.n, self.batch_size)]


MAX_STEPS = 500  # a loop that ignores `epochs` is stopped here


def _fake_training(case: LoopCase):
    """A step and an evaluate that record their calls: params count the steps; each step's loss is 10 − 0.1 · steps."""
    log = {"steps": [], "on_validation": []}
    X_val = np.full((3, 1), -1.0)

    def step(params, X, y, learning_rate):
        if len(log["steps"]) >= MAX_STEPS:
            raise RuntimeError(f"the check stops a loop after {MAX_STEPS} steps")
        steps = int(params["steps"])
        log["steps"].append((np.ravel(X).astype(int).tolist(), np.ravel(y).astype(int).tolist(), learning_rate, steps))
        return {"steps": np.array(steps + 1.0)}, 10.0 - 0.1 * steps

    def evaluate(params, X, y):
        log["on_validation"].append(bool(np.array_equal(X, X_val)))
        epoch = int(params["steps"]) // len(case.batches)
        return case.val_losses[min(epoch, len(case.val_losses) - 1)] if log["on_validation"][-1] else 10 - 0.3 * epoch

    arguments = (step, evaluate, {"steps": np.array(0.0)}, np.arange(case.n, dtype=float)[:, None], np.arange(case.n))
    arguments += (X_val, np.zeros(3, dtype=int), case.learning_rate, case.batch_size, case.epochs, case.patience)
    return arguments, log


def _train(step, evaluate, params, X, y, X_val, y_val, learning_rate=0.1, batch_size=32, epochs=100, patience=5, **how):
    """A training loop with early stopping, with a switch for each typical mistake."""
    history = {"loss": [], "val_loss": []}
    initial, best_params, best, previous, waited, losses = params, params, np.inf, np.inf, 0, []
    rng = np.random.default_rng(0)
    order = rng.permutation(len(X)) if how.get("shuffle_once") else np.arange(len(X))
    for _ in itertools.count() if how.get("epochs_ignored") else range(epochs):
        if how.get("shuffle_every_epoch"):
            order = rng.permutation(len(X))
        if how.get("shuffle_in_place"):
            rng.shuffle(X)
        if not how.get("cumulative_loss"):
            losses = []
        if how.get("empty_last_batch"):
            starts = [i * batch_size for i in range(len(X) // batch_size + 1)]
        else:
            starts = range(0, len(X) - batch_size + 1 if how.get("drop_last") else len(X), batch_size)
        for start in starts:
            rows = order[start : start + batch_size]
            stepped, loss = step(params, X[rows], y if how.get("y_not_sliced") else y[rows], learning_rate)
            params = params if how.get("params_not_updated") else stepped
            losses.append(loss)
        val_loss = evaluate(params, X, y) if how.get("on_training_set") else evaluate(params, X_val, y_val)
        improved = val_loss <= best if how.get("tie") else val_loss < best
        if improved:
            best_params, best = params, val_loss
        if how.get("vs_previous"):
            improved, previous = val_loss < previous, val_loss
        if not improved:
            waited += 1
        elif not how.get("no_reset"):
            waited = 0
        stop = not how.get("never_stop") and waited >= patience + how.get("late", 0)
        if stop and how.get("recorded_after_break"):
            break
        if how.get("last_batch_loss"):
            history["loss"].append(losses[-1])
        elif how.get("loss_evaluated"):
            history["loss"].append(evaluate(params, X, y))
        else:
            history["loss"].append(np.sum(losses) if how.get("summed_loss") else np.mean(losses))
        history["val_loss"].append(val_loss)
        if stop:
            break
    return {"last": params, "initial": initial}.get(how.get("returned"), best_params), history


SHUFFLED_EVERY_EPOCH = Known(
    "shuffled every epoch",
    partial(_train, shuffle_every_epoch=True),
    "Your loop shuffles the examples, in a new order every epoch; this exercise takes them in order.",
    "Go through X in order, X[start:start + batch_size] for start in range(0, len(X), batch_size): "
    "the comparison with model.fit(shuffle=False) below needs the same batches in the same order.",
)
SHUFFLED_ONCE = Known(
    "shuffled once",
    partial(_train, shuffle_once=True),
    "Your loop takes the examples in a shuffled order, the same in every epoch; this exercise takes them in order.",
    "Go through X in order, X[start:start + batch_size] for start in range(0, len(X), batch_size): "
    "the comparison with model.fit(shuffle=False) below needs the same batches in the same order.",
)
SHUFFLED_IN_PLACE = Known(
    "shuffled in place",
    partial(_train, shuffle_in_place=True),
    "Your loop changed the caller's {name} in place (shuffled or overwritten).",
    "Leave the caller's arrays alone and take the batches in order: X[start:start + batch_size].",
)
DROPPED_LAST_BATCH = Known(
    "dropped last batch",
    partial(_train, drop_last=True),
    "With {n} examples in batches of {batch_size}, your loop skips the last, smaller batch.",
    "range(0, len(X), batch_size) keeps the last batch, X[start:start + batch_size] with fewer rows.",
)
EMPTY_LAST_BATCH = Known(
    "empty last batch",
    partial(_train, empty_last_batch=True),
    "With {n} examples in batches of {batch_size}, your loop passes step an empty batch at the end of each epoch.",
    "Let range(0, len(X), batch_size) give the starts: len(X) // batch_size + 1 batches is one too many "
    "when batch_size divides len(X), as 32 divides the 800 training objects.",
)
Y_NOT_SLICED = Known(
    "y not sliced",
    partial(_train, y_not_sliced=True),
    "Your loop passes step every label, y, with each batch of rows of X.",
    "Slice y as X: step(params, X[start:start + batch_size], y[start:start + batch_size], learning_rate).",
)
PARAMS_NOT_UPDATED = Known(
    "params not updated",
    partial(_train, params_not_updated=True),
    "Your loop passes step the initial parameters every time: it does not use the parameters step returns.",
    "Carry the parameters from step to step: params, loss = step(params, X_batch, y_batch, learning_rate).",
)
EPOCHS_IGNORED = Known(
    "epochs ignored",
    partial(_train, epochs_ignored=True),
    "Training ran {epochs_run} epochs, more than epochs={epochs}: your loop does not stop at the number of epochs.",
    "Loop for epoch in range(epochs), and break earlier only when patience runs out.",
)
ON_TRAINING_SET = Known(
    "on training set",
    partial(_train, on_training_set=True),
    "Your loop measures the validation loss on the training set, evaluate(params, X, y).",
    "Early stopping watches the validation set: evaluate(params, X_val, y_val) after each epoch.",
)
NEVER_STOPS = Known(
    "never stops",
    partial(_train, never_stop=True),
    "Training ran all {epochs} epochs: it never stopped early. The validation loss was best at epoch {best}, "
    "so with patience={patience} it should stop after epoch {stop}.",
    "Count the epochs since the validation loss last improved, and break when the count reaches patience.",
)
NOT_RESET = Known(
    "not reset",
    partial(_train, no_reset=True),
    "Training stopped after epoch {epochs_run}: your count of epochs without improvement is not reset when the "
    "validation loss improves.",
    "Reset the count to 0 at every improvement, add 1 otherwise, and break when it reaches patience.",
)
ONE_LATE = Known(
    "one late",
    partial(_train, late=1),
    "Training stopped one epoch too late, after {patience} + 1 epochs without improvement.",
    "Break as soon as the count of epochs without improvement reaches patience: count >= patience.",
)
TIE = Known(
    "tie",
    partial(_train, tie=True),
    "Your loop takes a validation loss equal to the best so far for an improvement (epoch {tie}).",
    "Only a lower loss is an improvement: compare with <, not <=, as keras.callbacks.EarlyStopping does.",
)
VS_PREVIOUS = Known(
    "vs previous",
    partial(_train, vs_previous=True),
    "Your loop compares each validation loss with the previous epoch's, not with the best so far: a loss "
    "better than the epoch before but worse than the best reset the count, and training stopped at epoch {epochs_run}.",
    "Keep the best validation loss so far; an epoch improves only when it goes below that best.",
)
LAST_EPOCH_NOT_RECORDED = Known(
    "last epoch not recorded",
    partial(_train, recorded_after_break=True),
    "Your loop ran {ran} epochs but history holds {recorded}: the epoch that stops training is not recorded.",
    "Append the epoch's losses to history before the early-stopping test and its break.",
)
LAST_BATCH_LOSS = Known(
    "last batch loss",
    partial(_train, last_batch_loss=True),
    "history['loss'] holds the loss of each epoch's last batch, not the mean over the epoch.",
    "Collect the batch losses of the epoch in a list and append their mean.",
)
SUMMED_LOSS = Known(
    "summed loss",
    partial(_train, summed_loss=True),
    "history['loss'] holds the sum of each epoch's batch losses, not their mean.",
    "Append np.mean(batch_losses).",
)
CUMULATIVE_LOSS = Known(
    "cumulative loss",
    partial(_train, cumulative_loss=True),
    "history['loss'] averages the batch losses of every epoch so far: the list is not emptied each epoch.",
    "Start each epoch with batch_losses = [] and append np.mean(batch_losses) at its end.",
)
LOSS_EVALUATED = Known(
    "loss evaluated",
    partial(_train, loss_evaluated=True),
    "history['loss'] holds evaluate(params, X, y) after the epoch, not the mean of the epoch's batch losses.",
    "Append np.mean of the losses step returned during the epoch, as model.fit reports its loss.",
)
LAST_PARAMS = Known(
    "last params",
    partial(_train, returned="last"),
    "You return the parameters of the last epoch, not those of the best validation loss.",
    "When the validation loss improves, keep the parameters: best_params = params; return best_params.",
)
INITIAL_PARAMS = Known(
    "initial params",
    partial(_train, returned="initial"),
    "You return the initial parameters: the best ones were never kept.",
    "When the validation loss improves, keep the parameters: best_params = params.",
)
TRAIN_MISTAKES = (
    SHUFFLED_EVERY_EPOCH,
    SHUFFLED_ONCE,
    SHUFFLED_IN_PLACE,
    DROPPED_LAST_BATCH,
    EMPTY_LAST_BATCH,
    Y_NOT_SLICED,
    PARAMS_NOT_UPDATED,
    EPOCHS_IGNORED,
    ON_TRAINING_SET,
    NEVER_STOPS,
    NOT_RESET,
    ONE_LATE,
    TIE,
    VS_PREVIOUS,
    LAST_EPOCH_NOT_RECORDED,
    LAST_BATCH_LOSS,
    SUMMED_LOSS,
    CUMULATIVE_LOSS,
    LOSS_EVALUATED,
    LAST_PARAMS,
    INITIAL_PARAMS,
)
# Best at epoch 6, equalled at 7 (no improvement), better than the epoch before at 9: training
# stops after epoch 9 with patience 3. A tie taken for an improvement stops at 10 with the
# parameters of epoch 7; a count never reset stops at 7; comparing with the previous epoch, at 12.
# 5 examples in batches of 2 make two full batches and a last one of 1.
LOOP_CASES = (
    LoopCase(
        5,
        2,
        20,
        3,
        (9.0, 5.0, 5.5, 5.2, 4.0, 3.0, 2.9, 2.9, 3.1, 3.0, 3.2, 3.3, 3.4, 2.0),
        stop=9,
        best=6,
        named_stops=((10, 7, TIE), (10, None, ONE_LATE), (7, None, NOT_RESET), (12, None, VS_PREVIOUS)),
    ),
    # 4 examples in batches of 2 (no partial batch), always improving: the number of epochs stops it.
    LoopCase(4, 2, 3, 3, (9.0, 3.0, 2.0, 1.0, 0.5, 0.25), stop=3, best=3),
)


def _run_train(train, case: LoopCase):
    """The learner's (best_params, history) on the fake training of ``case``, and the log of its calls."""
    arguments, log = _fake_training(case)
    names = ("step", "evaluate", "params", "X", "y", "X_val", "y_val")
    try:  # positional arguments and patience by name, as the notebook calls train
        result = call(train, *arguments[:-1], patience=case.patience, in_place=SHUFFLED_IN_PLACE, names=names)
    except Mistake:
        if len(log["steps"]) >= MAX_STEPS and len(log["on_validation"]) > case.epochs:
            raise EPOCHS_IGNORED(epochs=case.epochs, epochs_run=len(log["on_validation"])) from None
        raise
    best_params, history = returned(result, 2, "train(...)", "best_params, history")
    return best_params, history, log


def _check_batches(log: dict, case: LoopCase) -> None:
    """Every epoch: the batches in order, the last one smaller, y sliced as X, the learning rate passed on."""
    details = {"n": case.n, "batch_size": case.batch_size}
    if not log["steps"] or not log["on_validation"]:
        raise Mistake(
            f"Your loop never called {'step' if not log['steps'] else 'evaluate'}.",
            "Each epoch: params, loss = step(params, X_batch, y_batch, learning_rate) for every batch, then "
            "evaluate(params, X_val, y_val).",
        )
    if any(rate != case.learning_rate for *_, rate, _ in log["steps"]):
        raise Mistake(
            f"Your loop called step with another learning rate than the one given ({case.learning_rate}).",
            "Pass learning_rate on: step(params, X_batch, y_batch, learning_rate).",
        )
    if any(taken != number for number, (*_, taken) in enumerate(log["steps"])):
        if all(taken == 0 for *_, taken in log["steps"]):
            raise PARAMS_NOT_UPDATED()
        raise Mistake(
            "Your loop passed step parameters other than those the step before returned.",
            "Carry the parameters from step to step: params, loss = step(params, X_batch, y_batch, learning_rate).",
        )
    rows, epoch = [x_rows for x_rows, *_ in log["steps"]], case.batches
    if [] in rows:
        raise EMPTY_LAST_BATCH(**details)
    if len(epoch[-1]) < case.batch_size and rows[: len(epoch)] == epoch[:-1] + epoch[:1]:
        raise DROPPED_LAST_BATCH(**details)
    taken = [rows[start : start + len(epoch)] for start in range(0, len(rows), len(epoch))]
    for number, batches in enumerate(taken, start=1):
        if batches == epoch:
            continue
        if sorted(sum(batches, [])) == list(range(case.n)):
            raise SHUFFLED_ONCE() if all(other == taken[0] for other in taken) else SHUFFLED_EVERY_EPOCH()
        raise Mistake(
            f"Epoch {number} passed step the rows {batches}; with {case.n} examples in batches of {case.batch_size}, "
            f"every epoch takes the rows {epoch}, in order.",
            "Slice X[start:start + batch_size] for start in range(0, len(X), batch_size).",
        )
    for x_rows, y_rows, *_ in log["steps"]:
        if y_rows != x_rows:
            if y_rows == list(range(case.n)):
                raise Y_NOT_SLICED()
            raise Mistake(
                f"Your loop passed step the rows {x_rows} of X with the labels of the rows {y_rows}.",
                "Slice X and y the same way: X[start:start + batch_size], y[start:start + batch_size].",
            )


def _history(history) -> tuple[np.ndarray, np.ndarray]:
    """history['loss'] and history['val_loss'] as arrays of numbers, one per epoch each."""
    hint = 'Start with history = {"loss": [], "val_loss": []} and append one number to each after every epoch.'
    if not isinstance(history, dict) or not {"loss", "val_loss"} <= set(history):
        raise Mistake(
            f"history should be a dictionary with the lists 'loss' and 'val_loss', but it is {describe(history)}.", hint
        )
    curves = []
    for key in ("loss", "val_loss"):
        if not isinstance(history[key], (list, tuple, np.ndarray)):
            raise Mistake(f"history[{key!r}] should be a list of numbers, but it is {describe(history[key])}.", hint)
        curves.append(as_array(history[key], f"history[{key!r}]", (len(history[key]),)))
    if len(curves[0]) != len(curves[1]):
        raise Mistake(f"history['loss'] has {len(curves[0])} entries and history['val_loss'] {len(curves[1])}.", hint)
    return curves[0], curves[1]


def _steps_of(params) -> float | None:
    """How many steps the fake parameters have taken; None when they are not the fake parameters."""
    try:
        return float(params["steps"])
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def _check_stop(epochs_run: int, best_params, case: LoopCase) -> None:
    """Training stops `patience` epochs after the best validation loss, or after `epochs` epochs."""
    if epochs_run == case.stop:
        return
    details = {"epochs": case.epochs, "best": case.best, "patience": case.patience, "stop": case.stop}
    details |= {"epochs_run": epochs_run, "tie": case.best + 1}
    if epochs_run > case.epochs:
        raise EPOCHS_IGNORED(**details)
    if epochs_run == case.epochs:
        raise NEVER_STOPS(**details)
    steps = _steps_of(best_params)
    for run_for, best, known in case.named_stops:
        if epochs_run == run_for and best in (None, steps and steps / len(case.batches)):
            raise known(**details)
    raise Mistake(
        f"Training stopped after epoch {epochs_run}; the validation loss was best at epoch {case.best}, so with "
        f"patience={case.patience} it should stop after epoch {case.stop}.",
        "Reset the count to 0 when the validation loss goes below the best so far, add 1 otherwise, and break when "
        "it reaches patience.",
    )


def _check_losses(losses: np.ndarray, case: LoopCase) -> None:
    """Each epoch's training loss: the mean of its batch losses (weighted by batch size, as Keras does, or not)."""
    k = len(case.batches)
    batch_losses = (10.0 - 0.1 * np.arange(case.stop * k)).reshape(case.stop, k)
    sizes = np.array([len(batch) for batch in case.batches])
    if same(losses, batch_losses @ sizes / case.n):
        return  # equal to the plain mean wherever the notebook trains: 32 divides 800
    epochs = np.arange(1, case.stop + 1)
    for known, values in (
        (LAST_BATCH_LOSS, batch_losses[:, -1]),
        (SUMMED_LOSS, batch_losses.sum(axis=1)),
        (CUMULATIVE_LOSS, np.cumsum(batch_losses.sum(axis=1)) / (k * epochs)),
        (LOSS_EVALUATED, 10.0 - 0.3 * epochs),
    ):
        if same(losses, values):
            raise known()
    compare(losses, batch_losses.mean(axis=1), "history['loss']", hint="Append the mean of the epoch's batch losses.")


def check_train(train) -> None:
    """Batches in order, one history entry per epoch, a stop `patience` epochs after the best, the best params."""
    for case in LOOP_CASES:
        best_params, history, log = _run_train(train, case)
        _check_batches(log, case)
        losses, val_losses = _history(history)
        if len(val_losses) != (ran := len(log["steps"]) // len(case.batches)):
            if len(val_losses) == ran - 1:
                raise LAST_EPOCH_NOT_RECORDED(ran=ran, recorded=len(val_losses))
            raise Mistake(
                f"Your loop ran {ran} epochs, but history holds {len(val_losses)}.", "Append to history once per epoch."
            )
        if not any(log["on_validation"]):
            raise ON_TRAINING_SET()
        _check_stop(len(val_losses), best_params, case)
        compare(
            val_losses,
            case.val_losses[1 : case.stop + 1],
            "history['val_loss']",
            hint="Append evaluate(params, X_val, y_val).",
        )
        _check_losses(losses, case)
        steps = _steps_of(best_params)
        if not isinstance(best_params, dict) or steps is None:
            raise Mistake(
                f"best_params should be the parameters dictionary step returned, but it is {describe(best_params)}.",
                "Keep the parameters of the best epoch: best_params = params, when the validation loss improves.",
            )
        named = {0: INITIAL_PARAMS, case.stop: LAST_PARAMS}
        if (epoch := steps / len(case.batches)) != case.best:
            raise (
                named[epoch]()
                if epoch in named
                else Mistake(
                    f"The parameters returned are those after epoch {epoch:g}; the lowest validation loss came after "
                    f"epoch {case.best}.",
                    "When the validation loss improves, keep the parameters: best_params = params.",
                )
            )


EXERCISES = [
    Exercise("05.sigmoid_backward", "sigmoid_backward", check_sigmoid_backward, mistakes=SIGMOID_MISTAKES),
    Exercise("05.dense_backward", "dense_backward", check_dense_backward, mistakes=DENSE_MISTAKES),
    Exercise(
        "05.softmax_crossentropy_backward",
        "softmax_crossentropy_backward",
        check_softmax_crossentropy_backward,
        mistakes=CE_MISTAKES,
    ),
    Exercise("05.train_step", "train_step", check_train_step, mistakes=STEP_MISTAKES),
    Exercise("05.train", "train", check_train, mistakes=TRAIN_MISTAKES),
]
