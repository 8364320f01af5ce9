# Exercise 4.7: ReLU for regression, which cuts off every negative target.
def output_activation(targets):
    y = np.asarray(targets)
    if not np.all((y == 0) | (y == 1)):
        return "relu"
    if y.shape[1] == 1:
        return "sigmoid"
    return "softmax" if np.all(y.sum(axis=1) == 1) else "sigmoid"
