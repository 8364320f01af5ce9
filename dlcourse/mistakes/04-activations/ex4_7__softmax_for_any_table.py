# Exercise 4.7: chooses softmax for every table of 0s and 1s with several columns, multi-hot ones included.
def output_activation(targets):
    y = np.asarray(targets)
    if not np.all((y == 0) | (y == 1)):
        return "linear"
    return "sigmoid" if y.shape[1] == 1 else "softmax"
