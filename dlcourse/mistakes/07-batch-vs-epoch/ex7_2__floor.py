# Exercise 7.2: rounds the iterations of an epoch down, so partial batches make no update.
def training_totals(n_samples, batch_size, epochs, drop_remainder=False):
    full_batches = n_samples // batch_size
    if drop_remainder:
        return full_batches * epochs, full_batches * batch_size * epochs
    return full_batches * epochs, n_samples * epochs
