# Exercise 3.1: uses |b| as the threshold, right for a negative bias but wrong for a positive one.
def perceptron_output(X, w, b):
    threshold = abs(b)
    return (X @ w > threshold).astype(int)
