# Exercise 3.2: measures the error against the weighted sum z instead of the perceptron's 0/1 output.
def perceptron_update(w, b, x, y, lr):
    error = y - (w @ x + b)
    return w + lr * error * x, b + lr * error
