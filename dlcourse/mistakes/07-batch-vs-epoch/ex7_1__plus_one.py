# Exercise 7.1: adds one batch for the remainder even when the division comes out even (off by one).
def iterations_per_epoch(n_samples, batch_size, drop_remainder=False):
    if drop_remainder:
        return n_samples // batch_size
    return n_samples // batch_size + 1
