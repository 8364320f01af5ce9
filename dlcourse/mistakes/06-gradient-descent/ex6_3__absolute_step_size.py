# Exercise 6.3: returns the size of the step without its sign.
def gradient_descent_step(intercept, slope, x, y, learning_rate):
    step_size = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x))) * learning_rate
    return intercept - step_size, abs(step_size)
