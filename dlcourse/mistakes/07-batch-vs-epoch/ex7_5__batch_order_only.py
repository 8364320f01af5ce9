# Exercise 7.5: shuffles the samples once, then only the order of the batches: every epoch has the same batches.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    rng = np.random.default_rng(seed)
    order = rng.permutation(n_samples)
    batches = [order[s:s + batch_size] for s in range(0, n_samples, batch_size)]
    return [[batches[k] for k in rng.permutation(len(batches))] for _ in range(epochs)]
