# Exercise 7.6: computes every batch's gradient at the starting weights, then applies them all.
def sgd_epoch(w, b, x, y, batch_size, learning_rate, order):
    new_w, new_b = w, b
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        errors = x[rows] @ w + b - y[rows]
        new_w = new_w - learning_rate * 2.0 * (x[rows].T @ errors) / len(rows)
        new_b = new_b - learning_rate * 2.0 * np.sum(errors) / len(rows)
    return new_w, new_b
