# Exercise 3.1: returns the weighted sum z itself, without the step activation.
def perceptron_output(X, w, b):
    return X @ w + b
