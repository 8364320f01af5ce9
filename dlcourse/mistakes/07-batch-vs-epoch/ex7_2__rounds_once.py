# Exercise 7.2: rounds up once over the whole run instead of once per epoch.
def training_totals(n_samples, batch_size, epochs, drop_remainder=False):
    if drop_remainder:
        return (n_samples * epochs) // batch_size, (n_samples * epochs) // batch_size * batch_size
    return math.ceil(n_samples * epochs / batch_size), n_samples * epochs
