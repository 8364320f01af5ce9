# Exercise 7.1: counts the sample visits as updates times the batch size, as if every batch were full.
def training_counts(n_samples, batch_size, epochs, drop_remainder=False):
    per_epoch = n_samples // batch_size if drop_remainder else math.ceil(n_samples / batch_size)
    return per_epoch, per_epoch * epochs, per_epoch * epochs * batch_size
