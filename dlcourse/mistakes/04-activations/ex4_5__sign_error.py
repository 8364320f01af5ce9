# Exercise 4.5: subtracts the second term of the product rule instead of adding it.
def swish_derivative(x, beta=1.0):
    s = tf.math.sigmoid(beta * x)
    return s - beta * x * s * (1.0 - s)
