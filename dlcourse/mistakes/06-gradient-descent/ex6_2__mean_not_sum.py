# Exercise 6.2: differentiates the mean of the squared residuals, not their sum.
def d_ssr_d_intercept(intercept, slope, x, y):
    return -2.0 * tf.reduce_mean(y - (intercept + slope * x))
