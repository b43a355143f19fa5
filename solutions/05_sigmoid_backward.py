from dl101.nn import sigmoid


def sigmoid_backward(dout, x):
    """The gradient of the loss with respect to x, given dout, its gradient with respect to sigmoid(x)."""
    s = sigmoid(x)  # the stable sigmoid: no overflow for x = ±1000
    return dout * s * (1 - s)
