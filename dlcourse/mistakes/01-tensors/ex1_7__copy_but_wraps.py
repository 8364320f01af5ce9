# Exercise 1.7: works on a copy now, but still subtracts in uint8, which wraps around below 0.
def center_pixels(pixels):
    channel_mean = pixels.mean(axis=(0, 1, 2))
    centred = pixels - channel_mean.astype(np.uint8)
    return tf.constant(centred / 255, dtype=tf.float32)
