# Exercise 7.3: the last batch stops at start + batch_size, past the end of the data.
def batch_bounds(n_samples, batch_size, drop_remainder=False):
    bounds = [(start, start + batch_size) for start in range(0, n_samples, batch_size)]
    if drop_remainder and bounds[-1][1] > n_samples:
        bounds = bounds[:-1]
    return bounds
