# Exercise 4.2: returns the sigmoid itself instead of its slope.
def sigmoid_derivative(x):
    return tf.math.sigmoid(x)
