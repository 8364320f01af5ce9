# Exercise 3.2: updates the caller's weight array in place instead of building a new one.
def perceptron_update(w, b, x, y, lr):
    error = y - (1 if w @ x + b > 0 else 0)
    w += lr * error * x
    return w, b + lr * error
