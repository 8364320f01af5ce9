# Exercise 7.1: rounds up once over the whole run, as if the epochs shared one partial batch.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        per_epoch = n_samples // batch_size
        return per_epoch, per_epoch * epochs, per_epoch * batch_size * epochs
    return math.ceil(n_samples / batch_size), math.ceil(n_samples * epochs / batch_size), n_samples * epochs
