# Exercise 6.2: multiplies each term by x, which gives the derivative with respect to the slope.
def d_ssr_d_intercept(intercept, slope, x, y):
    return -2.0 * tf.reduce_sum(x * (y - (intercept + slope * x)))
