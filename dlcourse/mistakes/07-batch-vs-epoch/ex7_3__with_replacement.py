# Exercise 7.3: draws each batch with replacement, so a batch can hold a sample twice.
def gradient_noise(sample_gradients, batch_size, n_draws, seed):
    rng = np.random.default_rng(seed)
    n = len(sample_gradients)
    means = [np.mean(sample_gradients[rng.choice(n, size=batch_size)]) for _ in range(n_draws)]
    return float(np.std(means))
