# Exercise 6.3: the derivative lacks its factor 2, so every step is half as long.
def gradient_descent_step(intercept, slope, x, y, learning_rate):
    step_size = float(-tf.reduce_sum(y - (intercept + slope * x))) * learning_rate
    return intercept - step_size, step_size
