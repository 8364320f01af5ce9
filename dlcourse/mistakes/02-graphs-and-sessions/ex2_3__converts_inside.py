# Exercise 2.3: converts the learning rate to a tensor inside step, after the call has already been traced for it.
def make_step(w0):
    w = tf.Variable(w0)
    steps = tf.Variable(0)

    @tf.function
    def step(grad, learning_rate):
        learning_rate = tf.convert_to_tensor(learning_rate, dtype=tf.float32)
        steps.assign_add(1)
        w.assign_sub(learning_rate * grad)
        return w.read_value(), steps.read_value()

    return step
