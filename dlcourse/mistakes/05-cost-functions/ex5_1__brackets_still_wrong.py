# Exercise 5.1: fixes the axis but keeps "/ 2 * n", which multiplies by n instead of dividing by it.
def quadratic_cost(y_true, y_pred):
    squared_lengths = tf.reduce_sum(tf.square(y_true - y_pred), axis=1)
    n = len(squared_lengths)
    return tf.reduce_sum(squared_lengths) / 2 * n
