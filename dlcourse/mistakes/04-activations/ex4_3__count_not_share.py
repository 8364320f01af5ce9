# Exercise 4.3: returns the number of dead units per layer, not their share of the layer.
def dead_unit_share(x, kernels, biases, negative_slope=0.0):
    h = x
    counts = []
    for kernel, bias in zip(kernels, biases, strict=True):
        z = h @ kernel + bias
        counts.append(tf.reduce_sum(tf.cast(tf.reduce_all(z <= 0, axis=0), tf.float32)))
        h = tf.where(z >= 0, z, negative_slope * z)
    return tf.stack(counts)
