# Exercise 3.5: right counts, but NumPy integers instead of Python ints.
def dense_param_counts(layer_sizes, use_bias=True):
    sizes = np.array(layer_sizes)
    return list(sizes[:-1] * sizes[1:] + (sizes[1:] if use_bias else 0))
