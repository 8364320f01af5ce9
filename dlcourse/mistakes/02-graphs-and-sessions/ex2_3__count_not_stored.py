# Exercise 2.3: returns steps + 1 without assigning it, so the variable never changes and every call says 1.
def make_step(w0):
    w = tf.Variable(w0)
    steps = tf.Variable(0)

    @tf.function(input_signature=[tf.TensorSpec(shape=(None,), dtype=tf.float32),
                                  tf.TensorSpec(shape=(), dtype=tf.float32)])
    def step(grad, learning_rate):
        w.assign_sub(learning_rate * grad)
        return w.read_value(), steps + 1

    return step
