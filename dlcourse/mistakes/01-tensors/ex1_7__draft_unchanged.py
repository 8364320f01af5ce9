# Exercise 1.7: the draft as given: it changes the caller's array in place, wraps around and rounds the mean.
def center_pixels(pixels):
    channel_mean = pixels.mean(axis=(0, 1, 2))
    pixels -= channel_mean.astype(np.uint8)
    return tf.constant(pixels / 255, dtype=tf.float32)
