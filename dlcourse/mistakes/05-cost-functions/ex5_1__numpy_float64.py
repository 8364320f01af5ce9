# Exercise 5.1: computes in NumPy's default float64 and returns a float64 tensor.
def quadratic_cost(y_true, y_pred):
    y, a = np.asarray(y_true, dtype=np.float64), np.asarray(y_pred, dtype=np.float64)
    return tf.constant(np.sum((y - a) ** 2) / (2 * len(y)))
