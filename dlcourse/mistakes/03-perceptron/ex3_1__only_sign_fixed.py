# Exercise 3.1: fixes the threshold's sign but keeps >=, so reaching the threshold (z = 0) still fires.
def perceptron_output(X, w, b):
    threshold = -b
    return (X @ w >= threshold).astype(int)
