# Exercise 9.1: sums along the first axis only, so a matrix gives one penalty per column.
def l2_penalty(w, factor):
    return factor * tf.reduce_sum(tf.square(w), axis=0)
