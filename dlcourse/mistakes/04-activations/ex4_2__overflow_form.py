# Exercise 4.2: e^-x / (1 + e^-x)^2 is inf / inf = nan for large negative x.
def sigmoid_derivative(x):
    e = tf.exp(-x)
    return e / (1.0 + e) ** 2
