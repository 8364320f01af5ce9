# Exercise 9.1: averages the squared weights instead of adding them up.
def l2_penalty(w, factor):
    return factor * tf.reduce_mean(tf.square(w))
