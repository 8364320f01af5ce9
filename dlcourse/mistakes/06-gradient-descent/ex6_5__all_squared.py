# Exercise 6.5: squares every residual in the slope derivative.
def ssr_gradient(intercept, slope, x, y):
    residuals = y - (intercept + slope * x)
    return -2.0 * tf.reduce_sum(residuals), -2.0 * tf.reduce_sum(x * tf.square(residuals))
