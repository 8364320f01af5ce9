# Exercise 3.2: error = output - label, the wrong way round, so every update moves away from the right answer.
def perceptron_update(w, b, x, y, lr):
    error = (1 if w @ x + b > 0 else 0) - y
    return w + lr * error * x, b + lr * error
