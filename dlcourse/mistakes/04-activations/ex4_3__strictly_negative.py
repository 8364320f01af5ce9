# Exercise 4.3: counts a unit as dead only if z < 0 everywhere, missing units whose z is exactly 0.
def dead_unit_share(x, kernels, biases, negative_slope=0.0):
    h = x
    shares = []
    for kernel, bias in zip(kernels, biases, strict=True):
        z = h @ kernel + bias
        shares.append(tf.reduce_mean(tf.cast(tf.reduce_all(z < 0, axis=0), tf.float32)))
        h = tf.where(z >= 0, z, negative_slope * z)
    return tf.stack(shares)
