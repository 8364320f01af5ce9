# Exercise 3.5: off by one, the loop stops before the last layer.
def dense_param_counts(layer_sizes, use_bias=True):
    counts = []
    for i in range(len(layer_sizes) - 2):
        counts.append(layer_sizes[i] * layer_sizes[i + 1] + (layer_sizes[i + 1] if use_bias else 0))
    return counts
