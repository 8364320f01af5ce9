# Exercise 3.4: the step fires at exactly 0 (>= instead of >).
def two_layer_output(X, W1, b1, W2, b2):
    hidden = (X @ W1 + b1 >= 0).astype(int)
    return (hidden @ W2 + b2 >= 0).astype(int)
