# Exercise 1.2: tf.constant cannot be trained; weights must be variables.
def init_dense_params(n_inputs, n_units):
    W = tf.random.normal((n_inputs, n_units), stddev=0.05)
    b = tf.zeros((n_units,))
    return W, b
