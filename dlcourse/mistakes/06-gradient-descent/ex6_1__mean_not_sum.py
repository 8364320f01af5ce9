# Exercise 6.1: averages the squared residuals (the MSE) instead of adding them up.
def ssr(intercept, slope, x, y):
    return tf.reduce_mean(tf.square(y - (intercept + slope * x)))
