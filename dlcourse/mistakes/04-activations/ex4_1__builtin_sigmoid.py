# Exercise 4.1: calls TensorFlow's built-in sigmoid instead of building it from tf.exp.
def sigmoid(x):
    return tf.math.sigmoid(x)
