# Exercise 5.2: returns (mae, mse) instead of (mse, mae).
def mse_and_mae(y_true, y_pred):
    error = y_true - y_pred
    return tf.reduce_mean(tf.abs(error)), tf.reduce_mean(tf.square(error))
