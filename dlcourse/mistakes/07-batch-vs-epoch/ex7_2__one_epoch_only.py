# Exercise 7.2: forgets to multiply the updates by the number of epochs.
def training_totals(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        return n_samples // batch_size, (n_samples // batch_size) * batch_size * epochs
    return math.ceil(n_samples / batch_size), n_samples * epochs
