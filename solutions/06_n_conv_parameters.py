# conv2: 32 filters, each with 3 × 3 × 16 weights (it spans the 16 input channels) and one bias.
n_conv_parameters = 32 * (3 * 3 * 16 + 1)
