def dense_backward(dout, x, W):
    """The gradients (dx, dW, db) of the dense layer x @ W + b, given dout, the gradient of its output."""
    dx = dout @ W.T  # (n, n_out) @ (n_out, n_in): the shape of x
    dW = x.T @ dout  # (n_in, n) @ (n, n_out): the shape of W, summed over the batch
    db = dout.sum(axis=0)  # one value per output, summed over the batch
    return dx, dW, db
