# Exercise 3.3: never updates the bias, so every boundary must pass through the origin.
def train_perceptron(X, y, epochs, lr=1.0):
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - (1 if w @ x_i + b > 0 else 0)
            w = w + lr * error * x_i
    return w, b
