# Exercise 1.6: the permutation is inverted: where each source axis goes, not which axis each output position takes.
def change_layout(t, source, target):
    perm = [target.index(axis) for axis in source]
    return tf.transpose(t, perm=perm)
