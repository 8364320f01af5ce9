# Exercise 3.3: never uses the learning rate (always steps by a whole x).
def train_perceptron(X, y, epochs, lr=1.0):
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y, strict=True):
            error = y_i - (1 if w @ x_i + b > 0 else 0)
            w = w + error * x_i
            b = b + error
    return w, b
