# Exercise 6.5: returns (d_slope, d_intercept), the wrong way round.
def ssr_gradient(intercept, slope, x, y):
    residuals = y - (intercept + slope * x)
    return -2.0 * tf.reduce_sum(x * residuals), -2.0 * tf.reduce_sum(residuals)
