# The network 2 → 8 → 8 → 1: each layer has n_in × n_out weights and n_out biases.
n_parameters = (2 * 8 + 8) + (8 * 8 + 8) + (8 * 1 + 1)
