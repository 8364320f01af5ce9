# Exercise 1.2: W with one row per unit, so x @ W no longer fits.
def init_dense_params(n_inputs, n_units):
    W = tf.Variable(tf.random.normal((n_units, n_inputs), stddev=0.05))
    b = tf.Variable(tf.zeros((n_units,)))
    return W, b
