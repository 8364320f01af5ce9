# Exercise 7.3: drops the partial last batch even when drop_remainder is False.
def batch_bounds(n_samples, batch_size, drop_remainder=False):
    return [(start, start + batch_size) for start in range(0, n_samples - batch_size + 1, batch_size)]
