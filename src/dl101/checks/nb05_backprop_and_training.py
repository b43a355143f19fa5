"""Checks for notebook 05: backward passes checked by finite differences, one training step, early stopping.

Every expected gradient is the numerical gradient (centred differences) of the forward function,
so a check compares the learner's backward pass with the definition of the derivative. A wrong
answer is then compared with what each typical mistake returns on the same inputs (transposed
``dW``, a missing batch average, a wrong sign, the derivative of the wrong activation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dl101.checks.core import Exercise, Mistake, as_array, compare, run, same
from dl101.nn import (
    dense,
    numerical_gradient,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    sparse_categorical_crossentropy,
    tanh_derivative,
)

_RNG = np.random.default_rng(5)
# Shapes differ on every axis (6 examples, 4 inputs, 3 outputs), so that a transposed result cannot hide.
X = _RNG.standard_normal((6, 4))
W = _RNG.standard_normal((4, 3))
B = _RNG.standard_normal(3)
DOUT = _RNG.standard_normal((6, 3))
LABELS = np.array([2, 0, 1, 1, 3, 0])
LOGITS = 2 * _RNG.standard_normal((6, 4))


def _parts(result: object, what: str, names: tuple[str, ...], descriptions: tuple[str, ...]) -> list:
    """The items of a returned tuple, one per name; a clear Mistake for anything else."""
    if result is None:
        raise Mistake(f"{what} returned None.", f"End with `return {', '.join(names)}`.")
    if not isinstance(result, (tuple, list)) or len(result) != len(names):
        got = type(result).__name__
        if isinstance(result, (tuple, list)):
            got += f" of {len(result)} items"
        elif hasattr(result, "shape"):
            got += f" of shape {np.shape(result)}"
        wanted = ", ".join(f"{name}, {description}" for name, description in zip(names, descriptions, strict=True))
        raise Mistake(
            f"{what} should return {len(names)} things ({wanted}); got {got}.",
            f"End with `return {', '.join(names)}`.",
        )
    return list(result)


def _output(function: Callable, *args) -> object:
    """Run the learner's function; a shape error inside it gets a hint about the shapes of gradients."""
    try:
        return run(function, *args)
    except Mistake as mistake:
        if not any(word in mistake.message for word in ("broadcast", "matmul", "shapes", "aligned")):
            raise
        raise Mistake(
            mistake.message,
            "Every gradient has the shape of what it is the gradient of: dW = x.T @ dout is (n_in, n) @ (n, n_out), "
            "dx = dout @ W.T is (n, n_out) @ (n_out, n_in), and db sums dout over the examples.",
        ) from None


# Exercise: the backward pass of the sigmoid.


def check_sigmoid_backward(sigmoid_backward) -> None:
    """dout · σ(x)(1 − σ(x)), equal to the numerical gradient of Σ dout · σ(x), and finite for x = ±1000."""
    x = 2 * X[:, :3]
    what = "sigmoid_backward(dout, x) for dout and x of shape (6, 3)"
    got = as_array(run(sigmoid_backward, DOUT.copy(), x.copy()), what, shape=x.shape)
    expected = numerical_gradient(lambda x_: np.sum(DOUT * sigmoid(x_)), x)
    s = sigmoid(x)
    compare(
        got,
        expected,
        what,
        [
            (
                s * (1 - s),
                "You returned σ'(x) alone: the chain rule multiplies it by dout, the gradient arriving from above.",
                "Return dout * s * (1 - s), with s = sigmoid(x).",
            ),
            (
                DOUT * x * (1 - x),
                "You applied the formula σ(1 − σ) to x itself instead of to σ(x).",
                "First compute s = sigmoid(x); the derivative is s * (1 - s).",
            ),
            (
                DOUT * s,
                "You multiplied dout by σ(x): the derivative of the sigmoid is σ(x)(1 − σ(x)), not σ(x).",
                "Return dout * s * (1 - s).",
            ),
            (
                -DOUT * s * (1 - s),
                "Your gradient has the wrong sign.",
                "σ is increasing, so its derivative s * (1 - s) is positive: no minus sign.",
            ),
            (
                DOUT * tanh_derivative(x),
                "You used the derivative of tanh, 1 − tanh(x)²: the gradient of the wrong activation.",
                "For the sigmoid, σ'(x) = σ(x)(1 − σ(x)).",
            ),
            (
                DOUT * relu_derivative(x),
                "You used the derivative of ReLU (1 where x > 0): the gradient of the wrong activation.",
                "For the sigmoid, σ'(x) = σ(x)(1 − σ(x)).",
            ),
            (
                DOUT * s * (1 - s) / len(x),
                "You divided by the batch size: an activation acts on each value alone, its backward does not average.",
                "The 1/n of the mean loss is already in dout; return dout * s * (1 - s).",
            ),
        ],
    )
    extreme = np.array([[-1000.0, -30.0, 0.0], [2.0, 30.0, 1000.0]])
    values = run(sigmoid_backward, np.ones_like(extreme), extreme.copy())
    if not np.all(np.isfinite(np.asarray(values, dtype=float))):
        raise Mistake(
            "Your sigmoid_backward gives NaN or inf for x = ±1000: exp(1000) overflows to inf.",
            "Compute s = sigmoid(x) with the stable sigmoid of dl101.nn (or notebook 04), then dout * s * (1 - s).",
        )
    compare(as_array(values, "sigmoid_backward", extreme.shape), sigmoid_derivative(extreme), "σ'(x) for x = ±1000")


# Exercise: the backward pass of a dense layer.


def check_dense_backward(dense_backward) -> None:
    """(dx, dW, db) equal to the numerical gradients of Σ dout · (x @ W + b) with respect to x, W and b."""
    what = "dense_backward(dout, x, W) for x of shape (6, 4) and W of shape (4, 3)"
    shapes = (X.shape, W.shape, B.shape)
    descriptions = tuple(f"of shape {shape}" for shape in shapes)
    parts = _parts(_output(dense_backward, DOUT.copy(), X.copy(), W.copy()), what, ("dx", "dW", "db"), descriptions)
    _dense_shapes(parts)
    names = ("dx", "dW", "db")
    dx, dW, db = (as_array(part, name, shape) for part, name, shape in zip(parts, names, shapes, strict=True))
    n = len(X)
    expected = {
        "dx": numerical_gradient(lambda x_: np.sum(DOUT * dense(x_, W, B)), X),
        "dW": numerical_gradient(lambda W_: np.sum(DOUT * dense(X, W_, B)), W),
        "db": numerical_gradient(lambda b_: np.sum(DOUT * dense(X, W, b_)), B),
    }
    averaged = ("You divided by the batch size: dout already carries the 1/n of the mean loss.", "Sum, do not average.")
    wrong_sign = ("Your {} has the wrong sign.", "A dense layer adds x @ W: no minus sign in its gradients.")
    compare(dx, expected["dx"], "dx", [(-expected["dx"], wrong_sign[0].format("dx"), wrong_sign[1])])
    compare(
        dW,
        expected["dW"],
        "dW",
        [(expected["dW"] / n, "dW: " + averaged[0], "dW = x.T @ dout. " + averaged[1])]
        + [(-expected["dW"], wrong_sign[0].format("dW"), wrong_sign[1])],
    )
    compare(
        db,
        expected["db"],
        "db",
        [(expected["db"] / n, "db: " + averaged[0], "db = dout.sum(axis=0). " + averaged[1])]
        + [(-expected["db"], wrong_sign[0].format("db"), wrong_sign[1])]
        + [(np.full(3, DOUT.sum()), "db sums every value of dout: one number for all outputs.", "Sum over axis=0.")],
    )


def _dense_shapes(parts: list) -> None:
    """Name the typical shape mistakes: a transposed dW or dx, db not summed, the results in the wrong order."""
    shapes = [np.shape(part) if part is not None else None for part in parts]
    if shapes[0] == W.shape and shapes[1] == X.shape:
        raise Mistake("You returned dW first and dx second.", "Return them in the order dx, dW, db.")
    if shapes[1] == W.shape[::-1]:
        raise Mistake(
            f"dW has shape {shapes[1]}, the shape of W transposed: dW looks transposed.",
            "dW must have the shape of W, (n_in, n_out): dW = x.T @ dout, not dout.T @ x.",
        )
    if shapes[0] == X.shape[::-1]:
        raise Mistake(
            f"dx has shape {shapes[0]}, the shape of x transposed: dx looks transposed.",
            "dx must have the shape of x, (n, n_in): dx = dout @ W.T.",
        )
    if shapes[2] == DOUT.shape:
        raise Mistake(
            f"db has shape {shapes[2]}, one row per example: it is not summed over the batch.",
            "Every example adds to the gradient of the shared bias: db = dout.sum(axis=0).",
        )


# Exercise: the backward pass of softmax and the cross-entropy together.


def check_softmax_crossentropy_backward(softmax_crossentropy_backward) -> None:
    """(softmax(logits) − one-hot) / n: the numerical gradient of the batch-mean cross-entropy from logits."""
    what = "softmax_crossentropy_backward(labels, logits) for 6 examples of 4 classes"
    got = as_array(_output(softmax_crossentropy_backward, LABELS.copy(), LOGITS.copy()), what, LOGITS.shape)
    expected = numerical_gradient(lambda z: sparse_categorical_crossentropy(LABELS, z, from_logits=True), LOGITS)
    n, k = LOGITS.shape
    p, one_hot = softmax(LOGITS), np.eye(k)[LABELS]
    compare(
        got,
        expected,
        what,
        [
            (
                p - one_hot,
                "You forgot to average over the batch: the loss is a mean over n examples, so its gradient has a 1/n.",
                "Divide p - y by the number of examples, len(labels).",
            ),
            (
                (one_hot - p) / n,
                "Your gradient has the wrong sign: it is p − y, not y − p.",
                "Raising the logit of the true class lowers the loss, so its gradient there is negative: p - 1 < 0.",
            ),
            (
                (LOGITS - one_hot) / n,
                "You subtracted the labels from the logits: the softmax is missing.",
                "First turn the logits into probabilities, p = softmax(logits), then (p - y) / n.",
            ),
            (
                p / n,
                "You forgot to subtract the one-hot labels.",
                "Subtract 1 at each example's true class: (p - y) / n with y = np.eye(n_classes)[labels].",
            ),
            (
                (p - one_hot) / k,
                "You divided by the number of classes instead of the number of examples.",
                "The mean is over the examples: divide by len(labels).",
            ),
            (
                (softmax(LOGITS, axis=0) - one_hot) / n,
                "Your softmax normalises over axis 0, down the columns.",
                "The classes are on the last axis: softmax over axis=-1, with keepdims=True.",
            ),
        ],
    )
    extreme = np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0]])
    extreme_labels = np.array([0, 1])
    values = run(softmax_crossentropy_backward, extreme_labels, extreme.copy())
    if not np.all(np.isfinite(np.asarray(values, dtype=float))):
        raise Mistake(
            "Your gradient is NaN or inf for logits like ±1000: exp(1000) overflows.",
            "Use a stable softmax: subtract each row's maximum before np.exp.",
        )
    expected = (softmax(extreme) - np.eye(3)[extreme_labels]) / len(extreme_labels)
    compare(as_array(values, "the gradient for logits of ±1000", extreme.shape), expected, "the gradient for ±1000")


# Exercise: one training step of a two-layer MLP.

STEP_X = _RNG.standard_normal((8, 2))
STEP_Y = np.array([0, 1, 2, 1, 0, 2, 2, 1])
STEP_PARAMS = {
    "W1": _RNG.standard_normal((2, 5)),
    "b1": 0.1 * _RNG.standard_normal(5),
    "W2": _RNG.standard_normal((5, 3)),
    "b2": 0.1 * _RNG.standard_normal(3),
}
STEP_RATE = 0.3
NAMES = ("W1", "b1", "W2", "b2")


def mlp_loss(params: dict, X: np.ndarray, y: np.ndarray) -> float:
    """The batch-mean cross-entropy of the two-layer MLP dense → ReLU → dense → softmax."""
    logits = dense(relu(dense(X, params["W1"], params["b1"])), params["W2"], params["b2"])
    return sparse_categorical_crossentropy(y, logits, from_logits=True)


def _gradients(params: dict, X: np.ndarray, y: np.ndarray, activation_derivative: Callable = relu_derivative) -> dict:
    """Backpropagation through the MLP, with the hidden activation's derivative as a parameter (for mistakes)."""
    z1 = dense(X, params["W1"], params["b1"])
    h = relu(z1)
    logits = dense(h, params["W2"], params["b2"])
    dlogits = (softmax(logits) - np.eye(logits.shape[1])[y]) / len(y)
    dz1 = dlogits @ params["W2"].T * activation_derivative(z1)
    return {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": h.T @ dlogits, "b2": dlogits.sum(axis=0)}


def _flat(params: dict) -> np.ndarray:
    return np.concatenate([np.ravel(params[name]) for name in NAMES])


def _step_mistakes() -> list[tuple]:
    """What each typical mistake makes of the parameters after one step, as one flat vector."""
    grads = _gradients(STEP_PARAMS, STEP_X, STEP_Y)

    def after(gradients: dict, rate: float = STEP_RATE, sign: float = -1.0) -> np.ndarray:
        return _flat({name: STEP_PARAMS[name] + sign * rate * gradients[name] for name in NAMES})

    return [
        (
            after(grads, sign=+1.0),
            "Your step moves uphill: the parameters moved along the gradient instead of against it.",
            "Gradient descent subtracts: params[name] - learning_rate * grads[name].",
        ),
        (
            after({name: len(STEP_Y) * g for name, g in grads.items()}),
            "Your step is n times too large: you forgot to average over the batch in the gradient of the loss.",
            "The loss is a batch mean: dlogits = (softmax(logits) - one_hot) / n.",
        ),
        (
            after(_gradients(STEP_PARAMS, STEP_X, STEP_Y, sigmoid_derivative)),
            "Your hidden-layer gradient uses the derivative of the sigmoid: the gradient of the wrong activation.",
            "The hidden layer is a ReLU: dz1 = relu_backward(dh, z1).",
        ),
        (
            after(_gradients(STEP_PARAMS, STEP_X, STEP_Y, np.ones_like)),
            "You skipped the ReLU in the backward pass: dh went straight to the first layer.",
            "Backpropagate through the activation: dz1 = relu_backward(dh, z1), zero where z1 <= 0.",
        ),
        (
            after(grads, rate=1.0),
            "Your step ignores the learning_rate argument: it took a step of size 1.",
            "Multiply each gradient by learning_rate before subtracting it.",
        ),
    ]


def check_train_step(train_step) -> None:
    """New parameters params − rate · (numerical gradient of the loss), and the loss before the step."""
    given = {name: value.copy() for name, value in STEP_PARAMS.items()}
    what = "train_step(params, X, y, learning_rate) for a batch of 8 examples"
    result = _output(train_step, given, STEP_X.copy(), STEP_Y.copy(), STEP_RATE)
    new_params, loss = _parts(result, what, ("new_params", "loss"), ("a dictionary", "a number"))
    if not all(np.array_equal(given[name], STEP_PARAMS[name]) for name in NAMES):
        raise Mistake(
            "Your train_step changed the caller's params in place (an operation such as params['W1'] -= ...).",
            "Build a new dictionary: {name: params[name] - learning_rate * grads[name] for name in params}; "
            "a training loop that keeps its best parameters needs the old ones unchanged.",
        )
    if not isinstance(new_params, dict) or set(new_params) != set(NAMES):
        got = f"keys {sorted(new_params)}" if isinstance(new_params, dict) else f"a {type(new_params).__name__}"
        raise Mistake(
            f"The new parameters should be a dictionary with the keys {', '.join(NAMES)}, got {got}.",
            "Return the same keys as params: {name: ... for name in params}.",
        )
    expected = {name: STEP_PARAMS[name] - STEP_RATE * _numerical(name) for name in NAMES}
    got = {name: _new_parameter(new_params[name], name) for name in NAMES}
    compare(_flat(got), _flat(expected), "The new parameters", _step_mistakes())
    loss_before = mlp_loss(STEP_PARAMS, STEP_X, STEP_Y)
    compare(
        as_array(loss, "the loss returned by train_step", shape=()),
        loss_before,
        "The loss returned by train_step",
        [
            (
                mlp_loss(expected, STEP_X, STEP_Y),
                "You returned the loss after the update; return the loss of the forward pass, before the step.",
                "Compute the loss in the forward pass and return that value, as Keras reports it.",
            ),
            (
                len(STEP_Y) * loss_before,
                "You returned the sum of the losses over the batch, not the mean.",
                "sparse_categorical_crossentropy already averages over the batch.",
            ),
        ],
    )


def _numerical(name: str) -> np.ndarray:
    """The numerical gradient of the MLP's loss with respect to one parameter."""

    def loss_of(value: np.ndarray) -> float:
        return mlp_loss({**STEP_PARAMS, name: value}, STEP_X, STEP_Y)

    return numerical_gradient(loss_of, STEP_PARAMS[name])


def _new_parameter(value: object, name: str) -> np.ndarray:
    """One new parameter, of its old shape; a bias that was not summed over the batch is named."""
    shape = STEP_PARAMS[name].shape
    if name.startswith("b") and np.shape(value) == (len(STEP_Y), shape[0]):
        raise Mistake(
            f"The new {name} has shape {np.shape(value)}, one row per example: its gradient was not summed.",
            "Sum the gradient of a bias over the examples: db = dout.sum(axis=0).",
        )
    return as_array(value, f"the new {name}", shape)


# Exercise: the training loop with early stopping, on a crafted sequence of validation losses.

LOOP_X = np.arange(5.0)[:, None]  # 5 examples in batches of 2: two full batches and one of 1
LOOP_Y = np.arange(5)
LOOP_X_VAL = np.full((3, 1), -1.0)
LOOP_Y_VAL = np.zeros(3, dtype=int)
LOOP_RATE, LOOP_BATCH, LOOP_EPOCHS, LOOP_PATIENCE = 0.25, 2, 20, 3
STEPS_PER_EPOCH = 3
# The validation loss after each epoch (index 0: before training). It worsens at epochs 2 and 3,
# is best at epoch 6, then rises for 4 epochs (stop after epoch 9); it would improve again at epoch 11.
VAL_LOSSES = [9.0, 5.0, 5.5, 5.2, 4.0, 3.0, 2.9, 3.0, 3.1, 3.2, 3.3, 2.0] + [1.9 - 0.05 * i for i in range(9)]
BEST_EPOCH, STOP_EPOCH = 6, 9


class _LoopRecorder:
    """A fake step and a fake evaluation: parameters count the steps taken, losses follow a crafted script."""

    def __init__(self):
        self.calls = []

    def step(self, params, X, y, learning_rate):
        self.calls.append((np.asarray(X).copy(), learning_rate))
        steps = int(params["steps"])
        return {"steps": np.array(steps + 1.0)}, 10.0 - 0.1 * steps  # the training loss always falls

    def evaluate(self, params, X, y):
        epoch = int(params["steps"]) // STEPS_PER_EPOCH
        if np.array_equal(X, LOOP_X_VAL):
            return VAL_LOSSES[min(epoch, len(VAL_LOSSES) - 1)]
        return 10.0 - 0.3 * epoch  # on the training set, the loss always falls


def check_train(train) -> None:
    """Batches in order, one history entry per epoch, a stop `patience` epochs after the best, the best params."""
    recorder = _LoopRecorder()
    what = f"train(..., learning_rate={LOOP_RATE}, batch_size={LOOP_BATCH}, patience={LOOP_PATIENCE})"
    arguments = (LOOP_X, LOOP_Y, LOOP_X_VAL, LOOP_Y_VAL, LOOP_RATE, LOOP_BATCH, LOOP_EPOCHS, LOOP_PATIENCE)
    result = run(train, recorder.step, recorder.evaluate, {"steps": np.array(0.0)}, *arguments)
    best_params, history = _parts(result, what, ("best_params", "history"), ("a dictionary", "a dictionary"))
    _check_batches(recorder.calls)
    losses, val_losses = _history(history)
    _check_stop(len(val_losses))
    compare(as_array(val_losses, "history['val_loss']"), VAL_LOSSES[1 : STOP_EPOCH + 1], "history['val_loss']")
    _check_training_losses(as_array(losses, "history['loss']", (STOP_EPOCH,)))
    if not isinstance(best_params, dict) or "steps" not in best_params:
        raise Mistake(
            f"best_params should be the parameters dictionary that step returned, got {type(best_params).__name__}.",
            "Keep the parameters of the best epoch: best_params = params, when the validation loss improves.",
        )
    steps = as_array(best_params["steps"], "best_params", ())
    compare(
        steps,
        BEST_EPOCH * STEPS_PER_EPOCH,
        f"The parameters returned (after {float(steps):g} steps)",
        [
            (
                STOP_EPOCH * STEPS_PER_EPOCH,
                "You return the parameters of the last epoch, not those of the best validation loss.",
                "When the validation loss improves, keep the parameters: best_params = params; return best_params.",
            ),
            (
                0,
                "You return the initial parameters: the best ones were never kept.",
                "When the validation loss improves, keep the parameters: best_params = params.",
            ),
        ],
    )


def _check_batches(calls: list) -> None:
    """The first epoch's steps: batches of batch_size rows, in order, the last one smaller; the learning rate."""
    sizes = [len(X_batch) for X_batch, _ in calls[:STEPS_PER_EPOCH]]
    expected = [LOOP_BATCH, LOOP_BATCH, len(LOOP_X) - 2 * LOOP_BATCH]
    if sizes != expected or not all(
        np.array_equal(X_batch, LOOP_X[i * LOOP_BATCH : (i + 1) * LOOP_BATCH])
        for i, (X_batch, _) in enumerate(calls[:STEPS_PER_EPOCH])
    ):
        hint = "Slice X[start:start + batch_size] for start in range(0, len(X), batch_size)."
        if sizes[:2] == [LOOP_BATCH, LOOP_BATCH] and len(calls) % 2 == 0 and len(calls) > 0:
            raise Mistake(
                "With 5 examples in batches of 2, your loop skips the last batch of 1 example.",
                hint + " range(0, len(X), batch_size) keeps the last, smaller batch.",
            )
        raise Mistake(
            f"With 5 examples and batch_size=2, the first epoch should give step batches of sizes {expected}, "
            f"in order; your loop gave sizes {sizes}.",
            hint,
        )
    if any(rate != LOOP_RATE for _, rate in calls):
        raise Mistake(
            f"Your loop called step with another learning rate than the one given ({LOOP_RATE}).",
            "Pass learning_rate on to step(params, X_batch, y_batch, learning_rate).",
        )


def _history(history: object) -> tuple[list, list]:
    if not isinstance(history, dict) or not {"loss", "val_loss"} <= set(history):
        raise Mistake(
            f"history should be a dictionary with the lists 'loss' and 'val_loss', got {type(history).__name__}.",
            'Start with history = {"loss": [], "val_loss": []} and append to both after each epoch.',
        )
    return list(history["loss"]), list(history["val_loss"])


def _check_stop(epochs_run: int) -> None:
    """Training stops after epoch 9: the best validation loss was at epoch 6, and patience is 3."""
    if epochs_run == STOP_EPOCH:
        return
    if epochs_run == LOOP_EPOCHS:
        raise Mistake(
            f"Training ran all {LOOP_EPOCHS} epochs: it never stopped early. The validation loss was best at epoch "
            f"{BEST_EPOCH}, so with patience={LOOP_PATIENCE} it should stop after epoch {STOP_EPOCH}.",
            "After each epoch, compute the validation loss with evaluate(params, X_val, y_val) (not the training "
            "loss); count the epochs since it last improved and break when the count reaches patience.",
        )
    messages = {
        STOP_EPOCH + 1: "Training stopped one epoch too late.",
        STOP_EPOCH - 1: "Training stopped one epoch too early.",
        3: "Training stopped at epoch 3, after only two epochs without improvement: one too early.",
        7: "Training stopped at epoch 7: your count of epochs without improvement is not reset when the "
        "validation loss improves.",
    }
    raise Mistake(
        messages.get(epochs_run, f"Training stopped after {epochs_run} epochs."),
        f"The best validation loss came at epoch {BEST_EPOCH}; with patience={LOOP_PATIENCE} training stops after "
        f"{LOOP_PATIENCE} epochs without improvement, at epoch {STOP_EPOCH}. Reset the count to 0 at every "
        "improvement, add 1 otherwise, and break when it reaches patience.",
    )


def _check_training_losses(losses: np.ndarray) -> None:
    """Each epoch's training loss is the mean of its batch losses (weighted by batch size or not)."""
    batch_losses = (10.0 - 0.1 * np.arange(STOP_EPOCH * STEPS_PER_EPOCH)).reshape(STOP_EPOCH, STEPS_PER_EPOCH)
    weights = np.array([LOOP_BATCH, LOOP_BATCH, len(LOOP_X) - 2 * LOOP_BATCH])
    if same(losses, batch_losses @ weights / weights.sum()):
        return
    compare(
        losses,
        batch_losses.mean(axis=1),
        "history['loss']",
        [
            (
                batch_losses[:, -1],
                "history['loss'] holds the loss of each epoch's last batch, not the mean over the epoch.",
                "Collect the batch losses of the epoch in a list and append their mean.",
            ),
            (
                batch_losses.sum(axis=1),
                "history['loss'] holds the sum of each epoch's batch losses, not their mean.",
                "Append np.mean(batch_losses).",
            ),
        ],
    )


EXERCISES = [
    Exercise("05.sigmoid_backward", "sigmoid_backward", check_sigmoid_backward),
    Exercise("05.dense_backward", "dense_backward", check_dense_backward),
    Exercise("05.softmax_crossentropy_backward", "softmax_crossentropy_backward", check_softmax_crossentropy_backward),
    Exercise("05.train_step", "train_step", check_train_step),
    Exercise("05.train", "train", check_train),
]
