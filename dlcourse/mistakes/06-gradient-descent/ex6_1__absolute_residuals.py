# Exercise 6.1: sums absolute residuals instead of squared ones.
def ssr(intercept, slope, x, y):
    return tf.reduce_sum(tf.abs(y - (intercept + slope * x)))
