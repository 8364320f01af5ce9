# Exercise 5.2: adds the derivatives up into one number per loss instead of one per prediction.
def mse_mae_gradients(y_true, y_pred):
    error = y_pred - y_true
    n_values = tf.cast(tf.size(y_pred), tf.float32)
    return tf.reduce_sum(2.0 * error / n_values), tf.reduce_sum(tf.sign(error) / n_values)
