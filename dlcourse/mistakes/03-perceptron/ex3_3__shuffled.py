# Exercise 3.3: visits the examples in a random order, not the order given.
def train_perceptron(X, y, epochs, lr=1.0):
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        for i in np.random.permutation(len(X)):
            error = y[i] - (1 if w @ X[i] + b > 0 else 0)
            w = w + lr * error * X[i]
            b = b + lr * error
    return w, b
