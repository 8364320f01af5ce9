# Exercise 1.1: returns TensorFlow's own objects (a rank tensor, a TensorShape) instead of Python values.
def describe(t):
    return tf.rank(t), t.shape, tf.size(t)
