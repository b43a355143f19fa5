"""Typical wrong answers to notebook 05's exercises, each with a piece of the hint it must get."""

import numpy as np

from dl101.nn import dense, relu, sigmoid, sparse_categorical_crossentropy


def _sigmoid_derivative_only(dout, x):
    s = sigmoid(x)
    return s * (1 - s)


def _sigmoid_formula_on_x(dout, x):
    return dout * x * (1 - x)


def _sigmoid_times_sigmoid(dout, x):
    return dout * sigmoid(x)


def _sigmoid_wrong_sign(dout, x):
    s = sigmoid(x)
    return -dout * s * (1 - s)


def _sigmoid_tanh_derivative(dout, x):
    return dout * (1 - np.tanh(x) ** 2)


def _sigmoid_averaged(dout, x):
    s = sigmoid(x)
    return dout * s * (1 - s) / len(x)


def _sigmoid_overflowing(dout, x):
    return dout * np.exp(-x) / (1 + np.exp(-x)) ** 2


def _dense_dW_transposed(dout, x, W):
    return dout @ W.T, dout.T @ x, dout.sum(axis=0)


def _dense_averaged(dout, x, W):
    return dout @ W.T, x.T @ dout / len(x), dout.mean(axis=0)


def _dense_db_not_summed(dout, x, W):
    return dout @ W.T, x.T @ dout, dout


def _dense_dx_transposed(dout, x, W):
    return W @ dout.T, x.T @ dout, dout.sum(axis=0)


def _dense_dx_without_transpose(dout, x, W):
    return dout @ W, x.T @ dout, dout.sum(axis=0)


def _dense_wrong_order(dout, x, W):
    return x.T @ dout, dout @ W.T, dout.sum(axis=0)


def _dense_wrong_sign(dout, x, W):
    return dout @ W.T, -(x.T @ dout), dout.sum(axis=0)


def _probabilities(logits):
    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def _ce_not_averaged(labels, logits):
    return _probabilities(logits) - np.eye(logits.shape[1])[labels]


def _ce_wrong_sign(labels, logits):
    return (np.eye(logits.shape[1])[labels] - _probabilities(logits)) / len(labels)


def _ce_without_softmax(labels, logits):
    return (logits - np.eye(logits.shape[1])[labels]) / len(labels)


def _ce_without_labels(labels, logits):
    return _probabilities(logits) / len(labels)


def _ce_divided_by_classes(labels, logits):
    return (_probabilities(logits) - np.eye(logits.shape[1])[labels]) / logits.shape[1]


def _ce_naive_softmax(labels, logits):
    p = np.exp(logits) / np.sum(np.exp(logits), axis=-1, keepdims=True)
    return (p - np.eye(logits.shape[1])[labels]) / len(labels)


def _step(params, X, y, learning_rate, sign=-1.0, average=True, hidden_derivative=None, in_place=False):
    """One step of the two-layer MLP, with a switch for each typical mistake."""
    z1 = dense(X, params["W1"], params["b1"])
    h = relu(z1)
    logits = dense(h, params["W2"], params["b2"])
    loss = sparse_categorical_crossentropy(y, logits, from_logits=True)
    dlogits = _probabilities(logits) - np.eye(logits.shape[1])[y]
    if average:
        dlogits = dlogits / len(y)
    derivative = (z1 > 0).astype(float) if hidden_derivative is None else hidden_derivative(z1)
    dz1 = dlogits @ params["W2"].T * derivative
    grads = {"W1": X.T @ dz1, "b1": dz1.sum(axis=0), "W2": h.T @ dlogits, "b2": dlogits.sum(axis=0)}
    if in_place:
        for name in params:
            params[name] -= learning_rate * grads[name]
        return params, loss
    return {name: params[name] + sign * learning_rate * grads[name] for name in params}, loss


def _step_uphill(params, X, y, learning_rate):
    return _step(params, X, y, learning_rate, sign=+1.0)


def _step_not_averaged(params, X, y, learning_rate):
    return _step(params, X, y, learning_rate, average=False)


def _step_sigmoid_derivative(params, X, y, learning_rate):
    return _step(params, X, y, learning_rate, hidden_derivative=lambda z: sigmoid(z) * (1 - sigmoid(z)))


def _step_skipping_relu(params, X, y, learning_rate):
    return _step(params, X, y, learning_rate, hidden_derivative=np.ones_like)


def _step_in_place(params, X, y, learning_rate):
    return _step(params, X, y, learning_rate, in_place=True)


def _step_ignoring_learning_rate(params, X, y, learning_rate):
    return _step(params, X, y, 1.0)


def _step_loss_after(params, X, y, learning_rate):
    new_params, _ = _step(params, X, y, learning_rate)
    return new_params, _step(new_params, X, y, 0.0)[1]


def _train(step, evaluate, params, X, y, X_val, y_val, learning_rate=0.1, batch_size=32, epochs=100, patience=5, **how):
    """A training loop with early stopping, with a switch for each typical mistake."""
    history = {"loss": [], "val_loss": []}
    best_params, best, waited = params, np.inf, 0
    starts = range(0, len(X) - batch_size + 1, batch_size) if how.get("drop_last") else range(0, len(X), batch_size)
    for _ in range(epochs):
        losses = []
        for start in starts:
            params, loss = step(params, X[start : start + batch_size], y[start : start + batch_size], learning_rate)
            losses.append(loss)
        val_loss = evaluate(params, X, y) if how.get("watch_training") else evaluate(params, X_val, y_val)
        history["loss"].append(losses[-1] if how.get("last_batch_loss") else float(np.mean(losses)))
        history["val_loss"].append(val_loss)
        if val_loss < best:
            best_params, best = params, val_loss
            if not how.get("no_reset"):
                waited = 0
        else:
            waited += 1
            if not how.get("never_stop") and waited >= patience + how.get("late", 0):
                break
    return (params if how.get("last_params") else best_params), history


def _train_never_stopping(*args, **kwargs):
    return _train(*args, **kwargs, never_stop=True)


def _train_watching_training_loss(*args, **kwargs):
    return _train(*args, **kwargs, watch_training=True)


def _train_not_resetting(*args, **kwargs):
    return _train(*args, **kwargs, no_reset=True)


def _train_one_late(*args, **kwargs):
    return _train(*args, **kwargs, late=1)


def _train_returning_last_params(*args, **kwargs):
    return _train(*args, **kwargs, last_params=True)


def _train_dropping_last_batch(*args, **kwargs):
    return _train(*args, **kwargs, drop_last=True)


def _train_last_batch_loss(*args, **kwargs):
    return _train(*args, **kwargs, last_batch_loss=True)


TYPICAL_MISTAKES = {
    "05.sigmoid_backward": [
        (_sigmoid_derivative_only, "multiplies it by dout"),
        (_sigmoid_formula_on_x, "to x itself"),
        (_sigmoid_times_sigmoid, "not σ(x)"),
        (_sigmoid_wrong_sign, "wrong sign"),
        (_sigmoid_tanh_derivative, "wrong activation"),
        (_sigmoid_averaged, "divided by the batch size"),
        (_sigmoid_overflowing, "overflows"),
    ],
    "05.dense_backward": [
        (_dense_dW_transposed, "dW looks transposed"),
        (_dense_averaged, "divided by the batch size"),
        (_dense_db_not_summed, "not summed over the batch"),
        (_dense_dx_transposed, "dx looks transposed"),
        (_dense_dx_without_transpose, "dx = dout @ W.T"),
        (_dense_wrong_order, "dW first"),
        (_dense_wrong_sign, "wrong sign"),
    ],
    "05.softmax_crossentropy_backward": [
        (_ce_not_averaged, "forgot to average over the batch"),
        (_ce_wrong_sign, "wrong sign"),
        (_ce_without_softmax, "softmax is missing"),
        (_ce_without_labels, "subtract the one-hot labels"),
        (_ce_divided_by_classes, "number of classes"),
        (_ce_naive_softmax, "stable softmax"),
    ],
    "05.train_step": [
        (_step_uphill, "uphill"),
        (_step_not_averaged, "forgot to average over the batch"),
        (_step_sigmoid_derivative, "wrong activation"),
        (_step_skipping_relu, "skipped the ReLU"),
        (_step_in_place, "in place"),
        (_step_ignoring_learning_rate, "learning_rate"),
        (_step_loss_after, "after the update"),
    ],
    "05.train": [
        (_train_never_stopping, "never stopped early"),
        (_train_watching_training_loss, "not the training loss"),
        (_train_not_resetting, "not reset"),
        (_train_one_late, "one epoch too late"),
        (_train_returning_last_params, "last epoch"),
        (_train_dropping_last_batch, "skips the last batch"),
        (_train_last_batch_loss, "last batch"),
    ],
}
