# Exercise 4.2: 1 - sigma^2 is the pattern of tanh's derivative, not the sigmoid's.
def sigmoid_derivative(x):
    s = 1.0 / (1.0 + tf.exp(-x))
    return 1.0 - s**2
