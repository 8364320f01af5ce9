# Exercise 9.4: returns a TensorFlow tensor, not a Python float.
def share_near_zero(weights, threshold):
    flat = tf.concat([tf.reshape(tf.abs(w), [-1]) for w in weights], axis=0)
    return tf.reduce_mean(tf.cast(flat < threshold, tf.float32))
