# Exercise 4.1: e^x / (1 + e^x) is inf / inf = nan once e^x overflows (x above about 88.7).
def sigmoid(x):
    e = tf.exp(x)
    return e / (1.0 + e)
