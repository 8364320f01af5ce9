# Exercise 4.1: uses each form on the side where it overflows: e^x / (1 + e^x) for x >= 0, 1 / (1 + e^-x) for x < 0.
def sigmoid(x):
    return tf.where(x >= 0, tf.exp(x) / (1.0 + tf.exp(x)), 1.0 / (1.0 + tf.exp(-x)))
