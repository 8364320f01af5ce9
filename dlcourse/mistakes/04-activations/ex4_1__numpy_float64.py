# Exercise 4.1: computes in NumPy's default float64 (stably), so the tensor is float64, not float32.
def sigmoid(x):
    values = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(values))
    return tf.constant(np.where(values >= 0, 1.0 / (1.0 + e), e / (1.0 + e)))
