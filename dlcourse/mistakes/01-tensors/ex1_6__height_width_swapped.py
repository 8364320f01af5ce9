# Exercise 1.6: the permutation also swaps height and width.
def to_channels_first(images):
    return tf.transpose(images, perm=[0, 3, 2, 1])
