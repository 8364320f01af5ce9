# Exercise 5.2: takes the square root of the MSE (that is the RMSE).
def mse_and_mae(y_true, y_pred):
    error = y_true - y_pred
    return tf.sqrt(tf.reduce_mean(tf.square(error))), tf.reduce_mean(tf.abs(error))
