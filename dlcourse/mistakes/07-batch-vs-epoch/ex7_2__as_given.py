# Exercise 7.2: hands in the colleague's code unchanged: the full-sized last batch repeats or loses samples.
def epoch_batches(x, y, batch_size):
    n_batches = len(x) // batch_size + 1
    batches = []
    for k in range(n_batches):
        start = min(k * batch_size, len(x) - batch_size)
        batches.append((x[start:start + batch_size], y[start:start + batch_size]))
    return batches
