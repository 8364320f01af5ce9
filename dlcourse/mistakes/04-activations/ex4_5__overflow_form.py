# Exercise 4.5: writes sigma' as e^-bx / (1 + e^-bx)^2, which is inf / inf = nan for large negative x.
def swish_derivative(x, beta=1.0):
    e = tf.exp(-beta * x)
    return 1.0 / (1.0 + e) + beta * x * e / (1.0 + e) ** 2
