# Exercise 7.5: shuffles once before the loop, so every epoch repeats the same order.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    order = np.random.default_rng(seed).permutation(n_samples)
    return [[order[s:s + batch_size] for s in range(0, n_samples, batch_size)] for _ in range(epochs)]
