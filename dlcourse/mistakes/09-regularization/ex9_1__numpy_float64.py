# Exercise 9.1: computes the step in NumPy's float64 and returns a float64 tensor.
def l2_gradient_step(w, data_gradient, factor, learning_rate):
    w, g = np.asarray(w, dtype=np.float64), np.asarray(data_gradient, dtype=np.float64)
    return tf.constant((1.0 - 2.0 * learning_rate * factor) * w - learning_rate * g)
