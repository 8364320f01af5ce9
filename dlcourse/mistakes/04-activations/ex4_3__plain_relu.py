# Exercise 4.3: sets negative inputs to 0, as a plain ReLU does.
def leaky_relu(x, negative_slope=0.1):
    return tf.maximum(x, 0.0)
