# Exercise 6.4: checks the step size before taking the step, so the last, small step is never taken.
def fit_intercept(x, y, slope, learning_rate=0.1, intercept=0.0, min_step_size=0.001, max_steps=1000):
    n_steps = 0
    while n_steps < max_steps:
        step_size = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x))) * learning_rate
        if abs(step_size) < min_step_size:
            break
        intercept = intercept - step_size
        n_steps += 1
    return float(intercept), n_steps
