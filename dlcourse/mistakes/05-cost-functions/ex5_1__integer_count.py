# Exercise 5.1: divides by an int32 count from tf.shape, which TensorFlow refuses to mix with float32.
def quadratic_cost(y_true, y_pred):
    n = tf.shape(y_true)[0]
    return tf.reduce_sum(tf.square(y_true - y_pred)) / (2 * n)
