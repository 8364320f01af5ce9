# Exercise 5.2: computes with NumPy's default float64 and returns float64 tensors.
def mse_mae_gradients(y_true, y_pred):
    error = np.asarray(y_pred, dtype=np.float64) - np.asarray(y_true, dtype=np.float64)
    return tf.constant(2.0 * error / error.size), tf.constant(np.sign(error) / error.size)
