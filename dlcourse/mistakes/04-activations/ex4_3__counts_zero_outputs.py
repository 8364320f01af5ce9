# Exercise 4.3: counts units whose output is 0 on every example, which under leaky ReLU misses silent units.
def dead_unit_share(x, kernels, biases, negative_slope=0.0):
    h = x
    shares = []
    for kernel, bias in zip(kernels, biases, strict=True):
        z = h @ kernel + bias
        h = tf.where(z >= 0, z, negative_slope * z)
        shares.append(tf.reduce_mean(tf.cast(tf.reduce_all(h == 0, axis=0), tf.float32)))
    return tf.stack(shares)
