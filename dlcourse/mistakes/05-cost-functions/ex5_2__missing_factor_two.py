# Exercise 5.2: drops the factor 2 of the derivative of u^2.
def mse_mae_gradients(y_true, y_pred):
    error = y_pred - y_true
    n_values = tf.cast(tf.size(y_pred), tf.float32)
    return error / n_values, tf.sign(error) / n_values
