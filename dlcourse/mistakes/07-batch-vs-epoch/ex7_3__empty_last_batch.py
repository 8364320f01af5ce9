# Exercise 7.3: range(0, n_samples + 1, ...) adds an empty batch (n, n) when the division comes out even.
def batch_bounds(n_samples, batch_size, drop_remainder=False):
    bounds = [(start, min(start + batch_size, n_samples)) for start in range(0, n_samples + 1, batch_size)]
    if drop_remainder:
        bounds = [(start, stop) for start, stop in bounds if stop - start == batch_size]
    return bounds
