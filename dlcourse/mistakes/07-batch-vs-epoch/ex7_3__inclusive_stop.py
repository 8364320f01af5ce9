# Exercise 7.3: gives the last row of each batch instead of the slice's stop, so every batch misses a row.
def batch_bounds(n_samples, batch_size, drop_remainder=False):
    bounds = [(start, min(start + batch_size, n_samples) - 1) for start in range(0, n_samples, batch_size)]
    if drop_remainder and n_samples % batch_size:
        bounds = bounds[:-1]
    return bounds
