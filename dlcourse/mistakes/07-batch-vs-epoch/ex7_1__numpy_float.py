# Exercise 7.1: np.ceil returns a float (22.0), not an int.
def iterations_per_epoch(n_samples, batch_size, drop_remainder=False):
    if drop_remainder:
        return np.floor(n_samples / batch_size)
    return np.ceil(n_samples / batch_size)
