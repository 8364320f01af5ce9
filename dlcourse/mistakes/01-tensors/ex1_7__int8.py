# Exercise 1.7: int8 has negative numbers but stops at 127: bright pixels wrap around to negative values.
def center_pixels(pixels):
    channel_mean = pixels.mean(axis=(0, 1, 2))
    centred = pixels.astype(np.int8) - channel_mean
    return tf.constant(centred / 255, dtype=tf.float32)
