# Exercise 7.3: stops the range at n_samples - batch_size, so the last batch, full or partial, is lost.
def batch_bounds(n_samples, batch_size, drop_remainder=False):
    return [(start, start + batch_size) for start in range(0, n_samples - batch_size, batch_size)]
