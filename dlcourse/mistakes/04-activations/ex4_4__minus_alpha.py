# Exercise 4.4: f(x) - alpha instead of f(x) + alpha for x < 0 (a sign error).
def elu_derivative(x, alpha=1.0):
    return tf.where(x >= 0, tf.ones_like(x), alpha * (tf.exp(x) - 1.0) - alpha)
