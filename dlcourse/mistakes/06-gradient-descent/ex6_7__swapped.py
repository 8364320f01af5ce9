# Exercise 6.7: returns (d_slope, d_intercept), the wrong way round.
def gradient_with_tape(loss_fn, intercept, slope):
    b, s = tf.Variable(intercept), tf.Variable(slope)
    with tf.GradientTape() as tape:
        loss = loss_fn(b, s)
    d_intercept, d_slope = tape.gradient(loss, [b, s], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return d_slope, d_intercept
