# Exercise 4.1: clamps the branch for x < 0 only; the branch for x >= 0 still overflows where it is dropped.
def sigmoid(x):
    e_neg = tf.exp(tf.minimum(x, 0.0))
    return tf.where(x >= 0, 1.0 / (1.0 + tf.exp(-x)), e_neg / (1.0 + e_neg))
