# Exercise 1.6: the right permutation, but np.transpose gives a NumPy array, not a tensor.
def change_layout(t, source, target):
    return np.transpose(np.asarray(t), [source.index(axis) for axis in target])
