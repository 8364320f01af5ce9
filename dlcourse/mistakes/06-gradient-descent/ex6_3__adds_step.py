# Exercise 6.3: adds the step size instead of subtracting it, so the step goes uphill.
def gradient_descent_step(intercept, slope, x, y, learning_rate):
    step_size = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x))) * learning_rate
    return intercept + step_size, step_size
