# Exercise 1.7: subtracts in float32 now, but the mean is still cut to a whole number by astype(np.uint8).
def center_pixels(pixels):
    channel_mean = pixels.mean(axis=(0, 1, 2))
    centred = pixels.astype(np.float32) - channel_mean.astype(np.uint8)
    return tf.constant(centred / 255, dtype=tf.float32)
