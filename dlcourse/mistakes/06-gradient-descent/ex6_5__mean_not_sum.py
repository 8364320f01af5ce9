# Exercise 6.5: differentiates the mean squared error instead of the sum.
def ssr_gradient(intercept, slope, x, y):
    residuals = y - (intercept + slope * x)
    return -2.0 * tf.reduce_mean(residuals), -2.0 * tf.reduce_mean(x * residuals)
