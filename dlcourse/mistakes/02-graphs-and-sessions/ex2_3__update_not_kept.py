# Exercise 2.3: computes w - learning_rate * grad without assigning it, so every call starts again from w0.
def make_step(w0):
    w = tf.Variable(w0)
    steps = tf.Variable(0)

    @tf.function(input_signature=[tf.TensorSpec(shape=(None,), dtype=tf.float32),
                                  tf.TensorSpec(shape=(), dtype=tf.float32)])
    def step(grad, learning_rate):
        steps.assign_add(1)
        return w - learning_rate * grad, steps.read_value()

    return step
