# Exercise 4.7: looks at the first row only to tell one-hot from multi-hot.
def output_activation(targets):
    y = np.asarray(targets)
    if not np.all((y == 0) | (y == 1)):
        return "linear"
    if y.shape[1] == 1:
        return "sigmoid"
    return "softmax" if y[0].sum() == 1 else "sigmoid"
