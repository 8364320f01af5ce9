# Exercise 3.5: gives each layer one bias per input instead of one per unit.
def count_mlp_params(layer_sizes):
    return sum(n_in * n_out + n_in for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
