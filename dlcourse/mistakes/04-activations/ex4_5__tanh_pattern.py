# Exercise 4.5: uses 1 - s^2 (tanh's pattern) for the sigmoid's derivative instead of s (1 - s).
def swish_derivative(x, beta=1.0):
    s = tf.math.sigmoid(beta * x)
    return s + beta * x * (1.0 - s * s)
