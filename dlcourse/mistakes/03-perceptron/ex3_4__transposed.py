# Exercise 3.4: multiplies in the wrong order, W1 @ X, which does not fit the shapes.
def two_layer_output(X, W1, b1, W2, b2):
    hidden = (W1 @ X + b1 > 0).astype(int)
    return (W2 @ hidden + b2 > 0).astype(int)
