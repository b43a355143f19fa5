import numpy as np


def conv2d_single(image, kernel, bias):
    """One filter slid over one channel: "valid" padding, stride 1, as tf.nn.conv2d (no flip), plus a bias."""
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel) + bias
    return out
