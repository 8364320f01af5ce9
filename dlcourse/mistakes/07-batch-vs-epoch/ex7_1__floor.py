# Exercise 7.1: rounds down, so the partial last batch is never counted.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    per_epoch = n_samples // batch_size
    used = per_epoch * batch_size if drop_remainder else n_samples
    return per_epoch, per_epoch * epochs, used * epochs
