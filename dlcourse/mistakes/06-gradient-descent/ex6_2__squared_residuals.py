# Exercise 6.2: keeps the residuals squared after differentiating, the slip the slides make in the slope derivative.
def d_ssr_d_intercept(intercept, slope, x, y):
    return -2.0 * tf.reduce_sum(tf.square(y - (intercept + slope * x)))
