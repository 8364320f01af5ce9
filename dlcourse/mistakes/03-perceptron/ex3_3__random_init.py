# Exercise 3.3: starts from random weights instead of zeros.
def train_perceptron(X, y, epochs, lr=1.0):
    w = np.random.normal(size=X.shape[1])
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - (1 if w @ x_i + b > 0 else 0)
            w = w + lr * error * x_i
            b = b + lr * error
    return w, b
