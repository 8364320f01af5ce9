# Exercise 5.1: sums down the examples (axis 0) and averages over the outputs: divides by 2k instead of 2n.
def quadratic_cost(y_true, y_pred):
    return tf.reduce_mean(tf.reduce_sum(tf.square(y_true - y_pred), axis=0)) / 2.0
