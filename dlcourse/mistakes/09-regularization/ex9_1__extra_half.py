# Exercise 9.1: uses the textbook's factor/2 * sum(w^2); Keras's L2 has no 1/2.
def l2_penalty(w, factor):
    return 0.5 * factor * tf.reduce_sum(tf.square(w))
