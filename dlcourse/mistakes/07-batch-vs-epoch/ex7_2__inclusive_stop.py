# Exercise 7.2: treats the slice's stop as included, so every batch is one sample short.
def epoch_batches(x, y, batch_size):
    return [(x[start:start + batch_size - 1], y[start:start + batch_size - 1])
            for start in range(0, len(x), batch_size)]
