# Exercise 5.4: sums down the examples (axis 0) and averages over the classes.
def categorical_cross_entropy(y_true, y_pred):
    p = tf.clip_by_value(y_pred, 1e-7, 1.0 - 1e-7)
    return tf.reduce_mean(-tf.reduce_sum(y_true * tf.math.log(p), axis=0))
