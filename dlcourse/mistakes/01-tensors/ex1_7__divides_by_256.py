# Exercise 1.7: divides by 256, the number of values, not by 255, the largest value.
def pixels_to_float32(pixels):
    return tf.cast(pixels, tf.float32) / 256.0
