# Exercise 3.5: right number, but a NumPy integer instead of a Python int.
def count_mlp_params(layer_sizes):
    sizes = np.array(layer_sizes)
    return np.sum(sizes[:-1] * sizes[1:] + sizes[1:])
