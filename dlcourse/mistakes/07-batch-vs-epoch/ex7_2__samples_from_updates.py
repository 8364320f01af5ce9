# Exercise 7.2: counts every batch as full: samples_seen = updates * batch_size overcounts the partial batch.
def training_totals(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        updates = (n_samples // batch_size) * epochs
    else:
        updates = math.ceil(n_samples / batch_size) * epochs
    return updates, updates * batch_size
