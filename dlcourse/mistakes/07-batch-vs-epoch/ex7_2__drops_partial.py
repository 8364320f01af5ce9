# Exercise 7.2: keeps only the full batches, so the samples left over are never used.
def epoch_batches(x, y, batch_size):
    batches = []
    for k in range(len(x) // batch_size):
        start = k * batch_size
        batches.append((x[start:start + batch_size], y[start:start + batch_size]))
    return batches
