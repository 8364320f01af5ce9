# Exercise 1.2: starts every weight at zero, so all units stay identical.
def init_dense_params(n_inputs, n_units):
    W = tf.Variable(tf.zeros((n_inputs, n_units)))
    b = tf.Variable(tf.zeros((n_units,)))
    return W, b
