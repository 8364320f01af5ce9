# Exercise 6.7: returns minus the gradient (the direction to step in), not the gradient.
def gradient_with_tape(loss_fn, intercept, slope):
    b, s = tf.Variable(intercept), tf.Variable(slope)
    with tf.GradientTape() as tape:
        loss = loss_fn(b, s)
    d_intercept, d_slope = tape.gradient(loss, [b, s], unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return -d_intercept, -d_slope
