def output_size(n, k, stride, padding):
    """The number of output pixels along one axis of length n, for a kernel of size k."""
    if padding == "same":
        return -(-n // stride)  # ⌈n / stride⌉, in integers
    return (n - k) // stride + 1
