# Exercise 1.1: len(t) is the length of the first axis, not the number of axes (and fails on a scalar).
def describe(t):
    return len(t), tuple(t.shape), int(tf.size(t))
