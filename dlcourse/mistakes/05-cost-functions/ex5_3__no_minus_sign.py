# Exercise 5.3: forgets the minus sign, so the loss is negative and training would push the wrong way.
def binary_cross_entropy(y_true, y_pred):
    p = tf.clip_by_value(y_pred, 1e-7, 1.0 - 1e-7)
    return tf.reduce_mean(y_true * tf.math.log(p) + (1.0 - y_true) * tf.math.log(1.0 - p))
