# Exercise 7.6: makes a single batch gradient descent step on all samples, ignoring batch_size.
def sgd_epoch(w, b, x, y, batch_size, learning_rate, order):
    errors = x @ w + b - y
    w = w - learning_rate * 2.0 * (x.T @ errors) / len(y)
    b = b - learning_rate * 2.0 * np.sum(errors) / len(y)
    return w, b
