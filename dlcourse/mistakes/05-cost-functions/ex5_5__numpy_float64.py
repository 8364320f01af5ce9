# Exercise 5.5: NumPy fancy indexing in float64, returned as a float64 tensor.
def sparse_categorical_cross_entropy(labels, y_pred):
    p = np.asarray(y_pred, dtype=np.float64)
    rows = np.arange(len(p))
    return tf.constant(np.mean(-np.log(np.clip(p[rows, np.asarray(labels)], 1e-7, 1 - 1e-7))))
