# Exercise 7.2: always keeps the partial batch, whatever drop_remainder says.
def training_totals(n_samples, batch_size, epochs, drop_remainder=False):
    return math.ceil(n_samples / batch_size) * epochs, n_samples * epochs
