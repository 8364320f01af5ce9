# Exercise 7.6: divides by batch_size even for the partial last batch, whose mean is over fewer samples.
def sgd_epoch(w, b, x, y, batch_size, learning_rate, order):
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        errors = x[rows] @ w + b - y[rows]
        w = w - learning_rate * 2.0 * (x[rows].T @ errors) / batch_size
        b = b - learning_rate * 2.0 * np.sum(errors) / batch_size
    return w, b
