# Exercise 6.1: y - intercept + slope * x: without brackets the slope term gets the wrong sign.
def ssr(intercept, slope, x, y):
    return tf.reduce_sum(tf.square(y - intercept + slope * x))
