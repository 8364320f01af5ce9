# Exercise 4.7: counts all the 1s in the table instead of checking every row holds exactly one.
def output_activation(targets):
    y = np.asarray(targets)
    if not np.all((y == 0) | (y == 1)):
        return "linear"
    if y.shape[1] == 1:
        return "sigmoid"
    return "softmax" if y.sum() == len(y) else "sigmoid"
