# Exercise 6.6: counts from 1 and tests the count after increasing it, so it reports one step too many.
def fit_line(x, y, learning_rate, intercept=0.0, slope=1.0, min_step_size=0.001, max_steps=1000):
    n_steps = 1
    while n_steps <= max_steps:
        residuals = y - (intercept + slope * x)
        step_intercept = float(-2.0 * tf.reduce_sum(residuals)) * learning_rate
        step_slope = float(-2.0 * tf.reduce_sum(x * residuals)) * learning_rate
        intercept, slope = intercept - step_intercept, slope - step_slope
        n_steps += 1
        if abs(step_intercept) < min_step_size and abs(step_slope) < min_step_size:
            break
    return float(intercept), float(slope), n_steps
