# Exercise 5.2: writes sign(u) as u / |u|, which is 0 / 0 = nan where a prediction equals its label.
def mse_mae_gradients(y_true, y_pred):
    error = y_pred - y_true
    n_values = tf.cast(tf.size(y_pred), tf.float32)
    return 2.0 * error / n_values, error / tf.abs(error) / n_values
