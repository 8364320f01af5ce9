# Exercise 7.1: adds a batch for the left-overs even when the division comes out even (off by one).
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        per_epoch = n_samples // batch_size
        return per_epoch, per_epoch * epochs, per_epoch * batch_size * epochs
    per_epoch = n_samples // batch_size + 1
    return per_epoch, per_epoch * epochs, n_samples * epochs
