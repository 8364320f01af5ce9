# Exercise 3.5: every layer reads the network's inputs, instead of the outputs of the layer before it.
def dense_param_counts(layer_sizes, use_bias=True):
    n_in = layer_sizes[0]
    return [n_in * units + (units if use_bias else 0) for units in layer_sizes[1:]]
