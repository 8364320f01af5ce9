# Exercise 3.5: counts the weights only, forgetting one bias per unit, even when use_bias is true.
def dense_param_counts(layer_sizes, use_bias=True):
    return [n_in * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)]
