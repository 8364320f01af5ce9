# Exercise 1.7: tf.reduce_mean of a uint8 tensor is a uint8 too: the mean is rounded down to a whole number.
def center_pixels(pixels):
    x = tf.constant(pixels)
    channel_mean = tf.reduce_mean(x, axis=(0, 1, 2))
    return (tf.cast(x, tf.float32) - tf.cast(channel_mean, tf.float32)) / 255.0
