# Exercise 4.1: e^x instead of e^-x, which gives sigmoid(-x): large inputs go to 0 instead of 1.
def sigmoid(x):
    return 1.0 / (1.0 + tf.exp(x))
