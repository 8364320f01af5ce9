# Exercise 6.2: drops the minus sign that comes from the inner derivative of y - (intercept + slope * x).
def d_ssr_d_intercept(intercept, slope, x, y):
    return 2.0 * tf.reduce_sum(y - (intercept + slope * x))
