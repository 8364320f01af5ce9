# Exercise 5.2: the MAE averages the signed errors, so errors of opposite signs cancel.
def mse_and_mae(y_true, y_pred):
    error = y_true - y_pred
    return tf.reduce_mean(tf.square(error)), tf.reduce_mean(error)
