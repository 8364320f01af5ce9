# Exercise 1.6: the permutation of NHWC to NCHW, whatever the layouts asked for.
def change_layout(t, source, target):
    return tf.transpose(t, perm=[0, 3, 1, 2])
