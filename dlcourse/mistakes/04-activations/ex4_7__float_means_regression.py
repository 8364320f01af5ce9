# Exercise 4.7: decides by the dtype, so float targets of 0.0 and 1.0 count as regression.
def output_activation(targets):
    y = np.asarray(targets)
    if np.issubdtype(y.dtype, np.floating):
        return "linear"
    if y.shape[1] == 1:
        return "sigmoid"
    return "softmax" if np.all(y.sum(axis=1) == 1) else "sigmoid"
