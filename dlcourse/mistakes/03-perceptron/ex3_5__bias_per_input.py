# Exercise 3.5: gives each layer one bias per input instead of one per unit.
def dense_param_counts(layer_sizes, use_bias=True):
    return [n_in * n_out + (n_in if use_bias else 0)
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)]
