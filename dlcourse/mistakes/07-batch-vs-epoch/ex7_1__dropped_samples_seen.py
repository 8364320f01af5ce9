# Exercise 7.1: with drop_remainder, still counts the dropped samples as seen.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    per_epoch = n_samples // batch_size if drop_remainder else math.ceil(n_samples / batch_size)
    return per_epoch, per_epoch * epochs, n_samples * epochs
