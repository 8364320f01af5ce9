# Exercise 3.5: always adds the biases, even for use_bias=False.
def dense_param_counts(layer_sizes, use_bias=True):
    return [n_in * n_out + n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)]
