# Exercise 5.2: divides by the number of examples (rows) instead of N, the number of values.
def mse_mae_gradients(y_true, y_pred):
    error = y_pred - y_true
    n_examples = tf.cast(tf.shape(y_pred)[0], tf.float32)
    return 2.0 * error / n_examples, tf.sign(error) / n_examples
