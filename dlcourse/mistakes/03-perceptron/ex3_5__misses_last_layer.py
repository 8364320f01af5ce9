# Exercise 3.5: off by one, the loop stops before the last layer.
def count_mlp_params(layer_sizes):
    total = 0
    for i in range(len(layer_sizes) - 2):
        total += layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1]
    return total
