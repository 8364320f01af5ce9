# Exercise 4.3: tf.nn.leaky_relu takes only a single number as its slope, so one slope per column fails.
def leaky_relu(x, negative_slope=0.1):
    return tf.nn.leaky_relu(x, alpha=negative_slope)
