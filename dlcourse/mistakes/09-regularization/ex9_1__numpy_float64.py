# Exercise 9.1: computes in NumPy's float64 and returns a float64 tensor.
def l2_penalty(w, factor):
    values = np.asarray(w, dtype=np.float64)
    return tf.constant(factor * np.sum(values ** 2))
