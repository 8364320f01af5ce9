# Exercise 4.3: feeds each layer's weighted sums z to the next layer, skipping the activation.
def dead_unit_share(x, kernels, biases, negative_slope=0.0):
    h = x
    shares = []
    for kernel, bias in zip(kernels, biases, strict=True):
        z = h @ kernel + bias
        shares.append(tf.reduce_mean(tf.cast(tf.reduce_all(z <= 0, axis=0), tf.float32)))
        h = z
    return tf.stack(shares)
