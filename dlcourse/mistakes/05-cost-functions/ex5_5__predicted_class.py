# Exercise 5.5: uses the probability of the predicted (largest) class instead of the true one.
def sparse_categorical_cross_entropy(labels, y_pred):
    p = tf.clip_by_value(tf.reduce_max(y_pred, axis=-1), 1e-7, 1.0 - 1e-7)
    return -tf.reduce_mean(tf.math.log(p))
