# Exercise 4.5: x e^(beta x) / (1 + e^(beta x)) is inf / inf = nan for large x.
def swish(x, beta=1.0):
    e = tf.exp(beta * x)
    return x * e / (1.0 + e)
