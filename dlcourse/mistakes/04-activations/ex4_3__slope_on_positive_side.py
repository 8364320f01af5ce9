# Exercise 4.3: scales the positive inputs instead of the negative ones.
def leaky_relu(x, negative_slope=0.1):
    return tf.where(x > 0, negative_slope * x, x)
