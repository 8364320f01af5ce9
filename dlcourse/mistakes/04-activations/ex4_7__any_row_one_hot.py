# Exercise 4.7: softmax as soon as some row holds exactly one 1, instead of every row.
def output_activation(targets):
    y = np.asarray(targets)
    if not np.all((y == 0) | (y == 1)):
        return "linear"
    if y.shape[1] == 1:
        return "sigmoid"
    return "softmax" if np.any(y.sum(axis=1) == 1) else "sigmoid"
