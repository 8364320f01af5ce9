# Exercise 2.3: a float64 spec for the learning rate (Python floats are 64-bit), which cannot multiply a float32 grad.
def make_step(w0):
    w = tf.Variable(w0)
    steps = tf.Variable(0)

    @tf.function(input_signature=[tf.TensorSpec(shape=(None,), dtype=tf.float32),
                                  tf.TensorSpec(shape=(), dtype=tf.float64)])
    def step(grad, learning_rate):
        steps.assign_add(1)
        w.assign_sub(learning_rate * grad)
        return w.read_value(), steps.read_value()

    return step
