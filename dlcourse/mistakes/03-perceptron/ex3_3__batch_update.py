# Exercise 3.3: updates once per epoch from all the errors, instead of after each example.
def train_perceptron(X, y, epochs, lr=1.0):
    w = np.zeros(X.shape[1])
    b = 0.0
    for _ in range(epochs):
        errors = y - (X @ w + b > 0).astype(int)
        w = w + lr * errors @ X
        b = b + lr * errors.sum()
    return w, b
