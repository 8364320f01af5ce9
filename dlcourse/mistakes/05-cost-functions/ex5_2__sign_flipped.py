# Exercise 5.2: forgets the inner derivative -1 of (y - a), so both derivatives point the wrong way.
def mse_mae_gradients(y_true, y_pred):
    error = y_true - y_pred
    n_values = tf.cast(tf.size(y_pred), tf.float32)
    return 2.0 * error / n_values, tf.sign(error) / n_values
