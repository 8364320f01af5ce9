# Exercise 4.7: softmax for a single 0/1 column, where it would always output 1.
def output_activation(targets):
    y = np.asarray(targets)
    if not np.all((y == 0) | (y == 1)):
        return "linear"
    if np.all(y.sum(axis=1) == 1) or y.shape[1] == 1:
        return "softmax"
    return "sigmoid"
