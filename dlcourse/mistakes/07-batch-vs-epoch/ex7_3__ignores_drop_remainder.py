# Exercise 7.3: always keeps the partial batch, whatever drop_remainder says.
def batch_bounds(n_samples, batch_size, drop_remainder=False):
    return [(start, min(start + batch_size, n_samples)) for start in range(0, n_samples, batch_size)]
