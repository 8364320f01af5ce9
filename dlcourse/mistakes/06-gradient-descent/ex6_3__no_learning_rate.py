# Exercise 6.3: steps by the whole derivative, forgetting the learning rate.
def gradient_descent_step(intercept, slope, x, y, learning_rate):
    step_size = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x)))
    return intercept - step_size, step_size
