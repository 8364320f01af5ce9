# Exercise 4.1: missing brackets: 1 / 1 + e^-x is 1 + e^-x, not 1 / (1 + e^-x).
def sigmoid(x):
    return 1.0 / 1.0 + tf.exp(-x)
