# Exercise 4.5: returns swish itself, x * sigmoid(beta x), not its derivative.
def swish_derivative(x, beta=1.0):
    return x * tf.math.sigmoid(beta * x)
