# Exercise 3.2: the step fires at z = 0, so an example sitting on the boundary is never corrected.
def perceptron_update(w, b, x, y, lr):
    error = y - (1 if w @ x + b >= 0 else 0)
    return w + lr * error * x, b + lr * error
