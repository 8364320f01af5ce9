# Exercise 4.5: forgets the chain rule's factor beta in the second term: s + x s (1 - s).
def swish_derivative(x, beta=1.0):
    s = tf.math.sigmoid(beta * x)
    return s + x * s * (1.0 - s)
