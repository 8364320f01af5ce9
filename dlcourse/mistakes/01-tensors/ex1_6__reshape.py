# Exercise 1.6: reshape gives the right shape but keeps the old element order.
def change_layout(t, source, target):
    return tf.reshape(t, [t.shape[source.index(axis)] for axis in target])
