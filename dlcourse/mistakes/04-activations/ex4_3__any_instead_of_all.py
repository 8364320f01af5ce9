# Exercise 4.3: counts units that are silent on some example (tf.reduce_any), not on every example.
def dead_unit_share(x, kernels, biases, negative_slope=0.0):
    h = x
    shares = []
    for kernel, bias in zip(kernels, biases, strict=True):
        z = h @ kernel + bias
        shares.append(tf.reduce_mean(tf.cast(tf.reduce_any(z <= 0, axis=0), tf.float32)))
        h = tf.where(z >= 0, z, negative_slope * z)
    return tf.stack(shares)
