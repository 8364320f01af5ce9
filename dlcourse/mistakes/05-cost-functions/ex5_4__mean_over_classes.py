# Exercise 5.4: reduce_mean over everything also divides by the number of classes.
def categorical_cross_entropy(y_true, y_pred):
    p = tf.clip_by_value(y_pred, 1e-7, 1.0 - 1e-7)
    return -tf.reduce_mean(y_true * tf.math.log(p))
