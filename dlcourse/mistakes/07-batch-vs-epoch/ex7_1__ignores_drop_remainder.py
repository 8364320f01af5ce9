# Exercise 7.1: always keeps the partial batch, whatever drop_remainder says.
def iterations_per_epoch(n_samples, batch_size, drop_remainder=False):
    return math.ceil(n_samples / batch_size)
