# Exercise 9.1: takes the length ||w|| (with a square root) instead of the squared length.
def l2_penalty(w, factor):
    return factor * tf.norm(w)
