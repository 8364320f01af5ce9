# Exercise 7.6: forgets the factor 2 of the mean squared error's gradient.
def sgd_epoch(w, b, x, y, batch_size, learning_rate, order):
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        errors = x[rows] @ w + b - y[rows]
        w = w - learning_rate * (x[rows].T @ errors) / len(rows)
        b = b - learning_rate * np.sum(errors) / len(rows)
    return w, b
