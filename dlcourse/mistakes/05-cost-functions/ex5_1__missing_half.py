# Exercise 5.1: drops the 1/2 while fixing the division, so the cost is twice too large.
def quadratic_cost(y_true, y_pred):
    return tf.reduce_mean(tf.reduce_sum(tf.square(y_true - y_pred), axis=1))
