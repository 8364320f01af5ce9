# Exercise 7.5: never shuffles: every epoch uses the samples in their stored order.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    order = np.arange(n_samples)
    return [[order[s:s + batch_size] for s in range(0, n_samples, batch_size)] for _ in range(epochs)]
