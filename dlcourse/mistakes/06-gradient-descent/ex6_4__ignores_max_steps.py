# Exercise 6.4: only the step-size rule: max_steps is ignored.
def fit_intercept(x, y, slope, learning_rate=0.1, intercept=0.0, min_step_size=0.001, max_steps=1000):
    n_steps = 0
    while True:
        step_size = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x))) * learning_rate
        intercept = intercept - step_size
        n_steps += 1
        if abs(step_size) < min_step_size or n_steps >= 10_000:
            break
    return float(intercept), n_steps
