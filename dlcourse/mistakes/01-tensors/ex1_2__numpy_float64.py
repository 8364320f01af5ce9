# Exercise 1.2: NumPy draws float64 values, so the variables are float64.
def init_dense_params(n_inputs, n_units):
    W = tf.Variable(np.random.normal(0.0, 0.05, size=(n_inputs, n_units)))
    b = tf.Variable(np.zeros(n_units))
    return W, b
