# Exercise 5.4: no clipping: a probability of exactly 0 gives inf (true class) or nan (any other class).
def categorical_cross_entropy(y_true, y_pred):
    return tf.reduce_mean(-tf.reduce_sum(y_true * tf.math.log(y_pred), axis=-1))
