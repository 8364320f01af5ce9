# Exercise 5.2: sums the errors instead of averaging them.
def mse_and_mae(y_true, y_pred):
    error = y_true - y_pred
    return tf.reduce_sum(tf.square(error)), tf.reduce_sum(tf.abs(error))
