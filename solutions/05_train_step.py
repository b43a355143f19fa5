from dl101.nn import (
    dense,
    dense_backward,
    relu,
    relu_backward,
    softmax_crossentropy_backward,
    sparse_categorical_crossentropy,
)


def train_step(params, X, y, learning_rate):
    """One step of gradient descent on a mini-batch: the new parameters, and the batch's loss before the step."""
    # forward pass
    z1 = dense(X, params["W1"], params["b1"])
    h = relu(z1)
    logits = dense(h, params["W2"], params["b2"])
    loss = sparse_categorical_crossentropy(y, logits, from_logits=True)
    # backward pass: from the loss back to every parameter
    dlogits = softmax_crossentropy_backward(y, logits)
    dh, dW2, db2 = dense_backward(dlogits, h, params["W2"])
    dz1 = relu_backward(dh, z1)
    _, dW1, db1 = dense_backward(dz1, X, params["W1"])
    # update: a new dictionary, so the caller's parameters stay as they were
    grads = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
    new_params = {name: params[name] - learning_rate * grads[name] for name in params}
    return new_params, loss
