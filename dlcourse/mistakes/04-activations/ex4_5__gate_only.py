# Exercise 4.5: returns the gate sigmoid(beta x), the first term of the product rule only.
def swish_derivative(x, beta=1.0):
    return tf.math.sigmoid(beta * x)
