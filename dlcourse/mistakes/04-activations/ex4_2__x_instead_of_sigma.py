# Exercise 4.2: sigma(x) * (1 - x): the second factor must use sigma(x) too, not x.
def sigmoid_derivative(x):
    s = 1.0 / (1.0 + tf.exp(-x))
    return s * (1.0 - x)
