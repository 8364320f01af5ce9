# Exercise 3.5: returns the network's total, one int, instead of one count per layer.
def dense_param_counts(layer_sizes, use_bias=True):
    return sum(n_in * n_out + (n_out if use_bias else 0)
               for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
