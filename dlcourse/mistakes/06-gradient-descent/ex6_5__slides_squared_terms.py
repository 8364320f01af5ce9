# Exercise 6.5: copies the slides' slope derivative, which squares the residuals of every point but the first.
def ssr_gradient(intercept, slope, x, y):
    residuals = y - (intercept + slope * x)
    powers = tf.concat([[1.0], tf.fill([tf.size(x) - 1], 2.0)], axis=0)
    return -2.0 * tf.reduce_sum(residuals), -2.0 * tf.reduce_sum(x * residuals ** powers)
