# Exercise 7.1: rounds down, so the partial last batch is never counted.
def iterations_per_epoch(n_samples, batch_size, drop_remainder=False):
    return n_samples // batch_size
