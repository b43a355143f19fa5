"""Checks for notebook 05: backward passes, one training step, and the training loop with early stopping.

The backward passes and the training step are pure functions, compared with the reference solutions
(which tests/ compare with numerical gradients). The training loop is run, as the reference is, with
a fake step and a fake evaluation that record every call, on a scripted sequence of validation losses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dl101 import nn
from dl101.checks.core import Case, Exercise, Known, LearnerError, Mistake, as_array, call, compare, describe, returned


def _minus_labels(p, labels):
    """(p − y) / n, with y the one-hot labels: the gradient, from probabilities ``p`` however they were computed."""
    return (p - np.eye(p.shape[1])[labels]) / len(labels)


def _exp_normalised(x):
    return np.exp(x) / np.exp(x).sum(axis=1, keepdims=True)


_RNG = np.random.default_rng(5)

# (dout, x): a batch, a batch of one, and saturated inputs, where σ' is 0 and exp(1000) overflows, twice.
SIGMOID_CASES = tuple(
    Case(f"sigmoid_backward(dout, x) for {what}", (dout, x))
    for dout, x, what in (
        (_RNG.standard_normal((6, 3)), 2 * _RNG.standard_normal((6, 3)), "x of shape (6, 3)"),
        (_RNG.standard_normal((1, 3)), _RNG.standard_normal((1, 3)), "x of shape (1, 3)"),
        (np.ones((2, 3)), np.array([[-1000.0, -30.0, 0.0], [2.0, 30.0, 1000.0]]), "x from -1000 to 1000"),
        (np.full((1, 2), 0.5), np.array([[-800.0, 5.0]]), "x = [[-800, 5]]"),
    )
)
SIGMA = "Return dout * s * (1 - s), with s = sigmoid(x)."
# fmt: off
SIGMOID_MISTAKES = (
    Known("derivative only", "You returned σ'(x) alone: the chain rule multiplies it by dout, the gradient arriving "
          "from above.", SIGMA, lambda dout, x: nn.sigmoid_derivative(x)),
    Known("formula on x", "You applied the formula σ(1 − σ) to x itself instead of to σ(x).", SIGMA,
          lambda dout, x: dout * x * (1 - x)),
    Known("times sigmoid", "You multiplied dout by σ(x): the derivative of the sigmoid is σ(x)(1 − σ(x)), not σ(x).",
          SIGMA, lambda dout, x: dout * nn.sigmoid(x)),
    Known("wrong sign", "Your gradient has the wrong sign: σ is increasing, so its derivative is positive.", SIGMA,
          lambda dout, x: -nn.sigmoid_backward(dout, x)),
    Known("overflows", "Your sigmoid_backward gives NaN or inf for x = ±1000: exp(1000) overflows to inf.",
          "Compute s = sigmoid(x) with the stable sigmoid of dl101.nn (or notebook 04), then dout * s * (1 - s).",
          lambda dout, x: dout * np.exp(-x) / (1 + np.exp(-x)) ** 2),
)

# (dout, x, W): a square W first, so that dout @ W (the transpose forgotten) computes; shapes that
# differ on every axis; and a batch of one with a single output.
DENSE_CASES = tuple(
    Case(f"dense_backward(dout, x, W) for x of shape {(n, n_in)} and W of shape {(n_in, n_out)}",
         (_RNG.standard_normal((n, n_out)), _RNG.standard_normal((n, n_in)), _RNG.standard_normal((n_in, n_out))))
    for n, n_in, n_out in ((5, 3, 3), (6, 4, 2), (1, 3, 1), (4, 2, 2))
)
DENSE_MISTAKES = (
    Known("dW transposed", "Your dW is dout.T @ x, the transpose of the gradient: dW looks transposed.",
          "dW must have the shape of W, (n_in, n_out): dW = x.T @ dout, (n_in, n) @ (n, n_out).",
          lambda dout, x, W: (dout @ W.T, dout.T @ x, dout.sum(axis=0))),
    Known("dx transposed", "Your dx is W @ dout.T, of shape (n_in, n), the transpose of the gradient: dx looks "
          "transposed.", "dx must have the shape of x, (n, n_in): dx = dout @ W.T, (n, n_out) @ (n_out, n_in).",
          lambda dout, x, W: (W @ dout.T, x.T @ dout, dout.sum(axis=0))),
    Known("dx without transpose", "Your dx is dout @ W: W needs a transpose there (it only computed because this W is "
          "square).", "dx = dout @ W.T: (n, n_out) @ (n_out, n_in) gives the shape of x.",
          lambda dout, x, W: (dout @ W, x.T @ dout, dout.sum(axis=0))),
    Known("averaged", "You divided dW and db by the batch size: dout already carries the 1/n of the mean loss.",
          "Sum over the examples, do not average: dW = x.T @ dout, db = dout.sum(axis=0).",
          lambda dout, x, W: (dout @ W.T, x.T @ dout / len(x), dout.mean(axis=0))),
    Known("db not summed", "Your db is dout itself, one row per example: it is not summed over the batch.",
          "Every example adds to the gradient of the shared bias: db = dout.sum(axis=0).",
          lambda dout, x, W: (dout @ W.T, x.T @ dout, dout)),
    Known("wrong sign", "Your dW has the wrong sign.",
          "A dense layer adds x @ W: no minus sign in its gradients, dW = x.T @ dout.",
          lambda dout, x, W: (dout @ W.T, -(x.T @ dout), dout.sum(axis=0))),
)

# (labels, logits): a batch, a batch of one, logits of ±1000 (exp(1000) overflows) twice, and rows far
# apart (one maximum for the whole batch leaves the lower row 0/0) twice.
CE_CASES = tuple(
    Case(f"softmax_crossentropy_backward(labels, logits) for {what}", (labels, logits))
    for labels, logits, what in (
        (np.array([2, 0, 1, 1, 3, 0]), 2 * _RNG.standard_normal((6, 4)), "6 examples of 4 classes"),
        (np.array([1]), _RNG.standard_normal((1, 4)), "one example"),
        (np.array([0]), np.array([[1000.0, 0.0, -1000.0]]), "logits [[1000, 0, -1000]]"),
        (np.array([1, 2]), np.array([[2.0, 900.0, 1.0], [0.5, -0.5, 0.0]]), "a logit of 900"),
        (np.array([2, 1]), np.array([[0.0, 1.0, 2.0], [-1000.0, -1000.0, -999.0]]), "rows 1000 apart"),
        (np.array([0, 0]), np.array([[-700.0, -701.0], [3.0, 2.0]]), "rows 700 apart"),
    )
)
ONE_HOT = "(p - y) / n, with p = softmax(logits) and y = np.eye(n_classes)[labels]."
CE_MISTAKES = (
    Known("not averaged", "You forgot to average over the batch: the loss is a mean over n examples, so its gradient "
          "has a 1/n.", "Divide p - y by the number of examples, len(labels).",
          lambda labels, logits: len(labels) * nn.softmax_crossentropy_backward(labels, logits)),
    Known("wrong sign", "Your gradient has the wrong sign: it is p − y, not y − p.",
          "Raising the logit of the true class lowers the loss, so its gradient there is negative: p - 1 < 0.",
          lambda labels, logits: -nn.softmax_crossentropy_backward(labels, logits)),
    Known("without softmax", "You subtracted the labels from the logits: the softmax is missing.", ONE_HOT,
          lambda labels, logits: _minus_labels(logits, labels)),
    Known("without labels", "You forgot to subtract the one-hot labels.", ONE_HOT,
          lambda labels, logits: nn.softmax(logits) / len(labels)),
    Known("softmax over examples", "Your softmax normalises over axis 0, across the examples.",
          "The classes are on the last axis: normalise over axis=-1, with keepdims=True.",
          lambda labels, logits: _minus_labels(nn.softmax(logits, axis=0), labels)),
    Known("naive softmax", "Your gradient is NaN or inf for logits like 1000: exp(1000) overflows.",
          "Use a stable softmax: subtract each row's maximum before np.exp.",
          lambda labels, logits: _minus_labels(_exp_normalised(logits), labels)),
    Known("one maximum", "Your gradient is NaN for a row whose logits are all far below another row's: with one "
          "maximum for the whole batch, every exp of that row underflows to 0, and 0/0 is NaN.",
          "Subtract each row's own maximum: np.max(logits, axis=-1, keepdims=True).",
          lambda labels, logits: _minus_labels(_exp_normalised(logits - logits.max()), labels)),
)
# fmt: on


# The training step of a two-layer MLP dense → ReLU → dense → softmax: params, and a batch of 8 and of 1.
def mlp_loss(params: dict, X: np.ndarray, y: np.ndarray) -> float:
    """The batch-mean cross-entropy of the two-layer MLP dense → ReLU → dense → softmax."""
    logits = nn.dense(nn.relu(nn.dense(X, params["W1"], params["b1"])), params["W2"], params["b2"])
    return nn.sparse_categorical_crossentropy(y, logits, from_logits=True)


# fmt: off
STEP_PARAMS = {"W1": _RNG.standard_normal((2, 5)), "b1": 0.1 * _RNG.standard_normal(5),
               "W2": _RNG.standard_normal((5, 3)), "b2": 0.1 * _RNG.standard_normal(3)}
# fmt: on
STEP_CASES = tuple(
    Case(f"train_step(params, X, y, learning_rate=0.3) for a batch of {len(y)}", (STEP_PARAMS, X, y, 0.3))
    for X, y in (
        (_RNG.standard_normal((8, 2)), np.array([0, 1, 2, 1, 0, 2, 2, 1])),
        (_RNG.standard_normal((1, 2)), np.array([2])),
        (_RNG.standard_normal((5, 2)), np.array([1, 1, 0, 2, 0])),
    )
)


def _stepped(params, X, y, learning_rate, derivative=nn.relu_derivative):
    """The MLP's parameters after one step of gradient descent, with the hidden layer's ``derivative``."""
    z1 = nn.dense(X, params["W1"], params["b1"])
    dlogits = nn.softmax_crossentropy_backward(y, nn.dense(nn.relu(z1), params["W2"], params["b2"]))
    dz1 = dlogits @ params["W2"].T * derivative(z1)
    grads = {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": nn.relu(z1).T @ dlogits, "b2": dlogits.sum(axis=0)}
    return {name: params[name] - learning_rate * grads[name] for name in params}


# fmt: off
STEP_MISTAKES = (
    Known("uphill", "Your step moves uphill: the parameters moved along the gradient instead of against it.",
          "Gradient descent subtracts: params[name] - learning_rate * grads[name].",
          lambda params, X, y, rate: (_stepped(params, X, y, -rate), mlp_loss(params, X, y))),
    Known("not averaged", "Your step is n times too large: you forgot to average over the batch in the gradient of "
          "the loss.",
          "The loss is a batch mean: dlogits = (softmax(logits) - one_hot) / n, as softmax_crossentropy_backward "
          "gives.", lambda params, X, y, rate: (_stepped(params, X, y, rate * len(y)), mlp_loss(params, X, y))),
    Known("relu skipped", "You skipped the ReLU in the backward pass: dh went straight to the first layer.",
          "Backpropagate through the activation: dz1 = relu_backward(dh, z1), zero where z1 <= 0.",
          lambda params, X, y, rate: (_stepped(params, X, y, rate, np.ones_like), mlp_loss(params, X, y))),
    Known("loss after", "You returned the loss after the update; return the loss of the forward pass, before the step.",
          "Compute the loss in the forward pass and return that value, as Keras reports it.",
          lambda params, X, y, rate: (_stepped(params, X, y, rate), mlp_loss(_stepped(params, X, y, rate), X, y))),
    Known("loss summed", "You returned the sum of the losses over the batch, not the mean.",
          "sparse_categorical_crossentropy already averages over the batch: return it as it is.",
          lambda params, X, y, rate: (_stepped(params, X, y, rate), len(y) * mlp_loss(params, X, y))),
)
# fmt: on


# The training loop with early stopping, on a scripted sequence of validation losses.


@dataclass(frozen=True)
class LoopCase:
    """Arguments of train on rows 0 … n − 1, the scripted validation loss after each epoch (0: before training), and
    (epochs run, epoch of the parameters returned or None, the mistake) for the mistakes that stop elsewhere."""

    n: int
    batch_size: int
    epochs: int
    patience: int
    val_losses: tuple[float, ...]
    named_stops: tuple = ()
    learning_rate: float = 0.25


# fmt: off
SHUFFLED = Known("shuffled",
    "Your loop shuffles the examples; this exercise takes them in order.",
    "Go through X in order, X[start:start + batch_size] for start in range(0, len(X), batch_size): the comparison "
    "with model.fit(shuffle=False) below needs the same batches in the same order.")
DROPPED_LAST_BATCH = Known("dropped last batch",
    "With {n} examples in batches of {batch_size}, your loop skips the last, smaller batch.",
    "range(0, len(X), batch_size) keeps the last batch, X[start:start + batch_size] with fewer rows.")
EMPTY_LAST_BATCH = Known("empty last batch",
    "With {n} examples in batches of {batch_size}, your loop passes step an empty batch at the end of each epoch.",
    "Let range(0, len(X), batch_size) give the starts: len(X) // batch_size + 1 batches is one too many when "
    "batch_size divides len(X), as 32 divides the 800 training objects.")
Y_NOT_SLICED = Known("y not sliced",
    "Your loop passes step every label, y, with each batch of rows of X.",
    "Slice y as X: step(params, X[start:start + batch_size], y[start:start + batch_size], learning_rate).")
PARAMS_NOT_UPDATED = Known("params not updated",
    "Your loop does not pass step the parameters the step before returned.",
    "Carry the parameters from step to step: params, loss = step(params, X_batch, y_batch, learning_rate).")
EPOCHS_IGNORED = Known("epochs ignored",
    "Training ran {epochs_run} epochs, more than epochs={epochs}: your loop does not stop at the number of epochs.",
    "Loop for epoch in range(epochs), and break earlier only when patience runs out.")
ON_TRAINING_SET = Known("on training set",
    "Your loop measures the validation loss on the training set, evaluate(params, X, y).",
    "Early stopping watches the validation set: evaluate(params, X_val, y_val) after each epoch.")
NEVER_STOPS = Known("never stops",
    "Training ran all {epochs} epochs: it never stopped early, though the validation loss stopped improving.",
    "Count the epochs since the validation loss last improved, and break when the count reaches patience.")
NOT_RESET = Known("not reset",
    "Training stopped after epoch {epochs_run}: your count of epochs without improvement is not reset when the "
    "validation loss improves.",
    "Reset the count to 0 at every improvement, add 1 otherwise, and break when it reaches patience.")
TIE = Known("tie",
    "Your loop takes a validation loss equal to the best so far for an improvement.",
    "Only a lower loss is an improvement: compare with <, not <=, as keras.callbacks.EarlyStopping does.")
VS_PREVIOUS = Known("vs previous",
    "Your loop compares each validation loss with the previous epoch's, not with the best so far: training stopped at "
    "epoch {epochs_run}.", "Keep the best validation loss so far; an epoch improves only when it goes below that best.")
LAST_EPOCH_NOT_RECORDED = Known("last epoch not recorded",
    "Your loop ran {ran} epochs but history holds {recorded}: the epoch that stops training is not recorded.",
    "Append the epoch's losses to history before the early-stopping test and its break.")
LAST_BATCH_LOSS = Known("last batch loss",
    "history['loss'] holds the loss of each epoch's last batch, not the mean over the epoch.",
    "Collect the batch losses of the epoch in a list and append their mean.")
LAST_PARAMS = Known("last params",
    "You return the parameters of the last epoch, not those of the best validation loss.",
    "When the validation loss improves, keep the parameters: best_params = params; return best_params.")
TRAIN_MISTAKES = (SHUFFLED, DROPPED_LAST_BATCH, EMPTY_LAST_BATCH, Y_NOT_SLICED, PARAMS_NOT_UPDATED,  # the batches
                  EPOCHS_IGNORED, ON_TRAINING_SET, NEVER_STOPS, NOT_RESET, TIE, VS_PREVIOUS,  # the early stopping
                  LAST_EPOCH_NOT_RECORDED, LAST_BATCH_LOSS, LAST_PARAMS)  # what it returns
# fmt: on
# Best at epoch 6, equalled at 7 (no improvement), better than the epoch before at 9: training stops after
# epoch 9 with patience 3. A tie taken for an improvement stops at 10 with the parameters of epoch 7; a count
# never reset stops at 7; comparing with the previous epoch, at 12. 5 examples in batches of 2 make two full
# batches and a last one of 1. Then 4 examples in batches of 2, always improving: the number of epochs stops it.
STOPS = ((10, 7, TIE), (7, None, NOT_RESET), (12, None, VS_PREVIOUS))
LOOP_CASES = (
    LoopCase(5, 2, 20, 3, (9.0, 5.0, 5.5, 5.2, 4.0, 3.0, 2.9, 2.9, 3.1, 3.0, 3.2, 3.3, 3.4, 2.0), named_stops=STOPS),
    LoopCase(4, 2, 3, 3, (9.0, 3.0, 2.0, 1.0, 0.5, 0.25)),
)
MAX_STEPS = 500  # a loop that ignores `epochs` is stopped here


@dataclass
class _Run:
    """What a training loop did: (rows of X, rows of y, rate, steps the params had taken) for each call of step,
    whether each call of evaluate was given the validation set, and what it returned."""

    batches: int  # the batches of an epoch, as the reference takes them
    steps: list = field(default_factory=list)
    on_validation: list = field(default_factory=list)
    best_params: Any = None
    history: Any = None

    def epoch_of(self, params) -> float | None:
        """The epochs fake parameters have trained for, by the steps they took; None for other values."""
        try:
            return float(params["steps"]) / self.batches
        except (TypeError, KeyError, IndexError, ValueError):
            return None


def _run(train, case: LoopCase, record: _Run) -> None:
    """``train`` on a fake training whose params count the steps, each step's loss being 10 − 0.1 · steps, and
    each epoch's validation loss scripted; ``record`` fills in as it runs."""
    X_val = np.full((3, 1), -1.0)

    def step(params, X, y, learning_rate):
        if len(record.steps) >= MAX_STEPS:
            raise RuntimeError(f"the check stops a loop after {MAX_STEPS} steps")
        steps = int(params["steps"])
        record.steps.append((np.ravel(X).astype(int).tolist(), np.ravel(y).astype(int).tolist(), learning_rate, steps))
        return {"steps": np.array(steps + 1.0)}, 10.0 - 0.1 * steps

    def evaluate(params, X, y):
        record.on_validation.append(bool(np.array_equal(X, X_val)))
        epoch = sum(record.on_validation)
        return case.val_losses[min(epoch, len(case.val_losses) - 1)] if record.on_validation[-1] else 10 - 0.3 * epoch

    arguments = (step, evaluate, {"steps": np.array(0.0)}, np.arange(case.n, dtype=float)[:, None], np.arange(case.n))
    arguments += (X_val, np.zeros(3, dtype=int), case.learning_rate, case.batch_size, case.epochs)
    names = ("step", "evaluate", "params", "X", "y", "X_val", "y_val")
    result = call(train, *arguments, patience=case.patience, names=names)
    record.best_params, record.history = returned(result, 2, "train(...)", "best_params, history")


def _check_batches(run: _Run, epoch: list[list[int]], case: LoopCase) -> None:
    """Every epoch passes step the batches of the reference's epoch, in order, with y sliced as X and the rate."""
    details = {"n": case.n, "batch_size": case.batch_size}
    if any(taken != number or rate != case.learning_rate for number, (*_, rate, taken) in enumerate(run.steps)):
        raise PARAMS_NOT_UPDATED()
    rows = [x_rows for x_rows, *_ in run.steps]
    if [] in rows:
        raise EMPTY_LAST_BATCH(**details)
    if len(epoch[-1]) < case.batch_size and rows[: len(epoch)] == epoch[:-1] + epoch[:1]:
        raise DROPPED_LAST_BATCH(**details)
    for start in range(0, len(rows), len(epoch)):
        if (batches := rows[start : start + len(epoch)]) != epoch:
            if sorted(sum(batches, [])) == list(range(case.n)):
                raise SHUFFLED()
            raise Mistake(
                f"Epoch {start // len(epoch) + 1} passed step the rows {batches}; with {case.n} examples in batches "
                f"of {case.batch_size}, every epoch takes the rows {epoch}, in order.",
                "Slice X[start:start + batch_size] for start in range(0, len(X), batch_size).",
            )
    if any(y_rows != x_rows for x_rows, y_rows, *_ in run.steps):
        raise Y_NOT_SLICED()


def _history(history) -> tuple[np.ndarray, np.ndarray]:
    """history['loss'] and history['val_loss'] as arrays of numbers, one per epoch each."""
    if not isinstance(history, dict) or not {"loss", "val_loss"} <= set(history):
        raise Mistake(
            f"history should be a dictionary with the lists 'loss' and 'val_loss', but it is {describe(history)}.",
            'Start with history = {"loss": [], "val_loss": []} and append one number to each after every epoch.',
        )
    losses, val_losses = (as_array(history[key], f"history[{key!r}]") for key in ("loss", "val_loss"))
    if losses.shape != val_losses.shape or losses.ndim != 1:
        raise Mistake(f"history['loss'] has shape {losses.shape} and history['val_loss'] {val_losses.shape}.")
    return losses, val_losses


def _check_stop(run: _Run, ours: _Run, case: LoopCase) -> None:
    """Training stops after as many epochs as the reference's: `patience` after the best, or after `epochs`."""
    epochs_run, stop = len(run.history["val_loss"]), len(ours.history["val_loss"])
    details = {"epochs": case.epochs, "epochs_run": epochs_run}
    if epochs_run != stop and epochs_run >= case.epochs:
        raise (EPOCHS_IGNORED if epochs_run > case.epochs else NEVER_STOPS)(**details)
    for run_for, best, known in case.named_stops:
        if epochs_run == run_for and best in (None, run.epoch_of(run.best_params)):
            raise known(**details)
    if epochs_run != stop:
        raise Mistake(
            f"Training stopped after epoch {epochs_run}; the validation loss was best at epoch "
            f"{ours.epoch_of(ours.best_params):g}, so with patience={case.patience} it should stop after epoch {stop}.",
            NOT_RESET.hint,
        )


def check_train(train, reference) -> None:
    """The reference's batches, history, stop and best parameters, on every scripted training."""
    for case in LOOP_CASES:
        ours = _Run(batches=1)
        _run(reference, case, ours)
        ours.batches = len(ours.steps) // len(ours.history["val_loss"])
        run = _Run(ours.batches)
        try:
            _run(train, case, run)
        except LearnerError:
            if len(run.steps) >= MAX_STEPS:
                raise EPOCHS_IGNORED(epochs=case.epochs, epochs_run=len(run.on_validation)) from None
            raise
        _check_batches(run, [rows for rows, *_ in ours.steps[: ours.batches]], case)
        losses, val_losses = _history(run.history)
        if len(val_losses) != (ran := len(run.steps) // ours.batches):
            raise LAST_EPOCH_NOT_RECORDED(ran=ran, recorded=len(val_losses))
        if not any(run.on_validation):
            raise ON_TRAINING_SET()
        _check_stop(run, ours, case)
        compare(val_losses, ours.history["val_loss"], "history['val_loss']", "Append evaluate(params, X_val, y_val).")
        batch_losses = np.array([10.0 - 0.1 * taken for *_, taken in run.steps]).reshape(len(losses), -1)
        sizes = np.array([len(rows) for rows, *_ in run.steps[: ours.batches]])
        if np.allclose(losses, batch_losses[:, -1]) and not np.allclose(losses, ours.history["loss"]):
            raise LAST_BATCH_LOSS()
        if not np.allclose(losses, batch_losses @ sizes / sizes.sum()):  # the mean weighted by batch size, as Keras's
            compare(losses, ours.history["loss"], "history['loss']", "Append the mean of the epoch's batch losses.")
        epoch, best = run.epoch_of(run.best_params), ours.epoch_of(ours.best_params)
        if epoch != best and epoch == len(val_losses):
            raise LAST_PARAMS()
        if epoch != best:
            raise Mistake(
                f"The parameters returned are those after epoch {epoch}; the lowest validation loss came after "
                f"epoch {best:g}.",
                "When the validation loss improves, keep the parameters: best_params = params.",
            )


# fmt: off
EXERCISES = [
    Exercise("05.sigmoid_backward", "sigmoid_backward", SIGMOID_CASES, SIGMOID_MISTAKES, ("dout", "x"),
             hint="The chain rule: dout * s * (1 - s), with s = sigmoid(x), value by value."),
    Exercise("05.dense_backward", "dense_backward", DENSE_CASES, DENSE_MISTAKES, ("dout", "x", "W"), ("dx", "dW", "db"),
             hint="dx = dout @ W.T, dW = x.T @ dout, db = dout.sum(axis=0)."),
    Exercise("05.softmax_crossentropy_backward", "softmax_crossentropy_backward", CE_CASES, CE_MISTAKES,
             ("labels", "logits"), hint="(p - y) / n, with p the softmax of each row and y the one-hot labels."),
    Exercise("05.train_step", "train_step", STEP_CASES, STEP_MISTAKES, ("params", "X", "y"), ("new_params", "loss"),
             hint="Each new parameter is params[name] - learning_rate * grads[name]; the loss is the forward pass's."),
    Exercise("05.train", "train", mistakes=TRAIN_MISTAKES, check=check_train),
]
# fmt: on
