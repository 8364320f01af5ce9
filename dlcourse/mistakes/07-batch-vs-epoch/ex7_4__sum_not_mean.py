# Exercise 7.4: sums the samples' gradients over the batch instead of averaging them.
def mse_gradients(x, y, w, b):
    errors = x @ w + b - y
    return 2.0 * (x.T @ errors), 2.0 * np.sum(errors)
