# Exercise 5.5: treats the labels as counting from 1, so it picks the class before the true one.
def sparse_categorical_cross_entropy(labels, y_pred):
    k = tf.shape(y_pred)[-1]
    p = tf.gather(y_pred, (labels - 1) % k, batch_dims=1)
    return -tf.reduce_mean(tf.math.log(tf.clip_by_value(p, 1e-7, 1.0 - 1e-7)))
