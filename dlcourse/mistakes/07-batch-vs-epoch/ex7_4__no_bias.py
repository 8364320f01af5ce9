# Exercise 7.4: leaves the bias out of the prediction.
def mse_gradients(x, y, w, b):
    errors = x @ w - y
    return 2.0 * (x.T @ errors) / len(y), 2.0 * np.sum(errors) / len(y)
