# Exercise 7.1: forgets the epochs: returns the updates and sample visits of one epoch.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        per_epoch = n_samples // batch_size
        return per_epoch, per_epoch, per_epoch * batch_size
    per_epoch = math.ceil(n_samples / batch_size)
    return per_epoch, per_epoch, n_samples
