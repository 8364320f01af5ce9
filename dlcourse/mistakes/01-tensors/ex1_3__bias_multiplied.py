# Exercise 1.3: multiplies by the bias instead of adding it.
def dense(x, W, b):
    return tf.matmul(x, W) * b
