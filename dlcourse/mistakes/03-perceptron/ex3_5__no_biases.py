# Exercise 3.5: counts the weights only, forgetting one bias per unit.
def count_mlp_params(layer_sizes):
    return sum(n_in * n_out for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True))
