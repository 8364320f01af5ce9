# Exercise 7.5: np.array_split makes batches of nearly equal size (5, 4, 4) instead of full ones and one partial.
def shuffled_batches(n_samples, batch_size, epochs, seed):
    rng = np.random.default_rng(seed)
    n_batches = math.ceil(n_samples / batch_size)
    return [list(np.array_split(rng.permutation(n_samples), n_batches)) for _ in range(epochs)]
