# Exercise 7.1: np.ceil and np.floor return floats (22.0), not ints.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        per_epoch = np.floor(n_samples / batch_size)
        return per_epoch, per_epoch * epochs, per_epoch * batch_size * epochs
    per_epoch = np.ceil(n_samples / batch_size)
    return per_epoch, per_epoch * epochs, n_samples * epochs
