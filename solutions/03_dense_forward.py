def dense_forward(x, W, b, activation):
    """A dense layer: the activation of the weighted sum x @ W + b, one row per example."""
    return activation(x @ W + b)
