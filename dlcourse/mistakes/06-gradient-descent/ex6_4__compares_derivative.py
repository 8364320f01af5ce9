# Exercise 6.4: stops when the derivative, not the step size, is below min_step_size.
def fit_intercept(x, y, slope, learning_rate=0.1, intercept=0.0, min_step_size=0.001, max_steps=1000):
    n_steps = 0
    while n_steps < max_steps:
        derivative = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x)))
        intercept = intercept - derivative * learning_rate
        n_steps += 1
        if abs(derivative) < min_step_size:
            break
    return float(intercept), n_steps
