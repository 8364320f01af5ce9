# Exercise 3.2: updates the weights but forgets the bias.
def perceptron_update(w, b, x, y, lr):
    error = y - (1 if w @ x + b > 0 else 0)
    return w + lr * error * x, b
