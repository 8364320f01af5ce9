# Exercise 7.6: updates w in place with -=, which changes the caller's array.
def sgd_epoch(w, b, x, y, batch_size, learning_rate, order):
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        errors = x[rows] @ w + b - y[rows]
        w -= learning_rate * 2.0 * (x[rows].T @ errors) / len(rows)
        b = b - learning_rate * 2.0 * np.sum(errors) / len(rows)
    return w, b
