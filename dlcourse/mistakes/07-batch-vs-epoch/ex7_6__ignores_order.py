# Exercise 7.6: cuts batches from the stored order 0, 1, 2, ... and ignores the order it was given.
def sgd_epoch(w, b, x, y, batch_size, learning_rate, order):
    for start in range(0, len(y), batch_size):
        xb, yb = x[start:start + batch_size], y[start:start + batch_size]
        errors = xb @ w + b - yb
        w = w - learning_rate * 2.0 * (xb.T @ errors) / len(yb)
        b = b - learning_rate * 2.0 * np.sum(errors) / len(yb)
    return w, b
