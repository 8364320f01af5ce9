# Exercise 3.5: gives each layer a single bias, as if b were one number for the whole layer.
def dense_param_counts(layer_sizes, use_bias=True):
    return [n_in * n_out + (1 if use_bias else 0)
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True)]
