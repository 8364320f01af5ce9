# Exercise 6.6: moves the intercept first, then computes the slope's derivative at the new intercept.
def fit_line(x, y, learning_rate, intercept=0.0, slope=1.0, min_step_size=0.001, max_steps=1000):
    n_steps = 0
    while n_steps < max_steps:
        step_intercept = float(-2.0 * tf.reduce_sum(y - (intercept + slope * x))) * learning_rate
        intercept = intercept - step_intercept
        step_slope = float(-2.0 * tf.reduce_sum(x * (y - (intercept + slope * x)))) * learning_rate
        slope = slope - step_slope
        n_steps += 1
        if abs(step_intercept) < min_step_size and abs(step_slope) < min_step_size:
            break
    return float(intercept), float(slope), n_steps
