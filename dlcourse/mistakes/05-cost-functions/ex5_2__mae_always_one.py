# Exercise 5.2: takes the derivative of |u| to be 1 everywhere, so the MAE's derivatives lose their sign.
def mse_mae_gradients(y_true, y_pred):
    error = y_pred - y_true
    n_values = tf.cast(tf.size(y_pred), tf.float32)
    return 2.0 * error / n_values, tf.ones_like(y_pred) / n_values
